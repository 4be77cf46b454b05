package io.relo.control.storage;

import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.message.TransactionTable;
import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The storage side of one peer (draft §5.2, §7.3, §7.5.2): it serves STORE, FETCH, REMOVE and FIND from a
 * {@link SlotStore}, replicates what it is responsible for to its next two successors, pushes data when the replica
 * set or its range changes, accepts replicas only from a predecessor responsible for them, forgets what lies three
 * predecessors away, and originates the client's requests with end-to-end retransmission (draft §4.4).
 * <p>
 * Like {@code ChordPeer} it has no clock, threads or sockets: the conductor runs it over the forwarder and the
 * simulator over its model network. Single-threaded.
 */
public final class StoragePeer
{
    /** Replica STOREs and REMOVEs in flight at once; the rest wait, so that a push does not flood one link. */
    public static final int PUSH_WINDOW_DEFAULT = 32;
    /**
     * Repairs the predecessor list must hold unchanged before data three predecessors away is forgotten: longer than
     * a dead predecessor lingers in a table (64 × T1 at the update interval), so that no stale view deletes.
     */
    public static final int FORGET_AFTER_STABLE_REPAIRS = 4;
    /**
     * The account replicas are charged to: not the pushing peer, whose own STOREs would then meet a quota filled by
     * the values it replicates, and not a storer, whom an unsigned replica does not name. Replicas are held without
     * a per-storer quota (the responsible peer checked it) but within the store's capacity. Peer-id 0 is never a
     * peer's (draft §3.1).
     */
    public static final PeerId REPLICA_ACCOUNT = new PeerId(0, 0);
    /**
     * How long, in T1, a STORE or REMOVE whose replicas have not accepted it waits before it is answered 408: half the
     * requester's own 64 × T1 (draft §4.4), so the answer reaches it before it gives up.
     */
    public static final int REPLICA_GIVE_UP_T1 = 32;
    /** Bytes of values (data, key, signature) one replica STORE carries at most, well inside 65,000-byte bounds. */
    public static final int REPLICA_BYTES_PER_REQUEST = 32 * 1024;

    /** What a storage peer asks of the world. */
    public interface Transport
    {
        /**
         * Originate a message: the forwarding layer routes it by its route list (a response by the request's
         * reversed via list).
         *
         * @param message with an empty via list.
         */
        void send(StorageMessage message);
    }

    private record Key(PeerId origin, long transactionId)
    {
    }

    /** A response kept for retransmissions of its request (draft §4.4); null while the request is being served. */
    private static final class Kept
    {
        private final Key key;
        private final long expiresNs;
        private StorageMessage response;

        private Kept(final Key key, final long expiresNs)
        {
            this.key = key;
            this.expiresNs = expiresNs;
        }
    }

    /**
     * An answer to a STORE or REMOVE that waits for the replica set (draft §7.3 leaves open when the responsible peer
     * answers): a 200 goes once a replica has accepted the change, so that it means two copies at least; see
     * {@link #replicateAndRespond}.
     */
    private static final class Held
    {
        private final Kept kept;
        private final StorageMessage response;
        private final PeerId resource;
        private final List<Integer> types;
        private final StorageMessage.RemoveRequest remove;
        private final long startNs;
        private final StorageMessage request;
        private final HashMap<PeerId, Ask> targets = new HashMap<>(4);
        private int remaining;
        private int accepted;
        private long nextRetryNs;

        private Held(
            final Kept kept, final StorageMessage request, final StorageMessage response, final PeerId resource,
            final List<Integer> types, final StorageMessage.RemoveRequest remove, final long startNs)
        {
            this.kept = kept;
            this.request = request;
            this.response = response;
            this.resource = resource;
            this.types = types;
            this.remove = remove;
            this.startNs = startNs;
        }
    }

    /** One replica's part in a held answer: its requests outstanding, and whether all it was sent was accepted. */
    private static final class Ask
    {
        private int outstanding;
        private boolean refused;
        private boolean accepted;
    }

    /**
     * A request this peer originated: a client's (reply set), or a replica or push (target set); a replica that
     * carried every slot of its resource whole records, once acknowledged, the generation the target now holds.
     */
    private record Outgoing(
        StorageMessage request, StorageClient.Reply reply, Held held, PeerId target, PeerId resource, long generation,
        Handoff handoff)
    {
    }

    /** Values of one resource handed to its responsible peer before this peer forgets them. */
    private static final class Handoff
    {
        private final PeerId resource;
        private int remaining;
        private boolean refused;

        private Handoff(final PeerId resource)
        {
            this.resource = resource;
        }
    }

    private record Push(PeerId target, PeerId resource)
    {
    }

    private record Retry(Push push, long dueNs)
    {
    }

    /**
     * A push a peer of a role refused (a table that does not yet name this peer, draft §7.3) or did not answer is
     * queued again after 4 × T1, then 8 and 16 × T1; after that the repair pushes it, every update interval.
     */
    private static final int PUSH_RETRIES = 3;

    private final PeerId self;
    private final SlotStore store;
    private final Transport transport;
    private final Random random;
    private final long keepNs;
    private final long ackTimeoutNs;
    private final long replicaGiveUpNs;
    private final long repairIntervalNs;
    private final int pushWindow;
    private final TransactionTable<Outgoing> transactions;
    private final HashMap<Key, Kept> kept = new HashMap<>();
    private final ArrayDeque<Kept> keptOrder = new ArrayDeque<>();
    private final List<Held> held = new ArrayList<>();
    private final ArrayDeque<Push> pushes = new ArrayDeque<>();
    private final HashSet<Push> queued = new HashSet<>();
    private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparingLong(Retry::dueNs));
    private final HashMap<Push, Integer> pushFailures = new HashMap<>();
    /** Per peer of a role: the generation of each resource it acknowledged, the largest of its kinds'. */
    private final HashMap<PeerId, HashMap<PeerId, Long>> synced = new HashMap<>();
    private final StorageCounters counters = new StorageCounters();
    private List<PeerId> predecessors = List.of();
    private List<PeerId> successors = List.of();
    private List<PeerId> replicaSet = List.of();
    private List<PeerId> predecessorsAtLastRepair = List.of();
    private int stableRepairs;
    /** Resources a peer pushed here as replicas, with when: protected from forgetting for a while. */
    private final HashMap<PeerId, Long> recentReplicas = new HashMap<>();
    private final HashMap<PeerId, Handoff> handoffs = new HashMap<>();
    /** Epoch milliseconds of the latest call, for outcomes that arrive without a time. */
    private long lastNowMs;
    /** The time of the latest call, likewise. */
    private long lastNowNs;
    private boolean joined;
    private int pushesInFlight;
    /** The resource a push scan is at, and the largest generation of its slots so far. */
    private PeerId scanResource;
    private long scanGeneration;
    private long nextRepairNs;

    /**
     * @param self             this peer.
     * @param store            the values it holds.
     * @param transport        sends its messages.
     * @param random           transaction ids.
     * @param t1Ns             RFC 3261 T1 (draft §4.4).
     * @param repairIntervalNs how often the whole range is pushed to the replica set again and the data three
     *                         predecessors away forgotten; chord-128-2-8-update-frequency is the natural choice.
     * @param nowNs            the current time.
     */
    public StoragePeer(
        final PeerId self,
        final SlotStore store,
        final Transport transport,
        final Random random,
        final long t1Ns,
        final long repairIntervalNs,
        final long nowNs)
    {
        this.self = self;
        this.store = store;
        this.transport = transport;
        this.random = random;
        this.keepNs = 64 * t1Ns;
        this.ackTimeoutNs = 4 * t1Ns;
        this.replicaGiveUpNs = REPLICA_GIVE_UP_T1 * t1Ns;
        this.repairIntervalNs = repairIntervalNs;
        this.pushWindow = PUSH_WINDOW_DEFAULT;
        this.nextRepairNs = nowNs + repairIntervalNs;
        transactions = new TransactionTable<>(t1Ns, Math.max(t1Ns, TransactionTable.T2_DEFAULT_NS), true, nowNs,
            new TransactionTable.Listener<>()
            {
                public void onRetransmit(final long transactionId, final Outgoing outgoing)
                {
                    counters.retransmissions++;
                    transport.send(outgoing.request());
                }

                public void onTimeout(final long transactionId, final Outgoing outgoing)
                {
                    onOutcome(outgoing, new StorageMessage.ErrorAnswer(outgoing.request().body().method(),
                        ResponseCode.REQUEST_TIMEOUT, "no answer within 64 x T1 (draft §4.4)", List.of()), -1, null);
                }
            });
    }

    /**
     * @return this peer's counters.
     */
    public StorageCounters counters()
    {
        return counters;
    }

    /**
     * @return the store it serves from.
     */
    public SlotStore store()
    {
        return store;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Topology
    // ------------------------------------------------------------------------------------------------------------

    /**
     * The neighbour table changed (draft §7.5.2): push to new members of the replica set, push the arc a new
     * predecessor took over to it (draft §7.4: the admitting peer STOREs the joining peer's data), and push an arc
     * this peer took over from a failed or departed predecessor to the replica set (§7.5.1, §7.6).
     *
     * @param joined       whether this peer is placed in the ring.
     * @param predecessors closest first.
     * @param successors   closest first.
     * @param nowMs        epoch milliseconds, for lifetimes.
     */
    public void onTopology(
        final boolean joined, final List<PeerId> predecessors, final List<PeerId> successors, final long nowMs)
    {
        if (joined == this.joined && predecessors.equals(this.predecessors) && successors.equals(this.successors))
        {
            return; // nothing changed: callers may hand over the table on every duty cycle
        }
        final List<PeerId> oldPredecessors = this.predecessors;
        final List<PeerId> oldReplicaSet = replicaSet;
        final boolean wasJoined = this.joined;
        this.joined = joined;
        this.predecessors = List.copyOf(predecessors);
        this.successors = List.copyOf(successors);
        replicaSet = replicaSet(successors);
        // A peer that takes a role afresh may hold nothing: what it was known to hold is forgotten.
        final List<PeerId> roles = roles();
        synced.keySet().removeIf(peer -> !roles.contains(peer));
        pushFailures.clear(); // a new table: a refusal may not hold any more, so each push gets its retries again
        if (!joined)
        {
            return;
        }
        for (final PeerId target : replicaSet)
        {
            if (!wasJoined || !oldReplicaSet.contains(target))
            {
                synced.remove(target); // draft §7.5.2: "send a STORE ... to any new node in the replica set"
            }
        }
        for (int k = 0; k < Math.min(2, this.predecessors.size()); k++)
        {
            final PeerId predecessor = this.predecessors.get(k);
            if (!wasJoined || !oldPredecessors.contains(predecessor))
            {
                synced.remove(predecessor); // draft §7.4: a new predecessor holds a range this peer may hold
            }
        }
        pushRoles(nowMs);
    }

    /** The peers this peer keeps in step: its replica set, and its first two predecessors. */
    private List<PeerId> roles()
    {
        final List<PeerId> roles = new ArrayList<>(replicaSet);
        for (int k = 0; k < Math.min(2, predecessors.size()); k++)
        {
            if (!roles.contains(predecessors.get(k)) && !predecessors.get(k).equals(self))
            {
                roles.add(predecessors.get(k));
            }
        }
        return roles;
    }

    /**
     * Queue what each peer of a role lacks, as far as this peer knows: its own range to the replica set (draft §7.3,
     * §7.5.2), and to each of the first two predecessors the range that predecessor is responsible for (§7.4: a
     * joining peer takes its range from the peers that held it, and a peer that restarted with an older journal is
     * given back what it lost). A slot goes to a peer only if that peer has not acknowledged it at its current
     * generation, so that in a steady ring this sends nothing.
     */
    private void pushRoles(final long nowMs)
    {
        final PeerId start = predecessors.isEmpty() ? self : predecessors.get(0);
        for (final PeerId target : replicaSet)
        {
            pushArc(target, start, self, nowMs);
        }
        for (int k = 0; k < Math.min(2, predecessors.size()); k++)
        {
            final PeerId predecessor = predecessors.get(k);
            if (k + 1 < predecessors.size() && !predecessor.equals(self) && !replicaSet.contains(predecessor))
            {
                pushArc(predecessor, predecessors.get(k + 1), predecessor, nowMs);
            }
        }
    }

    private List<PeerId> replicaSet(final List<PeerId> successors)
    {
        // draft §7.3: "its successor in the neighborhood table and ... that peers successor".
        final List<PeerId> set = new ArrayList<>(2);
        for (final PeerId peer : successors)
        {
            if (set.size() == 2)
            {
                break;
            }
            if (!peer.equals(self) && !set.contains(peer))
            {
                set.add(peer);
            }
        }
        return List.copyOf(set);
    }

    /**
     * draft §7.1: responsible for (predecessor, self]; alone, for the whole ring.
     *
     * @param resource a resource-id.
     * @return whether this peer is responsible for it.
     */
    public boolean isResponsible(final PeerId resource)
    {
        if (!joined)
        {
            return resource.equals(self);
        }
        final PeerId start = predecessors.isEmpty() ? self : predecessors.get(0);
        return inArc(resource, start, self);
    }

    /**
     * draft §7.3: a replica comes "from an appropriate predecessor in their neighborhood table" and lies "in a range
     * that this predecessor is responsible for", read as: at or before that predecessor, not between it and this
     * peer; draft §7.4: the admitting peer, this peer's successor, STOREs the range this peer took over, and after a
     * failure a neighbour pushes data this peer became responsible for. What lies beyond this peer's replica arc is
     * forgotten by the repair (§7.5.2).
     */
    private boolean acceptsReplica(final PeerId origin, final PeerId resource)
    {
        if (!joined && !successors.isEmpty() && successors.get(0).equals(origin))
        {
            return true; // draft §7.4: the admitting peer STOREs before this peer has heard it is placed
        }
        if (predecessors.contains(origin) && !inArc(resource, origin, self))
        {
            // A predecessor's range ends at it; where it starts this peer may not know yet: a range grows when the
            // predecessor's own predecessor fails, before this peer's table drops the failed peer.
            return true;
        }
        return (predecessors.contains(origin) || successors.contains(origin)) && isResponsible(resource);
    }

    private void pushArc(
        final PeerId target, final PeerId startExclusive, final PeerId endInclusive, final long nowMs)
    {
        if (target.equals(self))
        {
            return;
        }
        final HashMap<PeerId, Long> known = synced.get(target);
        scanResource = null;
        scanGeneration = -1;
        store.generationsInArc(startExclusive, endInclusive, nowMs, (resource, generation) ->
        {
            if (!resource.equals(scanResource))
            {
                queueIfUnknown(target, scanResource, scanGeneration, known);
                scanResource = resource;
                scanGeneration = -1;
            }
            scanGeneration = Math.max(scanGeneration, generation);
        });
        queueIfUnknown(target, scanResource, scanGeneration, known);
        scanResource = null;
    }

    private void queueIfUnknown(
        final PeerId target, final PeerId resource, final long generation, final HashMap<PeerId, Long> known)
    {
        if (null == resource)
        {
            return;
        }
        final Long acknowledged = null == known ? null : known.get(resource);
        if (null == acknowledged || acknowledged != generation)
        {
            queue(new Push(target, resource));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Duty cycle
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Run timers: retransmissions and timeouts, held answers whose replicas are late, kept responses that expired,
     * queued pushes, and the periodic repair.
     *
     * @param nowNs the current time.
     * @param nowMs epoch milliseconds, for lifetimes.
     * @return work done.
     */
    public int poll(final long nowNs, final long nowMs)
    {
        lastNowMs = nowMs;
        lastNowNs = nowNs;
        int work = transactions.poll(nowNs);
        for (int i = held.size() - 1; i >= 0; i--)
        {
            work += decide(held.get(i), nowNs, nowMs);
        }
        while (!keptOrder.isEmpty() && keptOrder.peekFirst().expiresNs <= nowNs)
        {
            final Kept old = keptOrder.pollFirst();
            kept.remove(old.key, old);
            work++;
        }
        if (joined && nowNs >= nextRepairNs)
        {
            nextRepairNs = nowNs + repairIntervalNs;
            repair(nowNs, nowMs);
            work++;
        }
        while (!retries.isEmpty() && retries.peek().dueNs() <= nowNs)
        {
            queue(retries.poll().push());
            work++;
        }
        List<PeerId> roles = null;
        while (pushesInFlight < pushWindow && !pushes.isEmpty())
        {
            final Push push = pushes.pollFirst();
            queued.remove(push);
            roles = null == roles ? roles() : roles;
            if (roles.contains(push.target()) && !acknowledged(push, nowMs))
            {
                counters.pushesSent += sendReplica(push.target(), push.resource(), null, null, nowNs, nowMs);
            }
            work++;
        }
        counters.pending = pushes.size() + retries.size() + pushesInFlight + held.size();
        return work;
    }

    /**
     * Queue a push unless it is queued already: every table change and every repair queue what a peer of a role has
     * not acknowledged, and while a long push drains, copies of it would make the queue longer than the data.
     */
    private void queue(final Push push)
    {
        if (queued.add(push))
        {
            pushes.add(push);
        }
    }

    /** Whether the target acknowledged the resource at its current generation since the push was queued. */
    private boolean acknowledged(final Push push, final long nowMs)
    {
        final HashMap<PeerId, Long> known = synced.get(push.target());
        final Long generation = null == known ? null : known.get(push.resource());
        if (null == generation)
        {
            return false;
        }
        long current = -1;
        for (final Slot slot : store.slotsAt(push.resource(), nowMs))
        {
            current = Math.max(current, slot.generation());
        }
        return generation == current;
    }

    /**
     * The periodic repair (draft §7.5.3: "do whatever replica set adjustments are required"): queue again what a
     * peer of a role has not acknowledged (a push that failed, a slot changed since), and forget data three
     * predecessors away (draft §7.5.2) once the predecessor list has held for
     * {@link #FORGET_AFTER_STABLE_REPAIRS} repairs.
     */
    private void repair(final long nowNs, final long nowMs)
    {
        counters.repairs++;
        if (counters.repairs % 8 == 0)
        {
            for (final HashMap<PeerId, Long> known : synced.values())
            {
                known.keySet().removeIf(resource -> store.slotsAt(resource, nowMs).isEmpty()); // removed, expired
            }
        }
        pushRoles(nowMs); // queues only what is not queued already
        // draft §7.5.2: "there are three predecessors between N and R": R outside (third, self]. A table that
        // still lists a dead predecessor names a third predecessor too close, and would delete a range this peer
        // replicates; so forget only once the whole predecessor list has held for FORGET_AFTER_STABLE_REPAIRS.
        stableRepairs = predecessors.equals(predecessorsAtLastRepair) ? stableRepairs + 1 : 0;
        predecessorsAtLastRepair = predecessors;
        final long protectNs = FORGET_AFTER_STABLE_REPAIRS * repairIntervalNs;
        recentReplicas.values().removeIf(acceptedNs -> nowNs - acceptedNs > protectNs);
        if (predecessors.size() >= 3 && stableRepairs >= FORGET_AFTER_STABLE_REPAIRS)
        {
            final PeerId third = predecessors.get(2);
            if (!third.equals(self))
            {
                forget(third, nowNs, nowMs);
            }
        }
    }

    /**
     * Forget what lies outside (third predecessor, self] (draft §7.5.2), except a resource a peer pushed here as a
     * replica within the last {@link #FORGET_AFTER_STABLE_REPAIRS} repair intervals: that peer, responsible in its
     * view, counts this one in the replica set, and a table that still lists a predecessor which has died (and was
     * listed before it died, so the list looks stable) would otherwise delete a copy just made.
     * <p>
     * Nothing is forgotten before the responsible peer has it: each value is first STOREd to its resource-id, one
     * value a request, and the resource is forgotten once every value was answered 200 (taken) or 412 (an equal or
     * newer value is held there). A peer that was in a ring of its own, or was told of its true predecessors late,
     * may hold the only copy of values it acknowledged; the simulator lost such values before this handoff.
     */
    private void forget(final PeerId third, final long nowNs, final long nowMs)
    {
        final List<PeerId> doomed = new ArrayList<>();
        store.generationsInArc(self, third, nowMs, (resource, generation) ->
        {
            if (!recentReplicas.containsKey(resource) && !handoffs.containsKey(resource) && (doomed.isEmpty() ||
                !doomed.get(doomed.size() - 1).equals(resource)))
            {
                doomed.add(resource);
            }
        });
        for (final PeerId resource : doomed)
        {
            if (handoffs.size() >= pushWindow)
            {
                break; // the rest at the next repair
            }
            final Handoff handoff = new Handoff(resource);
            handoffs.put(resource, handoff);
            for (final Slot slot : store.slotsAt(resource, nowMs))
            {
                for (final HeldData value : slot.values())
                {
                    handoff.remaining++;
                    counters.handoffsSent++;
                    originate(resource, new StorageMessage.StoreRequest(resource, List.of(new StoreTypeData(
                        slot.type(), 0, List.of(value.data())))), null, null, null, -1, handoff, nowNs);
                }
            }
            if (handoff.remaining == 0)
            {
                handoffs.remove(resource);
            }
        }
    }

    private void onHandoffOutcome(final Handoff handoff, final StorageMessage.Body answer, final long nowMs)
    {
        if (answer instanceof StorageMessage.ErrorAnswer error && error.code() != ResponseCode.PRECONDITION_FAILED)
        {
            handoff.refused = true;
        }
        if (--handoff.remaining > 0)
        {
            return;
        }
        handoffs.remove(handoff.resource);
        if (!handoff.refused && !isResponsible(handoff.resource) && !recentReplicas.containsKey(handoff.resource))
        {
            counters.valuesForgotten += store.deleteArc(handoff.resource.previous(), handoff.resource, nowMs);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Serving
    // ------------------------------------------------------------------------------------------------------------

    /**
     * A storage message delivered to this peer.
     *
     * @param message     as delivered, via list ending with the previous hop.
     * @param destination the route entry the forwarder stripped: the resource-id of a request routed to the
     *                    responsible peer, or this peer's id for a request addressed to it (a replica); null if none.
     * @param nowNs       the current time.
     * @param nowMs       epoch milliseconds, for lifetimes.
     */
    public void onMessage(
        final StorageMessage message, final PeerId destination, final long nowNs, final long nowMs)
    {
        lastNowMs = nowMs;
        lastNowNs = nowNs;
        if (message.body().isResponse())
        {
            onResponse(message);
            return;
        }
        final PeerId origin = message.origin(self);
        final Key key = new Key(origin, message.transactionId());
        final Kept previous = kept.get(key);
        if (null != previous)
        {
            // draft §4.4: a retransmission gets the answer already given, and is not served twice.
            counters.retransmissionsAnswered++;
            if (null != previous.response)
            {
                answer(previous.response);
            }
            return;
        }
        final Kept entry = new Kept(key, nowNs + keepNs);
        kept.put(key, entry);
        keptOrder.addLast(entry);
        final boolean addressed = self.equals(destination);
        final StorageMessage.Body body = message.body();
        if (!addressed && null != destination && !isResponsible(destination))
        {
            // The forwarder delivered by its range, which the neighbour table sets; a difference shows here.
            counters.servedOutsideRange++;
        }
        if (body instanceof StorageMessage.StoreRequest request)
        {
            onStore(message, entry, origin, request, addressed, nowNs, nowMs);
        }
        else if (body instanceof StorageMessage.RemoveRequest request)
        {
            onRemove(message, entry, origin, request, addressed, nowNs, nowMs);
        }
        else if (body instanceof StorageMessage.FetchRequest request)
        {
            counters.fetchesServed++;
            final FetchResult result = store.fetch(request.resource(), request.data(), nowMs);
            respond(message, entry, result.code() == ResponseCode.OK ?
                new StorageMessage.FetchAnswer(result.responses()) :
                error(MethodCode.FETCH, result.code(), result.reason(), List.of()));
        }
        else if (body instanceof StorageMessage.FindRequest request)
        {
            counters.findsServed++;
            final int[] types = new int[request.types().size()];
            for (int i = 0; i < types.length; i++)
            {
                types[i] = request.types().get(i);
            }
            final FindResult result = store.find(request.resource(), types, this::isResponsible, nowMs);
            respond(message, entry, result.code() == ResponseCode.OK ?
                new StorageMessage.FindAnswer(result.answers()) :
                error(MethodCode.FIND, result.code(), result.reason(), List.of()));
        }
        else
        {
            counters.unexpectedMessages++;
        }
    }

    private void onStore(
        final StorageMessage message, final Kept entry, final PeerId origin, final StorageMessage.StoreRequest request,
        final boolean addressed, final long nowNs, final long nowMs)
    {
        final PeerId resource = request.resource();
        if (addressed && !origin.equals(self))
        {
            onReplicaStore(message, entry, origin, request, nowNs, nowMs);
            return;
        }
        counters.storesServed++;
        final StoreResult result = store.store(origin, resource, request.data(), nowMs);
        if (result.code() != ResponseCode.OK)
        {
            respond(message, entry, error(MethodCode.STORE, result.code(), result.reason(), result.generations()));
            return;
        }
        final List<Integer> types = new ArrayList<>(request.data().size());
        for (final StoreTypeData data : request.data())
        {
            types.add(data.type());
        }
        replicateAndRespond(message, entry, resource, types, new StorageMessage.StoreAnswer(result.generations()),
            null, nowNs, nowMs);
    }

    /** draft §7.3: a replica (or a transfer, §7.4) merges by storage time (§3.7), never by generation. */
    private void onReplicaStore(
        final StorageMessage message, final Kept entry, final PeerId origin, final StorageMessage.StoreRequest request,
        final long nowNs, final long nowMs)
    {
        final PeerId resource = request.resource();
        if (!acceptsReplica(origin, resource))
        {
            counters.replicasRefused++;
            respond(message, entry, error(MethodCode.STORE, ResponseCode.FORBIDDEN, "peer " + origin + " is not a " +
                "predecessor responsible for " + resource + " in this peer's neighbour table (draft §7.3)",
                List.of()));
            return;
        }
        final List<StoreTypeResponse> generations = new ArrayList<>(request.data().size());
        final List<List<FetchTypeData>> removed = new ArrayList<>();
        StoreResult refused = null;
        for (final StoreTypeData data : request.data())
        {
            final List<StoredData> removedHere = new ArrayList<>();
            for (final StoredData value : data.values())
            {
                final StoreResult result = store.merge(REPLICA_ACCOUNT, resource, data.type(), value, nowMs, false);
                if (result.code() != ResponseCode.OK)
                {
                    refused = null == refused ? result : refused;
                    if (store.isRemoved(resource, data.type(), value))
                    {
                        removedHere.add(value);
                    }
                }
            }
            counters.replicaValuesRemovedHere += removedHere.size();
            addPositions(data.type(), removedHere, removed);
            generations.add(new StoreTypeResponse(data.type(), store.generation(resource, data.type())));
        }
        for (final List<FetchTypeData> remove : removed)
        {
            sendRemoveBack(origin, new StorageMessage.RemoveRequest(resource, remove), nowNs);
        }
        counters.replicasAccepted++;
        recentReplicas.put(resource, nowNs);
        if (null == refused && roles().contains(origin))
        {
            // The sender holds what it sent; if that is all this peer holds there, it need not be pushed back. A
            // sender that sent less or older (a peer restarted from an older journal) is pushed what it lacks.
            long generation = -1;
            boolean same = true;
            final List<Slot> slots = store.slotsAt(resource, nowMs);
            for (final Slot slot : slots)
            {
                generation = Math.max(generation, slot.generation());
                List<StoredData> sent = null;
                for (final StoreTypeData data : request.data())
                {
                    if (data.type() == slot.type())
                    {
                        sent = data.values();
                    }
                }
                final List<StoredData> heldValues = new ArrayList<>(slot.values().size());
                for (final HeldData value : slot.values())
                {
                    heldValues.add(value.data());
                }
                same &= null != sent && sent.size() == heldValues.size() && heldValues.containsAll(sent);
            }
            if (same)
            {
                synced.computeIfAbsent(origin, peer -> new HashMap<>()).put(resource, generation);
            }
        }
        respond(message, entry, null == refused ? new StorageMessage.StoreAnswer(generations) :
            error(MethodCode.STORE, refused.code(), refused.reason(), List.of()));
    }

    /**
     * The sender of a replica holds values that a REMOVE here erased (draft §5.2.1.1's open issue): it missed that
     * REMOVE, and would serve them if it became responsible. Send it the REMOVE of those positions, addressed to it
     * as a replica REMOVE is; it erases what it holds there and keeps the tombstone in turn. REMOVE carries no
     * storage time, so a newer value the sender took in the meantime would go too; the REMOVE leaves as soon as the
     * push is refused to keep that window short.
     */
    private void sendRemoveBack(final PeerId target, final StorageMessage.RemoveRequest remove, final long nowNs)
    {
        counters.removesSentBack++;
        originate(target, remove, null, null, null, -1, nowNs);
    }

    /**
     * REMOVE elements naming exactly the positions of these values of one kind, added to the requests to send: a
     * request names a type-id once (draft §5.2.3), and an array range would take the indices between too, so each
     * array index goes in a request of its own; a single value, or the keys of a dictionary, share the first request.
     */
    private static void addPositions(
        final int type, final List<StoredData> values, final List<List<FetchTypeData>> requests)
    {
        if (values.isEmpty())
        {
            return;
        }
        if (values.get(0) instanceof ArrayEntry)
        {
            for (final StoredData value : values)
            {
                final int index = ((ArrayEntry)value).index();
                requests.add(new ArrayList<>(List.of(new FetchTypeData(type, 0,
                    new FetchDataReference.Array(index, index)))));
            }
            return;
        }
        final FetchDataReference reference;
        if (values.get(0) instanceof DictionaryEntry)
        {
            final List<Opaque> keys = new ArrayList<>(values.size());
            for (final StoredData value : values)
            {
                keys.add(((DictionaryEntry)value).key());
            }
            reference = new FetchDataReference.Dictionary(keys);
        }
        else
        {
            reference = FetchDataReference.SingleValue.INSTANCE;
        }
        if (requests.isEmpty())
        {
            requests.add(new ArrayList<>());
        }
        requests.get(0).add(new FetchTypeData(type, 0, reference));
    }

    private void onRemove(
        final StorageMessage message, final Kept entry, final PeerId origin, final StorageMessage.RemoveRequest request,
        final boolean addressed, final long nowNs, final long nowMs)
    {
        final PeerId resource = request.resource();
        if (addressed && !origin.equals(self))
        {
            if (!acceptsReplica(origin, resource))
            {
                counters.replicasRefused++;
                respond(message, entry, error(MethodCode.REMOVE, ResponseCode.FORBIDDEN, "peer " + origin +
                    " is not a predecessor responsible for " + resource + " (draft §7.3)", List.of()));
                return;
            }
            counters.replicasAccepted++;
            final StoreResult result = store.remove(origin, resource, anyGeneration(request.data()), nowMs);
            respond(message, entry, result.code() == ResponseCode.OK ?
                new StorageMessage.RemoveAnswer(result.generations()) :
                error(MethodCode.REMOVE, result.code(), result.reason(), result.generations()));
            return;
        }
        counters.removesServed++;
        final StoreResult result = store.remove(origin, resource, request.data(), nowMs);
        if (result.code() != ResponseCode.OK)
        {
            respond(message, entry, error(MethodCode.REMOVE, result.code(), result.reason(), result.generations()));
            return;
        }
        replicateAndRespond(message, entry, resource, null, new StorageMessage.RemoveAnswer(result.generations()),
            new StorageMessage.RemoveRequest(resource, anyGeneration(request.data())), nowNs, nowMs);
    }

    private static List<FetchTypeData> anyGeneration(final List<FetchTypeData> data)
    {
        final List<FetchTypeData> any = new ArrayList<>(data.size());
        for (final FetchTypeData element : data)
        {
            any.add(new FetchTypeData(element.type(), 0, element.reference()));
        }
        return any;
    }

    /**
     * draft §7.3: after a change at a resource this peer is responsible for, STORE (or REMOVE) it at the next two
     * successors. The draft leaves open when the requester is answered; here the answer waits for the replicas
     * ({@link #decide}), so that a 200 means the change is held by two peers at least whenever this peer has a
     * replica set: a value with one copy is lost with one journal, or hidden while its one holder restarts.
     */
    private void replicateAndRespond(
        final StorageMessage message, final Kept entry, final PeerId resource, final List<Integer> types,
        final StorageMessage.Body answer, final StorageMessage.RemoveRequest remove, final long nowNs,
        final long nowMs)
    {
        final StorageMessage response = response(message, answer);
        if (replicaSet.isEmpty() || !joined)
        {
            entry.response = response; // alone in the ring: the one copy there can be
            answer(response);
            return;
        }
        final Held waiting = new Held(entry, message, response, resource, types, remove, nowNs);
        askReplicas(waiting, nowNs, nowMs);
        if (waiting.remaining == 0)
        {
            entry.response = response; // removed or expired meanwhile: nothing to copy
            answer(response);
            return;
        }
        held.add(waiting);
    }

    /** Send the change to each member of the current replica set that has not accepted it and is not being asked. */
    private void askReplicas(final Held waiting, final long nowNs, final long nowMs)
    {
        waiting.nextRetryNs = nowNs + ackTimeoutNs;
        for (final PeerId target : replicaSet)
        {
            final Ask ask = waiting.targets.computeIfAbsent(target, peer -> new Ask());
            if (ask.accepted || ask.outstanding > 0)
            {
                continue;
            }
            final int sent = null == waiting.remove ?
                sendReplica(target, waiting.resource, waiting.types, waiting, nowNs, nowMs) :
                sendRemove(target, waiting.remove, waiting, nowNs);
            ask.refused = false;
            ask.outstanding += sent;
            waiting.remaining += sent;
        }
    }

    /**
     * When to answer a held STORE or REMOVE: 200 as soon as every replica asked has answered and one accepted, or
     * 4 × T1 after the change if one accepted (a dead replica is not waited for); while none has accepted, ask the
     * current replica set again every 4 × T1 (the table may have changed, a refusing replica may since have learnt
     * of this peer), and after {@link #REPLICA_GIVE_UP_T1} × T1 answer 408: the change is held here and may yet
     * be replicated by a push, but it was not confirmed twice (wire-format.md §4.9).
     *
     * @return 1 if it acted.
     */
    private int decide(final Held waiting, final long nowNs, final long nowMs)
    {
        if (waiting.accepted > 0 && (waiting.remaining == 0 || nowNs - waiting.startNs >= ackTimeoutNs))
        {
            if (waiting.remaining > 0)
            {
                counters.answersNotWaitingForReplicas++;
            }
            release(waiting, waiting.response);
            return 1;
        }
        if (waiting.accepted > 0)
        {
            return 0;
        }
        if (nowNs - waiting.startNs >= replicaGiveUpNs)
        {
            counters.answersWithoutReplica++;
            release(waiting, response(waiting.request, new StorageMessage.ErrorAnswer(
                waiting.response.body().method(), ResponseCode.REQUEST_TIMEOUT, "no replica accepted the change " +
                "within " + REPLICA_GIVE_UP_T1 + " x T1: held by the responsible peer alone, and may yet be " +
                "replicated (draft §7.3)", List.of())));
            return 1;
        }
        if (nowNs >= waiting.nextRetryNs)
        {
            counters.replicaRetries++;
            askReplicas(waiting, nowNs, nowMs);
            return 1;
        }
        return 0;
    }

    /** A replica STORE of what this peer holds at a resource, all kinds or the ones given, addressed to a peer. */
    /**
     * Replica STOREs of what this peer holds at a resource, all kinds or the ones given, addressed to a peer: as
     * many requests as it takes to keep each under {@link #REPLICA_BYTES_PER_REQUEST} of values, since a replica
     * merges value by value and a whole slot can pass the wire's 65,000-byte bounds (wire-format.md §4.4).
     *
     * @return the requests sent; 0 when nothing is held there any more.
     */
    private int sendReplica(
        final PeerId target, final PeerId resource, final List<Integer> types, final Held waiting, final long nowNs,
        final long nowMs)
    {
        int sent = 0;
        List<StoreTypeData> data = new ArrayList<>();
        long bytes = 0;
        final List<Slot> slots = store.slotsAt(resource, nowMs);
        long generation = -1;
        boolean whole = true;
        for (final Slot slot : slots)
        {
            generation = Math.max(generation, slot.generation());
            whole &= null == types || types.contains(slot.type());
        }
        for (final Slot slot : slots)
        {
            if (null != types && !types.contains(slot.type()))
            {
                continue;
            }
            List<StoredData> values = new ArrayList<>(slot.values().size());
            for (final HeldData value : slot.values())
            {
                final long size = DataStore.chargedBytes(value.data());
                if (bytes + size > REPLICA_BYTES_PER_REQUEST && (!values.isEmpty() || !data.isEmpty()))
                {
                    if (!values.isEmpty())
                    {
                        data.add(new StoreTypeData(slot.type(), 0, values));
                    }
                    sent += sendReplicaRequest(target, resource, data, waiting, -1, nowNs);
                    whole = false;
                    data = new ArrayList<>();
                    values = new ArrayList<>();
                    bytes = 0;
                }
                values.add(value.data());
                bytes += size;
            }
            if (!values.isEmpty())
            {
                data.add(new StoreTypeData(slot.type(), 0, values));
            }
        }
        if (!data.isEmpty())
        {
            sent += sendReplicaRequest(target, resource, data, waiting, whole && sent == 0 ? generation : -1, nowNs);
        }
        return sent; // 0: expired or removed meanwhile, nothing to copy
    }

    private int sendReplicaRequest(
        final PeerId target, final PeerId resource, final List<StoreTypeData> data, final Held waiting,
        final long generation, final long nowNs)
    {
        counters.replicasSent++;
        originate(target, new StorageMessage.StoreRequest(resource, data), null, waiting, resource, generation,
            nowNs);
        return 1;
    }

    private int sendRemove(
        final PeerId target, final StorageMessage.RemoveRequest remove, final Held waiting, final long nowNs)
    {
        counters.replicasSent++;
        originate(target, remove, null, waiting, null, -1, nowNs);
        return 1;
    }

    private void respond(final StorageMessage request, final Kept entry, final StorageMessage.Body answer)
    {
        final StorageMessage response = response(request, answer);
        entry.response = response;
        answer(response);
    }

    private StorageMessage response(final StorageMessage request, final StorageMessage.Body answer)
    {
        // draft §4.1.2.2: back along the via list.
        return new StorageMessage(request.reversedVia(), List.of(), request.ttl() > 0 ?
            io.relo.control.message.MessageBuilder.INITIAL_TTL : 0, request.transactionId(), answer);
    }

    private void answer(final StorageMessage response)
    {
        if (response.route().isEmpty())
        {
            onResponse(response); // this peer asked itself
            return;
        }
        transport.send(response);
    }

    private void release(final Held waiting, final StorageMessage response)
    {
        held.remove(waiting);
        waiting.kept.response = response;
        answer(response);
    }

    private static StorageMessage.ErrorAnswer error(
        final int method, final int code, final String reason, final List<StoreTypeResponse> generations)
    {
        return new StorageMessage.ErrorAnswer(method, code, reason,
            code == ResponseCode.PRECONDITION_FAILED ? generations : List.of());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Originating
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Originate a request to the peer responsible for its resource (draft §5.2); the reply comes once.
     *
     * @param body  a request body.
     * @param reply told the outcome.
     * @param nowNs the current time.
     */
    public void request(final StorageMessage.Body body, final StorageClient.Reply reply, final long nowNs)
    {
        final PeerId resource;
        if (body instanceof StorageMessage.StoreRequest r)
        {
            resource = r.resource();
        }
        else if (body instanceof StorageMessage.FetchRequest r)
        {
            resource = r.resource();
        }
        else if (body instanceof StorageMessage.RemoveRequest r)
        {
            resource = r.resource();
        }
        else if (body instanceof StorageMessage.FindRequest r)
        {
            resource = r.resource();
        }
        else
        {
            throw new IllegalArgumentException("not a storage request: " + body);
        }
        counters.requestsOriginated++;
        originate(resource, body, reply, null, null, -1, nowNs);
    }

    /**
     * Originate a FETCH addressed to one peer rather than to the resource's responsible peer: a replica answers from
     * what it holds (draft §7.3 addresses replicas by peer-id the same way). For checks and operators.
     *
     * @param peer    the peer asked.
     * @param request the FETCH.
     * @param reply   told the outcome.
     * @param nowNs   the current time.
     */
    public void fetchFrom(
        final PeerId peer, final StorageMessage.FetchRequest request, final StorageClient.Reply reply,
        final long nowNs)
    {
        counters.requestsOriginated++;
        originate(peer, request, reply, null, null, -1, nowNs);
    }

    private void originate(
        final PeerId destination, final StorageMessage.Body body, final StorageClient.Reply reply, final Held waiting,
        final PeerId resource, final long generation, final long nowNs)
    {
        originate(destination, body, reply, waiting, resource, generation, null, nowNs);
    }

    private void originate(
        final PeerId destination, final StorageMessage.Body body, final StorageClient.Reply reply, final Held waiting,
        final PeerId resource, final long generation, final Handoff handoff, final long nowNs)
    {
        long transactionId = random.nextLong();
        while (transactions.isPending(transactionId))
        {
            transactionId = random.nextLong();
        }
        final StorageMessage request = new StorageMessage(List.of(destination), List.of(),
            io.relo.control.message.MessageBuilder.INITIAL_TTL, transactionId, body);
        final Outgoing outgoing = new Outgoing(request, reply, waiting, null == reply ? destination : null, resource,
            generation, handoff);
        transactions.start(transactionId, outgoing, nowNs);
        if (null == reply)
        {
            pushesInFlight++;
        }
        transport.send(request);
    }

    private void onResponse(final StorageMessage response)
    {
        final Outgoing outgoing = transactions.complete(response.transactionId());
        if (null == outgoing)
        {
            counters.lateResponses++; // a duplicate, or after the timeout
            return;
        }
        onOutcome(outgoing, response.body(), response.via().size(), response.origin(self));
    }

    private void onOutcome(
        final Outgoing outgoing, final StorageMessage.Body answer, final int hops, final PeerId responder)
    {
        if (null != outgoing.reply())
        {
            outgoing.reply().onReply(answer, hops, responder);
            return;
        }
        pushesInFlight--;
        if (null != outgoing.handoff())
        {
            onHandoffOutcome(outgoing.handoff(), answer, lastNowMs);
            return;
        }
        final Push push = null == outgoing.held() && null != outgoing.resource() ?
            new Push(outgoing.target(), outgoing.resource()) : null;
        if (answer instanceof StorageMessage.ErrorAnswer error)
        {
            counters.replicaErrors++;
            if (error.code() == ResponseCode.FORBIDDEN)
            {
                counters.replicasRefusedByPeer++;
            }
            final int failures = null == push ? PUSH_RETRIES + 1 : pushFailures.merge(push, 1, Integer::sum);
            if (failures <= PUSH_RETRIES)
            {
                counters.pushRetries++;
                retries.add(new Retry(push, lastNowNs + (ackTimeoutNs << (failures - 1))));
            }
        }
        else
        {
            if (null != push)
            {
                pushFailures.remove(push);
            }
            if (outgoing.generation() >= 0 && roles().contains(outgoing.target()))
            {
                synced.computeIfAbsent(outgoing.target(), peer -> new HashMap<>()).put(outgoing.resource(),
                    outgoing.generation());
            }
        }
        final Held waiting = outgoing.held();
        if (null != waiting && held.contains(waiting))
        {
            waiting.remaining--;
            final Ask ask = waiting.targets.get(outgoing.target());
            ask.outstanding--;
            ask.refused |= answer instanceof StorageMessage.ErrorAnswer;
            if (ask.outstanding == 0 && !ask.refused && !ask.accepted)
            {
                ask.accepted = true;
                waiting.accepted++;
            }
            decide(waiting, lastNowNs, lastNowMs);
        }
    }

    /**
     * @return counters by name, for reports.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new LinkedHashMap<>(counters.snapshot());
        values.put("pushes queued", (long)pushes.size());
        values.put("answers waiting for replicas", (long)held.size());
        return values;
    }

    private static boolean inArc(final PeerId x, final PeerId startExclusive, final PeerId endInclusive)
    {
        return Ring.inArc(x.hi(), x.lo(), startExclusive.hi(), startExclusive.lo(), endInclusive.hi(),
            endInclusive.lo());
    }

    /**
     * @return when {@link #poll} next has work: now if pushes wait for the window, else the earliest timer.
     */
    public long nextWakeNs()
    {
        if (!pushes.isEmpty() && pushesInFlight < pushWindow)
        {
            return Long.MIN_VALUE;
        }
        long wake = Math.min(transactions.nextDueNs(), joined ? nextRepairNs : Long.MAX_VALUE);
        for (int i = 0; i < held.size(); i++)
        {
            final Held waiting = held.get(i);
            wake = Math.min(wake, waiting.accepted > 0 ? waiting.startNs + ackTimeoutNs :
                Math.min(waiting.nextRetryNs, waiting.startNs + replicaGiveUpNs));
        }
        if (!keptOrder.isEmpty())
        {
            wake = Math.min(wake, keptOrder.peekFirst().expiresNs);
        }
        if (!retries.isEmpty())
        {
            wake = Math.min(wake, retries.peek().dueNs());
        }
        return wake;
    }

}
