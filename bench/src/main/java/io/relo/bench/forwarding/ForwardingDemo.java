package io.relo.bench.forwarding;

import io.relo.bench.report.Environment;
import io.relo.bench.report.HtmlReport;
import io.relo.bench.report.JsonWriter;
import io.relo.bench.report.PercentilePlot;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ForwarderCounter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forwarding part of {@code relo demo}: for Aeron IPC and then UDP loopback, a direct run and a chain of
 * forwarders at one fixed offered rate, and one forwarder under saturating load, all in this process with polite
 * idle strategies; then a table of throughput and per-hop latency percentiles, the counters, and an HTML report with
 * SVG percentile plots beside the .hgrm files.
 */
public final class ForwardingDemo
{
    /**
     * What the demo runs.
     *
     * @param warmupSeconds      offered before each latency window.
     * @param durationSeconds    of each latency window.
     * @param throughputSeconds  of each saturating window (after a quarter of it as warm-up).
     * @param hops               forwarders in each chain.
     * @param ipcRate            offered over IPC, frames/s.
     * @param udpRate            offered over UDP, frames/s.
     * @param idle               idle strategy of both working threads.
     */
    public record Settings(
        double warmupSeconds,
        double durationSeconds,
        double throughputSeconds,
        int hops,
        long ipcRate,
        long udpRate,
        String idle)
    {
        /**
         * Check the settings make sense.
         */
        public Settings
        {
            if (durationSeconds <= 0 || warmupSeconds < 0 || throughputSeconds <= 0 || hops < 1 ||
                hops > ChainSpec.MAX_HOPS)
            {
                throw new IllegalArgumentException("need durations > 0, warm-up >= 0 and 1 to " + ChainSpec.MAX_HOPS +
                    " hops");
            }
            // an unknown name fails here, naming the choices
            ForwarderContext.idleStrategy(idle);
        }

        /**
         * @return about 20 seconds on 2 cores: 3 hops, yielding threads, 3 s per latency window.
         */
        public static Settings defaults()
        {
            return new Settings(1, 3, 2, 3, 100_000, 20_000, "yield");
        }

        /**
         * @param durationSeconds of each latency window; the warm-up and throughput windows shrink with it.
         * @param hops            forwarders in each chain.
         * @param idle            idle strategy of both working threads.
         * @return the default rates with these choices.
         */
        public static Settings of(final double durationSeconds, final int hops, final String idle)
        {
            final Settings defaults = defaults();
            return new Settings(Math.min(defaults.warmupSeconds(), durationSeconds / 2), durationSeconds,
                Math.min(defaults.throughputSeconds(), durationSeconds), hops, defaults.ipcRate(),
                defaults.udpRate(), idle);
        }
    }

    /**
     * What the demo measured.
     *
     * @param settings    what ran.
     * @param environment JVM and machine.
     * @param seconds     wall clock.
     * @param runs        direct, chain and throughput run per link type, in that order.
     */
    public record Result(Settings settings, Environment environment, double seconds, List<ChainRunResult> runs)
    {
        /**
         * @param link    IPC or UDP.
         * @param kind    DIRECT for the direct run, FORWARDER for the chain.
         * @param fixed   true for the latency runs, false for the throughput run.
         * @return the run.
         */
        public ChainRunResult run(final LinkType link, final ChainKind kind, final boolean fixed)
        {
            return runs.stream().filter(r -> r.spec().link() == link && r.spec().kind() == kind &&
                r.spec().load().isFixedRate() == fixed).findFirst().orElseThrow();
        }
    }

    private ForwardingDemo()
    {
    }

    /**
     * @param settings what to run.
     * @return the runs, in order.
     */
    public static List<ChainSpec> plan(final Settings settings)
    {
        final List<ChainSpec> plan = new ArrayList<>();
        for (final LinkType link : LinkType.values())
        {
            final OfferedLoad rate = OfferedLoad.fixedRate(link == LinkType.IPC ? settings.ipcRate() :
                settings.udpRate());
            plan.add(ChainSpec.of(link.key() + "-direct", link, ChainKind.DIRECT, 0, rate,
                settings.warmupSeconds(), settings.durationSeconds(), settings.idle(), settings.idle()));
            plan.add(ChainSpec.of(link.key() + "-" + settings.hops() + "-hop-chain", link, ChainKind.FORWARDER,
                settings.hops(), rate, settings.warmupSeconds(), settings.durationSeconds(), settings.idle(),
                settings.idle()));
            plan.add(ChainSpec.of(link.key() + "-throughput-1-forwarder", link, ChainKind.FORWARDER, 1,
                OfferedLoad.saturating(256), settings.throughputSeconds() / 4,
                settings.throughputSeconds(), settings.idle(), settings.idle()));
        }
        return plan;
    }

    /**
     * Run the demo.
     *
     * @param settings what to run.
     * @param listener hears about progress.
     * @return what it measured.
     * @throws IOException if a UDP socket cannot be opened.
     */
    public static Result run(final Settings settings, final ForwardingBenchmark.Listener listener)
        throws IOException
    {
        final Environment environment = Environment.detect();
        final long started = System.nanoTime();
        final List<ChainSpec> plan = plan(settings);
        final List<ChainRunResult> runs = new ArrayList<>();
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
                else if (spec.link() == LinkType.UDP && null != aeron)
                {
                    aeron.close();
                    aeron = null;
                }
                listener.onRunStart(spec, ++index, plan.size());
                final ChainRunResult result = ForwardingChain.run(spec, aeron, listener);
                runs.add(result);
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
        return new Result(settings, environment, (System.nanoTime() - started) / 1e9, runs);
    }

    /**
     * Print the table of throughput and latency, the counters, and what any loss means.
     *
     * @param result of {@link #run}.
     * @param out    to print to.
     */
    public static void printTable(final Result result, final PrintWriter out)
    {
        final Settings settings = result.settings();
        for (final LinkType link : LinkType.values())
        {
            final ChainRunResult direct = result.run(link, ChainKind.DIRECT, true);
            final ChainRunResult chain = result.run(link, ChainKind.FORWARDER, true);
            final ChainRunResult throughput = result.run(link, ChainKind.FORWARDER, false);
            out.println();
            out.printf(Locale.ROOT, "%s: %,d frames/s offered at a fixed rate (open loop, latency from each " +
                "frame's intended send time)%n", link.title(), direct.spec().load().ratePerSecond());
            out.printf(Locale.ROOT, "  %-34s %12s %9s %9s %9s %9s %9s%n", "", "delivered/s", "p50 us", "p90 us",
                "p99 us", "p99.9 us", "max us");
            printLatencyRow(out, "direct (0 hops)", direct);
            printLatencyRow(out, settings.hops() + "-hop chain", chain);
            out.printf(Locale.ROOT, "  %-34s %12s", "added per hop ((chain-direct)/" + settings.hops() + ")", "");
            for (final double percentile : LatencyComparison.PERCENTILES)
            {
                out.printf(Locale.ROOT, " %9.3f", LatencyComparison.perHop(chain.latency(), direct.latency(),
                    settings.hops(), percentile) / 1000.0);
            }
            out.println();
            if (hasNegativePerHop(chain, direct, settings.hops()))
            {
                out.println("    (a negative value means the direct run's own tail was larger there: scheduling " +
                    "noise from other processes; load average " + Environment.loadAverageNow() + ")");
            }
            out.printf(Locale.ROOT, "  throughput of 1 forwarder thread, saturating: %,.0f frames/s (%,d frames " +
                "of %d bytes, %d in flight at most)%n", throughput.deliveredPerSecond(), throughput.tally().received(),
                throughput.frameLength(), throughput.spec().load().window());
            for (final ChainRunResult run : List.of(chain, throughput))
            {
                out.printf(Locale.ROOT, "  counters, %s: %s%n", run.spec().name(), counters(run));
                final String loss = explainLoss(run);
                if (!loss.isEmpty())
                {
                    out.println("    " + loss);
                }
            }
            if (direct.lost() > 0)
            {
                out.println("    " + explainLoss(direct));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "threads per run: 1 generator-and-sink + 1 chain thread (all forwarders of a chain " +
            "in one CompositeAgent), both '%s'; IPC runs add the Aeron client conductor and a driver keeper that " +
            "sleeps while the generator-and-sink thread runs the driver; %.1f s in all%n", settings.idle(),
            result.seconds());
        out.flush();
    }

    private static boolean hasNegativePerHop(final ChainRunResult chain, final ChainRunResult direct, final int hops)
    {
        for (final double percentile : LatencyComparison.PERCENTILES)
        {
            if (LatencyComparison.perHop(chain.latency(), direct.latency(), hops, percentile) < 0)
            {
                return true;
            }
        }
        return false;
    }

    private static void printLatencyRow(final PrintWriter out, final String label, final ChainRunResult run)
    {
        out.printf(Locale.ROOT, "  %-34s %,12.0f", label, run.deliveredPerSecond());
        for (final double percentile : LatencyComparison.PERCENTILES)
        {
            out.printf(Locale.ROOT, " %9.3f", LatencyComparison.at(run.latency(), percentile) / 1000.0);
        }
        out.println();
    }

    /**
     * @param run a forwarder run.
     * @return its frame counters, with every drop reason that is not zero.
     */
    public static String counters(final ChainRunResult run)
    {
        final Map<ForwarderCounter, Long> counters = run.counters();
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "sent %,d, received at sink %,d, forwarded %,d (all hops), dropped %,d", run.tally().sent(),
            run.tally().received(), counters.getOrDefault(ForwarderCounter.FRAMES_FORWARDED, 0L),
            run.forwarderDrops()));
        for (final Map.Entry<ForwarderCounter, Long> counter : counters.entrySet())
        {
            if (ChainRunResult.isFrameDrop(counter.getKey()) && counter.getValue() != 0)
            {
                sb.append("; ").append(counter.getKey().label()).append(": ").append(counter.getValue());
            }
        }
        return sb.toString();
    }

    /**
     * @param run a run.
     * @return why frames went missing, or empty when none did.
     */
    public static String explainLoss(final ChainRunResult run)
    {
        final List<String> reasons = new ArrayList<>();
        final long unaccounted = run.lost() - run.forwarderDrops() - run.relayDrops();
        if (run.forwarderDrops() > 0)
        {
            reasons.add(run.forwarderDrops() + " dropped by forwarders, by reason in the counters above");
        }
        if (unaccounted > 0)
        {
            reasons.add(unaccounted + " never reached a forwarder's counters or the sink" +
                (run.spec().link() == LinkType.UDP ? ": a socket's receive buffer overflowed in the kernel (the " +
                "offered rate is more than this chain sustains on this machine now; see the throughput line)" : ""));
        }
        if (!run.generatorKeptUp())
        {
            reasons.add("the generator fell behind its schedule and the run ended before it caught up");
        }
        return reasons.isEmpty() ? "" : "missing frames: " + String.join("; ", reasons);
    }

    /**
     * Write report.html and an .hgrm per latency run, and demo.json with every run.
     *
     * @param result of {@link #run}.
     * @param dir    to write into, created if missing.
     * @return the files written.
     * @throws IOException if one cannot be written.
     */
    public static List<Path> writeReport(final Result result, final Path dir) throws IOException
    {
        return writeReport(result, dir, html -> {});
    }

    /**
     * Write the report with sections of another part of the demo before the forwarding chains.
     *
     * @param result the run.
     * @param dir    where to.
     * @param before adds its sections to the page first.
     * @return the files written.
     * @throws IOException if a file cannot be written.
     */
    public static List<Path> writeReport(
        final Result result, final Path dir, final java.util.function.Consumer<HtmlReport> before) throws IOException
    {
        final List<Path> files = new ArrayList<>(ForwardingReport.writeHgrms(dir, result.runs()));
        final Settings settings = result.settings();
        final Environment environment = result.environment();
        final HtmlReport html = new HtmlReport("relo demo: forwarding chains, " + environment.date());
        html.list(List.of(
            "JVM: " + environment.jvm() + " (java " + environment.javaVersion() + ")",
            "machine: " + environment.processors() + " processors, " + environment.cpuModel() + ", " +
                environment.memory() + ", load average " + environment.loadAverage(),
            "every chain is real relo Forwarders in this process, configured through their command rings; the " +
                "generator and the sink share one thread, all forwarders of a chain run on a second one; idle " +
                "strategy '" + settings.idle() + "' for both",
            "latency: one-way, from the intended send time carried in each frame to its arrival, recorded against " +
                "the intended time (coordinated omission corrected); .hgrm files in microseconds beside this page",
            "this is a demo on a shared machine with polite idle strategies; the benchmark figures are in " +
                "perf-reports/ (relo bench forwarding)"));
        before.accept(html);
        for (final LinkType link : LinkType.values())
        {
            final ChainRunResult direct = result.run(link, ChainKind.DIRECT, true);
            final ChainRunResult chain = result.run(link, ChainKind.FORWARDER, true);
            final ChainRunResult throughput = result.run(link, ChainKind.FORWARDER, false);
            html.heading(2, link.title() + ", " + direct.spec().load().ratePerSecond() + " frames/s offered");
            final List<List<String>> rows = new ArrayList<>();
            rows.add(latencyRow("direct (0 hops)", direct));
            rows.add(latencyRow(settings.hops() + "-hop chain", chain));
            final List<String> perHop = new ArrayList<>(List.of("added per hop", "-"));
            for (final double percentile : LatencyComparison.PERCENTILES)
            {
                perHop.add(ForwardingReport.micros(
                    LatencyComparison.perHop(chain.latency(), direct.latency(), settings.hops(), percentile)));
            }
            rows.add(perHop);
            html.table(List.of("", "delivered/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us"), rows);
            html.paragraph(String.format(Locale.ROOT, "Throughput of one forwarder thread under saturating load " +
                "(at most %d frames in flight): %,.0f frames/s.", throughput.spec().load().window(),
                throughput.deliveredPerSecond()));
            html.svg(new PercentilePlot(link.title() + ": one-way latency by percentile")
                .add("direct (0 hops)", direct.latency())
                .add(settings.hops() + "-hop chain", chain.latency())
                .toSvg());
            final List<String> counters = new ArrayList<>();
            for (final ChainRunResult run : List.of(chain, throughput))
            {
                counters.add(run.spec().name() + ": " + counters(run));
                final String loss = explainLoss(run);
                if (!loss.isEmpty())
                {
                    counters.add(run.spec().name() + ": " + loss);
                }
            }
            html.list(counters);
        }
        html.heading(2, "Runs");
        html.table(ForwardingReport.runHeader(), result.runs().stream().map(ForwardingReport::runRow).toList());
        final Path page = dir.resolve("report.html");
        html.write(page);
        files.add(page);

        final JsonWriter json = new JsonWriter().beginObject().field("demo", "relo forwarding");
        json.name("environment");
        environment.writeTo(json);
        json.field("wall_clock_seconds", result.seconds()).name("runs").beginArray();
        for (final ChainRunResult run : result.runs())
        {
            ForwardingReport.writeRun(json, run);
        }
        json.endArray().endObject();
        final Path jsonFile = dir.resolve("demo.json");
        Files.writeString(jsonFile, json.toString(), StandardCharsets.UTF_8);
        files.add(jsonFile);
        return files;
    }

    private static List<String> latencyRow(final String label, final ChainRunResult run)
    {
        final List<String> row = new ArrayList<>(List.of(label, ForwardingReport.number(run.deliveredPerSecond())));
        for (final double percentile : LatencyComparison.PERCENTILES)
        {
            row.add(ForwardingReport.micros(LatencyComparison.at(run.latency(), percentile)));
        }
        return row;
    }
}
