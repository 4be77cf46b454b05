package io.relo.control;

import io.relo.codec.CommonHeader;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.control.bootstrap.CachedPeers;
import io.relo.control.chord.ChordMessage;
import io.relo.control.chord.ChordPeer;
import io.relo.control.chord.ChordTransport;
import io.relo.control.chord.NeighborTable;
import io.relo.control.message.ChordCodec;
import io.relo.control.message.CompressionState;
import io.relo.control.message.ConnectMessage;
import io.relo.control.message.ConnectOffer;
import io.relo.control.message.FragmentReassembler;
import io.relo.control.message.MessageBuilder;
import io.relo.control.message.StorageCodec;
import io.relo.control.message.TransactionTable;
import io.relo.control.storage.DataStore;
import io.relo.control.storage.DataStoreContext;
import io.relo.control.storage.DurableStore;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.KindRegistry;
import io.relo.control.storage.SlotStore;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoragePeer;
import io.relo.control.storage.StoreTypeData;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.ring.PeerId;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The control plane of one peer (docs/architecture.md): an event-driven Agrona {@link Agent} that reads the
 * forwarder's deliveries, runs the chord-128-2-8 {@link ChordPeer}, forms links by CONNECT, bootstraps by §8.4, and
 * pushes every change of links, responsibility and routers to the forwarder as commands. Work that blocks (saving
 * the cached peers) runs on an executor; requests from other threads arrive on a queue ({@link #submit}).
 */
public final class ControlConductor implements Agent, StorageClient
{
    /** Link ids the forwarder accepts. */
    private static final int LINK_IDS = 256;
    /** Links kept before idle plain connections are pruned: lab links close without telling the other end. */
    private static final int PRUNE_ABOVE = 64;
    private static final long INTRO_RETRY_NS = TimeUnit.SECONDS.toNanos(1);
    /** How often the cached peers are looked at; the file is written only when they changed. */
    private static final long CACHE_SAVE_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int DELIVERY_LIMIT = 64;

    /** What a lookup found. */
    public interface LookupResult
    {
        /**
         * @param key         the id looked up.
         * @param code        200, or 408 when no answer came (draft §4.3).
         * @param responsible the peer responsible for the key, or null.
         * @param hops        overlay hops of the answer, or -1.
         */
        void onResult(PeerId key, int code, PeerId responsible, int hops);
    }

    /**
     * A snapshot for other threads: what the peer looks like now.
     *
     * @param id           this peer.
     * @param joined       placed in the ring (or formed it).
     * @param predecessors closest first.
     * @param successors   closest first.
     * @param fingers      fingers 1 to 8, null where unknown.
     * @param links        peers with a link.
     * @param joinedAtNs   when the peer joined, by the conductor's clock, or -1.
     * @param admittedBy   for a client, the admitting peer once it answered (draft §3.2.3); null for a peer.
     */
    public record Status(
        PeerId id, boolean joined, List<PeerId> predecessors, List<PeerId> successors, List<PeerId> fingers,
        Set<PeerId> links, long joinedAtNs, PeerId admittedBy)
    {
    }

    private record Link(int id, InetSocketAddress address)
    {
    }

    private record Intro(InetSocketAddress address, PeerId expected, int linkId, long sentNs)
    {
    }

    private final PeerId self;
    private final int overlayHash;
    private final InetSocketAddress advertised;
    private final ForwarderProxy proxy;
    private final RingBuffer deliveries;
    private final NanoClock clock;
    private final Random random;
    private final ChordPeer chord;
    private final Transport transport;
    private final ChordCodec codec;
    private final ConnectOffer offer;
    private final MessageBuilder builder;
    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[65_536]);
    private final UnsafeBuffer frameCopy = new UnsafeBuffer(new byte[65_536]);
    private final Map<PeerId, Link> links = new HashMap<>();
    private final ArrayDeque<Integer> freeLinkIds = new ArrayDeque<>();
    private final TransactionTable<PeerId> connects;
    private final Map<Long, Intro> intros = new HashMap<>();
    /** Addresses of peers met through an introduction (bootstrap and cached peers, §8.4): reachable without CONNECT. */
    private final Map<PeerId, InetSocketAddress> knownAddresses = new HashMap<>();
    private final long introTimeoutNs;
    private final List<InetSocketAddress> bootstrapPeers;
    private final Path dataDir;
    private final Executor background;
    private final Consumer<String> log;
    private final ManyToOneConcurrentLinkedQueue<Runnable> tasks = new ManyToOneConcurrentLinkedQueue<>();
    private final ConductorCounters counters = new ConductorCounters();
    private final FragmentReassembler reassembler = new FragmentReassembler();
    private final CompressionState compression;
    private List<CachedPeers.Entry> cached = List.of();
    private List<CachedPeers.Entry> savedCache = List.of();
    private Set<PeerId> routers = Set.of();
    private boolean started;
    private boolean bootstrapping;
    private long nextIntroNs;
    private long nextCacheSaveNs;
    private long joinedAtNs = -1;
    private volatile Status status;
    /** The destination of the frame being handled (Deliveries.FRAME_DESTINATION), null if none was stripped. */
    private PeerId destination;
    /** The request ChordPeer is handling, so that its answer can carry the route log back (draft §4.1.4). */
    private DirectBuffer handling;
    private int handlingOffset;
    private int handlingLength;
    private long handlingTransactionId;
    private long handlingPreviousHi;
    private long handlingPreviousLo;
    private final ForwardingHeaderFlyweight handlingHeader = new ForwardingHeaderFlyweight();
    private final io.relo.codec.MessageContentsDecoder contents = new io.relo.codec.MessageContentsDecoder();
    private boolean client;
    private PeerId admittingPeer;
    private final KindRegistry kinds = KindRegistry.withDraftKinds();
    private final StorageCodec storageCodec;
    private final SlotStore slotStore;
    private final StoragePeer storage;

    /**
     * @param self           this peer's id.
     * @param overlayName    the overlay (draft §8.2); its hash goes in every header.
     * @param advertised     the address other peers reach this peer's forwarder at (the host candidate).
     * @param bootstrapPeers draft §8.2 bootstrap-peer addresses; this peer's own address among them means it may
     *                       form the ring.
     * @param dataDir        where the cached peers are kept, or null for none.
     * @param timing         the Chord intervals and T1.
     * @param proxy          commands to the forwarder.
     * @param deliveries     the forwarder's delivery ring.
     * @param clock          the time.
     * @param random         transaction ids and timer offsets.
     * @param background     runs blocking work (file writes) off the conductor.
     * @param log            told of notable events, one line each.
     */
    public ControlConductor(
        final PeerId self,
        final String overlayName,
        final InetSocketAddress advertised,
        final List<InetSocketAddress> bootstrapPeers,
        final Path dataDir,
        final Timing timing,
        final ForwarderProxy proxy,
        final RingBuffer deliveries,
        final NanoClock clock,
        final Random random,
        final Executor background,
        final Consumer<String> log)
    {
        this.self = self;
        this.overlayHash = io.relo.codec.header.OverlayName.hash(overlayName);
        this.advertised = advertised;
        this.bootstrapPeers = List.copyOf(bootstrapPeers);
        this.dataDir = dataDir;
        this.proxy = proxy;
        this.deliveries = deliveries;
        this.clock = clock;
        this.random = random;
        this.background = background;
        this.log = log;
        for (int i = 0; i < LINK_IDS; i++)
        {
            freeLinkIds.add(i);
        }
        codec = new ChordCodec(overlayHash);
        // draft §5.1.2, §6.4: one UDP host candidate; ICE credentials and the DTLS fingerprint arrive with ICE and
        // security, and are random placeholders until then.
        offer = new ConnectOffer(Long.toHexString(random.nextLong()), Long.toHexString(random.nextLong()) +
            Long.toHexString(random.nextLong()), ConnectOffer.APPLICATION_RELOAD, "", ConnectOffer.ROLE_ACTPASS,
            List.of(ConnectOffer.Candidate.host(advertised.getAddress().getHostAddress(), advertised.getPort())));
        builder = new MessageBuilder(overlayHash);
        final long nowNs = clock.nanoTime();
        transport = new Transport();
        chord = new ChordPeer(self, transport, random, timing.updateIntervalNs(), timing.fingerIntervalNs(),
            timing.t1Ns(), true, nowNs);
        chord.pruneIdleLinksAbove(PRUNE_ABOVE);
        storageCodec = new StorageCodec(overlayHash, typeId -> null == kinds.kind(typeId) ? null :
            kinds.kind(typeId).model());
        slotStore = openStore(dataDir, kinds, log);
        chord.resourceCount(slotStore::slotCount);
        storage = new StoragePeer(self, slotStore, this::sendStorage, random, timing.t1Ns(),
            timing.updateIntervalNs(), nowNs);
        introTimeoutNs = 64 * timing.t1Ns();
        connects = new TransactionTable<>(timing.t1Ns(), Math.max(timing.t1Ns(), TransactionTable.T2_DEFAULT_NS),
            true, nowNs, new TransactionTable.Listener<>()
            {
                public void onRetransmit(final long transactionId, final PeerId peer)
                {
                    sendConnect(transactionId, peer);
                }

                public void onTimeout(final long transactionId, final PeerId peer)
                {
                    counters.connectTimeouts++;
                }
            });
        compression = new CompressionState(io.relo.fastpath.ForwarderContext.COMPRESSION_CAPACITY_DEFAULT,
            CompressionState.LIFETIME_DEFAULT_NS, random, new CompressionState.Sink()
            {
                public boolean add(final long keyHi, final long keyLo, final long[] hi, final long[] lo,
                    final int count)
                {
                    return proxy.addCompression(keyHi, keyLo, hi, lo, count);
                }

                public boolean remove(final long keyHi, final long keyLo)
                {
                    return proxy.removeCompression(keyHi, keyLo);
                }
            });
        publishStatus();
    }

    /**
     * draft §3.2.2, §4.1.2.3.1: a private id standing for a list of ids in route lists this peer hands out; the
     * forwarder expands it until it expires unused (64 × T1 after its last use). Conductor thread only.
     *
     * @param ids the ids it stands for, in order.
     * @return the private id, or null when the table is full.
     */
    public PeerId compress(final List<PeerId> ids)
    {
        final long[] hi = new long[ids.size()];
        final long[] lo = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++)
        {
            hi[i] = ids.get(i).hi();
            lo[i] = ids.get(i).lo();
        }
        return compression.allocate(hi, lo, ids.size(), clock.nanoTime());
    }

    /**
     * @return the reassembler, for its counters.
     */
    public FragmentReassembler reassembler()
    {
        return reassembler;
    }

    /**
     * The Chord intervals and the request timer.
     *
     * @param updateIntervalNs chord-128-2-8-update-frequency.
     * @param fingerIntervalNs chord-128-2-8-ping-frequency.
     * @param t1Ns             RFC 3261 T1 (draft §4.4).
     */
    public record Timing(long updateIntervalNs, long fingerIntervalNs, long t1Ns)
    {
    }

    /**
     * @return the role name of the agent.
     */
    @Override
    public String roleName()
    {
        return "relo-conductor-" + self;
    }

    /**
     * Run a task on the conductor thread, e.g. a lookup from the demo; safe from any thread.
     *
     * @param task to run.
     */
    public void submit(final Runnable task)
    {
        tasks.offer(task);
    }

    /**
     * Find the peer responsible for a key by a PING over the overlay; the result comes on the conductor thread.
     * Safe from any thread.
     *
     * @param key    the id.
     * @param result told the outcome.
     */
    public void lookup(final PeerId key, final LookupResult result)
    {
        submit(() -> chord.lookup(key, clock.nanoTime(), (k, responsible, hops) -> result.onResult(k,
            null == responsible ? ResponseCode.REQUEST_TIMEOUT : ResponseCode.OK, responsible, hops)));
    }

    /**
     * draft §7.6: leave the overlay; safe from any thread.
     */
    public void leave()
    {
        submit(() -> chord.leave(clock.nanoTime()));
    }

    @Override
    public void store(final PeerId resource, final List<StoreTypeData> data, final Reply reply)
    {
        final StorageMessage.Body body = new StorageMessage.StoreRequest(resource, data);
        submit(() -> storage.request(body, reply, clock.nanoTime()));
    }

    @Override
    public void fetch(final PeerId resource, final List<FetchTypeData> data, final Reply reply)
    {
        final StorageMessage.Body body = new StorageMessage.FetchRequest(resource, data);
        submit(() -> storage.request(body, reply, clock.nanoTime()));
    }

    @Override
    public void remove(final PeerId resource, final List<FetchTypeData> data, final Reply reply)
    {
        final StorageMessage.Body body = new StorageMessage.RemoveRequest(resource, data);
        submit(() -> storage.request(body, reply, clock.nanoTime()));
    }

    @Override
    public void find(final PeerId resource, final List<Integer> types, final Reply reply)
    {
        final StorageMessage.Body body = new StorageMessage.FindRequest(resource, types);
        submit(() -> storage.request(body, reply, clock.nanoTime()));
    }

    /**
     * FETCH what one peer holds at a resource, addressed to that peer (a replica read); safe from any thread.
     *
     * @param peer     the peer asked.
     * @param resource the resource-id.
     * @param data     one element per kind.
     * @param reply    told the outcome on the conductor thread.
     */
    public void fetchFrom(final PeerId peer, final PeerId resource, final List<FetchTypeData> data, final Reply reply)
    {
        final StorageMessage.FetchRequest body = new StorageMessage.FetchRequest(resource, data);
        submit(() -> storage.fetchFrom(peer, body, reply, clock.nanoTime()));
    }

    /**
     * @return the storage peer's counters by name; read from any thread (plain longs, for reports).
     */
    public Map<String, Long> storageCounters()
    {
        return storage.counters().snapshot();
    }

    /**
     * The store this peer serves from: a {@link DurableStore} journaled in the data directory, or in memory when
     * the peer keeps nothing on disk.
     */
    private static SlotStore openStore(final Path dataDir, final KindRegistry kinds, final Consumer<String> log)
    {
        if (null == dataDir)
        {
            return new DataStore(kinds, new DataStoreContext());
        }
        try
        {
            final DurableStore store = DurableStore.open(dataDir.resolve("storage"), kinds, new DataStoreContext(),
                System.currentTimeMillis());
            log.accept("storage: " + store.recovery().describe());
            return store;
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot open the store in " + dataDir.resolve("storage") +
                ": " + ex.getMessage() + "; move the directory aside to start with an empty store", ex);
        }
    }

    private void sendStorage(final StorageMessage message)
    {
        int n = storageCodec.encode(message, out, 0);
        if (n < 0 && message.body().isResponse() && !(message.body() instanceof StorageMessage.ErrorAnswer))
        {
            // wire-format.md §4.7: an answer over a wire bound (a FETCH of more than 65,000 bytes for one kind)
            // becomes a 412 that says so, rather than silence and a 408 at the requester.
            counters.answersTooLarge++;
            n = storageCodec.encode(new StorageMessage(message.route(), message.via(), message.ttl(),
                message.transactionId(), new StorageMessage.ErrorAnswer(message.body().method(),
                ResponseCode.PRECONDITION_FAILED, storageCodec.lastError(), List.of())), out, 0);
        }
        if (n < 0)
        {
            counters.badFrames++;
            log.accept("cannot encode a storage message: " + storageCodec.lastError());
            return;
        }
        command(proxy.routeFrame(out, 0, n), "storage frame");
    }

    /** Hand the neighbour table to storage, which acts when it changed (draft §7.5.2: replica-set changes). */
    private void topologyToStorage()
    {
        final NeighborTable table = chord.neighbors();
        storage.onTopology(chord.isJoined() && !client, table.predecessors(), table.successors(),
            System.currentTimeMillis());
    }

    /**
     * @return the latest snapshot; safe from any thread.
     */
    public Status status()
    {
        return status;
    }

    /**
     * @return the conductor's counters; read from any thread (plain longs, for reports).
     */
    public ConductorCounters counters()
    {
        return counters;
    }

    /**
     * draft §3.2.3: run as a client, not a peer. A client reaches the overlay through one admitting peer, the
     * bootstrap peer that answers it: it never JOINs, routes everything through that peer, answers only for its own
     * id, and is reached through the admitting peer's direct link. Call before the agent starts.
     *
     * @return this.
     */
    public ControlConductor asClient()
    {
        if (started)
        {
            throw new IllegalStateException("the conductor has started; choose client mode before");
        }
        client = true;
        return this;
    }

    /**
     * Close the store's journal; the agent has stopped.
     */
    @Override
    public void onClose()
    {
        if (slotStore instanceof DurableStore durable)
        {
            durable.close();
        }
    }

    @Override
    public void onStart()
    {
        start(clock.nanoTime());
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (!started)
        {
            start(nowNs);
        }
        int work = 0;
        Runnable task;
        while (null != (task = tasks.poll()))
        {
            task.run();
            work++;
        }
        work += deliveries.read(this::onDelivery, DELIVERY_LIMIT);
        work += chord.poll(nowNs);
        work += connects.poll(nowNs);
        work += reassembler.poll(nowNs);
        work += compression.poll(nowNs);
        work += storage.poll(nowNs, System.currentTimeMillis());
        if (bootstrapping && nowNs >= nextIntroNs)
        {
            introduce(nowNs);
            work++;
        }
        else if (!bootstrapping && !intros.isEmpty())
        {
            work += expireIntros(nowNs);
        }
        if (chord.isJoined() && joinedAtNs < 0)
        {
            joinedAtNs = nowNs;
            log.accept("joined the overlay as " + self);
        }
        if (nowNs >= nextCacheSaveNs && chord.isJoined())
        {
            nextCacheSaveNs = nowNs + CACHE_SAVE_NS;
            saveCachedPeers();
        }
        if (work > 0)
        {
            topologyToStorage();
            publishStatus();
        }
        return work;
    }

    private void start(final long nowNs)
    {
        if (started)
        {
            return;
        }
        started = true;
        // Until placed, this peer answers only for its own id (ChordPeer publishes its range as it changes).
        final PeerId below = self.previous();
        command(proxy.setLocal(self.hi(), self.lo(), below.hi(), below.lo()), "set local");
        command(proxy.addOverlay(overlayHash), "add overlay");
        if (null != dataDir)
        {
            try
            {
                cached = CachedPeers.load(dataDir, log);
                for (final CachedPeers.Entry entry : cached)
                {
                    knownAddresses.put(entry.id(), entry.address());
                }
            }
            catch (final java.io.IOException ex)
            {
                log.accept("cannot read cached peers: " + ex.getMessage() + "; using the bootstrap peers");
            }
        }
        final List<InetSocketAddress> others = otherBootstrapPeers();
        if (client && cached.isEmpty() && others.isEmpty())
        {
            throw new IllegalStateException("a client needs a bootstrap peer to admit it (draft §3.2.3); the " +
                "configuration names none but this address");
        }
        if (cached.isEmpty() && others.isEmpty())
        {
            // No one to contact: this peer forms the ring (it is the overlay's own bootstrap peer, or alone).
            log.accept("no other bootstrap peer: forming the overlay");
            chord.start(null, nowNs);
            return;
        }
        bootstrapping = true;
        nextIntroNs = nowNs;
    }

    private List<InetSocketAddress> otherBootstrapPeers()
    {
        final List<InetSocketAddress> others = new ArrayList<>();
        for (final InetSocketAddress address : bootstrapPeers)
        {
            if (!isSelf(address))
            {
                others.add(address);
            }
        }
        return others;
    }

    private boolean isSelf(final InetSocketAddress address)
    {
        if (address.getPort() != advertised.getPort())
        {
            return false;
        }
        final InetAddress a = address.getAddress();
        final InetAddress b = advertised.getAddress();
        return null != a && null != b && (a.equals(b) || (a.isLoopbackAddress() && b.isLoopbackAddress()) ||
            a.isAnyLocalAddress() || b.isAnyLocalAddress());
    }

    /**
     * draft §8.4: PING the cached peers by their ids, then the bootstrap peers by the wildcard id, until one
     * answers. Over a plaintext lab link the PING is also the introduction (docs/architecture.md, "Lab links").
     */
    private void introduce(final long nowNs)
    {
        nextIntroNs = nowNs + INTRO_RETRY_NS;
        abandonIntros();
        final boolean formsRing = !client && otherBootstrapPeers().size() < bootstrapPeers.size();
        for (final CachedPeers.Entry entry : cached)
        {
            sendIntro(entry.address(), entry.id());
        }
        for (final InetSocketAddress address : otherBootstrapPeers())
        {
            sendIntro(address, PeerId.WILDCARD);
        }
        counters.introRounds++;
        if (formsRing && counters.introRounds >= 3 && bootstrapping)
        {
            // This peer is one of the bootstrap peers and none of the others answered: it forms the overlay.
            bootstrapping = false;
            abandonIntros();
            log.accept("no bootstrap peer answered: forming the overlay");
            chord.start(null, nowNs);
        }
        else if (counters.introRounds % 10 == 0)
        {
            log.accept("no bootstrap peer answered after " + counters.introRounds + " tries; still trying " +
                otherBootstrapPeers() + (cached.isEmpty() ? "" : " and " + cached.size() + " cached peers"));
        }
    }

    private void sendIntro(final InetSocketAddress address, final PeerId expected)
    {
        if (links.containsKey(expected) || freeLinkIds.isEmpty())
        {
            return;
        }
        for (final Intro pending : intros.values())
        {
            if (pending.expected().equals(expected) && !expected.equals(PeerId.WILDCARD))
            {
                return; // one introduction at a time per peer: its link is keyed by the peer's id
            }
        }
        final int linkId = freeLinkIds.poll();
        final String host = address.getAddress() == null ? address.getHostString() :
            address.getAddress().getHostAddress();
        if (!command(proxy.addUdpLink(linkId, expected.hi(), expected.lo(), false, host, address.getPort()),
            "intro link"))
        {
            freeLinkIds.add(linkId);
            return;
        }
        final long transactionId = random.nextLong();
        intros.put(transactionId, new Intro(address, expected, linkId, clock.nanoTime()));
        // The originator names itself in the via list: the other end has no link to say who sent it.
        final int length = codec.encode(new ChordMessage(List.of(expected), List.of(self), ChordMessage.INITIAL_TTL,
            transactionId, ChordMessage.PingRequest.PLAIN), out, 0);
        command(proxy.sendOnLink(linkId, out, 0, length), "intro ping");
        counters.introsSent++;
    }

    /** Introductions that went unanswered for 64 × T1 give their link ids back (draft §4.4's transaction limit). */
    private int expireIntros(final long nowNs)
    {
        int expired = 0;
        for (final var it = intros.values().iterator(); it.hasNext(); )
        {
            final Intro intro = it.next();
            if (nowNs - intro.sentNs() > introTimeoutNs)
            {
                it.remove();
                command(proxy.removeLink(intro.linkId()), "remove intro link");
                freeLinkIds.add(intro.linkId());
                expired++;
            }
        }
        return expired;
    }

    /**
     * The first answer ends bootstrapping: the other bootstrap peers' introductions are dropped, but those to cached
     * peers stay, and each that answers is linked (draft §8.4). They are this peer's former neighbours and fingers,
     * which still hold links to its address and send over them; without a link of its own to each, a restarted
     * peer drops what they send, the PING n+1 of its join among it, until they time it out (ChordPeer.askForView).
     */
    private void abandonBootstrapIntros()
    {
        for (final var it = intros.values().iterator(); it.hasNext(); )
        {
            final Intro intro = it.next();
            if (intro.expected().equals(PeerId.WILDCARD))
            {
                it.remove();
                command(proxy.removeLink(intro.linkId()), "remove intro link");
                freeLinkIds.add(intro.linkId());
            }
        }
    }

    private void abandonIntros()
    {
        for (final Intro intro : intros.values())
        {
            command(proxy.removeLink(intro.linkId()), "remove intro link");
            freeLinkIds.add(intro.linkId());
        }
        intros.clear();
    }

    private void onDelivery(final int type, final org.agrona.MutableDirectBuffer buffer, final int index,
        final int length)
    {
        switch (type)
        {
            case Deliveries.FRAME ->
            {
                final int reason = buffer.getInt(index + Deliveries.FRAME_REASON);
                final long previousHi = buffer.getLong(index + Deliveries.FRAME_PREVIOUS_HI);
                final long previousLo = buffer.getLong(index + Deliveries.FRAME_PREVIOUS_LO);
                final int frameLength = buffer.getInt(index + Deliveries.FRAME_LENGTH);
                final int frame = index + Deliveries.FRAME_FRAME;
                if (reason == Deliveries.REASON_LOCAL)
                {
                    final long destinationHi = buffer.getLong(index + Deliveries.FRAME_DESTINATION_HI);
                    final long destinationLo = buffer.getLong(index + Deliveries.FRAME_DESTINATION_LO);
                    destination = destinationHi == 0 && destinationLo == 0 ? null :
                        new PeerId(destinationHi, destinationLo);
                    onLocalFrame(buffer, frame, frameLength, previousHi, previousLo);
                }
                else
                {
                    onRefusedRouting(buffer, frame, frameLength, reason, previousHi, previousLo,
                        buffer.getLong(index + Deliveries.FRAME_NEXT_HOP_HI),
                        buffer.getLong(index + Deliveries.FRAME_NEXT_HOP_LO));
                }
            }
            case Deliveries.UNLINKED_FRAME -> onUnlinkedFrame(buffer, index, length);
            case Deliveries.STUN, Deliveries.DTLS -> counters.datagramsIgnored++; // ICE and DTLS: later issues
            default -> counters.unknownDeliveries++;
        }
    }

    private void onLocalFrame(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo)
    {
        header.wrap(buffer, offset, length);
        if (header.validate() != FrameStatus.OK)
        {
            counters.badFrames++;
            return;
        }
        if (header.isFragment())
        {
            // draft §4.1.3: fragments of a message for this peer are held until the whole message is here.
            final long originHi = header.viaListCount() > 0 ? header.viaIdHi(0) : previousHi;
            final long originLo = header.viaListCount() > 0 ? header.viaIdLo(0) : previousLo;
            if (reassembler.onFrame(buffer, offset, length, originHi, originLo, clock.nanoTime()) ==
                FragmentReassembler.Result.COMPLETE)
            {
                final int whole = reassembler.frameLength();
                frameCopy.putBytes(0, reassembler.frameBuffer(), 0, whole);
                onLocalFrame(frameCopy, 0, whole, previousHi, previousLo);
            }
            return;
        }
        if (header.contentsLength() < CommonHeader.LENGTH)
        {
            counters.badFrames++;
            return;
        }
        final int word = CommonHeader.codeWord(buffer, header.contentsOffset());
        final boolean response = CommonHeader.isResponse(word);
        final int method = response ? CommonHeader.reserved(buffer, header.contentsOffset()) :
            CommonHeader.code(word);
        final long transactionId = header.transactionId();
        if (response && intros.containsKey(transactionId))
        {
            onIntroResponse(transactionId, previousHi, previousLo);
            return;
        }
        if (method == MethodCode.CONNECT)
        {
            onConnect(buffer, offset, length, previousHi, previousLo, response);
            return;
        }
        if (MethodCode.isStorage(method))
        {
            onStorageFrame(buffer, offset, length, previousHi, previousLo, method, response);
            return;
        }
        final ChordMessage message = codec.decode(buffer, offset, length, previousHi, previousLo);
        if (null != message)
        {
            counters.chordMessages++;
            handling = buffer;
            handlingOffset = offset;
            handlingLength = length;
            handlingTransactionId = transactionId;
            handlingPreviousHi = previousHi;
            handlingPreviousLo = previousLo;
            try
            {
                chord.onMessage(message, destination, clock.nanoTime());
            }
            finally
            {
                handling = null;
            }
            return;
        }
        if (!response && codec.lastStatus() == ChordCodec.Status.UNSUPPORTED_METHOD)
        {
            // Storage and the usages come in later issues; say so rather than let the requester time out.
            counters.errorsSent++;
            final int n = builder.errorResponse(out, 0, header, previousHi, previousLo, method,
                ResponseCode.INCOMPATIBLE_WITH_OVERLAY, new byte[0]);
            command(proxy.routeFrame(out, 0, n), "error response");
        }
        else
        {
            counters.badFrames++;
        }
    }

    /**
     * draft §5.2: STORE, FETCH, REMOVE and FIND go to the storage peer; a request that cannot be decoded is answered
     * with 412, never dropped silently.
     */
    private void onStorageFrame(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo,
        final int method, final boolean response)
    {
        final StorageMessage message = storageCodec.decode(buffer, offset, length, previousHi, previousLo);
        if (null != message)
        {
            counters.storageMessages++;
            final long nowNs = clock.nanoTime();
            storage.onMessage(message, destination, nowNs, System.currentTimeMillis());
            return;
        }
        counters.badFrames++;
        if (!response)
        {
            counters.errorsSent++;
            // wire-format.md §4.7: a malformed payload or an unknown kind fails a precondition of the request.
            header.wrap(buffer, offset, length);
            final int n = builder.errorResponse(out, 0, header, previousHi, previousLo, method,
                ResponseCode.PRECONDITION_FAILED, new byte[0]);
            command(proxy.routeFrame(out, 0, n), "storage error response");
        }
    }

    /** draft §4.1, §4.3: ITERATIVE is answered with 302 naming the next hop; other refused modes with 499. */
    private void onRefusedRouting(
        final DirectBuffer buffer, final int offset, final int length, final int reason, final long previousHi,
        final long previousLo, final long nextHi, final long nextLo)
    {
        header.wrap(buffer, offset, length);
        if (header.validate() != FrameStatus.OK || header.contentsLength() < CommonHeader.LENGTH)
        {
            counters.badFrames++;
            return;
        }
        final int word = CommonHeader.codeWord(buffer, header.contentsOffset());
        if (CommonHeader.isResponse(word))
        {
            counters.badFrames++; // responses are routed, never answered
            return;
        }
        final int method = CommonHeader.code(word);
        final int n;
        if (reason == Deliveries.REASON_ITERATIVE && (nextHi != 0 || nextLo != 0))
        {
            n = builder.errorResponse(out, 0, header, previousHi, previousLo, method, ResponseCode.MOVED_TEMPORARILY,
                ChordCodec.redirectInfo(new PeerId(nextHi, nextLo)));
        }
        else
        {
            final int code = reason == Deliveries.REASON_ITERATIVE ? ResponseCode.NOT_FOUND :
                ResponseCode.UNWILLING_TO_PROXY;
            n = builder.errorResponse(out, 0, header, previousHi, previousLo, method, code, new byte[0]);
        }
        counters.errorsSent++;
        command(proxy.routeFrame(out, 0, n), "error response");
    }

    /**
     * A frame from an address with no link (plaintext lab mode): a bootstrap PING naming its originator in the via
     * list introduces a new peer; a link to it is formed and the PING answered over it (draft §8.4).
     */
    private void onUnlinkedFrame(final DirectBuffer buffer, final int index, final int length)
    {
        final int port = buffer.getInt(index + Deliveries.DATAGRAM_PORT);
        final int frameLength = buffer.getInt(index + Deliveries.DATAGRAM_LENGTH);
        final int offset = index + Deliveries.DATAGRAM_DATA;
        final InetSocketAddress sender = address(buffer, index + Deliveries.DATAGRAM_ADDRESS, port);
        header.wrap(buffer, offset, frameLength);
        if (null == sender || header.validate() != FrameStatus.OK || header.viaListCount() != 1 ||
            header.routeListCount() != 1 || header.contentsLength() < CommonHeader.LENGTH)
        {
            counters.unlinkedDropped++;
            return;
        }
        final int word = CommonHeader.codeWord(buffer, header.contentsOffset());
        final PeerId destination = new PeerId(header.routeIdHi(0), header.routeIdLo(0));
        final PeerId origin = new PeerId(header.viaIdHi(0), header.viaIdLo(0));
        if (CommonHeader.isResponse(word) || CommonHeader.code(word) != MethodCode.PING ||
            !(destination.equals(PeerId.WILDCARD) || destination.equals(self)) || origin.equals(self) ||
            origin.equals(PeerId.WILDCARD))
        {
            counters.unlinkedDropped++;
            return;
        }
        final long transactionId = header.transactionId();
        if (!link(origin, sender))
        {
            counters.unlinkedDropped++;
            return;
        }
        counters.introsAnswered++;
        final int n = codec.encode(new ChordMessage(List.of(origin), List.of(self), ChordMessage.INITIAL_TTL,
            transactionId, new ChordMessage.PingResponse(random.nextLong(), -1, -1)), out, 0);
        command(proxy.routeFrame(out, 0, n), "intro answer");
        chord.onLinkUp(origin, clock.nanoTime());
    }

    private void onIntroResponse(final long txid, final long previousHi, final long previousLo)
    {
        final Intro intro = intros.remove(txid);
        // The answer names its sender in the via list when it had no link to this peer; a peer that still had one
        // (it had not noticed this peer restart) answers over it, and the link's id says who it is.
        final PeerId responder = header.viaListCount() > 0 ? new PeerId(header.viaIdHi(0), header.viaIdLo(0)) :
            new PeerId(previousHi, previousLo);
        // The intro link was keyed by the id expected (the wildcard for a bootstrap peer); key it by the responder.
        command(proxy.removeLink(intro.linkId()), "remove intro link");
        freeLinkIds.add(intro.linkId());
        if (responder.equals(PeerId.WILDCARD) || responder.equals(self) || (responder.hi() == 0 && responder.lo() == 0))
        {
            counters.badFrames++;
            return;
        }
        knownAddresses.put(responder, intro.address());
        final boolean starting = bootstrapping;
        if (starting)
        {
            bootstrapping = false;
            abandonBootstrapIntros();
        }
        if (!link(responder, intro.address()))
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        chord.onLinkUp(responder, nowNs);
        if (!starting)
        {
            return; // a link to a peer of known address, formed again (Transport.connect)
        }
        if (client)
        {
            // draft §3.2.3: everything goes through the admitting peer; this node answers only for its own id.
            admittingPeer = responder;
            final PeerId below = self.previous();
            transport.routing(below, Set.of(responder));
            log.accept("admitted as a client by " + responder + " at " + intro.address());
            return;
        }
        log.accept("bootstrap peer " + responder + " answered from " + intro.address() + "; joining");
        chord.start(responder, nowNs);
    }

    /** draft §5.1.2: a CONNECT request forms the link to the offered candidate; its response completes ours. */
    private void onConnect(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo,
        final boolean response)
    {
        final ConnectMessage connect = codec.decodeConnect(buffer, offset, length, previousHi, previousLo);
        if (null == connect)
        {
            if (response && codec.lastStatus() == ChordCodec.Status.ERROR_RESPONSE)
            {
                connects.complete(header.transactionId()); // refused; the Chord request behind it will time out
            }
            counters.badFrames++;
            return;
        }
        final InetSocketAddress candidate = hostCandidate(connect.offer());
        if (connect.response())
        {
            final PeerId peer = connects.complete(connect.transactionId());
            if (null == peer || null == candidate)
            {
                counters.badFrames++;
                return;
            }
            if (link(peer, candidate))
            {
                counters.connectsCompleted++;
                chord.onLinkUp(peer, clock.nanoTime());
            }
            return;
        }
        final PeerId origin = connect.origin(self);
        if (null == candidate || origin.equals(self))
        {
            counters.badFrames++;
            return;
        }
        if (null != destination && !destination.equals(self))
        {
            // draft §4.3: the peer asked for is not here; this one only holds its range.
            counters.errorsSent++;
            header.wrap(buffer, offset, length);
            final int n = builder.errorResponse(out, 0, header, previousHi, previousLo, MethodCode.CONNECT,
                ResponseCode.NOT_FOUND, new byte[0]);
            command(proxy.routeFrame(out, 0, n), "404");
            return;
        }
        // Form the link before answering: the forwarder applies commands in order, so the link exists before the
        // requester, told by the answer, sends over it.
        if (link(origin, candidate))
        {
            counters.connectsAnswered++;
            final int n = codec.encodeConnectResponse(buffer, offset, length, previousHi, previousLo, offer, out, 0);
            command(proxy.routeFrame(out, 0, n), "connect answer");
            chord.onLinkUp(origin, clock.nanoTime());
        }
    }

    /** This build links to the first UDP host candidate offered; ICE (a later issue) will check them all. */
    private static InetSocketAddress hostCandidate(final ConnectOffer offer)
    {
        for (final ConnectOffer.Candidate candidate : offer.candidates())
        {
            if (ConnectOffer.Candidate.TYPE_HOST.equals(candidate.type()) &&
                ConnectOffer.Candidate.TRANSPORT_UDP.equalsIgnoreCase(candidate.transport()) && candidate.port() > 0)
            {
                return new InetSocketAddress(candidate.address(), candidate.port());
            }
        }
        return null;
    }

    private void sendConnect(final long transactionId, final PeerId peer)
    {
        final int n = codec.encodeConnect(new ConnectMessage(List.of(peer), List.of(), ChordMessage.INITIAL_TTL,
            transactionId, false, offer), out, 0);
        command(proxy.routeFrame(out, 0, n), "connect");
    }

    /** Add or re-point the link to a peer; false if no link id is free. */
    private boolean link(final PeerId peer, final InetSocketAddress address)
    {
        final Link existing = links.get(peer);
        if (null != existing)
        {
            if (existing.address().equals(address))
            {
                return true;
            }
            command(proxy.removeLink(existing.id()), "re-point link");
            freeLinkIds.add(existing.id());
            links.remove(peer);
        }
        final Integer id = freeLinkIds.poll();
        if (null == id)
        {
            counters.linksRefused++;
            log.accept("link table full: refused a link to " + peer);
            return false;
        }
        final String host = address.getAddress() == null ? address.getHostString() :
            address.getAddress().getHostAddress();
        command(proxy.addUdpLink(id, peer.hi(), peer.lo(), routers.contains(peer), host, address.getPort()),
            "add link");
        links.put(peer, new Link(id, address));
        return true;
    }

    private void unlink(final PeerId peer)
    {
        final Link link = links.remove(peer);
        if (null != link)
        {
            command(proxy.removeLink(link.id()), "remove link");
            freeLinkIds.add(link.id());
        }
    }

    private boolean command(final boolean accepted, final String what)
    {
        if (!accepted)
        {
            // The command ring holds a megabyte; full means the forwarder has stopped taking commands.
            counters.commandsRefused++;
            log.accept("forwarder command ring full: " + what + " not sent");
        }
        return accepted;
    }

    private void saveCachedPeers()
    {
        if (null == dataDir)
        {
            return;
        }
        // draft §8.4: only directly connected peers; neighbours first, they are the likeliest to be there next time.
        final NeighborTable table = chord.neighbors();
        final Set<PeerId> order = new LinkedHashSet<>(table.successors());
        order.addAll(table.predecessors());
        order.addAll(chord.fingers());
        final List<CachedPeers.Entry> entries = new ArrayList<>();
        for (final PeerId peer : order)
        {
            final Link link = links.get(peer);
            if (null != link)
            {
                entries.add(new CachedPeers.Entry(peer, link.address()));
            }
        }
        if (entries.isEmpty() || entries.equals(savedCache))
        {
            return;
        }
        savedCache = entries;
        background.execute(() ->
        {
            try
            {
                CachedPeers.save(dataDir, entries);
            }
            catch (final java.io.IOException ex)
            {
                log.accept("cannot save cached peers: " + ex.getMessage());
            }
        });
    }

    private void publishStatus()
    {
        final NeighborTable table = chord.neighbors();
        final List<PeerId> fingers = new ArrayList<>();
        for (int i = 1; i <= io.relo.control.chord.FingerTable.SIZE; i++)
        {
            fingers.add(chord.finger(i));
        }
        status = new Status(self, chord.isJoined(), table.predecessors(), table.successors(),
            java.util.Collections.unmodifiableList(fingers), Set.copyOf(links.keySet()), joinedAtNs, admittingPeer);
    }

    private static InetSocketAddress address(final DirectBuffer buffer, final int offset, final int port)
    {
        final byte[] bytes = new byte[16];
        buffer.getBytes(offset, bytes);
        try
        {
            boolean mapped = true;
            for (int i = 0; i < 10; i++)
            {
                mapped &= bytes[i] == 0;
            }
            mapped &= bytes[10] == (byte)0xFF && bytes[11] == (byte)0xFF;
            final InetAddress address = mapped ?
                InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)) :
                InetAddress.getByAddress(bytes);
            return new InetSocketAddress(address, port);
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }

    /**
     * draft §4.1.4: a response to a request that asked for a route log carries the log back. ChordPeer answers while
     * the request is being handled, so the request's header is still at hand; the response is rebuilt around the
     * payload the codec wrote, by the one method that copies logs.
     */
    private int withRouteLog(final ChordMessage message, final int length)
    {
        if (null == handling || !message.body().isResponse() || handlingTransactionId != message.transactionId())
        {
            return length;
        }
        handlingHeader.wrap(handling, handlingOffset, handlingLength);
        if (!handlingHeader.routeLogFlag() || handlingHeader.validate() != FrameStatus.OK)
        {
            return length;
        }
        header.wrap(out, 0, length);
        if (contents.wrap(out, header.contentsOffset(), length) < 0)
        {
            return length;
        }
        final int word = contents.code();
        frameCopy.putBytes(0, out, contents.payloadOffset(), contents.payloadLength());
        return builder.response(out, 0, handlingHeader, handlingPreviousHi, handlingPreviousLo, contents.reserved(),
            CommonHeader.code(word), frameCopy, 0, contents.payloadLength());
    }

    /** The conductor's side of {@link ChordTransport}: frames to the forwarder, links by CONNECT. */
    private final class Transport implements ChordTransport
    {
        public void send(final ChordMessage message)
        {
            final int n = withRouteLog(message, codec.encode(message, out, 0));
            command(proxy.routeFrame(out, 0, n), "route frame");
        }

        public void connect(final PeerId peer)
        {
            if (links.containsKey(peer))
            {
                chord.onLinkUp(peer, clock.nanoTime());
                return;
            }
            final InetSocketAddress known = knownAddresses.get(peer);
            if (null != known && !bootstrapping)
            {
                // A CONNECT is routed through this peer's ring and cannot reach a peer of another ring (after a
                // partition, draft §7.4 ring check in ChordPeer); a known address can be introduced to directly.
                sendIntro(known, peer);
                return;
            }
            long transactionId = random.nextLong();
            while (connects.isPending(transactionId))
            {
                transactionId = random.nextLong();
            }
            connects.start(transactionId, peer, clock.nanoTime());
            counters.connectsSent++;
            sendConnect(transactionId, peer);
        }

        public void disconnect(final PeerId peer)
        {
            unlink(peer);
        }

        public void routing(final PeerId predecessor, final Collection<PeerId> routerSet)
        {
            routers = Set.copyOf(routerSet);
            command(proxy.setLocal(self.hi(), self.lo(), predecessor.hi(), predecessor.lo()), "set local");
            final long[] hi = new long[routerSet.size()];
            final long[] lo = new long[routerSet.size()];
            int n = 0;
            for (final PeerId router : routerSet)
            {
                hi[n] = router.hi();
                lo[n] = router.lo();
                n++;
            }
            command(proxy.setRouters(hi, lo, n), "set routers");
        }
    }
}
