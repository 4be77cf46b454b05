package io.relo.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.ArrayEntryDecoder;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.DictionaryKeyDecoder;
import io.relo.codec.FetchArrayReferenceDecoder;
import io.relo.codec.FetchDataReferenceDecoder;
import io.relo.codec.FetchDictionaryReferenceDecoder;
import io.relo.codec.FetchRequestDecoder;
import io.relo.codec.FetchResponseDecoder;
import io.relo.codec.FetchTypeDataDecoder;
import io.relo.codec.FindRequestDecoder;
import io.relo.codec.FindTypeDataDecoder;
import io.relo.codec.SingleValueEntryDecoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoreTypeResponseDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.StoredDataToBeSignedDecoder;

/**
 * Fuzz targets for the storage payloads of draft §5.2 and the data-model entries a stored value holds, one per
 * decoder. Each is held to the contract of {@link DecoderFuzzing}; seeds are in
 * {@code StorageFuzzTestInputs/<method>/} under the test resources.
 */
class StorageFuzzTest
{
    private final StoreRequestDecoder storeRequestDecoder = new StoreRequestDecoder();
    private final StoreTypeDataDecoder storeTypeDataDecoder = new StoreTypeDataDecoder();
    private final StoredDataDecoder storedDataDecoder = new StoredDataDecoder();
    private final SingleValueEntryDecoder singleValueEntryDecoder = new SingleValueEntryDecoder();
    private final ArrayEntryDecoder arrayEntryDecoder = new ArrayEntryDecoder();
    private final DictionaryEntryDecoder dictionaryEntryDecoder = new DictionaryEntryDecoder();
    private final StoreTypeResponseDecoder storeTypeResponseDecoder = new StoreTypeResponseDecoder();
    private final StoredDataToBeSignedDecoder storedDataToBeSignedDecoder = new StoredDataToBeSignedDecoder();
    private final FetchRequestDecoder fetchRequestDecoder = new FetchRequestDecoder();
    private final FetchTypeDataDecoder fetchTypeDataDecoder = new FetchTypeDataDecoder();
    private final FetchDataReferenceDecoder fetchDataReferenceDecoder = new FetchDataReferenceDecoder();
    private final FetchArrayReferenceDecoder fetchArrayReferenceDecoder = new FetchArrayReferenceDecoder();
    private final FetchDictionaryReferenceDecoder fetchDictionaryReferenceDecoder =
        new FetchDictionaryReferenceDecoder();
    private final DictionaryKeyDecoder dictionaryKeyDecoder = new DictionaryKeyDecoder();
    private final FetchResponseDecoder fetchResponseDecoder = new FetchResponseDecoder();
    private final FindRequestDecoder findRequestDecoder = new FindRequestDecoder();
    private final FindTypeDataDecoder findTypeDataDecoder = new FindTypeDataDecoder();

    /**
     * @param data arbitrary bytes for store_request.
     */
    @FuzzTest
    void storeRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, storeRequestDecoder, storeRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for store_type_data.
     */
    @FuzzTest
    void storeTypeData(final byte[] data)
    {
        DecoderFuzzing.check(data, storeTypeDataDecoder, storeTypeDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for stored_data.
     */
    @FuzzTest
    void storedData(final byte[] data)
    {
        DecoderFuzzing.check(data, storedDataDecoder, storedDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for single_value_entry.
     */
    @FuzzTest
    void singleValueEntry(final byte[] data)
    {
        DecoderFuzzing.check(data, singleValueEntryDecoder, singleValueEntryDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for array_entry.
     */
    @FuzzTest
    void arrayEntry(final byte[] data)
    {
        DecoderFuzzing.check(data, arrayEntryDecoder, arrayEntryDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for dictionary_entry.
     */
    @FuzzTest
    void dictionaryEntry(final byte[] data)
    {
        DecoderFuzzing.check(data, dictionaryEntryDecoder, dictionaryEntryDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for store_type_response.
     */
    @FuzzTest
    void storeTypeResponse(final byte[] data)
    {
        DecoderFuzzing.check(data, storeTypeResponseDecoder, storeTypeResponseDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for stored_data_to_be_signed.
     */
    @FuzzTest
    void storedDataToBeSigned(final byte[] data)
    {
        DecoderFuzzing.check(data, storedDataToBeSignedDecoder, storedDataToBeSignedDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_request.
     */
    @FuzzTest
    void fetchRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchRequestDecoder, fetchRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_type_data.
     */
    @FuzzTest
    void fetchTypeData(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchTypeDataDecoder, fetchTypeDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_data_reference, the select inside fetch_type_data.
     */
    @FuzzTest
    void fetchDataReference(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchDataReferenceDecoder, fetchDataReferenceDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_array_reference.
     */
    @FuzzTest
    void fetchArrayReference(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchArrayReferenceDecoder, fetchArrayReferenceDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_dictionary_reference.
     */
    @FuzzTest
    void fetchDictionaryReference(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchDictionaryReferenceDecoder, fetchDictionaryReferenceDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for dictionary_key.
     */
    @FuzzTest
    void dictionaryKey(final byte[] data)
    {
        DecoderFuzzing.check(data, dictionaryKeyDecoder, dictionaryKeyDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for fetch_response.
     */
    @FuzzTest
    void fetchResponse(final byte[] data)
    {
        DecoderFuzzing.check(data, fetchResponseDecoder, fetchResponseDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for find_request.
     */
    @FuzzTest
    void findRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, findRequestDecoder, findRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for find_type_data.
     */
    @FuzzTest
    void findTypeData(final byte[] data)
    {
        DecoderFuzzing.check(data, findTypeDataDecoder, findTypeDataDecoder::appendTo);
    }
}
