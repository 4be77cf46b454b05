package io.relo.fastpath;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.fastpath.command.ForwarderProxy;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static io.relo.fastpath.ForwarderTest.A;
import static io.relo.fastpath.ForwarderTest.B;
import static io.relo.fastpath.ForwarderTest.C;
import static io.relo.fastpath.ForwarderTest.CONTENTS;
import static io.relo.fastpath.ForwarderTest.D;
import static io.relo.fastpath.ForwarderTest.E;
import static io.relo.fastpath.ForwarderTest.X;
import static io.relo.fastpath.ForwarderTest.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The duty cycle allocates nothing: after a warm-up, forwarding, delivering and dropping frames on in-memory links,
 * routing frames the control plane hands over, and forwarding over UDP links add 0 bytes to the forwarder thread's
 * allocation count (the test thread drives {@link Forwarder#doWork()} and plays the stub peers without allocating).
 */
class ForwarderAllocationTest
{
    static final int WARM_UP = 50_000;
    static final int MEASURED = 100_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final long threadId = Thread.currentThread().getId();
    private final MessageHandler drain = this::onDrained;
    private long drained;

    private void onDrained(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        drained++;
    }

    /** Frames a stub peer sends: a link id, then the frame. */
    private record Input(int linkId, UnsafeBuffer frame, int length)
    {
        static Input of(final int linkId, final byte[] frame)
        {
            return new Input(linkId, new UnsafeBuffer(frame), frame.length);
        }
    }

    @BeforeEach
    void checkSupport()
    {
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM counts allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    private long allocated()
    {
        return threads.getThreadAllocatedBytes(threadId);
    }

    /** One step of the stub peers and the control plane around a duty cycle, allocation-free. */
    @FunctionalInterface
    private interface Step
    {
        void run(int i);
    }

    /**
     * Run {@link #WARM_UP} steps, then windows of {@link #MEASURED} steps until one allocates 0 bytes. Under the
     * interpreter alone ({@code -Xint}) the path allocated nothing after its first frames; with C2 in play the JVM
     * allocated 48 to 1512 bytes on this thread a handful of times, each once, around C2 replacing a C1-compiled
     * method of the path (none with {@code -XX:TieredStopAtLevel=1}). A real allocation, even one per
     * {@link #MEASURED} frames, shows in every window and fails.
     */
    private static final int WINDOWS = 12;

    private void assertNoAllocation(final Step step)
    {
        run(step, WARM_UP);
        final StringBuilder windows = new StringBuilder();
        for (int window = 0; window < WINDOWS; window++)
        {
            final long cost = measuringCost();
            final long before = allocated();
            run(step, MEASURED);
            final long allocated = allocated() - before - cost;
            if (allocated == 0)
            {
                return;
            }
            windows.append(' ').append(allocated);
        }
        fail("every window of " + MEASURED + " frames allocated bytes on the duty cycle:" + windows);
    }

    private static void run(final Step step, final int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            step.run(i);
        }
    }

    /** Bytes allocated by this thread while measuring nothing, the cost of asking. */
    private long measuringCost()
    {
        final long before = allocated();
        final long after = allocated();
        return after - before;
    }

    /**
     * Stub peers send the inputs round-robin, one per duty cycle; the links and deliveries are drained after each.
     */
    private void assertNoAllocation(final ForwarderHarness d, final Input[] inputs)
    {
        final RingBuffer toC = d.network.pipe(d.outPipe(3)).ring();
        final RingBuffer toE = d.network.pipe(d.outPipe(5)).ring();
        final RingBuffer fromC = d.network.pipe(d.inPipe(3)).ring();
        final RingBuffer fromE = d.network.pipe(d.inPipe(5)).ring();
        final RingBuffer deliveries = d.ctx.deliveryBuffer();
        final Forwarder forwarder = d.forwarder;
        final long receivedBefore = d.count(ForwarderCounter.FRAMES_RECEIVED);
        final long[] steps = new long[1];
        assertNoAllocation(i ->
        {
            final Input input = inputs[i % inputs.length];
            final RingBuffer pipe = input.linkId == 3 ? fromC : fromE;
            if (!pipe.write(1, input.frame, 0, input.length))
            {
                throw new IllegalStateException("pipe full");
            }
            forwarder.doWork();
            toC.read(drain);
            toE.read(drain);
            deliveries.read(drain);
            steps[0]++;
        });
        ForwarderHarness.drain(toC, drain);
        ForwarderHarness.drain(toE, drain);
        ForwarderHarness.drain(deliveries, drain);
        assertEquals(steps[0], d.count(ForwarderCounter.FRAMES_RECEIVED) - receivedBefore);
        d.assertBalanced();
    }

    @Test
    void shouldForwardWithoutAllocating()
    {
        try (ForwarderHarness d = ForwarderTest.peerD())
        {
            final byte[] entry = ForwarderHarness.routeLogEntry("relo 0.1", D, 7, 7004);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            assertTrue(d.proxy.addCompression(X, 7, new long[] {C, B, A}, new long[] {7, 7, 7}, 3));
            d.work();
            final Input[] inputs = {
                Input.of(3, ForwarderTest.toE()),
                Input.of(3, ForwarderHarness.frame(
                    new ForwardingHeaderEncoder(), 9, 20, Routing.RECURSIVE, ids(E), ids(A), new byte[0], CONTENTS)),
                Input.of(5, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, X), ids(), CONTENTS)),
                Input.of(5, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, C, B, A), ids(), CONTENTS)),
            };
            assertNoAllocation(d, inputs);
            assertEquals(d.count(ForwarderCounter.FRAMES_RECEIVED), d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertEquals(d.count(ForwarderCounter.FRAMES_FORWARDED), drained);
        }
    }

    @Test
    void shouldDeliverToTheControlPlaneWithoutAllocating()
    {
        try (ForwarderHarness d = ForwarderTest.peerD())
        {
            final Input[] inputs = {
                Input.of(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D), ids(A, B), CONTENTS)),
                Input.of(3, ForwarderHarness.frame(20, Routing.ITERATIVE, ids(E), ids(), CONTENTS)),
                Input.of(5, ForwarderHarness.frame(20, 7, ids(C), ids(), CONTENTS)),
                Input.of(5, ForwarderTest.stunBindingRequest()),
                Input.of(3, new byte[] {22, (byte)0xFE, (byte)0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3}),
            };
            assertNoAllocation(d, inputs);
            assertEquals(d.count(ForwarderCounter.FRAMES_RECEIVED), drained);
            assertEquals(0, d.count(ForwarderCounter.FRAMES_FORWARDED));
        }
    }

    @Test
    void shouldDropWithoutAllocating()
    {
        try (ForwarderHarness d = ForwarderTest.peerD())
        {
            final byte[] good = ForwarderTest.toE();
            final long[] fullVia = new long[2 * 255];
            final Input[] inputs = {
                Input.of(3, ForwarderTest.copyWith(good, 0, 'X')),
                Input.of(3, ForwarderTest.copyWith(good, 3, 'X')),
                Input.of(3, ForwarderTest.copyWith(good, 12, 2)),
                Input.of(3, ForwarderTest.withInt(good, 4, 0xBADC0DE)),
                Input.of(3, ForwarderTest.withLength(good, good.length + 1)),
                Input.of(3, ForwarderTest.copyWith(good, 24, 200)),
                Input.of(3, ForwarderHarness.frame(0, Routing.RECURSIVE, ids(E), ids(), CONTENTS)),
                Input.of(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), fullVia, CONTENTS)),
                Input.of(3, new byte[0]),
            };
            assertNoAllocation(d, inputs);
            assertEquals(0, drained);
            assertEquals(0, d.count(ForwarderCounter.FRAMES_FORWARDED) + d.count(ForwarderCounter.FRAMES_DELIVERED));
        }
    }

    @Test
    void shouldRouteFramesTheControlPlaneOriginatesWithoutAllocating()
    {
        try (ForwarderHarness d = ForwarderTest.peerD())
        {
            final byte[] frame = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, E), ids(), CONTENTS);
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            final ForwarderProxy proxy = d.proxy;
            final RingBuffer toE = d.network.pipe(d.outPipe(5)).ring();
            final Forwarder forwarder = d.forwarder;
            assertNoAllocation(i ->
            {
                if (!proxy.routeFrame(buffer, 0, frame.length))
                {
                    throw new IllegalStateException("command ring full");
                }
                forwarder.doWork();
                toE.read(drain);
            });
            ForwarderHarness.drain(toE, drain);
            assertEquals(d.count(ForwarderCounter.FRAMES_ORIGINATED), drained);
            assertEquals(d.count(ForwarderCounter.FRAMES_ORIGINATED), d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldForwardOverUdpLinksWithoutAllocating() throws IOException
    {
        final InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (ForwarderHarness d = new ForwarderHarness(ctx -> ctx.udpListenAddress(loopback), D, 7, C, 7);
            DatagramChannel c = DatagramChannel.open().bind(loopback);
            DatagramChannel e = DatagramChannel.open().bind(loopback))
        {
            assertTrue(d.proxy.addUdpLink(3, C, 7, true, "127.0.0.1", ((InetSocketAddress)c.getLocalAddress())
                .getPort()));
            assertTrue(d.proxy.addUdpLink(5, E, 7, true, "127.0.0.1", ((InetSocketAddress)e.getLocalAddress())
                .getPort()));
            d.work();
            c.connect(d.forwarder.udpAddress());
            e.connect(d.forwarder.udpAddress());
            e.configureBlocking(false);
            final byte[] frame = ForwarderTest.toE();
            final ByteBuffer out = ByteBuffer.allocateDirect(frame.length).put(frame);
            final ByteBuffer in = ByteBuffer.allocateDirect(2048);
            final Forwarder forwarder = d.forwarder;
            final long[] forwarded = new long[1];
            assertNoAllocation(i ->
            {
                try
                {
                    out.limit(frame.length).position(0);
                    if (c.write(out) != frame.length)
                    {
                        throw new IllegalStateException("stub C could not send");
                    }
                    for (int spins = 0; spins < 1_000; spins++)
                    {
                        forwarder.doWork();
                        in.clear();
                        if (e.read(in) > 0)
                        {
                            forwarded[0]++;
                            return;
                        }
                    }
                    throw new IllegalStateException("frame " + i + " did not reach stub E");
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
            assertEquals(forwarded[0], d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertEquals(forwarded[0], d.count(ForwarderCounter.FRAMES_RECEIVED));
            d.assertBalanced();
        }
    }
}
