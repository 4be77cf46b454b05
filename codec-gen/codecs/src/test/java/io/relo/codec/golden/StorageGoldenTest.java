package io.relo.codec.golden;

import io.relo.codec.AddressType;
import io.relo.codec.ArrayEntryDecoder;
import io.relo.codec.ArrayEntryEncoder;
import io.relo.codec.DataModel;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.DictionaryEntryEncoder;
import io.relo.codec.DictionaryKeyDecoder;
import io.relo.codec.FetchDataReferenceDecoder;
import io.relo.codec.FetchDictionaryReferenceEncoder;
import io.relo.codec.FetchRequestDecoder;
import io.relo.codec.FetchRequestEncoder;
import io.relo.codec.FetchResponseDecoder;
import io.relo.codec.FetchResponseEncoder;
import io.relo.codec.FetchTypeDataDecoder;
import io.relo.codec.FindRequestDecoder;
import io.relo.codec.FindRequestEncoder;
import io.relo.codec.FindTypeDataDecoder;
import io.relo.codec.FindTypeDataEncoder;
import io.relo.codec.KindId;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.SignerIdentityType;
import io.relo.codec.SingleValueEntryDecoder;
import io.relo.codec.SingleValueEntryEncoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreRequestEncoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoreTypeDataEncoder;
import io.relo.codec.StoreTypeResponseDecoder;
import io.relo.codec.StoreTypeResponseEncoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.StoredDataEncoder;
import io.relo.codec.StoredDataToBeSignedDecoder;
import io.relo.codec.StoredDataToBeSignedEncoder;
import io.relo.codec.TurnServerDecoder;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.codec.sip.SipRegistrationDecoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.relo.codec.golden.Golden.ALICE;
import static io.relo.codec.golden.Golden.BOB;
import static io.relo.codec.golden.Golden.BOB_HI;
import static io.relo.codec.golden.Golden.BOB_LO;
import static io.relo.codec.golden.Golden.PEER_A_HI;
import static io.relo.codec.golden.Golden.RESOURCE_BOB;
import static io.relo.codec.golden.Golden.RESOURCE_BOB_HI;
import static io.relo.codec.golden.Golden.RESOURCE_BOB_LO;
import static io.relo.codec.golden.Golden.assertEncodes;
import static io.relo.codec.golden.Golden.assertWrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Golden vectors for the storage payloads of draft §5.2: STORE, FETCH, REMOVE and FIND, and the three data models
 * a stored value can hold.
 */
class StorageGoldenTest
{
    /** draft §5.2.1.1.3, §9.2.1: Bob's registration, keyed by his own peer-id. */
    static final String DICTIONARY_ENTRY_SIP =
        "0010" +                // opaque key<65000>: 2-byte length 16
        BOB +                   //   the storing peer's id
        "0038" +                // opaque value<65000>: 2-byte length 56
        UsageGoldenTest.SIP_REGISTRATION_ROUTE; // RFC 7904 SipRegistration, 56 bytes

    /** draft §5.2.1.1: one signed SIP-REGISTRATION value. */
    static final String STORED_DATA_SIP =
        "00000080" +            // uint32 length: the 128 bytes after it
        "6553f100" +            // uint32 storage_time 1700000000
        "00000e10" +            // uint32 lifetime 3600
        "0000004c" +            // blob data-value: 4-byte length 76
        DICTIONARY_ENTRY_SIP +  //   dictionary_entry, 2 + 16 + 2 + 56 bytes
        "00000024" +            // blob signature: 4-byte length 36
        MessageGoldenTest.SIGNATURE_PEER; // signature by Bob, 36 bytes

    /** draft §5.2.1.1: Bob's STORE of his registration, expecting generation 7. */
    static final String STORE_REQUEST =
        RESOURCE_BOB +          // resource_id resource
        "0091" +                // store_type_data store_data<65000>: 2-byte length 145
        "000001" +              //   [0] type_id type: uint24, SIP-REGISTRATION
        "0000000000000007" +    //       generation_counter generation 7
        "0084" +                //       stored_data values<65000>: 2-byte length 132
        STORED_DATA_SIP;        //         [0] 4 + 128 bytes

    /** draft §5.2.1.2: the generation of SIP-REGISTRATION after the store. */
    static final String STORE_TYPE_RESPONSE_SIP =
        "000001" +              // type_id type: SIP-REGISTRATION
        "0000000000000008";     // generation_counter generation 8

    /** draft §5.2.1.2: the generation of TURN-SERVICE. */
    static final String STORE_TYPE_RESPONSE_TURN =
        "000002" +              // type_id type: TURN-SERVICE
        "0000000000000001";     // generation_counter generation 1

    /** draft §5.2.2.1: a single value has an empty reference. */
    static final String FETCH_TYPE_DATA_SINGLE =
        "000002" +              // type_id type: TURN-SERVICE
        "0000000000000000" +    // generation_counter generation 0
        "01";                   // data_model: single_value_model, then nothing

    /** draft §5.2.2.1: the whole array, 0 to -1. */
    static final String FETCH_TYPE_DATA_ARRAY =
        "000003" +              // type_id type: CERTIFICATE
        "0000000000000005" +    // generation_counter generation 5
        "02" +                  // data_model: array_model
        "00000000" +            // int32 first 0
        "ffffffff";             // int32 last -1

    /** draft §5.2.2.1: two dictionary keys, Bob's and Alice's peer-ids. */
    static final String FETCH_TYPE_DATA_DICTIONARY =
        "000001" +              // type_id type: SIP-REGISTRATION
        "0000000000000011" +    // generation_counter generation 17
        "03" +                  // data_model: dictionary_model
        "0024" +                // dictionary_key dictionary_keys<65000>: 2-byte length 36
        "0010" +                //   [0] opaque key_value<65000>: 2-byte length 16
        BOB +                   //       Bob's peer-id
        "0010" +                //   [1] opaque key_value<65000>: 2-byte length 16
        ALICE;                  //       Alice's peer-id

    /** draft §5.2.2.1: one fetch_type_data per data model. */
    static final String FETCH_REQUEST =
        RESOURCE_BOB +          // resource_id resource
        "0052" +                // fetch_type_data fetch_data<65000>: 2-byte length 82 = 12 + 20 + 50
        FETCH_TYPE_DATA_SINGLE + //   [0] 12 bytes
        FETCH_TYPE_DATA_ARRAY + //   [1] 20 bytes
        FETCH_TYPE_DATA_DICTIONARY; // [2] 50 bytes

    /** draft §5.2.2.1: no keys is a wildcard fetch. */
    static final String FETCH_REQUEST_WILDCARD =
        RESOURCE_BOB +          // resource_id resource
        "000e" +                // fetch_type_data fetch_data<65000>: 2-byte length 14
        "000001" +              //   [0] type_id type: SIP-REGISTRATION
        "0000000000000000" +    //       generation_counter generation 0
        "03" +                  //       data_model: dictionary_model
        "0000";                 //       dictionary_key dictionary_keys<65000>: empty

    /** draft §5.2.1.1.1, §9.3: a single value holding a turn_server. */
    static final String SINGLE_VALUE_ENTRY_TURN =
        "0008" +                // opaque value<65000>: 2-byte length 8
        UsageGoldenTest.TURN_SERVER; // turn_server, 8 bytes

    /** draft §5.2.1.1: an unsigned TURN-SERVICE value. */
    static final String STORED_DATA_TURN =
        "0000001a" +            // uint32 length: the 26 bytes after it
        "6553f100" +            // uint32 storage_time 1700000000
        "00015180" +            // uint32 lifetime 86400
        "0000000a" +            // blob data-value: 4-byte length 10
        SINGLE_VALUE_ENTRY_TURN + // single_value_entry, 10 bytes
        "00000000";             // blob signature: empty

    /** draft §5.2.2.2: one TURN-SERVICE value at generation 3. */
    static final String FETCH_RESPONSE =
        "000002" +              // type_id type: TURN-SERVICE
        "0000000000000003" +    // generation_counter generation 3
        "001e" +                // opaque stored_data<65000>: 2-byte length 30
        STORED_DATA_TURN;       //   stored_data, 4 + 26 bytes

    /** draft §5.2.4.1: where are the nearest SIP registrations and TURN servers? */
    static final String FIND_REQUEST =
        RESOURCE_BOB +          // resource_id resource
        "06" +                  // type_id ids<255>: 1-byte length 6 = 2 x uint24
        "000001" +              //   [0] SIP-REGISTRATION
        "000002";               //   [1] TURN-SERVICE

    /** draft §5.2.4.2: the closest TURN-SERVICE resource. */
    static final String FIND_TYPE_DATA =
        "000002" +              // type_id type: TURN-SERVICE
        "6f3d0a1c92e54b7d8a1f2c3b4d5e7000"; // resource_id closest_resource

    /** draft §5.2.1.3: what the storer of the TURN value signs. */
    static final String STORED_DATA_TO_BE_SIGNED =
        RESOURCE_BOB +          // resource_id resource
        "000002" +              // type_id type: TURN-SERVICE
        "0000001e" +            // blob stored_data: 4-byte length 30
        STORED_DATA_TURN;       //   stored_data, 30 bytes

    /** draft §5.2.1.1.2: append a certificate. */
    static final String ARRAY_ENTRY_APPEND =
        "ffffffff" +            // int32 index -1: append
        "0005" +                // opaque value<65000>: 2-byte length 5
        MessageGoldenTest.CERTIFICATE; // DER SEQUENCE { INTEGER 1 }

    private static final byte[] BOB_KEY = Golden.bytes(BOB);
    private static final byte[] ALICE_KEY = Golden.bytes(ALICE);

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeStoreRequestOfSignedDictionaryEntry(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, STORE_REQUEST);
        final StoreRequestDecoder decoder = new StoreRequestDecoder();
        assertWrapped(163, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(RESOURCE_BOB_HI, decoder.resourceHi());
        assertEquals(RESOURCE_BOB_LO, decoder.resourceLo());
        assertEquals(145, decoder.storeDataLength());
        assertEquals(1, decoder.storeDataCount());
        final DecoderCursor<StoreTypeDataDecoder> storeData = decoder.storeData();
        final StoreTypeDataDecoder typeData = storeData.next();
        assertFalse(storeData.hasNext());
        assertEquals(KindId.SIP_REGISTRATION, typeData.type());
        assertEquals(7L, typeData.generation());
        assertEquals(132, typeData.valuesLength());
        assertEquals(1, typeData.valuesCount());
        final DecoderCursor<StoredDataDecoder> values = typeData.values();
        final StoredDataDecoder value = values.next();
        assertFalse(values.hasNext());
        assertEquals(128L, value.length());
        assertEquals(1_700_000_000L, value.storageTime());
        assertEquals(3600L, value.lifetime());
        assertEquals(76, value.dataValueLength());
        assertEquals(36, value.signatureLength());

        final DictionaryEntryDecoder entry = new DictionaryEntryDecoder();
        final int entryEnd = value.dataValueOffset() + value.dataValueLength();
        assertWrapped(76, entry.wrapExactly(buffer, value.dataValueOffset(), entryEnd), entry);
        assertArrayEquals(BOB_KEY, entry.keyBytes());
        assertEquals(56, entry.valueLength());
        final SipRegistrationDecoder registration = new SipRegistrationDecoder();
        final int registrationEnd = entry.valueOffset() + entry.valueLength();
        assertWrapped(56, registration.wrapExactly(buffer, entry.valueOffset(), registrationEnd), registration);
        assertEquals(SipRegistrationType.SIP_REGISTRATION_ROUTE, registration.type());
        assertEquals(2, registration.data().destinationListCount());
        assertEquals(PEER_A_HI, registration.data().destinationListHi(0));
        assertEquals(BOB_LO, registration.data().destinationListLo(1));

        final SignatureDecoder signature = new SignatureDecoder();
        final int signatureEnd = value.signatureOffset() + value.signatureLength();
        assertWrapped(36, signature.wrapExactly(buffer, value.signatureOffset(), signatureEnd), signature);
        assertEquals(SignatureAlgorithm.RSA_SHA256, signature.algorithm());
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_PEER, signature.identity().type());
        assertEquals(BOB_HI, signature.identity().idHi());
        assertEquals(BOB_LO, signature.identity().idLo());

        assertEncodes(STORE_REQUEST, offset, StorageGoldenTest::encodeStoreRequest);
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeStoreTypeResponsesPackedEndToEnd(final int offset)
    {
        final String golden = STORE_TYPE_RESPONSE_SIP + STORE_TYPE_RESPONSE_TURN;
        final UnsafeBuffer buffer = Golden.at(offset, golden);
        final StoreTypeResponseDecoder decoder = new StoreTypeResponseDecoder();

        assertWrapped(11, decoder.wrap(buffer, offset, buffer.capacity()), decoder);
        assertEquals(KindId.SIP_REGISTRATION, decoder.type());
        assertEquals(8L, decoder.generation());
        assertWrapped(11, decoder.wrapExactly(buffer, offset + 11, buffer.capacity()), decoder);
        assertEquals(KindId.TURN_SERVICE, decoder.type());
        assertEquals(1L, decoder.generation());

        assertEncodes(STORE_TYPE_RESPONSE_SIP, offset, (buf, off) -> new StoreTypeResponseEncoder().wrap(buf, off)
            .type(KindId.SIP_REGISTRATION).generation(8L).finish());
        assertEncodes(golden, offset, StorageGoldenTest::encodeStoreTypeResponses);
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeFetchRequestForEachDataModel(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, FETCH_REQUEST);
        final FetchRequestDecoder decoder = new FetchRequestDecoder();
        assertWrapped(100, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(RESOURCE_BOB_HI, decoder.resourceHi());
        assertEquals(RESOURCE_BOB_LO, decoder.resourceLo());
        assertEquals(82, decoder.fetchDataLength());
        assertEquals(3, decoder.fetchDataCount());
        final DecoderCursor<FetchTypeDataDecoder> fetchData = decoder.fetchData();

        final FetchTypeDataDecoder single = fetchData.next();
        assertEquals(KindId.TURN_SERVICE, single.type());
        assertEquals(0L, single.generation());
        assertEquals(DataModel.SINGLE_VALUE_MODEL, single.reference().type());
        assertEquals(12, single.encodedLength());

        final FetchTypeDataDecoder array = fetchData.next();
        assertEquals(KindId.CERTIFICATE, array.type());
        assertEquals(5L, array.generation());
        assertEquals(DataModel.ARRAY_MODEL, array.reference().type());
        assertEquals(0, array.reference().array().first());
        assertEquals(-1, array.reference().array().last());

        final FetchTypeDataDecoder dictionary = fetchData.next();
        assertFalse(fetchData.hasNext());
        assertEquals(KindId.SIP_REGISTRATION, dictionary.type());
        assertEquals(17L, dictionary.generation());
        final FetchDataReferenceDecoder reference = dictionary.reference();
        assertEquals(DataModel.DICTIONARY_MODEL, reference.type());
        assertEquals(36, reference.dictionary().dictionaryKeysLength());
        assertEquals(2, reference.dictionary().dictionaryKeysCount());
        final DecoderCursor<DictionaryKeyDecoder> keys = reference.dictionary().dictionaryKeys();
        assertArrayEquals(BOB_KEY, keys.next().keyValueBytes());
        assertArrayEquals(ALICE_KEY, keys.next().keyValueBytes());
        assertFalse(keys.hasNext());

        assertEncodes(FETCH_REQUEST, offset, (buf, off) ->
        {
            final FetchRequestEncoder encoder = new FetchRequestEncoder().wrap(buf, off)
                .resource(RESOURCE_BOB_HI, RESOURCE_BOB_LO)
                .fetchDataBegin();
            encoder.fetchDataNext().type(KindId.TURN_SERVICE).generation(0L).reference().singleValueModel();
            encoder.fetchDataNext().type(KindId.CERTIFICATE).generation(5L).reference().arrayModel().array()
                .first(0).last(-1);
            final FetchDictionaryReferenceEncoder keysEncoder = encoder.fetchDataNext()
                .type(KindId.SIP_REGISTRATION).generation(17L).reference().dictionaryModel().dictionary()
                .dictionaryKeysBegin();
            keysEncoder.dictionaryKeysNext().keyValue(BOB_KEY);
            keysEncoder.dictionaryKeysNext().keyValue(ALICE_KEY);
            keysEncoder.dictionaryKeysEnd();
            return encoder.fetchDataEnd().finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeWildcardDictionaryFetch(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, FETCH_REQUEST_WILDCARD);
        final FetchRequestDecoder decoder = new FetchRequestDecoder();
        assertWrapped(32, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(1, decoder.fetchDataCount());
        final FetchTypeDataDecoder typeData = decoder.fetchData().next();
        assertEquals(KindId.SIP_REGISTRATION, typeData.type());
        assertEquals(0L, typeData.generation());
        assertEquals(DataModel.DICTIONARY_MODEL, typeData.reference().type());
        assertEquals(0, typeData.reference().dictionary().dictionaryKeysLength());
        assertEquals(0, typeData.reference().dictionary().dictionaryKeysCount());
        assertFalse(typeData.reference().dictionary().dictionaryKeys().hasNext());

        assertEncodes(FETCH_REQUEST_WILDCARD, offset, (buf, off) ->
        {
            final FetchRequestEncoder encoder = new FetchRequestEncoder().wrap(buf, off)
                .resource(RESOURCE_BOB_HI, RESOURCE_BOB_LO)
                .fetchDataBegin();
            encoder.fetchDataNext().type(KindId.SIP_REGISTRATION).generation(0L).reference().dictionaryModel()
                .dictionary().dictionaryKeysBegin().dictionaryKeysEnd();
            return encoder.fetchDataEnd().finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeFetchResponseHoldingOneStoredData(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, FETCH_RESPONSE);
        final FetchResponseDecoder decoder = new FetchResponseDecoder();
        assertWrapped(43, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(KindId.TURN_SERVICE, decoder.type());
        assertEquals(3L, decoder.generation());
        assertEquals(30, decoder.storedDataLength());

        final StoredDataDecoder value = new StoredDataDecoder();
        final int valuesEnd = decoder.storedDataOffset() + decoder.storedDataLength();
        assertWrapped(30, value.wrapExactly(buffer, decoder.storedDataOffset(), valuesEnd), value);
        assertEquals(26L, value.length());
        assertEquals(1_700_000_000L, value.storageTime());
        assertEquals(86_400L, value.lifetime());
        assertEquals(10, value.dataValueLength());
        assertEquals(0, value.signatureLength());

        final SingleValueEntryDecoder single = new SingleValueEntryDecoder();
        final int singleEnd = value.dataValueOffset() + value.dataValueLength();
        assertWrapped(10, single.wrapExactly(buffer, value.dataValueOffset(), singleEnd), single);
        final TurnServerDecoder turn = new TurnServerDecoder();
        final int turnEnd = single.valueOffset() + single.valueLength();
        assertWrapped(8, turn.wrapExactly(buffer, single.valueOffset(), turnEnd), turn);
        assertEquals(1, turn.iteration());
        assertEquals(AddressType.IP4_ADDRESS_TYPE, turn.address().type());
        assertEquals(0xc6336407L, turn.address().v4().addr());
        assertEquals(3478, turn.address().v4().port());

        assertEncodes(STORED_DATA_TURN, offset, StorageGoldenTest::encodeStoredTurnValue);
        assertEncodes(FETCH_RESPONSE, offset, (buf, off) ->
        {
            final FetchResponseEncoder encoder = new FetchResponseEncoder().wrap(buf, off)
                .type(KindId.TURN_SERVICE).generation(3L);
            final int p = encoder.storedDataBegin();
            return encoder.storedDataEnd(p + encodeStoredTurnValue(buf, p)).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeFindRequestForTwoTypes(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, FIND_REQUEST);
        final FindRequestDecoder decoder = new FindRequestDecoder();
        assertWrapped(23, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(RESOURCE_BOB_HI, decoder.resourceHi());
        assertEquals(RESOURCE_BOB_LO, decoder.resourceLo());
        assertEquals(6, decoder.idsLength());
        assertEquals(2, decoder.idsCount());
        assertEquals(KindId.SIP_REGISTRATION, decoder.ids(0));
        assertEquals(KindId.TURN_SERVICE, decoder.ids(1));

        assertEncodes(FIND_REQUEST, offset, (buf, off) -> new FindRequestEncoder().wrap(buf, off)
            .resource(RESOURCE_BOB_HI, RESOURCE_BOB_LO)
            .idsBegin().idsAdd(KindId.SIP_REGISTRATION).idsAdd(KindId.TURN_SERVICE).idsEnd()
            .finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeFindTypeData(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, FIND_TYPE_DATA);
        final FindTypeDataDecoder decoder = new FindTypeDataDecoder();
        assertWrapped(19, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(KindId.TURN_SERVICE, decoder.type());
        assertEquals(0x6f3d0a1c92e54b7dL, decoder.closestResourceHi());
        assertEquals(0x8a1f2c3b4d5e7000L, decoder.closestResourceLo());

        assertEncodes(FIND_TYPE_DATA, offset, (buf, off) -> new FindTypeDataEncoder().wrap(buf, off)
            .type(KindId.TURN_SERVICE).closestResource(0x6f3d0a1c92e54b7dL, 0x8a1f2c3b4d5e7000L).finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeStoredDataToBeSigned(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, STORED_DATA_TO_BE_SIGNED);
        final StoredDataToBeSignedDecoder decoder = new StoredDataToBeSignedDecoder();
        assertWrapped(53, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(RESOURCE_BOB_HI, decoder.resourceHi());
        assertEquals(RESOURCE_BOB_LO, decoder.resourceLo());
        assertEquals(KindId.TURN_SERVICE, decoder.type());
        assertEquals(30, decoder.storedDataLength());
        assertArrayEquals(Golden.bytes(STORED_DATA_TURN), decoder.storedDataBytes());

        assertEncodes(STORED_DATA_TO_BE_SIGNED, offset, (buf, off) ->
        {
            final StoredDataToBeSignedEncoder encoder = new StoredDataToBeSignedEncoder().wrap(buf, off)
                .resource(RESOURCE_BOB_HI, RESOURCE_BOB_LO)
                .type(KindId.TURN_SERVICE);
            final int p = encoder.storedDataBegin();
            return encoder.storedDataEnd(p + encodeStoredTurnValue(buf, p)).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeSingleValueEntry(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, SINGLE_VALUE_ENTRY_TURN);
        final SingleValueEntryDecoder decoder = new SingleValueEntryDecoder();
        assertWrapped(10, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertArrayEquals(Golden.bytes(UsageGoldenTest.TURN_SERVER), decoder.valueBytes());

        assertEncodes(SINGLE_VALUE_ENTRY_TURN, offset, (buf, off) -> new SingleValueEntryEncoder().wrap(buf, off)
            .value(Golden.bytes(UsageGoldenTest.TURN_SERVER)).finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeArrayEntryAppendingWithIndexMinusOne(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, ARRAY_ENTRY_APPEND);
        final ArrayEntryDecoder decoder = new ArrayEntryDecoder();
        assertWrapped(11, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(-1, decoder.index());
        assertArrayEquals(Golden.bytes(MessageGoldenTest.CERTIFICATE), decoder.valueBytes());

        assertEncodes(ARRAY_ENTRY_APPEND, offset, (buf, off) -> new ArrayEntryEncoder().wrap(buf, off)
            .index(-1).value(Golden.bytes(MessageGoldenTest.CERTIFICATE)).finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeDictionaryEntry(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, DICTIONARY_ENTRY_SIP);
        final DictionaryEntryDecoder decoder = new DictionaryEntryDecoder();
        assertWrapped(76, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertArrayEquals(BOB_KEY, decoder.keyBytes());
        assertArrayEquals(Golden.bytes(UsageGoldenTest.SIP_REGISTRATION_ROUTE), decoder.valueBytes());

        assertEncodes(DICTIONARY_ENTRY_SIP, offset, StorageGoldenTest::encodeDictionaryEntry);
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeStoreTypeDataWithOneValue(final int offset)
    {
        final String golden = STORE_REQUEST.substring(2 * (16 + 2));
        final UnsafeBuffer buffer = Golden.at(offset, golden);
        final StoreTypeDataDecoder decoder = new StoreTypeDataDecoder();
        assertWrapped(145, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(KindId.SIP_REGISTRATION, decoder.type());
        assertEquals(7L, decoder.generation());
        assertEquals(1, decoder.valuesCount());
        assertEquals(128L, decoder.values().next().length());

        assertEncodes(golden, offset, (buf, off) ->
        {
            final StoreTypeDataEncoder encoder = new StoreTypeDataEncoder().wrap(buf, off)
                .type(KindId.SIP_REGISTRATION).generation(7L).valuesBegin();
            fillStoredSipValue(encoder.valuesNext());
            return encoder.valuesEnd().finish();
        });
    }

    /**
     * Bob's STORE request; also used where another vector embeds it.
     *
     * @param buffer to write.
     * @param offset at which to start.
     * @return bytes written.
     */
    static int encodeStoreRequest(final MutableDirectBuffer buffer, final int offset)
    {
        final StoreRequestEncoder request = new StoreRequestEncoder().wrap(buffer, offset)
            .resource(RESOURCE_BOB_HI, RESOURCE_BOB_LO)
            .storeDataBegin();
        final StoreTypeDataEncoder typeData = request.storeDataNext()
            .type(KindId.SIP_REGISTRATION)
            .generation(7L)
            .valuesBegin();
        fillStoredSipValue(typeData.valuesNext());
        typeData.valuesEnd();
        return request.storeDataEnd().finish();
    }

    /**
     * The two generations a STORE response carries, end to end.
     *
     * @param buffer to write.
     * @param offset at which to start.
     * @return bytes written.
     */
    static int encodeStoreTypeResponses(final MutableDirectBuffer buffer, final int offset)
    {
        final int first = new StoreTypeResponseEncoder().wrap(buffer, offset)
            .type(KindId.SIP_REGISTRATION).generation(8L).finish();
        final int second = new StoreTypeResponseEncoder().wrap(buffer, offset + first)
            .type(KindId.TURN_SERVICE).generation(1L).finish();
        return first + second;
    }

    private static void fillStoredSipValue(final StoredDataEncoder value)
    {
        value.storageTime(1_700_000_000L).lifetime(3600L);
        final int p = value.dataValueBegin();
        value.dataValueEnd(p + encodeDictionaryEntry(value.buffer(), p));
        final int q = value.signatureBegin();
        value.signatureEnd(q + MessageGoldenTest.encodeSignatureByBob(value.buffer(), q));
    }

    private static int encodeDictionaryEntry(final MutableDirectBuffer buffer, final int offset)
    {
        final DictionaryEntryEncoder entry = new DictionaryEntryEncoder().wrap(buffer, offset).key(BOB_KEY);
        final int p = entry.valueBegin();
        return entry.valueEnd(p + UsageGoldenTest.encodeRfc7904Route(buffer, p)).finish();
    }

    private static int encodeStoredTurnValue(final MutableDirectBuffer buffer, final int offset)
    {
        final StoredDataEncoder value = new StoredDataEncoder().wrap(buffer, offset)
            .storageTime(1_700_000_000L)
            .lifetime(86_400L);
        final int p = value.dataValueBegin();
        final SingleValueEntryEncoder single = new SingleValueEntryEncoder().wrap(buffer, p);
        final int q = single.valueBegin();
        single.valueEnd(q + UsageGoldenTest.encodeTurnServer(buffer, q));
        value.dataValueEnd(p + single.finish());
        return value.signature(new byte[0]).finish();
    }
}
