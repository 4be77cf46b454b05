package io.relo.codec.golden;

import io.relo.codec.AddressType;
import io.relo.codec.CommonHeader;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.ErrorResponseEncoder;
import io.relo.codec.IpAddressAndPortDecoder;
import io.relo.codec.IpAddressAndPortEncoder;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.MessageSignatureInputDecoder;
import io.relo.codec.MessageSignatureInputEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.PeerInfoDataDecoder;
import io.relo.codec.PeerInfoDataEncoder;
import io.relo.codec.ResponseCode;
import io.relo.codec.RouteLogDecoder;
import io.relo.codec.RouteLogEncoder;
import io.relo.codec.RouteLogEntryDecoder;
import io.relo.codec.RouteLogEntryEncoder;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.SignatureEncoder;
import io.relo.codec.SignerIdentityDecoder;
import io.relo.codec.SignerIdentityEncoder;
import io.relo.codec.SignerIdentityType;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreTypeResponseDecoder;
import io.relo.codec.runtime.DecoderCursor;
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
import static io.relo.codec.golden.Golden.RESOURCE_BOB_HI;
import static io.relo.codec.golden.Golden.RESOURCE_BOB_LO;
import static io.relo.codec.golden.Golden.assertEncodes;
import static io.relo.codec.golden.Golden.assertWrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Golden vectors for the message structure around every payload: message contents (draft §4.2.1, §4.2.2), error
 * responses (§4.3), signatures and their input (§4.2.3) and the route log (§4.1.4).
 */
class MessageGoldenTest
{
    /** A stand-in for the 16 bytes a signature algorithm emits. */
    static final String SIGNATURE_VALUE = "3d9a6f0e8b1c2d4e5f60718293a4b5c6";

    /** A tiny DER value, SEQUENCE { INTEGER 1 }, standing in for a certificate. */
    static final String CERTIFICATE = "3003020101";

    /** draft §4.2.3: signed by Bob, named by peer-id. */
    static final String SIGNATURE_PEER =
        "02" +                  // uint8 algorithm: RSA-SHA-256 (0x02)
        "0010" +                // opaque signature_value<65000>: 2-byte length 16
        SIGNATURE_VALUE +       //   the signature bytes
        "01" +                  // signer_identity_type: signer_identity_peer, 1 byte
        BOB;                    // peer_id id: Bob

    /** draft §4.2.3: signed by a user, named by user name. */
    static final String SIGNATURE_NAME =
        "01" +                  // uint8 algorithm: RSA-SHA1 (0x01)
        "0010" +                // opaque signature_value<65000>: 2-byte length 16
        SIGNATURE_VALUE +       //   the signature bytes
        "02" +                  // signer_identity_type: signer_identity_name, 1 byte
        "0015" +                // string signer_name: 2-byte length 21
        "616c696365406468742e6578616d706c652e636f6d"; // "alice@dht.example.com"

    /** draft §4.2.3: signed by whoever holds the enclosed certificate. */
    static final String SIGNATURE_CERTIFICATE =
        "02" +                  // uint8 algorithm: RSA-SHA-256 (0x02)
        "0010" +                // opaque signature_value<65000>: 2-byte length 16
        SIGNATURE_VALUE +       //   the signature bytes
        "03" +                  // signer_identity_type: signer_identity_certificate, 1 byte
        "0005" +                // opaque certificate<65000>: 2-byte length 5
        CERTIFICATE;            //   DER SEQUENCE { INTEGER 1 }

    /** draft §4.2.1, §4.2.2: a STORE request; reserved is 0 in requests. */
    static final String MESSAGE_CONTENTS_STORE_REQUEST =
        "0004" +                // uint16 code: R/r 0 (request), method STORE 4
        "0000" +                // uint16 reserved: 0 in a request
        "000000a3" +            // opaque payload<0..2^32-1>: 4-byte length 163
        StorageGoldenTest.STORE_REQUEST; // store_request, 163 bytes

    /** draft §4.2.1, §4.2.2, §5.2.1.2: the 200 response to that STORE; reserved echoes the method. */
    static final String MESSAGE_CONTENTS_STORE_RESPONSE =
        "80c8" +                // uint16 code: R/r 1 (response), 200 OK = 0x00c8
        "0004" +                // uint16 reserved: the request's method, STORE 4
        "00000016" +            // opaque payload<0..2^32-1>: 4-byte length 22 = 2 x 11
        StorageGoldenTest.STORE_TYPE_RESPONSE_SIP +   // store_type_response, 11 bytes
        StorageGoldenTest.STORE_TYPE_RESPONSE_TURN;   // store_type_response, 11 bytes

    /** draft §4.3: the error payload of a 404. */
    static final String ERROR_RESPONSE_NOT_FOUND =
        "0009" +                // string reason_phrase: 2-byte length 9
        "4e6f7420466f756e64" +  // "Not Found"
        "0000";                 // opaque error_info<65000>: empty

    /** draft §4.2.1, §4.3: a 404 response to a FETCH. */
    static final String MESSAGE_CONTENTS_NOT_FOUND =
        "8194" +                // uint16 code: R/r 1 (response), 404 = 0x0194
        "0005" +                // uint16 reserved: the request's method, FETCH 5
        "0000000d" +            // opaque payload<0..2^32-1>: 4-byte length 13
        ERROR_RESPONSE_NOT_FOUND; // error_response, 13 bytes

    /** draft §4.2.3: the bytes Bob signs for the STORE response above. */
    static final String MESSAGE_SIGNATURE_INPUT =
        "8f2c41a7" +            // overlay overlay: uint32
        "0102030405060708" +    // transaction_id xid: uint64
        "00000011" +            // blob signer_identity: 4-byte length 17
        "01" +                  //   signer_identity_type: signer_identity_peer
        BOB +                   //   peer_id id: Bob
        "0000001e" +            // blob message_contents: 4-byte length 30
        MESSAGE_CONTENTS_STORE_RESPONSE; // the message_contents, 30 bytes

    /** draft §3.7.4.3: 192.0.2.1:6084. */
    static final String IP_ADDRESS_V4 =
        "01" +                  // address_type: ip4_address_type, 1 byte
        "c0000201" +            // uint32 addr 192.0.2.1
        "17c4";                 // uint16 port 6084

    /** draft §3.7.4.3: [2001:db8::1]:6084. */
    static final String IP_ADDRESS_V6 =
        "02" +                  // address_type: ip6_address_type, 1 byte
        "20010db8000000000000000000000001" + // uint128 addr 2001:db8::1
        "17c4";                 // uint16 port 6084

    /** draft §4.1.4: peer A, up a day, no certificate. */
    static final String PEER_INFO_V4 =
        PEER_A +                // peer_id id
        "00015180" +            // uint32 uptime 86400 s
        "0000" +                // opaque certificate<65000>: omitted, length 0
        IP_ADDRESS_V4;          // ip_address_and_port address, 7 bytes

    /** draft §4.1.4: Bob, up a minute, with a certificate. */
    static final String PEER_INFO_V6 =
        BOB +                   // peer_id id
        "0000003c" +            // uint32 uptime 60 s
        "0005" +                // opaque certificate<65000>: 2-byte length 5
        CERTIFICATE +           //   DER SEQUENCE { INTEGER 1 }
        IP_ADDRESS_V6;          // ip_address_and_port address, 19 bytes

    /** draft §4.1.4: one hop over DTLS through peer A. */
    static final String ROUTE_LOG_ENTRY_V4 =
        "0008" +                // string version: 2-byte length 8
        "72656c6f2f302e31" +    // "relo/0.1"
        "02" +                  // uint8 transport: 2 = DTLS
        PEER_INFO_V4;           // peer_info_data peer_info, 29 bytes

    /** draft §4.1.4: one hop over DTLS through Bob, reached over IPv6. */
    static final String ROUTE_LOG_ENTRY_V6 =
        "0008" +                // string version: 2-byte length 8
        "72656c6f2f302e31" +    // "relo/0.1"
        "02" +                  // uint8 transport: 2 = DTLS
        PEER_INFO_V6;           // peer_info_data peer_info, 46 bytes

    /** draft §4.1.4: a route log of one entry. */
    static final String ROUTE_LOG_V4 =
        "0028" +                // route_log_entry entries<65000>: 2-byte length 40
        ROUTE_LOG_ENTRY_V4;     //   [0] 2 + 8 + 1 + 29 bytes

    /** draft §4.1.4: a route log of one entry whose peer has an IPv6 address. */
    static final String ROUTE_LOG_V6 =
        "0039" +                // route_log_entry entries<65000>: 2-byte length 57
        ROUTE_LOG_ENTRY_V6;     //   [0] 2 + 8 + 1 + 46 bytes

    private static final byte[] SIGNATURE_VALUE_BYTES = Golden.bytes(SIGNATURE_VALUE);
    private static final byte[] CERTIFICATE_BYTES = Golden.bytes(CERTIFICATE);

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeMessageContentsOfStoreRequest(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, MESSAGE_CONTENTS_STORE_REQUEST);
        final MessageContentsDecoder decoder = new MessageContentsDecoder();
        assertWrapped(171, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(0x0004, decoder.code());
        assertEquals(0, decoder.code() & CommonHeader.RESPONSE_FLAG);
        assertEquals(MethodCode.STORE, decoder.code() & CommonHeader.CODE_MASK);
        assertEquals(0, decoder.reserved());
        assertEquals(163, decoder.payloadLength());
        final StoreRequestDecoder payload = new StoreRequestDecoder();
        assertWrapped(163, payload.wrapExactly(buffer, decoder.payloadOffset(), buffer.capacity()), payload);
        assertEquals(RESOURCE_BOB_HI, payload.resourceHi());
        assertEquals(RESOURCE_BOB_LO, payload.resourceLo());

        assertEncodes(MESSAGE_CONTENTS_STORE_REQUEST, offset, (buf, off) ->
        {
            final MessageContentsEncoder encoder = new MessageContentsEncoder().wrap(buf, off).code(0x0004).reserved(0);
            final int p = encoder.payloadBegin();
            final int n = StorageGoldenTest.encodeStoreRequest(buf, p);
            return encoder.payloadEnd(p + n).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeMessageContentsOfStoreResponse(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, MESSAGE_CONTENTS_STORE_RESPONSE);
        final MessageContentsDecoder decoder = new MessageContentsDecoder();
        assertWrapped(30, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(0x80c8, decoder.code());
        assertEquals(CommonHeader.RESPONSE_FLAG, decoder.code() & CommonHeader.RESPONSE_FLAG);
        assertEquals(ResponseCode.OK, decoder.code() & CommonHeader.CODE_MASK);
        assertEquals(MethodCode.STORE, decoder.reserved());
        assertEquals(22, decoder.payloadLength());
        final StoreTypeResponseDecoder generation = new StoreTypeResponseDecoder();
        final int end = decoder.payloadOffset() + decoder.payloadLength();
        assertWrapped(11, generation.wrap(buffer, decoder.payloadOffset(), end), generation);
        assertEquals(1, generation.type());
        assertWrapped(11, generation.wrapExactly(buffer, decoder.payloadOffset() + 11, end), generation);
        assertEquals(2, generation.type());

        assertEncodes(MESSAGE_CONTENTS_STORE_RESPONSE, offset, (buf, off) ->
        {
            final MessageContentsEncoder encoder = new MessageContentsEncoder().wrap(buf, off).code(0x80c8).reserved(4);
            final int p = encoder.payloadBegin();
            final int n = StorageGoldenTest.encodeStoreTypeResponses(buf, p);
            return encoder.payloadEnd(p + n).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeNotFoundResponseWithErrorResponse(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, MESSAGE_CONTENTS_NOT_FOUND);
        final MessageContentsDecoder decoder = new MessageContentsDecoder();
        assertWrapped(21, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(CommonHeader.RESPONSE_FLAG | ResponseCode.NOT_FOUND, decoder.code());
        assertEquals(MethodCode.FETCH, decoder.reserved());
        final ErrorResponseDecoder error = new ErrorResponseDecoder();
        assertWrapped(13, error.wrapExactly(buffer, decoder.payloadOffset(), buffer.capacity()), error);
        assertEquals("Not Found", error.reasonPhrase());
        assertEquals(0, error.errorInfoLength());

        assertEncodes(ERROR_RESPONSE_NOT_FOUND, offset, (buf, off) -> new ErrorResponseEncoder().wrap(buf, off)
            .reasonPhrase("Not Found").errorInfo(new byte[0]).finish());
        assertEncodes(MESSAGE_CONTENTS_NOT_FOUND, offset, (buf, off) ->
        {
            final MessageContentsEncoder encoder = new MessageContentsEncoder().wrap(buf, off)
                .code(CommonHeader.RESPONSE_FLAG | ResponseCode.NOT_FOUND).reserved(MethodCode.FETCH);
            final int p = encoder.payloadBegin();
            final int n = new ErrorResponseEncoder().wrap(buf, p).reasonPhrase("Not Found").errorInfo(new byte[0])
                .finish();
            return encoder.payloadEnd(p + n).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeSignatureByPeerId(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SIGNATURE_PEER);
        final SignatureDecoder decoder = new SignatureDecoder();
        assertWrapped(36, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(SignatureAlgorithm.RSA_SHA256, decoder.algorithm());
        assertArrayEquals(SIGNATURE_VALUE_BYTES, decoder.signatureValueBytes());
        final SignerIdentityDecoder identity = decoder.identity();
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_PEER, identity.type());
        assertEquals(BOB_HI, identity.idHi());
        assertEquals(BOB_LO, identity.idLo());

        assertEncodes(SIGNATURE_PEER, offset, MessageGoldenTest::encodeSignatureByBob);
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeSignatureByUserName(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SIGNATURE_NAME);
        final SignatureDecoder decoder = new SignatureDecoder();
        assertWrapped(43, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(SignatureAlgorithm.RSA_SHA1, decoder.algorithm());
        assertArrayEquals(SIGNATURE_VALUE_BYTES, decoder.signatureValueBytes());
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_NAME, decoder.identity().type());
        assertEquals("alice@dht.example.com", decoder.identity().signerName());

        assertEncodes(SIGNATURE_NAME, offset, (buf, off) ->
        {
            final SignatureEncoder encoder = new SignatureEncoder().wrap(buf, off)
                .algorithm(SignatureAlgorithm.RSA_SHA1)
                .signatureValue(SIGNATURE_VALUE_BYTES);
            encoder.identity().signerIdentityName().signerName("alice@dht.example.com");
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeSignatureByCertificate(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SIGNATURE_CERTIFICATE);
        final SignatureDecoder decoder = new SignatureDecoder();
        assertWrapped(27, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(SignatureAlgorithm.RSA_SHA256, decoder.algorithm());
        assertArrayEquals(SIGNATURE_VALUE_BYTES, decoder.signatureValueBytes());
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_CERTIFICATE, decoder.identity().type());
        assertArrayEquals(CERTIFICATE_BYTES, decoder.identity().certificateBytes());

        assertEncodes(SIGNATURE_CERTIFICATE, offset, (buf, off) ->
        {
            final SignatureEncoder encoder = new SignatureEncoder().wrap(buf, off)
                .algorithm(SignatureAlgorithm.RSA_SHA256)
                .signatureValue(SIGNATURE_VALUE_BYTES);
            encoder.identity().signerIdentityCertificate().certificate(CERTIFICATE_BYTES);
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeMessageSignatureInput(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, MESSAGE_SIGNATURE_INPUT);
        final MessageSignatureInputDecoder decoder = new MessageSignatureInputDecoder();
        assertWrapped(67, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(0x8f2c41a7L, decoder.overlay());
        assertEquals(0x0102030405060708L, decoder.xid());
        assertEquals(17, decoder.signerIdentityLength());
        final SignerIdentityDecoder identity = new SignerIdentityDecoder();
        final int identityEnd = decoder.signerIdentityOffset() + decoder.signerIdentityLength();
        assertWrapped(17, identity.wrap(buffer, decoder.signerIdentityOffset(), identityEnd), identity);
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_PEER, identity.type());
        assertEquals(BOB_LO, identity.idLo());
        assertEquals(30, decoder.messageContentsLength());
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertWrapped(30, contents.wrapExactly(buffer, decoder.messageContentsOffset(), buffer.capacity()), contents);
        assertEquals(0x80c8, contents.code());

        assertEncodes(MESSAGE_SIGNATURE_INPUT, offset, (buf, off) ->
        {
            final MessageSignatureInputEncoder encoder = new MessageSignatureInputEncoder().wrap(buf, off)
                .overlay(0x8f2c41a7L)
                .xid(0x0102030405060708L);
            final int p = encoder.signerIdentityBegin();
            final int n = new SignerIdentityEncoder().wrap(buf, p)
                .signerIdentityPeer().id(BOB_HI, BOB_LO).finish();
            encoder.signerIdentityEnd(p + n);
            final int q = encoder.messageContentsBegin();
            final MessageContentsEncoder contentsEncoder = new MessageContentsEncoder().wrap(buf, q)
                .code(0x80c8).reserved(MethodCode.STORE);
            final int r = contentsEncoder.payloadBegin();
            contentsEncoder.payloadEnd(r + StorageGoldenTest.encodeStoreTypeResponses(buf, r));
            final int m = contentsEncoder.finish();
            return encoder.messageContentsEnd(q + m).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeIp4AddressAndPort(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, IP_ADDRESS_V4);
        final IpAddressAndPortDecoder decoder = new IpAddressAndPortDecoder();
        assertWrapped(7, decoder.wrap(buffer, offset, buffer.capacity()), decoder);

        assertEquals(AddressType.IP4_ADDRESS_TYPE, decoder.type());
        assertEquals(0xc0000201L, decoder.v4().addr());
        assertEquals(6084, decoder.v4().port());

        assertEncodes(IP_ADDRESS_V4, offset, (buf, off) ->
        {
            final IpAddressAndPortEncoder encoder = new IpAddressAndPortEncoder().wrap(buf, off).ip4AddressType();
            encoder.v4().addr(0xc0000201L).port(6084);
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeIp6AddressAndPort(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, IP_ADDRESS_V6);
        final IpAddressAndPortDecoder decoder = new IpAddressAndPortDecoder();
        assertWrapped(19, decoder.wrap(buffer, offset, buffer.capacity()), decoder);

        assertEquals(AddressType.IP6_ADDRESS_TYPE, decoder.type());
        assertEquals(0x20010db800000000L, decoder.v6().addrHi());
        assertEquals(0x0000000000000001L, decoder.v6().addrLo());
        assertEquals(6084, decoder.v6().port());

        assertEncodes(IP_ADDRESS_V6, offset, (buf, off) ->
        {
            final IpAddressAndPortEncoder encoder = new IpAddressAndPortEncoder().wrap(buf, off).ip6AddressType();
            encoder.v6().addr(0x20010db800000000L, 0x0000000000000001L).port(6084);
            return encoder.finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeRouteLogWithOneIp4Entry(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, ROUTE_LOG_V4);
        final RouteLogDecoder decoder = new RouteLogDecoder();
        assertWrapped(42, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(40, decoder.entriesLength());
        assertEquals(1, decoder.entriesCount());
        final DecoderCursor<RouteLogEntryDecoder> entries = decoder.entries();
        final RouteLogEntryDecoder entry = entries.next();
        assertFalse(entries.hasNext());
        assertEquals("relo/0.1", entry.version());
        assertEquals(2, entry.transport());
        final PeerInfoDataDecoder peer = entry.peerInfo();
        assertEquals(PEER_A_HI, peer.idHi());
        assertEquals(PEER_A_LO, peer.idLo());
        assertEquals(86_400L, peer.uptime());
        assertEquals(0, peer.certificateLength());
        assertEquals(AddressType.IP4_ADDRESS_TYPE, peer.address().type());
        assertEquals(0xc0000201L, peer.address().v4().addr());
        assertEquals(6084, peer.address().v4().port());

        assertEncodes(ROUTE_LOG_V4, offset, (buf, off) ->
        {
            final RouteLogEncoder encoder = new RouteLogEncoder().wrap(buf, off).entriesBegin();
            final PeerInfoDataEncoder info = encoder.entriesNext().version("relo/0.1").transport(2).peerInfo()
                .id(PEER_A_HI, PEER_A_LO).uptime(86_400L).certificate(new byte[0]);
            info.address().ip4AddressType().v4().addr(0xc0000201L).port(6084);
            return encoder.entriesEnd().finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeRouteLogWithOneIp6Entry(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, ROUTE_LOG_V6);
        final RouteLogDecoder decoder = new RouteLogDecoder();
        assertWrapped(59, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(1, decoder.entriesCount());
        final RouteLogEntryDecoder entry = decoder.entries().next();
        assertEquals("relo/0.1", entry.version());
        assertEquals(2, entry.transport());
        final PeerInfoDataDecoder peer = entry.peerInfo();
        assertEquals(BOB_HI, peer.idHi());
        assertEquals(BOB_LO, peer.idLo());
        assertEquals(60L, peer.uptime());
        assertArrayEquals(CERTIFICATE_BYTES, peer.certificateBytes());
        assertEquals(AddressType.IP6_ADDRESS_TYPE, peer.address().type());
        assertEquals(0x20010db800000000L, peer.address().v6().addrHi());
        assertEquals(1L, peer.address().v6().addrLo());
        assertEquals(6084, peer.address().v6().port());

        assertEncodes(ROUTE_LOG_ENTRY_V6, offset, (buf, off) ->
        {
            final RouteLogEntryEncoder encoder = new RouteLogEntryEncoder().wrap(buf, off).version("relo/0.1")
                .transport(2);
            encoder.peerInfo().id(BOB_HI, BOB_LO).uptime(60L).certificate(CERTIFICATE_BYTES)
                .address().ip6AddressType().v6().addr(0x20010db800000000L, 1L).port(6084);
            return encoder.finish();
        });
        assertEncodes(ROUTE_LOG_V6, offset, (buf, off) ->
        {
            final RouteLogEncoder encoder = new RouteLogEncoder().wrap(buf, off).entriesBegin();
            encoder.entriesNext().version("relo/0.1".getBytes(StandardCharsets.US_ASCII)).transport(2).peerInfo()
                .id(BOB_HI, BOB_LO).uptime(60L).certificate(CERTIFICATE_BYTES)
                .address().ip6AddressType().v6().addr(0x20010db800000000L, 1L).port(6084);
            return encoder.entriesEnd().finish();
        });
    }

    /**
     * Bob's signature by peer-id; also used where another vector embeds it.
     *
     * @param buffer to write.
     * @param offset at which to start.
     * @return bytes written.
     */
    static int encodeSignatureByBob(final MutableDirectBuffer buffer, final int offset)
    {
        final SignatureEncoder encoder = new SignatureEncoder().wrap(buffer, offset)
            .algorithm(SignatureAlgorithm.RSA_SHA256)
            .signatureValue(SIGNATURE_VALUE_BYTES);
        encoder.identity().signerIdentityPeer().id(BOB_HI, BOB_LO);
        return encoder.finish();
    }
}
