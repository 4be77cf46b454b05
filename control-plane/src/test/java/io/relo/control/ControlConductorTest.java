package io.relo.control;

import io.relo.codec.CommonHeader;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.control.chord.ChordMessage;
import io.relo.control.message.ChordCodec;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderCommands;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.ring.PeerId;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@link ControlConductor} with its two rings and no forwarder: frames are put on the delivery ring as the
 * forwarder would, and the commands it answers with are read off the command ring. Each test is one rule of the
 * message layer (draft §4.1.2, §4.1.3, §4.1.4, §4.3, §8.4).
 */
class ControlConductorTest
{
    private static final String OVERLAY = "conductor.test.relo";
    private static final int HASH = OverlayName.hash(OVERLAY);
    private static final PeerId SELF = new PeerId(0x4000_0000_0000_0000L, 7);
    private static final PeerId A = new PeerId(0x1000_0000_0000_0000L, 7);
    private static final PeerId B = new PeerId(0x2000_0000_0000_0000L, 7);

    private final RingBuffer commands = ring(1 << 16);
    private final RingBuffer deliveries = ring(1 << 20);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<String> log = new ArrayList<>();
    private final ChordCodec codec = new ChordCodec(HASH);
    private ControlConductor conductor;

    private static RingBuffer ring(final int length)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(new byte[length + RingBufferDescriptor.TRAILER_LENGTH]));
    }

    private record Command(int type, byte[] body)
    {
        ForwardingHeaderFlyweight frame()
        {
            final int length = new UnsafeBuffer(body).getInt(ForwarderCommands.ROUTE_FRAME_FRAME_LENGTH);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[length]);
            frame.putBytes(0, body, ForwarderCommands.ROUTE_FRAME_FRAME, length);
            final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight().wrap(frame, 0, length);
            assertEquals(FrameStatus.OK, header.validate());
            return header;
        }
    }

    @BeforeEach
    void formRing()
    {
        clock.update(TimeUnit.SECONDS.toNanos(1));
        conductor = new ControlConductor(SELF, OVERLAY, new InetSocketAddress("127.0.0.1", 6000), List.of(), null,
            new ControlConductor.Timing(TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(300),
                TimeUnit.MILLISECONDS.toNanos(100)), new ForwarderProxy(commands), deliveries, clock, new Random(1),
            Runnable::run, log::add);
        conductor.doWork();
        assertTrue(log.contains("no other bootstrap peer: forming the overlay"), log.toString());
        commands();
    }

    private List<Command> commands()
    {
        final List<Command> seen = new ArrayList<>();
        commands.read((type, buffer, index, length) ->
        {
            final byte[] body = new byte[length];
            buffer.getBytes(index, body);
            seen.add(new Command(type, body));
        });
        return seen;
    }

    private List<ForwardingHeaderFlyweight> routed()
    {
        conductor.doWork();
        final List<ForwardingHeaderFlyweight> frames = new ArrayList<>();
        for (final Command command : commands())
        {
            if (command.type() == ForwarderCommands.ROUTE_FRAME)
            {
                frames.add(command.frame());
            }
        }
        return frames;
    }

    private void deliver(final byte[] frame, final int reason, final PeerId previous, final PeerId nextOrDestination)
    {
        final int index = deliveries.tryClaim(Deliveries.FRAME, Deliveries.FRAME_FRAME + frame.length);
        final MutableDirectBuffer b = deliveries.buffer();
        b.putInt(index + Deliveries.FRAME_LINK_ID, 3);
        b.putInt(index + Deliveries.FRAME_REASON, reason);
        b.putLong(index + Deliveries.FRAME_PREVIOUS_HI, previous.hi());
        b.putLong(index + Deliveries.FRAME_PREVIOUS_LO, previous.lo());
        b.putLong(index + Deliveries.FRAME_NEXT_HOP_HI, null == nextOrDestination ? 0 : nextOrDestination.hi());
        b.putLong(index + Deliveries.FRAME_NEXT_HOP_LO, null == nextOrDestination ? 0 : nextOrDestination.lo());
        b.putInt(index + Deliveries.FRAME_LENGTH, frame.length);
        b.putBytes(index + Deliveries.FRAME_FRAME, frame);
        deliveries.commit(index);
    }

    /** A request as it arrives: route list exhausted, via list from the originator A, optional route log. */
    private static byte[] request(
        final int routing, final long transactionId, final int method, final byte[] payload, final byte[] routeLog)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, 0).overlay(HASH).ttl(90)
            .routing(routing).transactionId(transactionId).routeList(new long[0], 0)
            .viaList(new long[] {A.hi(), A.lo()}, 1);
        if (null != routeLog)
        {
            header.routeLog(new UnsafeBuffer(routeLog), 0, routeLog.length);
        }
        final int contents = new MessageContentsEncoder().wrap(buffer, header.contentsOffset())
            .code(CommonHeader.requestWord(method)).reserved(0).payload(payload).finish();
        final int length = header.finish(contents);
        final byte[] frame = new byte[length];
        buffer.getBytes(0, frame);
        return frame;
    }

    /** route_log entries (draft §4.1.4), one per peer, as each hop appends them. */
    private static byte[] routeLog(final PeerId... hops)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        int at = 0;
        for (final PeerId hop : hops)
        {
            final io.relo.codec.RouteLogEntryEncoder entry = new io.relo.codec.RouteLogEntryEncoder()
                .wrap(buffer, at).version("relo-test").transport(2);
            entry.peerInfo().id(hop.hi(), hop.lo()).uptime(42).certificate(new byte[0]).address().ip4AddressType()
                .v4().addr(0x7F000001L).port(6084);
            at += entry.finish();
        }
        final byte[] entries = new byte[at];
        buffer.getBytes(0, entries);
        return entries;
    }

    private static MessageContentsDecoder contents(final ForwardingHeaderFlyweight frame)
    {
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertTrue(contents.wrap(frame.buffer(), frame.contentsOffset(), frame.offset() + frame.frameLength()) > 0);
        return contents;
    }

    private static List<PeerId> route(final ForwardingHeaderFlyweight frame)
    {
        final List<PeerId> ids = new ArrayList<>();
        for (int i = 0; i < frame.routeListCount(); i++)
        {
            ids.add(new PeerId(frame.routeIdHi(i), frame.routeIdLo(i)));
        }
        return ids;
    }

    private static ErrorResponseDecoder error(final ForwardingHeaderFlyweight frame, final int code, final int method)
    {
        final MessageContentsDecoder contents = contents(frame);
        assertTrue(CommonHeader.isResponse(contents.code()));
        assertEquals(code, CommonHeader.code(contents.code()));
        assertEquals(method, contents.reserved(), "the response names the method it answers");
        final ErrorResponseDecoder error = new ErrorResponseDecoder();
        assertTrue(error.wrap(frame.buffer(), contents.payloadOffset(),
            contents.payloadOffset() + contents.payloadLength()) > 0);
        assertEquals(ResponseCode.reasonPhrase(code), error.reasonPhrase());
        return error;
    }

    @Test
    void shouldAnswerAPingByTheReversedViaListAndCopyTheRouteLog()
    {
        // draft §4.1.4: the request logged two hops; the response carries the log back
        final byte[] log = routeLog(A, B);
        deliver(request(Routing.RECURSIVE, 77, MethodCode.PING, new byte[] {0}, log), Deliveries.REASON_LOCAL, B, SELF);

        final List<ForwardingHeaderFlyweight> frames = routed();
        assertEquals(1, frames.size(), conductor.counters().snapshot() + " " + codec.lastError());
        final ForwardingHeaderFlyweight response = frames.get(0);
        assertEquals(77, response.transactionId());
        assertEquals(List.of(B, A), route(response), "draft §4.1.2.2: previous hop, then the via list reversed");
        assertTrue(response.routeLogFlag());
        final byte[] copied = new byte[response.routeLogLength() - 2];
        response.buffer().getBytes(response.routeLogOffset() + 2, copied);
        assertArrayEquals(log, copied);
        final MessageContentsDecoder contents = contents(response);
        assertEquals(CommonHeader.responseWord(ResponseCode.OK), contents.code());
        assertEquals(MethodCode.PING, contents.reserved());
    }

    @Test
    void shouldAnswerIterativeRoutingWith302NamingTheNextHop()
    {
        final PeerId next = new PeerId(0x5000_0000_0000_0000L, 9);
        deliver(request(Routing.ITERATIVE, 5, MethodCode.PING, new byte[] {0}, null), Deliveries.REASON_ITERATIVE,
            B, next);

        final ForwardingHeaderFlyweight response = routed().get(0);
        final ErrorResponseDecoder error = error(response, ResponseCode.MOVED_TEMPORARILY, MethodCode.PING);
        final UnsafeBuffer info = new UnsafeBuffer(error.errorInfoBytes());
        assertEquals(16, info.capacity());
        assertEquals(next, new PeerId(info.getLong(0, ByteOrder.BIG_ENDIAN), info.getLong(8, ByteOrder.BIG_ENDIAN)));
        assertEquals(List.of(B, A), route(response));
    }

    @Test
    void shouldAnswerARefusedRoutingModeWith499()
    {
        deliver(request(7, 6, MethodCode.PING, new byte[] {0}, null), Deliveries.REASON_ROUTING_REFUSED, B, null);

        assertEquals(0, error(routed().get(0), ResponseCode.UNWILLING_TO_PROXY, MethodCode.PING).errorInfoLength());
    }

    @Test
    void shouldAnswerAnUpdateForAnAbsentPeerInItsRangeWith404()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int n = codec.encode(new ChordMessage(List.of(), List.of(A), 90, 8,
            new ChordMessage.UpdateRequest(List.of(), List.of())), buffer, 0);
        final byte[] frame = new byte[n];
        buffer.getBytes(0, frame);
        final PeerId absent = new PeerId(SELF.hi() - 5, 0);
        deliver(frame, Deliveries.REASON_LOCAL, B, absent);

        error(routed().get(0), ResponseCode.NOT_FOUND, MethodCode.UPDATE);
    }

    @Test
    void shouldAnswerAMethodThisBuildDoesNotServeWith498()
    {
        deliver(request(Routing.RECURSIVE, 9, MethodCode.TUNNEL, new byte[0], null), Deliveries.REASON_LOCAL, B,
            SELF);

        error(routed().get(0), ResponseCode.INCOMPATIBLE_WITH_OVERLAY, MethodCode.TUNNEL);
    }

    @Test
    void shouldAnswerAStoreItCannotDecodeWith412()
    {
        deliver(request(Routing.RECURSIVE, 9, MethodCode.STORE, new byte[0], null), Deliveries.REASON_LOCAL, B, SELF);

        error(routed().get(0), ResponseCode.PRECONDITION_FAILED, MethodCode.STORE);
    }

    @Test
    void shouldReassembleAFragmentedPingBeforeAnsweringIt()
    {
        final byte[] pingWithInfo = new byte[41];
        pingWithInfo[0] = 40; // ping_info<255>: 40 bytes of info types, more than one fragment's worth
        final byte[] whole = request(Routing.RECURSIVE, 10, MethodCode.PING, pingWithInfo, null);
        final List<byte[]> pieces = io.relo.control.message.Fragments.split(whole, 24);
        assertTrue(pieces.size() > 1);
        for (int i = pieces.size() - 1; i >= 0; i--)
        {
            deliver(pieces.get(i), Deliveries.REASON_LOCAL, B, SELF);
            if (i > 0)
            {
                assertTrue(routed().isEmpty(), "nothing is answered before the last piece");
            }
        }
        final List<ForwardingHeaderFlyweight> frames = routed();
        final StringBuilder why = new StringBuilder();
        for (final io.relo.control.message.ReassemblyCounter c : io.relo.control.message.ReassemblyCounter.values())
        {
            why.append(c).append('=').append(conductor.reassembler().count(c)).append(' ');
        }
        assertEquals(1, frames.size(), "one answer to the reassembled request: " + why +
            conductor.counters().snapshot());
        assertEquals(10, frames.get(0).transactionId());
        assertEquals(1, conductor.reassembler().count(io.relo.control.message.ReassemblyCounter.MESSAGES_REASSEMBLED));
    }

    @Test
    void shouldLinkAPeerThatIntroducesItselfAndAnswerOverTheNewLink()
    {
        // draft §8.4 over a plaintext lab link: a PING to the wildcard naming its originator in the via list
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int n = codec.encode(new ChordMessage(List.of(PeerId.WILDCARD), List.of(A), 100, 11,
            ChordMessage.PingRequest.PLAIN), buffer, 0);
        final int index = deliveries.tryClaim(Deliveries.UNLINKED_FRAME, Deliveries.DATAGRAM_DATA + n);
        final MutableDirectBuffer b = deliveries.buffer();
        b.putInt(index + Deliveries.DATAGRAM_LINK_ID, -1);
        b.putInt(index + Deliveries.DATAGRAM_PORT, 7000);
        b.setMemory(index + Deliveries.DATAGRAM_ADDRESS, 16, (byte)0);
        b.putByte(index + Deliveries.DATAGRAM_ADDRESS + 10, (byte)0xFF);
        b.putByte(index + Deliveries.DATAGRAM_ADDRESS + 11, (byte)0xFF);
        b.putBytes(index + Deliveries.DATAGRAM_ADDRESS + 12, new byte[] {127, 0, 0, 1});
        b.putInt(index + Deliveries.DATAGRAM_LENGTH, n);
        b.putBytes(index + Deliveries.DATAGRAM_DATA, buffer, 0, n);
        deliveries.commit(index);

        conductor.doWork();
        final List<Command> seen = commands();
        final Command link = seen.stream().filter(c -> c.type() == ForwarderCommands.ADD_UDP_LINK).findFirst()
            .orElseThrow();
        final UnsafeBuffer body = new UnsafeBuffer(link.body());
        assertEquals(new PeerId(body.getLong(ForwarderCommands.LINK_PEER_HI), body.getLong(ForwarderCommands.LINK_PEER_LO)), A);
        assertEquals(7000, body.getInt(ForwarderCommands.ADD_UDP_LINK_PORT));
        final ForwardingHeaderFlyweight answer = seen.stream().filter(c -> c.type() == ForwarderCommands.ROUTE_FRAME)
            .findFirst().orElseThrow().frame();
        assertEquals(List.of(A), route(answer));
        assertEquals(1, answer.viaListCount(), "the answer names its sender, for the same reason");
        assertEquals(SELF, new PeerId(answer.viaIdHi(0), answer.viaIdLo(0)));
        assertTrue(seen.indexOf(link) < seen.stream().filter(c -> c.type() == ForwarderCommands.ROUTE_FRAME)
            .findFirst().map(seen::indexOf).orElseThrow(), "the link exists before the answer is routed over it");
    }
}
