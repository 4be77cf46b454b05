package io.relo.control.sim;

import io.relo.control.chord.ChordPeer;
import io.relo.control.chord.RingOracle;
import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures, in virtual time, how long a peer killed and restarted with the same id takes from its restart to joined
 * (draft §7.4) and until every neighbour table matches the ring again, with the storage churn system test's
 * parameters: 16 peers, T1 100 ms, UPDATE and finger PING every 2 s, restart 1.5 to 3 s after the kill, through a
 * cached peer or the bootstrap peer (draft §8.4), whichever the restarted peer reaches.
 * <p>
 * Cases: (i) nothing else is down; (ii) its successor was killed with it and restarts too; (iii) its predecessor
 * was killed with it and restarts too; (iv) its successor was killed with it and stays down; (v) its predecessor
 * was killed with it and stays down.
 * <p>
 * Run: {@code java -cp cli/target/relo.jar:control-plane/target/test-classes io.relo.control.sim.RestartJoinMain
 * [trials per case] [seed] [cached]}; with {@code cached}, a restarted peer also links every cached peer that is up,
 * as the conductor does.
 */
final class RestartJoinMain
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long STEP_NS = 10 * MS;
    private static final long GIVE_UP_NS = 180 * SECOND;
    private static final int PEERS = 16;

    private final SimNetwork network;
    private final Random random;
    private final PeerId anchor;
    private final List<String> stuck = new ArrayList<>();
    private final boolean linkCached;
    private final List<Runnable> afterStart = new ArrayList<>();

    private RestartJoinMain(final long seed, final boolean linkCached)
    {
        this.linkCached = linkCached;
        network = new SimNetwork(new SimNetwork.Config(seed, MS, 3 * MS, 0, 2 * SECOND, 2 * SECOND, 100 * MS,
            true));
        random = new Random(seed);
        anchor = network.randomId();
        network.add(anchor);
        network.start(anchor, null);
        for (int i = 1; i < PEERS; i++)
        {
            final PeerId id = network.randomId();
            network.add(id);
            network.start(id, anchor);
            network.run(500 * MS);
        }
        if (awaitRing() < 0)
        {
            throw new IllegalStateException("the ring did not form: " + mismatch());
        }
    }

    public static void main(final String[] args)
    {
        final int trials = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        final long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        final boolean linkCached = args.length > 2 && "cached".equals(args[2]);
        final RestartJoinMain main = new RestartJoinMain(seed, linkCached);
        System.out.printf(Locale.ROOT, "%d peers, seed %d, %d trials per case%s; seconds from restart (virtual)%n",
            PEERS, seed, trials, linkCached ? ", restarted peers link every cached peer that answers" : "");
        final String[] cases = {"(i) alone", "(ii) successor restarts too", "(iii) predecessor restarts too",
            "(iv) successor stays down", "(v) predecessor stays down"};
        for (int c = 0; c < cases.length; c++)
        {
            final List<Long> joined = new ArrayList<>();
            final List<Long> ring = new ArrayList<>();
            for (int t = 0; t < trials; t++)
            {
                final long[] result = main.trial(c);
                joined.add(result[0]);
                ring.add(result[1]);
            }
            System.out.printf(Locale.ROOT, "%-32s joined %s%n%-32s ring   %s%n", cases[c], describe(joined), "",
                describe(ring));
        }
        main.stuck.forEach(System.out::println);
    }

    /** @return virtual ns from the restart to joined, and to a ring every table of which is right; -1 for never. */
    private long[] trial(final int scenario)
    {
        final List<PeerId> live = network.live();
        PeerId victim;
        do
        {
            victim = live.get(random.nextInt(live.size()));
        }
        while (victim.equals(anchor));
        final int k = live.indexOf(victim);
        final PeerId successor = live.get((k + 1) % live.size());
        final PeerId predecessor = live.get((k - 1 + live.size()) % live.size());
        PeerId other = null;
        if (scenario == 1 || scenario == 3)
        {
            other = successor;
        }
        else if (scenario == 2 || scenario == 4)
        {
            other = predecessor;
        }
        if (anchor.equals(other))
        {
            return trial(scenario); // the bootstrap peer is never killed
        }
        final Set<PeerId> victimCache = cachedPeers(victim);
        final Set<PeerId> otherCache = null == other ? Set.of() : cachedPeers(other);
        network.stop(victim);
        if (null != other)
        {
            network.stop(other);
        }
        final long victimDelay = 1500 * MS + (long)(random.nextDouble() * 1500 * MS);
        final long otherDelay = 1500 * MS + (long)(random.nextDouble() * 1500 * MS);
        final boolean otherRestarts = scenario == 1 || scenario == 2;
        final long startNs = network.nowNs();
        long restartNs = -1;
        long joinedNs = -1;
        long ringNs = -1;
        boolean otherStarted = !otherRestarts;
        while (network.nowNs() - startNs < victimDelay + GIVE_UP_NS)
        {
            network.run(STEP_NS);
            afterStart.forEach(Runnable::run);
            afterStart.clear();
            final long elapsed = network.nowNs() - startNs;
            if (restartNs < 0 && elapsed >= victimDelay)
            {
                restartNs = network.nowNs();
                restart(victim, victimCache);
            }
            if (!otherStarted && elapsed >= otherDelay)
            {
                otherStarted = true;
                restart(other, otherCache);
            }
            if (restartNs >= 0 && joinedNs < 0 && network.peer(victim).isJoined())
            {
                joinedNs = network.nowNs() - restartNs;
            }
            if (joinedNs >= 0 && otherStarted && null == mismatch())
            {
                ringNs = network.nowNs() - restartNs;
                break;
            }
        }
        if (ringNs < 0)
        {
            stuck.add(String.format(Locale.ROOT, "case %d: %s not converged (joined after %s): %s", scenario + 1,
                victim, joinedNs < 0 ? "never" : joinedNs / 1e9 + " s", mismatch()));
        }
        if (null != other && !otherRestarts)
        {
            network.restart(other);
            network.start(other, anchor);
        }
        awaitRing();
        network.run(4 * SECOND);
        return new long[] {joinedNs, ringNs};
    }

    /** draft §8.4: the peers a restarted peer tries first are its directly connected neighbours and fingers. */
    private Set<PeerId> cachedPeers(final PeerId id)
    {
        final ChordPeer peer = network.peer(id);
        final Set<PeerId> cached = new LinkedHashSet<>(peer.neighbors().neighbors());
        cached.addAll(peer.fingers());
        cached.retainAll(peer.links());
        return cached;
    }

    /** The restarted peer joins through whichever of its cached peers and the bootstrap peer answers first. */
    private void restart(final PeerId id, final Set<PeerId> cached)
    {
        final List<PeerId> candidates = new ArrayList<>();
        candidates.add(anchor);
        for (final PeerId peer : cached)
        {
            if (network.isUp(peer) && !candidates.contains(peer))
            {
                candidates.add(peer);
            }
        }
        network.restart(id);
        final PeerId via = candidates.get(random.nextInt(candidates.size()));
        network.start(id, via);
        if (linkCached)
        {
            // the conductor links each cached peer that answers its introduction after the first (draft §8.4)
            for (final PeerId peer : cached)
            {
                if (!peer.equals(via))
                {
                    afterStart.add(() -> network.introduce(id, peer));
                }
            }
        }
    }

    private long awaitRing()
    {
        final long startNs = network.nowNs();
        while (network.nowNs() - startNs < GIVE_UP_NS)
        {
            network.run(100 * MS);
            if (null == mismatch())
            {
                return network.nowNs() - startNs;
            }
        }
        return -1;
    }

    private String mismatch()
    {
        return RingOracle.mismatch(network.live(),
            id -> network.peer(id).isJoined() ? network.peer(id).neighbors().predecessors() : null,
            id -> network.peer(id).neighbors().successors());
    }

    private static String describe(final List<Long> samples)
    {
        final List<Long> done = new ArrayList<>();
        int never = 0;
        for (final long sample : samples)
        {
            if (sample < 0)
            {
                never++;
            }
            else
            {
                done.add(sample);
            }
        }
        Collections.sort(done);
        if (done.isEmpty())
        {
            return "never (" + never + ")";
        }
        return String.format(Locale.ROOT, "n %d, min %.1f, p50 %.1f, p90 %.1f, max %.1f, never %d", done.size(),
            done.get(0) / 1e9, done.get(done.size() / 2) / 1e9, done.get(Math.min(done.size() - 1,
                (int)Math.ceil(done.size() * 0.9) - 1)) / 1e9, done.get(done.size() - 1) / 1e9, never);
    }
}
