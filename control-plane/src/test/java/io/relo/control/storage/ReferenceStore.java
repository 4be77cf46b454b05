package io.relo.control.storage;

import io.relo.codec.ResponseCode;
import io.relo.fastpath.ring.PeerId;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An obviously correct model of draft §5.2 storage for {@link DataStoreModelTest}: one flat list of values scanned
 * linearly, written from the draft and docs/wire-format.md §4.5 without looking at how {@link DataStore} works.
 * Answers are compared by code and contents; reasons are not.
 * <p>
 * Tombstones: a second flat list holding, for each value a REMOVE erased, a nonexistent value at its address with its
 * storage time and lifetime. A value is placed at a tombstoned address only with a strictly later storage time (STORE
 * and merge alike: 412 otherwise), which drops the tombstone. Tombstones expire with the lifetime of the value they
 * stand for, leave with their arc, and count like values against the quotas (their bytes are their keys).
 */
final class ReferenceStore
{
    /** One held value. */
    record Value(PeerId resource, int type, PeerId storer, StoredData data)
    {
    }

    /** What an operation answered: the code plus whatever payload it has. */
    record Answer(int code, Object payload)
    {
    }

    private static final BigInteger RING = BigInteger.ONE.shiftLeft(128);

    private final KindRegistry kinds;
    private final DataStoreContext limits;
    private List<Value> values = new ArrayList<>();
    private List<Value> tombstones = new ArrayList<>();
    private final Map<List<Object>, Long> generations = new HashMap<>();
    private long counter;

    ReferenceStore(final KindRegistry kinds, final DataStoreContext limits)
    {
        this.kinds = kinds;
        this.limits = limits;
    }

    static Object address(final StoredData data)
    {
        if (data instanceof ArrayEntry entry)
        {
            return entry.index();
        }
        if (data instanceof DictionaryEntry entry)
        {
            return entry.key();
        }
        return "single";
    }

    static long bytes(final StoredData data)
    {
        long bytes = data.value().value().length() + data.value().signature().length();
        if (data instanceof DictionaryEntry entry)
        {
            bytes += entry.key().length();
        }
        return bytes;
    }

    int expire(final long nowMs)
    {
        final int before = values.size();
        values.removeIf(v -> (v.data().value().storageTime() + v.data().value().lifetime()) * 1000 <= nowMs);
        tombstones.removeIf(v -> (v.data().value().storageTime() + v.data().value().lifetime()) * 1000 <= nowMs);
        generations.keySet().removeIf(key -> slotValues(values, (PeerId)key.get(0), (Integer)key.get(1)).isEmpty());
        return before - values.size();
    }

    long generation(final PeerId resource, final int type)
    {
        return generations.getOrDefault(List.of(resource, type), 0L);
    }

    Answer store(final PeerId storer, final PeerId resource, final List<StoreTypeData> request, final long nowMs)
    {
        expire(nowMs);
        final List<Integer> seen = new ArrayList<>();
        for (final StoreTypeData typeData : request)
        {
            final Kind kind = kinds.kind(typeData.type());
            if (kind == null || seen.contains(typeData.type()))
            {
                return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
            }
            seen.add(typeData.type());
            for (final StoredData data : typeData.values())
            {
                if (data.model() != kind.model() || !data.value().exists())
                {
                    return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
                }
            }
        }
        for (final StoreTypeData typeData : request)
        {
            final Kind kind = kinds.kind(typeData.type());
            for (final StoredData data : typeData.values())
            {
                if (!kind.accessPolicy().permits(AccessPolicy.Operation.STORE, storer, resource, kind, data))
                {
                    return new Answer(ResponseCode.FORBIDDEN, List.of());
                }
            }
        }
        for (final StoreTypeData typeData : request)
        {
            if (typeData.generation() != 0 && typeData.generation() != generation(resource, typeData.type()))
            {
                final List<StoreTypeResponse> current = new ArrayList<>();
                for (final StoreTypeData each : request)
                {
                    current.add(new StoreTypeResponse(each.type(), generation(resource, each.type())));
                }
                return new Answer(ResponseCode.PRECONDITION_FAILED, current);
            }
        }
        final List<Value> staged = new ArrayList<>(values);
        final List<Value> stagedTombstones = new ArrayList<>(tombstones);
        for (final StoreTypeData typeData : request)
        {
            final Kind kind = kinds.kind(typeData.type());
            for (final StoredData data : typeData.values())
            {
                final int refused = put(staged, stagedTombstones, kind, storer, resource, data, false);
                if (refused == -1)
                {
                    throw new AssertionError("unreachable");
                }
                if (refused != 0)
                {
                    return new Answer(refused, List.of());
                }
            }
        }
        if (overQuota(staged, stagedTombstones, storer))
        {
            return new Answer(ResponseCode.FORBIDDEN, List.of());
        }
        values = staged;
        tombstones = stagedTombstones;
        final List<StoreTypeResponse> result = new ArrayList<>();
        for (final StoreTypeData typeData : request)
        {
            if (!typeData.values().isEmpty())
            {
                generations.put(List.of(resource, typeData.type()), ++counter);
            }
            result.add(new StoreTypeResponse(typeData.type(), generation(resource, typeData.type())));
        }
        return new Answer(ResponseCode.OK, result);
    }

    /**
     * Place one value; 0 when placed, -1 for a replica no newer than the held one, else the refusing code.
     */
    private int put(
        final List<Value> staged, final List<Value> stagedTombstones, final Kind kind, final PeerId storer,
        final PeerId resource, final StoredData data, final boolean replica)
    {
        if (data.value().value().length() > kind.maxValueSize())
        {
            return ResponseCode.FORBIDDEN;
        }
        StoredData placed = data;
        if (data instanceof ArrayEntry entry)
        {
            int index = entry.index();
            if (index == -1 && !replica)
            {
                int length = 0;
                for (final Value v : slotValues(staged, resource, kind.typeId()))
                {
                    length = Math.max(length, ((ArrayEntry)v.data()).index() + 1);
                }
                index = length;
                placed = new ArrayEntry(index, data.value());
            }
            if (index < 0)
            {
                return ResponseCode.PRECONDITION_FAILED;
            }
            if (index >= kind.maxValues())
            {
                return ResponseCode.FORBIDDEN;
            }
        }
        for (int i = 0; i < staged.size(); i++)
        {
            final Value v = staged.get(i);
            if (v.resource().equals(resource) && v.type() == kind.typeId() &&
                address(v.data()).equals(address(placed)))
            {
                if (data.value().storageTime() <= v.data().value().storageTime())
                {
                    return replica ? -1 : ResponseCode.PRECONDITION_FAILED;
                }
                staged.remove(i);
                break;
            }
        }
        for (int i = 0; i < stagedTombstones.size(); i++)
        {
            final Value t = stagedTombstones.get(i);
            if (t.resource().equals(resource) && t.type() == kind.typeId() &&
                address(t.data()).equals(address(placed)))
            {
                if (data.value().storageTime() <= t.data().value().storageTime())
                {
                    return ResponseCode.PRECONDITION_FAILED;
                }
                stagedTombstones.remove(i);
                break;
            }
        }
        staged.add(new Value(resource, kind.typeId(), storer, placed));
        if (slotValues(staged, resource, kind.typeId()).size() > kind.maxValues())
        {
            return ResponseCode.FORBIDDEN;
        }
        return 0;
    }

    private boolean overQuota(final List<Value> staged, final List<Value> stagedTombstones, final PeerId storer)
    {
        long storerBytes = 0;
        long storerValues = 0;
        long allBytes = 0;
        final List<Value> all = new ArrayList<>(staged);
        all.addAll(stagedTombstones);
        for (final Value v : all)
        {
            allBytes += bytes(v.data());
            if (v.storer().equals(storer))
            {
                storerBytes += bytes(v.data());
                storerValues++;
            }
        }
        return storerBytes > limits.storerMaxBytes() || storerValues > limits.storerMaxValues() ||
            allBytes > limits.maxBytes() || all.size() > limits.maxValues();
    }

    private static boolean referenceValid(final Kind kind, final FetchDataReference reference)
    {
        if (kind == null || kind.model() != reference.model())
        {
            return false;
        }
        if (reference instanceof FetchDataReference.Array range)
        {
            return range.first() >= -1 && range.last() >= -1 &&
                !(range.first() >= 0 && range.last() >= 0 && range.first() > range.last());
        }
        return true;
    }

    /** The indices of an array of the given length that a range names: "-1 is ... the final element". */
    private static List<Integer> rangeIndices(final FetchDataReference.Array range, final int length)
    {
        final List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < length; i++)
        {
            final boolean afterFirst = range.first() == -1 ? i == length - 1 : i >= range.first();
            final boolean beforeLast = range.last() == -1 || i <= range.last();
            if (afterFirst && beforeLast)
            {
                indices.add(i);
            }
        }
        return indices;
    }

    private static int arrayLength(final List<Value> slot)
    {
        int length = 0;
        for (final Value v : slot)
        {
            length = Math.max(length, ((ArrayEntry)v.data()).index() + 1);
        }
        return length;
    }

    private static Value at(final List<Value> slot, final Object address)
    {
        for (final Value v : slot)
        {
            if (address(v.data()).equals(address))
            {
                return v;
            }
        }
        return null;
    }

    Answer fetch(final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        expire(nowMs);
        for (final FetchTypeData typeData : request)
        {
            if (!referenceValid(kinds.kind(typeData.type()), typeData.reference()))
            {
                return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
            }
        }
        final List<FetchResponse> responses = new ArrayList<>();
        for (final FetchTypeData typeData : request)
        {
            final long generation = generation(resource, typeData.type());
            final List<Value> slot = slotValues(values, resource, typeData.type());
            final List<StoredData> fetched = new ArrayList<>();
            if (typeData.generation() != generation)
            {
                final FetchDataReference reference = typeData.reference();
                if (reference instanceof FetchDataReference.SingleValue)
                {
                    final Value v = at(slot, "single");
                    fetched.add(v == null ? new SingleValueEntry(StoredValue.NONEXISTENT) : v.data());
                }
                else if (reference instanceof FetchDataReference.Array range)
                {
                    for (final int index : rangeIndices(range, arrayLength(slot)))
                    {
                        final Value v = at(slot, index);
                        fetched.add(v == null ? new ArrayEntry(index, StoredValue.NONEXISTENT) : v.data());
                    }
                }
                else
                {
                    final List<Opaque> keys = ((FetchDataReference.Dictionary)reference).keys();
                    if (keys.isEmpty())
                    {
                        final List<Value> sorted = new ArrayList<>(slot);
                        sorted.sort(Comparator.comparing(v -> ((DictionaryEntry)v.data()).key().toByteArray(),
                            Arrays::compareUnsigned));
                        sorted.forEach(v -> fetched.add(v.data()));
                    }
                    for (final Opaque key : keys)
                    {
                        final Value v = at(slot, key);
                        fetched.add(v == null ? new DictionaryEntry(key, StoredValue.NONEXISTENT) : v.data());
                    }
                }
            }
            responses.add(new FetchResponse(typeData.type(), generation, fetched));
        }
        return new Answer(ResponseCode.OK, responses);
    }

    private static List<Value> referenced(final List<Value> slot, final FetchDataReference reference)
    {
        final List<Value> hit = new ArrayList<>();
        for (final Value v : slot)
        {
            final boolean named;
            if (reference instanceof FetchDataReference.SingleValue)
            {
                named = true;
            }
            else if (reference instanceof FetchDataReference.Array range)
            {
                named = rangeIndices(range, arrayLength(slot)).contains(((ArrayEntry)v.data()).index());
            }
            else
            {
                final List<Opaque> keys = ((FetchDataReference.Dictionary)reference).keys();
                named = keys.isEmpty() || keys.contains(((DictionaryEntry)v.data()).key());
            }
            if (named)
            {
                hit.add(v);
            }
        }
        return hit;
    }

    Answer remove(final PeerId requester, final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        expire(nowMs);
        final List<Integer> seen = new ArrayList<>();
        for (final FetchTypeData typeData : request)
        {
            final Kind kind = kinds.kind(typeData.type());
            if (kind == null || seen.contains(typeData.type()) || !referenceValid(kind, typeData.reference()))
            {
                return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
            }
            seen.add(typeData.type());
        }
        for (final FetchTypeData typeData : request)
        {
            final Kind kind = kinds.kind(typeData.type());
            for (final Value v : referenced(slotValues(values, resource, typeData.type()), typeData.reference()))
            {
                if (!kind.accessPolicy().permits(AccessPolicy.Operation.REMOVE, requester, resource, kind, v.data()))
                {
                    return new Answer(ResponseCode.FORBIDDEN, List.of());
                }
            }
        }
        for (final FetchTypeData typeData : request)
        {
            if (typeData.generation() != 0 && typeData.generation() != generation(resource, typeData.type()))
            {
                final List<StoreTypeResponse> current = new ArrayList<>();
                for (final FetchTypeData each : request)
                {
                    current.add(new StoreTypeResponse(each.type(), generation(resource, each.type())));
                }
                return new Answer(ResponseCode.PRECONDITION_FAILED, current);
            }
        }
        final List<StoreTypeResponse> result = new ArrayList<>();
        for (final FetchTypeData typeData : request)
        {
            final List<Value> gone = referenced(slotValues(values, resource, typeData.type()), typeData.reference());
            values.removeAll(gone);
            for (final Value v : gone)
            {
                tombstones.add(new Value(resource, v.type(), v.storer(), tombstoneOf(v.data())));
            }
            if (slotValues(values, resource, typeData.type()).isEmpty())
            {
                generations.remove(List.of(resource, typeData.type()));
            }
            else if (!gone.isEmpty())
            {
                generations.put(List.of(resource, typeData.type()), ++counter);
            }
            result.add(new StoreTypeResponse(typeData.type(), generation(resource, typeData.type())));
        }
        return new Answer(ResponseCode.OK, result);
    }

    Answer find(final PeerId resource, final int[] types, final Predicate<PeerId> responsible, final long nowMs)
    {
        expire(nowMs);
        if (!responsible.test(resource))
        {
            return new Answer(ResponseCode.NOT_FOUND, List.of());
        }
        for (int i = 0; i < types.length; i++)
        {
            for (int j = i + 1; j < types.length; j++)
            {
                if (types[i] == types[j])
                {
                    return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
                }
            }
        }
        final List<FindTypeData> answers = new ArrayList<>();
        for (final int type : types)
        {
            final Kind kind = kinds.kind(type);
            if (kind == null)
            {
                answers.add(new FindTypeData(type, new PeerId(0, 0)));
                continue;
            }
            if (!kind.findable())
            {
                continue;
            }
            PeerId best = new PeerId(0, 0);
            BigInteger bestDistance = null;
            for (final Value v : values)
            {
                if (v.type() == type)
                {
                    final BigInteger distance = toBig(v.resource()).subtract(toBig(resource)).mod(RING);
                    if (bestDistance == null || distance.compareTo(bestDistance) < 0)
                    {
                        bestDistance = distance;
                        best = v.resource();
                    }
                }
            }
            answers.add(new FindTypeData(type, best));
        }
        return new Answer(ResponseCode.OK, answers);
    }

    Answer merge(final PeerId storer, final PeerId resource, final int type, final StoredData data, final long nowMs)
    {
        expire(nowMs);
        final Kind kind = kinds.kind(type);
        if (kind == null || kind.model() != data.model() || !data.value().exists())
        {
            return new Answer(ResponseCode.PRECONDITION_FAILED, List.of());
        }
        if (!kind.accessPolicy().permits(AccessPolicy.Operation.REPLICATE, storer, resource, kind, data))
        {
            return new Answer(ResponseCode.FORBIDDEN, List.of());
        }
        final List<Value> staged = new ArrayList<>(values);
        final List<Value> stagedTombstones = new ArrayList<>(tombstones);
        final int refused = put(staged, stagedTombstones, kind, storer, resource, data, true);
        if (refused == -1)
        {
            return new Answer(ResponseCode.OK, List.of(new StoreTypeResponse(type, generation(resource, type))));
        }
        if (refused != 0)
        {
            return new Answer(refused, List.of());
        }
        if (overQuota(staged, stagedTombstones, storer))
        {
            return new Answer(ResponseCode.FORBIDDEN, List.of());
        }
        values = staged;
        tombstones = stagedTombstones;
        generations.put(List.of(resource, type), ++counter);
        return new Answer(ResponseCode.OK, List.of(new StoreTypeResponse(type, counter)));
    }

    int deleteArc(final PeerId startExclusive, final PeerId endInclusive)
    {
        final int before = values.size();
        values.removeIf(v -> inArc(v.resource(), startExclusive, endInclusive));
        tombstones.removeIf(v -> inArc(v.resource(), startExclusive, endInclusive));
        generations.keySet().removeIf(key -> slotValues(values, (PeerId)key.get(0), (Integer)key.get(1)).isEmpty());
        return before - values.size();
    }

    static boolean inArc(final PeerId x, final PeerId startExclusive, final PeerId endInclusive)
    {
        if (startExclusive.equals(endInclusive))
        {
            return true;
        }
        final BigInteger dx = toBig(x).subtract(toBig(startExclusive)).mod(RING);
        final BigInteger de = toBig(endInclusive).subtract(toBig(startExclusive)).mod(RING);
        return dx.signum() > 0 && dx.compareTo(de) <= 0;
    }

    /** The slots as {@link DataStore#slots} lists them: by resource-id and type-id, values by address. */
    List<Slot> slots(final long nowMs)
    {
        expire(nowMs);
        final List<Value> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.<Value, BigInteger>comparing(v -> toBig(v.resource()))
            .thenComparingInt(Value::type)
            .thenComparing(v -> v.data(), ReferenceStore::compareAddresses));
        final List<Slot> slots = new ArrayList<>();
        List<HeldData> current = null;
        Value first = null;
        for (final Value v : sorted)
        {
            if (first == null || !first.resource().equals(v.resource()) || first.type() != v.type())
            {
                if (first != null)
                {
                    slots.add(new Slot(first.resource(), first.type(), generation(first.resource(), first.type()),
                        current));
                }
                first = v;
                current = new ArrayList<>();
            }
            current.add(new HeldData(v.storer(), v.data()));
        }
        if (first != null)
        {
            slots.add(new Slot(first.resource(), first.type(), generation(first.resource(), first.type()), current));
        }
        return slots;
    }

    private static int compareAddresses(final StoredData a, final StoredData b)
    {
        if (a instanceof ArrayEntry x)
        {
            return Integer.compare(x.index(), ((ArrayEntry)b).index());
        }
        if (a instanceof DictionaryEntry x)
        {
            return Arrays.compareUnsigned(x.key().toByteArray(), ((DictionaryEntry)b).key().toByteArray());
        }
        return 0;
    }

    /** A nonexistent value at the erased value's address, with its storage time and lifetime. */
    static StoredData tombstoneOf(final StoredData erased)
    {
        final StoredValue value = new StoredValue(erased.value().storageTime(), erased.value().lifetime(),
            Opaque.EMPTY, Opaque.EMPTY, false);
        if (erased instanceof ArrayEntry entry)
        {
            return new ArrayEntry(entry.index(), value);
        }
        if (erased instanceof DictionaryEntry entry)
        {
            return new DictionaryEntry(entry.key(), value);
        }
        return new SingleValueEntry(value);
    }

    /** Whether a tombstone at the value's address has a storage time at least the value's. */
    boolean isRemoved(final PeerId resource, final int type, final StoredData data)
    {
        for (final Value t : tombstones)
        {
            if (t.resource().equals(resource) && t.type() == type && address(t.data()).equals(address(data)))
            {
                return data.value().storageTime() <= t.data().value().storageTime();
            }
        }
        return false;
    }

    long storerBytes(final PeerId storer)
    {
        return values.stream().filter(v -> v.storer().equals(storer)).mapToLong(v -> bytes(v.data())).sum() +
            tombstones.stream().filter(v -> v.storer().equals(storer)).mapToLong(v -> bytes(v.data())).sum();
    }

    long storerTombstones(final PeerId storer)
    {
        return tombstones.stream().filter(v -> v.storer().equals(storer)).count();
    }

    long totalTombstones()
    {
        return tombstones.size();
    }

    long storerValues(final PeerId storer)
    {
        return values.stream().filter(v -> v.storer().equals(storer)).count();
    }

    long totalBytes()
    {
        return values.stream().mapToLong(v -> bytes(v.data())).sum() +
            tombstones.stream().mapToLong(v -> bytes(v.data())).sum();
    }

    long totalValues()
    {
        return values.size();
    }

    private static List<Value> slotValues(final List<Value> from, final PeerId resource, final int type)
    {
        final List<Value> slot = new ArrayList<>();
        for (final Value v : from)
        {
            if (v.resource().equals(resource) && v.type() == type)
            {
                slot.add(v);
            }
        }
        return slot;
    }

    static BigInteger toBig(final PeerId id)
    {
        return new BigInteger(1, new byte[] {
            (byte)(id.hi() >>> 56), (byte)(id.hi() >>> 48), (byte)(id.hi() >>> 40), (byte)(id.hi() >>> 32),
            (byte)(id.hi() >>> 24), (byte)(id.hi() >>> 16), (byte)(id.hi() >>> 8), (byte)id.hi(),
            (byte)(id.lo() >>> 56), (byte)(id.lo() >>> 48), (byte)(id.lo() >>> 40), (byte)(id.lo() >>> 32),
            (byte)(id.lo() >>> 24), (byte)(id.lo() >>> 16), (byte)(id.lo() >>> 8), (byte)id.lo()});
    }
}
