package io.relo.bench.forwarding;

import io.relo.bench.report.Environment;
import io.relo.fastpath.ForwarderContext;
import org.openjdk.jmh.runner.RunnerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The forwarding benchmark behind {@code relo bench forwarding}: every figure of issue 3 §7, each beside its baseline
 * measured by the same harness in the same run, plus the JMH forwarding decision benchmark.
 * <ul>
 * <li>IPC and UDP forwarding throughput of one forwarder thread against a raw relay (closed-loop saturation, rounds
 * interleaved, median reported);</li>
 * <li>added latency per hop over IPC: a K-hop chain and a 1-hop chain against direct IPC at one fixed offered rate,
 * coordinated omission corrected (and the same over UDP, for information);</li>
 * <li>bytes allocated per forwarded frame on the forwarder thread, from the throughput runs;</li>
 * <li>JMH: {@link ForwardingDecisionBenchmark}, ns/op and B/op against its object-decoding baseline.</li>
 * </ul>
 */
public final class ForwardingBenchmark
{
    /**
     * What to run and how long.
     *
     * @param warmupSeconds     offered before each measured window.
     * @param durationSeconds   of each measured window.
     * @param rounds            interleaved raw-relay / forwarder throughput pairs per link type.
     * @param hops              forwarders in the latency chain.
     * @param ipcRate           fixed offered rate of the IPC latency runs, frames/s.
     * @param udpRate           fixed offered rate of the UDP latency runs, frames/s.
     * @param ipcWindow         frames in flight in IPC throughput runs.
     * @param udpWindow         frames in flight in UDP throughput runs; below what a socket buffer holds.
     * @param idle              idle strategy of both working threads.
     * @param jmh               how much of the JMH benchmark to run.
     */
    public record Settings(
        double warmupSeconds,
        double durationSeconds,
        int rounds,
        int hops,
        long ipcRate,
        long udpRate,
        int ipcWindow,
        int udpWindow,
        String idle,
        DecisionBenchmarkRunner.Mode jmh)
    {
        /** Seconds measured per run unless told otherwise. */
        public static final double DURATION_DEFAULT = 5;

        /**
         * @return the settings of a full run with busy-spinning threads.
         */
        public static Settings defaults()
        {
            return new Settings(2, DURATION_DEFAULT, 5, 4, 100_000, 20_000, 256, 256, "busy",
                DecisionBenchmarkRunner.Mode.FULL);
        }

        /**
         * Check the settings make sense.
         */
        public Settings
        {
            if (durationSeconds <= 0 || warmupSeconds < 0 || rounds < 1 || hops < 2 || hops > ChainSpec.MAX_HOPS)
            {
                throw new IllegalArgumentException("need duration > 0, warm-up >= 0, rounds >= 1 and 2 to " +
                    ChainSpec.MAX_HOPS + " hops");
            }
            // an unknown name fails here, naming the choices
            ForwarderContext.idleStrategy(idle);
        }
    }

    /**
     * Hears about the runs as they happen, on the calling thread.
     */
    public interface Listener extends ForwardingChain.Progress
    {
        /**
         * @param spec  the run about to start.
         * @param index 1-based.
         * @param total runs planned.
         */
        void onRunStart(ChainSpec spec, int index, int total);

        /**
         * @param result of the run just finished.
         */
        void onRunEnd(ChainRunResult result);

        /**
         * @param message anything else worth a line.
         */
        void onMessage(String message);
    }

    private ForwardingBenchmark()
    {
    }

    /**
     * Plan the harness runs the settings call for, in the order they run: IPC (throughput rounds, then latency),
     * then UDP.
     *
     * @param settings what to run.
     * @return the runs.
     */
    public static List<ChainSpec> plan(final Settings settings)
    {
        final List<ChainSpec> runs = new ArrayList<>();
        for (final LinkType link : LinkType.values())
        {
            final OfferedLoad saturating = OfferedLoad.saturating(
                link == LinkType.IPC ? settings.ipcWindow() : settings.udpWindow());
            for (int round = 1; round <= settings.rounds(); round++)
            {
                runs.add(spec(settings, link.key() + "-throughput-raw-relay-r" + round, link, ChainKind.RAW_RELAY, 1,
                    saturating));
                runs.add(spec(settings, link.key() + "-throughput-forwarder-r" + round, link, ChainKind.FORWARDER, 1,
                    saturating));
            }
            final OfferedLoad rate = OfferedLoad.fixedRate(link == LinkType.IPC ? settings.ipcRate() :
                settings.udpRate());
            runs.add(spec(settings, link.key() + "-latency-direct", link, ChainKind.DIRECT, 0, rate));
            runs.add(spec(settings, link.key() + "-latency-1-hop", link, ChainKind.FORWARDER, 1, rate));
            runs.add(spec(settings, link.key() + "-latency-" + settings.hops() + "-hop", link, ChainKind.FORWARDER,
                settings.hops(), rate));
        }
        return runs;
    }

    private static ChainSpec spec(
        final Settings settings, final String name, final LinkType link, final ChainKind kind, final int hops,
        final OfferedLoad load)
    {
        return ChainSpec.of(name, link, kind, hops, load, settings.warmupSeconds(), settings.durationSeconds(),
            settings.idle(), settings.idle());
    }

    /**
     * Run everything, write nothing.
     *
     * @param settings what to run.
     * @param command  the command line, for the report.
     * @param outDir   where JMH writes its JSON and log.
     * @param listener hears about progress.
     * @return the report.
     * @throws IOException     if a UDP socket cannot be opened or the out directory written.
     * @throws RunnerException if JMH fails.
     */
    public static ForwardingReport run(
        final Settings settings, final String command, final Path outDir, final Listener listener)
        throws IOException, RunnerException
    {
        final Environment environment = Environment.detect();
        final long started = System.nanoTime();
        final List<ChainSpec> plan = plan(settings);
        final List<ChainRunResult> results = new ArrayList<>();
        EmbeddedAeron aeron = null;
        try
        {
            int index = 0;
            for (final ChainSpec spec : plan)
            {
                if (spec.link() == LinkType.IPC && null == aeron)
                {
                    aeron = new EmbeddedAeron();
                }
                if (spec.link() == LinkType.UDP && null != aeron)
                {
                    // nothing of Aeron stays alive during the UDP runs
                    aeron.close();
                    aeron = null;
                }
                listener.onRunStart(spec, ++index, plan.size());
                final ChainRunResult result = ForwardingChain.run(spec, aeron, listener);
                results.add(result);
                listener.onRunEnd(result);
            }
        }
        finally
        {
            if (null != aeron)
            {
                aeron.close();
            }
        }

        List<DecisionBenchmarkRunner.Score> jmh = List.of();
        if (settings.jmh() != DecisionBenchmarkRunner.Mode.OFF)
        {
            Files.createDirectories(outDir);
            final Path json = outDir.resolve("jmh-forwarding-decision.json");
            final Path log = outDir.resolve("jmh-forwarding-decision.log");
            listener.onMessage("JMH " + ForwardingDecisionBenchmark.class.getSimpleName() + " (" +
                settings.jmh().name().toLowerCase(Locale.ROOT) + ", with -prof gc), output in " + log);
            jmh = DecisionBenchmarkRunner.run(settings.jmh(), json, log);
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        return new ForwardingReport(settings, command, environment, Environment.loadAverageNow(), seconds, results,
            jmh, figures(settings, results, jmh));
    }

    static List<Figure> figures(
        final Settings settings, final List<ChainRunResult> results, final List<DecisionBenchmarkRunner.Score> jmh)
    {
        final List<Figure> figures = new ArrayList<>();
        figures.add(throughput(settings, results, LinkType.IPC, 0.8, 10e6));
        figures.add(throughput(settings, results, LinkType.UDP, 0.9, 0));
        figures.addAll(latencyPerHop(settings, results));
        figures.add(allocation(results));
        figures.add(decision(jmh, settings.jmh()));
        return figures;
    }

    private static Figure throughput(
        final Settings settings, final List<ChainRunResult> results, final LinkType link, final double ratioGoal,
        final double absoluteGoal)
    {
        final double[] forwarder = delivered(results, link, ChainKind.FORWARDER);
        final double[] relay = delivered(results, link, ChainKind.RAW_RELAY);
        final double value = median(forwarder);
        final double baseline = median(relay);
        // each round's pair ran back to back, so its ratio is the fairest comparison on a machine whose speed drifts
        final double[] roundRatios = new double[Math.min(forwarder.length, relay.length)];
        for (int i = 0; i < roundRatios.length; i++)
        {
            roundRatios[i] = forwarder[i] / relay[i];
        }
        final double ratio = median(roundRatios);
        final List<Figure.Goal> goals = new ArrayList<>();
        goals.add(new Figure.Goal("ratio >= " + ratioGoal, ratio >= ratioGoal, format(ratio, 3)));
        if (absoluteGoal > 0)
        {
            goals.add(new Figure.Goal(">= " + (long)(absoluteGoal / 1e6) + " M msg/s", value >= absoluteGoal,
                format(value / 1e6, 2) + " M msg/s"));
        }
        final int window = link == LinkType.IPC ? settings.ipcWindow() : settings.udpWindow();
        final List<String> notes = new ArrayList<>();
        notes.add("rounds, forwarder msg/s: " + Arrays.toString(rounded(forwarder)) + "; raw relay msg/s: " +
            Arrays.toString(rounded(relay)) + "; forwarder / relay per round: " + ratios(roundRatios));
        notes.add("frames lost or dropped in these runs: " + lossSummary(results, link));
        notes.add("time in duty cycles that did work, forwarder runs: forwarder thread " +
            busy(results, link, ChainKind.FORWARDER, true) + ", generator-and-sink thread " +
            busy(results, link, ChainKind.FORWARDER, false) + "; raw relay runs: relay thread " +
            busy(results, link, ChainKind.RAW_RELAY, true) + ", generator-and-sink thread " +
            busy(results, link, ChainKind.RAW_RELAY, false));
        notes.add("capacity estimated from the medians' runs, delivered / busy time of the node's thread (an " +
            "estimate, not a measurement): forwarder " + capacity(results, link, ChainKind.FORWARDER, value) +
            ", raw relay " + capacity(results, link, ChainKind.RAW_RELAY, baseline));
        notes.add("the generator and the sink share one thread, which saturates too: the busier thread is the " +
            "bottleneck; when it is the generator-and-sink thread, the figure is a lower bound for the node and the " +
            "ratio tends to 1");
        return new Figure(link.key() + "_forwarding_throughput",
            link.title() + " forwarding throughput, one forwarder thread", "msg/s", value,
            "raw " + link.title() + " relay (no RELOAD processing), same harness and run", baseline, ratio,
            "median over rounds of forwarder / raw relay, each round's two runs back to back",
            "closed-loop saturation: generator -> 1 node -> sink, at most " + window + " frames in flight so no " +
                "queue on the path can overflow; frames arriving at the sink in the " + settings.durationSeconds() +
                " s window after " + settings.warmupSeconds() + " s warm-up; loss = sent - received after a drain, " +
                "plus every forwarder drop counter; median of " + settings.rounds() + " interleaved rounds",
            goals, notes);
    }

    private static List<Figure> latencyPerHop(final Settings settings, final List<ChainRunResult> results)
    {
        final ChainRunResult direct = find(results, "ipc-latency-direct");
        final ChainRunResult oneHop = find(results, "ipc-latency-1-hop");
        final ChainRunResult chain = find(results, "ipc-latency-" + settings.hops() + "-hop");
        final int hops = settings.hops();
        final List<Figure> figures = new ArrayList<>();
        final double[][] goals = {{50, 100}, {99, 250}};
        for (final double[] goal : goals)
        {
            final double percentile = goal[0];
            final String name = percentile == 50 ? "p50" : "p99";
            final double perHop = LatencyComparison.perHop(chain.latency(), direct.latency(), hops, percentile);
            final double marginal = LatencyComparison.perHop(chain.latency(), oneHop.latency(), hops - 1, percentile);
            final double directValue = LatencyComparison.at(direct.latency(), percentile);
            final List<String> notes = new ArrayList<>();
            notes.add(String.format(Locale.ROOT, "%s: direct %d ns, 1 hop %d ns, %d hops %d ns", name,
                LatencyComparison.at(direct.latency(), percentile), LatencyComparison.at(oneHop.latency(), percentile),
                hops, LatencyComparison.at(chain.latency(), percentile)));
            notes.add(String.format(Locale.ROOT, "marginal per hop (%d-hop minus 1-hop, / %d): %.1f ns; it leaves " +
                "out the two thread handoffs (generator to first forwarder, last forwarder to sink) that the " +
                "per-hop figure spreads over %d hops", hops, hops - 1, marginal, hops));
            notes.add("all forwarders of a chain run on one thread in chain order, so a frame crosses every hop in " +
                "one duty cycle of that thread: per-hop cost is processing plus the IPC hand-over within a core, " +
                "not a cross-core transfer per hop");
            notes.add("frames lost or dropped in these runs: " + lossSummary(List.of(direct, oneHop, chain)));
            figures.add(new Figure("ipc_added_latency_per_hop_" + name,
                "Added latency per hop over Aeron IPC, " + name, "ns", perHop,
                "direct IPC (0 hops), same rate, same run", directValue,
                LatencyComparison.at(chain.latency(), percentile) / Math.max(1.0, directValue),
                hops + "-hop chain " + name + " / direct " + name,
                "open loop at a fixed " + settings.ipcRate() + " frames/s; one-way latency from the intended send " +
                    "time carried in each frame (System.nanoTime, same process) to arrival at the sink, recorded " +
                    "in HdrHistogram against the intended time (coordinated omission corrected); (" + name + "(" +
                    hops + " hops) - " + name + "(direct)) / " + hops,
                List.of(new Figure.Goal("<= " + (long)goal[1] + " ns", perHop <= goal[1],
                    format(perHop, 1) + " ns")),
                notes));
        }
        return figures;
    }

    private static Figure allocation(final List<ChainRunResult> results)
    {
        double worst = 0;
        long bytes = 0;
        long frames = 0;
        double relayWorst = 0;
        boolean known = true;
        for (final ChainRunResult result : results)
        {
            if (result.spec().kind() == ChainKind.FORWARDER)
            {
                known &= result.chainAllocatedBytes() >= 0;
                worst = Math.max(worst, result.allocatedBytesPerFrame());
                bytes += Math.max(0, result.chainAllocatedBytes());
                frames += result.chainFramesInWindow();
            }
            else if (result.spec().kind() == ChainKind.RAW_RELAY)
            {
                relayWorst = Math.max(relayWorst, result.allocatedBytesPerFrame());
            }
        }
        final double value = known ? worst : Double.NaN;
        // below one byte per thousand frames: nothing on the forwarding path allocates
        final boolean met = known && value < 0.001;
        return new Figure("allocation_per_forwarded_frame", "Bytes allocated per forwarded frame, forwarder thread",
            "B/frame", value, "raw relays' thread, same runs", relayWorst, Double.NaN, "none (goal is absolute)",
            "com.sun.management.ThreadMXBean.getThreadAllocatedBytes of the forwarder thread at the start and end " +
                "of every forwarder run's measured window, divided by the frames forwarded (FRAMES_FORWARDED) in " +
                "it; the worst run is reported",
            List.of(new Figure.Goal("0 B/frame", met, String.format(Locale.ROOT, "%.4f B/frame (%d bytes over %d " +
                "frames in all forwarder runs)", value, bytes, frames))),
            List.of("the thread also runs the idle strategy and, for several forwarders, the CompositeAgent; their " +
                "allocations would count too"));
    }

    private static Figure decision(final List<DecisionBenchmarkRunner.Score> jmh, final DecisionBenchmarkRunner.Mode mode)
    {
        final DecisionBenchmarkRunner.Score flyweight = score(jmh, "flyweight");
        final DecisionBenchmarkRunner.Score baseline = score(jmh, "objectBaseline");
        final double value = null == flyweight ? Double.NaN : flyweight.nsPerOp();
        final double baselineValue = null == baseline ? Double.NaN : baseline.nsPerOp();
        final double bytes = null == flyweight ? Double.NaN : flyweight.bytesPerOp();
        final double speedUp = baselineValue / value;
        final List<String> notes = new ArrayList<>();
        if (null == flyweight)
        {
            notes.add("JMH was not run (--jmh off); run bench/run-forwarding.sh or --jmh full for this figure");
        }
        else
        {
            notes.add(String.format(Locale.ROOT, "flyweight %.2f +- %.2f ns/op, %.4f B/op; baseline %.2f +- %.2f " +
                "ns/op, %.1f B/op; %d forks x %d measured iterations", flyweight.nsPerOp(), flyweight.error(),
                flyweight.bytesPerOp(), baselineValue, baseline.error(), baseline.bytesPerOp(), flyweight.forks(),
                flyweight.iterations()));
            final DecisionBenchmarkRunner.Score restore = score(jmh, "restoreOnly");
            if (null != restore)
            {
                notes.add(String.format(Locale.ROOT, "of which the per-op reset both paths share (restoreOnly): " +
                    "%.2f +- %.2f ns/op", restore.nsPerOp(), restore.error()));
            }
            notes.add("gc.alloc.rate.norm under 0.01 B/op is JMH's own bookkeeping spread over the operations");
        }
        return new Figure("jmh_forwarding_decision",
            "Forwarding decision (validate, next hop in a 14-entry table, rewrite TTL and via), JMH", "ns/op",
            value, "object decoding: header to objects with byte[] ids, BigInteger TreeMap lookup, new frame byte[]",
            baselineValue, speedUp, "baseline ns/op / flyweight ns/op (speed-up)",
            "JMH " + mode.name().toLowerCase(Locale.ROOT) + " run of ForwardingDecisionBenchmark, AverageTime, " +
                "-prof gc, both methods in the same run; each op restores one of 16 frames' 76-byte header prefix " +
                "first, on both paths",
            null == flyweight || null == baseline ?
                List.of(
                    Figure.Goal.notRun("<= 10 ns/op"),
                    Figure.Goal.notRun("0 B/op"),
                    Figure.Goal.notRun(">= 20x faster than the baseline")) :
                List.of(
                    new Figure.Goal("<= 10 ns/op", value <= 10, format(value, 2) + " ns/op"),
                    new Figure.Goal("0 B/op", bytes < 0.01, format(bytes, 4) + " B/op"),
                    new Figure.Goal(">= 20x faster than the baseline", speedUp >= 20, format(speedUp, 1) + "x")),
            notes);
    }

    private static DecisionBenchmarkRunner.Score score(
        final List<DecisionBenchmarkRunner.Score> jmh, final String method)
    {
        return jmh.stream().filter(s -> s.method().equals(method)).findFirst().orElse(null);
    }

    static ChainRunResult find(final List<ChainRunResult> results, final String name)
    {
        return results.stream().filter(r -> r.spec().name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no run named " + name));
    }

    private static double[] delivered(final List<ChainRunResult> results, final LinkType link, final ChainKind kind)
    {
        return results.stream()
            .filter(r -> r.spec().link() == link && r.spec().kind() == kind && !r.spec().load().isFixedRate())
            .mapToDouble(ChainRunResult::deliveredPerSecond).toArray();
    }

    private static String capacity(
        final List<ChainRunResult> results, final LinkType link, final ChainKind kind, final double median)
    {
        for (final ChainRunResult result : results)
        {
            if (result.spec().link() == link && result.spec().kind() == kind && !result.spec().load().isFixedRate() &&
                result.deliveredPerSecond() == median)
            {
                return String.format(Locale.ROOT, "%,.0f msg/s", median / result.chainBusyFraction());
            }
        }
        return "n/a (even number of rounds)";
    }

    private static String busy(
        final List<ChainRunResult> results, final LinkType link, final ChainKind kind, final boolean chain)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ChainRunResult result : results)
        {
            if (result.spec().link() == link && result.spec().kind() == kind && !result.spec().load().isFixedRate())
            {
                sb.append(sb.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f%%",
                    100 * (chain ? result.chainBusyFraction() : result.endpointBusyFraction())));
            }
        }
        return sb.toString();
    }

    private static String lossSummary(final List<ChainRunResult> results, final LinkType link)
    {
        return lossSummary(results.stream()
            .filter(r -> r.spec().link() == link && !r.spec().load().isFixedRate()).toList());
    }

    static String lossSummary(final List<ChainRunResult> results)
    {
        long lost = 0;
        long drops = 0;
        long malformed = 0;
        for (final ChainRunResult result : results)
        {
            lost += result.lost();
            drops += result.forwarderDrops() + result.relayDrops();
            malformed += result.tally().malformed();
        }
        return lost + " lost, " + drops + " dropped by nodes, " + malformed + " malformed";
    }

    static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String ratios(final double[] values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final double value : values)
        {
            sb.append(sb.length() == 1 ? "" : ", ").append(format(value, 3));
        }
        return sb.append(']').toString();
    }

    private static long[] rounded(final double[] values)
    {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }

    static String format(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
