package io.relo.control;

import io.relo.fastpath.ring.PeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Two ring-adjacent peers X &lt; Y of a loopback ring (the storage churn system test's timing) go through a scenario
 * of stalls, kills and restarts with the same id, address and data directory; the harness then waits for every
 * neighbour table to match the ring, and says whether X and Y know each other. Scenarios:
 * {@code stall} (Y stalls until X times it out, is killed and restarted), {@code both} (X and Y killed, Y restarted,
 * then X), {@code both-x-first}, {@code seen} (the sequence around the pair that never linked in the storage churn
 * system test) and {@code churn} (random kills and restarts; the pair printed is then only the first two peers).
 * With -Dpeers=16 the ring has the system test's size.
 * <p>
 * Run: {@code java -cp cli/target/relo.jar:control-plane/target/test-classes
 * io.relo.control.AdjacentRestartLoopbackMain SCENARIO [trials] [seed]}.
 */
final class AdjacentRestartLoopbackMain
{
    private static final int PEERS = Integer.getInteger("peers", 8);

    private final LoopbackOverlay overlay = new LoopbackOverlay("adjacent.test.relo", new ControlConductor.Timing(
        TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(100)));
    private final Random random;
    private final Path root;
    private final Map<PeerId, InetSocketAddress> addresses = new HashMap<>();
    private final PeerId anchor;
    private final InetSocketAddress bootstrap;

    private AdjacentRestartLoopbackMain(final long seed) throws IOException, InterruptedException
    {
        random = new Random(seed);
        root = Files.createTempDirectory("relo-adjacent");
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
        final String scenario = args.length > 0 ? args[0] : "stall";
        final int trials = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        final long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        final AdjacentRestartLoopbackMain main = new AdjacentRestartLoopbackMain(seed);
        int stuck = 0;
        try
        {
            for (int t = 0; t < trials; t++)
            {
                stuck += main.trial(scenario, t) ? 0 : 1;
            }
            System.out.printf(Locale.ROOT, "%s: %d of %d trials not converged within 30 s%n", scenario, stuck, trials);
        }
        finally
        {
            main.overlay.close();
            System.exit(0);
        }
    }

    private boolean trial(final String scenario, final int t) throws InterruptedException
    {
        final List<PeerId> live = overlay.live();
        int k;
        do
        {
            k = random.nextInt(live.size());
        }
        while (live.get(k).equals(anchor) || live.get((k + 1) % live.size()).equals(anchor));
        final PeerId x = live.get(k);
        final PeerId y = live.get((k + 1) % live.size());
        final long startMs = System.currentTimeMillis();
        switch (scenario)
        {
            case "stall" ->
            {
                overlay.pause(overlay.node(y));
                Thread.sleep(8_000);
                overlay.kill(overlay.node(y));
                Thread.sleep(2_000);
                restart(y);
            }
            case "both" ->
            {
                overlay.kill(overlay.node(x));
                overlay.kill(overlay.node(y));
                Thread.sleep(1_500 + random.nextInt(1_000));
                restart(y);
                Thread.sleep(300 + random.nextInt(1_500));
                restart(x);
            }
            case "both-x-first" ->
            {
                overlay.kill(overlay.node(x));
                overlay.kill(overlay.node(y));
                Thread.sleep(1_500 + random.nextInt(1_000));
                restart(x);
                Thread.sleep(300 + random.nextInt(1_500));
                restart(y);
            }
            case "seen" ->
            {
                // the sequence of the churn system test's stuck pair: X restarts (and may join through Y); later Y
                // stalls until X times it out, X's predecessor A is killed meanwhile, then Y is killed and restarted
                final PeerId a = live.get((k - 1 + live.size()) % live.size());
                overlay.kill(overlay.node(x));
                Thread.sleep(2_000);
                restart(x);
                Thread.sleep(15_000);
                overlay.pause(overlay.node(y));
                Thread.sleep(5_000);
                if (!a.equals(anchor))
                {
                    overlay.kill(overlay.node(a));
                }
                Thread.sleep(2_500);
                if (!a.equals(anchor))
                {
                    restart(a);
                }
                overlay.kill(overlay.node(y));
                Thread.sleep(2_000);
                restart(y);
            }
            case "churn" ->
            {
                // the storage churn system test's pattern: a kill every 4-8 s (-Dkill.ms=4000), each restarted
                // 1.5-3 s later; 20 kills (-Dkills=20)
                final int killMs = Integer.getInteger("kill.ms", 4_000);
                final int killCount = Integer.getInteger("kills", 20);
                final Map<PeerId, Long> down = new HashMap<>();
                long nextKillMs = System.currentTimeMillis();
                int kills = 0;
                while (kills < killCount || !down.isEmpty())
                {
                    Thread.sleep(20);
                    final long now = System.currentTimeMillis();
                    for (final var it = down.entrySet().iterator(); it.hasNext(); )
                    {
                        final var entry = it.next();
                        if (now >= entry.getValue())
                        {
                            it.remove();
                            restart(entry.getKey());
                        }
                    }
                    if (kills < killCount && now >= nextKillMs)
                    {
                        final List<PeerId> up = overlay.live();
                        final PeerId victim = up.get(random.nextInt(up.size()));
                        if (!victim.equals(anchor) && !down.containsKey(victim))
                        {
                            overlay.kill(overlay.node(victim));
                            down.put(victim, now + 1_500 + random.nextInt(1_500));
                            kills++;
                        }
                        nextKillMs = now + killMs + random.nextInt(killMs);
                    }
                }
            }
            default -> throw new IllegalArgumentException("no scenario " + scenario);
        }
        final long restartedMs = System.currentTimeMillis();
        while (null != overlay.ringMismatch() && System.currentTimeMillis() - restartedMs < 30_000)
        {
            Thread.sleep(50);
        }
        final boolean converged = null == overlay.ringMismatch();
        System.out.printf(Locale.ROOT, "trial %d X %s Y %s: %s after %.1f s%n", t, x, y,
            converged ? "converged" : "NOT converged: " + overlay.ringMismatch(),
            (System.currentTimeMillis() - restartedMs) / 1e3);
        if (!converged && scenario.equals("churn"))
        {
            for (final PeerId id : overlay.live())
            {
                final ControlConductor.Status status = overlay.node(id).conductor().status();
                System.out.printf(Locale.ROOT, "  %s joined %s preds %s succs %s%n", id.toString().substring(0, 8),
                    status.joined(), short8(status.predecessors()), short8(status.successors()));
            }
            final long stuckMs = System.currentTimeMillis();
            while (null != overlay.ringMismatch() && System.currentTimeMillis() - stuckMs < 90_000)
            {
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "  then %s after %.1f s more%n",
                null == overlay.ringMismatch() ? "converged" : "still not converged: " + overlay.ringMismatch(),
                (System.currentTimeMillis() - stuckMs) / 1e3);
        }
        else if (!converged)
        {
            describe("X", x, y);
            describe("Y", y, x);
            final long stuckMs = System.currentTimeMillis();
            while (null != overlay.ringMismatch() && System.currentTimeMillis() - stuckMs < 90_000)
            {
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "  then %s after %.1f s more%n",
                null == overlay.ringMismatch() ? "converged" : "still not converged",
                (System.currentTimeMillis() - stuckMs) / 1e3);
            if (null != overlay.ringMismatch())
            {
                describe("X", x, y);
                describe("Y", y, x);
            }
        }
        Thread.sleep(3_000);
        return converged;
    }

    private void describe(final String name, final PeerId id, final PeerId other)
    {
        final PeerNode node = overlay.node(id);
        final ControlConductor.Status status = node.conductor().status();
        System.out.printf(Locale.ROOT, "  %s %s preds %s succs %s; conductor link to the other: %s; counters %s%n",
            name, id, status.predecessors(), status.successors(), status.links().contains(other),
            node.conductor().counters().snapshot());
    }

    private static List<String> short8(final List<PeerId> ids)
    {
        return ids.stream().map(id -> id.toString().substring(0, 8)).toList();
    }

    private void restart(final PeerId id)
    {
        overlay.start(id, addresses.get(id), bootstrap, root.resolve(id.toString()), random, false);
    }
}
