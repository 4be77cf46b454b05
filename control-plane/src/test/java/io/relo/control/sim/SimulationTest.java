package io.relo.control.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario runner on small overlays, with short chord intervals so that every phase takes little virtual time.
 */
class SimulationTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int LOOKUPS = 500;

    /** Short intervals: UPDATE every 5 s, finger PING every 20 s; a failure is found within about 40 s. */
    static Simulation.Options options(final int peers, final long seed)
    {
        return Simulation.Options.defaults(peers, seed).withTiming(5 * SECOND, 20 * SECOND, 60 * SECOND,
            60 * SECOND, LOOKUPS);
    }

    @Test
    void shouldReportTheSameFiguresForTheSameSeed()
    {
        final Simulation.Report first = Simulation.run(options(64, 7), Simulation.SILENT);
        final Simulation.Report second = Simulation.run(options(64, 7), Simulation.SILENT);
        final Simulation.Report otherSeed = Simulation.run(options(64, 8), Simulation.SILENT);

        assertTrue(first.events() > 0);
        assertEquals(first.withoutWallClock(), second.withoutWallClock());
        assertNotEquals(first.withoutWallClock(), otherSeed.withoutWallClock());
    }

    @Test
    void shouldReportTheSameFiguresInAnotherJvm() throws IOException, InterruptedException
    {
        // Iteration orders salted per JVM (Set.of, Set.copyOf) would pass the in-process check above and still
        // make two runs of relo sim differ; a second JVM catches them.
        final String here = Simulation.run(options(128, 11), Simulation.SILENT).withoutWallClock().toString();

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-"))
            {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SimulationReportMain.class.getName());
        command.add("128");
        command.add("11");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String there = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertEquals(0, process.waitFor(), there);
        assertEquals(here, there);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 256})
    void shouldLookUpEveryKeyOnceStableAndConvergeAfterEachBurst(final int peers)
    {
        final Simulation.Report report = Simulation.run(options(peers, 3), Simulation.SILENT);

        assertTrue(report.join().convergedSeconds() > 0, "the join phase converged: " + report.join());
        assertEquals(100.0, report.stable().successPercent(), report.stable().toString());
        assertEquals(LOOKUPS, report.stable().issued());
        assertTrue(report.stable().meanHops() > 1 && report.stable().p99Hops() >= report.stable().p50Hops());
        assertEquals(0.5 * Math.log(peers) / Math.log(2) + 1, report.goalMeanHops(), 1e-9);
        assertEquals(report.stable().meanHops() <= report.goalMeanHops(), report.goalMet());
        assertTrue(report.maintenance().messagesPerPeerPerMinute() > 0, report.maintenance().toString());

        assertEquals(List.of("join burst", "leave burst", "crash burst"),
            report.bursts().stream().map(Simulation.Convergence::event).toList());
        for (final Simulation.Convergence convergence : report.bursts())
        {
            assertTrue(convergence.peers() > 0, convergence.toString());
            assertTrue(convergence.ringSeconds() > 0 && convergence.ringSeconds() < 1800, convergence.toString());
            assertTrue(convergence.routingSeconds() >= convergence.ringSeconds(), convergence.toString());
            assertEquals(100.0, convergence.lookupsAfter().successPercent(), convergence.toString());
        }
        assertEquals(0, report.drops().get("ttl_expired"), "no routing loops once joined");
    }

    @Test
    void shouldKeepLookingUpThroughChurnAndConvergeAfterIt()
    {
        final Simulation.Report report = Simulation.run(options(64, 5).withChurn(0.05, 2 * MINUTE),
            Simulation.SILENT);

        final Simulation.Churn churn = report.churn();
        assertNotNull(churn);
        // 5% of 64 peers per minute for 2 minutes: a replacement every 18.75 s.
        assertEquals(6, churn.crashes());
        assertEquals(churn.crashes(), churn.joins());
        assertEquals(LOOKUPS, churn.during().issued());
        assertTrue(churn.during().successPercent() > 50, churn.during().toString());
        assertTrue(churn.after().ringSeconds() > 0 && churn.after().ringSeconds() < 1800, churn.after().toString());
        assertEquals(100.0, churn.after().lookupsAfter().successPercent(), churn.after().toString());
    }

    @Test
    void shouldRideOutAPartitionShorterThanFailureDetection()
    {
        // Nothing times out in 2 s (64 × T1 is 32 s): only frames in flight are lost, and the ring stays whole.
        final Simulation.Report report = Simulation.run(options(64, 9).withPartition(2 * SECOND), Simulation.SILENT);

        final Simulation.Convergence partition = report.partition();
        assertNotNull(partition);
        assertTrue(partition.peers() > 0);
        assertTrue(partition.ringSeconds() > 0 && partition.ringSeconds() < 1800, partition.toString());
        assertEquals(100.0, partition.lookupsAfter().successPercent(), partition.toString());
    }

    @Test
    void shouldMergeTheTwoRingsALongPartitionLeaves()
    {
        // Each half finds the other half's peers gone and closes its ring without them. The draft's UPDATEs never
        // cross between two consistent rings; ChordPeer's ring check (PING n+1 through the bootstrap peer, as when
        // joining, §7.4) finds a closer peer of the other ring, and UPDATEs spread the merge.
        final Simulation.Report report = Simulation.run(options(64, 9).withPartition(2 * MINUTE), Simulation.SILENT);

        final Simulation.Convergence partition = report.partition();
        assertNotNull(partition);
        assertTrue(report.drops().get("partition") > 0, "the partition dropped frames");
        assertFalse(Double.isNaN(partition.ringSeconds()), "one ring again: " + partition);
        assertEquals(100.0, partition.lookupsAfter().successPercent(), partition.toString());
    }

    @Test
    void shouldSayWhichOptionIsWrong()
    {
        final IllegalArgumentException peers = assertThrows(IllegalArgumentException.class,
            () -> Simulation.Options.defaults(1, 1));
        assertTrue(peers.getMessage().startsWith("--peers must be at least 2"), peers.getMessage());
        final IllegalArgumentException fingers = assertThrows(IllegalArgumentException.class,
            () -> Simulation.Options.defaults(10, 1).withFingers(65));
        assertTrue(fingers.getMessage().contains("chord-128-2-8 has 8"), fingers.getMessage());
    }
}
