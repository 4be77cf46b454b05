package io.relo.fastpath;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderProxy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A chain of four forwarders in one JVM, all agents of one {@link CompositeAgent} on one backoff {@link AgentRunner}:
 * a stub endpoint S, a client of F1, sends frames for a key K that F4 is responsible for, so each frame takes the
 * three hops F1 to F2 to F3 to F4 by the rule of draft §7.2 and is delivered at F4 (draft §4.1.2.3.2). Frames are
 * sent with at most {@link #WINDOW} in flight, since a forwarder drops what a link cannot take rather than queue it.
 * <pre>
 *   ids: F1 0x10.. &lt; F2 0x40.. &lt; F3 0x80.. &lt; K 0xb0..01 &lt;= F4 0xc0.. &lt; S 0xf0..
 *   F1: K is past F2, its largest router below K           -> F2
 *   F2: F3 is its largest router below K                   -> F3
 *   F3: it lies between its router F2 and K itself          -> its successor F4
 *   F4: responsible for (F3, F4], which holds K             -> deliver
 * </pre>
 */
final class ChainFixture implements AutoCloseable
{
    static final int FRAMES = 1000;
    static final int WINDOW = 64;
    static final int TTL = 64;
    static final long DEADLINE_NS = 10_000_000_000L;
    static final int PROBE_BASE = 1_000_000;

    static final long S = 0xF000_0000_0000_0000L;
    static final long[] F = {0x1000_0000_0000_0000L, 0x4000_0000_0000_0000L, 0x8000_0000_0000_0000L,
        0xC000_0000_0000_0000L};
    static final long K_HI = 0xB000_0000_0000_0000L;
    static final long K_LO = 1;

    final ForwarderContext[] contexts = new ForwarderContext[4];
    final Forwarder[] forwarders = new Forwarder[4];
    final ForwarderProxy[] proxies = new ForwarderProxy[4];
    private final long[] commandsSent = new long[4];
    private final long[][] baseline = new long[4][ForwarderCounter.values().length];
    private AgentRunner runner;
    private boolean agentsClosed;

    /** Sends one frame from S towards F1; false when the transport cannot take it now. */
    @FunctionalInterface
    interface Sender
    {
        boolean send(byte[] frame);
    }

    /**
     * @param configure fills in each forwarder's transport before it is built.
     */
    ChainFixture(final BiConsumer<Integer, ForwarderContext> configure)
    {
        for (int i = 0; i < 4; i++)
        {
            contexts[i] = new ForwarderContext().idleStrategyName("backoff").roleName("relo-chain-f" + (i + 1));
            configure.accept(i, contexts[i]);
            forwarders[i] = new Forwarder(contexts[i]);
            proxies[i] = new ForwarderProxy(contexts[i].commandBuffer());
            final long predecessor = F[(i + 3) % 4];
            command(i, proxies[i].setLocal(F[i], 0, predecessor, 0));
            command(i, proxies[i].addOverlay(ForwarderHarness.OVERLAY_HASH));
        }
    }

    /** Count a command put on forwarder i's ring, to wait for it later. */
    void command(final int i, final boolean offered)
    {
        if (!offered)
        {
            fail("command ring of F" + (i + 1) + " is full");
        }
        commandsSent[i]++;
    }

    /** Run the four forwarders as one agent on one thread. */
    void start()
    {
        runner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 100_000), Throwable::printStackTrace,
            null, new CompositeAgent(forwarders[0], forwarders[1], forwarders[2], forwarders[3]));
        AgentRunner.startOnThread(runner);
        awaitUntil(() ->
        {
            for (int i = 0; i < 4; i++)
            {
                if (contexts[i].counterValue(ForwarderCounter.COMMANDS_APPLIED) +
                    contexts[i].counterValue(ForwarderCounter.DROP_BAD_COMMAND) < commandsSent[i])
                {
                    return false;
                }
            }
            return true;
        }, "every forwarder to apply its configuration");
        for (int i = 0; i < 4; i++)
        {
            assertEquals(commandsSent[i], contexts[i].counterValue(ForwarderCounter.COMMANDS_APPLIED),
                "F" + (i + 1) + " applied every command: " + counters());
        }
    }

    static byte[] frame(final int seq)
    {
        final byte[] contents = new byte[16 + seq % 200];
        for (int i = 0; i < contents.length; i++)
        {
            contents[i] = (byte)(seq * 31 + i);
        }
        return ForwarderHarness.frame(transactionId(seq), TTL, Routing.RECURSIVE, new long[] {K_HI, K_LO},
            new long[0], contents);
    }

    static long transactionId(final int seq)
    {
        return 0x5EED_0000_0000_0000L + seq;
    }

    /**
     * Send probe frames one at a time until one is delivered at F4, so that every link has finished connecting (an
     * Aeron publication, say, can be connected a moment before the driver gives it room to send), then note the
     * counters. Links are FIFO, so no probe can turn up after the one seen.
     */
    void prime(final Sender sender)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        final int[] delivered = new int[1];
        for (int probe = PROBE_BASE; delivered[0] == 0; probe++)
        {
            if (!sender.send(frame(probe)))
            {
                probe--;
            }
            final long wait = System.nanoTime() + 100_000_000L;
            while (delivered[0] == 0 && System.nanoTime() < wait)
            {
                contexts[3].deliveryBuffer().read((type, buffer, index, length) -> delivered[0]++);
                Thread.yield();
            }
            if (System.nanoTime() > deadline)
            {
                fail("no probe frame crossed the chain in " + DEADLINE_NS / 1_000_000_000 + " s; counters:" +
                    counters());
            }
        }
        for (int i = 0; i < 4; i++)
        {
            for (final ForwarderCounter counter : ForwarderCounter.values())
            {
                baseline[i][counter.ordinal()] = contexts[i].counterValue(counter);
            }
        }
    }

    private long sincePrimed(final int i, final ForwarderCounter counter)
    {
        return contexts[i].counterValue(counter) - baseline[i][counter.ordinal()];
    }

    /**
     * Send {@link #FRAMES} frames from S with at most {@link #WINDOW} in flight, and check that F4 delivers every one
     * intact, in order, having come through F1, F2 and F3.
     */
    void sendAndCheck(final Sender sender)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        final List<byte[]> received = new ArrayList<>(FRAMES);
        final List<int[]> links = new ArrayList<>(FRAMES);
        final List<long[]> previous = new ArrayList<>(FRAMES);
        int sent = 0;
        while (received.size() < FRAMES)
        {
            if (sent < FRAMES && sent - received.size() < WINDOW && sender.send(frame(sent)))
            {
                sent++;
            }
            contexts[3].deliveryBuffer().read((type, buffer, index, length) ->
            {
                final byte[] bytes = new byte[buffer.getInt(index + Deliveries.FRAME_LENGTH)];
                buffer.getBytes(index + Deliveries.FRAME_FRAME, bytes);
                received.add(bytes);
                links.add(new int[] {type, buffer.getInt(index + Deliveries.FRAME_LINK_ID),
                    buffer.getInt(index + Deliveries.FRAME_REASON)});
                previous.add(new long[] {buffer.getLong(index + Deliveries.FRAME_PREVIOUS_HI),
                    buffer.getLong(index + Deliveries.FRAME_PREVIOUS_LO)});
            });
            if (System.nanoTime() > deadline)
            {
                fail("after " + DEADLINE_NS / 1_000_000_000 + " s F4 had delivered " + received.size() + " of " +
                    sent + " frames sent (" + FRAMES + " to send); counters:" + counters());
            }
            Thread.onSpinWait();
        }
        assertEquals(FRAMES, sent);

        for (int seq = 0; seq < FRAMES; seq++)
        {
            final int s = seq;
            final byte[] bytes = received.get(seq);
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(bytes);
            assertEquals(transactionId(seq), h.transactionId(), () -> "frame " + s + " arrived in order");
            final byte[] expectedContents = Arrays.copyOfRange(frame(seq), ForwarderHarness.parse(frame(seq))
                .contentsOffset(), frame(seq).length);
            assertArrayEquals(expectedContents, Arrays.copyOfRange(bytes, h.contentsOffset(), bytes.length),
                () -> "contents of frame " + s + " intact");
            assertEquals(TTL - 3, h.ttl(), () -> "frame " + s + ": F1, F2 and F3 each took one from the TTL");
            assertEquals(0, h.routeListCount(), "F4 stripped K");
            assertEquals(3, h.viaListCount());
            assertArrayEquals(new long[] {S, F[0], F[1]}, new long[] {h.viaIdHi(0), h.viaIdHi(1), h.viaIdHi(2)},
                () -> "frame " + s + " came through S, F1, F2 and then F3");
            assertArrayEquals(new int[] {Deliveries.FRAME, 1, Deliveries.REASON_LOCAL}, links.get(seq));
            assertArrayEquals(new long[] {F[2], 0}, previous.get(seq), "F4's previous hop is F3");
        }
    }

    void awaitUntil(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out after " + DEADLINE_NS / 1_000_000_000 + " s waiting for " + what + "; counters:" +
                    counters());
            }
            Thread.yield();
        }
    }

    String counters()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++)
        {
            sb.append("\n  F").append(i + 1).append(':');
            for (final ForwarderCounter counter : ForwarderCounter.values())
            {
                final long value = contexts[i].counterValue(counter);
                if (value != 0)
                {
                    sb.append(' ').append(counter).append('=').append(value);
                }
            }
        }
        return sb.toString();
    }

    /** Stop the runner, then check each forwarder's accounts. */
    void stopAndCheckCounters()
    {
        CloseHelper.close(runner);
        runner = null;
        agentsClosed = true;
        for (int i = 0; i < 3; i++)
        {
            assertEquals(FRAMES, sincePrimed(i, ForwarderCounter.FRAMES_FORWARDED), counters());
        }
        assertEquals(FRAMES, sincePrimed(3, ForwarderCounter.FRAMES_DELIVERED), counters());
        for (int i = 0; i < 4; i++)
        {
            assertEquals(FRAMES, sincePrimed(i, ForwarderCounter.FRAMES_RECEIVED), counters());
            assertEquals(0, contexts[i].counterValue(ForwarderCounter.ERRORS), counters());
            ForwarderHarness.assertBalanced(contexts[i]);
        }
    }

    @Override
    public void close()
    {
        if (null != runner)
        {
            CloseHelper.close(runner);
        }
        else if (!agentsClosed)
        {
            for (final Forwarder forwarder : forwarders)
            {
                if (null != forwarder)
                {
                    forwarder.onClose();
                }
            }
        }
    }
}
