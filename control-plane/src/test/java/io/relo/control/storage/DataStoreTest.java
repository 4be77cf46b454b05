package io.relo.control.storage;

import io.relo.codec.KindId;
import io.relo.codec.ResponseCode;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of draft §5.2 on the draft's kinds (SIP-REGISTRATION dictionary, TURN-SERVICE single value, CERTIFICATE
 * array), one test per rule, with the time given explicitly.
 */
class DataStoreTest
{
    static final PeerId ALICE = new PeerId(0xA1, 0);
    static final PeerId BOB = new PeerId(0xB0B, 0);
    static final PeerId RESOURCE = new PeerId(0x5000, 0);
    static final long NOW_MS = 2_000_000_000L;
    static final long T = NOW_MS / 1000;
    static final int SIP = KindId.SIP_REGISTRATION;
    static final int TURN = KindId.TURN_SERVICE;
    static final int CERT = KindId.CERTIFICATE;

    private final DataStore store = new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext());

    static Opaque bytes(final String text)
    {
        return Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8));
    }

    static StoredValue value(final long storageTime, final String text)
    {
        return StoredValue.of(storageTime, 3600, bytes(text), Opaque.EMPTY);
    }

    static StoreTypeData single(final long generation, final long storageTime, final String text)
    {
        return new StoreTypeData(TURN, generation, List.of(new SingleValueEntry(value(storageTime, text))));
    }

    static StoreTypeData dictionary(final long storageTime, final String key, final String text)
    {
        return new StoreTypeData(SIP, 0, List.of(new DictionaryEntry(bytes(key), value(storageTime, text))));
    }

    static StoreTypeData array(final long storageTime, final int index, final String text)
    {
        return new StoreTypeData(CERT, 0, List.of(new ArrayEntry(index, value(storageTime, text))));
    }

    static FetchTypeData fetchSingle(final long generation)
    {
        return new FetchTypeData(TURN, generation, FetchDataReference.SingleValue.INSTANCE);
    }

    static FetchTypeData fetchArray(final int first, final int last)
    {
        return new FetchTypeData(CERT, 0, new FetchDataReference.Array(first, last));
    }

    static FetchTypeData fetchKeys(final String... keys)
    {
        return new FetchTypeData(SIP, 0,
            new FetchDataReference.Dictionary(java.util.Arrays.stream(keys).map(DataStoreTest::bytes).toList()));
    }

    StoreResult store(final StoreTypeData... data)
    {
        return store.store(ALICE, RESOURCE, List.of(data), NOW_MS);
    }

    List<StoredData> fetch(final FetchTypeData data)
    {
        final FetchResult result = store.fetch(RESOURCE, List.of(data), NOW_MS);
        assertEquals(ResponseCode.OK, result.code(), result.reason());
        return result.responses().get(0).values();
    }

    static List<String> texts(final List<StoredData> values)
    {
        return values.stream().map(v -> v.value().exists() ?
            new String(v.value().value().toByteArray(), StandardCharsets.UTF_8) : "NA").toList();
    }

    @Test
    void shouldOverwriteASingleValue()
    {
        // draft §5.2.1.1.1: "A store of a new single-value element MUST overwrite the current value."
        assertTrue(store(single(0, T, "turn-a")).ok());
        assertTrue(store(single(0, T + 1, "turn-b")).ok());
        assertEquals(List.of("turn-b"), texts(fetch(fetchSingle(0))));
        assertEquals(1, store.totalValues());
    }

    @Test
    void shouldReportTheNewGenerationOfEachKind()
    {
        // draft §5.2.1.2: the response carries "the current value of the generation counter for each type-id".
        final StoreResult first = store(single(0, T, "a"), dictionary(T, "k", "v"));
        assertEquals(List.of(TURN, SIP), first.generations().stream().map(StoreTypeResponse::type).toList());
        final long turnGeneration = first.generations().get(0).generation();
        assertTrue(turnGeneration > 0);
        final StoreResult second = store(single(0, T + 1, "b"));
        assertTrue(second.generations().get(0).generation() > turnGeneration, "§5.2.1.1: increase by at least one");
        assertEquals(second.generations().get(0).generation(), store.generation(RESOURCE, TURN));
    }

    @Test
    void shouldRejectAStaleGenerationWith412AndReportTheCurrentOne()
    {
        final long generation = store(single(0, T, "a")).generations().get(0).generation();
        // draft §5.2.1.1: "If the generation-counter is non-zero, it must equal the current value"; §5.2.1.2: the
        // 412 also carries the store response.
        final StoreResult stale = store(single(generation + 7, T + 1, "b"));
        assertEquals(ResponseCode.PRECONDITION_FAILED, stale.code());
        assertEquals(List.of(new StoreTypeResponse(TURN, generation)), stale.generations());
        assertTrue(stale.reason().contains("generation"), stale.reason());
        assertEquals(List.of("a"), texts(fetch(fetchSingle(0))));
        assertTrue(store(single(generation, T + 1, "b")).ok(), "the current generation matches");
        assertTrue(store(single(0, T + 2, "c")).ok(), "generation 0 stores regardless");
    }

    @Test
    void shouldRefuseAConditionalStoreOnAnEmptySlot()
    {
        // A slot with no values has generation 0, so any non-zero expectation is stale.
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(single(1, T, "a")).code());
        assertEquals(0, store.totalValues());
    }

    @Test
    void shouldApplyAStoreOfSeveralKindsAllOrNothing()
    {
        assertTrue(store(single(0, T + 10, "kept")).ok());
        final long turnGeneration = store.generation(RESOURCE, TURN);
        // draft §5.2.1.1: "These operations MUST be atomic. If any operation fails, the state MUST be rolled back":
        // the SIP value is valid but the TURN value is older than the stored one.
        final StoreResult result = store(dictionary(T, "alice", "contact"), single(0, T, "stale"));
        assertEquals(ResponseCode.PRECONDITION_FAILED, result.code());
        assertEquals(List.of(), fetch(new FetchTypeData(SIP, 0, FetchDataReference.Dictionary.WILDCARD)));
        assertEquals(0, store.generation(RESOURCE, SIP));
        assertEquals(turnGeneration, store.generation(RESOURCE, TURN));
        assertEquals(1, store.totalValues());
    }

    @Test
    void shouldRejectAnUnknownKindWith412()
    {
        // draft §5.2.1.1 and §5.2.3: "The type-id is known"; relo answers 412 (wire-format.md §4.5).
        final int unknown = 0x77;
        final StoreResult stored = store.store(ALICE, RESOURCE, List.of(dictionary(T, "k", "v"),
            new StoreTypeData(unknown, 0, List.of(new SingleValueEntry(value(T, "x"))))), NOW_MS);
        assertEquals(ResponseCode.PRECONDITION_FAILED, stored.code());
        assertTrue(stored.reason().contains("0x77"), stored.reason());
        assertEquals(0, store.totalValues());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.fetch(RESOURCE,
            List.of(new FetchTypeData(unknown, 0, FetchDataReference.SingleValue.INSTANCE)), NOW_MS).code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.remove(ALICE, RESOURCE,
            List.of(new FetchTypeData(unknown, 0, FetchDataReference.SingleValue.INSTANCE)), NOW_MS).code());
    }

    @Test
    void shouldRejectAKindUsedTwiceInOneRequest()
    {
        // draft §5.2.1.1: "The same type-id MUST NOT be used twice in a given store request."
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(single(0, T, "a"), single(0, T + 1, "b")).code());
        assertEquals(0, store.totalValues());
        // §5.2.3: likewise for REMOVE.
        assertEquals(ResponseCode.PRECONDITION_FAILED,
            store.remove(ALICE, RESOURCE, List.of(fetchSingle(0), fetchSingle(0)), NOW_MS).code());
    }

    @Test
    void shouldRejectAValueOfTheWrongDataModel()
    {
        // draft §5.2.1: "Each type-id MUST specify the appropriate data model".
        final StoreResult result = store(new StoreTypeData(TURN, 0, List.of(new ArrayEntry(0, value(T, "x")))));
        assertEquals(ResponseCode.PRECONDITION_FAILED, result.code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.fetch(RESOURCE,
            List.of(new FetchTypeData(SIP, 0, new FetchDataReference.Array(0, 1))), NOW_MS).code());
    }

    @Test
    void shouldRejectAStorageTimeEqualToOrBeforeTheStoredOne()
    {
        assertTrue(store(single(0, T, "a")).ok());
        // draft §10.5.3: "MUST reject STORE requests with storage times smaller than or equal to those they are
        // currently storing"; §5.2.1.1: "a storage time before that of a value known ... MUST generate a 412".
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(single(0, T, "replay")).code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(single(0, T - 1, "older")).code());
        assertEquals(List.of("a"), texts(fetch(fetchSingle(0))));
    }

    @Test
    void shouldCompareStorageTimesPerValueNotPerKind()
    {
        // draft §5.2.1.1: "greater than that of any value which would be replaced by this STORE": a new key replaces
        // nothing, so an older storage time than another key's is fine.
        assertTrue(store(dictionary(T + 100, "phone", "a")).ok());
        assertTrue(store(dictionary(T, "laptop", "b")).ok());
        assertEquals(List.of("b", "a"),
            texts(fetch(new FetchTypeData(SIP, 0, FetchDataReference.Dictionary.WILDCARD))));
    }

    @Test
    void shouldProcessTheValuesOfOneKindInTurn()
    {
        // draft §5.2.1.1: "Each value is then processed in turn": a later value must be newer than an earlier one
        // at the same address.
        final StoreTypeData both = new StoreTypeData(SIP, 0, List.of(
            new DictionaryEntry(bytes("k"), value(T, "first")), new DictionaryEntry(bytes("k"), value(T + 1, "second"))));
        assertTrue(store(both).ok());
        assertEquals(List.of("second"), texts(fetch(fetchKeys("k"))));
        final StoreTypeData backwards = new StoreTypeData(SIP, 0, List.of(
            new DictionaryEntry(bytes("j"), value(T + 5, "first")), new DictionaryEntry(bytes("j"), value(T + 4, "x"))));
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(backwards).code());
    }

    @Test
    void shouldAnswerACacheHitWithNoValues()
    {
        final long generation = store(single(0, T, "a")).generations().get(0).generation();
        // draft §5.2.2.2: "If the generation-counter in the request matches ... the count of stored data elements
        // MUST be zero."
        final FetchResponse hit = store.fetch(RESOURCE, List.of(fetchSingle(generation)), NOW_MS).responses().get(0);
        assertEquals(new FetchResponse(TURN, generation, List.of()), hit);
        final FetchResponse miss = store.fetch(RESOURCE, List.of(fetchSingle(generation - 1)), NOW_MS)
            .responses().get(0);
        assertEquals(List.of("a"), texts(miss.values()));
    }

    @Test
    void shouldExpireAValueAtStorageTimePlusLifetime()
    {
        // draft §5.2.1.1: "Lifetime: The validity period for the data, in seconds, starting from the time of store."
        assertTrue(store.store(ALICE, RESOURCE, List.of(new StoreTypeData(TURN, 0, List.of(new SingleValueEntry(
            StoredValue.of(T, 60, bytes("a"), Opaque.EMPTY))))), NOW_MS).ok());
        final long expiry = (T + 60) * 1000;
        assertEquals(List.of("a"), texts(store.fetch(RESOURCE, List.of(fetchSingle(0)), expiry - 1)
            .responses().get(0).values()));
        final FetchResponse after = store.fetch(RESOURCE, List.of(fetchSingle(99)), expiry).responses().get(0);
        assertEquals(List.of(new SingleValueEntry(StoredValue.NONEXISTENT)), after.values());
        assertEquals(0, after.generation(), "an emptied slot is forgotten");
        assertEquals(0, store.totalValues());
        assertEquals(0, store.slotCount());
    }

    @Test
    void shouldCountWhatExpireDrops()
    {
        store.store(ALICE, RESOURCE, List.of(new StoreTypeData(CERT, 0, List.of(
            new ArrayEntry(ArrayEntry.APPEND, StoredValue.of(T, 10, bytes("short"), Opaque.EMPTY)),
            new ArrayEntry(ArrayEntry.APPEND, StoredValue.of(T, 20, bytes("long"), Opaque.EMPTY))))), NOW_MS);
        assertEquals(0, store.expire((T + 10) * 1000 - 1));
        assertEquals(1, store.expire((T + 10) * 1000));
        assertEquals(List.of("NA", "long"), texts(fetch(fetchArray(0, -1))));
        assertEquals(1, store.expire((T + 20) * 1000));
        assertEquals(0, store.slotCount());
    }

    @Test
    void shouldKeepArraysSparse()
    {
        // draft §5.2.1.1.2: "a store of "X" at index 2 in an empty array produces an array with the values [ NA, NA,
        // "X"]. Future attempts to fetch elements at index 0 or 1 will return empty strings."
        assertTrue(store(array(T, 2, "X")).ok());
        assertEquals(List.of("NA", "NA", "X"), texts(fetch(fetchArray(0, -1))));
        assertEquals(List.of(new ArrayEntry(0, StoredValue.NONEXISTENT)), fetch(fetchArray(0, 0)));
    }

    @Test
    void shouldAppendAtIndexMinusOne()
    {
        // draft §5.2.1.1.2: "If the index value is -1, then the value is placed at the end of the array."
        assertTrue(store(array(T, 3, "D")).ok());
        assertTrue(store(array(T, ArrayEntry.APPEND, "E")).ok());
        final List<StoredData> all = fetch(fetchArray(0, -1));
        assertEquals(List.of("NA", "NA", "NA", "D", "E"), texts(all));
        assertEquals(4, ((ArrayEntry)all.get(4)).index(), "the append is reported at its index");
    }

    @Test
    void shouldReturnWhatExistsOfARangePastTheEnd()
    {
        store(array(T, 0, "A"));
        store(array(T, 1, "B"));
        assertEquals(List.of("B"), texts(fetch(fetchArray(1, 9))));
        assertEquals(List.of(), fetch(fetchArray(5, 9)));
        // draft §5.2.2.1: "-1 is used to indicate the final element".
        assertEquals(List.of("B"), texts(fetch(fetchArray(-1, -1))));
    }

    @Test
    void shouldRejectABackwardsRange()
    {
        // draft §5.2.2.1: "The beginning of the range MUST be earlier in the array then the end."
        final FetchResult result = store.fetch(RESOURCE, List.of(fetchArray(3, 1)), NOW_MS);
        assertEquals(ResponseCode.PRECONDITION_FAILED, result.code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.fetch(RESOURCE, List.of(fetchArray(-2, 1)), NOW_MS).code());
    }

    @Test
    void shouldLeaveAHoleWhenRemovingInsideAnArrayAndShortenItAtTheEnd()
    {
        store(array(T, 0, "A"));
        store(array(T, 1, "B"));
        store(array(T, 2, "C"));
        // draft §5.2.3.2: removing element 0 of ["A", "B", "C"] "produces an array containing [NA, "B", "C"]".
        assertTrue(store.remove(ALICE, RESOURCE, List.of(fetchArray(0, 0)), NOW_MS).ok());
        assertEquals(List.of("NA", "B", "C"), texts(fetch(fetchArray(0, -1))));
        // "the removal of the final element of the array shortens the array".
        assertTrue(store.remove(ALICE, RESOURCE, List.of(fetchArray(-1, -1)), NOW_MS).ok());
        assertEquals(List.of("NA", "B"), texts(fetch(fetchArray(0, -1))));
        // the append lands on index 2, where C was removed: it must be later than C (wire-format.md §4.5)
        assertTrue(store(array(T + 1, ArrayEntry.APPEND, "Z")).ok());
        assertEquals(List.of("NA", "B", "Z"), texts(fetch(fetchArray(0, -1))));
    }

    @Test
    void shouldEndAnArrayAtItsLastValueWhenTheEndIsRemoved()
    {
        // relo: an array ends after its last value, so holes before a removed final element go too
        // (wire-format.md §4.5).
        store(array(T, 0, "A"));
        store(array(T, 3, "D"));
        store.remove(ALICE, RESOURCE, List.of(fetchArray(3, 3)), NOW_MS);
        assertEquals(List.of("A"), texts(fetch(fetchArray(0, -1))));
    }

    @Test
    void shouldFetchEveryKeyOnAWildcardAndAnEmptyValueForAMissingKey()
    {
        store(dictionary(T, "b-phone", "2"));
        store(dictionary(T, "a-desk", "1"));
        // draft §5.2.2.1: "If no keys are specified, than this is a wildcard fetch and all key-value pairs should be
        // returned"; relo lists them in key order.
        assertEquals(List.of("1", "2"), texts(fetch(new FetchTypeData(SIP, 0, FetchDataReference.Dictionary.WILDCARD))));
        // draft §5.2.2.2: "if a dictionary key that does not exist is requested, then there must be a dictionary
        // entry with that key but an empty value".
        assertEquals(List.of(new DictionaryEntry(bytes("zz"), StoredValue.NONEXISTENT),
                new DictionaryEntry(bytes("a-desk"), value(T, "1"))),
            fetch(fetchKeys("zz", "a-desk")));
    }

    @Test
    void shouldAnswerAMissingSingleValueAsNonexistent()
    {
        // draft §5.2.2.2: "A nonexistent value is represented as a value with an empty data value portion and no
        // signature."
        final List<StoredData> values = fetch(fetchSingle(42));
        assertEquals(List.of(new SingleValueEntry(StoredValue.NONEXISTENT)), values);
        assertFalse(values.get(0).value().exists());
    }

    @Test
    void shouldRemoveDictionaryKeysAndSucceedSilentlyOnMissingOnes()
    {
        store(dictionary(T, "desk", "1"));
        store(dictionary(T, "phone", "2"));
        final long before = store.generation(RESOURCE, SIP);
        // draft §5.2.3.3: "If no such elements exist, then this is a silent success"; §5.2.3.4: "if the generation
        // counter does not change, that means that the requested items did not exist".
        final StoreResult nothing = store.remove(ALICE, RESOURCE, List.of(fetchKeys("laptop")), NOW_MS);
        assertEquals(List.of(new StoreTypeResponse(SIP, before)), nothing.generations());
        final StoreResult removed = store.remove(ALICE, RESOURCE, List.of(fetchKeys("desk")), NOW_MS);
        assertTrue(removed.generations().get(0).generation() > before, "§5.2.3: MUST increment");
        assertEquals(List.of("2"), texts(fetch(new FetchTypeData(SIP, 0, FetchDataReference.Dictionary.WILDCARD))));
        assertEquals(List.of("NA"), texts(fetch(fetchKeys("desk"))));
    }

    @Test
    void shouldForgetASlotOnceItsLastValueIsRemoved()
    {
        store(single(0, T, "a"));
        // draft §5.2.3.1: "A REMOVE of a single value element simple causes it not to exist."
        final StoreResult removed = store.remove(ALICE, RESOURCE, List.of(fetchSingle(0)), NOW_MS);
        assertEquals(List.of(new StoreTypeResponse(TURN, 0)), removed.generations());
        assertEquals(0, store.slotCount());
        assertEquals(0, store.storerValues(ALICE));
        assertEquals(1, store.storerTombstones(ALICE), "its tombstone is charged until the value would expire");
        assertEquals(List.of(), store.slots(NOW_MS));
    }

    @Test
    void shouldRefuseAStoreNoLaterThanARemovedValue()
    {
        store(single(0, T, "a"));
        store.remove(ALICE, RESOURCE, List.of(fetchSingle(0)), NOW_MS);

        // draft §5.2.1.1's open issue, answered yes, and §10.5.3: "smaller than or equal to" is rejected.
        final StoreResult older = store(single(0, T - 100, "older than the removed one"));
        assertEquals(ResponseCode.PRECONDITION_FAILED, older.code());
        assertTrue(older.reason().contains("removed"), older.reason());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store(single(0, T, "a")).code(), "a replay of the STORE");
        assertTrue(store(single(0, T + 1, "newer")).ok());
        assertEquals(List.of("newer"), texts(fetch(fetchSingle(0))));
        assertEquals(0, store.totalTombstones(), "the newer value took the tombstone's place");
    }

    @Test
    void shouldRefuseAReplicaNoLaterThanARemovedValueAndTakeANewerOne()
    {
        store(dictionary(T, "alice@desk", "1"), array(T, 0, "cert"));
        store.remove(ALICE, RESOURCE, List.of(fetchKeys(), fetchArray(0, 0)), NOW_MS);
        final StoredData staleKey = new DictionaryEntry(bytes("alice@desk"), value(T, "1"));
        final StoredData staleCert = new ArrayEntry(0, value(T - 5, "cert"));

        // draft §3.7 merges by storage time; a replica that missed the REMOVE pushes the removed value back.
        assertTrue(store.isRemoved(RESOURCE, SIP, staleKey));
        final StoreResult merged = store.merge(BOB, RESOURCE, SIP, staleKey, NOW_MS);
        assertEquals(ResponseCode.PRECONDITION_FAILED, merged.code());
        assertEquals(ResponseCode.PRECONDITION_FAILED, store.merge(BOB, RESOURCE, CERT, staleCert, NOW_MS).code());
        assertEquals(List.of(), store.slots(NOW_MS));

        final StoredData newer = new DictionaryEntry(bytes("alice@desk"), value(T + 1, "2"));
        assertFalse(store.isRemoved(RESOURCE, SIP, newer));
        assertTrue(store.merge(BOB, RESOURCE, SIP, newer, NOW_MS).ok());
        assertEquals(List.of("2"), texts(fetch(fetchKeys("alice@desk"))));
        assertEquals(1, store.totalTombstones(), "the array index's tombstone stays");
    }

    @Test
    void shouldDropATombstoneWhenTheRemovedValueWouldHaveExpired()
    {
        store(single(0, T, "a"));
        store.remove(ALICE, RESOURCE, List.of(fetchSingle(0)), NOW_MS);
        final long expiryMs = (T + 3600) * 1000;

        store.expire(expiryMs - 1);
        assertEquals(1, store.totalTombstones());
        assertEquals(ResponseCode.PRECONDITION_FAILED,
            store.store(ALICE, RESOURCE, List.of(single(0, T, "a")), expiryMs - 1).code());
        store.expire(expiryMs);
        assertEquals(0, store.totalTombstones());
        assertEquals(0, store.storerCount(), "its charge went with it");
        // After that the removed value has expired everywhere, so a copy of it would be dropped anyway.
        assertTrue(store.store(ALICE, RESOURCE, List.of(single(0, T - 100, "older")), expiryMs).ok());
    }

    @Test
    void shouldChargeTombstonesToTheRemovedValuesStorerAndTheStore()
    {
        final DataStore small = new DataStore(KindRegistry.withDraftKinds(),
            new DataStoreContext().storerMaxValues(2).maxValues(3));
        for (final String key : List.of("a", "b"))
        {
            assertTrue(small.store(ALICE, RESOURCE, List.of(dictionary(T, key, "v")), NOW_MS).ok());
        }
        small.remove(BOB, RESOURCE, List.of(fetchKeys("a", "b")), NOW_MS);
        assertEquals(0, small.storerValues(ALICE));
        assertEquals(2, small.storerTombstones(ALICE));
        assertEquals(2, small.storerBytes(ALICE), "a tombstone costs its key");

        // ALICE's quota holds two tombstones: a new key is over it, a removed key stored again is not.
        assertEquals(ResponseCode.FORBIDDEN, small.store(ALICE, RESOURCE, List.of(dictionary(T + 1, "c", "v")),
            NOW_MS).code());
        assertTrue(small.store(ALICE, RESOURCE, List.of(dictionary(T + 1, "a", "v")), NOW_MS).ok());
        // The store's capacity of three: one value and one tombstone held, so BOB has room for one more.
        assertTrue(small.store(BOB, RESOURCE, List.of(dictionary(T, "x", "v")), NOW_MS).ok());
        final StoreResult full = small.store(BOB, RESOURCE, List.of(dictionary(T, "y", "v")), NOW_MS);
        assertEquals(ResponseCode.FORBIDDEN, full.code());
        assertTrue(full.reason().contains("tombstones"), full.reason());
    }

    @Test
    void shouldForgetTombstonesWithTheirArc()
    {
        store(single(0, T, "a"));
        store.remove(ALICE, RESOURCE, List.of(fetchSingle(0)), NOW_MS);
        store.deleteArc(new PeerId(0x4000, 0), RESOURCE, NOW_MS);

        assertEquals(0, store.totalTombstones());
        assertTrue(store(single(0, T, "a")).ok(), "no longer kept here, so nothing refuses it");
    }

    @Test
    void shouldNotReuseAGenerationAfterASlotIsForgotten()
    {
        final long first = store(single(0, T, "a")).generations().get(0).generation();
        store.remove(ALICE, RESOURCE, List.of(fetchSingle(0)), NOW_MS);
        final long second = store(single(0, T + 1, "b")).generations().get(0).generation();
        assertNotEquals(first, second, "a fetcher holding the first generation must not get a cache hit");
    }

    @Test
    void shouldRemoveAllOrNothing()
    {
        store(single(0, T, "a"), dictionary(T, "k", "v"));
        final int unknown = 0x99;
        // draft §5.2.3: "These operations MUST be atomic."
        final StoreResult result = store.remove(ALICE, RESOURCE, List.of(fetchSingle(0),
            new FetchTypeData(unknown, 0, FetchDataReference.SingleValue.INSTANCE)), NOW_MS);
        assertEquals(ResponseCode.PRECONDITION_FAILED, result.code());
        assertEquals(List.of("a"), texts(fetch(fetchSingle(0))));
    }

    @Test
    void shouldAskTheKindsPolicyBeforeStoringOrRemoving()
    {
        final AccessPolicy onlyAlice = (operation, requester, resource, kind, data) -> requester.equals(ALICE);
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        kinds.replace(kinds.kind(TURN).withAccessPolicy(onlyAlice));
        final DataStore guarded = new DataStore(kinds, new DataStoreContext());
        // draft §5.2.1.1: "Each element is signed by a credential which is authorized to write"; §4.3: 403.
        assertEquals(ResponseCode.FORBIDDEN, guarded.store(BOB, RESOURCE, List.of(single(0, T, "b")), NOW_MS).code());
        assertTrue(guarded.store(ALICE, RESOURCE, List.of(single(0, T, "a")), NOW_MS).ok());
        final StoreResult removal = guarded.remove(BOB, RESOURCE, List.of(fetchSingle(0)), NOW_MS);
        assertEquals(ResponseCode.FORBIDDEN, removal.code());
        assertTrue(removal.reason().contains("may not remove"), removal.reason());
        assertEquals(1, guarded.totalValues());
    }

    @Test
    void shouldGiveThePolicyTheHeldValueOnRemove()
    {
        final List<StoredData> asked = new java.util.ArrayList<>();
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        kinds.replace(kinds.kind(SIP).withAccessPolicy((operation, requester, resource, kind, data) ->
        {
            if (operation == AccessPolicy.Operation.REMOVE)
            {
                asked.add(data);
            }
            return true;
        }));
        final DataStore observed = new DataStore(kinds, new DataStoreContext());
        observed.store(ALICE, RESOURCE, List.of(dictionary(T, "k", "v")), NOW_MS);
        observed.remove(ALICE, RESOURCE, List.of(fetchKeys("k", "missing")), NOW_MS);
        assertEquals(List.of(new DictionaryEntry(bytes("k"), value(T, "v"))), asked);
    }

    @Test
    void shouldFindTheFirstResourceAtOrAfterTheOneAsked()
    {
        final PeerId low = new PeerId(0x1000, 0);
        final PeerId high = new PeerId(0x9000, 0);
        store.store(ALICE, low, List.of(single(0, T, "a")), NOW_MS);
        store.store(ALICE, high, List.of(single(0, T, "b")), NOW_MS);
        // draft §5.2.4: a walk goes "R_n+1=nearest(1 + R_n)".
        assertEquals(List.of(new FindTypeData(TURN, high)), find(new PeerId(0x1000, 1), TURN));
        assertEquals(List.of(new FindTypeData(TURN, low)), find(low, TURN), "at counts");
        assertEquals(List.of(new FindTypeData(TURN, low)), find(new PeerId(0x9000, 1), TURN), "the ring wraps");
        // draft §5.2.4.2: "If a type-id is not known, then the corresponding resource-id MUST be 0"; "0 if no
        // resource ID is known".
        assertEquals(List.of(new FindTypeData(0x55, FindTypeData.NONE), new FindTypeData(SIP, FindTypeData.NONE)),
            find(low, 0x55, SIP));
    }

    @Test
    void shouldLeaveOutKindsFindMayNotReport()
    {
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        final Kind turn = kinds.kind(TURN);
        kinds.replace(new Kind(TURN, turn.name(), turn.model(), turn.maxValueSize(), 1, false, turn.accessPolicy()));
        final DataStore hidden = new DataStore(kinds, new DataStoreContext());
        hidden.store(ALICE, RESOURCE, List.of(single(0, T, "a"), dictionary(T, "k", "v")), NOW_MS);
        // draft §5.2.4.2: "a find_type_data for that type_id MUST NOT be included in the response".
        assertEquals(List.of(new FindTypeData(SIP, RESOURCE)),
            hidden.find(RESOURCE, new int[] {TURN, SIP}, id -> true, NOW_MS).answers());
    }

    @Test
    void shouldAnswerFindWith404WhenNotResponsible()
    {
        // draft §5.2.4.2: "If the processing peer is not responsible for the specified resource-id, it SHOULD return
        // a 404 error."
        final FindResult result = store.find(RESOURCE, new int[] {TURN}, id -> false, NOW_MS);
        assertEquals(ResponseCode.NOT_FOUND, result.code());
        // draft §5.2.4.1: "Each value MUST only appear once."
        assertEquals(ResponseCode.PRECONDITION_FAILED,
            store.find(RESOURCE, new int[] {TURN, TURN}, id -> true, NOW_MS).code());
    }

    List<FindTypeData> find(final PeerId resource, final int... types)
    {
        final FindResult result = store.find(resource, types, id -> true, NOW_MS);
        assertEquals(ResponseCode.OK, result.code(), result.reason());
        return result.answers();
    }

    @Test
    void shouldMergeReplicasByNewestStorageTime()
    {
        final DictionaryEntry older = new DictionaryEntry(bytes("k"), value(T, "old"));
        final DictionaryEntry newer = new DictionaryEntry(bytes("k"), value(T + 1, "new"));
        // draft §3.7: merge "as if all the values ... were stored" in storage-time order.
        assertTrue(store.merge(BOB, RESOURCE, SIP, newer, NOW_MS).ok());
        final long generation = store.generation(RESOURCE, SIP);
        final StoreResult again = store.merge(BOB, RESOURCE, SIP, newer, NOW_MS);
        assertEquals(List.of(new StoreTypeResponse(SIP, generation)), again.generations(), "idempotent");
        assertTrue(store.merge(ALICE, RESOURCE, SIP, older, NOW_MS).ok(), "an older replica is ignored, not refused");
        assertEquals(List.of(newer), fetch(fetchKeys("k")));
        assertEquals(1, store.storerValues(BOB));
        assertEquals(0, store.storerValues(ALICE));
    }

    @Test
    void shouldListSlotsForReplicationAndDeleteAnArc()
    {
        final PeerId a = new PeerId(0x10, 0);
        final PeerId b = new PeerId(0x20, 0);
        final PeerId c = new PeerId(0x30, 0);
        for (final PeerId resource : List.of(a, b, c))
        {
            store.store(ALICE, resource, List.of(single(0, T, "x"), dictionary(T, "k", "y")), NOW_MS);
        }
        final List<Slot> all = store.slots(NOW_MS);
        assertEquals(6, all.size());
        assertEquals(new Slot(a, TURN, store.generation(a, TURN),
            List.of(new HeldData(ALICE, new SingleValueEntry(value(T, "x"))))), all.get(1));
        final List<Slot> arc = store.slotsInArc(a, b, NOW_MS);
        assertEquals(List.of(b, b), arc.stream().map(Slot::resource).toList(), "(a, b] holds b only");
        assertEquals(4, store.deleteArc(c, b), "(c, b] wraps round to a and b");
        assertEquals(List.of(c, c), store.slots(NOW_MS).stream().map(Slot::resource).toList());
        assertEquals(2, store.storerValues(ALICE));
    }

    @Test
    void shouldUseTheDraftsKindsForTheDefaultRegistry()
    {
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        assertSame(DataModel.DICTIONARY, kinds.kind(SIP).model());
        assertSame(DataModel.SINGLE_VALUE, kinds.kind(TURN).model());
        assertSame(DataModel.ARRAY, kinds.kind(CERT).model());
    }
}
