package io.relo.codec.golden;

import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.JoinRequestDecoder;
import io.relo.codec.PingInfoDataDecoder;
import io.relo.codec.PingRequestDecoder;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.runtime.Decoder;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.ErrorCode;
import io.relo.codec.sip.SipRegistrationDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.relo.codec.golden.Golden.PEER_A;
import static io.relo.codec.golden.Golden.RESOURCE_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-written malformed vectors: each must be refused with the error code, structure, field, absolute offset and
 * message a person would need to find the bad byte.
 */
class MalformedGoldenTest
{
    /** store_data claims one byte more than the window holds. */
    static final String STORE_REQUEST_OVERRUN =
        RESOURCE_BOB +          // resource_id resource, bytes 0-15
        "000e" +                // store_type_data store_data<65000>: 2-byte length 14 at byte 16, but 13 follow
        "000001" +              //   type_id type
        "0000000000000000" +    //   generation_counter generation
        "0000";                 //   stored_data values<65000>: empty; the window ends at byte 31

    /** store_data claims 65001 bytes, over the schema's bound. */
    static final String STORE_REQUEST_OVER_BOUND =
        RESOURCE_BOB +          // resource_id resource, bytes 0-15
        "fde9";                 // store_type_data store_data<65000>: 2-byte length 65001 at byte 16

    /** A stored_data, nested in a store_request, whose length counts one byte more than its fields hold. */
    static final String STORE_REQUEST_STORED_DATA_LENGTH_MISMATCH =
        RESOURCE_BOB +          // resource_id resource, bytes 0-15
        "002c" +                // store_type_data store_data<65000>: 2-byte length 44
        "000002" +              //   type_id type: TURN-SERVICE
        "0000000000000000" +    //   generation_counter generation
        "001f" +                //   stored_data values<65000>: 2-byte length 31
        "0000001b" +            //     uint32 length 27 at byte 31, but the fields below hold 26
        "6553f100" +            //     uint32 storage_time
        "00015180" +            //     uint32 lifetime
        "0000000a" +            //     blob data-value: 4-byte length 10
        "0008" +                //       opaque value<65000>: 2-byte length 8
        UsageGoldenTest.TURN_SERVER + // turn_server, 8 bytes
        "00000000" +            //     blob signature: empty; the fields end at byte 61
        "00";                   //     the extra byte the length counts

    /** 47 bytes of predecessors: two ids and 15 bytes. */
    static final String CHORD_UPDATE_47 =
        "2f" +                  // peer_id predecessors<255>: 1-byte length 47 at byte 0
        "10000000000000000000000000000001" + // [0]
        "20000000000000000000000000000002" + // [1]
        "300000000000000000000000000000" +   // 15 bytes of a third id
        "00";                   // peer_id successors<255>: empty

    /** A signer identity type the draft does not define. */
    static final String SIGNATURE_UNKNOWN_IDENTITY =
        "02" +                  // uint8 algorithm
        "0000" +                // opaque signature_value<65000>: empty
        "04";                   // signer_identity_type 4 at byte 3: undefined

    /** draft §5.1.1.2: a ping_info_data written with a 1-byte type, as if the enum were one byte wide. */
    static final String PING_INFO_DATA_ONE_BYTE_TYPE =
        "01" +                  // a 1-byte info_responsible_type; read with the next byte as type 0x0100
        "00989680";             // uint32 responsible_ppb

    /** RFC 7904 §3.2: an empty destination list, below its minimum of 3 bytes. */
    static final String SIP_REGISTRATION_EMPTY_DESTINATIONS =
        "02" +                  // SipRegistrationType type: sip_registration_route
        "0015" +                // uint16 length: 21 bytes of the rest
        "0011" +                // opaque contact_prefs<0..2^16-1>: 2-byte length 17
        "287369702e736368656d65733d53495029" + // "(sip.schemes=SIP)"
        "0000";                 // Destination destination_list<3..2^16-1>: length 0 at byte 22

    /** RFC 7904 §3.2: length counts one byte more than the uri case holds. */
    static final String SIP_REGISTRATION_LENGTH_MISMATCH =
        "01" +                  // SipRegistrationType type: sip_registration_uri
        "0016" +                // uint16 length 22 at byte 1, but the data holds 21
        "0013" +                // opaque uri<0..2^16-1>: 2-byte length 19
        "626f62406468742e6578616d706c652e636f6d" + // "bob@dht.example.com"; the data ends at byte 24
        "00";                   // the extra byte the length counts

    @Test
    void shouldRefuseStoreRequestWhoseStoreDataOverrunsByOneByte()
    {
        final StoreRequestDecoder decoder = new StoreRequestDecoder();
        assertRefused(STORE_REQUEST_OVERRUN, decoder, ErrorCode.VECTOR_OVERRUN, "store_request", "store_data", 16,
            "store_request.store_data: 14 bytes declared at byte 16 run past the end of the enclosing structure " +
            "at byte 31");
        assertEquals(14, decoder.error().value());
        assertEquals(31, decoder.error().bound());
    }

    @Test
    void shouldRefuseStoreRequestWhoseStoreDataExceedsItsBound()
    {
        assertRefused(STORE_REQUEST_OVER_BOUND, new StoreRequestDecoder(), ErrorCode.VECTOR_OVER_BOUND,
            "store_request", "store_data", 16,
            "store_request.store_data: vector of 65001 bytes at byte 16 exceeds its bound of 65000 bytes");
    }

    @Test
    void shouldRefuseStoredDataWhoseLengthDisagreesWithItsFieldsAndNameTheInnerStructure()
    {
        assertRefused(STORE_REQUEST_STORED_DATA_LENGTH_MISMATCH, new StoreRequestDecoder(),
            ErrorCode.LENGTH_MISMATCH, "stored_data", "length", 31,
            "stored_data.length: length 27 at byte 31 disagrees with its contents, which end at 61");
    }

    @Test
    void shouldRefuseChordUpdateWhosePredecessorsAreNotWholeIds()
    {
        final ChordUpdateDecoder decoder = new ChordUpdateDecoder();
        assertRefused(CHORD_UPDATE_47, decoder, ErrorCode.VECTOR_NOT_MULTIPLE, "chord_update", "predecessors", 0,
            "chord_update.predecessors: vector of 47 bytes at byte 0 is not a whole number of 16-byte elements");
        assertEquals(47, decoder.error().value());
        assertEquals(16, decoder.error().bound());
    }

    @Test
    void shouldRefuseSignatureWithUnknownSignerIdentityType()
    {
        assertRefused(SIGNATURE_UNKNOWN_IDENTITY, new SignatureDecoder(), ErrorCode.UNKNOWN_CASE,
            "signer_identity", "type", 3, "signer_identity.type: unknown type 4 at byte 3");
    }

    @Test
    void shouldRefusePingInfoDataWithOneByteType()
    {
        assertRefused(PING_INFO_DATA_ONE_BYTE_TYPE, new PingInfoDataDecoder(), ErrorCode.UNKNOWN_CASE,
            "ping_info_select", "type", 0, "ping_info_select.type: unknown type 256 at byte 0");
    }

    @Test
    void shouldRefuseSipRegistrationWithEmptyDestinationList()
    {
        assertRefused(SIP_REGISTRATION_EMPTY_DESTINATIONS, new SipRegistrationDecoder(),
            ErrorCode.VECTOR_UNDER_MINIMUM, "SipRegistrationData", "destination_list", 22,
            "SipRegistrationData.destination_list: vector of 0 bytes at byte 22 is shorter than its minimum of 3 " +
            "bytes");
    }

    @Test
    void shouldRefuseSipRegistrationWhoseLengthDisagreesWithItsData()
    {
        assertRefused(SIP_REGISTRATION_LENGTH_MISMATCH, new SipRegistrationDecoder(), ErrorCode.LENGTH_MISMATCH,
            "SipRegistration", "length", 1,
            "SipRegistration.length: length 22 at byte 1 disagrees with its contents, which end at 24");
    }

    @Test
    void shouldRefuseTruncatedJoinRequest()
    {
        assertRefused(PEER_A.substring(0, 20), new JoinRequestDecoder(), ErrorCode.TRUNCATED, "join_request",
            "desired_peer_id", 0,
            "join_request.desired_peer_id: needs 16 bytes at byte 0 but the window ends at byte 10");
    }

    @Test
    void shouldRefuseTrailingByteWhenWrappedExactlyButAcceptItWhenWrapped()
    {
        final UnsafeBuffer buffer = Golden.at(0, ConnectionGoldenTest.PING_REQUEST + "ff");
        final PingRequestDecoder decoder = new PingRequestDecoder();

        assertEquals(3, decoder.wrap(buffer, 0, buffer.capacity()));
        assertEquals(DecodeError.FAILED, decoder.wrapExactly(buffer, 0, buffer.capacity()));
        assertError(decoder.error(), ErrorCode.TRAILING_BYTES, "ping_request", "(end)", 3,
            "ping_request.(end): 1 unexpected bytes after the structure, from byte 3");
    }

    private static void assertRefused(
        final String hex,
        final Decoder decoder,
        final ErrorCode code,
        final String structName,
        final String fieldName,
        final int offset,
        final String message)
    {
        final UnsafeBuffer buffer = Golden.at(0, hex);
        assertEquals(DecodeError.FAILED, decoder.wrap(buffer, 0, buffer.capacity()));
        assertError(decoder.error(), code, structName, fieldName, offset, message);
    }

    private static void assertError(
        final DecodeError error,
        final ErrorCode code,
        final String structName,
        final String fieldName,
        final int offset,
        final String message)
    {
        assertEquals(code, error.code());
        assertEquals(structName, error.structName());
        assertEquals(fieldName, error.fieldName());
        assertEquals(offset, error.offset());
        assertEquals(message, error.message());
    }
}
