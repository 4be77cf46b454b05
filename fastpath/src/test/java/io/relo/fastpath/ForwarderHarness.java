package io.relo.fastpath;

import io.relo.codec.Ip4AddrPortEncoder;
import io.relo.codec.RouteLogDecoder;
import io.relo.codec.RouteLogEntryDecoder;
import io.relo.codec.RouteLogEntryEncoder;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.link.InMemoryNetwork;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One forwarder under test with in-memory links to stub peers the test plays itself: it writes frames into a
 * peer's pipe towards the forwarder and reads what the forwarder sent back.
 */
final class ForwarderHarness implements AutoCloseable
{
    static final String OVERLAY = "relo.example.org";
    static final int OVERLAY_HASH = OverlayName.hash(OVERLAY);
    static final long TRANSACTION_ID = 0x0102030405060708L;

    /** Where a frame ends: sent on, handed over, or dropped for one reason (see {@link ForwarderCounter}). */
    static final EnumSet<ForwarderCounter> OUTCOMES = EnumSet.of(
        ForwarderCounter.FRAMES_FORWARDED,
        ForwarderCounter.FRAMES_DELIVERED,
        ForwarderCounter.FRAMES_TO_CONTROL,
        ForwarderCounter.STUN_TO_CONTROL,
        ForwarderCounter.UNLINKED_TO_CONTROL,
        ForwarderCounter.DTLS_TO_CONTROL,
        ForwarderCounter.DROP_BAD_MAGIC,
        ForwarderCounter.DROP_BAD_VERSION,
        ForwarderCounter.DROP_BAD_LENGTH,
        ForwarderCounter.DROP_LIST_OVERRUN,
        ForwarderCounter.DROP_UNKNOWN_OVERLAY,
        ForwarderCounter.DROP_TTL_EXPIRED,
        ForwarderCounter.DROP_NO_ROUTE,
        ForwarderCounter.DROP_UNKNOWN_SENDER,
        ForwarderCounter.DROP_QUEUE_FULL,
        ForwarderCounter.DROP_BACK_PRESSURE,
        ForwarderCounter.DROP_NO_ROOM,
        ForwarderCounter.DROP_UNKNOWN_PROTOCOL);

    final InMemoryNetwork network;
    final ForwarderContext ctx;
    final Forwarder forwarder;
    final ForwarderProxy proxy;
    final UnsafeBuffer scratch = new UnsafeBuffer(new byte[70_000]);
    private final int pipeBase;

    ForwarderHarness(final long selfHi, final long selfLo, final long predHi, final long predLo)
    {
        this(new InMemoryNetwork(), 0, ctx -> {}, selfHi, selfLo, predHi, predLo);
    }

    ForwarderHarness(
        final Consumer<ForwarderContext> configure,
        final long selfHi, final long selfLo, final long predHi, final long predLo)
    {
        this(new InMemoryNetwork(), 0, configure, selfHi, selfLo, predHi, predLo);
    }

    /**
     * @param network   pipes, shared when several harnesses form a chain.
     * @param pipeBase  first pipe id of this harness's stub links, so harnesses sharing a network do not collide.
     * @param configure changes to the context before the forwarder is built.
     */
    ForwarderHarness(
        final InMemoryNetwork network,
        final int pipeBase,
        final Consumer<ForwarderContext> configure,
        final long selfHi, final long selfLo, final long predHi, final long predLo)
    {
        this.network = network;
        this.pipeBase = pipeBase;
        ctx = new ForwarderContext().inMemoryNetwork(network).idleStrategyName("backoff");
        configure.accept(ctx);
        forwarder = new Forwarder(ctx);
        proxy = new ForwarderProxy(ctx.commandBuffer());
        assertTrue(proxy.setLocal(selfHi, selfLo, predHi, predLo));
        assertTrue(proxy.addOverlay(OVERLAY_HASH));
        work();
        assertEquals(2, count(ForwarderCounter.COMMANDS_APPLIED));
    }

    /** Link {@code linkId} to a stub peer: pipe base+2*id carries forwarder to peer, base+2*id+1 peer to forwarder. */
    void link(final int linkId, final long peerHi, final long peerLo, final boolean router)
    {
        link(linkId, peerHi, peerLo, router, outPipe(linkId), inPipe(linkId));
    }

    /** Link {@code linkId} to a peer over the given pipes, e.g. those of another harness's forwarder. */
    void link(
        final int linkId, final long peerHi, final long peerLo, final boolean router, final int out, final int in)
    {
        final long applied = count(ForwarderCounter.COMMANDS_APPLIED);
        assertTrue(proxy.addMemoryLink(linkId, peerHi, peerLo, router, out, in));
        work();
        assertEquals(applied + 1, count(ForwarderCounter.COMMANDS_APPLIED), "link " + linkId + " added");
        assertEquals(linkId, forwarder.link(linkId).id());
    }

    int outPipe(final int linkId)
    {
        return pipeBase + 2 * linkId;
    }

    int inPipe(final int linkId)
    {
        return pipeBase + 2 * linkId + 1;
    }

    void work()
    {
        for (int i = 0; i < 4; i++)
        {
            forwarder.doWork();
        }
    }

    /** The stub peer on {@code linkId} sends a frame to the forwarder. */
    void receive(final int linkId, final byte[] frame)
    {
        inject(linkId, frame);
        work();
    }

    /** The stub peer on {@code linkId} puts a frame in the pipe towards the forwarder, which has not polled yet. */
    void inject(final int linkId, final byte[] frame)
    {
        scratch.putBytes(0, frame);
        assertTrue(network.pipe(inPipe(linkId)).ring().write(1, scratch, 0, frame.length), "pipe has room");
    }

    /** Frames the forwarder sent to the stub peer on {@code linkId}. */
    List<byte[]> sent(final int linkId)
    {
        return drain(outPipe(linkId));
    }

    /** Frames waiting in a pipe. */
    List<byte[]> drain(final int pipeId)
    {
        final List<byte[]> frames = new ArrayList<>();
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            frames.add(bytes);
        };
        drain(network.pipe(pipeId).ring(), handler);
        return frames;
    }

    /** A delivery to the control plane. */
    record Delivery(int type, int linkId, int reason, long previousHi, long previousLo, long nextHi, long nextLo,
        byte[] bytes)
    {
    }

    List<Delivery> delivered()
    {
        final List<Delivery> out = new ArrayList<>();
        final MessageHandler handler = (type, b, index, length) ->
        {
            if (type == Deliveries.FRAME)
            {
                final byte[] frame = new byte[b.getInt(index + Deliveries.FRAME_LENGTH)];
                b.getBytes(index + Deliveries.FRAME_FRAME, frame);
                out.add(new Delivery(type, b.getInt(index + Deliveries.FRAME_LINK_ID),
                    b.getInt(index + Deliveries.FRAME_REASON), b.getLong(index + Deliveries.FRAME_PREVIOUS_HI),
                    b.getLong(index + Deliveries.FRAME_PREVIOUS_LO), b.getLong(index + Deliveries.FRAME_NEXT_HOP_HI),
                    b.getLong(index + Deliveries.FRAME_NEXT_HOP_LO), frame));
            }
            else
            {
                final byte[] data = new byte[b.getInt(index + Deliveries.DATAGRAM_LENGTH)];
                b.getBytes(index + Deliveries.DATAGRAM_DATA, data);
                out.add(new Delivery(type, b.getInt(index + Deliveries.DATAGRAM_LINK_ID), 0, 0, 0, 0, 0, data));
            }
        };
        drain(ctx.deliveryBuffer(), handler);
        return out;
    }

    /**
     * Read everything: one read stops at the end of the buffer, and one that meets only the padding before the
     * wrap reads nothing yet moves on.
     */
    static void drain(final RingBuffer ring, final MessageHandler handler)
    {
        while (ring.size() > 0)
        {
            ring.read(handler, Integer.MAX_VALUE);
        }
    }

    long count(final ForwarderCounter counter)
    {
        return ctx.counterValue(counter);
    }

    /**
     * Every frame taken in, received on a link or handed over by the control plane, ended in exactly one outcome.
     */
    void assertBalanced()
    {
        assertBalanced(ctx);
    }

    static void assertBalanced(final ForwarderContext ctx)
    {
        long outcomes = 0;
        final StringBuilder nonZero = new StringBuilder();
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            final long value = ctx.counterValue(counter);
            if (value != 0)
            {
                nonZero.append(' ').append(counter).append('=').append(value);
            }
            if (OUTCOMES.contains(counter))
            {
                outcomes += value;
            }
        }
        final long taken = ctx.counterValue(ForwarderCounter.FRAMES_RECEIVED) +
            ctx.counterValue(ForwarderCounter.FRAMES_ORIGINATED);
        assertEquals(taken, outcomes, "frames received + originated must equal the sum of outcomes;" + nonZero);
    }

    /** The non-zero counters, for failure messages. */
    String describeCounters()
    {
        final StringBuilder sb = new StringBuilder();
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            final long value = count(counter);
            if (value != 0)
            {
                sb.append(' ').append(counter).append('=').append(value);
            }
        }
        return sb.toString();
    }

    /** Sum of the outcome counters. */
    long outcomes()
    {
        long sum = 0;
        for (final ForwarderCounter counter : OUTCOMES)
        {
            sum += count(counter);
        }
        return sum;
    }

    /**
     * Build a frame with the relo header encoder: the ids are (hi, lo) pairs.
     */
    static byte[] frame(final int ttl, final int routing, final long[] route, final long[] via, final byte[] contents)
    {
        return frame(TRANSACTION_ID, ttl, routing, route, via, contents);
    }

    static byte[] frame(
        final long transactionId, final int ttl, final int routing, final long[] route, final long[] via,
        final byte[] contents)
    {
        return frame(new ForwardingHeaderEncoder(), transactionId, ttl, routing, route, via, null, contents);
    }

    /**
     * @param routeLog entries already in the route log, or null for no route log (ROUTE-LOG clear).
     */
    static byte[] frame(
        final ForwardingHeaderEncoder encoder, final long transactionId, final int ttl, final int routing,
        final long[] route, final long[] via, final byte[] routeLog, final byte[] contents)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70_000]);
        encoder.wrap(buffer, 0).overlay(OVERLAY_HASH).ttl(ttl).routing(routing).transactionId(transactionId)
            .routeList(route, route.length / 2).viaList(via, via.length / 2);
        if (null != routeLog)
        {
            encoder.routeLog(new UnsafeBuffer(routeLog), 0, routeLog.length);
        }
        final int contentsOffset = encoder.contentsOffset();
        buffer.putBytes(contentsOffset, contents);
        final int length = encoder.finish(contents.length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    static ForwardingHeaderFlyweight parse(final byte[] frame)
    {
        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
        header.wrap(new UnsafeBuffer(frame), 0, frame.length);
        assertEquals(FrameStatus.OK, header.validate(), () -> FrameStatus.describe(header.validate(), header));
        return header;
    }

    /** A route_log_entry (draft §4.1.4) for a peer: version string, DTLS, id, uptime, no certificate, IPv4 address. */
    static byte[] routeLogEntry(final String version, final long idHi, final long idLo, final int port)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final RouteLogEntryEncoder entry = new RouteLogEntryEncoder().wrap(buffer, 0);
        entry.version(version).transport(2);
        final Ip4AddrPortEncoder v4 = entry.peerInfo().id(idHi, idLo).uptime(3600).certificate(new byte[0])
            .address().ip4AddressType().v4();
        v4.addr(0x7F000001L).port(port);
        final int length = entry.finish();
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** The peer-ids of the route log's entries in order, each as {hi, lo}, or an empty list without a route log. */
    static List<long[]> routeLogIds(final byte[] frame)
    {
        final ForwardingHeaderFlyweight header = parse(frame);
        final List<long[]> ids = new ArrayList<>();
        if (!header.routeLogFlag())
        {
            return ids;
        }
        final RouteLogDecoder log = new RouteLogDecoder();
        final int start = header.routeLogOffset();
        final int consumed = log.wrap(header.buffer(), start, header.contentsOffset());
        assertEquals(header.routeLogLength(), consumed, () -> "route log decodes: " + log.error().message());
        final DecoderCursor<RouteLogEntryDecoder> entries = log.entries();
        while (entries.hasNext())
        {
            final RouteLogEntryDecoder entry = entries.next();
            ids.add(new long[] {entry.peerInfo().idHi(), entry.peerInfo().idLo()});
        }
        return ids;
    }

    @Override
    public void close()
    {
        forwarder.onClose();
    }
}
