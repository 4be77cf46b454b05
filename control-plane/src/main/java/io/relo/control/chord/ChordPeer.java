package io.relo.control.chord;

import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.chord.ChordMessage.Body;
import io.relo.control.chord.ChordMessage.ErrorResponse;
import io.relo.control.chord.ChordMessage.JoinRequest;
import io.relo.control.chord.ChordMessage.JoinResponse;
import io.relo.control.chord.ChordMessage.LeaveRequest;
import io.relo.control.chord.ChordMessage.LeaveResponse;
import io.relo.control.chord.ChordMessage.PingRequest;
import io.relo.control.chord.ChordMessage.PingResponse;
import io.relo.control.chord.ChordMessage.UpdateRequest;
import io.relo.control.chord.ChordMessage.UpdateResponse;
import io.relo.control.message.TransactionTable;
import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One peer of the chord-128-2-8 overlay (draft §7) as a state machine: joining, UPDATE handling, stabilisation,
 * failure detection and leaving. It has no threads, sockets or clock, and it does not route: it is driven by
 * {@link #onMessage} (messages the forwarding layer delivered here), {@link #onLinkUp}, {@link #onLinkDown},
 * {@link #poll} and the calls of its owner, with the time given, and acts only through its {@link ChordTransport}.
 */
public final class ChordPeer
{
    /** Told the outcome of a {@link #lookup}. */
    public interface LookupCallback
    {
        /**
         * @param key         the id looked up.
         * @param responsible the peer that answered as responsible for it, or null on timeout or error.
         * @param hops        overlay hops the answer took (each hop adds one via entry), or -1 without answer.
         */
        void onResult(PeerId key, PeerId responsible, int hops);
    }

    private enum Purpose
    {
        FIND_SUCCESSOR, JOIN, UPDATE, PROBE, QUESTION, FINGER, LOOKUP, LEAVE, RING_CHECK
    }

    private record Pending(Purpose purpose, PeerId peer, int finger, LookupCallback callback, ChordMessage message)
    {
    }

    /** Most links kept before idle plain connections are pruned early; the forwarder holds 256. */
    private record Answered(PeerId origin, ChordMessage response, long atNs)
    {
    }

    /** Answers kept for retransmitted requests; a bound on memory when many peers ask at once. */
    private static final int ANSWERED_CAPACITY = 4096;

    private record ViewReply(long atNs, List<PeerId> predecessors, List<PeerId> successors)
    {
    }

    private static final int LINK_BUDGET = 200;

    private final PeerId self;
    private final ChordTransport transport;
    private final Random random;
    private final long updateIntervalNs;
    private final long fingerIntervalNs;
    private final NeighborTable neighbors;
    private final FingerTable fingers;
    private final TransactionTable<Pending> transactions;
    private final Set<PeerId> links = new HashSet<>();
    private final Map<PeerId, Long> lastUsedNs = new HashMap<>();
    private final Map<PeerId, ViewReply> viewReplies = new HashMap<>();
    private final Map<PeerId, Long> departedNs = new HashMap<>();
    private final long idleLinkNs;
    private final long transactionTimeoutNs;
    private final boolean retransmit;
    private final Map<Long, Answered> answeredRequests = new HashMap<>();
    private long retransmissionsAnswered;
    private final Set<PeerId> probing = new HashSet<>();
    /** Peers that qualified for the neighbour table and enter it when their link comes up (§7.5.2 case 2). */
    private final Set<PeerId> awaitingLink = new HashSet<>();
    private final Set<PeerId> questioning = new HashSet<>();
    private LongSupplier resourceCount = () -> 0;
    private int pruneAbove;
    private PeerId bootstrap;
    private PeerId joinVia;
    private boolean ringCheckWhenLinked;
    private boolean ringCheckOpenedLink;
    /** Closer peers whose PING was answered by another peer because no link to them was up yet: PINGed again then. */
    private final Set<PeerId> probeWhenLinked = new HashSet<>();
    private boolean founder;
    private boolean joined;
    private boolean joining;
    /** The PING n+1 of a join (draft §7.4) while it waits for an answer, or 0. */
    private long findSuccessorTransaction;
    private long fingersDueNs = Long.MAX_VALUE;
    private boolean left;
    private long nextJoinNs = Long.MAX_VALUE;
    private long nextUpdateNs = Long.MAX_VALUE;
    private long nextFingerNs = Long.MAX_VALUE;
    private long requestsSent;
    private PeerId publishedPredecessor;
    private Set<PeerId> publishedRouters = Set.of();
    /** The time of the call being handled, for timeouts reported from inside {@link TransactionTable#poll}. */
    private long currentNs;

    /**
     * @param self             this peer's id.
     * @param transport        links, sending and routing state.
     * @param random           for transaction ids and timer offsets; seed it for a reproducible run.
     * @param updateIntervalNs chord-128-2-8-update-frequency (draft §7.5.3).
     * @param fingerIntervalNs chord-128-2-8-ping-frequency (draft §7.5.3).
     * @param t1Ns             RFC 3261 T1; a request times out after 64 × T1 (draft §4.4).
     * @param retransmit       retransmit requests end to end (draft §4.4) because links are unreliable (UDP).
     * @param nowNs            the current time.
     */
    public ChordPeer(
        final PeerId self,
        final ChordTransport transport,
        final Random random,
        final long updateIntervalNs,
        final long fingerIntervalNs,
        final long t1Ns,
        final boolean retransmit,
        final long nowNs)
    {
        this(self, transport, random, updateIntervalNs, fingerIntervalNs, t1Ns, retransmit, FingerTable.SIZE, nowNs);
    }

    /**
     * A peer with a finger table of another size than the draft's 8, for the simulator's finger-count experiment.
     *
     * @param self             this peer's id.
     * @param transport        links, sending and routing state.
     * @param random           for transaction ids and timer offsets; seed it for a reproducible run.
     * @param updateIntervalNs chord-128-2-8-update-frequency (draft §7.5.3).
     * @param fingerIntervalNs chord-128-2-8-ping-frequency (draft §7.5.3).
     * @param t1Ns             RFC 3261 T1; a request times out after 64 × T1 (draft §4.4).
     * @param retransmit       retransmit requests end to end (draft §4.4) because links are unreliable (UDP).
     * @param fingerCount      finger table entries; {@link FingerTable#SIZE} is chord-128-2-8.
     * @param nowNs            the current time.
     */
    public ChordPeer(
        final PeerId self,
        final ChordTransport transport,
        final Random random,
        final long updateIntervalNs,
        final long fingerIntervalNs,
        final long t1Ns,
        final boolean retransmit,
        final int fingerCount,
        final long nowNs)
    {
        this.self = self;
        this.transport = transport;
        this.random = random;
        this.updateIntervalNs = updateIntervalNs;
        this.fingerIntervalNs = fingerIntervalNs;
        neighbors = new NeighborTable(self);
        fingers = new FingerTable(self, fingerCount);
        // A link that is no router may still carry a response until its request times out (64 × T1), and the
        // other end may hold this peer as a router and use the link at each of its UPDATEs.
        idleLinkNs = 64 * t1Ns + 2 * updateIntervalNs;
        transactionTimeoutNs = 64 * t1Ns;
        this.retransmit = retransmit;
        transactions = new TransactionTable<>(t1Ns, Math.max(t1Ns, TransactionTable.T2_DEFAULT_NS), retransmit,
            nowNs, new TransactionTable.Listener<>()
            {
                public void onRetransmit(final long transactionId, final Pending request)
                {
                    // draft §4.4: the same message, the same transaction id.
                    transport.send(request.message());
                }

                public void onTimeout(final long transactionId, final Pending request)
                {
                    onRequestTimeout(request, currentNs);
                }
            });
    }

    /**
     * @param resourceCount the number of resources this peer stores, reported as NUM-RESOURCES (draft §5.1.1.2).
     */
    public void resourceCount(final LongSupplier resourceCount)
    {
        this.resourceCount = resourceCount;
    }

    /**
     * Keep idle plain connections while there are at most this many links. Over links that close visibly (TLS, DTLS
     * close alerts) idle links can go at once (0, the default); over plaintext lab links the other end is not told,
     * so keeping them until the link table fills avoids requests into a link the other end has closed.
     *
     * @param links links kept before idle ones are pruned.
     */
    public void pruneIdleLinksAbove(final int links)
    {
        this.pruneAbove = links;
    }

    /**
     * Start: alone as the first peer of a new ring, or joining through a bootstrap peer that is linked already
     * (draft §7.4, §8.4).
     *
     * @param bootstrapPeer a linked peer of the overlay, or null to form a new ring.
     * @param nowNs         the current time.
     */
    public void start(final PeerId bootstrapPeer, final long nowNs)
    {
        currentNs = nowNs;
        bootstrap = bootstrapPeer;
        if (null == bootstrapPeer)
        {
            founder = true;
            joined = true;
            refreshRouting();
            scheduleStabilisation(nowNs);
        }
        else
        {
            join(bootstrapPeer, nowNs);
        }
    }

    /**
     * @return this peer's id.
     */
    public PeerId id()
    {
        return self;
    }

    /**
     * @return whether the admitting peer accepted this peer (or it formed the ring).
     */
    public boolean isJoined()
    {
        return joined;
    }

    /**
     * @return whether this peer has left.
     */
    public boolean hasLeft()
    {
        return left;
    }

    /**
     * @return a copy of the neighbour table.
     */
    public NeighborTable neighbors()
    {
        return neighbors.copy();
    }

    /**
     * @return the distinct finger peers.
     */
    public Set<PeerId> fingers()
    {
        return fingers.peers();
    }

    /**
     * @param i finger number, 1 to {@link #fingerCount()}.
     * @return the finger, or null while unknown.
     */
    public PeerId finger(final int i)
    {
        return fingers.get(i);
    }

    /**
     * @return finger table entries, 8 for chord-128-2-8.
     */
    public int fingerCount()
    {
        return fingers.size();
    }

    /**
     * @return the peers this one has links to.
     */
    public Set<PeerId> links()
    {
        return Set.copyOf(links);
    }

    /**
     * @return retransmitted requests answered again from the kept response rather than processed twice.
     */
    public long retransmissionsAnswered()
    {
        return retransmissionsAnswered;
    }

    /**
     * @return requests originated so far, retransmissions not counted.
     */
    public long requestsSent()
    {
        return requestsSent;
    }

    /**
     * @return the earliest time {@link #poll} has work, for owners that sleep in virtual time.
     */
    public long nextWakeNs()
    {
        if (left)
        {
            return Long.MAX_VALUE;
        }
        return Math.min(Math.min(Math.min(nextJoinNs, fingersDueNs), Math.min(nextUpdateNs, nextFingerNs)),
            transactions.nextDueNs());
    }

    /**
     * Find the peer responsible for an id by a PING routed over the overlay (draft §5.1.1).
     *
     * @param key      the id; the all-ones wildcard is answered by the first peer that receives it.
     * @param nowNs    the current time.
     * @param callback told the result.
     */
    public void lookup(final PeerId key, final long nowNs, final LookupCallback callback)
    {
        currentNs = nowNs;
        request(List.of(key), PingRequest.PLAIN, new Pending(Purpose.LOOKUP, key, 0, callback, null), nowNs);
    }

    /**
     * draft §7.6: tell every neighbour this peer is leaving; afterwards the peer ignores everything.
     *
     * @param nowNs the current time.
     */
    public void leave(final long nowNs)
    {
        currentNs = nowNs;
        for (final PeerId neighbor : neighbors.neighbors())
        {
            request(List.of(neighbor), new LeaveRequest(self), new Pending(Purpose.LEAVE, neighbor, 0, null, null),
                nowNs);
        }
        left = true;
    }

    /**
     * Fire due timers: request retransmissions and timeouts, periodic UPDATEs and finger PINGs, join retries.
     *
     * @param nowNs the current time.
     * @return number of actions taken.
     */
    public int poll(final long nowNs)
    {
        if (left)
        {
            return 0;
        }
        currentNs = nowNs;
        int work = transactions.poll(nowNs);
        if (nowNs >= nextJoinNs)
        {
            nextJoinNs = Long.MAX_VALUE;
            rejoin(nowNs);
            work++;
        }
        if (nowNs >= fingersDueNs)
        {
            // draft §7.4: find the fingers once the UPDATEs that follow the JOIN have placed this peer.
            fingersDueNs = Long.MAX_VALUE;
            for (int i = 1; i <= fingers.size(); i++)
            {
                pingFinger(i, nowNs);
            }
            work++;
        }
        if (nowNs >= nextUpdateNs)
        {
            // draft §7.5.3: UPDATE every peer of the routing table; a timeout is a failure (§7.5.1).
            nextUpdateNs = nowNs + jitter(updateIntervalNs);
            if (!answeredRequests.isEmpty())
            {
                forgetAnswered(nowNs, false);
            }
            final Set<PeerId> routers = routers();
            reconnect(routers);
            sendUpdates(routers, nowNs);
            pruneLinks(nowNs);
            work++;
        }
        if (nowNs >= nextFingerNs)
        {
            // draft §7.5.3: PING n + 2^(128-i) for a random finger i to find a better entry; a peer with no
            // fingers at all (the first of a ring, or one that lost them, §7.5.1) looks for every one.
            nextFingerNs = nowNs + jitter(fingerIntervalNs);
            if (fingers.isEmpty())
            {
                for (int i = 1; i <= fingers.size(); i++)
                {
                    pingFinger(i, nowNs);
                }
            }
            else
            {
                pingFinger(1 + random.nextInt(fingers.size()), nowNs);
            }
            checkRing(nowNs);
            work++;
        }
        return work;
    }

    /**
     * A ring that split (a partition) closes into two rings that the draft's messages never join again: each half's
     * tables are consistent on their own. So, at the finger interval, do again what joining did (draft §7.4): PING
     * n+1 through the bootstrap peer, which may now be in the other ring. An answer from a peer closer than this
     * peer's successor is a peer this ring lacks; it is CONNECTed and PINGed like any closer peer (§7.5.2 case 2), and
     * the UPDATEs that follow merge the rings. Within one ring the answer is the successor, and nothing happens.
     */
    private void checkRing(final long nowNs)
    {
        if (!joined || null == bootstrap || bootstrap.equals(self))
        {
            return;
        }
        if (!links.contains(bootstrap))
        {
            // routed before the link is up, the PING would stay in this ring; it goes when the link is up
            ringCheckWhenLinked = true;
            ringCheckOpenedLink = true;
            connect(bootstrap);
            return;
        }
        ringCheckWhenLinked = false;
        request(List.of(bootstrap, next(self)), PingRequest.PLAIN,
            new Pending(Purpose.RING_CHECK, bootstrap, 0, null, null), nowNs);
    }

    private static PeerId next(final PeerId id)
    {
        return new PeerId(id.lo() == -1L ? id.hi() + 1 : id.hi(), id.lo() + 1);
    }

    /**
     * A message the forwarding layer delivered to this peer: its route list is exhausted here (draft §4.1.2.3.2).
     *
     * @param message     the message; its via list ends with the previous hop.
     * @param destination the last route entry stripped on the way here: this peer's id, an id in its range, or
     *                    null when the route list arrived empty.
     * @param nowNs       the current time.
     */
    public void onMessage(final ChordMessage message, final PeerId destination, final long nowNs)
    {
        if (left)
        {
            return;
        }
        currentNs = nowNs;
        if (!message.via().isEmpty())
        {
            lastUsedNs.put(message.via().get(message.via().size() - 1), nowNs);
        }
        final Body body = message.body();
        if (body.isResponse())
        {
            final Pending pending = transactions.complete(message.transactionId());
            if (null != pending)
            {
                if (body instanceof ErrorResponse)
                {
                    onRequestTimeout(pending, nowNs);
                }
                else
                {
                    onResponse(pending, message, nowNs);
                }
            }
            return;
        }
        final PeerId origin = message.origin(self);
        final Answered answered = answeredRequests.get(message.transactionId());
        if (null != answered && answered.origin().equals(origin))
        {
            // draft §4.4, RFC 3261 §17.2: a retransmitted request gets the same response again and is not
            // processed twice (a JOIN or LEAVE must not be applied again).
            retransmissionsAnswered++;
            transport.send(answered.response());
            return;
        }
        if (!(body instanceof PingRequest) && null != destination && !destination.equals(self))
        {
            // draft §4.3, §7.2: only PING is answered for any id in range; JOIN, UPDATE and LEAVE name a peer, and
            // that peer is not here (it failed or left and this peer took over its range).
            respond(message, new ErrorResponse(methodOf(body), ResponseCode.NOT_FOUND,
                ResponseCode.reasonPhrase(ResponseCode.NOT_FOUND), new byte[0]), nowNs);
            return;
        }
        if (body instanceof PingRequest ping)
        {
            respond(message, pingResponse(ping), nowNs);
        }
        else if (body instanceof JoinRequest join)
        {
            respond(message, new JoinResponse(), nowNs);
            admit(join.joining(), nowNs);
        }
        else if (body instanceof UpdateRequest update)
        {
            respond(message, new UpdateResponse(), nowNs);
            onUpdate(origin, update.predecessors(), update.successors(), nowNs);
        }
        else if (body instanceof LeaveRequest leave)
        {
            respond(message, new LeaveResponse(), nowNs);
            // draft §7.6: remove the leaving peer and UPDATE the neighbours.
            departedNs.put(leave.leaving(), nowNs);
            remove(leave.leaving(), nowNs);
        }
    }

    /**
     * A link is up, formed by either end.
     *
     * @param peer  the other end.
     * @param nowNs the current time.
     */
    public void onLinkUp(final PeerId peer, final long nowNs)
    {
        currentNs = nowNs;
        if (!peer.equals(self) && links.add(peer))
        {
            lastUsedNs.put(peer, nowNs);
        }
        if (left)
        {
            return;
        }
        if (ringCheckWhenLinked && peer.equals(bootstrap))
        {
            checkRing(nowNs);
        }
        if (0 != findSuccessorTransaction && neighbors.neighbors().isEmpty() && !peer.equals(joinVia) &&
            !peer.equals(self))
        {
            askForView(peer, nowNs);
        }
        if (probeWhenLinked.remove(peer))
        {
            probe(peer, nowNs);
        }
        if (awaitingLink.remove(peer))
        {
            final NeighborTable before = neighbors.copy();
            if (neighbors.add(peer))
            {
                tableChanged(before, nowNs);
            }
        }
    }

    /**
     * A link went down: the peer is gone as far as this one can tell (draft §7.5.1).
     *
     * @param peer  the other end.
     * @param nowNs the current time.
     */
    public void onLinkDown(final PeerId peer, final long nowNs)
    {
        currentNs = nowNs;
        links.remove(peer);
        lastUsedNs.remove(peer);
        if (isRouter(peer))
        {
            remove(peer, nowNs);
        }
    }

    private static int methodOf(final Body request)
    {
        if (request instanceof JoinRequest)
        {
            return MethodCode.JOIN;
        }
        if (request instanceof LeaveRequest)
        {
            return MethodCode.LEAVE;
        }
        return request instanceof UpdateRequest ? MethodCode.UPDATE : MethodCode.PING;
    }

    private PingResponse pingResponse(final PingRequest ping)
    {
        long ppb = -1;
        if (ping.responsibleSet())
        {
            // draft §5.1.1.2: the share of the id space in (predecessor, self], in parts per billion.
            final PeerId predecessor = responsibilityStart();
            final double share = predecessor.equals(self) ? 1.0 : share(predecessor, self);
            ppb = Math.round(share * 1_000_000_000L);
        }
        return new PingResponse(random.nextLong(), ppb, ping.numResources() ? resourceCount.getAsLong() : -1);
    }

    /** The fraction of the ring in (from, to], modulo 2^128. */
    static double share(final PeerId from, final PeerId to)
    {
        final long hi = Ring.distanceHi(from.hi(), from.lo(), to.hi(), to.lo());
        final long lo = Ring.distanceLo(from.lo(), to.lo());
        return (unsigned(hi) + unsigned(lo) / 0x1p64) / 0x1p64;
    }

    private static double unsigned(final long value)
    {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }

    private void onResponse(final Pending pending, final ChordMessage message, final long nowNs)
    {
        final PeerId responder = message.origin(self);
        if ((pending.purpose() == Purpose.UPDATE || pending.purpose() == Purpose.JOIN ||
            pending.purpose() == Purpose.LEAVE) && !responder.equals(pending.peer()))
        {
            onRequestTimeout(pending, nowNs); // another peer answered for an absent one: as good as no answer
            return;
        }
        switch (pending.purpose())
        {
            case FIND_SUCCESSOR ->
            {
                // draft §7.4: the peer responsible for n+1 is the successor, the admitting peer; JOIN it.
                findSuccessorTransaction = 0;
                connect(responder);
                request(List.of(responder), new JoinRequest(self),
                    new Pending(Purpose.JOIN, responder, 0, null, null), nowNs);
            }
            case JOIN ->
            {
                joining = false;
                joined = true;
                scheduleStabilisation(nowNs);
                refreshRouting();
                // draft §7.4: find the fingers once the UPDATEs that follow the JOIN have placed this peer.
                fingersDueNs = nowNs + updateIntervalNs / 10;
            }
            case PROBE ->
            {
                probing.remove(pending.peer());
                if (!responder.equals(pending.peer()) && !links.contains(pending.peer()) &&
                    probeWhenLinked.size() < LINK_BUDGET)
                {
                    // routed through this ring before the link was up, and answered by the peer responsible for its
                    // id here (a peer of another ring after a partition): ask it again over the link
                    probeWhenLinked.add(pending.peer());
                }
                else if (responder.equals(pending.peer()))
                {
                    // draft §7.5.2 case 2: answering, so it enters the table once connected.
                    final NeighborTable before = neighbors.copy();
                    if (enterWhenLinked(responder))
                    {
                        tableChanged(before, nowNs);
                    }
                }
            }
            case QUESTION ->
            {
                questioning.remove(pending.peer());
                if (!responder.equals(pending.peer()))
                {
                    remove(pending.peer(), nowNs);
                }
            }
            case FINGER ->
            {
                // draft §7.5.3: a different answer replaces the entry, over a new connection.
                if (!responder.equals(self) && !responder.equals(fingers.get(pending.finger())))
                {
                    connect(responder);
                    fingers.set(pending.finger(), responder);
                    refreshRouting();
                }
            }
            case LOOKUP -> pending.callback().onResult(pending.peer(), responder, message.via().size());
            case RING_CHECK ->
            {
                if (!responder.equals(self) && !neighbors.contains(responder) && neighbors.wouldAdd(responder) &&
                    !departed(responder, nowNs))
                {
                    probe(responder, nowNs);
                }
                releaseBootstrap();
            }
            case UPDATE, LEAVE ->
            {
            }
        }
    }

    private void onRequestTimeout(final Pending pending, final long nowNs)
    {
        if (left)
        {
            return;
        }
        switch (pending.purpose())
        {
            case FIND_SUCCESSOR, JOIN ->
            {
                findSuccessorTransaction = 0;
                joining = false;
                nextJoinNs = nowNs + jitter(updateIntervalNs);
            }
            // draft §7.5.1, §7.5.2 case 3, §7.5.3: no answer means the peer is gone.
            case UPDATE -> remove(pending.peer(), nowNs);
            case QUESTION ->
            {
                questioning.remove(pending.peer());
                remove(pending.peer(), nowNs);
            }
            case PROBE ->
            {
                probing.remove(pending.peer());
                if (!isRouter(pending.peer()))
                {
                    disconnect(pending.peer());
                }
            }
            case LOOKUP -> pending.callback().onResult(pending.peer(), null, -1);
            case RING_CHECK -> releaseBootstrap();
            case FINGER, LEAVE ->
            {
            }
        }
    }

    /**
     * A link the ring check opened to the bootstrap peer is closed again unless that peer has become a router:
     * bootstrap peers would otherwise hold a link to every peer they ever admitted. A link that was there before
     * stays, since the other end may route over it.
     */
    private void releaseBootstrap()
    {
        if (!ringCheckOpenedLink)
        {
            return;
        }
        ringCheckOpenedLink = false;
        // over links that close silently (pruneIdleLinksAbove) the link stays, as any idle link does
        if (null != bootstrap && links.size() > pruneAbove && !isRouter(bootstrap) && !probing.contains(bootstrap) &&
            !questioning.contains(bootstrap) && !awaitingLink.contains(bootstrap))
        {
            disconnect(bootstrap);
        }
    }

    /** draft §7.4: the admitting peer enters the joining one, names it as predecessor and tells its neighbours. */
    private void admit(final PeerId joiningPeer, final long nowNs)
    {
        final NeighborTable before = neighbors.copy();
        connect(joiningPeer);
        neighbors.add(joiningPeer);
        refreshRouting();
        final Set<PeerId> targets = new LinkedHashSet<>(before.neighbors());
        targets.addAll(neighbors.neighbors());
        targets.add(joiningPeer);
        sendUpdates(targets, nowNs);
    }

    /**
     * draft §7.4, §8.4: a peer that restarts links to its cached peers besides its bootstrap peer; they are its
     * former neighbours and fingers, and the ring still lists it. Its empty view in an UPDATE makes each answer with
     * an UPDATE of its own (answerStaleView), so this peer takes its neighbours from them at once, rather than after
     * their next periodic UPDATE, and its PING n+1 can then get past its own stale entry (findSuccessorAgain). The
     * bootstrap peer is not asked: its neighbours are none of this peer's unless it is a cached peer too, and a peer
     * joining for the first time links to nothing else.
     */
    private void askForView(final PeerId peer, final long nowNs)
    {
        sendUpdates(Set.of(peer), nowNs);
    }

    /** draft §7.5.2: the three cases of a received UPDATE, decided by {@link UpdateRule}. */
    private void onUpdate(
        final PeerId sender, final List<PeerId> predecessors, final List<PeerId> successors, final long nowNs)
    {
        if (departed(sender, nowNs))
        {
            return;
        }
        final UpdateRule.Decision decision = UpdateRule.examine(neighbors, sender, withoutDeparted(predecessors, nowNs),
            withoutDeparted(successors, nowNs));
        for (final PeerId peer : decision.questionable())
        {
            if (questioning.add(peer))
            {
                request(List.of(peer), PingRequest.PLAIN, new Pending(Purpose.QUESTION, peer, 0, null, null), nowNs);
            }
        }
        takeCloser(sender, decision, nowNs);
        answerStaleView(sender, predecessors, successors, nowNs);
    }

    /**
     * The UPDATE's sender lacks neighbours this peer knows: tell it with an UPDATE of this peer's own. An UPDATE
     * only goes to the neighbours of its sender (draft §7.5.2), so without this a peer whose successor has a closer
     * predecessor (a peer joined in between, or its successors all failed, §7.5.1) would never hear of it; this is
     * Chord's stabilise carried by the draft's own UPDATE. A peer that repeats the same view is answered once per
     * update interval, so that two peers whose views differ cannot loop; a changed view is answered at once.
     */
    private void answerStaleView(
        final PeerId sender, final List<PeerId> predecessors, final List<PeerId> successors, final long nowNs)
    {
        final NeighborTable view = new NeighborTable(sender);
        predecessors.forEach(view::add);
        successors.forEach(view::add);
        final UpdateRule.Decision forSender = UpdateRule.examine(view, self, neighbors.predecessors(),
            neighbors.successors());
        if (forSender.closer().isEmpty())
        {
            return;
        }
        final ViewReply last = viewReplies.get(sender);
        if (null == last || nowNs - last.atNs() >= updateIntervalNs || !last.predecessors().equals(predecessors) ||
            !last.successors().equals(successors))
        {
            viewReplies.put(sender, new ViewReply(nowNs, predecessors, successors));
            sendUpdates(Set.of(sender), nowNs);
        }
    }

    /**
     * A peer that said LEAVE stays out for two update intervals: UPDATEs sent before its LEAVE reached their senders
     * still name it, and re-entering it would only wait for a timeout (draft §7.6).
     */
    private boolean departed(final PeerId peer, final long nowNs)
    {
        final Long at = departedNs.get(peer);
        if (null != at && nowNs - at > 2 * updateIntervalNs)
        {
            departedNs.remove(peer);
            return false;
        }
        return null != at;
    }

    private List<PeerId> withoutDeparted(final List<PeerId> peers, final long nowNs)
    {
        if (departedNs.isEmpty())
        {
            return peers;
        }
        final List<PeerId> kept = new ArrayList<>(peers.size());
        for (final PeerId peer : peers)
        {
            if (!departed(peer, nowNs))
            {
                kept.add(peer);
            }
        }
        return kept;
    }

    /** draft §7.5.1, §7.6: drop a failed or leaving peer, UPDATE the remaining neighbours, rejoin if cut off. */
    private void remove(final PeerId peer, final long nowNs)
    {
        awaitingLink.remove(peer);
        probeWhenLinked.remove(peer);
        final NeighborTable before = neighbors.copy();
        final boolean neighborChanged = neighbors.remove(peer);
        final boolean fingerChanged = fingers.remove(peer);
        disconnect(peer);
        viewReplies.remove(peer);
        if (neighborChanged)
        {
            tableChanged(before, nowNs);
        }
        else if (fingerChanged)
        {
            refreshRouting();
        }
        if (neighbors.successorCount() == 0 && before.successorCount() > 0)
        {
            // draft §7.5.1: every successor is lost. The fingers answer an UPDATE with their own neighbours when they
            // know closer ones (answerStaleView); meanwhile behave as if joining.
            sendUpdates(fingers.peers(), nowNs);
            if (joined)
            {
                joined = false;
                nextJoinNs = nowNs;
            }
        }
    }

    /** draft §7.5.2: after a change, UPDATE each neighbour of the old or the new table. */
    private void tableChanged(final NeighborTable before, final long nowNs)
    {
        refreshRouting();
        if (0 != findSuccessorTransaction && !before.successor().equals(neighbors.successor()))
        {
            findSuccessorAgain(nowNs);
        }
        final Set<PeerId> targets = new LinkedHashSet<>(before.neighbors());
        targets.addAll(neighbors.neighbors());
        targets.remove(self);
        sendUpdates(targets, nowNs);
    }

    private void sendUpdates(final Set<PeerId> targets, final long nowNs)
    {
        for (final PeerId peer : targets)
        {
            request(List.of(peer), new UpdateRequest(neighbors.predecessors(), neighbors.successors()),
                new Pending(Purpose.UPDATE, peer, 0, null, null), nowNs);
        }
    }

    /**
     * draft §7.5.2 case 2: CONNECT to closer peers and add them once they answer; the peer that sent the view just
     * reached this one over the overlay, so it enters at once.
     */
    private void takeCloser(final PeerId sender, final UpdateRule.Decision decision, final long nowNs)
    {
        final NeighborTable before = neighbors.copy();
        boolean changed = false;
        for (final PeerId peer : decision.closer())
        {
            if (peer.equals(sender))
            {
                // it just reached this peer; it enters once the link to it is up (below, and onLinkUp)
                changed |= enterWhenLinked(peer);
            }
            else
            {
                probe(peer, nowNs);
            }
        }
        if (changed)
        {
            tableChanged(before, nowNs);
        }
    }

    /**
     * draft §7.5.2 case 2: "N MUST attempt to CONNECT to the new peers and if it is successful it MUST adjust its
     * neighbor set". A neighbour without a link would be a router the forwarder cannot use, and keys just past this
     * peer would go to the next linked successor and loop back; so a peer enters only once its link is up.
     *
     * @return whether the table changed now.
     */
    private boolean enterWhenLinked(final PeerId peer)
    {
        if (links.contains(peer))
        {
            awaitingLink.remove(peer);
            return neighbors.add(peer);
        }
        awaitingLink.add(peer);
        connect(peer);
        return false;
    }

    private void probe(final PeerId peer, final long nowNs)
    {
        if (probing.add(peer))
        {
            connect(peer);
            request(List.of(peer), PingRequest.PLAIN, new Pending(Purpose.PROBE, peer, 0, null, null), nowNs);
        }
    }

    private void pingFinger(final int i, final long nowNs)
    {
        final PeerId target = fingers.target(i);
        if (!neighbors.isResponsible(target))
        {
            request(List.of(target), PingRequest.PLAIN, new Pending(Purpose.FINGER, target, i, null, null), nowNs);
        }
    }

    private void join(final PeerId via, final long nowNs)
    {
        // draft §7.4: PING n+1 through the bootstrap peer finds the successor; until this peer is placed, it
        // routes everything through that peer (refreshRouting).
        joining = true;
        joinVia = via;
        connect(via);
        refreshRouting();
        final PeerId next = next(self);
        findSuccessorTransaction = request(List.of(via, next), PingRequest.PLAIN,
            new Pending(Purpose.FIND_SUCCESSOR, next, 0, null, null), nowNs);
    }

    /**
     * draft §7.4 after a restart with the same id: the ring still lists this peer, so the PING n+1 through the
     * bootstrap peer reaches the peers that hold the old incarnation as a router, which pass it back here, and this
     * peer, not yet placed, sends it back through its bootstrap peer until its TTL runs out; every retransmission
     * takes the same path. Once an UPDATE from a neighbour of the old incarnation has given this peer a successor,
     * the PING goes through it, so ask again at once, and again whenever a closer successor enters, rather than
     * after the next retransmission or the 64 × T1 timeout.
     */
    private void findSuccessorAgain(final long nowNs)
    {
        transactions.complete(findSuccessorTransaction);
        final PeerId next = next(self);
        findSuccessorTransaction = request(List.of(next), PingRequest.PLAIN,
            new Pending(Purpose.FIND_SUCCESSOR, next, 0, null, null), nowNs);
    }

    private void rejoin(final long nowNs)
    {
        if (joined || joining)
        {
            return;
        }
        PeerId via = null;
        for (final PeerId candidate : neighbors.predecessors())
        {
            if (links.contains(candidate))
            {
                via = candidate;
                break;
            }
        }
        if (null == via)
        {
            for (final PeerId candidate : fingers.peers())
            {
                if (links.contains(candidate))
                {
                    via = candidate;
                    break;
                }
            }
        }
        via = null == via ? bootstrap : via;
        if (null == via || via.equals(self))
        {
            founder = true;
            joined = true; // alone: the ring is this peer
            refreshRouting();
            scheduleStabilisation(nowNs);
            return;
        }
        join(via, nowNs);
    }

    private long request(final List<PeerId> route, final Body body, final Pending pending, final long nowNs)
    {
        long transactionId = random.nextLong();
        while (transactions.isPending(transactionId))
        {
            transactionId = random.nextLong();
        }
        final ChordMessage message = new ChordMessage(route, List.of(), ChordMessage.INITIAL_TTL, transactionId,
            body);
        transactions.start(transactionId, new Pending(pending.purpose(), pending.peer(), pending.finger(),
            pending.callback(), message), nowNs);
        requestsSent++;
        final PeerId first = route.get(0);
        if (links.contains(first))
        {
            lastUsedNs.put(first, nowNs);
        }
        transport.send(message);
        return transactionId;
    }

    private void respond(final ChordMessage request, final Body body, final long nowNs)
    {
        // draft §4.1.2.2: the response retraces the request's via list backwards, with the same transaction id.
        final ChordMessage response = new ChordMessage(ChordMessage.reversed(request.via()), List.of(),
            ChordMessage.INITIAL_TTL, request.transactionId(), body);
        if (retransmit)
        {
            // kept while the requester may still retransmit: 64 × T1 (draft §4.4)
            answeredRequests.put(request.transactionId(), new Answered(request.origin(self), response, nowNs));
            if (answeredRequests.size() > ANSWERED_CAPACITY)
            {
                forgetAnswered(nowNs, true);
            }
        }
        transport.send(response);
    }

    /** Drop answers older than 64 × T1; when over capacity, the oldest half goes regardless. */
    private void forgetAnswered(final long nowNs, final boolean overCapacity)
    {
        final long horizon = overCapacity ? nowNs - transactionTimeoutNs / 2 : nowNs - transactionTimeoutNs;
        answeredRequests.values().removeIf(a -> a.atNs() < horizon);
        if (answeredRequests.size() > ANSWERED_CAPACITY)
        {
            answeredRequests.clear();
        }
    }

    private void scheduleStabilisation(final long nowNs)
    {
        // draft §7.5.3: random offsets so that peers do not all UPDATE at once.
        if (nextUpdateNs == Long.MAX_VALUE)
        {
            nextUpdateNs = nowNs + jitter(updateIntervalNs);
        }
        if (nextFingerNs == Long.MAX_VALUE)
        {
            nextFingerNs = nowNs + jitter(fingerIntervalNs);
        }
    }

    private long jitter(final long intervalNs)
    {
        return intervalNs / 2 + (long)(random.nextDouble() * intervalNs);
    }

    /** Drop links that are neither neighbours nor fingers nor being tried, once idle (the connection table). */
    private void pruneLinks(final long nowNs)
    {
        if (links.size() <= pruneAbove)
        {
            return;
        }
        final long idle = links.size() > LINK_BUDGET ? idleLinkNs / 4 : idleLinkNs;
        // A HashSet's order follows its history, so it is the same in every run; Set.copyOf's order is salted per
        // JVM, and the order of the disconnects draws the model's random numbers.
        for (final PeerId peer : new ArrayList<>(links))
        {
            final Long used = lastUsedNs.get(peer);
            if (!isRouter(peer) && !(joining && peer.equals(joinVia)) && !probing.contains(peer) &&
                !questioning.contains(peer) &&
                (null == used || nowNs - used > idle))
            {
                disconnect(peer);
            }
        }
    }

    /**
     * draft §7.5: "A peer MUST maintain an association (via CONNECT) to every member of its neighbor set". A peer
     * enters the tables once it answers over the overlay, even if the CONNECT to it was refused (the other end's
     * link table was full), and the forwarder routes only over links; so CONNECT again to each router without one.
     */
    private void reconnect(final Set<PeerId> routers)
    {
        for (final PeerId router : routers)
        {
            connect(router);
        }
    }

    private void connect(final PeerId peer)
    {
        if (!peer.equals(self) && !links.contains(peer))
        {
            transport.connect(peer);
        }
    }

    private void disconnect(final PeerId peer)
    {
        lastUsedNs.remove(peer);
        if (links.remove(peer))
        {
            transport.disconnect(peer);
        }
    }

    private boolean isRouter(final PeerId peer)
    {
        return neighbors.contains(peer) || fingers.contains(peer);
    }

    private Set<PeerId> routers()
    {
        final Set<PeerId> routers = new LinkedHashSet<>(neighbors.neighbors());
        routers.addAll(fingers.peers());
        return routers;
    }

    /**
     * draft §7.1: responsible for (predecessor, self]. Without predecessors a peer of the ring takes the whole ring
     * (the first peer, or one whose predecessors all failed), but a peer not yet placed answers only for its own id,
     * so that it does not swallow what it must pass on to its bootstrap peer.
     */
    private PeerId responsibilityStart()
    {
        if (neighbors.predecessorCount() > 0)
        {
            return neighbors.predecessor();
        }
        if (joined && (founder || neighbors.successorCount() > 0))
        {
            return self;
        }
        return self.previous();
    }

    /** Publish responsibility and the routers (neighbours and fingers) for the next-hop rule of draft §7.2. */
    private void refreshRouting()
    {
        final PeerId predecessor = responsibilityStart();
        final Set<PeerId> routers = routers();
        if (neighbors.neighbors().isEmpty() && null != joinVia)
        {
            routers.add(joinVia); // draft §7.4: until placed, everything goes through the bootstrap peer
        }
        if (!predecessor.equals(publishedPredecessor) || !routers.equals(publishedRouters))
        {
            publishedPredecessor = predecessor;
            publishedRouters = Set.copyOf(routers);
            transport.routing(predecessor, publishedRouters);
        }
    }
}
