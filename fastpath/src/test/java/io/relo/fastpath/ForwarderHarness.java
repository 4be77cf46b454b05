package io.relo.fastpath;

import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.link.InMemoryNetwork;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

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

    final InMemoryNetwork network = new InMemoryNetwork();
    final ForwarderContext ctx = new ForwarderContext().inMemoryNetwork(network).idleStrategyName("backoff");
    final Forwarder forwarder = new Forwarder(ctx);
    final ForwarderProxy proxy = new ForwarderProxy(ctx.commandBuffer());
    final UnsafeBuffer scratch = new UnsafeBuffer(new byte[70_000]);

    ForwarderHarness(final long selfHi, final long selfLo, final long predHi, final long predLo)
    {
        assertTrue(proxy.setLocal(selfHi, selfLo, predHi, predLo));
        assertTrue(proxy.addOverlay(OVERLAY_HASH));
        work();
    }

    /** Link {@code linkId} to a stub peer: pipe 2*id carries forwarder to peer, 2*id+1 peer to forwarder. */
    void link(final int linkId, final long peerHi, final long peerLo, final boolean router)
    {
        assertTrue(proxy.addMemoryLink(linkId, peerHi, peerLo, router, 2 * linkId, 2 * linkId + 1));
        work();
        assertEquals(linkId, forwarder.link(linkId).id());
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
        scratch.putBytes(0, frame);
        assertTrue(network.pipe(2 * linkId + 1).ring().write(1, scratch, 0, frame.length));
        work();
    }

    /** Frames the forwarder sent to the stub peer on {@code linkId}. */
    List<byte[]> sent(final int linkId)
    {
        final List<byte[]> frames = new ArrayList<>();
        network.pipe(2 * linkId).ring().read((type, buffer, index, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            frames.add(bytes);
        });
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
        ctx.deliveryBuffer().read((type, b, index, length) ->
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
        });
        return out;
    }

    long count(final ForwarderCounter counter)
    {
        return ctx.counterValue(counter);
    }

    /**
     * Build a frame with the relo header encoder: the ids are (hi, lo) pairs.
     */
    static byte[] frame(final int ttl, final int routing, final long[] route, final long[] via, final byte[] contents)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70_000]);
        final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .overlay(OVERLAY_HASH).ttl(ttl).routing(routing).transactionId(0x0102030405060708L)
            .routeList(route, route.length / 2).viaList(via, via.length / 2);
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

    @Override
    public void close()
    {
        forwarder.onClose();
    }
}
