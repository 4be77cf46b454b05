package io.relo.control.sim;

import io.relo.control.chord.ChordMessage;
import io.relo.control.storage.DataStore;
import io.relo.control.storage.DataStoreContext;
import io.relo.control.storage.KindRegistry;
import io.relo.control.storage.SlotStore;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoragePeer;
import io.relo.control.chord.ChordPeer;
import io.relo.control.chord.ChordTransport;
import io.relo.control.chord.FingerTable;
import io.relo.fastpath.RoutingTable;
import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded model network in virtual time for {@link ChordPeer}s: links with latency, loss and partitions, and at each
 * peer the forwarding rules of draft §4.1.2.3 over the peer's own {@link RoutingTable}, the table the forwarder
 * routes by. Everything happens on the caller's thread in event order, so a run is a function of its seed.
 * <p>
 * What it models and what it does not: a CONNECT is one round trip after which both ends hold the link (no ICE); a
 * link closed at one end is closed at the other one latency later, as a TLS or DTLS close alert does (unless a
 * partition is in the way), and frames in flight to an end that has closed are dropped as from an unknown sender; a
 * peer whose link table is full refuses a new link, so both ends hold a link or neither does; a stopped peer neither
 * sends nor receives and closes nothing.
 */
public final class SimNetwork
{
    /**
     * The network model and the chord-128-2-8 parameters every peer gets.
     *
     * @param seed             seeds latency, loss and every peer's random choices.
     * @param minLatencyNs     one-way latency of a link, lower bound.
     * @param maxLatencyNs     one-way latency of a link, upper bound (uniform in between).
     * @param loss             probability that a frame is lost on a link, 0 to 1.
     * @param updateIntervalNs chord-128-2-8-update-frequency.
     * @param fingerIntervalNs chord-128-2-8-ping-frequency.
     * @param t1Ns             RFC 3261 T1 for requests.
     * @param retransmit       retransmit requests end to end (needed once loss is above zero).
     * @param fingers          finger table entries per peer: {@link FingerTable#SIZE} is chord-128-2-8; others are
     *                         experiments.
     */
    public record Config(
        long seed,
        long minLatencyNs,
        long maxLatencyNs,
        double loss,
        long updateIntervalNs,
        long fingerIntervalNs,
        long t1Ns,
        boolean retransmit,
        int fingers)
    {
        /** Check the ranges. */
        public Config
        {
            if (minLatencyNs <= 0 || maxLatencyNs < minLatencyNs)
            {
                throw new IllegalArgumentException("need 0 < min latency <= max latency");
            }
            if (loss < 0 || loss >= 1)
            {
                throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
            }
            if (fingers < 1 || fingers > FingerTable.MAX_SIZE)
            {
                throw new IllegalArgumentException("fingers must be in 1.." + FingerTable.MAX_SIZE + ": " + fingers);
            }
        }

        /**
         * The model with chord-128-2-8's 8 fingers.
         *
         * @param seed             seeds latency, loss and every peer's random choices.
         * @param minLatencyNs     one-way latency of a link, lower bound.
         * @param maxLatencyNs     one-way latency of a link, upper bound (uniform in between).
         * @param loss             probability that a frame is lost on a link, 0 to 1.
         * @param updateIntervalNs chord-128-2-8-update-frequency.
         * @param fingerIntervalNs chord-128-2-8-ping-frequency.
         * @param t1Ns             RFC 3261 T1 for requests.
         * @param retransmit       retransmit requests end to end (needed once loss is above zero).
         */
        public Config(
            final long seed,
            final long minLatencyNs,
            final long maxLatencyNs,
            final double loss,
            final long updateIntervalNs,
            final long fingerIntervalNs,
            final long t1Ns,
            final boolean retransmit)
        {
            this(seed, minLatencyNs, maxLatencyNs, loss, updateIntervalNs, fingerIntervalNs, t1Ns, retransmit,
                FingerTable.SIZE);
        }
    }

    /** Why a frame did not arrive. */
    public enum Drop
    {
        /** Lost on the link by the loss model. */
        LOSS,
        /** The two ends are in different partitions. */
        PARTITION,
        /** The receiving peer is stopped. */
        PEER_DOWN,
        /** The receiver has no link to the sender (it dropped it). */
        UNKNOWN_SENDER,
        /** No link leads towards the destination. */
        NO_ROUTE,
        /** draft §4.1: the TTL ran out. */
        TTL_EXPIRED
    }

    /** A message the model routes: a Chord message or a storage message, each with the same header fields. */
    private interface Envelope
    {
        List<PeerId> route();

        List<PeerId> via();

        int ttl();

        Envelope with(List<PeerId> route, List<PeerId> via, int ttl);

        void deliver(Node node, PeerId destination);
    }

    private final class ChordEnvelope implements Envelope
    {
        private final ChordMessage message;

        ChordEnvelope(final ChordMessage message)
        {
            this.message = message;
        }

        public List<PeerId> route()
        {
            return message.route();
        }

        public List<PeerId> via()
        {
            return message.via();
        }

        public int ttl()
        {
            return message.ttl();
        }

        public Envelope with(final List<PeerId> route, final List<PeerId> via, final int ttl)
        {
            return new ChordEnvelope(new ChordMessage(route, via, ttl, message.transactionId(), message.body()));
        }

        public void deliver(final Node node, final PeerId destination)
        {
            node.peer.onMessage(message, destination, nowNs);
        }
    }

    private final class StorageEnvelope implements Envelope
    {
        private final StorageMessage message;

        StorageEnvelope(final StorageMessage message)
        {
            this.message = message;
        }

        public List<PeerId> route()
        {
            return message.route();
        }

        public List<PeerId> via()
        {
            return message.via();
        }

        public int ttl()
        {
            return message.ttl();
        }

        public Envelope with(final List<PeerId> route, final List<PeerId> via, final int ttl)
        {
            return new StorageEnvelope(new StorageMessage(route, via, ttl, message.transactionId(), message.body()));
        }

        public void deliver(final Node node, final PeerId destination)
        {
            if (null != node.storage)
            {
                node.storage.onMessage(message, destination, nowNs, epochMs());
            }
        }
    }

    /** Links a peer can hold: the forwarder's {@link RoutingTable} capacity. */
    public static final int LINK_CAPACITY = 256;

    /** The epoch the virtual clock starts at, for storage times and lifetimes: 2026-01-01T00:00:00Z. */
    public static final long EPOCH_MS = 1_767_225_600_000L;

    private final class Node implements ChordTransport
    {
        final PeerId id;
        final RoutingTable table = new RoutingTable(LINK_CAPACITY);
        final Map<PeerId, Integer> linkByPeer = new HashMap<>();
        final PeerId[] peerByLink = new PeerId[LINK_CAPACITY];
        final int[] freeLinks = new int[LINK_CAPACITY];
        int freeCount;
        Set<PeerId> routers = Set.of();
        ChordPeer peer;
        StoragePeer storage;
        boolean up = true;
        int partition;
        long wakeNs = Long.MAX_VALUE;

        Node(final PeerId id)
        {
            this.id = id;
            for (int i = 0; i < LINK_CAPACITY; i++)
            {
                freeLinks[i] = LINK_CAPACITY - 1 - i;
            }
            freeCount = LINK_CAPACITY;
        }

        public void send(final ChordMessage message)
        {
            if (up)
            {
                originated++;
                route(new ChordEnvelope(message), null);
            }
        }

        void sendStorage(final StorageMessage message)
        {
            if (up)
            {
                originated++;
                storageMessages++;
                route(new StorageEnvelope(message), null);
            }
        }

        /** Hand the neighbour table to storage (draft §7.5.2), as the conductor does; it acts when it changed. */
        void topologyToStorage()
        {
            if (null != storage)
            {
                storage.onTopology(peer.isJoined(), peer.neighbors().predecessors(), peer.neighbors().successors(),
                    epochMs());
            }
        }

        public void connect(final PeerId other)
        {
            final Node node = nodes.get(other);
            if (!up || null == node)
            {
                return;
            }
            connects++;
            final long rtt = latency() + latency();
            final Node self = this;
            later(rtt, () ->
            {
                if (self.up && node.up && self.partition == node.partition && !lost() && !lost())
                {
                    link(node, self);
                }
            });
        }

        public void disconnect(final PeerId other)
        {
            removeLink(other);
            final Node node = nodes.get(other);
            final PeerId self = id;
            final Node closing = this;
            // The draft's links are TLS and DTLS, whose close alert tells the other end, if it can get there.
            later(latency(), () ->
            {
                if (null != node && node.up && node.partition == closing.partition &&
                    node.linkByPeer.containsKey(self))
                {
                    node.removeLink(self);
                    node.peer.onLinkDown(self, nowNs);
                    reschedule(node);
                }
            });
        }

        public void routing(final PeerId predecessor, final Collection<PeerId> routers)
        {
            this.routers = Set.copyOf(routers);
            table.local(id.hi(), id.lo(), predecessor.hi(), predecessor.lo());
            final long[] hi = new long[routers.size()];
            final long[] lo = new long[routers.size()];
            int n = 0;
            for (final PeerId router : routers)
            {
                hi[n] = router.hi();
                lo[n] = router.lo();
                n++;
            }
            table.routers(hi, lo, n);
        }

        boolean hasRoomFor(final PeerId other)
        {
            return freeCount > 0 || linkByPeer.containsKey(other);
        }

        void addLink(final PeerId other)
        {
            if (linkByPeer.containsKey(other) || freeCount == 0)
            {
                return;
            }
            final int link = freeLinks[--freeCount];
            linkByPeer.put(other, link);
            peerByLink[link] = other;
            table.put(other.hi(), other.lo(), link, routers.contains(other));
            peer.onLinkUp(other, nowNs);
            reschedule(this);
        }

        void removeLink(final PeerId other)
        {
            final Integer link = linkByPeer.remove(other);
            if (null != link)
            {
                peerByLink[link] = null;
                table.removeLink(link);
                freeLinks[freeCount++] = link;
            }
        }

        /** draft §4.1.2.3, in the forwarder's order; from is null for a message this peer originates. */
        void route(final Envelope message, final PeerId from)
        {
            List<PeerId> route = message.route();
            PeerId destination = null;
            while (true)
            {
                if (route.isEmpty())
                {
                    final List<PeerId> via = new ArrayList<>(message.via());
                    if (null != from)
                    {
                        via.add(from);
                    }
                    delivered++;
                    message.with(route, via, message.ttl()).deliver(this, destination);
                    topologyToStorage();
                    reschedule(this);
                    return;
                }
                final PeerId first = route.get(0);
                if (table.isResponsible(first.hi(), first.lo()) && !table.hasLink(first.hi(), first.lo()))
                {
                    destination = first;
                    route = route.subList(1, route.size());
                    continue;
                }
                final int link = table.nextHop(first.hi(), first.lo());
                if (link == RoutingTable.NO_ROUTE)
                {
                    drop(Drop.NO_ROUTE);
                    return;
                }
                List<PeerId> via = message.via();
                int ttl = message.ttl();
                if (null != from)
                {
                    if (ttl == 0)
                    {
                        drop(Drop.TTL_EXPIRED);
                        return;
                    }
                    ttl--;
                    final List<PeerId> grown = new ArrayList<>(via.size() + 1);
                    grown.addAll(via);
                    grown.add(from);
                    via = grown;
                }
                transmit(peerByLink[link], message.with(route, via, ttl));
                return;
            }
        }

        void transmit(final PeerId to, final Envelope message)
        {
            hops++;
            final Node node = nodes.get(to);
            final Node self = this;
            if (lost())
            {
                drop(Drop.LOSS);
                return;
            }
            later(latency(), () ->
            {
                if (null == node || !node.up)
                {
                    drop(Drop.PEER_DOWN);
                }
                else if (node.partition != self.partition)
                {
                    drop(Drop.PARTITION);
                }
                else if (!node.linkByPeer.containsKey(self.id))
                {
                    drop(Drop.UNKNOWN_SENDER);
                }
                else
                {
                    node.route(message, self.id);
                }
            });
        }
    }

    private final Config config;
    private final Random random;
    private final Map<PeerId, Node> nodes = new LinkedHashMap<>();
    private final EventQueue queue = new EventQueue();
    private final EnumMap<Drop, Long> drops = new EnumMap<>(Drop.class);
    private long nowNs;
    private long events;
    private long originated;
    private long delivered;
    private long hops;
    private long connects;
    private long storageMessages;
    private KindRegistry storageKinds;
    private DataStoreContext storageContext;

    /**
     * @param config the model.
     */
    public SimNetwork(final Config config)
    {
        this.config = config;
        random = new Random(config.seed());
        for (final Drop drop : Drop.values())
        {
            drops.put(drop, 0L);
        }
    }

    /**
     * @return a fresh id from the network's seeded generator.
     */
    public PeerId randomId()
    {
        return new PeerId(random.nextLong(), random.nextLong());
    }

    /**
     * @return the network's seeded generator, for choices a scenario makes.
     */
    public Random random()
    {
        return random;
    }

    /**
     * Create a peer, not yet started.
     *
     * @param id its id.
     * @return the peer.
     */
    public ChordPeer add(final PeerId id)
    {
        if (nodes.containsKey(id))
        {
            throw new IllegalArgumentException("peer " + id + " exists");
        }
        final Node node = newNode(id, null == storageKinds ? null : new DataStore(storageKinds, storageContext));
        nodes.put(id, node);
        return node.peer;
    }

    /**
     * Restart a stopped peer with the same id, as a process killed with SIGKILL and started again on its address and
     * data directory: a new {@link ChordPeer} with no links or tables (and its {@link StoragePeer} over the store it
     * had). The other peers keep what they held for the old incarnation, their links to it included, as they do
     * over lab links that close silently; their frames are dropped at the new one until it links to them. Frames
     * in flight to the old incarnation are lost. Start it again with {@link #start}.
     *
     * @param id a stopped peer.
     * @return the new incarnation.
     */
    public ChordPeer restart(final PeerId id)
    {
        final Node old = nodes.get(id);
        if (null == old || old.up)
        {
            throw new IllegalArgumentException("peer " + id + " is not stopped");
        }
        final Node node = newNode(id, null == old.storage ? null : old.storage.store());
        node.partition = old.partition;
        nodes.put(id, node);
        return node.peer;
    }

    private Node newNode(final PeerId id, final SlotStore store)
    {
        final Node node = new Node(id);
        node.peer = new ChordPeer(id, node, new Random(random.nextLong()), config.updateIntervalNs(),
            config.fingerIntervalNs(), config.t1Ns(), config.retransmit(), config.fingers(), nowNs);
        if (null != store)
        {
            node.storage = new StoragePeer(id, store, node::sendStorage, new Random(random.nextLong()),
                config.t1Ns(), config.updateIntervalNs(), nowNs);
            node.peer.resourceCount(store::slotCount);
        }
        return node;
    }

    /**
     * Give every peer added from now on a {@link StoragePeer} over an in-memory {@link DataStore}, so that STORE and
     * FETCH are simulated with replication (draft §5.2, §7.3); the same code the conductor runs.
     *
     * @param kinds   the kinds stored.
     * @param context the store's limits.
     */
    public void enableStorage(final KindRegistry kinds, final DataStoreContext context)
    {
        storageKinds = kinds;
        storageContext = context;
    }

    /**
     * @param id a peer.
     * @return its storage peer, or null when storage is not simulated.
     */
    public StoragePeer storage(final PeerId id)
    {
        final Node node = nodes.get(id);
        return null == node ? null : node.storage;
    }

    /**
     * Originate a storage request from a peer (draft §5.2); the reply comes in virtual time.
     *
     * @param from  the asking peer, with storage.
     * @param body  a request body.
     * @param reply told the outcome.
     */
    public void storageRequest(final PeerId from, final StorageMessage.Body body, final StorageClient.Reply reply)
    {
        final Node node = nodes.get(from);
        node.storage.request(body, reply, nowNs);
        reschedule(node);
    }

    /**
     * @return storage messages originated (requests, responses, replicas, pushes, retransmissions).
     */
    public long storageMessages()
    {
        return storageMessages;
    }

    /**
     * @return the virtual time as epoch milliseconds for lifetimes: a fixed epoch plus the virtual time.
     */
    public long epochMs()
    {
        return EPOCH_MS + nowNs / 1_000_000;
    }

    /**
     * Start a peer: alone, or linked to a bootstrap peer and joining through it (draft §7.4, §8.4).
     *
     * @param id        a peer made by {@link #add}.
     * @param bootstrap a running peer, or null to form a ring.
     */
    public void start(final PeerId id, final PeerId bootstrap)
    {
        final Node node = nodes.get(id);
        if (null == bootstrap)
        {
            node.peer.start(null, nowNs);
            reschedule(node);
            return;
        }
        final Node via = nodes.get(bootstrap);
        later(latency() + latency(), () ->
        {
            if (node.up && via.up && node.partition == via.partition)
            {
                link(via, node);
            }
            node.peer.start(bootstrap, nowNs);
            reschedule(node);
        });
    }

    /**
     * A link formed by an introduction rather than a CONNECT, as the conductor forms one to a cached peer of known
     * address (draft §8.4): one round trip later both ends hold it and the peer is told.
     *
     * @param id    a running peer.
     * @param other the peer it reaches.
     */
    public void introduce(final PeerId id, final PeerId other)
    {
        final Node node = nodes.get(id);
        final Node to = nodes.get(other);
        later(latency() + latency(), () ->
        {
            if (node.up && null != to && to.up && node.partition == to.partition)
            {
                link(to, node);
                reschedule(node);
            }
        });
    }

    /**
     * Find the peer responsible for a key, from a peer.
     *
     * @param from     the asking peer.
     * @param key      the id.
     * @param callback told the result.
     */
    public void lookup(final PeerId from, final PeerId key, final ChordPeer.LookupCallback callback)
    {
        final Node node = nodes.get(from);
        node.peer.lookup(key, nowNs, callback);
        reschedule(node);
    }

    /**
     * draft §7.6: the peer sends LEAVE, then stops after a grace period.
     *
     * @param id      the peer.
     * @param graceNs how long it keeps forwarding after the LEAVEs.
     */
    public void leave(final PeerId id, final long graceNs)
    {
        final Node node = nodes.get(id);
        node.peer.leave(nowNs);
        later(graceNs, () -> stop(id));
    }

    /**
     * Crash a peer: it stops sending and receiving at once.
     *
     * @param id the peer.
     */
    public void stop(final PeerId id)
    {
        nodes.get(id).up = false;
    }

    /**
     * Split the network: peers in different partitions cannot exchange frames or form links.
     *
     * @param partitionOf partition number per peer; peers not named go to partition 0.
     */
    public void partition(final Map<PeerId, Integer> partitionOf)
    {
        for (final Node node : nodes.values())
        {
            node.partition = partitionOf.getOrDefault(node.id, 0);
        }
    }

    /** Heal every partition. */
    public void heal()
    {
        for (final Node node : nodes.values())
        {
            node.partition = 0;
        }
    }

    /**
     * Run events and timers up to a time.
     *
     * @param durationNs how far to advance virtual time.
     */
    public void run(final long durationNs)
    {
        final long end = nowNs + durationNs;
        while (!queue.isEmpty() && queue.nextNs() <= end)
        {
            nowNs = queue.nextNs();
            events++;
            queue.poll().run();
        }
        nowNs = end;
    }

    /**
     * @return the virtual time.
     */
    public long nowNs()
    {
        return nowNs;
    }

    /**
     * @param id a peer.
     * @return the peer, or null.
     */
    public ChordPeer peer(final PeerId id)
    {
        final Node node = nodes.get(id);
        return null == node ? null : node.peer;
    }

    /**
     * @param id a peer.
     * @return whether it runs.
     */
    public boolean isUp(final PeerId id)
    {
        final Node node = nodes.get(id);
        return null != node && node.up;
    }

    /**
     * @return the ids of running peers, sorted round the ring.
     */
    public List<PeerId> live()
    {
        final List<PeerId> live = new ArrayList<>();
        for (final Node node : nodes.values())
        {
            if (node.up && !node.peer.hasLeft())
            {
                live.add(node.id);
            }
        }
        Collections.sort(live);
        return live;
    }

    /**
     * @return every peer ever added, in order of addition.
     */
    public List<PeerId> all()
    {
        return List.copyOf(nodes.keySet());
    }

    /**
     * @return events run so far.
     */
    public long events()
    {
        return events;
    }

    /**
     * @return messages originated by peers, requests and responses, retransmissions included.
     */
    public long originated()
    {
        return originated;
    }

    /**
     * @return link transmissions (each hop of each message).
     */
    public long hops()
    {
        return hops;
    }

    /**
     * @return messages delivered to a peer.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return CONNECTs attempted.
     */
    public long connects()
    {
        return connects;
    }

    /**
     * @param reason a drop reason.
     * @return frames dropped for it.
     */
    public long drops(final Drop reason)
    {
        return drops.get(reason);
    }

    /**
     * @param id a peer.
     * @return how many links it holds, up to {@link #LINK_CAPACITY}.
     */
    public int linkCount(final PeerId id)
    {
        return nodes.get(id).linkByPeer.size();
    }

    /**
     * @return the distinct peers every live peer links to, for checks on the connection table.
     */
    public Map<PeerId, Set<PeerId>> linkTables()
    {
        final Map<PeerId, Set<PeerId>> tables = new HashMap<>();
        for (final Node node : nodes.values())
        {
            if (node.up)
            {
                tables.put(node.id, new HashSet<>(node.linkByPeer.keySet()));
            }
        }
        return tables;
    }

    /**
     * Both ends hold a new link or neither does: a peer whose table is full refuses the connection, as a forwarder
     * that cannot add the link must, rather than leave the other end sending into a link it does not know.
     */
    private static void link(final Node first, final Node second)
    {
        if (first.hasRoomFor(second.id) && second.hasRoomFor(first.id))
        {
            first.addLink(second.id);
            second.addLink(first.id);
        }
    }

    private void drop(final Drop reason)
    {
        drops.merge(reason, 1L, Long::sum);
    }

    private boolean lost()
    {
        return config.loss() > 0 && random.nextDouble() < config.loss();
    }

    private long latency()
    {
        final long span = config.maxLatencyNs() - config.minLatencyNs();
        return config.minLatencyNs() + (span == 0 ? 0 : (long)(random.nextDouble() * span));
    }

    private void later(final long delayNs, final Runnable action)
    {
        queue.add(nowNs + delayNs, action);
    }

    /** Wake a peer when its next timer is due; stale wake-ups find nothing to do and book the next. */
    private void reschedule(final Node node)
    {
        final long wake = null == node.storage ? node.peer.nextWakeNs() :
            Math.max(nowNs, Math.min(node.peer.nextWakeNs(), node.storage.nextWakeNs()));
        if (wake < node.wakeNs && wake != Long.MAX_VALUE)
        {
            node.wakeNs = wake;
            queue.add(Math.max(wake, nowNs), () -> wake(node));
        }
    }

    private void wake(final Node node)
    {
        if (node.wakeNs > nowNs)
        {
            return; // superseded by an earlier booking that already ran
        }
        node.wakeNs = Long.MAX_VALUE;
        if (node.up)
        {
            node.peer.poll(nowNs);
            if (null != node.storage)
            {
                node.topologyToStorage();
                node.storage.poll(nowNs, epochMs());
            }
            reschedule(node);
        }
    }
}
