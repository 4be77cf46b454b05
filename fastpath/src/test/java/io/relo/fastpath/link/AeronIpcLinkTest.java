package io.relo.fastpath.link;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A pair of Aeron IPC links over a media driver this test thread runs itself (INVOKER mode), so that when the
 * driver updates each publisher's limit is decided here and nothing depends on scheduling.
 */
class AeronIpcLinkTest
{
    static final int TERM_LENGTH = 64 * 1024;

    private final File dir = new File("/dev/shm/relo-ipc-link-" + ProcessHandle.current().pid() + "-" +
        System.nanoTime());
    private final List<byte[]> received = new ArrayList<>();
    private MediaDriver driver;
    private Aeron aeron;
    private AgentInvoker driverInvoker;
    private FrameBuffer framesA;
    private FrameBuffer framesB;
    private AeronIpcLink a;
    private AeronIpcLink b;

    @BeforeEach
    void connect()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.INVOKER)
            .ipcTermBufferLength(TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .aeronDirectoryName(dir.getAbsolutePath()));
        driverInvoker = driver.sharedAgentInvoker();
        aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .useConductorAgentInvoker(true)
            .driverAgentInvoker(driverInvoker));
        framesA = new FrameBuffer(64);
        framesB = new FrameBuffer(64);
        a = new AeronIpcLink(1, 0xA, 0, aeron, "aeron:ipc", 10, 20, framesA);
        b = new AeronIpcLink(2, 0xB, 0, aeron, "aeron:ipc", 20, 10, framesB);
        for (int i = 0; i < 10_000 && !(a.isConnected() && b.isConnected()); i++)
        {
            invoke();
        }
        assertTrue(a.isConnected() && b.isConnected(), "links connect");
    }

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(a, b, aeron, driver);
        if (dir.exists())
        {
            IoUtil.delete(dir, true);
        }
        assertFalse(dir.exists());
    }

    private void invoke()
    {
        driverInvoker.invoke();
        aeron.conductorAgentInvoker().invoke();
    }

    private void onFrame(final Link link, final int offset, final int length)
    {
        assertEquals(2, link.id(), "frames from A arrive on B's link");
        final byte[] bytes = new byte[length];
        framesB.buffer().getBytes(offset, bytes);
        received.add(bytes);
    }

    @Test
    void shouldSendAcrossTermRotationsWithoutRefusingAFrame()
    {
        // 1000-byte frames take 1056 bytes of log each: 300 of them rotate the 64 KiB terms four times, and each
        // rotation answers one offer with ADMIN_ACTION
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1000]);
        final int frames = 300;
        for (int i = 0; i < frames; i++)
        {
            frame.putInt(0, i);
            frame.putInt(996, ~i);
            if (!a.send(frame, 0, frame.capacity()))
            {
                fail("frame " + i + " was refused after " + received.size() + " arrived");
            }
            b.poll(this::onFrame, 16);
            invoke();
        }
        for (int i = 0; i < 100 && received.size() < frames; i++)
        {
            b.poll(this::onFrame, 16);
            invoke();
        }
        assertEquals(frames, received.size());
        for (int i = 0; i < frames; i++)
        {
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[1000]);
            expected.putInt(0, i);
            expected.putInt(996, ~i);
            assertArrayEquals(expected.byteArray(), received.get(i), "frame " + i + " intact and in order");
        }
    }

    @Test
    void shouldRefuseAFrameLongerThanTheTermAllowsWithoutThrowing()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[TERM_LENGTH / 8 + 1]);
        assertFalse(a.send(frame, 0, frame.capacity()), "Aeron takes messages of at most an eighth of a term");
        assertTrue(a.send(frame, 0, TERM_LENGTH / 8));
        for (int i = 0; i < 100 && received.isEmpty(); i++)
        {
            b.poll(this::onFrame, 16);
            invoke();
        }
        assertEquals(1, received.size());
        assertEquals(TERM_LENGTH / 8, received.get(0).length);
    }
}
