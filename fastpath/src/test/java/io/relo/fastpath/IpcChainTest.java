package io.relo.fastpath;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.relo.fastpath.link.AeronIpcLink;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.File;

import static io.relo.fastpath.ChainFixture.F;
import static io.relo.fastpath.ChainFixture.S;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Four forwarders over Aeron IPC with an embedded media driver (shared thread, backoff): 1000 frames from a stub
 * endpoint cross three hops and arrive intact and in order (see {@link ChainFixture}).
 */
class IpcChainTest
{
    static final String CHANNEL = "aeron:ipc";

    /** Stream from one node to another; S is node 0, Fi is node i. */
    static int stream(final int from, final int to)
    {
        return 1000 + 10 * from + to;
    }

    @Test
    void shouldCarryAThousandFramesIntactAndInOrderAcrossThreeIpcHops()
    {
        final File dir = new File("/dev/shm/relo-ipc-chain-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                // a window (half a term) above the ~210 KB a link carries in the run: the driver's updates of
                // each publisher's limit cannot fall behind, so no frame meets back pressure however loaded the
                // machine; AeronIpcLinkTest covers term rotation
                .ipcTermBufferLength(1024 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .aeronDirectoryName(dir.getAbsolutePath()));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final Aeron client = aeron;
            try (ChainFixture chain = new ChainFixture((i, ctx) -> ctx.aeron(client));
                ExclusivePublication toF1 = aeron.addExclusivePublication(CHANNEL, stream(0, 1));
                Subscription fromF1 = aeron.addSubscription(CHANNEL, stream(1, 0)))
            {
                chain.command(0, chain.proxies[0].addIpcLink(1, S, 0, false, CHANNEL, stream(1, 0), stream(0, 1)));
                for (int i = 0; i < 4; i++)
                {
                    final int node = i + 1;
                    if (i > 0)
                    {
                        chain.command(i, chain.proxies[i].addIpcLink(
                            1, F[i - 1], 0, true, CHANNEL, stream(node, node - 1), stream(node - 1, node)));
                    }
                    if (i < 3)
                    {
                        chain.command(i, chain.proxies[i].addIpcLink(
                            2, F[i + 1], 0, true, CHANNEL, stream(node, node + 1), stream(node + 1, node)));
                    }
                }
                chain.start();
                chain.awaitUntil(() -> toF1.isConnected() && connected(chain), "every IPC link to connect");

                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
                final ChainFixture.Sender sender = frame ->
                {
                    buffer.putBytes(0, frame);
                    return toF1.offer(buffer, 0, frame.length) > 0;
                };
                chain.prime(sender);
                chain.sendAndCheck(sender);
                chain.stopAndCheckCounters();
            }
        }
        finally
        {
            CloseHelper.closeAll(aeron, driver);
            if (dir.exists())
            {
                IoUtil.delete(dir, true);
            }
        }
        assertFalse(dir.exists(), "the driver's directory under /dev/shm is gone");
    }

    private static boolean connected(final ChainFixture chain)
    {
        for (int i = 0; i < 4; i++)
        {
            for (int linkId = 1; linkId <= 2; linkId++)
            {
                final AeronIpcLink link = (AeronIpcLink)chain.forwarders[i].link(linkId);
                if ((i < 3 || linkId == 1) && (null == link || !link.isConnected()))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
