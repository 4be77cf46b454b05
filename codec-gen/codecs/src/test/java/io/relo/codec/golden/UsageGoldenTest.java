package io.relo.codec.golden;

import io.relo.codec.AddressType;
import io.relo.codec.SipRegistrationDataDecoder;
import io.relo.codec.SipRegistrationDecoder;
import io.relo.codec.SipRegistrationEncoder;
import io.relo.codec.SipRegistrationRouteDecoder;
import io.relo.codec.SipRegistrationType;
import io.relo.codec.TurnServerDecoder;
import io.relo.codec.TurnServerEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.relo.codec.golden.Golden.BOB;
import static io.relo.codec.golden.Golden.BOB_HI;
import static io.relo.codec.golden.Golden.BOB_LO;
import static io.relo.codec.golden.Golden.PEER_A;
import static io.relo.codec.golden.Golden.PEER_A_HI;
import static io.relo.codec.golden.Golden.PEER_A_LO;
import static io.relo.codec.golden.Golden.assertEncodes;
import static io.relo.codec.golden.Golden.assertWrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden vectors for the usage records: SIP-REGISTRATION as draft §9.2.1 ({@code io.relo.codec}) and RFC 7904 §3.2
 * ({@code io.relo.codec.sip}, always written out in full here) define it, and the TURN-SERVICE record of draft §9.3.
 */
class UsageGoldenTest
{
    /** draft §9.2.1: a registration that forwards to another URI. */
    static final String DRAFT_SIP_REGISTRATION_URI =
        "01" +                  // sip_registration_type: sip_registration_uri_type, 1 byte
        "0017" +                // string registration_uri: 2-byte length 23
        "7369703a626f62406468742e6578616d706c652e636f6d"; // "sip:bob@dht.example.com"

    /** draft §9.2.1: the route case without its type byte, a sip_registration_route. */
    static final String DRAFT_SIP_REGISTRATION_ROUTE_BODY =
        "0011" +                // string contact_prefs: 2-byte length 17
        "287369702e736368656d65733d53495029" + // "(sip.schemes=SIP)"
        "0020" +                // peer_id route_list<65000>: 2-byte length 32 = 2 ids
        PEER_A +                //   [0] the peer acting for Bob
        BOB;                    //   [1] Bob

    /** draft §9.2.1: a registration holding contact preferences and a route list to Bob. */
    static final String DRAFT_SIP_REGISTRATION_ROUTE =
        "02" +                  // sip_registration_type: sip_registration_route_type, 1 byte
        DRAFT_SIP_REGISTRATION_ROUTE_BODY; // sip_registration_route registration_route, 53 bytes

    /** RFC 7904 §3.2: Bob's AOR forwarded to another AOR. */
    static final String SIP_REGISTRATION_URI =
        "01" +                  // SipRegistrationType type: sip_registration_uri, 1 byte
        "0015" +                // uint16 length: 21 bytes of the rest
        "0013" +                // opaque uri<0..2^16-1>: 2-byte length 19
        "626f62406468742e6578616d706c652e636f6d"; // "bob@dht.example.com"

    /** RFC 7904 §3.2: Bob's contact preferences and a destination list of two peer-ids. */
    static final String SIP_REGISTRATION_ROUTE =
        "02" +                  // SipRegistrationType type: sip_registration_route, 1 byte
        "0035" +                // uint16 length: 53 bytes of the rest = 2 + 17 + 2 + 32
        "0011" +                // opaque contact_prefs<0..2^16-1>: 2-byte length 17
        "287369702e736368656d65733d53495029" + // "(sip.schemes=SIP)"
        "0020" +                // Destination destination_list<3..2^16-1>: 2-byte length 32 = 2 ids
        PEER_A +                //   [0] the peer acting for Bob
        BOB;                    //   [1] Bob

    /** draft §9.3: a TURN server at 198.51.100.7:3478, first iteration. */
    static final String TURN_SERVER =
        "01" +                  // uint8 iteration 1
        "01" +                  // address_type: ip4_address_type
        "c6336407" +            // uint32 addr 198.51.100.7
        "0d96";                 // uint16 port 3478

    private static final byte[] CONTACT_PREFS = "(sip.schemes=SIP)".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeDraftSipRegistrationUri(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, DRAFT_SIP_REGISTRATION_URI);
        final SipRegistrationDecoder decoder = new SipRegistrationDecoder();
        assertWrapped(26, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        final SipRegistrationDataDecoder data = decoder.registrationData();
        assertEquals(SipRegistrationType.SIP_REGISTRATION_URI_TYPE, data.type());
        assertEquals("sip:bob@dht.example.com", data.registrationUri());

        assertEncodes(DRAFT_SIP_REGISTRATION_URI, offset, (buf, off) ->
        {
            final SipRegistrationEncoder encoder = new SipRegistrationEncoder().wrap(buf, off);
            encoder.registrationData().sipRegistrationUriType().registrationUri("sip:bob@dht.example.com");
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeDraftSipRegistrationRoute(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, DRAFT_SIP_REGISTRATION_ROUTE);
        final SipRegistrationDecoder decoder = new SipRegistrationDecoder();
        assertWrapped(54, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        final SipRegistrationDataDecoder data = decoder.registrationData();
        assertEquals(SipRegistrationType.SIP_REGISTRATION_ROUTE_TYPE, data.type());
        final SipRegistrationRouteDecoder route = data.registrationRoute();
        assertEquals("(sip.schemes=SIP)", route.contactPrefs());
        assertEquals(32, route.routeListLength());
        assertEquals(2, route.routeListCount());
        assertEquals(PEER_A_HI, route.routeListHi(0));
        assertEquals(PEER_A_LO, route.routeListLo(0));
        assertEquals(BOB_HI, route.routeListHi(1));
        assertEquals(BOB_LO, route.routeListLo(1));

        assertEncodes(DRAFT_SIP_REGISTRATION_ROUTE, offset, (buf, off) ->
        {
            final SipRegistrationEncoder encoder = new SipRegistrationEncoder().wrap(buf, off);
            encoder.registrationData().sipRegistrationRouteType().registrationRoute()
                .contactPrefs("(sip.schemes=SIP)")
                .routeListBegin().routeListAdd(PEER_A_HI, PEER_A_LO).routeListAdd(BOB_HI, BOB_LO).routeListEnd();
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeRfc7904SipRegistrationUri(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SIP_REGISTRATION_URI);
        final io.relo.codec.sip.SipRegistrationDecoder decoder = new io.relo.codec.sip.SipRegistrationDecoder();
        assertWrapped(24, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_URI, decoder.type());
        assertEquals(21, decoder.length());
        assertEquals(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_URI, decoder.data().type());
        assertArrayEquals("bob@dht.example.com".getBytes(StandardCharsets.US_ASCII), decoder.data().uriBytes());

        assertEncodes(SIP_REGISTRATION_URI, offset, (buf, off) ->
        {
            final io.relo.codec.sip.SipRegistrationEncoder encoder = new io.relo.codec.sip.SipRegistrationEncoder()
                .wrap(buf, off)
                .type(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_URI);
            encoder.data().sipRegistrationUri().uri("bob@dht.example.com".getBytes(StandardCharsets.US_ASCII));
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeRfc7904SipRegistrationRoute(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SIP_REGISTRATION_ROUTE);
        final io.relo.codec.sip.SipRegistrationDecoder decoder = new io.relo.codec.sip.SipRegistrationDecoder();
        assertWrapped(56, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_ROUTE, decoder.type());
        assertEquals(53, decoder.length());
        final io.relo.codec.sip.SipRegistrationDataDecoder data = decoder.data();
        assertEquals(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_ROUTE, data.type());
        assertArrayEquals(CONTACT_PREFS, data.contactPrefsBytes());
        assertEquals(32, data.destinationListLength());
        assertEquals(2, data.destinationListCount());
        assertEquals(PEER_A_HI, data.destinationListHi(0));
        assertEquals(PEER_A_LO, data.destinationListLo(0));
        assertEquals(BOB_HI, data.destinationListHi(1));
        assertEquals(BOB_LO, data.destinationListLo(1));

        assertEncodes(SIP_REGISTRATION_ROUTE, offset, UsageGoldenTest::encodeRfc7904Route);
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeTurnServer(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, TURN_SERVER);
        final TurnServerDecoder decoder = new TurnServerDecoder();
        assertWrapped(8, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(1, decoder.iteration());
        assertEquals(AddressType.IP4_ADDRESS_TYPE, decoder.address().type());
        assertEquals(0xc6336407L, decoder.address().v4().addr());
        assertEquals(3478, decoder.address().v4().port());

        assertEncodes(TURN_SERVER, offset, UsageGoldenTest::encodeTurnServer);
    }

    /**
     * Bob's RFC 7904 route registration; also used where another vector embeds it.
     *
     * @param buffer to write.
     * @param offset at which to start.
     * @return bytes written.
     */
    static int encodeRfc7904Route(final MutableDirectBuffer buffer, final int offset)
    {
        // finish() on the parent, not on the data() child a chain would end in, so length is back-patched.
        final io.relo.codec.sip.SipRegistrationEncoder encoder = new io.relo.codec.sip.SipRegistrationEncoder()
            .wrap(buffer, offset)
            .type(io.relo.codec.sip.SipRegistrationType.SIP_REGISTRATION_ROUTE);
        encoder.data().sipRegistrationRoute()
            .contactPrefs(CONTACT_PREFS)
            .destinationListBegin()
            .destinationListAdd(PEER_A_HI, PEER_A_LO)
            .destinationListAdd(BOB_HI, BOB_LO)
            .destinationListEnd();
        return encoder.finish();
    }

    /**
     * The TURN server record; also used where another vector embeds it.
     *
     * @param buffer to write.
     * @param offset at which to start.
     * @return bytes written.
     */
    static int encodeTurnServer(final MutableDirectBuffer buffer, final int offset)
    {
        final TurnServerEncoder encoder = new TurnServerEncoder().wrap(buffer, offset).iteration(1);
        encoder.address().ip4AddressType().v4().addr(0xc6336407L).port(3478);
        return encoder.finish();
    }
}
