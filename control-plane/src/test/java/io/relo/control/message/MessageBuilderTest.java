package io.relo.control.message;

import io.relo.codec.CommonHeader;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.1.2.1 and §4.1.2.2: requests go out on a route list; responses retrace the via list.
 */
class MessageBuilderTest
{
    static final int OVERLAY = OverlayName.hash("relo.example.org");
    static final long A = 0x1000_0000_0000_0000L;
    static final long B = 0x2000_0000_0000_0000L;
    static final long C = 0x3000_0000_0000_0000L;
    static final long D = 0x4000_0000_0000_0000L;
    static final long E = 0x5000_0000_0000_0000L;

    final MessageBuilder builder = new MessageBuilder(OVERLAY);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[70_000]);
    final UnsafeBuffer payload = new UnsafeBuffer("hello".getBytes());

    static ForwardingHeaderFlyweight parse(final UnsafeBuffer buffer, final int length)
    {
        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
        header.wrap(buffer, 0, length);
        assertEquals(FrameStatus.OK, header.validate(), () -> FrameStatus.describe(header.validate(), header));
        return header;
    }

    @Test
    void shouldOriginateARequestTowardsItsDestination()
    {
        final int length = builder.request(out, 0, 77, MethodCode.PING, new long[] {E}, new long[] {1}, 1, payload, 0,
            5);
        final ForwardingHeaderFlyweight h = parse(out, length);
        assertEquals(OVERLAY, h.overlay());
        assertEquals(MessageBuilder.INITIAL_TTL, h.ttl());
        assertEquals(77, h.transactionId());
        assertEquals(1, h.routeListCount());
        assertEquals(E, h.routeIdHi(0));
        assertEquals(0, h.viaListCount());
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertEquals(length - h.contentsOffset(), contents.wrapExactly(out, h.contentsOffset(), length));
        assertEquals(CommonHeader.requestWord(MethodCode.PING), contents.code());
        assertEquals(0, contents.reserved());
        assertEquals(5, contents.payloadLength());
    }

    @Test
    void shouldRouteTheResponseAlongTheReversedViaListWithThePreviousHopFirst()
    {
        // The draft's example: E received from D a request with via (A, B, C); its response goes to (D, C, B, A).
        final UnsafeBuffer request = new UnsafeBuffer(new byte[512]);
        final int requestLength = new ForwardingHeaderEncoder().wrap(request, 0).overlay(OVERLAY).ttl(17)
            .transactionId(0x0102030405060708L).routeList(new long[0], 0)
            .viaList(new long[] {A, 1, B, 1, C, 1}, 3).finish(0);
        final ForwardingHeaderFlyweight delivered = parse(request, requestLength);

        final int length = builder.response(out, 0, delivered, D, 1, MethodCode.STORE, ResponseCode.OK, payload, 0, 5);
        final ForwardingHeaderFlyweight h = parse(out, length);
        assertEquals(0x0102030405060708L, h.transactionId(), "a response carries the request's transaction id");
        assertEquals(4, h.routeListCount());
        assertEquals(D, h.routeIdHi(0));
        assertEquals(C, h.routeIdHi(1));
        assertEquals(B, h.routeIdHi(2));
        assertEquals(A, h.routeIdHi(3));
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertTrue(contents.wrapExactly(out, h.contentsOffset(), length) > 0);
        assertTrue(CommonHeader.isResponse(contents.code()));
        assertEquals(ResponseCode.OK, CommonHeader.code(contents.code()));
        assertEquals(MethodCode.STORE, contents.reserved(), "the response names the method it answers");
    }

    @Test
    void shouldCopyTheRouteLogIntoTheResponse()
    {
        final UnsafeBuffer request = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer log = new UnsafeBuffer(new byte[] {1, 2, 3, 4, 5, 6});
        final int requestLength = new ForwardingHeaderEncoder().wrap(request, 0).overlay(OVERLAY).ttl(17)
            .transactionId(5).routeList(new long[0], 0).viaList(new long[] {A, 1}, 1).routeLog(log, 0, 6).finish(0);
        final ForwardingHeaderFlyweight delivered = parse(request, requestLength);

        final int length = builder.response(out, 0, delivered, B, 1, MethodCode.PING, ResponseCode.OK, payload, 0, 0);
        final ForwardingHeaderFlyweight h = parse(out, length);
        assertTrue(h.routeLogFlag(), "draft §4.1.4: the flag is set in the response");
        assertEquals(2 + 6, h.routeLogLength());
        for (int i = 0; i < 6; i++)
        {
            assertEquals(i + 1, out.getByte(h.routeLogOffset() + 2 + i));
        }
    }

    @Test
    void shouldAnswerErrorsWithTheDraftsReasonPhrase()
    {
        final UnsafeBuffer request = new UnsafeBuffer(new byte[512]);
        final int requestLength = new ForwardingHeaderEncoder().wrap(request, 0).overlay(OVERLAY).ttl(3)
            .transactionId(9).routeList(new long[0], 0).finish(0);
        final ForwardingHeaderFlyweight delivered = parse(request, requestLength);

        final byte[] redirect = new byte[16];
        redirect[0] = 0x42;
        final int length = builder.errorResponse(out, 0, delivered, C, 1, MethodCode.FETCH,
            ResponseCode.MOVED_TEMPORARILY, redirect);
        final ForwardingHeaderFlyweight h = parse(out, length);
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertTrue(contents.wrapExactly(out, h.contentsOffset(), length) > 0);
        assertEquals(302, CommonHeader.code(contents.code()));
        final ErrorResponseDecoder error = new ErrorResponseDecoder();
        assertTrue(error.wrapExactly(out, contents.payloadOffset(), contents.payloadOffset() + contents.payloadLength())
            > 0);
        assertEquals("Moved Temporarily", error.reasonPhrase());
        assertEquals(16, error.errorInfoLength());
        assertEquals(0x42, out.getByte(error.errorInfoOffset()));
        assertEquals(C, h.routeIdHi(0), "the error goes back to the previous hop first");
    }
}
