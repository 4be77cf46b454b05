package io.relo.control;

import io.relo.fastpath.ring.PeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Measures, in real time over UDP loopback, how long a peer killed and restarted with the same id, address and data
 * directory (so with its cached peers, draft §8.4) takes from its restart to joined (draft §7.4) and until every
 * neighbour table matches the ring again; the storage churn system test's parameters (16 peers, T1 100 ms, UPDATE
 * and finger PING every 2 s, restart 1.5 to 3 s after the kill) with every peer in this JVM (LoopbackOverlay).
 * Cases: (i) nothing else is down; (ii) its successor was killed with it and restarts too; (iii) its predecessor was
 * killed with it and restarts too.
 * <p>
 * Run: {@code java -cp cli/target/relo.jar:control-plane/target/test-classes io.relo.control.RestartJoinLoopbackMain
 * [trials per case] [seed]}.
 */
final class RestartJoinLoopbackMain
{
    private static final int PEERS = 16;
    private static final long GIVE_UP_MS = 90_000;

    private final LoopbackOverlay overlay = new LoopbackOverlay("restart.test.relo", new ControlConductor.Timing(
        TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(100)));
    private final Random random;
    private final Path root;
    private final Map<PeerId, InetSocketAddress> addresses = new HashMap<>();
    private final PeerId anchor;
    private final InetSocketAddress bootstrap;

    private RestartJoinLoopbackMain(final long seed) throws IOException, InterruptedException
    {
        random = new Random(seed);
        root = Files.createTempDirectory("relo-restart");
        anchor = new PeerId(random.nextLong(), random.nextLong());
        bootstrap = overlay.start(anchor, null, root.resolve("anchor"), random, false).address();
        for (int i = 1; i < PEERS; i++)
        {
            final PeerId id = new PeerId(random.nextLong(), random.nextLong());
            addresses.put(id, overlay.start(id, bootstrap, root.resolve(id.toString()), random, false).address());
            Thread.sleep(200);
        }
        overlay.awaitRing(60);
    }

    public static void main(final String[] args) throws Exception
    {
        final int trials = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        final RestartJoinLoopbackMain main = new RestartJoinLoopbackMain(seed);
        System.out.printf(Locale.ROOT, "%d peers over UDP loopback, seed %d, %d trials per case; seconds from " +
            "restart%n", PEERS, seed, trials);
        final String[] cases = {"(i) alone", "(ii) successor restarts too", "(iii) predecessor restarts too"};
        try
        {
            for (int c = 0; c < cases.length; c++)
            {
                final List<Long> joined = new ArrayList<>();
                final List<Long> ring = new ArrayList<>();
                for (int t = 0; t < trials; t++)
                {
                    final long[] result = main.trial(c);
                    joined.add(result[0]);
                    ring.add(result[1]);
                    System.out.printf(Locale.ROOT, "  %s trial %d: joined %.1f s, ring %.1f s%n", cases[c], t,
                        result[0] / 1e3, result[1] / 1e3);
                }
                System.out.printf(Locale.ROOT, "%-32s joined %s%n%-32s ring   %s%n", cases[c], describe(joined), "",
                    describe(ring));
            }
        }
        finally
        {
            main.overlay.close();
            System.exit(0);
        }
    }

    /** @return ms from the restart to joined, and to a ring every table of which is right; -1 for never. */
    private long[] trial(final int scenario) throws InterruptedException
    {
        final List<PeerId> live = overlay.live();
        PeerId victim;
        do
        {
            victim = live.get(random.nextInt(live.size()));
        }
        while (victim.equals(anchor));
        final int k = live.indexOf(victim);
        final PeerId other = scenario == 0 ? null : live.get((k + (scenario == 1 ? 1 : -1) + live.size()) %
            live.size());
        if (anchor.equals(other))
        {
            return trial(scenario);
        }
        overlay.kill(overlay.node(victim));
        if (null != other)
        {
            overlay.kill(overlay.node(other));
        }
        final long killedMs = System.currentTimeMillis();
        final long victimDelay = 1500 + random.nextInt(1500);
        final long otherDelay = null == other ? Long.MAX_VALUE : 1500 + random.nextInt(1500);
        long restartMs = -1;
        long joinedMs = -1;
        long ringMs = -1;
        boolean otherStarted = null == other;
        while (System.currentTimeMillis() - killedMs < victimDelay + GIVE_UP_MS)
        {
            Thread.sleep(10);
            final long now = System.currentTimeMillis();
            if (restartMs < 0 && now - killedMs >= victimDelay)
            {
                restartMs = now;
                restart(victim);
            }
            if (!otherStarted && now - killedMs >= otherDelay)
            {
                otherStarted = true;
                restart(other);
            }
            if (restartMs >= 0 && joinedMs < 0 && overlay.node(victim).conductor().status().joined())
            {
                joinedMs = now - restartMs;
            }
            if (joinedMs >= 0 && otherStarted && null == overlay.ringMismatch())
            {
                ringMs = now - restartMs;
                break;
            }
        }
        if (ringMs < 0)
        {
            System.out.println("  not converged: " + overlay.ringMismatch());
            overlay.awaitRing(120);
        }
        Thread.sleep(4000);
        return new long[] {joinedMs, ringMs};
    }

    private void restart(final PeerId id)
    {
        overlay.start(id, addresses.get(id), bootstrap, root.resolve(id.toString()), random, false);
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
            done.get(0) / 1e3, done.get(done.size() / 2) / 1e3, done.get(Math.min(done.size() - 1,
                (int)Math.ceil(done.size() * 0.9) - 1)) / 1e3, done.get(done.size() - 1) / 1e3, never);
    }
}
