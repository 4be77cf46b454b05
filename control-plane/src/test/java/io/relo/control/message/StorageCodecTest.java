package io.relo.control.message;

import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.chord.ChordMessage;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DataModel;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.KindRegistry;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StorageMessage.Body;
import io.relo.control.storage.StorageMessage.ErrorAnswer;
import io.relo.control.storage.StorageMessage.FetchAnswer;
import io.relo.control.storage.StorageMessage.FetchRequest;
import io.relo.control.storage.StorageMessage.FindAnswer;
import io.relo.control.storage.StorageMessage.FindRequest;
import io.relo.control.storage.StorageMessage.RemoveAnswer;
import io.relo.control.storage.StorageMessage.RemoveRequest;
import io.relo.control.storage.StorageMessage.StoreAnswer;
import io.relo.control.storage.StorageMessage.StoreRequest;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.relo.control.message.ChordCodecTest.A;
import static io.relo.control.message.ChordCodecTest.B;
import static io.relo.control.message.ChordCodecTest.C;
import static io.relo.control.message.ChordCodecTest.OVERLAY;
import static io.relo.control.message.ChordCodecTest.frame;
import static io.relo.control.message.ChordCodecTest.hex;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.1, §4.2, §4.3 and §5.2: STORE, FETCH, REMOVE and FIND messages survive the trip to bytes and back, match
 * frames written by hand from the draft's structs, and garbage never gets through or throws.
 */
class StorageCodecTest
{
    /** wire-format.md §4.1: SIP-REGISTRATION is a dictionary, TURN-SERVICE a single value, CERTIFICATE an array. */
    static final IntFunction<DataModel> MODELS = StorageCodec.modelsOf(KindRegistry.withDraftKinds());

    static final PeerId RESOURCE = new PeerId(0x0123456789abcdefL, 0xfedcba9876543210L);

    final StorageCodec codec = new StorageCodec(OVERLAY, MODELS);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

    static Opaque bytes(final String text)
    {
        return Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8));
    }

    static Opaque bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return Opaque.copyOf(bytes);
    }

    /** draft §5.2.1.1: a single value, an array value appended and a dictionary value, one per kind. */
    static final StorageMessage STORE = new StorageMessage(List.of(RESOURCE), List.of(), 100, 0x0102030405060708L,
        new StoreRequest(RESOURCE, List.of(
            new StoreTypeData(KindId.TURN_SERVICE, 0, List.of(
                new SingleValueEntry(StoredValue.of(1_600_000_000L, 3600, bytes("abc"), Opaque.EMPTY)))),
            new StoreTypeData(KindId.CERTIFICATE, 7, List.of(
                new ArrayEntry(ArrayEntry.APPEND, StoredValue.of(1_600_000_001L, 86400, bytes("cert"), bytes(1, 2))))),
            new StoreTypeData(KindId.SIP_REGISTRATION, 0x8000_0000_0000_0001L, List.of(
                new DictionaryEntry(bytes("alice"), StoredValue.of(0xFFFF_FFFFL, 0, bytes("sip"), Opaque.EMPTY)))))));

    static final String STORE_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay: CRC-32 of "relo.example.org" (wire-format.md §2.4)
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "0000c6" +                           // length 198 = 28 + 16 + 8 + 146
        "0102030405060708" +                 // transaction id
        "01" +                               // route list length: 1 id
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "0123456789abcdeffedcba9876543210" + // route list [0]: the resource-id
        "0004" +                             // R/r 0, code 4: STORE request (wire-format.md §3.3)
        "0000" +                             // reserved: 0 in a request
        "00000092" +                         // payload length 146
        "0123456789abcdeffedcba9876543210" + // store_request.resource
        "0080" +                             // store_data<65000>: 128 bytes
        "000002" +                           //   store_type_data.type: TURN-SERVICE (uint24, wire-format.md §4.1)
        "0000000000000000" +                 //   generation 0: store whatever the current one is
        "0019" +                             //   values<65000>: 25 bytes
        "00000015" +                         //     stored_data.length: 21 bytes follow (wire-format.md §1.4)
        "5f5e1000" +                         //     storage_time 1,600,000,000
        "00000e10" +                         //     lifetime 3600
        "00000005" +                         //     data-value blob: 5 bytes (wire-format.md §1.2)
        "0003616263" +                       //       single_value_entry.value<65000> "abc"
        "00000000" +                         //     signature blob: empty, unsigned (wire-format.md §4.7)
        "000003" +                           //   store_type_data.type: CERTIFICATE
        "0000000000000007" +                 //   generation 7
        "0020" +                             //   values<65000>: 32 bytes
        "0000001c" +                         //     stored_data.length: 28
        "5f5e1001" +                         //     storage_time 1,600,000,001
        "00015180" +                         //     lifetime 86400
        "0000000a" +                         //     data-value blob: 10 bytes
        "ffffffff" +                         //       array_entry.index -1: append (draft §5.2.1.1.2)
        "000463657274" +                     //       array_entry.value<65000> "cert"
        "00000002" +                         //     signature blob: 2 bytes
        "0102" +                             //       carried as they are
        "000001" +                           //   store_type_data.type: SIP-REGISTRATION
        "8000000000000001" +                 //   generation 2^63 + 1 (uint64)
        "0020" +                             //   values<65000>: 32 bytes
        "0000001c" +                         //     stored_data.length: 28
        "ffffffff" +                         //     storage_time 2^32 - 1 (uint32)
        "00000000" +                         //     lifetime 0
        "0000000c" +                         //     data-value blob: 12 bytes
        "0005616c696365" +                   //       dictionary_entry.key<65000> "alice"
        "0003736970" +                       //       dictionary_entry.value<65000> "sip"
        "00000000";                          //     signature blob: empty

    /** draft §5.2.2.1: one reference of each data model, and a dictionary wildcard (wire-format.md §4.2, §4.3). */
    static final StorageMessage FETCH = new StorageMessage(List.of(RESOURCE), List.of(), 100, 0x1112131415161718L,
        new FetchRequest(RESOURCE, List.of(
            new FetchTypeData(KindId.TURN_SERVICE, 0, FetchDataReference.SingleValue.INSTANCE),
            new FetchTypeData(KindId.CERTIFICATE, 5, new FetchDataReference.Array(0, FetchDataReference.Array.FINAL)),
            new FetchTypeData(KindId.SIP_REGISTRATION, 0,
                new FetchDataReference.Dictionary(List.of(bytes("alice"), bytes("bob")))),
            new FetchTypeData(KindId.SIP_REGISTRATION, 0, FetchDataReference.Dictionary.WILDCARD))));

    static final String FETCH_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "00008e" +                           // length 142 = 28 + 16 + 8 + 90
        "1112131415161718" +                 // transaction id
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "0123456789abcdeffedcba9876543210" + // route list [0]: the resource-id
        "0005" +                             // R/r 0, code 5: FETCH request
        "0000" +                             // reserved
        "0000005a" +                         // payload length 90
        "0123456789abcdeffedcba9876543210" + // fetch_request.resource
        "0048" +                             // fetch_data<65000>: 72 bytes
        "000002" +                           //   fetch_type_data.type: TURN-SERVICE
        "0000000000000000" +                 //   generation 0: never seen
        "01" +                               //   fetch_data_reference: single_value_model, empty
        "000003" +                           //   type: CERTIFICATE
        "0000000000000005" +                 //   generation 5
        "02" +                               //   array_model
        "00000000" +                         //     fetch_array_reference.first 0
        "ffffffff" +                         //     last -1: the final element (draft §5.2.2.1)
        "000001" +                           //   type: SIP-REGISTRATION
        "0000000000000000" +                 //   generation 0
        "03" +                               //   dictionary_model
        "000c" +                             //     dictionary_keys<65000>: 12 bytes
        "0005616c696365" +                   //       dictionary_key.key_value<65000> "alice"
        "0003626f62" +                       //       "bob"
        "000001" +                           //   type: SIP-REGISTRATION again (FETCH allows it)
        "0000000000000000" +                 //   generation 0
        "03" +                               //   dictionary_model
        "0000";                              //     no keys: a wildcard fetch

    /** draft §5.2.2.2: a value, a signed dictionary value and a key that is not held, and a cache hit. */
    static final StorageMessage FETCH_ANSWER = new StorageMessage(List.of(A), List.of(), 100, 0x1112131415161718L,
        new FetchAnswer(List.of(
            new FetchResponse(KindId.TURN_SERVICE, 0x11, List.of(
                new SingleValueEntry(StoredValue.of(1_600_000_000L, 3600, bytes("abc"), Opaque.EMPTY)))),
            new FetchResponse(KindId.SIP_REGISTRATION, 0x12, List.of(
                new DictionaryEntry(bytes("alice"), StoredValue.of(1_600_000_002L, 60, bytes("sip"), bytes(10, 11, 12))),
                new DictionaryEntry(bytes("bob"), StoredValue.NONEXISTENT))),
            new FetchResponse(KindId.CERTIFICATE, 0x13, List.of()))));

    static final String FETCH_ANSWER_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "0000b2" +                           // length 178 = 28 + 16 + 8 + 126
        "1112131415161718" +                 // transaction id of the FETCH
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "10000000000000000000000000000001" + // route list [0]: A, the FETCH's originator
        "80c8" +                             // R/r 1, code 200
        "0005" +                             // reserved: answers FETCH (wire-format.md §3.2)
        "0000007e" +                         // payload length 126: fetch_response packed end to end
        "000002" +                           // fetch_response.type: TURN-SERVICE
        "0000000000000011" +                 // generation 17
        "0019" +                             // stored_data<65000>: 25 bytes of stored_data (wire-format.md §4.4)
        "00000015" +                         //   stored_data.length 21
        "5f5e1000" +                         //   storage_time
        "00000e10" +                         //   lifetime 3600
        "00000005" +                         //   data-value blob: 5 bytes
        "0003616263" +                       //     single_value_entry "abc"
        "00000000" +                         //   signature blob: empty
        "000001" +                           // fetch_response.type: SIP-REGISTRATION
        "0000000000000012" +                 // generation 18
        "003e" +                             // stored_data<65000>: 62 bytes
        "0000001f" +                         //   stored_data.length 31
        "5f5e1002" +                         //   storage_time 1,600,000,002
        "0000003c" +                         //   lifetime 60
        "0000000c" +                         //   data-value blob: 12 bytes
        "0005616c696365" +                   //     dictionary_entry.key "alice"
        "0003736970" +                       //     value "sip"
        "00000003" +                         //   signature blob: 3 bytes
        "0a0b0c" +                           //     carried as they are
        "00000017" +                         //   stored_data.length 23: a key not held (draft §5.2.2.2)
        "00000000" +                         //   storage_time 0
        "00000000" +                         //   lifetime 0
        "00000007" +                         //   data-value blob: 7 bytes
        "0003626f62" +                       //     dictionary_entry.key "bob"
        "0000" +                             //     value: empty, "an empty data value portion"
        "00000000" +                         //   signature blob: "no signature"
        "000003" +                           // fetch_response.type: CERTIFICATE
        "0000000000000013" +                 // generation 19, the one the requester had
        "0000";                              // stored_data: none on a cache hit (draft §5.2.2.2)

    /** draft §5.2.4.1. */
    static final StorageMessage FIND = new StorageMessage(List.of(RESOURCE), List.of(), 100, 0x2122232425262728L,
        new FindRequest(RESOURCE, List.of(KindId.SIP_REGISTRATION, KindId.TURN_SERVICE)));

    static final String FIND_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "00004b" +                           // length 75 = 28 + 16 + 8 + 23
        "2122232425262728" +                 // transaction id
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "0123456789abcdeffedcba9876543210" + // route list [0]: the resource-id
        "0007" +                             // R/r 0, code 7: FIND request
        "0000" +                             // reserved
        "00000017" +                         // payload length 23
        "0123456789abcdeffedcba9876543210" + // find_request.resource
        "06" +                               // ids<255>: 6 bytes, two uint24 type-ids (wire-format.md §1.1)
        "000001" +                           //   SIP-REGISTRATION
        "000002";                            //   TURN-SERVICE

    /** draft §5.2.4.2: one kind found, one kind with no resource known. */
    static final StorageMessage FIND_ANSWER = new StorageMessage(List.of(A), List.of(), 100, 0x2122232425262728L,
        new FindAnswer(List.of(new FindTypeData(KindId.SIP_REGISTRATION, RESOURCE),
            new FindTypeData(KindId.TURN_SERVICE, FindTypeData.NONE))));

    static final String FIND_ANSWER_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "00005a" +                           // length 90 = 28 + 16 + 8 + 38
        "2122232425262728" +                 // transaction id of the FIND
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "10000000000000000000000000000001" + // route list [0]: A
        "80c8" +                             // R/r 1, code 200
        "0007" +                             // reserved: answers FIND
        "00000026" +                         // payload length 38: find_type_data packed end to end
        "000001" +                           // find_type_data.type: SIP-REGISTRATION
        "0123456789abcdeffedcba9876543210" + // closest_resource
        "000002" +                           // type: TURN-SERVICE
        "00000000000000000000000000000000";  // closest_resource 0: none known (draft §5.2.4.2)

    /** draft §5.2.1.2: a 412 for a wrong generation carries the current ones (wire-format.md §4.6). */
    static final StorageMessage STORE_412 = new StorageMessage(List.of(A), List.of(), 100, 0x0102030405060708L,
        new ErrorAnswer(MethodCode.STORE, ResponseCode.PRECONDITION_FAILED, "Precondition Failed",
            List.of(new StoreTypeResponse(KindId.TURN_SERVICE, 0x17), new StoreTypeResponse(KindId.CERTIFICATE, 0x2a))));

    static final String STORE_412_FRAME =
        "52454c4f" +                         // "RELO"
        "70b1bcfd" +                         // overlay
        "64" +                               // TTL 100
        "01" +                               // routing RECURSIVE
        "0000" +                             // not a fragment
        "01" +                               // version 1
        "000061" +                           // length 97 = 28 + 16 + 8 + 45
        "0102030405060708" +                 // transaction id of the STORE
        "01" +                               // route list length: 1
        "00" +                               // via list length: 0
        "0000" +                             // flags
        "10000000000000000000000000000001" + // route list [0]: A
        "819c" +                             // R/r 1, code 412
        "0004" +                             // reserved: answers STORE
        "0000002d" +                         // payload length 45
        "0013" +                             // error_response.reason_phrase<65000>: 19 bytes
        "507265636f6e646974696f6e204661696c6564" + // "Precondition Failed"
        "0016" +                             // error_info<65000>: 22 bytes, store_type_response end to end
        "000002" +                           //   type: TURN-SERVICE
        "0000000000000017" +                 //   generation 23
        "000003" +                           //   type: CERTIFICATE
        "000000000000002a";                  //   generation 42

    static Stream<Object[]> goldenFrames()
    {
        return Stream.of(
            new Object[] {"STORE", STORE, STORE_FRAME},
            new Object[] {"FETCH", FETCH, FETCH_FRAME},
            new Object[] {"FETCH answer", FETCH_ANSWER, FETCH_ANSWER_FRAME},
            new Object[] {"FIND", FIND, FIND_FRAME},
            new Object[] {"FIND answer", FIND_ANSWER, FIND_ANSWER_FRAME},
            new Object[] {"412 to STORE", STORE_412, STORE_412_FRAME});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldEncodeAsTheDraftsStructsSay(final String name, final StorageMessage message, final String golden)
    {
        assertEquals(golden, hex(out, codec.encode(message, out, 0)), codec::lastError);
        assertEquals(StorageCodec.Status.ENCODED, codec.lastStatus());
        assertEquals(message.body().method(), codec.lastMethod());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldDecodeFramesWrittenByHandFromTheDraftsStructs(
        final String name, final StorageMessage message, final String golden)
    {
        assertEquals(message, codec.decode(frame(golden), 0, golden.length() / 2, 0, 0), codec::lastError);
        assertEquals(StorageCodec.Status.DECODED, codec.lastStatus());
        assertEquals(message.body().method(), codec.lastMethod(), "the method, echoed in a response (§3.2)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldNeverThrowOnAnyTruncationOfAGoldenFrame(
        final String name, final StorageMessage message, final String golden)
    {
        final UnsafeBuffer frame = frame(golden);
        for (int cut = 0; cut < golden.length() / 2; cut++)
        {
            final int length = cut;
            assertNull(assertDoesNotThrow(() -> codec.decode(frame, 0, length, 0, 0)), "cut to " + cut + " bytes");
            assertEquals(StorageCodec.Status.MALFORMED, codec.lastStatus());
            assertFalse(codec.lastError().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldNeverThrowOnAnyCorruptedByteOfAGoldenFrameAndOnlyDecodeWhatItCanWriteAgain(
        final String name, final StorageMessage message, final String golden)
    {
        final int length = golden.length() / 2;
        for (int at = 0; at < length; at++)
        {
            for (final int flip : new int[] {0x01, 0x80, 0xFF})
            {
                final UnsafeBuffer frame = frame(golden);
                frame.putByte(at, (byte)(frame.getByte(at) ^ flip));
                final StorageMessage decoded = assertDoesNotThrow(() -> codec.decode(frame, 0, length, 0, 0),
                    "byte " + at + " ^ " + flip);
                checkOutcome(decoded);
                if (null != decoded)
                {
                    assertRoundTrips(decoded);
                }
            }
        }
    }

    @Test
    void shouldAppendThePreviousHopSoThatTheFirstViaEntryIsTheOrigin()
    {
        final StorageMessage sent = new StorageMessage(List.of(RESOURCE), List.of(A, B), 40, 9, FETCH.body());
        final int length = codec.encode(sent, out, 0);

        final StorageMessage delivered = codec.decode(out, 0, length, C.hi(), C.lo());
        assertNotNull(delivered, codec::lastError);
        assertEquals(List.of(A, B, C), delivered.via(), "draft §4.1.2.3.3");
        assertEquals(A, delivered.origin(RESOURCE));
        assertEquals(List.of(C, B, A), delivered.reversedVia(), "draft §4.1.2.2: the way back");
    }

    @Test
    void shouldDecodeA412ToRemoveWithItsGenerations()
    {
        final StorageMessage refused = new StorageMessage(List.of(A), List.of(), 100, 3, new ErrorAnswer(
            MethodCode.REMOVE, ResponseCode.PRECONDITION_FAILED, "wrong generation", STORE_412_GENERATIONS));
        assertRoundTrips(refused);
    }

    static final List<StoreTypeResponse> STORE_412_GENERATIONS = ((ErrorAnswer)STORE_412.body()).generations();

    @Test
    void shouldDropErrorInfoThatIsNotAPackingOfGenerations()
    {
        // 21 bytes of error_info: one store_type_response and ten bytes over
        final String frame = STORE_412_FRAME.substring(0, 2 * 13) + "000060" + STORE_412_FRAME.substring(2 * 16, 2 * 48) +
            "0000002c" + STORE_412_FRAME.substring(2 * 52, 2 * 73) + "0015" + STORE_412_FRAME.substring(2 * 75, 2 * 96);
        final StorageMessage decoded = codec.decode(frame(frame), 0, frame.length() / 2, 0, 0);
        assertNotNull(decoded, codec::lastError);
        assertEquals(new ErrorAnswer(MethodCode.STORE, ResponseCode.PRECONDITION_FAILED, "Precondition Failed",
            List.of()), decoded.body());
    }

    @Test
    void shouldReadGenerationsOnlyFromA412ToStoreOrRemove()
    {
        // the same error_info under 403, and under a 412 to FETCH
        final String forbidden = STORE_412_FRAME.replace("819c0004", "81930004");
        assertEquals(new ErrorAnswer(MethodCode.STORE, ResponseCode.FORBIDDEN, "Precondition Failed", List.of()),
            codec.decode(frame(forbidden), 0, forbidden.length() / 2, 0, 0).body());
        final String fetch = STORE_412_FRAME.replace("819c0004", "819c0005");
        assertEquals(new ErrorAnswer(MethodCode.FETCH, ResponseCode.PRECONDITION_FAILED, "Precondition Failed",
            List.of()), codec.decode(frame(fetch), 0, fetch.length() / 2, 0, 0).body());
    }

    @Test
    void shouldReportAStoreOfAnUnknownKindSoThatTheCallerAnswers412()
    {
        final StorageCodec unaware = new StorageCodec(OVERLAY, (type) -> KindId.CERTIFICATE == type ?
            DataModel.ARRAY : null);
        assertNull(unaware.decode(frame(STORE_FRAME), 0, STORE_FRAME.length() / 2, A.hi(), A.lo()));
        assertEquals(StorageCodec.Status.UNKNOWN_KIND, unaware.lastStatus());
        assertEquals(MethodCode.STORE, unaware.lastMethod());
        assertTrue(unaware.lastError().contains("0x2"), unaware::lastError);

        assertNull(unaware.decode(frame(FETCH_ANSWER_FRAME), 0, FETCH_ANSWER_FRAME.length() / 2, 0, 0));
        assertEquals(StorageCodec.Status.UNKNOWN_KIND, unaware.lastStatus());
        assertEquals(MethodCode.FETCH, unaware.lastMethod());
    }

    @Test
    void shouldDecodeAStoreOfAnUnknownKindWithoutValuesAndEveryReferenceToOne()
    {
        final StorageCodec blind = new StorageCodec(OVERLAY, (type) -> null);
        final StorageMessage empty = new StorageMessage(List.of(RESOURCE), List.of(), 100, 1,
            new StoreRequest(RESOURCE, List.of(new StoreTypeData(0x77, 0, List.of()))));
        assertEquals(empty, blind.decode(out, 0, blind.encode(empty, out, 0), 0, 0), blind::lastError);
        assertEquals(FETCH, blind.decode(frame(FETCH_FRAME), 0, FETCH_FRAME.length() / 2, 0, 0), blind::lastError);
        final StorageMessage remove = new StorageMessage(List.of(RESOURCE), List.of(), 100, 1,
            new RemoveRequest(RESOURCE, ((FetchRequest)FETCH.body()).data()));
        assertEquals(remove, blind.decode(out, 0, blind.encode(remove, out, 0), 0, 0), blind::lastError);
    }

    @Test
    void shouldRefuseAValueWrittenInAnotherDataModelThanItsKinds()
    {
        // an array_entry under TURN-SERVICE, a single value kind: encoded by a peer that thinks it is an array
        final StorageCodec mistaken = new StorageCodec(OVERLAY, (type) -> DataModel.ARRAY);
        final StorageMessage store = new StorageMessage(List.of(RESOURCE), List.of(), 100, 1,
            new StoreRequest(RESOURCE, List.of(new StoreTypeData(KindId.TURN_SERVICE, 0, List.of(
                new ArrayEntry(0, StoredValue.of(1, 1, bytes("abc"), Opaque.EMPTY)))))));
        final int length = mistaken.encode(store, out, 0);

        assertNull(codec.decode(out, 0, length, 0, 0));
        assertEquals(StorageCodec.Status.MALFORMED, codec.lastStatus());
        assertTrue(codec.lastError().contains("single value entry"), codec::lastError);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(store, out, 0),
            "the wire cannot say the model, so the encoder refuses it");
    }

    @Test
    void shouldWriteANonexistentValueWithNoTimesValueOrSignature()
    {
        // draft §5.2.2.2: "an empty data value portion and no signature"; relo zeroes the times (wire-format.md §4.7)
        final StoredValue stale = new StoredValue(1_600_000_000L, 60, Opaque.EMPTY, Opaque.EMPTY, false);
        final StorageMessage answer = new StorageMessage(List.of(A), List.of(), 100, 1, new FetchAnswer(List.of(
            new FetchResponse(KindId.CERTIFICATE, 2, List.of(new ArrayEntry(4, stale))))));
        final StorageMessage decoded = codec.decode(out, 0, codec.encode(answer, out, 0), 0, 0);
        assertEquals(new FetchAnswer(List.of(new FetchResponse(KindId.CERTIFICATE, 2,
            List.of(new ArrayEntry(4, StoredValue.NONEXISTENT))))), decoded.body());

        // an empty unsigned value with a time is a value
        final StoredValue empty = StoredValue.of(5, 0, Opaque.EMPTY, Opaque.EMPTY);
        final StorageMessage kept = new StorageMessage(List.of(A), List.of(), 100, 1, new FetchAnswer(List.of(
            new FetchResponse(KindId.TURN_SERVICE, 2, List.of(new SingleValueEntry(empty))))));
        assertRoundTrips(kept);
    }

    @Test
    void shouldReturnTooLargeForAFetchAnswerOverTheBoundOfOneKind()
    {
        // draft §9.2.1 allows 10 registrations of 10 KB: more than fetch_response.stored_data<65000> holds
        final List<StoredData> values = new ArrayList<>();
        for (int i = 0; i < KindRegistry.SIP_REGISTRATION_MAX_VALUES; i++)
        {
            values.add(new DictionaryEntry(bytes("user" + i), StoredValue.of(1, 60,
                Opaque.copyOf(new byte[KindRegistry.SIP_REGISTRATION_MAX_VALUE_SIZE]), Opaque.EMPTY)));
        }
        final StorageMessage answer = new StorageMessage(List.of(A), List.of(), 100, 1,
            new FetchAnswer(List.of(new FetchResponse(KindId.SIP_REGISTRATION, 3, values))));

        assertEquals(-1, codec.encode(answer, out, 0));
        assertEquals(StorageCodec.Status.TOO_LARGE, codec.lastStatus());
        assertEquals(MethodCode.FETCH, codec.lastMethod());
        assertTrue(codec.lastError().contains("fetch_response.stored_data"), codec::lastError);

        // six fit
        final StorageMessage six = new StorageMessage(List.of(A), List.of(), 100, 1,
            new FetchAnswer(List.of(new FetchResponse(KindId.SIP_REGISTRATION, 3, values.subList(0, 6)))));
        assertRoundTrips(six);
    }

    @Test
    void shouldReturnTooLargeForEveryOtherVectorOverItsBound()
    {
        final Opaque big = Opaque.copyOf(new byte[StorageCodec.MAX_VECTOR_LENGTH + 1]);
        final List<Body> bodies = List.of(
            new StoreRequest(RESOURCE, List.of(new StoreTypeData(KindId.TURN_SERVICE, 0,
                List.of(new SingleValueEntry(StoredValue.of(1, 1, big, Opaque.EMPTY)))))),
            new StoreRequest(RESOURCE, List.of(new StoreTypeData(KindId.CERTIFICATE, 0, Collections.nCopies(7,
                new ArrayEntry(1, StoredValue.of(1, 1, Opaque.copyOf(new byte[10_000]), Opaque.EMPTY)))))),
            new FetchRequest(RESOURCE, List.of(new FetchTypeData(KindId.SIP_REGISTRATION, 0,
                new FetchDataReference.Dictionary(List.of(big))))),
            new FindRequest(RESOURCE, Collections.nCopies(StorageCodec.MAX_FIND_TYPES + 1, 1)),
            new ErrorAnswer(MethodCode.FIND, ResponseCode.NOT_FOUND, "x".repeat(65001), List.of()));
        for (final Body body : bodies)
        {
            assertEquals(-1, codec.encode(new StorageMessage(List.of(A), List.of(), 100, 1, body), out, 0),
                body::toString);
            assertEquals(StorageCodec.Status.TOO_LARGE, codec.lastStatus());
            assertTrue(codec.lastError().contains("bound") || codec.lastError().contains("at most"),
                codec::lastError);
        }
    }

    @Test
    void shouldRefuseToEncodeWhatTheWireCannotCarry()
    {
        final List<Body> bodies = List.of(
            new ErrorAnswer(MethodCode.STORE, ResponseCode.OK, "OK", List.of()),
            new ErrorAnswer(MethodCode.PING, ResponseCode.NOT_FOUND, "Not Found", List.of()),
            new ErrorAnswer(MethodCode.STORE, ResponseCode.FORBIDDEN, "Forbidden", STORE_412_GENERATIONS),
            new ErrorAnswer(MethodCode.FETCH, ResponseCode.PRECONDITION_FAILED, "x", STORE_412_GENERATIONS),
            new FindRequest(RESOURCE, List.of(0x100_0000)),
            new StoreAnswer(List.of(new StoreTypeResponse(-1, 0))),
            new StoreRequest(RESOURCE, List.of(new StoreTypeData(0x99, 0, List.of(
                new SingleValueEntry(StoredValue.NONEXISTENT), new ArrayEntry(0, StoredValue.NONEXISTENT))))));
        for (final Body body : bodies)
        {
            assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new StorageMessage(List.of(A), List.of(), 100, 1, body), out, 0), body::toString);
        }
    }

    @Test
    void shouldReportOtherMethodsAsUnsupportedWithTheirMethod()
    {
        final ChordCodec chord = new ChordCodec(OVERLAY);
        final int ping = chord.encode(new ChordMessage(List.of(A), List.of(), 100, 1,
            ChordMessage.PingRequest.PLAIN), out, 0);
        assertNull(codec.decode(out, 0, ping, 0, 0));
        assertEquals(StorageCodec.Status.UNSUPPORTED_METHOD, codec.lastStatus());
        assertEquals(MethodCode.PING, codec.lastMethod());

        final int error = chord.encode(new ChordMessage(List.of(A), List.of(), 100, 1,
            new ChordMessage.ErrorResponse(MethodCode.JOIN, ResponseCode.NOT_FOUND, "Not Found", new byte[0])), out, 0);
        assertNull(codec.decode(out, 0, error, 0, 0));
        assertEquals(StorageCodec.Status.UNSUPPORTED_METHOD, codec.lastStatus());
        assertEquals(MethodCode.JOIN, codec.lastMethod());

        // and the Chord codec leaves STORE to this one
        assertNull(chord.decode(frame(STORE_FRAME), 0, STORE_FRAME.length() / 2, 0, 0));
        assertEquals(ChordCodec.Status.UNSUPPORTED_METHOD, chord.lastStatus());
    }

    @Test
    void shouldRefuseWindowsOutsideTheBuffer()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[40]);
        assertNull(codec.decode(small, 30, 28, 0, 0));
        assertNull(codec.decode(small, -1, 28, 0, 0));
        assertNull(codec.decode(small, 0, -5, 0, 0));
        assertEquals(StorageCodec.Status.MALFORMED, codec.lastStatus());
        assertEquals(StorageCodec.NO_METHOD, codec.lastMethod());
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRoundTripRandomMessagesOfEveryBody(final long seed)
    {
        final Random random = new Random(seed);
        for (int kind = 0; kind < RandomStorage.BODIES; kind++)
        {
            final StorageMessage message = RandomStorage.message(random, RandomStorage.body(random, kind));
            final int offset = random.nextInt(16);
            final int length = codec.encode(message, out, offset);
            assertTrue(length > 0, codec::lastError);
            assertEquals(message, codec.decode(out, offset, length, 0, 0), codec::lastError);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRefuseRandomBytesWithAReason(final long seed)
    {
        final Random random = new Random(seed);
        final byte[] garbage = new byte[random.nextInt(400)];
        random.nextBytes(garbage);

        assertNull(codec.decode(new UnsafeBuffer(garbage), 0, garbage.length, random.nextLong(), random.nextLong()));
        assertEquals(StorageCodec.Status.MALFORMED, codec.lastStatus());
        assertFalse(codec.lastError().isEmpty());
    }

    private void checkOutcome(final StorageMessage decoded)
    {
        assertEquals(null != decoded, StorageCodec.Status.DECODED == codec.lastStatus(), codec::lastError);
        assertFalse(codec.lastError().isEmpty());
    }

    private void assertRoundTrips(final StorageMessage message)
    {
        final UnsafeBuffer again = new UnsafeBuffer(new byte[1 << 20]);
        final int length = codec.encode(message, again, 0);
        assertTrue(length > 0, codec::lastError);
        assertEquals(message, codec.decode(again, 0, length, 0, 0), codec::lastError);
    }
}
