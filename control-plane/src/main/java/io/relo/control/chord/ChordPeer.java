package io.relo.control.chord;

import io.relo.control.chord.ChordMessage.Body;
import io.relo.control.chord.ChordMessage.JoinRequest;
import io.relo.control.chord.ChordMessage.JoinResponse;
import io.relo.control.chord.ChordMessage.LeaveRequest;
import io.relo.control.chord.ChordMessage.LeaveResponse;
import io.relo.control.chord.ChordMessage.PingRequest;
import io.relo.control.chord.ChordMessage.PingResponse;
import io.relo.control.chord.ChordMessage.UpdateRequest;
import io.relo.control.chord.ChordMessage.UpdateResponse;
import io.relo.control.message.TransactionTable;
import io.relo.fastpath.RoutingTable;
import io.relo.fastpath.ring.PeerId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One peer of the chord-128-2-8 overlay (draft §7) as a state machine: joining, UPDATE handling, stabilisation,
 * failure detection and leaving. It has no threads, sockets or clock: it is driven by {@link #onMessage},
 * {@link #poll} and the calls of its owner, with the time given, and acts only through its {@link ChordTransport}.
 */
public final class ChordPeer
{
    /** Told the outcome of a {@link #lookup}. */
    public interface LookupCallback
    {
        /**
         * @param key         the id looked up.
         * @param responsible the peer that answered as responsible for it, or null on timeout.
         */
        void onResult(PeerId key, PeerId responsible);
    }

    private enum Purpose
    {
        FIND_SUCCESSOR, JOIN, UPDATE, PROBE, QUESTION, FINGER, LEARN, LOOKUP, LEAVE
    }

    private record Pending(Purpose purpose, PeerId peer, int finger, LookupCallback callback)
    {
    }

    private static final int LINK_CAPACITY = 256;

    private final PeerId self;
    private final ChordTransport transport;
    private final Random random;
    private final long updateIntervalNs;
    private final long fingerIntervalNs;
    private final NeighborTable neighbors;
    private final FingerTable fingers;
    private final RoutingTable routing = new RoutingTable(LINK_CAPACITY);
    private final TransactionTable<Pending> transactions;
    private final Map<PeerId, Integer> linkByPeer = new HashMap<>();
    private final Map<Integer, PeerId> peerByLink = new HashMap<>();
    private final Map<PeerId, Long> lastUsedNs = new HashMap<>();
    private final long idleLinkNs;
    private final Set<PeerId> probing = new HashSet<>();
    private final Set<PeerId> questioning = new HashSet<>();
    private int nextLinkId;
    private PeerId bootstrap;
    private boolean joined;
    private boolean joining;
    private long fingersDueNs = Long.MAX_VALUE;
    private boolean left;
    private long nextJoinNs = Long.MAX_VALUE;
    private long nextUpdateNs = Long.MAX_VALUE;
    private long nextFingerNs = Long.MAX_VALUE;
    /** The time of the call being handled, for timeouts reported from inside {@link TransactionTable#poll}. */
    private long currentNs;

    /**
     * @param self             this peer's id.
     * @param transport        links and sending.
     * @param random           for transaction ids and timer offsets; seed it for a reproducible run.
     * @param updateIntervalNs chord-128-2-8-update-frequency (draft §7.5.3).
     * @param fingerIntervalNs chord-128-2-8-ping-frequency (draft §7.5.3).
     * @param t1Ns             RFC 3261 T1; a request times out after 64 × T1 (draft §4.4).
     * @param nowNs            the current time.
     */
    public ChordPeer(
        final PeerId self,
        final ChordTransport transport,
        final Random random,
        final long updateIntervalNs,
        final long fingerIntervalNs,
        final long t1Ns,
        final long nowNs)
    {
        this.self = self;
        this.transport = transport;
        this.random = random;
        this.updateIntervalNs = updateIntervalNs;
        this.fingerIntervalNs = fingerIntervalNs;
        neighbors = new NeighborTable(self);
        // A link that is no router may still carry a response until its request times out (64 × T1), and the
        // other end may hold this peer as a router and use the link at each of its UPDATEs.
        idleLinkNs = 64 * t1Ns + 2 * updateIntervalNs;
        fingers = new FingerTable(self);
        // Links are reliable (TLS in the draft), so only the 64 × T1 timeout applies, no retransmission.
        transactions = new TransactionTable<>(t1Ns, t1Ns, false, nowNs, new TransactionTable.Listener<>()
        {
            public void onRetransmit(final long transactionId, final Pending request)
            {
            }

            public void onTimeout(final long transactionId, final Pending request)
            {
                onRequestTimeout(request, currentNs);
            }
        });
        routing.local(self.hi(), self.lo(), self.hi(), self.lo());
    }

    /**
     * Start: alone as the first peer of a new ring, or joining through a bootstrap peer (draft §7.4, §8.4).
     *
     * @param bootstrapPeer a peer of the overlay, or null to form a new ring.
     * @param nowNs         the current time.
     */
    public void start(final PeerId bootstrapPeer, final long nowNs)
    {
        currentNs = nowNs;
        bootstrap = bootstrapPeer;
        if (null == bootstrapPeer)
        {
            joined = true;
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
     * @return the peers this one has links to.
     */
    public Set<PeerId> links()
    {
        return Set.copyOf(linkByPeer.keySet());
    }

    /**
     * Find the peer responsible for an id by a PING routed over the overlay.
     *
     * @param key      the id.
     * @param nowNs    the current time.
     * @param callback told the result.
     */
    public void lookup(final PeerId key, final long nowNs, final LookupCallback callback)
    {
        currentNs = nowNs;
        request(List.of(key), new PingRequest(), new Pending(Purpose.LOOKUP, key, 0, callback), nowNs);
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
            request(List.of(neighbor), new LeaveRequest(self), new Pending(Purpose.LEAVE, neighbor, 0, null), nowNs);
        }
        left = true;
    }

    /**
     * Fire due timers: request timeouts, periodic UPDATEs and finger PINGs, join retries.
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
            for (int i = 1; i <= FingerTable.SIZE; i++)
            {
                pingFinger(i, nowNs);
            }
            work++;
        }
        if (nowNs >= nextUpdateNs)
        {
            // draft §7.5.3: UPDATE every peer of the routing table; a timeout is a failure (§7.5.1).
            nextUpdateNs = nowNs + jitter(updateIntervalNs);
            final Set<PeerId> routers = new LinkedHashSet<>(neighbors.neighbors());
            routers.addAll(fingers.peers());
            sendUpdates(routers, nowNs);
            stabilise(nowNs);
            pruneLinks(nowNs);
            work++;
        }
        if (nowNs >= nextFingerNs)
        {
            // draft §7.5.3: PING n + 2^(128-i) for a random finger i to find a better entry; a peer with no
            // fingers at all (the first of a ring, or one that lost them, §7.5.1) looks for every one.
            nextFingerNs = nowNs + jitter(fingerIntervalNs);
            if (fingers.peers().isEmpty())
            {
                for (int i = 1; i <= FingerTable.SIZE; i++)
                {
                    pingFinger(i, nowNs);
                }
            }
            else
            {
                pingFinger(1 + random.nextInt(FingerTable.SIZE), nowNs);
            }
            work++;
        }
        return work;
    }

    /**
     * A message arrived over the link from a peer.
     *
     * @param from    the previous hop.
     * @param message the message.
     * @param nowNs   the current time.
     */
    public void onMessage(final PeerId from, final ChordMessage message, final long nowNs)
    {
        if (left)
        {
            return;
        }
        currentNs = nowNs;
        // The message came over a link, so the link exists on this side too.
        link(from);
        lastUsedNs.put(from, nowNs);
        handle(from, message, nowNs);
    }

    /**
     * The peer at the other end dropped a link.
     *
     * @param peer the other end.
     * @param nowNs the current time.
     */
    public void onLinkDown(final PeerId peer, final long nowNs)
    {
        currentNs = nowNs;
        unlink(peer);
    }

    private void handle(final PeerId from, final ChordMessage message, final long nowNs)
    {
        List<PeerId> route = message.route();
        while (!route.isEmpty() && route.get(0).equals(self))
        {
            route = route.subList(1, route.size());
        }
        final ChordMessage here = message.nextHop(route, from);
        if (route.isEmpty())
        {
            deliver(here, nowNs);
            return;
        }
        final PeerId destination = route.get(0);
        if (linkByPeer.containsKey(destination))
        {
            if (here.ttl() > 0)
            {
                send(destination, here, nowNs);
            }
            return;
        }
        if (route.size() == 1 && !message.body().isResponse() && neighbors.isResponsible(destination) &&
            (message.body() instanceof PingRequest || destination.equals(self)))
        {
            // draft §7.1, §7.2: PING is answered by the peer responsible for the id; other requests name a peer.
            deliver(here, nowNs);
            return;
        }
        if (route.size() == 1 && !message.body().isResponse() && neighbors.isResponsible(destination))
        {
            return; // addressed to a peer that is not here (404); the requester times out
        }
        if (here.ttl() <= 0)
        {
            return;
        }
        final int link = routing.nextHop(destination.hi(), destination.lo());
        if (RoutingTable.NO_ROUTE == link)
        {
            return;
        }
        send(peerByLink.get(link), here, nowNs);
    }

    private void send(final PeerId nextHop, final ChordMessage message, final long nowNs)
    {
        lastUsedNs.put(nextHop, nowNs);
        transport.send(nextHop, message);
    }

    /** Drop links that are neither neighbours nor fingers nor being tried, once idle (the connection table). */
    private void pruneLinks(final long nowNs)
    {
        for (final PeerId peer : Set.copyOf(linkByPeer.keySet()))
        {
            final Long used = lastUsedNs.get(peer);
            if (!isRouter(peer) && !probing.contains(peer) && !questioning.contains(peer) &&
                (null == used || nowNs - used > idleLinkNs))
            {
                disconnect(peer);
            }
        }
    }

    private void deliver(final ChordMessage message, final long nowNs)
    {
        final Body body = message.body();
        if (body.isResponse())
        {
            final Pending pending = transactions.complete(message.transactionId());
            if (null != pending)
            {
                onResponse(pending, message.origin(), body, nowNs);
            }
            return;
        }
        final PeerId origin = message.origin();
        if (body instanceof PingRequest)
        {
            respond(message, new PingResponse(self, neighbors.predecessors(), neighbors.successors()), nowNs);
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
            remove(leave.leaving(), nowNs);
        }
    }

    private void onResponse(final Pending pending, final PeerId responder, final Body body, final long nowNs)
    {
        switch (pending.purpose())
        {
            case FIND_SUCCESSOR ->
            {
                // draft §7.4: the peer responsible for n+1 is the successor, the admitting peer; JOIN it.
                connect(responder);
                request(List.of(responder), new JoinRequest(self),
                    new Pending(Purpose.JOIN, responder, 0, null), nowNs);
            }
            case JOIN ->
            {
                joining = false;
                joined = true;
                scheduleStabilisation(nowNs);
                // draft §7.4: find the fingers once the UPDATEs that follow the JOIN have placed this peer.
                fingersDueNs = nowNs + updateIntervalNs / 10;
            }
            case PROBE ->
            {
                probing.remove(pending.peer());
                if (responder.equals(pending.peer()))
                {
                    // draft §7.5.2 case 2: connected and answering, so it enters the table.
                    final NeighborTable before = neighbors.copy();
                    if (neighbors.add(responder))
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
            case LEARN ->
            {
                if (responder.equals(pending.peer()))
                {
                    learn(responder, (PingResponse)body, nowNs);
                }
            }
            case LOOKUP -> pending.callback().onResult(pending.peer(), responder);
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
                if (!neighbors.contains(pending.peer()) && !fingers.peers().contains(pending.peer()))
                {
                    disconnect(pending.peer());
                }
            }
            case LOOKUP -> pending.callback().onResult(pending.peer(), null);
            case FINGER, LEARN, LEAVE ->
            {
            }
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

    /** draft §7.5.2: the three cases of a received UPDATE, decided by {@link UpdateRule}. */
    private void onUpdate(
        final PeerId sender, final List<PeerId> predecessors, final List<PeerId> successors, final long nowNs)
    {
        final UpdateRule.Decision decision = UpdateRule.examine(neighbors, sender, predecessors, successors);
        for (final PeerId peer : decision.questionable())
        {
            if (questioning.add(peer))
            {
                request(List.of(peer), new PingRequest(), new Pending(Purpose.QUESTION, peer, 0, null), nowNs);
            }
        }
        takeCloser(sender, decision, nowNs);
    }

    /** draft §7.5.1, §7.6: drop a failed or leaving peer, UPDATE the remaining neighbours, rejoin if cut off. */
    private void remove(final PeerId peer, final long nowNs)
    {
        final NeighborTable before = neighbors.copy();
        final boolean neighborChanged = neighbors.remove(peer);
        final boolean fingerChanged = fingers.remove(peer);
        disconnect(peer);
        if (neighborChanged)
        {
            tableChanged(before, nowNs);
        }
        else if (fingerChanged)
        {
            refreshRouting();
        }
        // draft §7.5.1: with every successor lost, behave as if joining.
        if (before.successors().contains(peer))
        {
            learnSuccessors(nowNs);
        }
        if (joined && neighbors.successorCount() == 0 && before.successorCount() > 0)
        {
            joined = false;
            nextJoinNs = nowNs;
        }
    }

    /** draft §7.5.2: after a change, UPDATE each neighbour of the old or the new table. */
    private void tableChanged(final NeighborTable before, final long nowNs)
    {
        refreshRouting();
        final Set<PeerId> targets = new LinkedHashSet<>(before.neighbors());
        targets.addAll(neighbors.neighbors());
        targets.removeIf(p -> !linkByPeer.containsKey(p));
        sendUpdates(targets, nowNs);
    }

    private void sendUpdates(final Set<PeerId> targets, final long nowNs)
    {
        for (final PeerId peer : targets)
        {
            connect(peer);
            request(List.of(peer), new UpdateRequest(neighbors.predecessors(), neighbors.successors()),
                new Pending(Purpose.UPDATE, peer, 0, null), nowNs);
        }
    }

    /**
     * A successor is gone. Its own successors may all be gone too, leaving a gap that routing cannot cross, since
     * every lookup into it comes back to this peer. The fingers and remaining successors are linked: PING them
     * directly and take closer peers from the neighbour sets they answer with, as the joining peer of draft §7.4
     * does with its PINGs.
     */
    private void learnSuccessors(final long nowNs)
    {
        final Set<PeerId> sources = new LinkedHashSet<>(neighbors.successors());
        sources.addAll(fingers.peers());
        for (final PeerId peer : sources)
        {
            if (linkByPeer.containsKey(peer))
            {
                request(List.of(peer), new PingRequest(), new Pending(Purpose.LEARN, peer, 0, null), nowNs);
            }
        }
    }

    /**
     * Chord's stabilise (Stoica et al.), which §7.5.3 leaves implicit: an UPDATE only reaches the peers whose table
     * holds the sender, so a successor that does not list this peer would never tell it of peers in between. A
     * PING to the successor returns its predecessors; closer ones enter the table by {@link #learn}.
     */
    private void stabilise(final long nowNs)
    {
        final PeerId successor = neighbors.successor();
        if (!successor.equals(self) && linkByPeer.containsKey(successor))
        {
            request(List.of(successor), new PingRequest(), new Pending(Purpose.LEARN, successor, 0, null), nowNs);
        }
    }

    /** draft §7.5.2 case 2 applied to a neighbour set learned from a PING. */
    private void learn(final PeerId responder, final PingResponse view, final long nowNs)
    {
        takeCloser(responder, UpdateRule.examine(neighbors, responder, view.predecessors(), view.successors()), nowNs);
    }

    /**
     * draft §7.5.2 case 2: CONNECT to closer peers and add them once they answer; the peer that sent the view just
     * answered over a link, so it enters at once.
     */
    private void takeCloser(final PeerId sender, final UpdateRule.Decision decision, final long nowNs)
    {
        final NeighborTable before = neighbors.copy();
        boolean changed = false;
        for (final PeerId peer : decision.closer())
        {
            if (peer.equals(sender))
            {
                changed |= neighbors.add(peer);
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

    private void probe(final PeerId peer, final long nowNs)
    {
        if (probing.add(peer))
        {
            connect(peer);
            request(List.of(peer), new PingRequest(), new Pending(Purpose.PROBE, peer, 0, null), nowNs);
        }
    }

    private void pingFinger(final int i, final long nowNs)
    {
        final PeerId target = fingers.target(i);
        if (!neighbors.isResponsible(target))
        {
            request(List.of(target), new PingRequest(), new Pending(Purpose.FINGER, target, i, null), nowNs);
        }
    }

    private void join(final PeerId via, final long nowNs)
    {
        // draft §7.4: PING n+1 through the bootstrap peer finds the successor.
        joining = true;
        connect(via);
        final PeerId next = new PeerId(self.lo() == -1L ? self.hi() + 1 : self.hi(), self.lo() + 1);
        request(List.of(via, next), new PingRequest(), new Pending(Purpose.FIND_SUCCESSOR, next, 0, null), nowNs);
    }

    private void rejoin(final long nowNs)
    {
        if (joined || joining)
        {
            return;
        }
        PeerId via = bootstrap;
        for (final PeerId candidate : neighbors.predecessors())
        {
            via = candidate;
            break;
        }
        if (null == via || via.equals(self))
        {
            joined = true; // alone: the ring is this peer
            scheduleStabilisation(nowNs);
            return;
        }
        join(via, nowNs);
    }

    private void request(final List<PeerId> route, final Body body, final Pending pending, final long nowNs)
    {
        long transactionId = random.nextLong();
        while (!transactions.start(transactionId, pending, nowNs))
        {
            transactionId = random.nextLong();
        }
        handle(null, new ChordMessage(route, List.of(), ChordMessage.INITIAL_TTL + 1, transactionId, self, body),
            nowNs);
    }

    private void respond(final ChordMessage request, final Body body, final long nowNs)
    {
        handle(null, new ChordMessage(ChordMessage.reversed(request.via()), List.of(), ChordMessage.INITIAL_TTL + 1,
            request.transactionId(), self, body), nowNs);
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

    private void connect(final PeerId peer)
    {
        if (!peer.equals(self) && !linkByPeer.containsKey(peer))
        {
            link(peer);
            transport.connect(peer);
        }
    }

    private void disconnect(final PeerId peer)
    {
        if (linkByPeer.containsKey(peer))
        {
            unlink(peer);
            transport.disconnect(peer);
        }
    }

    private void link(final PeerId peer)
    {
        if (null == peer || peer.equals(self) || linkByPeer.containsKey(peer))
        {
            return;
        }
        if (routing.size() == LINK_CAPACITY)
        {
            pruneLinks(currentNs);
        }
        final int id = nextLinkId++;
        if (routing.put(peer.hi(), peer.lo(), id, isRouter(peer)))
        {
            lastUsedNs.put(peer, currentNs);
            linkByPeer.put(peer, id);
            peerByLink.put(id, peer);
        }
    }

    private void unlink(final PeerId peer)
    {
        final Integer id = linkByPeer.remove(peer);
        lastUsedNs.remove(peer);
        if (null != id)
        {
            peerByLink.remove(id);
            routing.removeLink(id);
        }
    }

    private boolean isRouter(final PeerId peer)
    {
        return neighbors.contains(peer) || fingers.peers().contains(peer);
    }

    /** Push responsibility and the routers (neighbours and fingers) into the next-hop table of draft §7.2. */
    private void refreshRouting()
    {
        final PeerId predecessor = neighbors.predecessor();
        routing.local(self.hi(), self.lo(), predecessor.hi(), predecessor.lo());
        final Set<PeerId> routers = new LinkedHashSet<>(neighbors.neighbors());
        routers.addAll(fingers.peers());
        final long[] hi = new long[routers.size()];
        final long[] lo = new long[routers.size()];
        int n = 0;
        for (final PeerId peer : routers)
        {
            hi[n] = peer.hi();
            lo[n] = peer.lo();
            n++;
        }
        routing.routers(hi, lo, n);
    }
}
