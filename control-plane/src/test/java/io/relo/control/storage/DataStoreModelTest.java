package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DataStore} against {@link ReferenceStore} over seeded random sequences of STORE, FETCH, REMOVE, FIND,
 * replica merges, expiry and arc deletion: every code, generation, fetched value, FIND answer, charge and slot must
 * agree. Small limits make every refusal (size, count, quota, capacity, storage time, generation) common.
 */
class DataStoreModelTest
{
    static final int DICT = 1;
    static final int SINGLE = 2;
    static final int ARRAY = 3;
    static final int UNKNOWN = 9;
    static final int[] TYPES = {DICT, SINGLE, ARRAY, UNKNOWN};
    static final int MAX_VALUE_SIZE = 8;
    static final byte FORBIDDEN_MARK = 0x66;

    static final PeerId ALICE = new PeerId(0xA, 1);
    static final PeerId BOB = new PeerId(0xB, 2);
    static final PeerId CAROL = new PeerId(0xC, 3);
    static final PeerId[] STORERS = {ALICE, BOB, CAROL};
    static final PeerId[] RESOURCES = {
        new PeerId(0, 1), new PeerId(0x4000_0000_0000_0000L, 0), new PeerId(0x4000_0000_0000_0000L, 1),
        new PeerId(0x8000_0000_0000_0000L, 7), new PeerId(-1L, -2L)};
    /** FIND for this id is answered 404: the peer is not responsible for it. */
    static final PeerId ELSEWHERE = new PeerId(0x2000_0000_0000_0000L, 0);

    enum Op
    {
        STORE, FETCH, REMOVE, FIND, MERGE, EXPIRE, DELETE_ARC, SLOTS
    }

    /**
     * STORE or replica of a value starting 0x66 is forbidden, and so is CAROL removing a value of odd length.
     */
    static final AccessPolicy POLICY = (operation, requester, resource, kind, data) ->
    {
        final Opaque value = data.value().value();
        if (operation == AccessPolicy.Operation.REMOVE)
        {
            return !(requester.equals(CAROL) && value.length() % 2 == 1);
        }
        return value.length() == 0 || value.byteAt(0) != FORBIDDEN_MARK;
    };

    static KindRegistry registry()
    {
        return new KindRegistry()
            .register(new Kind(DICT, "DICT", DataModel.DICTIONARY, MAX_VALUE_SIZE, 4, true, POLICY))
            .register(new Kind(SINGLE, "SINGLE", DataModel.SINGLE_VALUE, MAX_VALUE_SIZE, 1, true, POLICY))
            .register(new Kind(ARRAY, "ARRAY", DataModel.ARRAY, MAX_VALUE_SIZE, 6, false, POLICY));
    }

    static DataStoreContext limits()
    {
        return new DataStoreContext().storerMaxBytes(40).storerMaxValues(6).maxBytes(100).maxValues(15);
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldAnswerLikeTheReferenceModel(final long seed)
    {
        final Map<String, Integer> outcomes = run(seed);
        assertTrue(outcomes.getOrDefault("STORE 200", 0) > 0, "seed " + seed + ": no STORE succeeded " + outcomes);
    }

    @Test
    void shouldReachEveryOutcomeOverTwentySeeds()
    {
        final Map<String, Integer> outcomes = new TreeMap<>();
        for (long seed = 0; seed < 20; seed++)
        {
            run(seed).forEach((outcome, n) -> outcomes.merge(outcome, n, Integer::sum));
        }
        for (final String outcome : List.of("STORE 200", "STORE 403", "STORE 412", "FETCH 200", "FETCH 412",
            "REMOVE 200", "REMOVE 403", "REMOVE 412", "FIND 200", "FIND 404", "FIND 412", "MERGE 200", "MERGE 403",
            "MERGE 412", "FETCH cache hit", "FETCH nonexistent", "REMOVE erased", "MERGE unchanged", "EXPIRE dropped",
            "DELETE_ARC dropped", "MERGE refused: removed here", "value removed there"))
        {
            assertTrue(outcomes.getOrDefault(outcome, 0) > 0, outcome + " never happened: " + outcomes);
        }
        for (final String outcome : REASONS)
        {
            assertTrue(outcomes.getOrDefault(outcome, 0) > 0, outcome + " never happened: " + outcomes);
        }
    }

    static Map<String, Integer> run(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        // push-backs draw from their own stream, so that the sequences are those of the seeds before tombstones
        final SplittableRandom pushBacks = new SplittableRandom(~seed);
        final DataStoreContext limits = limits();
        final DataStore store = new DataStore(registry(), limits);
        final ReferenceStore reference = new ReferenceStore(registry(), limits);
        final Map<String, Integer> codes = new TreeMap<>();
        long nowMs = 1_000_000;
        for (int step = 0; step < 300; step++)
        {
            nowMs += random.nextInt(10) == 0 ? -random.nextInt(2000) : random.nextInt(1500);
            final Op op = pick(random);
            final String where = "seed " + seed + " step " + step + " " + op + " at " + nowMs;
            switch (op)
            {
                case STORE ->
                {
                    final PeerId storer = STORERS[random.nextInt(STORERS.length)];
                    final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                    final List<StoreTypeData> request = storeRequest(random, reference, resource, nowMs);
                    final ReferenceStore.Answer expected = reference.store(storer, resource, request, nowMs);
                    final StoreResult actual = store.store(storer, resource, request, nowMs);
                    assertEquals(expected.code(), actual.code(), where + " " + request + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.generations(), where);
                    count(codes, op, actual);
                }
                case FETCH ->
                {
                    final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                    final List<FetchTypeData> request = fetchRequest(random, reference, resource, false);
                    final ReferenceStore.Answer expected = reference.fetch(resource, request, nowMs);
                    final FetchResult actual = store.fetch(resource, request, nowMs);
                    assertEquals(expected.code(), actual.code(), where + " " + request + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.responses(), where + " " + request);
                    count(codes, op, actual);
                    for (int i = 0; i < actual.responses().size(); i++)
                    {
                        final FetchResponse response = actual.responses().get(i);
                        count(codes, "FETCH cache hit", response.values().isEmpty() &&
                            response.generation() == request.get(i).generation());
                        count(codes, "FETCH nonexistent",
                            response.values().stream().anyMatch(v -> !v.value().exists()));
                    }
                }
                case REMOVE ->
                {
                    final PeerId requester = STORERS[random.nextInt(STORERS.length)];
                    final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                    final List<FetchTypeData> request = fetchRequest(random, reference, resource, true);
                    final List<Slot> before = store.slotsAt(resource, nowMs);
                    final ReferenceStore.Answer expected = reference.remove(requester, resource, request, nowMs);
                    final long valuesBefore = store.totalValues();
                    final StoreResult actual = store.remove(requester, resource, request, nowMs);
                    assertEquals(expected.code(), actual.code(), where + " " + request + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.generations(), where + " " + request);
                    count(codes, op, actual);
                    count(codes, "REMOVE erased", store.totalValues() < valuesBefore);
                    if (pushBacks.nextBoolean())
                    {
                        pushBackAnErasedValue(pushBacks, store, reference, resource, before, nowMs, where, codes);
                    }
                }
                case FIND ->
                {
                    final PeerId resource = random.nextInt(8) == 0 ? ELSEWHERE :
                        near(random, RESOURCES[random.nextInt(RESOURCES.length)]);
                    final int[] types = new int[random.nextInt(4)];
                    for (int i = 0; i < types.length; i++)
                    {
                        types[i] = TYPES[random.nextInt(TYPES.length)];
                    }
                    final Predicate<PeerId> responsible = id -> !id.equals(ELSEWHERE);
                    final ReferenceStore.Answer expected = reference.find(resource, types, responsible, nowMs);
                    final FindResult actual = store.find(resource, types, responsible, nowMs);
                    assertEquals(expected.code(), actual.code(), where + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.answers(), where);
                    count(codes, op, actual);
                }
                case MERGE ->
                {
                    final PeerId storer = STORERS[random.nextInt(STORERS.length)];
                    final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                    final int type = TYPES[random.nextInt(TYPES.length)];
                    final StoredData data = storedData(random, reference, resource,
                        random.nextInt(10) == 0 ? TYPES[random.nextInt(3)] : type, nowMs, true);
                    reference.expire(nowMs);
                    final long generationBefore = reference.generation(resource, type);
                    final ReferenceStore.Answer expected = reference.merge(storer, resource, type, data, nowMs);
                    final StoreResult actual = store.merge(storer, resource, type, data, nowMs);
                    assertEquals(expected.code(), actual.code(), where + " " + data + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.generations(), where + " " + data);
                    assertEquals(reference.isRemoved(resource, type, data), store.isRemoved(resource, type, data),
                        where + " " + data + " removed");
                    count(codes, op, actual);
                    count(codes, "MERGE refused: removed here", store.isRemoved(resource, type, data));
                    count(codes, "MERGE unchanged", actual.ok() && generationBefore != 0 &&
                        actual.generations().get(0).generation() == generationBefore);
                }
                case EXPIRE ->
                {
                    final int dropped = store.expire(nowMs);
                    assertEquals(reference.expire(nowMs), dropped, where);
                    count(codes, "EXPIRE dropped", dropped > 0);
                }
                case DELETE_ARC ->
                {
                    final PeerId start = near(random, RESOURCES[random.nextInt(RESOURCES.length)]);
                    final PeerId end = near(random, RESOURCES[random.nextInt(RESOURCES.length)]);
                    final int dropped = store.deleteArc(start, end);
                    assertEquals(reference.deleteArc(start, end), dropped, where);
                    count(codes, "DELETE_ARC dropped", dropped > 0);
                }
                case SLOTS -> assertEquals(reference.slots(nowMs), store.slots(nowMs), where);
                default -> throw new AssertionError(op);
            }
            assertCharges(store, reference, limits, where);
        }
        assertEquals(reference.slots(nowMs), store.slots(nowMs), "seed " + seed + " at the end");
        return codes;
    }

    /**
     * A replica that missed the REMOVE pushes an erased value back (merge), or a client replays its STORE: both
     * must meet the tombstone exactly as the reference model says.
     */
    static void pushBackAnErasedValue(
        final SplittableRandom random, final DataStore store, final ReferenceStore reference, final PeerId resource,
        final List<Slot> before, final long nowMs, final String where, final Map<String, Integer> codes)
    {
        final List<Slot> after = store.slotsAt(resource, nowMs);
        for (final Slot slot : before)
        {
            for (final HeldData held : slot.values())
            {
                final boolean erased = after.stream().noneMatch(s -> s.type() == slot.type() &&
                    s.values().contains(held));
                if (!erased)
                {
                    continue;
                }
                final PeerId storer = STORERS[random.nextInt(STORERS.length)];
                if (random.nextBoolean())
                {
                    final ReferenceStore.Answer expected =
                        reference.merge(storer, resource, slot.type(), held.data(), nowMs);
                    final StoreResult actual = store.merge(storer, resource, slot.type(), held.data(), nowMs);
                    assertEquals(expected.code(), actual.code(), where + " push back " + held + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.generations(), where + " push back " + held);
                    count(codes, Op.MERGE, actual);
                    count(codes, "MERGE refused: removed here", store.isRemoved(resource, slot.type(), held.data()));
                }
                else
                {
                    final List<StoreTypeData> replay = List.of(new StoreTypeData(slot.type(), 0, List.of(held.data())));
                    final ReferenceStore.Answer expected = reference.store(storer, resource, replay, nowMs);
                    final StoreResult actual = store.store(storer, resource, replay, nowMs);
                    assertEquals(expected.code(), actual.code(), where + " replay " + held + ": " + actual.reason());
                    assertEquals(expected.payload(), actual.generations(), where + " replay " + held);
                    count(codes, Op.STORE, actual);
                }
                return;
            }
        }
    }

    static Op pick(final SplittableRandom random)
    {
        final int roll = random.nextInt(100);
        if (roll < 35)
        {
            return Op.STORE;
        }
        if (roll < 55)
        {
            return Op.FETCH;
        }
        if (roll < 70)
        {
            return Op.REMOVE;
        }
        if (roll < 78)
        {
            return Op.FIND;
        }
        if (roll < 88)
        {
            return Op.MERGE;
        }
        if (roll < 93)
        {
            return Op.EXPIRE;
        }
        if (roll < 95)
        {
            return Op.DELETE_ARC;
        }
        return Op.SLOTS;
    }

    /** Reasons by the rule that produced them, so that the coverage test can tell refusals apart. */
    static final List<String> REASONS = List.of("over its limit", "arrays hold at most", "dictionary keys",
        "over its quota", "store is full", "may not store", "may not remove", "is not permitted",
        "value removed there", "storage time",
        "is not the current", "not a kind", "appears twice", "is not a range", "references, not", "entries, not",
        "replica names its index", "only -1", "must be an existing", "not responsible");

    static void count(final Map<String, Integer> codes, final Op op, final StorageOutcome outcome)
    {
        codes.merge(op + " " + outcome.code(), 1, Integer::sum);
        if (!outcome.ok())
        {
            final String rule = REASONS.stream().filter(outcome.reason()::contains).findFirst()
                .orElseThrow(() -> new AssertionError("uncategorised reason: " + outcome.reason()));
            codes.merge(rule, 1, Integer::sum);
        }
    }

    static void count(final Map<String, Integer> codes, final String outcome, final boolean happened)
    {
        if (happened)
        {
            codes.merge(outcome, 1, Integer::sum);
        }
    }

    static void assertCharges(
        final DataStore store, final ReferenceStore reference, final DataStoreContext limits, final String where)
    {
        assertEquals(reference.totalBytes(), store.totalBytes(), where + " total bytes");
        assertEquals(reference.totalValues(), store.totalValues(), where + " total values");
        assertEquals(reference.totalTombstones(), store.totalTombstones(), where + " total tombstones");
        for (final PeerId storer : STORERS)
        {
            assertEquals(reference.storerBytes(storer), store.storerBytes(storer), where + " bytes of " + storer);
            assertEquals(reference.storerValues(storer), store.storerValues(storer), where + " values of " + storer);
            assertEquals(reference.storerTombstones(storer), store.storerTombstones(storer),
                where + " tombstones of " + storer);
            assertTrue(store.storerBytes(storer) <= limits.storerMaxBytes(), where);
            assertTrue(store.storerValues(storer) + store.storerTombstones(storer) <= limits.storerMaxValues(), where);
        }
        assertTrue(store.totalBytes() <= limits.maxBytes() &&
            store.totalValues() + store.totalTombstones() <= limits.maxValues(), where);
    }

    static PeerId near(final SplittableRandom random, final PeerId id)
    {
        return new PeerId(id.hi(), id.lo() + random.nextInt(3) - 1);
    }

    static long generation(final SplittableRandom random, final ReferenceStore reference, final PeerId resource,
        final int type)
    {
        final int roll = random.nextInt(10);
        if (roll < 5)
        {
            return 0;
        }
        final long current = reference.generation(resource, type);
        if (roll < 8)
        {
            return current;
        }
        return current + 1 + random.nextInt(2);
    }

    static List<StoreTypeData> storeRequest(
        final SplittableRandom random, final ReferenceStore reference, final PeerId resource, final long nowMs)
    {
        final List<StoreTypeData> request = new ArrayList<>();
        final int kinds = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
        for (int k = 0; k < kinds; k++)
        {
            final int type = random.nextInt(25) == 0 ? UNKNOWN : TYPES[random.nextInt(3)];
            final List<StoredData> values = new ArrayList<>();
            final int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextInt(3) == 0 ? 3 : 1);
            for (int v = 0; v < count; v++)
            {
                final int shape = random.nextInt(30) == 0 ? TYPES[random.nextInt(3)] : type;
                values.add(storedData(random, reference, resource, shape, nowMs, false));
            }
            request.add(new StoreTypeData(type, generation(random, reference, resource, type), values));
        }
        return request;
    }

    static StoredData storedData(
        final SplittableRandom random, final ReferenceStore reference, final PeerId resource, final int type,
        final long nowMs, final boolean replica)
    {
        final long storageTime = nowMs / 1000 + random.nextInt(7) - 3;
        final long lifetime = random.nextInt(3) == 0 ? random.nextInt(9) : 10 + random.nextInt(120);
        final StoredValue value = StoredValue.of(storageTime, lifetime, bytes(random, MAX_VALUE_SIZE + 2),
            random.nextInt(3) == 0 ? bytes(random, 4) : Opaque.EMPTY);
        if (type == DICT || type == UNKNOWN && random.nextBoolean())
        {
            return new DictionaryEntry(key(random), value);
        }
        if (type == ARRAY)
        {
            final int roll = random.nextInt(10);
            final int index = roll < (replica ? 1 : 4) ? -1 : roll == 4 ? -2 : random.nextInt(8);
            return new ArrayEntry(index, value);
        }
        return new SingleValueEntry(value);
    }

    static int arrayBound(final SplittableRandom random)
    {
        final int roll = random.nextInt(12);
        return roll < 3 ? -1 : roll == 3 ? -2 - random.nextInt(3) : random.nextInt(8);
    }

    static Opaque key(final SplittableRandom random)
    {
        return random.nextInt(7) == 0 ? Opaque.EMPTY : Opaque.copyOf(new byte[] {(byte)random.nextInt(6)});
    }

    static Opaque bytes(final SplittableRandom random, final int maxLength)
    {
        final int length = random.nextInt(4) == 0 ? random.nextInt(maxLength + 1) : random.nextInt(4);
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = random.nextInt(20) == 0 ? FORBIDDEN_MARK : (byte)random.nextInt(8);
        }
        return Opaque.copyOf(bytes);
    }

    static List<FetchTypeData> fetchRequest(
        final SplittableRandom random, final ReferenceStore reference, final PeerId resource, final boolean remove)
    {
        final List<FetchTypeData> request = new ArrayList<>();
        final int kinds = 1 + random.nextInt(random.nextInt(3) == 0 ? 3 : 1);
        for (int k = 0; k < kinds; k++)
        {
            final int type = random.nextInt(25) == 0 ? UNKNOWN : TYPES[random.nextInt(3)];
            final int shape = random.nextInt(25) == 0 ? TYPES[random.nextInt(3)] : type;
            final FetchDataReference referenceData;
            if (shape == SINGLE)
            {
                referenceData = FetchDataReference.SingleValue.INSTANCE;
            }
            else if (shape == ARRAY)
            {
                referenceData = new FetchDataReference.Array(arrayBound(random), arrayBound(random));
            }
            else
            {
                final List<Opaque> keys = new ArrayList<>();
                final int count = random.nextInt(3) == 0 ? 0 : random.nextInt(4);
                for (int i = 0; i < count; i++)
                {
                    keys.add(key(random));
                }
                referenceData = new FetchDataReference.Dictionary(keys);
            }
            final long generation = remove ? generation(random, reference, resource, type) :
                random.nextInt(4) == 0 ? reference.generation(resource, type) : random.nextInt(3);
            request.add(new FetchTypeData(type, generation, referenceData));
        }
        return request;
    }
}
