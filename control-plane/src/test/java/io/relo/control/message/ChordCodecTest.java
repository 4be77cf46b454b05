package io.relo.control.message;

import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.OverlayName;
import io.relo.control.chord.ChordMessage;
import io.relo.control.chord.ChordMessage.Body;
import io.relo.control.chord.ChordMessage.ErrorResponse;
import io.relo.control.chord.ChordMessage.JoinRequest;
import io.relo.control.chord.ChordMessage.JoinResponse;
import io.relo.control.chord.ChordMessage.LeaveRequest;
import io.relo.control.chord.ChordMessage.LeaveResponse;
import io.relo.control.chord.ChordMessage.PingRequest;
import io.relo.control.chord.ChordMessage.PingResponse;
import io.relo.control.chord.ChordMessage.UpdateRequest;
import io.relo.control.chord.ChordMessage.UpdateResponse;
import io.relo.control.message.ConnectOffer.Candidate;
import io.relo.fastpath.ring.PeerId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.1, §4.2, §4.3, §5.1.1, §5.1.2, §5.3 and §7.5: Chord maintenance messages and CONNECT offers survive the
 * trip to bytes and back, match frames written by hand from the draft's structs, and garbage never gets through.
 */
class ChordCodecTest
{
    static final int OVERLAY = OverlayName.hash("relo.example.org");
    static final PeerId A = new PeerId(0x1000_0000_0000_0000L, 1);
    static final PeerId B = new PeerId(0x2000_0000_0000_0000L, 2);
    static final PeerId C = new PeerId(0x3000_0000_0000_0000L, 3);
    static final PeerId D = new PeerId(0x4000_0000_0000_0000L, 4);
    static final PeerId E = new PeerId(0x5000_0000_0000_0000L, 5);
    static final PeerId HIGH = new PeerId(0xFFFF_FFFF_FFFF_FFFEL, 0x8000_0000_0000_0000L);

    final ChordCodec codec = new ChordCodec(OVERLAY);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[300_000]);

    static Stream<Arguments> everyBody()
    {
        final List<PeerId> fifteen = new ArrayList<>();
        for (int i = 0; i < ChordCodec.MAX_UPDATE_PEERS; i++)
        {
            fifteen.add(new PeerId(0x0100_0000_0000_0000L * (i + 1), -i));
        }
        final byte[] longInfo = new byte[600];
        new Random(7).nextBytes(longInfo);
        return Stream.of(
            Arguments.of("plain PING", PingRequest.PLAIN),
            Arguments.of("PING for RESPONSIBLE-SET", new PingRequest(true, false)),
            Arguments.of("PING for NUM-RESOURCES", new PingRequest(false, true)),
            Arguments.of("PING for both", new PingRequest(true, true)),
            Arguments.of("PING answer with nothing asked", new PingResponse(-1L, -1, -1)),
            Arguments.of("PING answer with RESPONSIBLE-SET", new PingResponse(42, 250_000_000L, -1)),
            Arguments.of("PING answer with NUM-RESOURCES", new PingResponse(0x8000_0000_0000_0000L, -1, 7)),
            Arguments.of("PING answer with both at uint32 max", new PingResponse(1, 0xFFFF_FFFFL, 0xFFFF_FFFFL)),
            Arguments.of("JOIN", new JoinRequest(HIGH)),
            Arguments.of("JOIN answer", new JoinResponse()),
            Arguments.of("LEAVE", new LeaveRequest(B)),
            Arguments.of("LEAVE answer", new LeaveResponse()),
            Arguments.of("empty UPDATE", new UpdateRequest(List.of(), List.of())),
            Arguments.of("UPDATE of a full neighbour set", new UpdateRequest(List.of(A, B, C), List.of(D, E, HIGH))),
            Arguments.of("UPDATE of 15 and 15", new UpdateRequest(fifteen, fifteen)),
            Arguments.of("UPDATE answer", new UpdateResponse()),
            Arguments.of("302 to a peer", new ErrorResponse(MethodCode.JOIN, ResponseCode.MOVED_TEMPORARILY,
                "Moved Temporarily", ChordCodec.redirectInfo(HIGH))),
            Arguments.of("404", new ErrorResponse(MethodCode.PING, ResponseCode.NOT_FOUND, "Not Found", new byte[0])),
            Arguments.of("error to CONNECT", new ErrorResponse(MethodCode.CONNECT, ResponseCode.FORBIDDEN,
                "Forbidden: no certificate for peer 3f…a1", longInfo)),
            Arguments.of("error echoing a 16-bit method", new ErrorResponse(0xFFFF, 0x7FFF, "", new byte[0])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyBody")
    void shouldRoundTripEveryBodyAsAnOriginatedMessage(final String name, final Body body)
    {
        final ChordMessage message = new ChordMessage(List.of(E), List.of(), ChordMessage.INITIAL_TTL,
            0x0102_0304_0506_0708L, body);
        final int length = codec.encode(message, out, 0);

        final ChordMessage decoded = codec.decode(out, 0, length, 0, 0);
        assertNotNull(decoded, codec::lastError);
        assertEquals(ChordCodec.Status.DECODED, codec.lastStatus());
        assertSameMessage(message, decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyBody")
    void shouldRoundTripEveryBodyWithListsTtlAndOffset(final String name, final Body body)
    {
        final ChordMessage message = new ChordMessage(List.of(C, D, E), List.of(A, B), 3, -1L, body);
        final int offset = 13;
        final int length = codec.encode(message, out, offset);

        assertSameMessage(message, codec.decode(out, offset, length, 0, 0));
        assertEquals(methodOf(body), codec.lastMethod(), "the method, echoed in a response (wire-format.md §3.2)");
    }

    static int methodOf(final Body body)
    {
        if (body instanceof PingRequest || body instanceof PingResponse)
        {
            return MethodCode.PING;
        }
        if (body instanceof JoinRequest || body instanceof JoinResponse)
        {
            return MethodCode.JOIN;
        }
        if (body instanceof LeaveRequest || body instanceof LeaveResponse)
        {
            return MethodCode.LEAVE;
        }
        if (body instanceof UpdateRequest || body instanceof UpdateResponse)
        {
            return MethodCode.UPDATE;
        }
        return ((ErrorResponse)body).method();
    }

    /**
     * draft §7.5: chord_update, written field by field from the struct; ids are 16 bytes, the prefixes count bytes
     * (docs/wire-format.md §1.1).
     */
    static final String UPDATE_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay: CRC-32 of "relo.example.org" (wire-format.md §2.4)
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // FRAG 0, LFRG 0, fragment offset 0
        "01" +                               // EXP 0, version 1
        "000066" +                           // length 102 = 28 + 16 + 58
        "0102030405060708" +                 // transaction id
        "01" +                               // route list length: 1 peer-id
        "00" +                               // via list length: 0
        "0000" +                             // flags: no ROUTE-LOG
        "40000000000000000000000000000004" + // route list [0]: D
        "000a" +                             // R/r 0, code 10: UPDATE request
        "0000" +                             // reserved: 0 in a request
        "00000032" +                         // payload length 50
        "20" +                               // chord_update.predecessors<255>: 32 bytes
        "10000000000000000000000000000001" + //   A
        "20000000000000000000000000000002" + //   B
        "10" +                               // chord_update.successors<255>: 16 bytes
        "50000000000000000000000000000005";  //   E

    /** draft §5.1.1.2: ping_response answering RESPONSIBLE-SET and NUM-RESOURCES, on its way back to A. */
    static final String PING_RESPONSE_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "00004a" +                           // length 74 = 28 + 16 + 30
        "1122334455667788" +                 // transaction id of the PING
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "10000000000000000000000000000001" + // route list [0]: A, the PING's originator
        "80c8" +                             // R/r 1, code 200
        "0001" +                             // reserved: answers PING (wire-format.md §3.2)
        "00000016" +                         // payload length 22
        "0123456789abcdef" +                 // ping_response.response_id
        "000c" +                             // infos<65000>: 12 bytes
        "0001" +                             //   ping_info_types info_responsible_type (2 bytes, §5.1.1.2)
        "00989680" +                         //   responsible_ppb 10,000,000 (1%)
        "0002" +                             //   ping_info_types info_num_resources_type
        "0000002a";                          //   num_resources 42

    @Test
    void shouldEncodeAnUpdateAsTheDraftsStructsSay()
    {
        final ChordMessage update = new ChordMessage(List.of(D), List.of(), 100, 0x0102030405060708L,
            new UpdateRequest(List.of(A, B), List.of(E)));
        assertEquals(UPDATE_FRAME, hex(out, codec.encode(update, out, 0)));
        assertSameMessage(update, codec.decode(frame(UPDATE_FRAME), 0, UPDATE_FRAME.length() / 2, 0, 0));
    }

    @Test
    void shouldEncodeAPingResponseAsTheDraftsStructsSay()
    {
        final ChordMessage response = new ChordMessage(List.of(A), List.of(), 100, 0x1122334455667788L,
            new PingResponse(0x0123456789abcdefL, 10_000_000L, 42));
        assertEquals(PING_RESPONSE_FRAME, hex(out, codec.encode(response, out, 0)));
        assertSameMessage(response, codec.decode(frame(PING_RESPONSE_FRAME), 0, PING_RESPONSE_FRAME.length() / 2, 0, 0));
    }

    @Test
    void shouldMakeTheFirstViaEntryTheOriginAndAppendThePreviousHop()
    {
        // draft §4.1.2.3.3: A sent it, B forwarded it, C handed it to this peer
        final ChordMessage sent = new ChordMessage(List.of(), List.of(A, B), 40, 9, new JoinRequest(A));
        final int length = codec.encode(sent, out, 0);

        final ChordMessage delivered = codec.decode(out, 0, length, C.hi(), C.lo());
        assertNotNull(delivered, codec::lastError);
        assertEquals(List.of(A, B, C), delivered.via());
        assertEquals(A, delivered.origin(E));
        assertEquals(List.of(C, B, A), ChordMessage.reversed(delivered.via()), "draft §4.1.2.2: the way back");
    }

    @Test
    void shouldMakeThePreviousHopTheOriginOfAMessageFromANeighbour()
    {
        final ChordMessage sent = new ChordMessage(List.of(E), List.of(), 100, 9, PingRequest.PLAIN);
        final int length = codec.encode(sent, out, 0);

        assertEquals(D, codec.decode(out, 0, length, D.hi(), D.lo()).origin(E));
        assertEquals(E, codec.decode(out, 0, length, 0, 0).origin(E), "no previous hop: this peer sent it");
    }

    @Test
    void shouldReadThePeerOfARedirect()
    {
        final ErrorResponse redirect =
            new ErrorResponse(MethodCode.PING, ResponseCode.MOVED_TEMPORARILY, "Moved Temporarily",
            ChordCodec.redirectInfo(HIGH));
        assertEquals(HIGH, ChordCodec.redirectTarget(redirect));
        assertNull(ChordCodec.redirectTarget(new ErrorResponse(MethodCode.PING, ResponseCode.NOT_FOUND, "Not Found",
            ChordCodec.redirectInfo(HIGH))), "only a 302 redirects");
        assertNull(ChordCodec.redirectTarget(new ErrorResponse(MethodCode.PING, ResponseCode.MOVED_TEMPORARILY,
            "Moved Temporarily", new byte[15])), "a peer-id is 16 bytes");
    }

    @Test
    void shouldIgnorePingInfoTypesItDoesNotKnow()
    {
        // draft §5.1.1.2: the responder answers what it recognizes
        final String ping = UPDATE_FRAME.substring(0, 2 * 13) + "000039" + UPDATE_FRAME.substring(2 * 16, 2 * 44) +
            "0001" + "0000" + "00000005" + "04" + "07" + "02" + "ff" + "01";
        final ChordMessage decoded = codec.decode(frame(ping), 0, ping.length() / 2, 0, 0);
        assertNotNull(decoded, codec::lastError);
        assertEquals(new PingRequest(true, true), decoded.body());
    }

    @Test
    void shouldReportOtherMethodsAsUnsupportedWithTheirMethod()
    {
        final MessageBuilder builder = new MessageBuilder(OVERLAY);
        final UnsafeBuffer store = new UnsafeBuffer(new byte[] {1, 2, 3});
        final int length = builder.request(out, 0, 5, MethodCode.STORE, new long[] {E.hi()}, new long[] {E.lo()}, 1,
            store, 0, 3);

        assertNull(codec.decode(out, 0, length, A.hi(), A.lo()));
        assertEquals(ChordCodec.Status.UNSUPPORTED_METHOD, codec.lastStatus());
        assertEquals(MethodCode.STORE, codec.lastMethod());
        assertTrue(codec.lastError().contains("STORE"), codec::lastError);

        final int connect = codec.encodeConnect(new ConnectMessage(List.of(E), List.of(), 100, 6, false, offer()),
            out, 0);
        assertNull(codec.decode(out, 0, connect, A.hi(), A.lo()));
        assertEquals(ChordCodec.Status.UNSUPPORTED_METHOD, codec.lastStatus());
        assertEquals(MethodCode.CONNECT, codec.lastMethod(), "the conductor passes it to decodeConnect");

        final int update = codec.encode(new ChordMessage(List.of(E), List.of(), 100, 6, new UpdateResponse()), out, 0);
        assertNull(codec.decodeConnect(out, 0, update, A.hi(), A.lo()));
        assertEquals(ChordCodec.Status.UNSUPPORTED_METHOD, codec.lastStatus());
        assertEquals(MethodCode.UPDATE, codec.lastMethod());
    }

    @Test
    void shouldLeaveErrorResponsesToConnectToDecode()
    {
        final ErrorResponse refused = new ErrorResponse(MethodCode.CONNECT, ResponseCode.FORBIDDEN, "Forbidden",
            new byte[0]);
        final int length = codec.encode(new ChordMessage(List.of(A), List.of(), 100, 8, refused), out, 0);

        assertNull(codec.decodeConnect(out, 0, length, 0, 0));
        assertEquals(ChordCodec.Status.ERROR_RESPONSE, codec.lastStatus());
        assertEquals(MethodCode.CONNECT, codec.lastMethod());
        assertSameMessage(new ChordMessage(List.of(A), List.of(), 100, 8, refused), codec.decode(out, 0, length, 0, 0));
    }

    @Test
    void shouldRefuseAFrameWhosePayloadDoesNotMatchItsMethod()
    {
        // a JOIN response carries nothing (draft §5.3.1, wire-format.md §3.4): give it the payload of a JOIN request
        final int join = codec.encode(new ChordMessage(List.of(E), List.of(), 100, 1, new JoinRequest(A)), out, 0);
        out.putShort(44, (short)(0x8000 | ResponseCode.OK), ByteOrder.BIG_ENDIAN);
        out.putShort(46, (short)MethodCode.JOIN, ByteOrder.BIG_ENDIAN);

        assertNull(codec.decode(out, 0, join, 0, 0));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
        assertEquals(MethodCode.JOIN, codec.lastMethod());
        assertTrue(codec.lastError().contains("JOIN"), codec::lastError);
    }

    @Test
    void shouldRefuseFragmentsUntilReassembled()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        final int length = new ForwardingHeaderEncoder().wrap(frame, 0).overlay(OVERLAY).ttl(9).fragment(true, false, 0)
            .transactionId(1).routeList(new long[0], 0).finish(8);

        assertNull(codec.decode(frame, 0, length, 0, 0));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
        assertTrue(codec.lastError().contains("reassemble"), codec::lastError);
    }

    @Test
    void shouldRefuseEveryTruncationOfAValidFrame()
    {
        final int length = codec.encode(new ChordMessage(List.of(E), List.of(A), 100, 1,
            new UpdateRequest(List.of(A, B), List.of(C, D))), out, 0);
        for (int cut = 0; cut < length; cut++)
        {
            assertNull(codec.decode(out, 0, cut, 0, 0), "frame cut to " + cut + " bytes");
            assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
            assertFalse(codec.lastError().isEmpty());
        }
    }

    @Test
    void shouldRefuseWindowsOutsideTheBuffer()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[40]);
        assertNull(codec.decode(small, 30, 28, 0, 0));
        assertNull(codec.decode(small, -1, 28, 0, 0));
        assertNull(codec.decode(small, 0, -5, 0, 0));
        assertNull(codec.decodeConnect(small, 41, 0, 0, 0));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
        assertEquals(ChordCodec.NO_METHOD, codec.lastMethod());
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRefuseRandomBytesWithAReason(final long seed)
    {
        final Random random = new Random(seed);
        final byte[] garbage = new byte[random.nextInt(400)];
        random.nextBytes(garbage);
        final UnsafeBuffer buffer = new UnsafeBuffer(garbage);

        assertNull(codec.decode(buffer, 0, garbage.length, random.nextLong(), random.nextLong()));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
        assertFalse(codec.lastError().isEmpty());
        assertNull(codec.decodeConnect(buffer, 0, garbage.length, 0, 0));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
    }

    /**
     * A well-formed header and common header with a random method, direction and code, and a random payload whose
     * length field is right, so that the payload decoders see it.
     */
    static int randomContents(final long seed, final UnsafeBuffer frame)
    {
        final Random random = new Random(seed);
        final int[] chord = {MethodCode.PING, MethodCode.JOIN, MethodCode.LEAVE, MethodCode.UPDATE};
        final int method = random.nextInt(4) == 0 ? 1 + random.nextInt(MethodCode.UPDATE) : chord[random.nextInt(4)];
        final boolean isResponse = random.nextBoolean();
        final int[] codes = {ResponseCode.OK, ResponseCode.OK, ResponseCode.MOVED_TEMPORARILY, ResponseCode.NOT_FOUND};
        final byte[] payload = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(60)];
        random.nextBytes(payload);
        if (payload.length > 0 && random.nextBoolean())
        {
            payload[0] = (byte)(payload.length - 1); // the 1-byte prefix of ping_request or chord_update fits
        }

        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(frame, 0).overlay(OVERLAY).ttl(5)
            .transactionId(seed).routeList(new long[] {A.hi(), A.lo()}, 1);
        final int at = header.contentsOffset();
        frame.putShort(at, (short)(isResponse ? 0x8000 | codes[random.nextInt(codes.length)] : method),
            ByteOrder.BIG_ENDIAN);
        frame.putShort(at + 2, (short)(isResponse ? method : 0), ByteOrder.BIG_ENDIAN);
        frame.putInt(at + 4, payload.length, ByteOrder.BIG_ENDIAN);
        frame.putBytes(at + 8, payload);
        return header.finish(8 + payload.length);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldDecodeRandomContentsBehindAValidHeaderOnlyWhenItCanWriteThemAgain(final long seed)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);
        final int length = randomContents(seed, frame);

        final ChordMessage message = codec.decode(frame, 0, length, B.hi(), B.lo());
        assertEquals(null == message, ChordCodec.Status.DECODED != codec.lastStatus(), codec::lastError);
        assertFalse(codec.lastError().isEmpty());
        if (null != message)
        {
            assertEquals(List.of(B), message.via());
            final ChordMessage resent = new ChordMessage(message.route(), List.of(), message.ttl(),
                message.transactionId(), message.body());
            assertSameMessage(resent, codec.decode(out, 0, codec.encode(resent, out, 0), 0, 0));
        }
        else
        {
            // CONNECT to FIND sit between PING and JOIN: those are the methods left to other handlers
            final boolean otherMethod = codec.lastMethod() >= MethodCode.CONNECT && codec.lastMethod() <= MethodCode.FIND;
            assertEquals(otherMethod ? ChordCodec.Status.UNSUPPORTED_METHOD : ChordCodec.Status.MALFORMED,
                codec.lastStatus(), codec::lastError);
        }
    }

    @Test
    void shouldRefuseToEncodeWhatTheWireCannotCarry()
    {
        final List<PeerId> sixteen = Collections.nCopies(ChordCodec.MAX_UPDATE_PEERS + 1, A);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ChordMessage(List.of(E), List.of(), 100, 1,
            new UpdateRequest(sixteen, List.of())), out, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ChordMessage(List.of(E), List.of(), 100, 1,
            new ErrorResponse(MethodCode.PING, ResponseCode.OK, "OK", new byte[0])), out, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ChordMessage(List.of(E), List.of(), 100, 1,
            new PingResponse(1, 1L << 32, -1)), out, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ChordMessage(
            Collections.nCopies(256, E), List.of(), 100, 1, PingRequest.PLAIN), out, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ChordMessage(List.of(E), List.of(), 256, 1,
            PingRequest.PLAIN), out, 0));
    }

    static ConnectOffer offer()
    {
        return new ConnectOffer("9uB6Ks5gKmLxQp2w", "asd88fgpdd777uzjYhagZg", ConnectOffer.APPLICATION_RELOAD,
            "SHA-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", ConnectOffer.ROLE_ACTPASS,
            List.of(Candidate.host("192.0.2.1", 6084)));
    }

    @Test
    void shouldRoundTripAConnectOffer()
    {
        final ConnectOffer twoCandidates = new ConnectOffer("u", "p", ConnectOffer.APPLICATION_SIP, "SHA-1 00",
            ConnectOffer.ROLE_PASSIVE, List.of(Candidate.host("2001:db8::7", 5060),
            Candidate.parse("candidate:2 1 UDP 1694498815 198.51.100.7 49170 typ srflx raddr 192.0.2.1 rport 6084")));
        for (final ConnectOffer offer : List.of(offer(), twoCandidates))
        {
            final ConnectMessage request = new ConnectMessage(List.of(E), List.of(), 100, 77, false, offer);
            final int length = codec.encodeConnect(request, out, 0);
            assertEquals(request, codec.decodeConnect(out, 0, length, 0, 0), codec::lastError);
            assertEquals(ChordCodec.Status.DECODED, codec.lastStatus());
            assertEquals(MethodCode.CONNECT, codec.lastMethod());
        }
    }

    @Test
    void shouldAnswerAConnectAlongTheReversedViaList()
    {
        final ConnectMessage request = new ConnectMessage(List.of(E), List.of(A, B), 99, 0x77, false, offer());
        final int requestLength = codec.encodeConnect(request, out, 0);
        final ConnectMessage delivered = codec.decodeConnect(out, 0, requestLength, C.hi(), C.lo());
        assertNotNull(delivered, codec::lastError);
        assertEquals(A, delivered.origin(E), "the offer is A's");

        final ConnectOffer answer = new ConnectOffer("x", "y", ConnectOffer.APPLICATION_RELOAD, "SHA-256 01",
            ConnectOffer.ROLE_ACTIVE, List.of(Candidate.host("203.0.113.9", 40000)));
        final UnsafeBuffer responseBuffer = new UnsafeBuffer(new byte[2048]);
        final int responseLength =
            codec.encodeConnectResponse(out, 0, requestLength, C.hi(), C.lo(), answer, responseBuffer, 0);

        final ConnectMessage response = codec.decodeConnect(responseBuffer, 0, responseLength, 0, 0);
        assertEquals(new ConnectMessage(List.of(C, B, A), List.of(), ChordMessage.INITIAL_TTL, 0x77, true, answer),
            response);
    }

    @Test
    void shouldRefuseToAnswerAFrameThatIsNotAConnectRequest()
    {
        final int length = codec.encode(new ChordMessage(List.of(E), List.of(), 100, 1, PingRequest.PLAIN), out, 0);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> codec.encodeConnectResponse(out, 0, length, 0, 0, offer(), new UnsafeBuffer(new byte[512]), 0));
        assertTrue(ex.getMessage().contains("PING request"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnOfferWhoseCandidateNamesAHost()
    {
        // a name would be resolved by whoever opens the link: relo takes only IP literals from the network
        final ConnectOffer safe = offer();
        final int length = codec.encodeConnect(new ConnectMessage(List.of(E), List.of(), 100, 1, false, safe), out, 0);
        final String text = safe.candidates().get(0).toAttribute();
        final int at = indexOf(out, length, text);
        final byte[] evil = text.replace("192.0.2.1", "evil.test").getBytes(StandardCharsets.US_ASCII);
        assertEquals(text.length(), evil.length);
        out.putBytes(at, evil);

        assertNull(codec.decodeConnect(out, 0, length, 0, 0));
        assertEquals(ChordCodec.Status.MALFORMED, codec.lastStatus());
        assertTrue(codec.lastError().contains("evil.test"), codec::lastError);
    }

    static void assertSameMessage(final ChordMessage expected, final ChordMessage actual)
    {
        assertNotNull(actual, "not decoded");
        assertEquals(expected.route(), actual.route(), "route list");
        assertEquals(expected.via(), actual.via(), "via list");
        assertEquals(expected.ttl(), actual.ttl(), "TTL");
        assertEquals(expected.transactionId(), actual.transactionId(), "transaction id");
        if (expected.body() instanceof ErrorResponse)
        {
            // a record compares arrays by identity, so the error_info bytes are compared on their own
            final ErrorResponse e = (ErrorResponse)expected.body();
            final ErrorResponse a = (ErrorResponse)actual.body();
            assertEquals(e.method(), a.method(), "method echoed");
            assertEquals(e.code(), a.code(), "response code");
            assertEquals(e.reason(), a.reason(), "reason phrase");
            assertArrayEquals(e.errorInfo(), a.errorInfo(), "error_info");
        }
        else
        {
            assertEquals(expected.body(), actual.body());
        }
    }

    static UnsafeBuffer frame(final String hex)
    {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new UnsafeBuffer(bytes);
    }

    static String hex(final UnsafeBuffer buffer, final int length)
    {
        final StringBuilder sb = new StringBuilder(2 * length);
        for (int i = 0; i < length; i++)
        {
            sb.append(String.format("%02x", buffer.getByte(i) & 0xFF));
        }
        return sb.toString();
    }

    private static int indexOf(final UnsafeBuffer buffer, final int length, final String text)
    {
        final String all = new String(buffer.byteArray(), 0, length, StandardCharsets.ISO_8859_1);
        final int at = all.indexOf(text);
        assertTrue(at >= 0, "candidate text in the frame");
        return at;
    }
}
