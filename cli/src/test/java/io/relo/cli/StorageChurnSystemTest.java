package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.chord.RingOracle;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 5's churn test: sixteen {@code relo peer} processes on UDP loopback, each journaling its store in its own
 * data directory, go through thirty SIGKILL and restart cycles while a client node in this JVM keeps storing (draft
 * §5.2.1). No three consecutive peers of the ring are ever down together, counting a restarted peer as down until
 * it has rejoined and had time to be repaired, so every value always has a live copy (draft §7.3: the responsible
 * peer and its two successors). At the end every acknowledged value is fetched: none may be lost, and each FETCH
 * must return the newest acknowledged value of its resource, not an older one (§3.7: storage time orders them).
 */
@Tag("system")
class StorageChurnSystemTest
{
    private static final String HOST = "127.0.0.1";
    private static final String OVERLAY = "churn-test.relo.example";
    private static final int PEERS = 16;
    private static final int ANCHOR = 0;
    private static final int CYCLES = 30;
    private static final int ACKNOWLEDGED_MIN = 10_000;
    private static final int OUTSTANDING = 64;
    private static final int HOT_RESOURCES = 300;
    private static final int STORES_PER_SECOND = 100;
    private static final int CONCURRENT_CYCLES = 5;
    private static final long KILL_GAP_MS = 800;
    private static final long DOWN_MS_MIN = 1_500;
    private static final long DOWN_MS_SPREAD = 1_500;
    /** A rejoined peer counts as down this long: a repair interval and a second, for its data to reach it. */
    private static final long SETTLE_MS = 3_000;
    private static final long UPDATE_FREQUENCY_SECONDS = 2;
    private static final long T1_MS = 100;
    private static final long FORM_TIMEOUT_MS = 180_000;
    private static final long REJOIN_TIMEOUT_MS = 120_000;
    private static final long STORAGE_SETTLE_MS = 60_000;
    /**
     * A restarted peer still joining after this long is killed and started again: a JOIN through a peer whose own
     * successor had just died was seen to leave the joiner in "joining" for minutes (a chord issue, not storage).
     */
    private static final long STUCK_JOIN_MS = 40_000;
    private static final long STAGGER_MS = 700;
    private static final int TURN = KindId.TURN_SERVICE;
    /** Small heaps for sixteen JVMs on two cores; the per-storer quota raised, since one client stores it all. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx96m",
        "-Drelo.storage.storer.max.values=1000000", "-Drelo.storage.storer.max.bytes=268435456");
    private static final Pattern COUNTER = Pattern.compile("\"([^\"]+)\":(\\d+)");

    @TempDir
    private Path temp;

    private final List<ChildPeer> peers = new ArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private int stuckJoins;
    private final long startMs = System.currentTimeMillis();
    private Path jar;
    private Path config;
    private PeerNode client;
    private AgentRunner clientForwarder;
    private AgentRunner clientConductor;

    private enum State
    {
        UP, DOWN, REJOINING, SETTLING
    }

    /** One {@code relo peer} process and what the churn has done to it. */
    private static final class ChildPeer
    {
        private final int index;
        private final PeerId id;
        private final int port;
        private final Path dir;
        private Process process;
        private State state = State.UP;
        private long dueMs;
        private long restartedMs;

        private ChildPeer(final int index, final PeerId id, final int port, final Path dir)
        {
            this.index = index;
            this.id = id;
            this.port = port;
            this.dir = dir;
        }
    }

    @AfterEach
    void stopAll()
    {
        for (final ChildPeer peer : peers)
        {
            if (null != peer.process)
            {
                peer.process.destroyForcibly();
            }
        }
        CloseHelper.quietCloseAll(clientConductor, clientForwarder, client);
    }

    @Test
    void shouldLoseNoAcknowledgedValueAndFetchTheNewestAfterThirtyKill9Cycles() throws Exception
    {
        jar = Path.of(System.getProperty("relo.jar", "target/relo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn verify', which builds it in package " +
            "before failsafe runs this test");
        final int[] ports = ChildJvm.freeUdpPorts(HOST, PEERS);
        config = temp.resolve("overlay.xml");
        Files.writeString(config, String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<overlays xmlns=\"urn:ietf:params:xml:ns:p2p:overlay\">",
            "  <overlay name=\"" + OVERLAY + "\" expiration=\"86400\">",
            "    <dht name=\"chord-128-2-8\"/>",
            "    <bootstrap-peer address=\"" + HOST + "\" port=\"" + ports[ANCHOR] + "\"/>",
            "    <chord-128-2-8-update-frequency>" + UPDATE_FREQUENCY_SECONDS +
                "</chord-128-2-8-update-frequency>",
            "    <chord-128-2-8-ping-frequency>2</chord-128-2-8-ping-frequency>",
            "  </overlay>",
            "</overlays>"));
        final Random random = new Random(16);
        for (int i = 0; i < PEERS; i++)
        {
            peers.add(new ChildPeer(i, new PeerId(random.nextLong(), random.nextLong()), ports[i],
                temp.resolve("peer" + i)));
        }
        final List<ChildPeer> ring = new ArrayList<>(peers);
        ring.sort(Comparator.comparing(peer -> peer.id));

        start(peers.get(ANCHOR));
        awaitRing(List.of(peers.get(ANCHOR)));
        for (final ChildPeer peer : peers)
        {
            if (peer.index != ANCHOR)
            {
                Thread.sleep(STAGGER_MS);
                start(peer);
            }
        }
        awaitRing(peers);
        final long formedMs = System.currentTimeMillis();
        event("ring of " + PEERS + " formed");

        startClient(new InetSocketAddress(HOST, ports[ANCHOR]), random.nextLong());
        final Workload workload = new Workload(client.conductor(), System.currentTimeMillis() / 1000, 5);
        final Thread storer = new Thread(workload, "churn-storer");
        storer.start();

        churn(ring, random, workload);
        final long ackedDuringChurn = workload.acknowledged.get();
        final long churnEndMs = System.currentTimeMillis();
        while (workload.acknowledged.get() < ACKNOWLEDGED_MIN)
        {
            Thread.sleep(100);
        }
        workload.stop();
        storer.join();
        assertTrue(workload.drain(64 * T1_MS + 5_000), "every STORE answered or timed out (draft §4.4)");
        awaitRing(peers);
        Thread.sleep(2 * TimeUnit.SECONDS.toMillis(UPDATE_FREQUENCY_SECONDS) + 500); // two repairs (§7.5.3)
        final long storageSettledMs = awaitStorageSettled();
        event("settled; storage quiet after " + storageSettledMs + " ms; fetching");

        final Verdict verdict = fetchAll(workload);
        final long endMs = System.currentTimeMillis();
        final Map<String, Long> counters = storageCounters();

        final StringBuilder report = new StringBuilder()
            .append("storage churn: ").append(PEERS).append(" peers, ").append(CYCLES).append(" kill -9 cycles\n")
            .append("  STOREs sent            ").append(workload.sent.get()).append('\n')
            .append("  acknowledged           ").append(workload.acknowledged.get()).append(" (")
            .append(ackedDuringChurn).append(" during the churn), ").append(workload.newest.size())
            .append(" resources, ").append(HOT_RESOURCES).append(" of them updated repeatedly\n")
            .append("  store errors by code   ").append(new TreeMap<>(workload.errors)).append('\n')
            .append("  fetched                ").append(verdict.fetched).append('\n')
            .append("  lost                   ").append(verdict.lost.size()).append('\n')
            .append("  stale                  ").append(verdict.stale.size()).append('\n')
            .append("  unanswered FETCHes     ").append(verdict.unanswered.size()).append('\n')
            .append("  newer than acknowledged ").append(verdict.newerThanAcknowledged)
            .append(" (a STORE that timed out but took effect)\n")
            .append("  restarts stuck joining ").append(stuckJoins).append('\n')
            .append("  elapsed                ").append(endMs - startMs).append(" ms (ring formed after ")
            .append(formedMs - startMs).append(" ms, churn ").append(churnEndMs - formedMs).append(" ms, fetch ")
            .append(endMs - verdict.startMs).append(" ms)\n")
            .append("  storage counters, summed over the running peers (they restart at zero with a peer):\n");
        counters.forEach((name, value) -> report.append("    ").append(name).append(": ").append(value).append('\n'));
        synchronized (events)
        {
            // a restart stuck joining is a Chord problem the test works around: say which, with the peer's log
            events.stream().filter(line -> line.contains("still joining")).forEach(line ->
                report.append("  ").append(line).append('\n'));
        }
        System.out.println(report);

        if (!verdict.lost.isEmpty() || !verdict.stale.isEmpty() || !verdict.unanswered.isEmpty())
        {
            keepLogs();
            final List<PeerId> ids = ring.stream().map(peer -> peer.id).toList();
            final StringBuilder why = new StringBuilder(report).append("churn events:\n");
            events.forEach(line -> why.append("  ").append(line).append('\n'));
            describe(why, "lost", verdict.lost, workload, ids);
            describe(why, "stale", verdict.stale, workload, ids);
            describe(why, "unanswered", verdict.unanswered, workload, ids);
            fail(why.toString());
        }
        assertTrue(workload.acknowledged.get() >= ACKNOWLEDGED_MIN, report.toString());
        assertEquals(workload.newest.size(), verdict.fetched, "every acknowledged resource was fetched");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Churn
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Kill -9 a random peer, never the anchor, at most {@link #CONCURRENT_CYCLES} at a time, and restart it with
     * its data directory and id a few seconds later; until {@link #CYCLES} kills have happened and every peer is up.
     */
    private void churn(final List<ChildPeer> ring, final Random random, final Workload workload) throws Exception
    {
        int kills = 0;
        long nextKillMs = 0;
        long nextProgressMs = 0;
        final long deadline = System.currentTimeMillis() + CYCLES * REJOIN_TIMEOUT_MS;
        while (kills < CYCLES || peers.stream().anyMatch(peer -> peer.state != State.UP))
        {
            final long now = System.currentTimeMillis();
            for (final ChildPeer peer : peers)
            {
                if (peer.state == State.DOWN && now >= peer.dueMs)
                {
                    start(peer);
                    peer.state = State.REJOINING;
                    peer.dueMs = now + REJOIN_TIMEOUT_MS;
                    peer.restartedMs = now;
                    event("restart peer" + peer.index);
                }
                else if (peer.state == State.REJOINING)
                {
                    final Path status = peer.dir.resolve(PeerCommand.STATUS_FILE);
                    if (Files.exists(status) && Files.readString(status).contains("\"joined\":true"))
                    {
                        peer.state = State.SETTLING;
                        peer.dueMs = now + SETTLE_MS;
                        event("peer" + peer.index + " joined");
                    }
                    else if (now - peer.restartedMs > STUCK_JOIN_MS && now <= peer.dueMs - STUCK_JOIN_MS)
                    {
                        stuckJoins++;
                        event("peer" + peer.index + " still joining after " + STUCK_JOIN_MS + " ms: kill -9 and " +
                            "start again\n" + PeerStatusFiles.tail(temp.resolve("peer" + peer.index + ".out"), 4));
                        kill(peer);
                        start(peer);
                        peer.restartedMs = now;
                    }
                    else if (now > peer.dueMs)
                    {
                        keepLogs();
                        fail("peer" + peer.index + " did not rejoin within " + REJOIN_TIMEOUT_MS + " ms:\n" +
                            PeerStatusFiles.tail(temp.resolve("peer" + peer.index + ".out"), 30) +
                            PeerStatusFiles.tail(temp.resolve("peer" + peer.index + ".err"), 30));
                    }
                }
                else if (peer.state == State.SETTLING && now >= peer.dueMs)
                {
                    peer.state = State.UP;
                }
            }
            final long cycles = peers.stream().filter(peer -> peer.state != State.UP).count();
            if (kills < CYCLES && now >= nextKillMs && cycles < CONCURRENT_CYCLES)
            {
                final List<ChildPeer> candidates = new ArrayList<>();
                for (final ChildPeer peer : peers)
                {
                    if (peer.index != ANCHOR && peer.state == State.UP && mayKill(ring, peer))
                    {
                        candidates.add(peer);
                    }
                }
                if (!candidates.isEmpty())
                {
                    final ChildPeer victim = candidates.get(random.nextInt(candidates.size()));
                    kill(victim);
                    victim.state = State.DOWN;
                    victim.dueMs = now + DOWN_MS_MIN + random.nextLong(DOWN_MS_SPREAD);
                    kills++;
                    nextKillMs = now + KILL_GAP_MS;
                    event("kill -9 peer" + victim.index + " (" + kills + "/" + CYCLES + "), ring position " +
                        ring.indexOf(victim) + ", down: " + down(ring));
                }
            }
            if (now >= nextProgressMs)
            {
                nextProgressMs = now + 10_000;
                final Map<String, Long> counters = storageCounters();
                event("sent " + workload.sent.get() + ", acknowledged " + workload.acknowledged.get() + ", errors " +
                    workload.errors + ", down: " + down(ring) + ", pushes sent " + counters.get("pushes sent") +
                    ", replicas accepted " + counters.get("replica requests accepted") + ", refused " +
                    counters.get("replica requests refused here"));
            }
            if (now > deadline)
            {
                fail("the churn did not finish: " + events);
            }
            Thread.sleep(50);
        }
    }

    /** At most two of any three consecutive peers of the whole ring down, counting the candidate. */
    private static boolean mayKill(final List<ChildPeer> ring, final ChildPeer candidate)
    {
        final int n = ring.size();
        for (int i = 0; i < n; i++)
        {
            int down = 0;
            for (int j = 0; j < 3; j++)
            {
                final ChildPeer peer = ring.get((i + j) % n);
                if (peer == candidate || peer.state != State.UP)
                {
                    down++;
                }
            }
            if (down > 2)
            {
                return false;
            }
        }
        return true;
    }

    private static String down(final List<ChildPeer> ring)
    {
        final StringBuilder positions = new StringBuilder();
        for (int i = 0; i < ring.size(); i++)
        {
            positions.append(ring.get(i).state == State.UP ? '.' : 'x');
        }
        return positions.toString();
    }

    private void start(final ChildPeer peer) throws IOException
    {
        peer.process = new ProcessBuilder(ChildJvm.command(jar, JVM_OPTIONS, "peer", "--config", config.toString(),
            "--id", peer.id.toString(), "--listen", HOST + ":" + peer.port, "--data-dir", peer.dir.toString(),
            "--t1-ms", Long.toString(T1_MS)))
            .redirectOutput(Redirect.appendTo(temp.resolve("peer" + peer.index + ".out").toFile()))
            .redirectError(Redirect.appendTo(temp.resolve("peer" + peer.index + ".err").toFile()))
            .start();
    }

    private void kill(final ChildPeer peer) throws Exception
    {
        peer.process.destroyForcibly();
        assertTrue(peer.process.waitFor(10, TimeUnit.SECONDS), "peer" + peer.index + " dies on SIGKILL");
        // its restart must write a new one before it counts as joined
        Files.deleteIfExists(peer.dir.resolve(PeerCommand.STATUS_FILE));
    }

    private void awaitRing(final List<ChildPeer> live) throws Exception
    {
        final List<PeerId> ids = live.stream().map(peer -> peer.id).toList();
        final List<PeerId> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        final List<Path> dirs = live.stream().map(peer -> peer.dir).toList();
        final long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MS;
        String mismatch;
        while (null != (mismatch = PeerStatusFiles.mismatch(sorted, ids, dirs)))
        {
            if (System.currentTimeMillis() > deadline)
            {
                keepLogs();
                fail("the ring did not form within " + FORM_TIMEOUT_MS + " ms: " + mismatch);
            }
            Thread.sleep(200);
        }
    }

    private void event(final String what)
    {
        final String line = (System.currentTimeMillis() - startMs) + " ms: " + what;
        events.add(line);
        System.out.println(line);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The client and its workload
    // ------------------------------------------------------------------------------------------------------------

    private void startClient(final InetSocketAddress anchor, final long seed)
    {
        final Random random = new Random(seed);
        final ControlConductor.Timing timing = new ControlConductor.Timing(
            TimeUnit.SECONDS.toNanos(UPDATE_FREQUENCY_SECONDS), TimeUnit.SECONDS.toNanos(2),
            TimeUnit.MILLISECONDS.toNanos(T1_MS));
        client = new PeerNode(new PeerId(random.nextLong(), random.nextLong()), OVERLAY,
            new InetSocketAddress(HOST, 0), List.of(anchor), null, timing, random, Runnable::run,
            line -> events.add((System.currentTimeMillis() - startMs) + " ms: client: " + line)).asClient();
        clientForwarder = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
            client.forwarder());
        clientConductor = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
            client.conductor());
        AgentRunner.startOnThread(clientForwarder);
        AgentRunner.startOnThread(clientConductor);
        final long deadline = System.currentTimeMillis() + 30_000;
        while (null == client.conductor().status() || null == client.conductor().status().admittedBy())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("the client was not admitted by the anchor within 30 s: " + events);
            }
            Thread.yield();
        }
    }

    /** An acknowledged version of a resource and when its 200 came. */
    /** The newest acknowledged STORE of a resource, and the peer that acknowledged it. */
    private record Ack(long version, long atMs, PeerId by)
    {
    }

    /**
     * STOREs at a bounded number outstanding and a bounded rate: each to a new resource, or an update with a later
     * storage time of one of {@link #HOT_RESOURCES} resources (one outstanding per resource, so that they arrive
     * in order). Records the newest acknowledged version of each resource.
     */
    private static final class Workload implements Runnable
    {
        private final ControlConductor client;
        private final long baseSeconds;
        private final long seed;
        private final Semaphore window = new Semaphore(OUTSTANDING);
        private final AtomicIntegerArray hotBusy = new AtomicIntegerArray(HOT_RESOURCES);
        private final long[] hotVersion = new long[HOT_RESOURCES];
        private final Map<Integer, Ack> newest = new ConcurrentHashMap<>();
        private final Map<Integer, Long> errors = new ConcurrentHashMap<>();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong acknowledged = new AtomicLong();
        private final long startMs = System.currentTimeMillis();
        private volatile boolean stopped;
        private int nextResource = HOT_RESOURCES;

        private Workload(final ControlConductor client, final long baseSeconds, final long seed)
        {
            this.client = client;
            this.baseSeconds = baseSeconds;
            this.seed = seed;
        }

        PeerId resource(final int index)
        {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
            return new PeerId(random.nextLong(), random.nextLong());
        }

        static String content(final int index, final long version)
        {
            return "resource " + index + " version " + version;
        }

        long storageTime(final long version)
        {
            return baseSeconds + version;
        }

        @Override
        public void run()
        {
            final Random random = new Random(seed);
            try
            {
                while (!stopped)
                {
                    final long due = startMs + sent.get() * 1000 / STORES_PER_SECOND;
                    if (System.currentTimeMillis() < due)
                    {
                        Thread.sleep(Math.min(20, due - System.currentTimeMillis()) + 1);
                        continue;
                    }
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                    {
                        continue;
                    }
                    int index = -1;
                    long version = 1;
                    if (random.nextBoolean())
                    {
                        final int hot = random.nextInt(HOT_RESOURCES);
                        if (hotBusy.compareAndSet(hot, 0, 1))
                        {
                            index = hot;
                            version = ++hotVersion[hot];
                        }
                    }
                    if (index < 0)
                    {
                        index = nextResource++;
                    }
                    store(index, version);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void store(final int index, final long version)
        {
            sent.incrementAndGet();
            final List<StoreTypeData> data = List.of(new StoreTypeData(TURN, 0, List.of(new SingleValueEntry(
                StoredValue.of(storageTime(version), 86_400, Opaque.copyOf(content(index, version)
                    .getBytes(StandardCharsets.UTF_8)), Opaque.EMPTY)))));
            client.store(resource(index), data, new io.relo.control.storage.StorageClient.Reply()
            {
                public void onReply(final StorageMessage.Body answer, final int hops)
                {
                    onReply(answer, hops, null);
                }

                public void onReply(final StorageMessage.Body answer, final int hops, final PeerId responder)
                {
                    try
                    {
                        if (answer instanceof StorageMessage.StoreAnswer)
                        {
                            acknowledged.incrementAndGet();
                            newest.merge(index, new Ack(version, System.currentTimeMillis(), responder),
                                (a, b) -> a.version() >= b.version() ? a : b);
                        }
                        else if (answer instanceof StorageMessage.ErrorAnswer error)
                        {
                            errors.merge(error.code(), 1L, Long::sum);
                        }
                    }
                    finally
                    {
                        if (index < HOT_RESOURCES)
                        {
                            hotBusy.set(index, 0);
                        }
                        window.release();
                    }
                }
            });
        }

        void stop()
        {
            stopped = true;
        }

        boolean drain(final long timeoutMs) throws InterruptedException
        {
            if (window.tryAcquire(OUTSTANDING, timeoutMs, TimeUnit.MILLISECONDS))
            {
                window.release(OUTSTANDING);
                return true;
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The verdict
    // ------------------------------------------------------------------------------------------------------------

    /** What the FETCHes found. */
    private static final class Verdict
    {
        private final long startMs = System.currentTimeMillis();
        private final ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
        private long fetched;
        private long newerThanAcknowledged;
    }

    private Verdict fetchAll(final Workload workload) throws InterruptedException
    {
        final Verdict verdict = new Verdict();
        final AtomicLong fetched = new AtomicLong();
        final AtomicLong newer = new AtomicLong();
        List<Integer> pending = new ArrayList<>(new TreeMap<>(workload.newest).keySet());
        for (int round = 0; round < 3 && !pending.isEmpty(); round++)
        {
            final List<Integer> retry = Collections.synchronizedList(new ArrayList<>());
            final Semaphore window = new Semaphore(OUTSTANDING);
            for (final int index : pending)
            {
                window.acquire();
                final Ack ack = workload.newest.get(index);
                client.conductor().fetch(workload.resource(index),
                    List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE)),
                    new io.relo.control.storage.StorageClient.Reply()
                    {
                        public void onReply(final StorageMessage.Body answer, final int hops)
                        {
                            onReply(answer, hops, null);
                        }

                        public void onReply(final StorageMessage.Body answer, final int hops, final PeerId responder)
                        {
                            try
                            {
                                judge(workload, verdict, index, ack, answer, responder, retry, fetched, newer);
                            }
                            finally
                            {
                                window.release();
                            }
                        }
                    });
            }
            window.acquire(OUTSTANDING);
            pending = retry;
        }
        for (final int index : pending)
        {
            verdict.unanswered.add(index + " acknowledged version " + workload.newest.get(index).version());
        }
        verdict.fetched = fetched.get();
        verdict.newerThanAcknowledged = newer.get();
        return verdict;
    }

    private void judge(
        final Workload workload, final Verdict verdict, final int index, final Ack ack, final StorageMessage.Body answer,
        final PeerId responder, final List<Integer> retry, final AtomicLong fetched, final AtomicLong newer)
    {
        if (!(answer instanceof StorageMessage.FetchAnswer fetch))
        {
            retry.add(index);
            return;
        }
        fetched.incrementAndGet();
        final String what = index + " acknowledged version " + ack.version() + " at " + (ack.atMs() - startMs) +
            " ms by peer" + peerIndex(ack.by()) + ", FETCH answered by peer" + peerIndex(responder);
        final List<io.relo.control.storage.StoredData> values = fetch.responses().isEmpty() ? List.of() :
            fetch.responses().get(0).values();
        final StoredValue value = values.isEmpty() ? null : values.get(0).value();
        if (null == value || !value.exists())
        {
            verdict.lost.add(what);
            return;
        }
        final long version = value.storageTime() - workload.baseSeconds;
        final String text = new String(value.value().toByteArray(), StandardCharsets.UTF_8);
        if (!text.equals(Workload.content(index, version)))
        {
            verdict.stale.add(what + ": fetched '" + text + "' at storage time +" + version);
        }
        else if (version < ack.version())
        {
            verdict.stale.add(what + ": fetched version " + version);
        }
        else if (version > ack.version())
        {
            newer.incrementAndGet();
        }
    }

    private void describe(
        final StringBuilder why, final String what, final ConcurrentLinkedQueue<String> resources,
        final Workload workload, final List<PeerId> ring)
    {
        if (resources.isEmpty())
        {
            return;
        }
        why.append(what).append(" (").append(resources.size()).append(", first 30):\n");
        resources.stream().limit(30).forEach(line ->
        {
            final int index = Integer.parseInt(line.substring(0, line.indexOf(' ')));
            final PeerId resource = workload.resource(index);
            final PeerId responsible = RingOracle.responsible(ring, resource);
            final int position = ring.indexOf(responsible);
            why.append("  resource ").append(line).append(", id ").append(resource).append(", responsible peer")
                .append(peerIndex(responsible)).append(" (ring position ").append(position).append("), replicas peer")
                .append(peerIndex(ring.get((position + 1) % ring.size()))).append(" and peer")
                .append(peerIndex(ring.get((position + 2) % ring.size()))).append("; held by ")
                .append(holders(resource, ring, position, workload)).append('\n');
        });
    }

    /** Ask the peers from two before the responsible one to three after it, each directly, what they hold there. */
    private String holders(
        final PeerId resource, final List<PeerId> ring, final int position, final Workload workload)
    {
        final StringBuilder held = new StringBuilder();
        for (int k = -2; k <= 3; k++)
        {
            final PeerId peer = ring.get(Math.floorMod(position + k, ring.size()));
            final java.util.concurrent.CompletableFuture<StorageMessage.Body> answer =
                new java.util.concurrent.CompletableFuture<>();
            client.conductor().fetchFrom(peer, resource, List.of(new io.relo.control.storage.FetchTypeData(
                io.relo.codec.KindId.TURN_SERVICE, -1L, io.relo.control.storage.FetchDataReference.SingleValue.INSTANCE)),
                (body, hops) -> answer.complete(body));
            String what;
            try
            {
                final StorageMessage.Body body = answer.get(5, TimeUnit.SECONDS);
                what = body instanceof StorageMessage.FetchAnswer fetch && !fetch.responses().isEmpty() &&
                    !fetch.responses().get(0).values().isEmpty() &&
                    fetch.responses().get(0).values().get(0).value().exists() ? "version " +
                    (fetch.responses().get(0).values().get(0).value().storageTime() - workload.baseSeconds) : "no";
            }
            catch (final Exception ex)
            {
                what = "no answer";
            }
            held.append(held.length() == 0 ? "" : " ").append("peer").append(peerIndex(peer)).append(k == 0 ? "(responsible)" : "")
                .append('=').append(what);
        }
        return held.toString();
    }

    private int peerIndex(final PeerId id)
    {
        for (final ChildPeer peer : peers)
        {
            if (peer.id.equals(id))
            {
                return peer.index;
            }
        }
        return -1;
    }

    /**
     * Wait until no peer has a push queued, waiting to be retried or in flight, nor an answer waiting for replicas,
     * three times in a row a second apart: the ring has settled, and now the data it moves must have arrived
     * (draft §7.4, §7.5.2) before a FETCH may expect it at the responsible peer. At most {@link #STORAGE_SETTLE_MS}.
     *
     * @return how long it took; the fetch goes ahead after the bound too, and the report says so.
     */
    private long awaitStorageSettled() throws Exception
    {
        final long start = System.currentTimeMillis();
        int quiet = 0;
        while (quiet < 3 && System.currentTimeMillis() - start < STORAGE_SETTLE_MS)
        {
            final Long pending = storageCounters().get("pushes and answers pending");
            quiet = null != pending && pending == 0 ? quiet + 1 : 0;
            Thread.sleep(1_000);
        }
        if (quiet < 3)
        {
            event("storage still moving data after " + STORAGE_SETTLE_MS + " ms: " + storageCounters());
        }
        return System.currentTimeMillis() - start;
    }

    /** The storage counters every running peer last wrote to its status.json, summed by name. */
    private Map<String, Long> storageCounters() throws IOException
    {
        final Map<String, Long> sums = new java.util.LinkedHashMap<>();
        for (final ChildPeer peer : peers)
        {
            final Path status = peer.dir.resolve(PeerCommand.STATUS_FILE);
            if (!Files.exists(status))
            {
                continue; // down
            }
            final String json = Files.readString(status);
            final int storage = json.indexOf("\"storage\":{");
            if (storage < 0)
            {
                continue;
            }
            final Matcher m = COUNTER.matcher(json.substring(storage + "\"storage\":".length()));
            while (m.find())
            {
                sums.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return sums;
    }

    /** The peers' logs outlive the temporary directory when the test fails. */
    private void keepLogs() throws IOException
    {
        final Path kept = Path.of("target", "storage-churn-logs").toAbsolutePath();
        Files.createDirectories(kept);
        for (final ChildPeer peer : peers)
        {
            for (final String suffix : List.of(".out", ".err"))
            {
                final Path log = temp.resolve("peer" + peer.index + suffix);
                if (Files.exists(log))
                {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            final Path status = peer.dir.resolve(PeerCommand.STATUS_FILE);
            if (Files.exists(status))
            {
                Files.copy(status, kept.resolve("peer" + peer.index + ".status.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(kept.resolve("events.txt"), events);
        System.out.println("peer logs kept in " + kept);
    }
}
