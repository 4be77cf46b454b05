package io.relo.codec.golden;

import io.relo.codec.CandidateDecoder;
import io.relo.codec.ConnectDataDecoder;
import io.relo.codec.ConnectDataEncoder;
import io.relo.codec.PingInfoDataDecoder;
import io.relo.codec.PingInfoDataEncoder;
import io.relo.codec.PingInfoTypes;
import io.relo.codec.PingRequestDecoder;
import io.relo.codec.PingRequestEncoder;
import io.relo.codec.PingResponseDecoder;
import io.relo.codec.PingResponseEncoder;
import io.relo.codec.TunnelDataDecoder;
import io.relo.codec.TunnelDataEncoder;
import io.relo.codec.runtime.DecoderCursor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.relo.codec.golden.Golden.assertEncodes;
import static io.relo.codec.golden.Golden.assertWrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Golden vectors for the connection management payloads of draft §5.1: PING, CONNECT and TUNNEL.
 */
class ConnectionGoldenTest
{
    /** draft §5.1.1.1: a PING asking for both status values. */
    static final String PING_REQUEST =
        "02" +                  // uint8 ping_info<255>: 1-byte length 2
        "01" +                  //   RESPONSIBLE-SET 0x01
        "02";                   //   NUM-RESOURCES 0x02

    /** draft §5.1.1.2: the NUM-RESOURCES answer alone. */
    static final String PING_INFO_DATA_NUM_RESOURCES =
        "0002" +                // ping_info_types: 2 bytes ("leading 16 bits"), info_num_resources_type
        "0000002a";             // uint32 num_resources 42

    /** draft §5.1.1.2: both answers, in the requested order. */
    static final String PING_RESPONSE =
        "0123456789abcdef" +    // uint64 response_id
        "000c" +                // ping_info_data infos<65000>: 2-byte length 12
        "0001" +                //   [0] ping_info_types: 2 bytes, info_responsible_type
        "00989680" +            //       uint32 responsible_ppb 10000000 (1% of the overlay)
        PING_INFO_DATA_NUM_RESOURCES; // [1] 6 bytes

    /** draft §5.1.2.1: host candidate. */
    static final String CANDIDATE_HOST =
        "0034" +                // string candidate_string: 2-byte length 52
        "63616e6469646174653a31203120554450203231333037303634" + // "candidate:1 1 UDP 21307064"
        "3331203139322e302e322e3120363038342074797020686f7374";  // "31 192.0.2.1 6084 typ host"

    /** draft §5.1.2.1: server-reflexive candidate. */
    static final String CANDIDATE_SRFLX =
        "0054" +                // string candidate_string: 2-byte length 84
        "63616e6469646174653a322031205544502031363934343938383135" + // "candidate:2 1 UDP 1694498815"
        "203139382e35312e3130302e3720343931373020747970207372666c" + // " 198.51.100.7 49170 typ srfl"
        "78207261646472203139322e302e322e312072706f72742036303834";  // "x raddr 192.0.2.1 rport 6084"

    /** draft §5.1.2.1: a CONNECT offering two ICE candidates for RELOAD itself (port 6084). */
    static final String CONNECT_DATA =
        "0010" +                // string ufrag: 2-byte length 16
        "397542364b7335674b6d4c7851703277" + // "9uB6Ks5gKmLxQp2w"
        "0016" +                // string password: 2-byte length 22
        "61736438386667706464373737757a6a596861675a67" + // "asd88fgpdd777uzjYhagZg"
        "17c4" +                // uint16 application 6084
        "0041" +                // string fingerprint: 2-byte length 65, RFC 4572 form
        "5348412d312034413a41443a42393a42313a33463a38323a" + // "SHA-1 4A:AD:B9:B1:3F:82:"
        "31383a33423a35343a30323a31323a44463a33453a35443a" + // "18:3B:54:02:12:DF:3E:5D:"
        "34393a36423a31393a45353a37433a4142" +               // "49:6B:19:E5:7C:AB"
        "0007" +                // string role: 2-byte length 7
        "61637470617373" +      // "actpass"
        "008c" +                // candidate candidate_list<65000>: 2-byte length 140 = 54 + 86
        CANDIDATE_HOST +        //   [0] 54 bytes
        CANDIDATE_SRFLX;        //   [1] 86 bytes

    /** draft §5.1.3.1: a SIP INVITE tunnelled to port 5060. */
    static final String TUNNEL_DATA =
        "13c4" +                // uint16 application 5060 (SIP)
        "001f" +                // string dialog_id: 2-byte length 31
        "61383462346337366536363731304070" + // "a84b4c76e66710@p"
        "6333332e6578616d706c652e636f6d" +   // "c33.example.com"
        "00b4" +                // string application_pdu: 2-byte length 180 = 40 + 57 + 42 + 21 + 18 + 2
        "494e56495445207369703a626f62406468742e6578616d70" +         // "INVITE sip:bob@dht.examp"
        "6c652e636f6d205349502f322e300d0a" +                         // "le.com SIP/2.0\r\n"
        "5669613a205349502f322e302f544350203139322e302e322e313a35" + // "Via: SIP/2.0/TCP 192.0.2.1:5"
        "3036303b6272616e63683d7a39684734624b3737366173646864730d0a" + // "060;branch=z9hG4bK776asdhds\r\n"
        "43616c6c2d49443a20613834623463373665363637313040" +         // "Call-ID: a84b4c76e66710@"
        "706333332e6578616d706c652e636f6d0d0a" +                     // "pc33.example.com\r\n"
        "435365713a2033313431353920494e564954450d0a" +               // "CSeq: 314159 INVITE\r\n"
        "4d61782d466f7277617264733a2037300d0a" +                     // "Max-Forwards: 70\r\n"
        "0d0a";                                                      // "\r\n"

    static final String HOST_CANDIDATE_TEXT = "candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ host";
    static final String SRFLX_CANDIDATE_TEXT =
        "candidate:2 1 UDP 1694498815 198.51.100.7 49170 typ srflx raddr 192.0.2.1 rport 6084";
    static final String FINGERPRINT_TEXT = "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB";
    static final String INVITE_TEXT =
        "INVITE sip:bob@dht.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n" +
        "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Max-Forwards: 70\r\n" +
        "\r\n";

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodePingRequestForResponsibleSetAndNumResources(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, PING_REQUEST);
        final PingRequestDecoder decoder = new PingRequestDecoder();
        assertWrapped(3, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(2, decoder.pingInfoLength());
        assertEquals(2, decoder.pingInfoCount());
        assertEquals(0x01, decoder.pingInfo(0));
        assertEquals(0x02, decoder.pingInfo(1));

        assertEncodes(PING_REQUEST, offset, (buf, off) -> new PingRequestEncoder().wrap(buf, off)
            .pingInfoBegin().pingInfoAdd(0x01).pingInfoAdd(0x02).pingInfoEnd()
            .finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodePingInfoDataWithTwoByteType(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, PING_INFO_DATA_NUM_RESOURCES);
        final PingInfoDataDecoder decoder = new PingInfoDataDecoder();
        assertWrapped(6, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(PingInfoTypes.INFO_NUM_RESOURCES_TYPE, decoder.info().type());
        assertEquals(42L, decoder.info().numResources());

        assertEncodes(PING_INFO_DATA_NUM_RESOURCES, offset, (buf, off) ->
        {
            final PingInfoDataEncoder encoder = new PingInfoDataEncoder().wrap(buf, off);
            encoder.info().infoNumResourcesType().numResources(42L);
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodePingResponseWithBothInfos(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, PING_RESPONSE);
        final PingResponseDecoder decoder = new PingResponseDecoder();
        assertWrapped(22, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(0x0123456789abcdefL, decoder.responseId());
        assertEquals(12, decoder.infosLength());
        assertEquals(2, decoder.infosCount());
        final DecoderCursor<PingInfoDataDecoder> infos = decoder.infos();
        final PingInfoDataDecoder responsible = infos.next();
        assertEquals(PingInfoTypes.INFO_RESPONSIBLE_TYPE, responsible.info().type());
        assertEquals(10_000_000L, responsible.info().responsiblePpb());
        final PingInfoDataDecoder resources = infos.next();
        assertEquals(PingInfoTypes.INFO_NUM_RESOURCES_TYPE, resources.info().type());
        assertEquals(42L, resources.info().numResources());
        assertFalse(infos.hasNext());

        assertEncodes(PING_RESPONSE, offset, (buf, off) ->
        {
            final PingResponseEncoder encoder = new PingResponseEncoder().wrap(buf, off)
                .responseId(0x0123456789abcdefL)
                .infosBegin();
            encoder.infosNext().info().infoResponsibleType().responsiblePpb(10_000_000L);
            encoder.infosNext().info().infoNumResourcesType().numResources(42L);
            return encoder.infosEnd().finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeConnectDataWithHostAndReflexiveCandidates(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, CONNECT_DATA);
        final ConnectDataDecoder decoder = new ConnectDataDecoder();
        assertWrapped(262, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals("9uB6Ks5gKmLxQp2w", decoder.ufrag());
        assertEquals("asd88fgpdd777uzjYhagZg", decoder.password());
        assertEquals(6084, decoder.application());
        assertEquals(FINGERPRINT_TEXT, decoder.fingerprint());
        assertEquals("actpass", decoder.role());
        assertEquals(140, decoder.candidateListLength());
        assertEquals(2, decoder.candidateListCount());
        final DecoderCursor<CandidateDecoder> candidates = decoder.candidateList();
        assertEquals(HOST_CANDIDATE_TEXT, candidates.next().candidateString());
        assertEquals(SRFLX_CANDIDATE_TEXT, candidates.next().candidateString());
        assertFalse(candidates.hasNext());

        assertEncodes(CONNECT_DATA, offset, (buf, off) ->
        {
            final ConnectDataEncoder encoder = new ConnectDataEncoder().wrap(buf, off)
                .ufrag("9uB6Ks5gKmLxQp2w")
                .password("asd88fgpdd777uzjYhagZg")
                .application(6084)
                .fingerprint(FINGERPRINT_TEXT)
                .role("actpass")
                .candidateListBegin();
            encoder.candidateListNext().candidateString(HOST_CANDIDATE_TEXT);
            encoder.candidateListNext().candidateString(SRFLX_CANDIDATE_TEXT);
            return encoder.candidateListEnd().finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeTunnelDataCarryingSipInvite(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, TUNNEL_DATA);
        final TunnelDataDecoder decoder = new TunnelDataDecoder();
        assertWrapped(217, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(5060, decoder.application());
        assertEquals("a84b4c76e66710@pc33.example.com", decoder.dialogId());
        assertEquals(180, decoder.applicationPduLength());
        assertEquals(INVITE_TEXT, decoder.applicationPdu());

        assertEncodes(TUNNEL_DATA, offset, (buf, off) -> new TunnelDataEncoder().wrap(buf, off)
            .application(5060)
            .dialogId("a84b4c76e66710@pc33.example.com")
            .applicationPdu(INVITE_TEXT)
            .finish());
    }
}
