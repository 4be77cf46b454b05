package io.relo.control.sim;

import io.relo.control.chord.ChordMessage;
import io.relo.control.storage.DataStoreContext;
import io.relo.control.storage.KindRegistry;
import io.relo.control.chord.ChordPeer;
import io.relo.control.chord.FingerTable;
import io.relo.control.chord.NeighborTable;
import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The scenario runner behind {@code relo sim}: grows a chord-128-2-8 ring of {@link ChordPeer}s on a seeded
 * {@link SimNetwork}, then measures lookups, maintenance traffic, convergence after join, leave and crash bursts,
 * churn and a partition, all in virtual time, so that a report is a function of its {@link Options}.
 * <p>
 * Phases, in order: join (grow the ring in batches through bootstrap peers that have joined, then wait for the
 * neighbour tables to match the sorted ring); settle (let the periodic finger PINGs of draft §7.5.3 refresh the
 * fingers found while the ring was smaller); stable lookups; a quiet window with no lookups for the maintenance
 * rate; a join burst, a leave burst and a crash burst, each followed by a convergence wait and lookups; churn if
 * asked; a partition if asked.
 * <p>
 * A lookup succeeds when the peer that answers it is the one responsible for the key in the sorted ring of live
 * peers (draft §7.1), either when the lookup was issued or when it was answered: under churn the responsible peer
 * can change while the lookup is on its way.
 */
public final class Simulation
{
    /** The hop goal of the simulator's issue: mean hops at or under ½·log2 N + 1. */
    public static final double GOAL_HALF_LOG2_PLUS = 1.0;

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** How often the ring oracle is consulted while waiting for convergence: the resolution of convergence times. */
    private static final long CHECK_INTERVAL_NS = SECOND;
    /** How often a join batch is checked for completion. */
    private static final long JOIN_CHECK_NS = 100 * MS;
    /** Each join batch adds this share of the peers joined so far: concurrent joins spread over the ring. */
    private static final double JOIN_GROWTH = 0.25;
    /** A bootstrap peer holds fewer links than this, so that the joiner's link is not refused. */
    private static final int BOOTSTRAP_LINK_LIMIT = SimNetwork.LINK_CAPACITY * 3 / 4;
    /** How long a peer has been in the overlay before it serves as a bootstrap peer (see bootstrapPeer). */
    private static final long BOOTSTRAP_MIN_AGE_NS = 10 * SECOND;
    /** How long a leaving peer keeps forwarding after its LEAVEs (draft §7.6). */
    private static final long LEAVE_GRACE_NS = 2 * SECOND;
    /** Progress is reported at most this often in virtual time during long waits. */
    private static final long PROGRESS_NS = 10 * SECOND;
    private static final int HOP_BUCKETS = ChordMessage.INITIAL_TTL + 2;

    /**
     * What to simulate. Times are virtual nanoseconds.
     *
     * @param peers              peers in the ring after the join phase.
     * @param seed               seeds the network model and every peer; the same options give the same report.
     * @param churnPerMinute     churn rate: the fraction of the peers replaced per minute during the churn phase, each
     *                           replacement a crash of a random live peer and a join of a new one; 0 for no churn.
     * @param loss               probability that a frame is lost on a link; above 0, requests are retransmitted.
     * @param minLatencyNs       one-way link latency, lower bound.
     * @param maxLatencyNs       one-way link latency, upper bound (uniform per frame in between).
     * @param updateIntervalNs   chord-128-2-8-update-frequency (draft §7.5.3; the draft suggests 600 s).
     * @param fingerIntervalNs   chord-128-2-8-ping-frequency (draft §7.5.3; the draft suggests 3600 s).
     * @param t1Ns               RFC 3261 T1; requests time out after 64 × T1 (draft §4.4).
     * @param fingers            finger table entries: 8 is chord-128-2-8; anything else is an experiment.
     * @param lookups            lookups per measurement: stable phase, after each burst, during and after churn, after
     *                           the partition.
     * @param joinBurst          fraction of the peers that join at once in the join burst.
     * @param leaveBurst         fraction of the peers that leave at once in the leave burst.
     * @param crashBurst         fraction of the peers that crash at once in the crash burst, no two adjacent.
     * @param settleNs           how long the ring runs after the join phase before the stable lookups.
     * @param quietNs            the quiet window over which maintenance traffic is counted.
     * @param churnNs            how long churn lasts.
     * @param partitionNs        how long the network is split in two, or 0 for no partition.
     * @param convergenceLimitNs the longest wait for convergence after a burst, churn or a partition.
     */
    public record Options(
        int peers,
        long seed,
        double churnPerMinute,
        double loss,
        long minLatencyNs,
        long maxLatencyNs,
        long updateIntervalNs,
        long fingerIntervalNs,
        long t1Ns,
        int fingers,
        int lookups,
        double joinBurst,
        double leaveBurst,
        double crashBurst,
        long settleNs,
        long quietNs,
        long churnNs,
        long partitionNs,
        long convergenceLimitNs)
    {
        /** Default one-way latency, lower bound. */
        public static final long MIN_LATENCY_DEFAULT_NS = 10 * MS;
        /** Default one-way latency, upper bound. */
        public static final long MAX_LATENCY_DEFAULT_NS = 100 * MS;
        /** Default update interval: shorter than the draft's 600 s so that a run sees many rounds. */
        public static final long UPDATE_INTERVAL_DEFAULT_NS = 60 * SECOND;
        /** Default finger PING interval: shorter than the draft's 3600 s, for the same reason. */
        public static final long FINGER_INTERVAL_DEFAULT_NS = 300 * SECOND;
        /** Default T1, RFC 3261's 500 ms. */
        public static final long T1_DEFAULT_NS = 500 * MS;
        /** Default lookups per measurement. */
        public static final int LOOKUPS_DEFAULT = 10_000;
        /** Default size of each burst, as a fraction of the peers. */
        public static final double BURST_DEFAULT = 0.05;
        /** Default settling time after the join phase: two finger PING intervals. */
        public static final long SETTLE_DEFAULT_NS = 2 * FINGER_INTERVAL_DEFAULT_NS;
        /** Default quiet window for the maintenance rate. */
        public static final long QUIET_DEFAULT_NS = 10 * MINUTE;
        /** Default churn phase length. */
        public static final long CHURN_DEFAULT_NS = 10 * MINUTE;
        /** Default partition length when a partition is asked for without one. */
        public static final long PARTITION_DEFAULT_NS = 120 * SECOND;
        /** Default longest wait for convergence. */
        public static final long CONVERGENCE_LIMIT_DEFAULT_NS = 30 * MINUTE;

        /** Check the ranges, with messages that say which option is wrong. */
        public Options
        {
            require(peers >= 2, "--peers must be at least 2, not " + peers);
            require(churnPerMinute >= 0 && churnPerMinute <= 1, "--churn is the fraction of peers replaced per " +
                "minute, 0 to 1, not " + churnPerMinute);
            require(loss >= 0 && loss < 1, "--loss is a probability in [0, 1), not " + loss);
            require(minLatencyNs > 0 && maxLatencyNs >= minLatencyNs, "latency needs 0 < min <= max");
            require(updateIntervalNs > 0 && fingerIntervalNs > 0 && t1Ns > 0, "intervals and T1 must be positive");
            require(fingers >= 1 && fingers <= FingerTable.MAX_SIZE, "--fingers must be 1.." +
                FingerTable.MAX_SIZE + " (chord-128-2-8 has " + FingerTable.SIZE + "), not " + fingers);
            require(lookups >= 1, "--lookups must be at least 1, not " + lookups);
            require(joinBurst >= 0 && joinBurst <= 1 && leaveBurst >= 0 && leaveBurst < 1 && crashBurst >= 0 &&
                crashBurst <= 0.5, "burst fractions: join 0..1, leave 0..1, crash 0..0.5 (no two adjacent)");
            require(settleNs >= 0 && quietNs > 0 && churnNs > 0 && partitionNs >= 0 && convergenceLimitNs > 0,
                "phase lengths must be positive (settle and partition may be 0)");
        }

        /**
         * @param peers peers in the ring.
         * @param seed  the seed.
         * @return the defaults: no churn, no loss, no partition, 8 fingers.
         */
        public static Options defaults(final int peers, final long seed)
        {
            return new Options(peers, seed, 0, 0, MIN_LATENCY_DEFAULT_NS, MAX_LATENCY_DEFAULT_NS,
                UPDATE_INTERVAL_DEFAULT_NS, FINGER_INTERVAL_DEFAULT_NS, T1_DEFAULT_NS, FingerTable.SIZE,
                LOOKUPS_DEFAULT, BURST_DEFAULT, BURST_DEFAULT, BURST_DEFAULT, SETTLE_DEFAULT_NS, QUIET_DEFAULT_NS,
                CHURN_DEFAULT_NS, 0, CONVERGENCE_LIMIT_DEFAULT_NS);
        }

        /**
         * @param rate fraction of peers replaced per minute.
         * @param ns   how long churn lasts.
         * @return these options with churn.
         */
        public Options withChurn(final double rate, final long ns)
        {
            return new Options(peers, seed, rate, loss, minLatencyNs, maxLatencyNs, updateIntervalNs,
                fingerIntervalNs, t1Ns, fingers, lookups, joinBurst, leaveBurst, crashBurst, settleNs, quietNs, ns,
                partitionNs, convergenceLimitNs);
        }

        /**
         * @param ns how long the network stays split, 0 for none.
         * @return these options with a partition.
         */
        public Options withPartition(final long ns)
        {
            return new Options(peers, seed, churnPerMinute, loss, minLatencyNs, maxLatencyNs, updateIntervalNs,
                fingerIntervalNs, t1Ns, fingers, lookups, joinBurst, leaveBurst, crashBurst, settleNs, quietNs,
                churnNs, ns, convergenceLimitNs);
        }

        /**
         * @param updateNs  the update interval.
         * @param fingerNs  the finger PING interval.
         * @param settle    the settling time.
         * @param quiet     the quiet window.
         * @param lookupsPerRound lookups per measurement.
         * @return these options with other timing, for short runs.
         */
        public Options withTiming(
            final long updateNs, final long fingerNs, final long settle, final long quiet, final int lookupsPerRound)
        {
            return new Options(peers, seed, churnPerMinute, loss, minLatencyNs, maxLatencyNs, updateNs, fingerNs,
                t1Ns, fingers, lookupsPerRound, joinBurst, leaveBurst, crashBurst, settle, quiet, churnNs,
                partitionNs, convergenceLimitNs);
        }

        /**
         * @param count finger table entries.
         * @return these options with another finger count (an experiment unless 8).
         */
        public Options withFingers(final int count)
        {
            return new Options(peers, seed, churnPerMinute, loss, minLatencyNs, maxLatencyNs, updateIntervalNs,
                fingerIntervalNs, t1Ns, count, lookups, joinBurst, leaveBurst, crashBurst, settleNs, quietNs,
                churnNs, partitionNs, convergenceLimitNs);
        }

        /**
         * @param probability frame loss per link.
         * @return these options with loss.
         */
        public Options withLoss(final double probability)
        {
            return new Options(peers, seed, churnPerMinute, probability, minLatencyNs, maxLatencyNs,
                updateIntervalNs, fingerIntervalNs, t1Ns, fingers, lookups, joinBurst, leaveBurst, crashBurst,
                settleNs, quietNs, churnNs, partitionNs, convergenceLimitNs);
        }

        /**
         * @return the hop goal for this many peers, ½·log2 N + 1.
         */
        public double goalMeanHops()
        {
            return 0.5 * (Math.log(peers) / Math.log(2)) + GOAL_HALF_LOG2_PLUS;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * The outcome of a round of lookups. Hop figures cover the successful lookups.
     *
     * @param issued         lookups started.
     * @param answered       lookups answered by some peer.
     * @param succeeded      lookups answered by the responsible peer.
     * @param successPercent succeeded as a percentage of issued.
     * @param meanHops       mean overlay hops of a successful lookup's request.
     * @param p50Hops        median hops.
     * @param p99Hops        99th percentile hops.
     * @param maxHops        most hops.
     */
    public record LookupStats(
        int issued, int answered, int succeeded, double successPercent, double meanHops, int p50Hops, int p99Hops,
        int maxHops)
    {
    }

    /**
     * How the ring grew.
     *
     * @param batches          join batches.
     * @param joinedSeconds    virtual time until every peer was admitted.
     * @param convergedSeconds virtual time until the neighbour tables matched the ring, counted from the start;
     *                         NaN if they did not within the limit.
     */
    public record JoinPhase(int batches, double joinedSeconds, double convergedSeconds)
    {
    }

    /**
     * Maintenance traffic over a quiet window with no lookups.
     *
     * @param windowSeconds            the window.
     * @param messages                 messages originated in it: requests, responses and retransmissions.
     * @param messagesPerPeerPerMinute messages per peer per minute.
     * @param hopsPerPeerPerMinute     link transmissions per peer per minute (each hop of each message).
     */
    public record Maintenance(
        double windowSeconds, long messages, double messagesPerPeerPerMinute, double hopsPerPeerPerMinute)
    {
    }

    /**
     * Convergence after an event.
     *
     * @param event          what happened: "join burst", "leave burst", "crash burst", "churn" or "partition".
     * @param peers          peers that joined, left or crashed at once (or the churn replacements, or the smaller
     *                       side of the partition).
     * @param ringSeconds    virtual time from the end of the event until every live peer's neighbour table matched
     *                       the sorted ring; NaN if not within the limit.
     * @param routingSeconds until, besides, no live peer held a gone peer as a finger; NaN if not within the limit.
     * @param lookupsAfter   lookups issued once converged (or at the limit).
     */
    public record Convergence(
        String event, int peers, double ringSeconds, double routingSeconds, LookupStats lookupsAfter)
    {
    }

    /**
     * The churn phase.
     *
     * @param ratePerMinute fraction of the peers replaced per minute.
     * @param seconds       how long churn lasted.
     * @param crashes       peers crashed.
     * @param joins         peers joined.
     * @param during        lookups issued evenly during churn.
     * @param after         convergence once churn stopped, and lookups after it.
     */
    public record Churn(
        double ratePerMinute, double seconds, int crashes, int joins, LookupStats during, Convergence after)
    {
    }

    /**
     * What one run measured.
     *
     * @param options               what was simulated.
     * @param virtualSeconds        virtual time simulated.
     * @param events                network events run.
     * @param wallClockSeconds      real time the run took (not reproducible).
     * @param eventsPerSecond       events per real second (not reproducible).
     * @param join                  the join phase.
     * @param fingerAccuracyPercent finger entries naming the peer responsible for their target when the stable
     *                              lookups started.
     * @param stable                the stable-phase lookups.
     * @param goalMeanHops          ½·log2 N + 1.
     * @param goalMet               whether the stable mean hops are at or under the goal.
     * @param maintenance           maintenance traffic in the quiet window.
     * @param bursts                convergence after the join, leave and crash bursts.
     * @param churn                 the churn phase, or null without churn.
     * @param partition             convergence after the partition healed, or null without one.
     * @param joinsRestarted        joiners restarted through another bootstrap peer because theirs crashed or left
     *                              before they were admitted.
     * @param drops                 frames the model dropped, by reason.
     * @param storage               the stores and fetches of {@code --stores}, or null without them.
     */
    public record Report(
        Options options,
        double virtualSeconds,
        long events,
        double wallClockSeconds,
        double eventsPerSecond,
        JoinPhase join,
        double fingerAccuracyPercent,
        LookupStats stable,
        double goalMeanHops,
        boolean goalMet,
        Maintenance maintenance,
        List<Convergence> bursts,
        Churn churn,
        Convergence partition,
        int joinsRestarted,
        Map<String, Long> drops,
        StorageWorkload.Report storage)
    {
        /**
         * @return this report with the wall-clock fields zeroed: what the seed alone determines.
         */
        public Report withoutWallClock()
        {
            return new Report(options, virtualSeconds, events, 0, 0, join, fingerAccuracyPercent, stable,
                goalMeanHops, goalMet, maintenance, bursts, churn, partition, joinsRestarted, drops, storage);
        }
    }

    /** Told how a run progresses, for people watching; nothing it does can change the run. */
    public interface Listener
    {
        /**
         * A phase started or ended with a result worth a line of its own.
         *
         * @param line what to print.
         */
        void onPhase(String line);

        /**
         * Progress within a phase, which may be shown in place of the previous progress line.
         *
         * @param line what to print.
         */
        void onProgress(String line);
    }

    /** A listener that says nothing. */
    public static final Listener SILENT = new Listener()
    {
        public void onPhase(final String line)
        {
        }

        public void onProgress(final String line)
        {
        }
    };

    private final Options options;
    private final Listener listener;
    private final SimNetwork network;
    private final Random random;
    private final LiveSet live = new LiveSet();
    private final Map<PeerId, Long> startedNs = new HashMap<>();
    private final Map<PeerId, PeerId> joiningVia = new LinkedHashMap<>();
    private int joinsRestarted;
    private final int stores;
    private final StorageWorkload workload;

    /**
     * @param options  what to simulate.
     * @param listener told of progress.
     */
    public Simulation(final Options options, final Listener listener)
    {
        this(options, 0, listener);
    }

    /**
     * @param options  what to simulate.
     * @param stores   STOREs to issue during churn (or over a churn-long phase without churn), each peer running
     *                 the conductor's {@code StoragePeer} (draft §5.2, §7.3); 0 for none.
     * @param listener told of progress.
     */
    public Simulation(final Options options, final int stores, final Listener listener)
    {
        if (stores < 0)
        {
            throw new IllegalArgumentException("--stores must be 0 or more, not " + stores);
        }
        this.options = options;
        this.listener = listener;
        this.stores = stores;
        network = new SimNetwork(new SimNetwork.Config(options.seed(), options.minLatencyNs(),
            options.maxLatencyNs(), options.loss(), options.updateIntervalNs(), options.fingerIntervalNs(),
            options.t1Ns(), options.loss() > 0, options.fingers()));
        random = network.random();
        if (stores > 0)
        {
            network.enableStorage(KindRegistry.withDraftKinds(), new DataStoreContext());
            workload = new StorageWorkload(network, new Random(random.nextLong()), options.updateIntervalNs(),
                options.t1Ns());
        }
        else
        {
            workload = null;
        }
    }

    /**
     * Run every phase.
     *
     * @param options  what to simulate.
     * @param listener told of progress.
     * @return the report.
     */
    public static Report run(final Options options, final Listener listener)
    {
        return new Simulation(options, listener).run();
    }

    /**
     * Run every phase.
     *
     * @return the report.
     */
    public Report run()
    {
        final long wallStart = System.nanoTime();
        final JoinPhase join = joinPhase();

        if (options.settleNs() > 0)
        {
            listener.onPhase(String.format(Locale.ROOT, "settle: %.0f s for the finger PINGs (draft §7.5.3) to " +
                "refresh fingers found while the ring was smaller", seconds(options.settleNs())));
            runWithProgress(options.settleNs(), "settle");
        }
        final double fingerAccuracy = fingerAccuracyPercent();
        final LookupStats stable = lookupRound(options.lookups());
        final double goal = options.goalMeanHops();
        final boolean goalMet = stable.succeeded() > 0 && stable.meanHops() <= goal;
        listener.onPhase(String.format(Locale.ROOT, "stable lookups: %d, success %.2f%%, mean hops %.2f (goal " +
            "<= %.2f: %s), p50 %d, p99 %d, max %d; fingers accurate %.1f%%", stable.issued(),
            stable.successPercent(), stable.meanHops(), goal, goalMet ? "met" : "not met", stable.p50Hops(),
            stable.p99Hops(), stable.maxHops(), fingerAccuracy));

        final Maintenance maintenance = quietWindow();

        final List<Convergence> bursts = new ArrayList<>();
        bursts.add(joinBurst());
        bursts.add(leaveBurst());
        bursts.add(crashBurst());
        final Churn churn = options.churnPerMinute() > 0 || stores > 0 ? churn() : null;
        // With --partition too, the values stored during churn are fetched after the partition has healed: the two
        // rings' stores merge by storage time (draft §3.7).
        final Convergence partition = options.partitionNs() > 0 ? partition() : null;
        final StorageWorkload.Report storage = null == workload ? null : verifyStores();

        final Map<String, Long> drops = new LinkedHashMap<>();
        for (final SimNetwork.Drop drop : SimNetwork.Drop.values())
        {
            drops.put(drop.name().toLowerCase(Locale.ROOT), network.drops(drop));
        }
        final double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        return new Report(options, seconds(network.nowNs()), network.events(), wallSeconds,
            network.events() / Math.max(wallSeconds, 1e-9), join, fingerAccuracy, stable, goal, goalMet, maintenance,
            List.copyOf(bursts), churn, partition, joinsRestarted, drops, storage);
    }

    /**
     * After churn and convergence, two repair intervals (draft §7.5.3), then a FETCH of every acknowledged
     * resource: lost and stale values are counted.
     */
    private StorageWorkload.Report verifyStores()
    {
        network.run(2 * options.updateIntervalNs());
        listener.onPhase(String.format(Locale.ROOT, "stores: fetching every acknowledged resource"));
        workload.verifyAll(this::admittedPeer);
        final long deadlineNs = network.nowNs() + 64 * options.t1Ns() + CHECK_INTERVAL_NS;
        while (workload.pending() > 0 && network.nowNs() < deadlineNs)
        {
            network.run(CHECK_INTERVAL_NS);
        }
        final StorageWorkload.Report report = workload.report();
        listener.onPhase(String.format(Locale.ROOT, "stores: %,d issued, %,d acknowledged, errors %s; during churn " +
            "%,d fetches, %,d stale, %,d missing, errors %s; after: %,d resources, %,d lost, %,d stale, errors %s; " +
            "%d times three consecutive peers crashed within one repair interval (%.0f s), %d within it plus 64 x T1 " +
            "(%.0f s)", report.stores(),
            report.acknowledged(), report.storeErrors(), report.fetchesDuring(), report.staleDuring(),
            report.missingDuring(), report.fetchErrorsDuring(), report.resources(), report.lostAfter(),
            report.staleAfter(), report.finalErrors(), report.tripleFailures(), report.repairSeconds(),
            report.slowTriples(), report.slowSeconds()));
        return report;
    }

    /**
     * Grow the ring: each batch is a quarter of the ring so far, so that concurrent joins land all over it, and each
     * joiner goes through its own bootstrap peer ({@link #bootstrapPeer}) so that no one peer carries every join.
     */
    private JoinPhase joinPhase()
    {
        final long startNs = network.nowNs();
        final PeerId first = network.randomId();
        network.add(first);
        network.start(first, null);
        live.add(first);
        // The founder serves as a bootstrap peer at once: it is the ring.
        startedNs.put(first, Long.MIN_VALUE / 2);
        int admitted = 1;
        int batches = 0;
        while (live.size() < options.peers())
        {
            final int size = Math.min(options.peers() - live.size(), Math.max(1, (int)(admitted * JOIN_GROWTH)));
            final List<PeerId> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++)
            {
                batch.add(startPeer(bootstrapPeer()));
            }
            batches++;
            final long batchStart = network.nowNs();
            int waiting = batch.size();
            while (waiting > 0 && network.nowNs() - batchStart < 3 * options.updateIntervalNs())
            {
                network.run(JOIN_CHECK_NS);
                tendJoiners();
                waiting = 0;
                for (final PeerId id : batch)
                {
                    waiting += network.peer(id).isJoined() ? 0 : 1;
                }
            }
            admitted += batch.size() - waiting;
            listener.onProgress(String.format(Locale.ROOT, "join: %,d/%,d peers started, %,d admitted, batch %d, " +
                "virtual %.1f s", live.size(), options.peers(), admitted, batches, seconds(network.nowNs() - startNs)));
        }
        final double joinedSeconds = seconds(network.nowNs() - startNs);
        listener.onPhase(String.format(Locale.ROOT, "join: %,d peers started in %d batches, all but %,d admitted " +
            "after %.1f s virtual; waiting for the neighbour tables to match the ring", options.peers(), batches,
            options.peers() - admitted, joinedSeconds));
        final long[] converged = waitForConvergence("join");
        final double convergedSeconds = converged[0] < 0 ? Double.NaN : joinedSeconds + seconds(converged[0]);
        listener.onPhase(String.format(Locale.ROOT, "join: ring converged %s after the start",
            describe(convergedSeconds)));
        return new JoinPhase(batches, joinedSeconds, convergedSeconds);
    }

    /**
     * A bootstrap peer for a joiner, as an overlay configuration's list of bootstrap peers (draft §8.2) would offer:
     * a random live peer that was admitted, has been in the overlay for {@link #BOOTSTRAP_MIN_AGE_NS}, and has room
     * for one more link.
     * <p>
     * Why the age: until the UPDATEs that follow its JOIN have placed it (draft §7.4), a just-admitted peer knows only
     * its admitting peer, which is then both its predecessor and its successor, so it holds itself responsible for
     * nearly the whole ring and would answer a joiner's PING for n+1 itself; the joiner would then JOIN in the wrong
     * place, and the UPDATE exchange moves a misplaced peer only a few places per update interval.
     */
    private PeerId bootstrapPeer()
    {
        final int size = live.size();
        for (int i = 0; i < 64; i++)
        {
            final PeerId id = live.random(random);
            if (canBootstrap(id))
            {
                return id;
            }
        }
        final int from = random.nextInt(size);
        for (int i = 0; i < size; i++)
        {
            final PeerId id = live.list.get((from + i) % size);
            if (canBootstrap(id))
            {
                return id;
            }
        }
        return admittedPeer();
    }

    private boolean canBootstrap(final PeerId id)
    {
        return network.nowNs() - startedNs.get(id) >= BOOTSTRAP_MIN_AGE_NS && network.peer(id).isJoined() &&
            network.linkCount(id) < BOOTSTRAP_LINK_LIMIT;
    }

    private PeerId startPeer(final PeerId bootstrap)
    {
        final PeerId id = network.randomId();
        network.add(id);
        network.start(id, bootstrap);
        live.add(id);
        startedNs.put(id, network.nowNs());
        joiningVia.put(id, bootstrap);
        return id;
    }

    /**
     * Restart, through another bootstrap peer, each joiner whose bootstrap peer crashed or left before it was
     * admitted, once its requests have had time to time out (64 × T1). A {@link ChordPeer} retries only the one
     * bootstrap peer it was started with; the simulator plays its owner, which holds the overlay configuration's
     * list of bootstrap peers (draft §8.2). Counted in the report.
     */
    private void tendJoiners()
    {
        if (joiningVia.isEmpty())
        {
            return;
        }
        final List<PeerId> stranded = new ArrayList<>();
        final Iterator<Map.Entry<PeerId, PeerId>> entries = joiningVia.entrySet().iterator();
        while (entries.hasNext())
        {
            final Map.Entry<PeerId, PeerId> entry = entries.next();
            final PeerId id = entry.getKey();
            if (!live.contains(id) || network.peer(id).isJoined())
            {
                entries.remove();
            }
            else if (!live.contains(entry.getValue()) && network.nowNs() - startedNs.get(id) >= 64 * options.t1Ns())
            {
                stranded.add(id);
            }
        }
        for (final PeerId id : stranded)
        {
            final PeerId bootstrap = bootstrapPeer();
            network.start(id, bootstrap);
            startedNs.put(id, network.nowNs());
            joiningVia.put(id, bootstrap);
            joinsRestarted++;
        }
    }

    private Convergence joinBurst()
    {
        final int count = burstSize(options.joinBurst());
        listener.onPhase(String.format(Locale.ROOT, "join burst: %,d peers join at once", count));
        for (int i = 0; i < count; i++)
        {
            startPeer(bootstrapPeer());
        }
        return converge("join burst", count);
    }

    private Convergence leaveBurst()
    {
        final int count = burstSize(options.leaveBurst());
        listener.onPhase(String.format(Locale.ROOT, "leave burst: %,d peers send LEAVE at once (draft §7.6)",
            count));
        for (int i = 0; i < count; i++)
        {
            final PeerId id = live.random(random);
            live.remove(id);
            network.leave(id, LEAVE_GRACE_NS);
        }
        return converge("leave burst", count);
    }

    /** Crash peers no two of which are adjacent, so that every gap can be closed from the neighbour tables. */
    private Convergence crashBurst()
    {
        final PeerId[] ring = live.sorted();
        final int n = ring.length;
        final int count = Math.min(burstSize(options.crashBurst()), n / 2);
        listener.onPhase(String.format(Locale.ROOT, "crash burst: %,d peers, no two adjacent, stop at once",
            count));
        final boolean[] chosen = new boolean[n];
        int crashed = 0;
        int attempts = 0;
        while (crashed < count && attempts < 100 * n)
        {
            attempts++;
            final int k = random.nextInt(n);
            if (!chosen[k] && !chosen[(k + 1) % n] && !chosen[(k + n - 1) % n])
            {
                chosen[k] = true;
                crashed++;
                live.remove(ring[k]);
                network.stop(ring[k]);
            }
        }
        return converge("crash burst", crashed);
    }

    /**
     * Replace peers at the churn rate: at evenly spaced instants a random live peer crashes and a new one joins,
     * while lookups are issued evenly over the whole period.
     */
    private Churn churn()
    {
        final long spacingNs = options.churnPerMinute() > 0 ?
            Math.max(1, (long)(MINUTE / (options.churnPerMinute() * options.peers()))) : Long.MAX_VALUE;
        final long lookupSpacingNs = Math.max(1, options.churnNs() / options.lookups());
        if (options.churnPerMinute() > 0)
        {
            listener.onPhase(String.format(Locale.ROOT, "churn: %.2f%% of the peers replaced per minute (one crash " +
                "and one join every %.2f s) for %.0f s, with lookups%s throughout", 100 * options.churnPerMinute(),
                seconds(spacingNs), seconds(options.churnNs()), stores > 0 ? ", stores and fetches" : ""));
        }
        else
        {
            listener.onPhase(String.format(Locale.ROOT, "stores: %,d stores and fetches over %.0f s, no churn",
                stores, seconds(options.churnNs())));
        }
        final LookupRound during = new LookupRound(options.lookups());
        final long startNs = network.nowNs();
        final long endNs = startNs + options.churnNs();
        long nextChurnNs = options.churnPerMinute() > 0 ? startNs + spacingNs : Long.MAX_VALUE;
        final long storeSpacingNs = stores > 0 ? Math.max(1, options.churnNs() / stores) : Long.MAX_VALUE;
        long nextStoreNs = stores > 0 ? startNs : Long.MAX_VALUE;
        int storesIssued = 0;
        long nextLookupNs = startNs;
        long nextProgressNs = startNs + PROGRESS_NS;
        int crashes = 0;
        int joins = 0;
        while (true)
        {
            final long next = Math.min(Math.min(nextChurnNs, nextStoreNs), Math.min(nextLookupNs, nextProgressNs));
            if (next >= endNs)
            {
                break;
            }
            network.run(next - network.nowNs());
            tendJoiners();
            if (next == nextStoreNs)
            {
                // One STORE and one FETCH of an acknowledged resource, each from a random admitted peer.
                workload.store(admittedPeer());
                workload.fetch(admittedPeer());
                nextStoreNs = ++storesIssued < stores ? nextStoreNs + storeSpacingNs : Long.MAX_VALUE;
            }
            if (next == nextLookupNs && during.issued() < options.lookups())
            {
                during.issue(admittedPeer(), network.randomId());
                nextLookupNs += lookupSpacingNs;
            }
            else if (next == nextLookupNs)
            {
                nextLookupNs = Long.MAX_VALUE;
            }
            if (next == nextChurnNs)
            {
                final PeerId victim = live.random(random);
                if (null != workload)
                {
                    workload.onCrash(victim, live.sorted());
                }
                live.remove(victim);
                network.stop(victim);
                crashes++;
                startPeer(bootstrapPeer());
                joins++;
                nextChurnNs += spacingNs;
            }
            if (next == nextProgressNs)
            {
                listener.onProgress(String.format(Locale.ROOT, "churn: %.0f/%.0f s, %,d crashes, %,d joins, " +
                    "lookups %,d issued %,d succeeded", seconds(next - startNs), seconds(options.churnNs()),
                    crashes, joins, during.issued(), during.succeeded()));
                nextProgressNs += PROGRESS_NS;
            }
        }
        network.run(endNs - network.nowNs());
        final Convergence after = converge("churn", joins);
        // Lookups issued near the end have had the convergence wait to finish; make sure all have.
        runUntilDone(during);
        final LookupStats duringStats = during.stats();
        listener.onPhase(String.format(Locale.ROOT, "churn: lookups during churn %,d, success %.2f%%, mean hops " +
            "%.2f", duringStats.issued(), duringStats.successPercent(), duringStats.meanHops()));
        return new Churn(options.churnPerMinute(), seconds(options.churnNs()), crashes, joins, duringStats, after);
    }

    /** Split the live peers at random into two halves, as a network split does (ids are hashes), then heal. */
    private Convergence partition()
    {
        final Map<PeerId, Integer> side = new HashMap<>();
        int minority = 0;
        for (final PeerId id : live.sorted())
        {
            final int s = random.nextInt(2);
            side.put(id, s);
            minority += s;
        }
        minority = Math.min(minority, live.size() - minority);
        listener.onPhase(String.format(Locale.ROOT, "partition: the network splits in two (%,d and %,d peers) for " +
            "%.0f s, then heals", live.size() - minority, minority, seconds(options.partitionNs())));
        network.partition(side);
        runWithProgress(options.partitionNs(), "partition");
        network.heal();
        return converge("partition", minority);
    }

    /** Wait for convergence after an event, then measure lookups. */
    private Convergence converge(final String event, final int peers)
    {
        final long[] converged = waitForConvergence(event);
        final LookupStats after = lookupRound(options.lookups());
        final Convergence convergence = new Convergence(event, peers,
            converged[0] < 0 ? Double.NaN : seconds(converged[0]),
            converged[1] < 0 ? Double.NaN : seconds(converged[1]), after);
        listener.onPhase(String.format(Locale.ROOT, "%s: ring converged after %s, routing after %s; lookups %,d, " +
            "success %.2f%%, mean hops %.2f", event, describe(convergence.ringSeconds()),
            describe(convergence.routingSeconds()), after.issued(), after.successPercent(), after.meanHops()));
        return convergence;
    }

    private static String describe(final double seconds)
    {
        return Double.isNaN(seconds) ? "no convergence within the limit" :
            String.format(Locale.ROOT, "%.0f s", seconds);
    }

    /**
     * Run in steps of {@link #CHECK_INTERVAL_NS}, consulting the oracle after each, until the neighbour tables match
     * the sorted ring and no finger names a gone peer, or the limit passes.
     *
     * @return virtual ns until the ring matched and until routing was clean too; -1 for never.
     */
    private long[] waitForConvergence(final String phase)
    {
        final long startNs = network.nowNs();
        long ringNs = -1;
        long nextProgressNs = startNs + PROGRESS_NS;
        while (network.nowNs() - startNs < options.convergenceLimitNs())
        {
            network.run(CHECK_INTERVAL_NS);
            tendJoiners();
            final PeerId[] ring = live.sorted();
            final int wrong = mismatchedNeighborTables(ring);
            final long elapsed = network.nowNs() - startNs;
            if (wrong == 0)
            {
                ringNs = ringNs < 0 ? elapsed : ringNs;
                if (peersWithGoneFingers() == 0)
                {
                    return new long[] {ringNs, elapsed};
                }
            }
            if (network.nowNs() >= nextProgressNs)
            {
                listener.onProgress(String.format(Locale.ROOT, "%s: converging, %.0f s, %,d neighbour tables differ" +
                    " from the ring, %,d peers hold gone fingers", phase, seconds(elapsed), wrong,
                    peersWithGoneFingers()));
                nextProgressNs += PROGRESS_NS;
            }
        }
        return new long[] {ringNs, -1};
    }

    /** The ring oracle: how many live peers' neighbour tables differ from the sorted ring of live peers. */
    private int mismatchedNeighborTables(final PeerId[] ring)
    {
        final int n = ring.length;
        final int side = Math.min(NeighborTable.SIDE, n - 1);
        int wrong = 0;
        for (int k = 0; k < n; k++)
        {
            final NeighborTable table = network.peer(ring[k]).neighbors();
            if (!matches(table.successors(), ring, k, side, 1) || !matches(table.predecessors(), ring, k, side, -1))
            {
                wrong++;
            }
        }
        return wrong;
    }

    private static boolean matches(
        final List<PeerId> actual, final PeerId[] ring, final int k, final int side, final int direction)
    {
        if (actual.size() != side)
        {
            return false;
        }
        final int n = ring.length;
        for (int j = 1; j <= side; j++)
        {
            if (!actual.get(j - 1).equals(ring[((k + direction * j) % n + n) % n]))
            {
                return false;
            }
        }
        return true;
    }

    private int peersWithGoneFingers()
    {
        int count = 0;
        for (final PeerId id : live.list)
        {
            for (final PeerId finger : network.peer(id).fingers())
            {
                if (!live.contains(finger))
                {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /** Finger entries that name the live peer responsible for their target, where that peer is not the owner. */
    private double fingerAccuracyPercent()
    {
        long entries = 0;
        long accurate = 0;
        for (final PeerId id : live.list)
        {
            final ChordPeer peer = network.peer(id);
            final FingerTable targets = new FingerTable(id, options.fingers());
            for (int i = 1; i <= options.fingers(); i++)
            {
                final PeerId expected = live.responsible(targets.target(i));
                if (!expected.equals(id))
                {
                    entries++;
                    accurate += expected.equals(peer.finger(i)) ? 1 : 0;
                }
            }
        }
        return entries == 0 ? 100.0 : 100.0 * accurate / entries;
    }

    private Maintenance quietWindow()
    {
        listener.onPhase(String.format(Locale.ROOT, "quiet window: %.0f s with no lookups, counting maintenance " +
            "messages", seconds(options.quietNs())));
        final long messages = network.originated();
        final long hops = network.hops();
        runWithProgress(options.quietNs(), "quiet window");
        final long sent = network.originated() - messages;
        final double peerMinutes = live.size() * (options.quietNs() / (double)MINUTE);
        final Maintenance maintenance = new Maintenance(seconds(options.quietNs()), sent, sent / peerMinutes,
            (network.hops() - hops) / peerMinutes);
        listener.onPhase(String.format(Locale.ROOT, "quiet window: %.1f maintenance messages per peer per minute " +
            "(%.1f link transmissions)", maintenance.messagesPerPeerPerMinute(), maintenance.hopsPerPeerPerMinute()));
        return maintenance;
    }

    private LookupStats lookupRound(final int count)
    {
        final LookupRound round = new LookupRound(count);
        for (int i = 0; i < count; i++)
        {
            round.issue(admittedPeer(), network.randomId());
        }
        runUntilDone(round);
        return round.stats();
    }

    /**
     * Every lookup ends with an answer or a timeout after 64 × T1 (draft §4.4), except one whose asking peer crashed
     * meanwhile: it never hears anything, so past the timeout it counts as failed.
     */
    private void runUntilDone(final LookupRound round)
    {
        final long deadlineNs = round.lastIssuedNs() + 64 * options.t1Ns() + CHECK_INTERVAL_NS;
        while (round.pending() > 0 && network.nowNs() < deadlineNs)
        {
            network.run(CHECK_INTERVAL_NS);
        }
        round.abandon();
    }

    private void runWithProgress(final long durationNs, final String phase)
    {
        final long endNs = network.nowNs() + durationNs;
        while (network.nowNs() < endNs)
        {
            network.run(Math.min(PROGRESS_NS, endNs - network.nowNs()));
            listener.onProgress(String.format(Locale.ROOT, "%s: %.0f/%.0f s", phase,
                seconds(durationNs - (endNs - network.nowNs())), seconds(durationNs)));
        }
    }

    private int burstSize(final double fraction)
    {
        return (int)Math.round(fraction * live.size());
    }

    /** A random live peer that has been admitted to the ring, to look up from. */
    private PeerId admittedPeer()
    {
        PeerId id = live.random(random);
        for (int i = 0; i < 64 && !network.peer(id).isJoined(); i++)
        {
            id = live.random(random);
        }
        return id;
    }

    private static double seconds(final long ns)
    {
        return ns / 1e9;
    }

    /** Lookups in flight and their outcomes, judged against the ring oracle when issued and when answered. */
    private final class LookupRound
    {
        private final PeerId[] expected;
        private final boolean[] finished;
        private final int[] hopCounts = new int[HOP_BUCKETS];
        private int issued;
        private int answered;
        private int succeeded;
        private int done;
        private long lastIssuedNs;

        LookupRound(final int capacity)
        {
            expected = new PeerId[capacity];
            finished = new boolean[capacity];
        }

        void issue(final PeerId from, final PeerId key)
        {
            final int index = issued++;
            expected[index] = live.responsible(key);
            lastIssuedNs = network.nowNs();
            network.lookup(from, key, (k, responsible, hops) -> onResult(index, k, responsible, hops));
        }

        long lastIssuedNs()
        {
            return lastIssuedNs;
        }

        /** Count every lookup still waiting as failed; a late answer is ignored. */
        void abandon()
        {
            Arrays.fill(finished, 0, issued, true);
            done = issued;
        }

        private void onResult(final int index, final PeerId key, final PeerId responsible, final int hops)
        {
            if (finished[index])
            {
                return;
            }
            finished[index] = true;
            done++;
            if (null == responsible)
            {
                return;
            }
            answered++;
            if (responsible.equals(expected[index]) || responsible.equals(live.responsible(key)))
            {
                succeeded++;
                hopCounts[Math.min(hops, HOP_BUCKETS - 1)]++;
            }
        }

        int issued()
        {
            return issued;
        }

        int succeeded()
        {
            return succeeded;
        }

        int pending()
        {
            return issued - done;
        }

        LookupStats stats()
        {
            long sum = 0;
            int max = 0;
            for (int h = 0; h < HOP_BUCKETS; h++)
            {
                sum += (long)h * hopCounts[h];
                max = hopCounts[h] > 0 ? h : max;
            }
            return new LookupStats(issued, answered, succeeded, issued == 0 ? 0 : 100.0 * succeeded / issued,
                succeeded == 0 ? Double.NaN : (double)sum / succeeded, percentile(50), percentile(99), max);
        }

        /** Nearest rank: the smallest hop count covering the percentile of successful lookups. */
        private int percentile(final double percentile)
        {
            final long rank = (long)Math.ceil(percentile / 100.0 * succeeded);
            long seen = 0;
            for (int h = 0; h < HOP_BUCKETS; h++)
            {
                seen += hopCounts[h];
                if (seen >= rank && seen > 0)
                {
                    return h;
                }
            }
            return 0;
        }
    }

    /**
     * The live peers (started, neither crashed nor left): a list for seeded random choice, an index for removal, and
     * a sorted set for the ring oracle.
     */
    private static final class LiveSet
    {
        private final List<PeerId> list = new ArrayList<>();
        private final Map<PeerId, Integer> index = new HashMap<>();
        private final TreeSet<PeerId> sorted = new TreeSet<>();

        void add(final PeerId id)
        {
            index.put(id, list.size());
            list.add(id);
            sorted.add(id);
        }

        void remove(final PeerId id)
        {
            final Integer at = index.remove(id);
            if (null == at)
            {
                return;
            }
            final PeerId last = list.remove(list.size() - 1);
            if (at < list.size())
            {
                list.set(at, last);
                index.put(last, at);
            }
            sorted.remove(id);
        }

        boolean contains(final PeerId id)
        {
            return index.containsKey(id);
        }

        int size()
        {
            return list.size();
        }

        PeerId random(final Random random)
        {
            return list.get(random.nextInt(list.size()));
        }

        /** draft §7.1: the first live peer at or after the key, wrapping round the ring. */
        PeerId responsible(final PeerId key)
        {
            final PeerId at = sorted.ceiling(key);
            return null == at ? sorted.first() : at;
        }

        PeerId[] sorted()
        {
            return sorted.toArray(new PeerId[0]);
        }
    }
}
