package io.relo.control.storage;

import io.relo.codec.ResponseCode;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.relo.control.storage.DataStoreTest.ALICE;
import static io.relo.control.storage.DataStoreTest.BOB;
import static io.relo.control.storage.DataStoreTest.CERT;
import static io.relo.control.storage.DataStoreTest.NOW_MS;
import static io.relo.control.storage.DataStoreTest.RESOURCE;
import static io.relo.control.storage.DataStoreTest.SIP;
import static io.relo.control.storage.DataStoreTest.T;
import static io.relo.control.storage.DataStoreTest.TURN;
import static io.relo.control.storage.DataStoreTest.bytes;
import static io.relo.control.storage.DataStoreTest.dictionary;
import static io.relo.control.storage.DataStoreTest.single;
import static io.relo.control.storage.DataStoreTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a hostile or broken peer could send: oversized values, too many entries, quota exhaustion from one or many
 * storer ids, storage-time rollbacks and huge requests. The answers must be refusals with the right code, and memory
 * must stay within the configured limits.
 */
class DataStoreHostileTest
{
    static Opaque filled(final int length)
    {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte)'x');
        return Opaque.copyOf(bytes);
    }

    static StoreTypeData bigSingle(final long storageTime, final int length)
    {
        return new StoreTypeData(TURN, 0, List.of(new SingleValueEntry(
            StoredValue.of(storageTime, 3600, filled(length), Opaque.EMPTY))));
    }

    @Test
    void shouldRefuseAValueOverItsKindsSizeWith403()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        // draft §10.5.2: "Attempts to store values exceeding this size SHOULD be rejected"; relo answers 403.
        final StoreResult result = store.store(ALICE, RESOURCE,
            List.of(bigSingle(T, KindRegistry.TURN_SERVICE_MAX_VALUE_SIZE + 1)), NOW_MS);
        assertEquals(ResponseCode.FORBIDDEN, result.code());
        assertTrue(result.reason().contains("257-byte"), result.reason());
        assertEquals(0, store.totalBytes());
        assertTrue(store.store(ALICE, RESOURCE,
            List.of(bigSingle(T, KindRegistry.TURN_SERVICE_MAX_VALUE_SIZE)), NOW_MS).ok(), "the limit itself fits");
    }

    @Test
    void shouldRefuseAnEleventhSipRegistration()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        for (int i = 0; i < KindRegistry.SIP_REGISTRATION_MAX_VALUES; i++)
        {
            assertTrue(store.store(ALICE, RESOURCE, List.of(dictionary(T, "device-" + i, "contact")), NOW_MS).ok());
        }
        // draft §9.2.1: "up to 10 values for each user name".
        final StoreResult eleventh = store.store(ALICE, RESOURCE, List.of(dictionary(T, "device-10", "c")), NOW_MS);
        assertEquals(ResponseCode.FORBIDDEN, eleventh.code());
        assertTrue(store.store(ALICE, RESOURCE, List.of(dictionary(T + 1, "device-3", "new")), NOW_MS).ok(),
            "overwriting a key adds none");
        assertEquals(KindRegistry.SIP_REGISTRATION_MAX_VALUES, store.totalValues());
    }

    @Test
    void shouldRefuseArrayIndicesPastTheKindsLength()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        final StoreResult far = store.store(ALICE, RESOURCE, List.of(new StoreTypeData(CERT, 0,
            List.of(new ArrayEntry(Integer.MAX_VALUE, value(T, "cert"))))), NOW_MS);
        assertEquals(ResponseCode.FORBIDDEN, far.code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.store(ALICE, RESOURCE, List.of(new StoreTypeData(CERT, 0,
            List.of(new ArrayEntry(Integer.MIN_VALUE, value(T, "cert"))))), NOW_MS).code());
        // Appends stop at the kind's length: draft §9.4 "at least 10 certificates".
        final List<StoredData> appends = new ArrayList<>();
        for (int i = 0; i <= KindRegistry.CERTIFICATE_MAX_VALUES; i++)
        {
            appends.add(new ArrayEntry(ArrayEntry.APPEND, value(T, "cert-" + i)));
        }
        assertEquals(ResponseCode.FORBIDDEN,
            store.store(ALICE, RESOURCE, List.of(new StoreTypeData(CERT, 0, appends)), NOW_MS).code());
        assertTrue(store.store(ALICE, RESOURCE, List.of(new StoreTypeData(CERT, 0,
            appends.subList(0, KindRegistry.CERTIFICATE_MAX_VALUES))), NOW_MS).ok());
        // A range to the largest index returns no more than the array holds.
        final FetchResult all = store.fetch(RESOURCE, List.of(new FetchTypeData(CERT, 0,
            new FetchDataReference.Array(0, Integer.MAX_VALUE))), NOW_MS);
        assertEquals(KindRegistry.CERTIFICATE_MAX_VALUES, all.responses().get(0).values().size());
    }

    @Test
    void shouldRefuseAStoreThatWouldPassTheStorersQuota()
    {
        final DataStoreContext limits = new DataStoreContext().storerMaxBytes(1000).storerMaxValues(20);
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), limits);
        int accepted = 0;
        for (int i = 0; i < 50; i++)
        {
            final StoreResult result = store.store(ALICE, new PeerId(i, 0), List.of(bigSingle(T, 200)), NOW_MS);
            if (result.ok())
            {
                accepted++;
            }
            else
            {
                // draft §10.5.1: authorized "pending quota checks"; relo answers 403 (wire-format.md §4.5).
                assertEquals(ResponseCode.FORBIDDEN, result.code());
                assertTrue(result.reason().contains("quota"), result.reason());
            }
            assertTrue(store.storerBytes(ALICE) <= limits.storerMaxBytes());
        }
        assertEquals(5, accepted, "5 × 200 bytes fill a 1000-byte quota");
        assertTrue(store.store(BOB, new PeerId(99, 0), List.of(bigSingle(T, 200)), NOW_MS).ok(),
            "another storer has its own quota");
        final List<StoredData> small = new ArrayList<>();
        for (int i = 0; i < 21; i++)
        {
            small.add(new DictionaryEntry(bytes("k" + i), value(T, "")));
        }
        final DataStore counted = new DataStore(KindRegistry.withDraftKinds(), limits);
        final List<StoreResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            results.add(counted.store(BOB, new PeerId(i, 1),
                List.of(new StoreTypeData(SIP, 0, small.subList(7 * i, 7 * i + 7))), NOW_MS));
        }
        assertEquals(List.of(ResponseCode.OK, ResponseCode.OK, ResponseCode.FORBIDDEN),
            results.stream().map(StoreResult::code).toList(), "the value count is a quota too: 21 > 20");
        assertEquals(14, counted.storerValues(BOB));
    }

    @Test
    void shouldChargeAReplacedValueToItsNewStorer()
    {
        final DataStoreContext limits = new DataStoreContext().storerMaxBytes(300);
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), limits);
        assertTrue(store.store(ALICE, RESOURCE, List.of(bigSingle(T, 250)), NOW_MS).ok());
        assertTrue(store.store(ALICE, RESOURCE, List.of(bigSingle(T + 1, 250)), NOW_MS).ok(),
            "replacing one's own value frees its bytes first");
        assertTrue(store.store(BOB, RESOURCE, List.of(bigSingle(T + 2, 100)), NOW_MS).ok());
        assertEquals(0, store.storerBytes(ALICE));
        assertEquals(100, store.storerBytes(BOB));
        assertEquals(1, store.storerCount());
    }

    @Test
    void shouldStayWithinCapacityWhateverTheNumberOfStorerIds()
    {
        final DataStoreContext limits = new DataStoreContext().maxBytes(10_000).maxValues(1_000);
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), limits);
        int full = 0;
        for (int i = 0; i < 500; i++)
        {
            // Ids are free to claim in a shared-key overlay, so a per-storer quota alone bounds nothing.
            final StoreResult result = store.store(new PeerId(7, i), new PeerId(i, 7), List.of(bigSingle(T, 250)),
                NOW_MS);
            if (!result.ok())
            {
                assertEquals(ResponseCode.FORBIDDEN, result.code());
                assertTrue(result.reason().contains("full"), result.reason());
                full++;
            }
            assertTrue(store.totalBytes() <= limits.maxBytes());
        }
        assertEquals(40, store.totalValues(), "40 × 250 bytes fill 10,000");
        assertEquals(460, full);
        assertEquals(40, store.storerCount());
    }

    @Test
    void shouldRefuseAReplayedStoreAfterANewerOne()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        final List<StoreTypeData> original = List.of(single(0, T, "old address"));
        assertTrue(store.store(ALICE, RESOURCE, original, NOW_MS).ok());
        assertTrue(store.store(ALICE, RESOURCE, List.of(single(0, T + 60, "new address")), NOW_MS).ok());
        // draft §10.5.3: storage times prevent "a rollback attack at the time of the STORE request".
        final StoreResult replay = store.store(BOB, RESOURCE, original, NOW_MS);
        assertEquals(ResponseCode.PRECONDITION_FAILED, replay.code());
        assertTrue(replay.reason().contains("storage time"), replay.reason());
        final StoreResult replica = store.merge(BOB, RESOURCE, TURN, original.get(0).values().get(0), NOW_MS);
        assertTrue(replica.ok());
        assertEquals(0, store.storerValues(BOB), "an old replica does not displace the newer value");
    }

    @Test
    void shouldAnswerHugeRequestsInLinearTime()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        store.store(ALICE, RESOURCE, List.of(dictionary(T, "k", "v")), NOW_MS);
        // About as many keys as a 65000-byte fetch_dictionary_reference can name (3 bytes each).
        final List<Opaque> keys = new ArrayList<>();
        for (int i = 0; i < 21_000; i++)
        {
            keys.add(Opaque.copyOf(new byte[] {(byte)(i >> 8), (byte)i}));
        }
        final FetchTypeData manyKeys = new FetchTypeData(SIP, 0, new FetchDataReference.Dictionary(keys));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        {
            assertEquals(keys.size(), store.fetch(RESOURCE, List.of(manyKeys), NOW_MS).responses().get(0)
                .values().size());
            assertTrue(store.remove(ALICE, RESOURCE, List.of(manyKeys), NOW_MS).ok());
        });
        assertEquals(1, store.totalValues(), "key \"k\" is not among the two-byte keys");
    }

    @Test
    void shouldFreeEverythingOnceItExpires()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        for (int i = 0; i < 200; i++)
        {
            store.store(new PeerId(1, i), new PeerId(i % 17, 0), List.of(new StoreTypeData(SIP, 0, List.of(
                new DictionaryEntry(bytes("d" + (i % 10)), StoredValue.of(T + i, 30, filled(64), filled(8)))))),
                NOW_MS);
        }
        assertTrue(store.totalValues() > 0);
        store.expire((T + 200 + 30) * 1000);
        assertEquals(0, store.totalValues());
        assertEquals(0, store.totalBytes());
        assertEquals(0, store.slotCount());
        assertEquals(0, store.storerCount());
    }

    @Test
    void shouldNotGrowWhenOneValueIsOverwrittenRepeatedly()
    {
        final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(store.store(ALICE, RESOURCE, List.of(single(0, T + i, "v" + (i % 10))), NOW_MS).ok());
        }
        assertEquals(1, store.totalValues());
        assertEquals(2, store.totalBytes());
        assertEquals(1, store.slotCount());
    }
}
