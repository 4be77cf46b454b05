package io.relo.bench.forwarding;

import io.relo.bench.report.Environment;
import io.relo.bench.report.Hgrm;
import io.relo.bench.report.HtmlReport;
import io.relo.bench.report.JsonWriter;
import io.relo.bench.report.PercentilePlot;
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
 * The result of {@link ForwardingBenchmark#run}: every figure with its baseline, ratio and goals, every run with its
 * threads, and the environment, written as JSON, .hgrm files, and an HTML page with SVG percentile plots.
 *
 * @param settings    what ran.
 * @param command     the command line.
 * @param environment JVM and machine at the start.
 * @param loadAtEnd   load averages at the end.
 * @param seconds     wall-clock time of the whole benchmark.
 * @param runs        every harness run, in order.
 * @param jmh         JMH scores, empty if JMH was off.
 * @param figures     the figures.
 */
public record ForwardingReport(
    ForwardingBenchmark.Settings settings,
    String command,
    Environment environment,
    String loadAtEnd,
    double seconds,
    List<ChainRunResult> runs,
    List<DecisionBenchmarkRunner.Score> jmh,
    List<Figure> figures)
{
    /**
     * @return the report as JSON.
     */
    public String toJson()
    {
        final JsonWriter json = new JsonWriter().beginObject();
        json.field("benchmark", "relo forwarding").field("command", command);
        json.name("environment");
        environment.writeTo(json);
        json.field("load_average_at_end", loadAtEnd).field("wall_clock_seconds", seconds);
        json.name("settings").beginObject()
            .field("warmup_seconds", settings.warmupSeconds())
            .field("duration_seconds", settings.durationSeconds())
            .field("throughput_rounds", settings.rounds())
            .field("latency_chain_hops", settings.hops())
            .field("ipc_latency_rate", settings.ipcRate())
            .field("udp_latency_rate", settings.udpRate())
            .field("ipc_window", settings.ipcWindow())
            .field("udp_window", settings.udpWindow())
            .field("idle_strategy", settings.idle())
            .field("jmh", settings.jmh().name().toLowerCase(Locale.ROOT))
            .endObject();
        json.name("figures").beginArray();
        for (final Figure figure : figures)
        {
            figure.writeTo(json);
        }
        json.endArray();
        json.name("unmet_goals").beginArray();
        for (final Figure figure : figures)
        {
            for (final Figure.Goal goal : figure.goals())
            {
                if (!goal.met())
                {
                    json.value(figure.key() + ": goal " + goal.description() + ", " +
                        (Figure.Goal.NOT_RUN.equals(goal.measured()) ? "not run" : "measured " + goal.measured()));
                }
            }
        }
        json.endArray();
        json.name("jmh").beginArray();
        for (final DecisionBenchmarkRunner.Score score : jmh)
        {
            json.beginObject()
                .field("benchmark", ForwardingDecisionBenchmark.class.getSimpleName() + "." + score.method())
                .field("ns_per_op", score.nsPerOp())
                .field("error_ns_per_op", score.error())
                .field("bytes_per_op", score.bytesPerOp())
                .field("forks", score.forks())
                .field("measured_iterations", score.iterations())
                .endObject();
        }
        json.endArray();
        json.name("runs").beginArray();
        for (final ChainRunResult run : runs)
        {
            writeRun(json, run);
        }
        json.endArray();
        return json.endObject().toString();
    }

    /**
     * Write one run as a JSON object: the figures, counters and threads.
     *
     * @param json to write into, as the current value.
     * @param run  the run.
     */
    public static void writeRun(final JsonWriter json, final ChainRunResult run)
    {
        final ChainSpec spec = run.spec();
        final EndpointAgent.Tally tally = run.tally();
        json.beginObject()
            .field("name", spec.name())
            .field("description", spec.describe())
            .field("link", spec.link().key())
            .field("kind", spec.kind().name().toLowerCase(Locale.ROOT))
            .field("hops", spec.hops())
            .field("load", spec.load().describe())
            .field("warmup_seconds", spec.warmupNs() / 1e9)
            .field("duration_seconds", run.measuredSeconds())
            .field("frame_bytes_sent", run.frameLength())
            .field("frame_bytes_delivered", run.deliveredFrameLength())
            .field("offered_per_second", run.offeredPerSecond())
            .field("delivered_per_second", run.deliveredPerSecond())
            .field("sent", tally.sent())
            .field("received", tally.received())
            .field("lost", run.lost())
            .field("malformed", tally.malformed())
            .field("out_of_order", tally.outOfOrder())
            .field("send_retries", tally.sendFailures())
            .field("generator_kept_up", run.generatorKeptUp())
            .field("node_drops", run.forwarderDrops() + run.relayDrops())
            .field("chain_frames_in_window", run.chainFramesInWindow())
            .field("chain_thread_allocated_bytes", run.chainAllocatedBytes())
            .field("chain_thread_allocated_bytes_per_frame", run.allocatedBytesPerFrame())
            .field("endpoint_thread_allocated_bytes", run.endpointAllocatedBytes())
            .field("endpoint_thread_idle_cycle_fraction", run.endpointIdleFraction())
            .field("chain_thread_idle_cycle_fraction", run.chainIdleFraction())
            .field("endpoint_thread_busy_time_fraction", run.endpointBusyFraction())
            .field("chain_thread_busy_time_fraction", run.chainBusyFraction());
        json.name("forwarder_counters").beginObject();
        for (final Map.Entry<ForwarderCounter, Long> counter : run.counters().entrySet())
        {
            if (counter.getValue() != 0)
            {
                json.field(counter.getKey().name().toLowerCase(Locale.ROOT), counter.getValue());
            }
        }
        json.endObject();
        if (run.latency().getTotalCount() > 0)
        {
            json.name("latency_ns").beginObject().field("count", run.latency().getTotalCount());
            for (int i = 0; i < LatencyComparison.PERCENTILES.length; i++)
            {
                json.field(LatencyComparison.NAMES[i], LatencyComparison.at(run.latency(),
                    LatencyComparison.PERCENTILES[i]));
            }
            json.field("mean", run.latency().getMean()).field("hgrm", hgrmName(run)).endObject();
        }
        json.field("threads_total", run.threads().size()).field("threads_spinning", run.spinningThreads());
        json.name("threads").beginArray();
        for (final ThreadRole thread : run.threads())
        {
            json.beginObject()
                .field("name", thread.name())
                .field("role", thread.role())
                .field("idle_strategy", thread.idleStrategy())
                .field("spins", thread.spins())
                .endObject();
        }
        json.endArray().name("errors").beginArray();
        for (final String error : run.errors())
        {
            json.value(error);
        }
        json.endArray().endObject();
    }

    /**
     * @param run with latency recorded.
     * @return the file name of its .hgrm.
     */
    public static String hgrmName(final ChainRunResult run)
    {
        return run.spec().name() + ".hgrm";
    }

    /**
     * Write an .hgrm file (microseconds) for every run that recorded latency.
     *
     * @param dir  to write into.
     * @param runs the runs.
     * @return the files written.
     * @throws IOException if one cannot be written.
     */
    public static List<Path> writeHgrms(final Path dir, final List<ChainRunResult> runs) throws IOException
    {
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        for (final ChainRunResult run : runs)
        {
            if (run.latency().getTotalCount() > 0)
            {
                final Path file = dir.resolve(hgrmName(run));
                Hgrm.write(file, run.latency());
                files.add(file);
            }
        }
        return files;
    }

    /**
     * Write the JSON, the .hgrm files and report.html.
     *
     * @param dir  for the .hgrm files and report.html.
     * @param json file for the JSON, or null for {@code dir/forwarding.json}.
     * @return the files written.
     * @throws IOException if one cannot be written.
     */
    public List<Path> write(final Path dir, final Path json) throws IOException
    {
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        final Path jsonFile = null == json ? dir.resolve("forwarding.json") : json;
        if (null != jsonFile.toAbsolutePath().getParent())
        {
            Files.createDirectories(jsonFile.toAbsolutePath().getParent());
        }
        Files.writeString(jsonFile, toJson(), StandardCharsets.UTF_8);
        files.add(jsonFile);
        files.addAll(writeHgrms(dir, runs));
        final Path html = dir.resolve("report.html");
        final Path absoluteDir = dir.toAbsolutePath().normalize();
        final Path absoluteJson = jsonFile.toAbsolutePath().normalize();
        html(absoluteJson.startsWith(absoluteDir) ? absoluteDir.relativize(absoluteJson).toString() :
            absoluteJson.toString()).write(html);
        files.add(html);
        return files;
    }

    private HtmlReport html(final String jsonName)
    {
        final HtmlReport html = new HtmlReport("relo forwarding benchmark, " + environment.date());
        html.list(List.of(
            "command: " + command,
            "date: " + environment.date() + ", wall clock " + ForwardingBenchmark.format(seconds, 0) + " s",
            "JVM: " + environment.jvm() + " (java " + environment.javaVersion() + ")",
            "machine: " + environment.processors() + " processors, " + environment.cpuModel() + ", " +
                environment.memory() + ", " + environment.os(),
            "load average (1, 5, 15 min): " + environment.loadAverage() + " at the start, " + loadAtEnd + " at the end",
            "threads: every run has one generator-and-sink thread and at most one chain thread, both '" +
                settings.idle() + "'; the table below lists each run's threads",
            "JSON with every figure and run: " + jsonName));

        html.heading(2, "Figures against their goals");
        final List<List<String>> rows = new ArrayList<>();
        for (final Figure figure : figures)
        {
            final StringBuilder goals = new StringBuilder();
            for (final Figure.Goal goal : figure.goals())
            {
                goals.append(goals.length() == 0 ? "" : "; ").append(goal.description()).append(": ")
                    .append(goal.status()).append(" (").append(goal.measured()).append(')');
            }
            rows.add(List.of(figure.title(), number(figure.value()) + " " + figure.unit(),
                number(figure.baseline()) + " " + figure.unit(), ForwardingBenchmark.format(figure.ratio(), 3),
                goals.toString()));
        }
        html.table(List.of("figure", "value", "baseline", "ratio", "goals"), rows);
        for (final Figure figure : figures)
        {
            html.heading(3, figure.title());
            final List<String> items = new ArrayList<>();
            items.add("method: " + figure.method());
            items.add("baseline: " + figure.baselineName());
            items.add("ratio: " + figure.ratioMeaning());
            items.addAll(figure.notes());
            html.list(items);
        }

        for (final LinkType link : LinkType.values())
        {
            final PercentilePlot plot = new PercentilePlot(link.title() + ": one-way latency by percentile, " +
                (link == LinkType.IPC ? settings.ipcRate() : settings.udpRate()) + " frames/s offered");
            for (final ChainRunResult run : runs)
            {
                if (run.spec().link() == link && run.spec().load().isFixedRate())
                {
                    plot.add(run.spec().describe(), run.latency());
                }
            }
            html.heading(2, link.title() + " latency");
            html.svg(plot.toSvg());
        }

        html.heading(2, "Runs");
        html.table(runHeader(), runs.stream().map(ForwardingReport::runRow).toList());
        html.heading(2, "Threads of each run");
        final List<List<String>> threadRows = new ArrayList<>();
        for (final ChainRunResult run : runs)
        {
            for (final ThreadRole thread : run.threads())
            {
                threadRows.add(List.of(run.spec().name(), thread.name(), thread.role(), thread.idleStrategy(),
                    thread.spins() ? "yes" : "no"));
            }
        }
        html.table(List.of("run", "thread", "role", "idle strategy", "spins"), threadRows);
        return html;
    }

    /**
     * @return column names of {@link #runRow(ChainRunResult)}.
     */
    public static List<String> runHeader()
    {
        return List.of("run", "what", "load", "delivered/s", "sent", "received", "lost", "node drops", "B/frame",
            "p50 us", "p99 us", "max us", "threads (spinning)");
    }

    /**
     * @param run a run.
     * @return its row of the runs table.
     */
    public static List<String> runRow(final ChainRunResult run)
    {
        final boolean latency = run.latency().getTotalCount() > 0;
        return List.of(run.spec().name(), run.spec().describe(),
            run.spec().load().isFixedRate() ? run.spec().load().ratePerSecond() + "/s fixed" :
                "window " + run.spec().load().window(),
            number(run.deliveredPerSecond()), Long.toString(run.tally().sent()),
            Long.toString(run.tally().received()), Long.toString(run.lost()),
            Long.toString(run.forwarderDrops() + run.relayDrops()),
            Double.isNaN(run.allocatedBytesPerFrame()) ? "-" :
                String.format(Locale.ROOT, "%.4f", run.allocatedBytesPerFrame()),
            latency ? micros(LatencyComparison.at(run.latency(), 50)) : "-",
            latency ? micros(LatencyComparison.at(run.latency(), 99)) : "-",
            latency ? micros(run.latency().getMaxValue()) : "-",
            run.threads().size() + " (" + run.spinningThreads() + ")");
    }

    /**
     * @param nanos a latency in ns.
     * @return it in microseconds, 3 decimals.
     */
    public static String micros(final double nanos)
    {
        return String.format(Locale.ROOT, "%.3f", nanos / 1000.0);
    }

    /**
     * @param value any figure.
     * @return it with thousands separators, or with 2 decimals when small.
     */
    public static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) :
            String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * Print the figures and any goal not met.
     *
     * @param out to print to.
     */
    public void printSummary(final PrintWriter out)
    {
        out.println();
        out.printf(Locale.ROOT, "%-66s %16s %16s %8s%n", "figure", "value", "baseline", "ratio");
        for (final Figure figure : figures)
        {
            out.printf(Locale.ROOT, "%-66s %16s %16s %8s%n", truncate(figure.title(), 66),
                number(figure.value()) + " " + unitShort(figure.unit()),
                number(figure.baseline()) + " " + unitShort(figure.unit()),
                ForwardingBenchmark.format(figure.ratio(), 3));
            for (final Figure.Goal goal : figure.goals())
            {
                out.printf(Locale.ROOT, "    goal %-34s %-8s measured %s%n", goal.description(),
                    goal.status(), goal.measured());
            }
        }
        out.println();
        out.println("threads: every run used 1 generator-and-sink thread and at most 1 chain thread ('" +
            settings.idle() + "'), never more than 2 spinning; see the JSON for each run's list");
        out.flush();
    }

    private static String unitShort(final String unit)
    {
        return unit.length() > 7 ? unit.substring(0, 7) : unit;
    }

    private static String truncate(final String text, final int length)
    {
        return text.length() <= length ? text : text.substring(0, length - 3) + "...";
    }
}
