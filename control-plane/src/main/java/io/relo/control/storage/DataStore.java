package io.relo.control.storage;

import io.relo.codec.ResponseCode;
import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * The values a peer stores for the overlay (draft §5.2): slots of typed values by resource-id and kind, with the
 * STORE, FETCH, REMOVE and FIND rules, lifetimes, size limits and quotas. Single-threaded (the conductor owns it) and
 * clock-free: every operation is given the time and first drops the values that have expired by then.
 * <p>
 * Bad requests are answered, never thrown: every operation returns the draft §4.3 code and a reason.
 * <p>
 * A REMOVE leaves a <b>tombstone</b> at each position it erased (single value, array index, dictionary key): the
 * erased value's storage time, kept until the value would have expired. A later value takes that position only with
 * a strictly later storage time, by STORE or by replica merge, so that a replica that missed the REMOVE cannot bring
 * the value back (draft §5.2.1.1's open issue, answered yes; wire-format.md §4.5). A tombstone costs its value's
 * storer and the store one value and its dictionary key's bytes, so a REMOVE never needs room and memory stays
 * within the limits.
 */
public final class DataStore implements SlotStore
{
    /** Single values sit at address 0 and array values at their index (Integer), dictionary values at their key. */
    private static final Comparator<Object> ADDRESS_ORDER =
        (a, b) -> a instanceof Integer x ? Integer.compare(x, (Integer)b) : ((Opaque)a).compareTo((Opaque)b);
    private static final Integer SINGLE_VALUE_ADDRESS = 0;
    private static final Comparator<SlotKey> SLOT_ORDER =
        Comparator.comparing(SlotKey::resource).thenComparingInt(SlotKey::type);
    /** A replica no newer than what is held (draft §3.7: the newest storage time wins). */
    private static final StoreResult UNCHANGED = new StoreResult(ResponseCode.OK, "unchanged", List.of());

    private record SlotKey(PeerId resource, int type)
    {
    }

    /** What one slot holds; only values that have not expired, since every operation expires first. */
    private static final class SlotState
    {
        private final PeerId resource;
        private final int type;
        private final long seq;
        private long generation;
        private long minExpiryMs;
        private TreeMap<Object, HeldData> values;

        private SlotState(final PeerId resource, final int type, final long seq)
        {
            this.resource = resource;
            this.type = type;
            this.seq = seq;
        }
    }

    /**
     * The tombstones of one slot: positions a REMOVE erased, each a nonexistent value at that address carrying the
     * erased value's storage time and lifetime. Kept apart from {@link SlotState}, which exists only while values do.
     */
    private static final class TombState
    {
        private final PeerId resource;
        private final int type;
        private final long seq;
        private long minExpiryMs;
        private TreeMap<Object, HeldData> tombstones;

        private TombState(final PeerId resource, final int type, final long seq)
        {
            this.resource = resource;
            this.type = type;
            this.seq = seq;
        }
    }

    /**
     * A copy of a slot's values and tombstones that one request changes; installed only once the whole request has
     * passed.
     */
    private static final class Stage
    {
        private final Kind kind;
        private final SlotState state;
        private final TreeMap<Object, HeldData> values;
        private final TombState tombState;
        private final TreeMap<Object, HeldData> tombstones;
        private boolean changed;

        private Stage(final Kind kind, final SlotState state, final TombState tombState)
        {
            this.kind = kind;
            this.state = state;
            this.values = state == null ? new TreeMap<>(ADDRESS_ORDER) : new TreeMap<>(state.values);
            this.tombState = tombState;
            this.tombstones = tombState == null ? new TreeMap<>(ADDRESS_ORDER) : new TreeMap<>(tombState.tombstones);
        }
    }

    /**
     * What the journal records of a slot: its generation, values and tombstones.
     *
     * @param resource   the resource-id.
     * @param type       the type-id.
     * @param generation 0 when it holds no values.
     * @param values     its values in address order.
     * @param tombstones its tombstones in address order: nonexistent values with the erased values' times.
     */
    record Image(PeerId resource, int type, long generation, List<HeldData> values, List<HeldData> tombstones)
    {
        /**
         * @return whether the slot holds nothing at all, so that its record need not outlive a compaction.
         */
        boolean isEmpty()
        {
            return values.isEmpty() && tombstones.isEmpty();
        }
    }

    private final KindRegistry kinds;
    private final long storerMaxBytes;
    private final long storerMaxValues;
    private final long maxBytes;
    private final long maxValues;
    private final TreeMap<SlotKey, SlotState> slots = new TreeMap<>(SLOT_ORDER);
    private final Int2ObjectHashMap<TreeSet<PeerId>> resourcesByType = new Int2ObjectHashMap<>();
    private final TreeSet<SlotState> byExpiry = new TreeSet<>(
        Comparator.<SlotState>comparingLong(s -> s.minExpiryMs).thenComparingLong(s -> s.seq));
    private final TreeMap<SlotKey, TombState> tombs = new TreeMap<>(SLOT_ORDER);
    private final TreeSet<TombState> tombsByExpiry = new TreeSet<>(
        Comparator.<TombState>comparingLong(s -> s.minExpiryMs).thenComparingLong(s -> s.seq));
    /** Per storing peer: {bytes, values, tombstones}. */
    private final HashMap<PeerId, long[]> charges = new HashMap<>();
    private long totalBytes;
    private long totalValues;
    private long totalTombstones;
    private long generationCounter;
    private long slotSeq;

    /**
     * @param kinds   the kinds this peer stores.
     * @param context the limits.
     */
    public DataStore(final KindRegistry kinds, final DataStoreContext context)
    {
        this.kinds = kinds;
        this.storerMaxBytes = context.storerMaxBytes();
        this.storerMaxValues = context.storerMaxValues();
        this.maxBytes = context.maxBytes();
        this.maxValues = context.maxValues();
    }

    /**
     * STORE (draft §5.2.1): write values of one or more kinds at a resource, all or nothing.
     * <p>
     * Checks, in order, each answered by the first failure: every type-id known and used once (412); every value of
     * its kind's data model (412); every value permitted by its kind's policy (403); every non-zero generation equal
     * to the current one (412, with the current generations); then each value in turn: within its kind's size (403),
     * a valid index (412) within the array's length (403), a storage time newer than the value it replaces or the
     * value a REMOVE erased there (412), a dictionary within its key count (403); last the storer's quota and the
     * store's capacity (403).
     *
     * @param storer   the peer the request comes from, charged for the values.
     * @param resource the resource-id.
     * @param request  one element per kind.
     * @param nowMs    epoch milliseconds.
     * @return on 200 the new generation of each kind.
     */
    @Override
    public StoreResult store(
        final PeerId storer, final PeerId resource, final List<StoreTypeData> request, final long nowMs)
    {
        expire(nowMs);
        final int count = request.size();
        final Kind[] requestKinds = new Kind[count];
        final IntHashSet seen = new IntHashSet();
        for (int i = 0; i < count; i++)
        {
            final StoreTypeData typeData = request.get(i);
            final StoreResult unknown = resolveKind(typeData.type(), i, seen, requestKinds);
            if (unknown != null)
            {
                return unknown;
            }
            final Kind kind = requestKinds[i];
            for (final StoredData data : typeData.values())
            {
                // draft §5.2.1: "Each type-id MUST specify the appropriate data model for that type."
                if (data.model() != kind.model())
                {
                    return failure(ResponseCode.PRECONDITION_FAILED, kind + " takes " + kind.model().label() +
                        " entries, not " + data.model().label() + " entries (draft §5.2.1)");
                }
                if (!data.value().exists())
                {
                    return failure(ResponseCode.PRECONDITION_FAILED, "a STORE of " + kind.name() +
                        " carries a nonexistent value: erase values with REMOVE (draft §5.2.3)");
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            final Kind kind = requestKinds[i];
            for (final StoredData data : request.get(i).values())
            {
                // draft §5.2.1.1: "Each element is signed by a credential which is authorized to write this type".
                if (!kind.accessPolicy().permits(AccessPolicy.Operation.STORE, storer, resource, kind, data))
                {
                    return failure(ResponseCode.FORBIDDEN, "peer " + storer + " may not store " + kind.name() +
                        " at " + resource + " (draft §5.2.1.1)");
                }
            }
        }
        final StoreResult staleGeneration = checkGenerations(resource, request.size(), i -> request.get(i).type(),
            i -> request.get(i).generation(), requestKinds);
        if (staleGeneration != null)
        {
            return staleGeneration;
        }
        final Stage[] stages = new Stage[count];
        for (int i = 0; i < count; i++)
        {
            final Stage stage = stage(requestKinds[i], resource);
            for (final StoredData data : request.get(i).values())
            {
                final StoreResult refused = place(stage, storer, resource, data, false);
                if (refused != null)
                {
                    return refused;
                }
            }
            // draft §5.2.1.1: "If the store succeeds and the data is changed" the generation increases.
            stage.changed = !request.get(i).values().isEmpty();
            stages[i] = stage;
        }
        final StoreResult overQuota = checkQuota(storer, stages, true);
        if (overQuota != null)
        {
            return overQuota;
        }
        final List<StoreTypeResponse> generations = new ArrayList<>(count);
        for (final Stage stage : stages)
        {
            generations.add(new StoreTypeResponse(stage.kind.typeId(), install(resource, stage)));
        }
        return new StoreResult(ResponseCode.OK, "OK", generations);
    }

    /**
     * FETCH (draft §5.2.2): read values of one or more kinds at a resource.
     * <p>
     * An unknown type-id, a reference for another data model or a backwards array range is answered 412. A kind
     * whose generation equals the requested one is a cache hit: no values (§5.2.2.2).
     *
     * @param resource the resource-id.
     * @param request  one element per kind; a kind may be asked for more than once.
     * @param nowMs    epoch milliseconds.
     * @return on 200 one response per element of the request.
     */
    @Override
    public FetchResult fetch(final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        expire(nowMs);
        final Kind[] requestKinds = new Kind[request.size()];
        for (int i = 0; i < request.size(); i++)
        {
            final FetchTypeData typeData = request.get(i);
            requestKinds[i] = kinds.kind(typeData.type());
            final String invalid = invalidReference(typeData, requestKinds[i]);
            if (invalid != null)
            {
                return new FetchResult(ResponseCode.PRECONDITION_FAILED, invalid, List.of());
            }
        }
        final List<FetchResponse> responses = new ArrayList<>(request.size());
        for (int i = 0; i < request.size(); i++)
        {
            final FetchTypeData typeData = request.get(i);
            final SlotState state = slots.get(new SlotKey(resource, typeData.type()));
            final long generation = state == null ? 0 : state.generation;
            final TreeMap<Object, HeldData> values = state == null ? new TreeMap<>(ADDRESS_ORDER) : state.values;
            // draft §5.2.2.2: "If the generation-counter in the request matches ... the count of stored data
            // elements MUST be zero."
            responses.add(new FetchResponse(typeData.type(), generation, typeData.generation() == generation ?
                List.of() : fetchValues(values, typeData.reference())));
        }
        return new FetchResult(ResponseCode.OK, "OK", responses);
    }

    /**
     * REMOVE (draft §5.2.3): erase values of one or more kinds at a resource, all or nothing. An erased single value
     * or dictionary entry no longer exists; an erased array element becomes a hole, and the array ends at its last
     * remaining value (§5.2.3.2). A slot left empty is forgotten, so its generation becomes 0. Each erased value
     * leaves a tombstone at its position (see the class comment).
     * <p>
     * Checks, in order: every type-id known and used once (412); every reference of the kind's data model, array
     * ranges forwards (412); every value to erase permitted by the kind's policy (403); every non-zero generation
     * equal to the current one (412, with the current generations).
     *
     * @param requester the peer the request comes from.
     * @param resource  the resource-id.
     * @param request   one element per kind, in the syntax of FETCH.
     * @param nowMs     epoch milliseconds.
     * @return on 200 the new generation of each kind; unchanged if nothing it named existed (§5.2.3.4).
     */
    @Override
    public StoreResult remove(
        final PeerId requester, final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        expire(nowMs);
        final int count = request.size();
        final Kind[] requestKinds = new Kind[count];
        final IntHashSet seen = new IntHashSet();
        for (int i = 0; i < count; i++)
        {
            final FetchTypeData typeData = request.get(i);
            final StoreResult unknown = resolveKind(typeData.type(), i, seen, requestKinds);
            if (unknown != null)
            {
                return unknown;
            }
            final String invalid = invalidReference(typeData, requestKinds[i]);
            if (invalid != null)
            {
                return failure(ResponseCode.PRECONDITION_FAILED, invalid);
            }
        }
        final List<List<Object>> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final Kind kind = requestKinds[i];
            final SlotState state = slots.get(new SlotKey(resource, kind.typeId()));
            final List<Object> erased = state == null ? List.of() : erasedAddresses(state, request.get(i).reference());
            for (final Object address : erased)
            {
                // draft §5.2.3: "The signer of the message has permissions which permit him to remove this type".
                final HeldData held = state.values.get(address);
                if (!kind.accessPolicy().permits(AccessPolicy.Operation.REMOVE, requester, resource, kind, held.data()))
                {
                    return failure(ResponseCode.FORBIDDEN, "peer " + requester + " may not remove " + kind.name() +
                        " at " + resource + " (draft §5.2.3)");
                }
            }
            addresses.add(erased);
        }
        final StoreResult staleGeneration = checkGenerations(resource, count, i -> request.get(i).type(),
            i -> request.get(i).generation(), requestKinds);
        if (staleGeneration != null)
        {
            return staleGeneration;
        }
        final List<StoreTypeResponse> generations = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final Kind kind = requestKinds[i];
            final Stage stage = stage(kind, resource);
            for (final Object address : addresses.get(i))
            {
                // draft §5.2.3: "Any successful remove of an existing element ... MUST increment the generation".
                final HeldData erased = stage.values.remove(address);
                if (erased != null)
                {
                    stage.changed = true;
                    stage.tombstones.put(address, new HeldData(erased.storer(), tombstoneOf(erased.data())));
                }
            }
            generations.add(new StoreTypeResponse(kind.typeId(), install(resource, stage)));
        }
        return new StoreResult(ResponseCode.OK, "OK", generations);
    }

    /**
     * FIND (draft §5.2.4): for each kind, the first resource-id at or after {@code resource} going clockwise round
     * the ring among the resources this peer holds values of that kind for, the walk order of §5.2.4
     * ("R_n+1=nearest(1 + R_n)"). An unknown kind answers 0; a kind FIND may not report is left out (§5.2.4.2).
     *
     * @param resource    the resource-id asked about.
     * @param types       the type-ids, each once (412 otherwise).
     * @param responsible whether this peer is responsible for a resource-id (404 if not, §5.2.4.2); the store does not
     *                    know the overlay's topology.
     * @param nowMs       epoch milliseconds.
     * @return on 200 the answers in request order.
     */
    @Override
    public FindResult find(
        final PeerId resource, final int[] types, final Predicate<PeerId> responsible, final long nowMs)
    {
        expire(nowMs);
        if (!responsible.test(resource))
        {
            return new FindResult(ResponseCode.NOT_FOUND, "this peer is not responsible for " + resource +
                " (draft §5.2.4.2): route the FIND to the resource's responsible peer", List.of());
        }
        for (int i = 0; i < types.length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (types[i] == types[j])
                {
                    return new FindResult(ResponseCode.PRECONDITION_FAILED, "type-id 0x" +
                        Integer.toHexString(types[i]) + " appears twice in the FIND (draft §5.2.4.1: \"Each value " +
                        "MUST only appear once\")", List.of());
                }
            }
        }
        final List<FindTypeData> answers = new ArrayList<>(types.length);
        for (final int type : types)
        {
            final Kind kind = kinds.kind(type);
            if (kind == null)
            {
                answers.add(new FindTypeData(type, FindTypeData.NONE));
            }
            else if (kind.findable())
            {
                final TreeSet<PeerId> resources = resourcesByType.get(type);
                PeerId closest = FindTypeData.NONE;
                if (resources != null)
                {
                    final PeerId atOrAfter = resources.ceiling(resource);
                    closest = atOrAfter != null ? atOrAfter : resources.first();
                }
                answers.add(new FindTypeData(type, closest));
            }
        }
        return new FindResult(ResponseCode.OK, "OK", answers);
    }

    /**
     * Merge one value replicated from another peer (draft §3.7: "the default merging rule is to act as if all the
     * values ... were stored ... in the order of their storage times"): it replaces the value at its address only
     * if its storage time is newer, so merging the same value twice changes nothing. Kind, data model, policy
     * ({@link AccessPolicy.Operation#REPLICATE}), size limits and quotas apply as for STORE; the generation does not.
     * A value no newer than one a REMOVE erased at its address is refused with 412 (see {@link #isRemoved}).
     *
     * @param storer   the value's original storer, charged for it.
     * @param resource the resource-id.
     * @param type     the type-id.
     * @param data     the value at its address; an array entry names its index.
     * @param nowMs    epoch milliseconds.
     * @return on 200 the kind's generation, increased only if the value was taken.
     */
    public StoreResult merge(
        final PeerId storer, final PeerId resource, final int type, final StoredData data, final long nowMs)
    {
        return merge(storer, resource, type, data, nowMs, true);
    }

    /**
     * Merge one replicated value as {@link #merge(PeerId, PeerId, int, StoredData, long)}, choosing whether the
     * storer's quota applies. A replica pushed by the peer responsible for its resource (draft §7.3) was charged to
     * its storer when first stored there, and an unsigned replica does not name that storer; such a replica is
     * charged to the pushing peer without its quota, so that a peer responsible for many values can always
     * replicate them. The store's capacity applies either way.
     *
     * @param storer      the peer charged for the value.
     * @param resource    the resource-id.
     * @param type        the type-id.
     * @param data        the value at its address; an array entry names its index.
     * @param nowMs       epoch milliseconds.
     * @param storerQuota whether the storer's quota applies.
     * @return on 200 the kind's generation, increased only if the value was taken.
     */
    @Override
    public StoreResult merge(
        final PeerId storer, final PeerId resource, final int type, final StoredData data, final long nowMs,
        final boolean storerQuota)
    {
        expire(nowMs);
        final Kind kind = kinds.kind(type);
        if (kind == null)
        {
            return failure(ResponseCode.PRECONDITION_FAILED, unknownKindReason(type));
        }
        if (data.model() != kind.model() || !data.value().exists())
        {
            return failure(ResponseCode.PRECONDITION_FAILED, "a replica of " + kind + " must be an existing " +
                "value of that data model, got " + data);
        }
        if (!kind.accessPolicy().permits(AccessPolicy.Operation.REPLICATE, storer, resource, kind, data))
        {
            return failure(ResponseCode.FORBIDDEN, "a replica of " + kind.name() + " at " + resource +
                " stored by peer " + storer + " is not permitted");
        }
        final Stage stage = stage(kind, resource);
        final StoreResult refused = place(stage, storer, resource, data, true);
        if (refused == UNCHANGED)
        {
            return new StoreResult(ResponseCode.OK, "OK: the held value is as new",
                List.of(new StoreTypeResponse(type, stage.state == null ? 0 : stage.state.generation)));
        }
        if (refused != null)
        {
            return refused;
        }
        final StoreResult overQuota = checkQuota(storer, new Stage[] {stage}, storerQuota);
        if (overQuota != null)
        {
            return overQuota;
        }
        stage.changed = true;
        return new StoreResult(ResponseCode.OK, "OK", List.of(new StoreTypeResponse(type, install(resource, stage))));
    }

    /**
     * Drop every value whose lifetime has ended (draft §5.2.1.1: valid for its lifetime "starting from the time of
     * store"); a slot left empty is forgotten. Expiry does not change a generation: a fetcher that saw a value saw
     * its lifetime too.
     *
     * @param nowMs epoch milliseconds; a value expires once nowMs reaches (storage time + lifetime) × 1000.
     * @return the number of values dropped.
     */
    public int expire(final long nowMs)
    {
        int dropped = 0;
        while (!byExpiry.isEmpty() && byExpiry.first().minExpiryMs <= nowMs)
        {
            final SlotState state = byExpiry.pollFirst();
            final Iterator<HeldData> values = state.values.values().iterator();
            while (values.hasNext())
            {
                final HeldData held = values.next();
                if (held.data().value().expiryMs() <= nowMs)
                {
                    values.remove();
                    charge(held, -1);
                    dropped++;
                }
            }
            if (state.values.isEmpty())
            {
                forget(state);
            }
            else
            {
                state.minExpiryMs = minExpiryMs(state.values);
                byExpiry.add(state);
            }
        }
        // A tombstone lasts as long as its value would have: after that the value has expired everywhere.
        while (!tombsByExpiry.isEmpty() && tombsByExpiry.first().minExpiryMs <= nowMs)
        {
            final TombState state = tombsByExpiry.pollFirst();
            final Iterator<HeldData> tombstones = state.tombstones.values().iterator();
            while (tombstones.hasNext())
            {
                final HeldData tombstone = tombstones.next();
                if (tombstone.data().value().expiryMs() <= nowMs)
                {
                    tombstones.remove();
                    charge(tombstone, -1);
                }
            }
            if (state.tombstones.isEmpty())
            {
                tombs.remove(new SlotKey(state.resource, state.type));
            }
            else
            {
                state.minExpiryMs = minExpiryMs(state.tombstones);
                tombsByExpiry.add(state);
            }
        }
        return dropped;
    }

    /**
     * Every slot, for replication.
     *
     * @param nowMs epoch milliseconds; expired values are dropped first.
     * @return the slots in (resource-id, type-id) order.
     */
    public List<Slot> slots(final long nowMs)
    {
        expire(nowMs);
        final List<Slot> list = new ArrayList<>(slots.size());
        for (final SlotState state : slots.values())
        {
            list.add(snapshot(state));
        }
        return list;
    }

    /**
     * The slots whose resource-id lies in the arc (start, end] going clockwise, for replication to the peer that
     * takes that arc over; (x, x] is the whole ring, as in {@link Ring#inArc}.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @param nowMs          epoch milliseconds; expired values are dropped first.
     * @return the slots in (resource-id, type-id) order.
     */
    @Override
    public List<Slot> slotsInArc(final PeerId startExclusive, final PeerId endInclusive, final long nowMs)
    {
        expire(nowMs);
        final List<Slot> list = new ArrayList<>();
        for (final Collection<SlotState> range : arc(slots, startExclusive, endInclusive))
        {
            for (final SlotState state : range)
            {
                list.add(snapshot(state));
            }
        }
        return list;
    }

    @Override
    public void generationsInArc(
        final PeerId startExclusive, final PeerId endInclusive, final long nowMs,
        final java.util.function.ObjLongConsumer<PeerId> slot)
    {
        expire(nowMs);
        for (final Collection<SlotState> range : arc(slots, startExclusive, endInclusive))
        {
            for (final SlotState state : range)
            {
                slot.accept(state.resource, state.generation);
            }
        }
    }

    /**
     * The slots of the arc (start, end] in ring order from start: slot keys sort by resource-id, unsigned, so an arc
     * is one key range, or two when it wraps past 2^128; (x, x] is the whole ring.
     */
    private static <T> List<Collection<T>> arc(
        final TreeMap<SlotKey, T> map, final PeerId startExclusive, final PeerId endInclusive)
    {
        if (startExclusive.equals(endInclusive))
        {
            return List.of(map.values());
        }
        final SlotKey after = new SlotKey(startExclusive, Integer.MAX_VALUE);
        final SlotKey upTo = new SlotKey(endInclusive, Integer.MAX_VALUE);
        return startExclusive.compareTo(endInclusive) < 0 ?
            List.of(map.subMap(after, false, upTo, true).values()) :
            List.of(map.tailMap(after, false).values(), map.headMap(upTo, true).values());
    }

    @Override
    public List<Slot> slotsAt(final PeerId resource, final long nowMs)
    {
        expire(nowMs);
        final List<Slot> list = new ArrayList<>(2);
        addSnapshots(slots.subMap(new SlotKey(resource, Integer.MIN_VALUE), true,
            new SlotKey(resource, Integer.MAX_VALUE), true).values(), list);
        return list;
    }

    private void addSnapshots(final Collection<SlotState> states, final List<Slot> list)
    {
        for (final SlotState state : states)
        {
            list.add(snapshot(state));
        }
    }

    /**
     * Forget every value of every resource-id in the arc (start, end], once this peer no longer keeps them; (x, x] is
     * the whole ring.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @return the number of values dropped.
     */
    @Override
    public int deleteArc(final PeerId startExclusive, final PeerId endInclusive, final long nowMs)
    {
        expire(nowMs);
        return deleteArc(startExclusive, endInclusive);
    }

    /**
     * Forget every value and tombstone of every resource-id in the arc (start, end], once this peer no longer keeps
     * them; (x, x] is the whole ring.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @return the number of values dropped, not counting tombstones.
     */
    public int deleteArc(final PeerId startExclusive, final PeerId endInclusive)
    {
        final List<TombState> doomedTombs = new ArrayList<>();
        for (final Collection<TombState> range : arc(tombs, startExclusive, endInclusive))
        {
            doomedTombs.addAll(range);
        }
        for (final TombState state : doomedTombs)
        {
            tombsByExpiry.remove(state);
            for (final HeldData tombstone : state.tombstones.values())
            {
                charge(tombstone, -1);
            }
            tombs.remove(new SlotKey(state.resource, state.type));
        }
        final List<SlotState> doomed = new ArrayList<>();
        for (final Collection<SlotState> range : arc(slots, startExclusive, endInclusive))
        {
            doomed.addAll(range);
        }
        int dropped = 0;
        for (final SlotState state : doomed)
        {
            byExpiry.remove(state);
            for (final HeldData held : state.values.values())
            {
                charge(held, -1);
                dropped++;
            }
            forget(state);
        }
        return dropped;
    }

    /**
     * @param resource a resource-id.
     * @param type     a type-id.
     * @return the slot's generation counter, 0 when it holds nothing.
     */
    @Override
    public long generation(final PeerId resource, final int type)
    {
        final SlotState state = slots.get(new SlotKey(resource, type));
        return state == null ? 0 : state.generation;
    }

    /**
     * Recovery hook for {@link DurableStore}: make a slot hold exactly these values and tombstones at this generation,
     * as the journal recorded it, checking no rule (the values passed them when first accepted); nothing forgets the
     * slot.
     *
     * @param resource   the resource-id.
     * @param type       a registered type-id.
     * @param generation the slot's generation.
     * @param values     the slot's values.
     * @param tombstones the slot's tombstones: nonexistent values at their addresses.
     */
    void restore(
        final PeerId resource, final int type, final long generation, final List<HeldData> values,
        final List<HeldData> tombstones)
    {
        final SlotKey key = new SlotKey(resource, type);
        final Stage stage = stage(kinds.kind(type), resource);
        stage.values.clear();
        for (final HeldData held : values)
        {
            stage.values.put(address(held.data()), held);
        }
        stage.tombstones.clear();
        for (final HeldData tombstone : tombstones)
        {
            stage.tombstones.put(address(tombstone.data()), tombstone);
        }
        install(resource, stage);
        final SlotState state = slots.get(key);
        if (state != null)
        {
            state.generation = generation;
        }
        advanceGenerationCounter(generation);
    }

    /**
     * @return the last generation drawn for any slot, so that a restarted store can continue after it.
     */
    long generationCounter()
    {
        return generationCounter;
    }

    /**
     * Recovery hook: never draw this generation or an earlier one again.
     *
     * @param counter a generation drawn before the restart.
     */
    void advanceGenerationCounter(final long counter)
    {
        generationCounter = Math.max(generationCounter, counter);
    }

    /**
     * @param resource a resource-id.
     * @param type     a type-id.
     * @return what the journal records of the slot now, without expiring anything; empty when it holds nothing.
     */
    Image image(final PeerId resource, final int type)
    {
        final SlotKey key = new SlotKey(resource, type);
        return image(key, slots.get(key), tombs.get(key));
    }

    /**
     * What a compacted journal holds: every slot's values and tombstones that are still live at nowMs. Nothing is
     * dropped from memory here, so that a compaction in the middle of an operation changes no answer.
     *
     * @param nowMs epoch milliseconds; values and tombstones expired by then are left out.
     * @return the slots left holding something, in (resource-id, type-id) order.
     */
    List<Image> images(final long nowMs)
    {
        final List<Image> live = new ArrayList<>();
        for (final Image image : images(List.of(slots.values()), List.of(tombs.values())))
        {
            final List<HeldData> values = unexpired(image.values(), nowMs);
            final List<HeldData> tombstones = unexpired(image.tombstones(), nowMs);
            if (!values.isEmpty() || !tombstones.isEmpty())
            {
                live.add(new Image(image.resource(), image.type(), values.isEmpty() ? 0 : image.generation(), values,
                    tombstones));
            }
        }
        return live;
    }

    private static List<HeldData> unexpired(final List<HeldData> entries, final long nowMs)
    {
        final List<HeldData> live = new ArrayList<>(entries.size());
        for (final HeldData held : entries)
        {
            if (held.data().value().expiryMs() > nowMs)
            {
                live.add(held);
            }
        }
        return live;
    }

    /**
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @return every slot of the arc holding values or tombstones, without expiring anything.
     */
    List<Image> imagesInArc(final PeerId startExclusive, final PeerId endInclusive)
    {
        return images(arc(slots, startExclusive, endInclusive), arc(tombs, startExclusive, endInclusive));
    }

    private List<Image> images(
        final List<Collection<SlotState>> slotRanges, final List<Collection<TombState>> tombRanges)
    {
        final TreeSet<SlotKey> keys = new TreeSet<>(SLOT_ORDER);
        for (final Collection<SlotState> range : slotRanges)
        {
            for (final SlotState state : range)
            {
                keys.add(new SlotKey(state.resource, state.type));
            }
        }
        for (final Collection<TombState> range : tombRanges)
        {
            for (final TombState state : range)
            {
                keys.add(new SlotKey(state.resource, state.type));
            }
        }
        final List<Image> list = new ArrayList<>(keys.size());
        for (final SlotKey key : keys)
        {
            list.add(image(key, slots.get(key), tombs.get(key)));
        }
        return list;
    }

    private static Image image(final SlotKey key, final SlotState state, final TombState tombState)
    {
        return new Image(key.resource(), key.type(), state == null ? 0 : state.generation,
            state == null ? List.of() : List.copyOf(state.values.values()),
            tombState == null ? List.of() : List.copyOf(tombState.tombstones.values()));
    }

    /**
     * Whether a REMOVE here erased a value at this value's address whose storage time is not earlier (its tombstone
     * is live), so that {@link #merge} refuses this value: a replica that pushed it missed the REMOVE.
     *
     * @param resource the resource-id.
     * @param type     the type-id.
     * @param data     a value at its address.
     * @return whether a tombstone here supersedes it.
     */
    @Override
    public boolean isRemoved(final PeerId resource, final int type, final StoredData data)
    {
        final Kind kind = kinds.kind(type);
        if (kind == null || data.model() != kind.model())
        {
            return false;
        }
        final TombState state = tombs.get(new SlotKey(resource, type));
        final HeldData tombstone = state == null ? null : state.tombstones.get(address(data));
        return tombstone != null && !supersedes(data.value(), tombstone);
    }

    /**
     * @param storer a storing peer.
     * @return the bytes charged to it: values, dictionary keys and signatures.
     */
    public long storerBytes(final PeerId storer)
    {
        final long[] charge = charges.get(storer);
        return charge == null ? 0 : charge[0];
    }

    /**
     * @param storer a storing peer.
     * @return the number of values charged to it.
     */
    public long storerValues(final PeerId storer)
    {
        final long[] charge = charges.get(storer);
        return charge == null ? 0 : charge[1];
    }

    /**
     * @return the bytes held: values, dictionary keys and signatures.
     */
    public long totalBytes()
    {
        return totalBytes;
    }

    /**
     * @return the number of values held.
     */
    public long totalValues()
    {
        return totalValues;
    }

    /**
     * @return the number of tombstones held; they count against the store's capacity as values do.
     */
    public long totalTombstones()
    {
        return totalTombstones;
    }

    /**
     * @param storer a storing peer.
     * @return the number of tombstones of its erased values; they count against its quota as values do.
     */
    public long storerTombstones(final PeerId storer)
    {
        final long[] charge = charges.get(storer);
        return charge == null ? 0 : charge[2];
    }

    /**
     * @return the number of storing peers charged for at least one value or tombstone.
     */
    public int storerCount()
    {
        return charges.size();
    }

    /**
     * @return the number of non-empty slots.
     */
    @Override
    public int slotCount()
    {
        return slots.size();
    }

    /**
     * The bytes a value costs its storer (draft §10.5.2 quota): its data, its signature and its dictionary key; a
     * tombstone, which has neither data nor signature, costs its key.
     *
     * @param data a value at its address.
     * @return its charge in bytes.
     */
    public static long chargedBytes(final StoredData data)
    {
        final long keyLength = data instanceof DictionaryEntry entry ? entry.key().length() : 0;
        return data.value().value().length() + data.value().signature().length() + keyLength;
    }

    /**
     * Write one value into a staged slot (draft §5.2.1.1.1-3), or say why not.
     *
     * @return null when placed, {@link #UNCHANGED} for a replica no newer than the held value, else the refusal.
     */
    private StoreResult place(
        final Stage stage, final PeerId storer, final PeerId resource, final StoredData data, final boolean replica)
    {
        final Kind kind = stage.kind;
        final StoredValue value = data.value();
        // draft §10.5.2: "Attempts to store values exceeding this size SHOULD be rejected."
        if (value.value().length() > kind.maxValueSize())
        {
            return failure(ResponseCode.FORBIDDEN, "a " + value.value().length() + "-byte value of " + kind.name() +
                " is over its limit of " + kind.maxValueSize() + " bytes (draft §10.5.2)");
        }
        final Object address;
        StoredData placed = data;
        if (data instanceof ArrayEntry entry)
        {
            int index = entry.index();
            if (index == ArrayEntry.APPEND && !replica)
            {
                // draft §5.2.1.1.2: "If the index value is -1, then the value is placed at the end of the array."
                index = arrayLength(stage.values);
                placed = new ArrayEntry(index, value);
            }
            else if (index < 0)
            {
                return failure(ResponseCode.PRECONDITION_FAILED, "array index " + index + " of " + kind.name() +
                    (replica ? " is negative: a replica names its index" : " is negative: only -1 (append) may be"));
            }
            if (index >= kind.maxValues())
            {
                return failure(ResponseCode.FORBIDDEN, kind.name() + " arrays hold at most " + kind.maxValues() +
                    " entries (indices 0.." + (kind.maxValues() - 1) + "), not index " + index + " (draft §10.5.2)");
            }
            address = index;
        }
        else if (data instanceof DictionaryEntry entry)
        {
            address = entry.key();
        }
        else
        {
            address = SINGLE_VALUE_ADDRESS;
        }
        final HeldData held = stage.values.get(address);
        if (held != null && !supersedes(value, held))
        {
            if (replica)
            {
                return UNCHANGED;
            }
            return failure(ResponseCode.PRECONDITION_FAILED, "storage time " + value.storageTime() + " of " +
                kind.name() + " at " + resource + " is not later than the stored value's " +
                held.data().value().storageTime() + " (draft §5.2.1.1, §10.5.3): store with a later storage time");
        }
        final HeldData tombstone = stage.tombstones.get(address);
        if (tombstone != null)
        {
            if (!supersedes(value, tombstone))
            {
                return failure(ResponseCode.PRECONDITION_FAILED, "storage time " + value.storageTime() + " of " +
                    kind.name() + " at " + resource + " is not later than that of a value removed there, " +
                    tombstone.data().value().storageTime() + " (draft §5.2.1.1, §10.5.3): " + (replica ?
                    "the sender missed the REMOVE" : "store with a later storage time"));
            }
            stage.tombstones.remove(address);
        }
        stage.values.put(address, new HeldData(storer, placed));
        // Only a dictionary can grow here: array indices are bounded above, a single value has one address.
        if (stage.values.size() > kind.maxValues())
        {
            return failure(ResponseCode.FORBIDDEN, kind.name() + " at " + resource + " holds at most " +
                kind.maxValues() + " dictionary keys (draft §10.5.2): remove one first");
        }
        return null;
    }

    /**
     * draft §5.2.1.1 and §10.5.3: a value replaces another only with a strictly later storage time ("smaller than or
     * equal to those they are currently storing" is rejected), so that an old STORE cannot be replayed; the same
     * holds against a tombstone, the storage time of the value a REMOVE erased there (§5.2.1.1's open issue).
     *
     * @param value    the incoming value.
     * @param occupant the value or tombstone at its address.
     */
    private static boolean supersedes(final StoredValue value, final HeldData occupant)
    {
        return value.storageTime() > occupant.data().value().storageTime();
    }

    /**
     * A tombstone for an erased value: a nonexistent value at the same address with the erased value's storage time
     * and lifetime, so that it expires when the value would have.
     */
    private static StoredData tombstoneOf(final StoredData erased)
    {
        final StoredValue value = erased.value();
        final StoredValue tombstone =
            new StoredValue(value.storageTime(), value.lifetime(), Opaque.EMPTY, Opaque.EMPTY, false);
        if (erased instanceof ArrayEntry entry)
        {
            return new ArrayEntry(entry.index(), tombstone);
        }
        return erased instanceof DictionaryEntry entry ?
            new DictionaryEntry(entry.key(), tombstone) : new SingleValueEntry(tombstone);
    }

    private Stage stage(final Kind kind, final PeerId resource)
    {
        final SlotKey key = new SlotKey(resource, kind.typeId());
        return new Stage(kind, slots.get(key), tombs.get(key));
    }

    /**
     * draft §5.2.1.1 and §5.2.3: "The type-id is known"; "The same type-id MUST NOT be used twice".
     */
    private StoreResult resolveKind(final int type, final int index, final IntHashSet seen, final Kind[] out)
    {
        final Kind kind = kinds.kind(type);
        if (kind == null)
        {
            return failure(ResponseCode.PRECONDITION_FAILED, unknownKindReason(type));
        }
        if (!seen.add(type))
        {
            return failure(ResponseCode.PRECONDITION_FAILED, kind.name() + " appears twice in one request " +
                "(draft §5.2.1.1, §5.2.3: the same type-id MUST NOT be used twice)");
        }
        out[index] = kind;
        return null;
    }

    /**
     * draft §5.2.1.1 and §5.2.3: "If the generation-counter is non-zero, it must equal the current value"; the 412
     * carries the current generations (§5.2.1.2).
     */
    private StoreResult checkGenerations(
        final PeerId resource, final int count, final IntUnaryOperator types, final IntToLongFunction expected,
        final Kind[] requestKinds)
    {
        for (int i = 0; i < count; i++)
        {
            final long current = generation(resource, types.applyAsInt(i));
            final long wanted = expected.applyAsLong(i);
            if (wanted != 0 && wanted != current)
            {
                final List<StoreTypeResponse> generations = new ArrayList<>(count);
                for (int j = 0; j < count; j++)
                {
                    generations.add(new StoreTypeResponse(types.applyAsInt(j), generation(resource, types.applyAsInt(j))));
                }
                return new StoreResult(ResponseCode.PRECONDITION_FAILED, "generation " + Long.toUnsignedString(wanted) +
                    " of " + requestKinds[i].name() + " at " + resource + " is not the current " +
                    Long.toUnsignedString(current) + " (draft §5.2.1.1): fetch again, or send 0 to store regardless",
                    generations);
            }
        }
        return null;
    }

    /**
     * draft §5.2.2.1: a reference must be written for the kind's data model, and an array range's "beginning ...
     * MUST be earlier in the array then the end"; null if the reference is acceptable.
     */
    private static String invalidReference(final FetchTypeData typeData, final Kind kind)
    {
        if (kind == null)
        {
            return unknownKindReason(typeData.type());
        }
        final FetchDataReference reference = typeData.reference();
        if (reference.model() != kind.model())
        {
            return kind + " takes " + kind.model().label() + " references, not " + reference.model().label() +
                " references (draft §5.2.2.1)";
        }
        if (reference instanceof FetchDataReference.Array range)
        {
            final int first = range.first();
            final int last = range.last();
            if (first < FetchDataReference.Array.FINAL || last < FetchDataReference.Array.FINAL ||
                (first >= 0 && last >= 0 && first > last))
            {
                return "array range " + first + ".." + last + " of " + kind.name() + " is not a range: indices are " +
                    "0 or more, or -1 for the final element, and the first comes before the last (draft §5.2.2.1)";
            }
        }
        return null;
    }

    /**
     * draft §5.2.2.1: resolve -1 to the final element and clip to the array's end, so a range past the end returns
     * what exists.
     *
     * @return {from, to} inclusive; empty when from &gt; to.
     */
    private static int[] arrayRange(final FetchDataReference.Array range, final int length)
    {
        final int from = range.first() == FetchDataReference.Array.FINAL ? length - 1 : range.first();
        final int to = range.last() == FetchDataReference.Array.FINAL ? length - 1 : Math.min(range.last(), length - 1);
        return new int[] {Math.max(from, 0), from < 0 ? -1 : to};
    }

    /**
     * draft §5.2.2.2: the referenced values; "A nonexistent value is represented as a value with an empty data value
     * portion and no signature", in particular a missing dictionary key and an array hole.
     */
    private static List<StoredData> fetchValues(
        final TreeMap<Object, HeldData> values, final FetchDataReference reference)
    {
        final List<StoredData> fetched = new ArrayList<>();
        if (reference instanceof FetchDataReference.SingleValue)
        {
            final HeldData held = values.get(SINGLE_VALUE_ADDRESS);
            fetched.add(held != null ? held.data() : new SingleValueEntry(StoredValue.NONEXISTENT));
        }
        else if (reference instanceof FetchDataReference.Array range)
        {
            final int[] fromTo = arrayRange(range, arrayLength(values));
            for (int index = fromTo[0]; index <= fromTo[1]; index++)
            {
                final HeldData held = values.get(index);
                fetched.add(held != null ? held.data() : new ArrayEntry(index, StoredValue.NONEXISTENT));
            }
        }
        else
        {
            final List<Opaque> keys = ((FetchDataReference.Dictionary)reference).keys();
            if (keys.isEmpty())
            {
                // draft §5.2.2.1: the wildcard returns "all key-value pairs", in key order.
                for (final HeldData held : values.values())
                {
                    fetched.add(held.data());
                }
            }
            for (final Opaque key : keys)
            {
                final HeldData held = values.get(key);
                fetched.add(held != null ? held.data() : new DictionaryEntry(key, StoredValue.NONEXISTENT));
            }
        }
        return fetched;
    }

    /**
     * draft §5.2.3.1-3: the addresses of held values a REMOVE erases; a dictionary REMOVE without keys erases all.
     */
    private static List<Object> erasedAddresses(final SlotState state, final FetchDataReference reference)
    {
        final LinkedHashSet<Object> addresses = new LinkedHashSet<>();
        if (reference instanceof FetchDataReference.SingleValue)
        {
            if (state.values.containsKey(SINGLE_VALUE_ADDRESS))
            {
                addresses.add(SINGLE_VALUE_ADDRESS);
            }
        }
        else if (reference instanceof FetchDataReference.Array range)
        {
            final int[] fromTo = arrayRange(range, arrayLength(state.values));
            for (int index = fromTo[0]; index <= fromTo[1]; index++)
            {
                if (state.values.containsKey(index))
                {
                    addresses.add(index);
                }
            }
        }
        else
        {
            final List<Opaque> keys = ((FetchDataReference.Dictionary)reference).keys();
            if (keys.isEmpty())
            {
                addresses.addAll(state.values.keySet());
            }
            for (final Opaque key : keys)
            {
                if (state.values.containsKey(key))
                {
                    addresses.add(key);
                }
            }
        }
        return new ArrayList<>(addresses);
    }

    /**
     * draft §5.2.1.1.2: arrays are sparse; the array ends after its last value, so removing the final element
     * shortens it (§5.2.3.2) and an append lands just after the last value.
     */
    private static int arrayLength(final TreeMap<Object, HeldData> values)
    {
        return values.isEmpty() ? 0 : (Integer)values.lastKey() + 1;
    }

    /**
     * draft §10.5.2: the storer's quota and the store's capacity after the staged changes; null when within both. A
     * tombstone counts as a value (see the class comment): a STORE that takes a tombstoned position frees it.
     */
    private StoreResult checkQuota(final PeerId storer, final Stage[] stages, final boolean storerQuota)
    {
        // {storer bytes, storer entries, all bytes, all entries}
        final long[] delta = new long[4];
        for (final Stage stage : stages)
        {
            addDelta(storer, stage.state == null ? null : stage.state.values, stage.values, delta);
            addDelta(storer, stage.tombState == null ? null : stage.tombState.tombstones, stage.tombstones, delta);
        }
        final long storerBytes = storerBytes(storer) + delta[0];
        final long storerValues = storerValues(storer) + storerTombstones(storer) + delta[1];
        if (storerQuota && (storerBytes > storerMaxBytes || storerValues > storerMaxValues))
        {
            return failure(ResponseCode.FORBIDDEN, "peer " + storer + " would hold " + storerValues + " values " +
                "(tombstones of removed values included) of " + storerBytes + " bytes here, over its quota of " +
                storerMaxValues + " values and " + storerMaxBytes + " bytes (draft §10.5.2): remove values first, or " +
                "store at a position removed before");
        }
        final long held = totalValues + totalTombstones;
        if (totalBytes + delta[2] > maxBytes || held + delta[3] > maxValues)
        {
            return failure(ResponseCode.FORBIDDEN, "this peer's store is full (" + totalValues + " values and " +
                totalTombstones + " tombstones of " + totalBytes + " bytes; capacity " + maxValues + " values and " +
                maxBytes + " bytes): try a replica");
        }
        return null;
    }

    /**
     * The change in charges from one map of entries (values or tombstones) to its staged copy: entries are compared
     * by identity, so an entry kept is not charged twice.
     */
    private static void addDelta(
        final PeerId storer, final TreeMap<Object, HeldData> before, final TreeMap<Object, HeldData> after,
        final long[] delta)
    {
        if (before != null)
        {
            for (final Map.Entry<Object, HeldData> old : before.entrySet())
            {
                if (after.get(old.getKey()) != old.getValue())
                {
                    final long bytes = chargedBytes(old.getValue().data());
                    delta[2] -= bytes;
                    delta[3]--;
                    if (old.getValue().storer().equals(storer))
                    {
                        delta[0] -= bytes;
                        delta[1]--;
                    }
                }
            }
        }
        for (final Map.Entry<Object, HeldData> now : after.entrySet())
        {
            if (before == null || before.get(now.getKey()) != now.getValue())
            {
                final long bytes = chargedBytes(now.getValue().data());
                delta[2] += bytes;
                delta[3]++;
                if (now.getValue().storer().equals(storer))
                {
                    delta[0] += bytes;
                    delta[1]++;
                }
            }
        }
    }

    /**
     * Make a staged slot current: move the charges, index the slot, forget it when empty, and give it a new
     * generation when it changed.
     *
     * @return the slot's generation afterwards, 0 when empty.
     */
    private long install(final PeerId resource, final Stage stage)
    {
        installTombstones(resource, stage);
        SlotState state = stage.state;
        if (state != null)
        {
            byExpiry.remove(state);
            for (final Map.Entry<Object, HeldData> old : state.values.entrySet())
            {
                if (stage.values.get(old.getKey()) != old.getValue())
                {
                    charge(old.getValue(), -1);
                }
            }
        }
        for (final Map.Entry<Object, HeldData> now : stage.values.entrySet())
        {
            if (state == null || state.values.get(now.getKey()) != now.getValue())
            {
                charge(now.getValue(), +1);
            }
        }
        if (stage.values.isEmpty())
        {
            if (state != null)
            {
                forget(state);
            }
            return 0;
        }
        if (state == null)
        {
            state = new SlotState(resource, stage.kind.typeId(), ++slotSeq);
            slots.put(new SlotKey(resource, state.type), state);
            TreeSet<PeerId> resources = resourcesByType.get(state.type);
            if (resources == null)
            {
                resources = new TreeSet<>();
                resourcesByType.put(state.type, resources);
            }
            resources.add(resource);
        }
        state.values = stage.values;
        if (stage.changed)
        {
            // One counter for the whole store, so that a slot forgotten and stored again never repeats a generation
            // a fetcher may still hold (draft §5.2.1.2: "may need more thinking for uniqueness").
            state.generation = ++generationCounter;
        }
        state.minExpiryMs = minExpiryMs(state.values);
        byExpiry.add(state);
        return state.generation;
    }

    /**
     * Make a stage's tombstones current: move the charges, and forget the slot's tombstones when none is left.
     */
    private void installTombstones(final PeerId resource, final Stage stage)
    {
        TombState state = stage.tombState;
        if (state != null)
        {
            tombsByExpiry.remove(state);
            for (final Map.Entry<Object, HeldData> old : state.tombstones.entrySet())
            {
                if (stage.tombstones.get(old.getKey()) != old.getValue())
                {
                    charge(old.getValue(), -1);
                }
            }
        }
        for (final Map.Entry<Object, HeldData> now : stage.tombstones.entrySet())
        {
            if (state == null || state.tombstones.get(now.getKey()) != now.getValue())
            {
                charge(now.getValue(), +1);
            }
        }
        final SlotKey key = new SlotKey(resource, stage.kind.typeId());
        if (stage.tombstones.isEmpty())
        {
            if (state != null)
            {
                tombs.remove(key);
            }
            return;
        }
        if (state == null)
        {
            state = new TombState(resource, key.type(), ++slotSeq);
            tombs.put(key, state);
        }
        state.tombstones = stage.tombstones;
        state.minExpiryMs = minExpiryMs(state.tombstones);
        tombsByExpiry.add(state);
    }

    /**
     * Single values sit at address 0, array values at their index, dictionary values at their key.
     */
    private static Object address(final StoredData data)
    {
        if (data instanceof ArrayEntry entry)
        {
            return entry.index();
        }
        return data instanceof DictionaryEntry entry ? entry.key() : SINGLE_VALUE_ADDRESS;
    }

    private void forget(final SlotState state)
    {
        slots.remove(new SlotKey(state.resource, state.type));
        final TreeSet<PeerId> resources = resourcesByType.get(state.type);
        resources.remove(state.resource);
        if (resources.isEmpty())
        {
            resourcesByType.remove(state.type);
        }
    }

    /**
     * Charge (+1) or credit (-1) a value or a tombstone to its storer and the store.
     */
    private void charge(final HeldData held, final int sign)
    {
        final long bytes = sign * chargedBytes(held.data());
        final boolean tombstone = !held.data().value().exists();
        totalBytes += bytes;
        if (tombstone)
        {
            totalTombstones += sign;
        }
        else
        {
            totalValues += sign;
        }
        long[] charge = charges.get(held.storer());
        if (charge == null)
        {
            charge = new long[3];
            charges.put(held.storer(), charge);
        }
        charge[0] += bytes;
        charge[tombstone ? 2 : 1] += sign;
        if (charge[1] == 0 && charge[2] == 0)
        {
            charges.remove(held.storer());
        }
    }

    private static long minExpiryMs(final TreeMap<Object, HeldData> values)
    {
        long min = Long.MAX_VALUE;
        for (final HeldData held : values.values())
        {
            min = Math.min(min, held.data().value().expiryMs());
        }
        return min;
    }

    private static Slot snapshot(final SlotState state)
    {
        return new Slot(state.resource, state.type, state.generation, new ArrayList<>(state.values.values()));
    }

    /**
     * draft §5.2.1.1 lists "The type-id is known" among the checks whose failures are preconditions; §4.3 gives 412
     * to "some precondition was incorrect".
     */
    private static String unknownKindReason(final int type)
    {
        return "type-id 0x" + Integer.toHexString(type) + " is not a kind this peer stores (draft §5.2.1.1: the " +
            "type-id must be known)";
    }

    private static StoreResult failure(final int code, final String reason)
    {
        return new StoreResult(code, reason, List.of());
    }
}
