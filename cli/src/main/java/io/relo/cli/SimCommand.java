package io.relo.cli;

import io.relo.bench.report.Environment;
import io.relo.bench.report.JsonWriter;
import io.relo.control.chord.FingerTable;
import io.relo.control.sim.Simulation;
import io.relo.control.sim.StorageWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code relo sim}: the deterministic simulator. Runs the chord-128-2-8 {@code ChordPeer} code in virtual time over
 * a seeded network model and reports lookup hops and success, maintenance traffic, convergence after bursts, churn
 * and partitions, and its own speed, as a table and optionally as JSON.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
        "Simulate a chord-128-2-8 overlay of N peers in virtual time: the real ChordPeer code over a seeded network " +
            "model with latency, loss and partitions, routed by the forwarder's RoutingTable.",
        "Phases: join (grow the ring), settle, stable lookups, a quiet window (maintenance traffic), join, leave and " +
            "crash bursts (convergence), then churn and a partition if asked for.",
        "The same options and seed give the same report, apart from the wall-clock figures."
    })
final class SimCommand implements Callable<Integer>
{
    /** The JSON file that a bare {@code --json} writes, in the current directory. */
    static final String DEFAULT_JSON = "sim-report.json";

    private static final String STDOUT = "-";
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Spec
    private CommandSpec spec;

    @Option(names = "--peers", paramLabel = "N", required = true,
        description = "Peers in the ring after the join phase.")
    private int peers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Seed of the network model and of every peer (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--churn", paramLabel = "RATE", defaultValue = "0",
        description = "Fraction of the peers replaced per minute in a churn phase: each replacement crashes a " +
            "random peer and joins a new one; 0.01 is 1%% per minute, a mean session of 100 minutes (default: " +
            "${DEFAULT-VALUE}, no churn phase).")
    private double churn;

    @Option(names = "--churn-duration", paramLabel = "S", defaultValue = "600",
        description = "Seconds of churn (default: ${DEFAULT-VALUE}).")
    private double churnSeconds;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
        description = "Probability that a frame is lost on a link, 0 to 1 (default: ${DEFAULT-VALUE}); above 0, " +
            "requests are retransmitted end to end as draft §4.4 says.")
    private double loss;

    @Option(names = "--partition", paramLabel = "S", arity = "0..1", fallbackValue = "120", defaultValue = "0",
        description = "Split the network into two random halves for S seconds, then heal and measure (without S: " +
            "${FALLBACK-VALUE}; default: no partition).")
    private double partitionSeconds;

    @Option(names = "--fingers", paramLabel = "K", defaultValue = "8",
        description = "Finger table entries. chord-128-2-8 has 8; any other value is an experiment outside the " +
            "draft, labelled as such in the report (default: ${DEFAULT-VALUE}).")
    private int fingers;

    @Option(names = "--lookups", paramLabel = "L", defaultValue = "10000",
        description = "Lookups per measurement (stable phase, after each burst, during and after churn, after the " +
            "partition) (default: ${DEFAULT-VALUE}).")
    private int lookups;

    @Option(names = "--latency", paramLabel = "MIN-MAX", defaultValue = "10-100",
        description = "One-way link latency in ms, uniform per frame between MIN and MAX (default: " +
            "${DEFAULT-VALUE}).")
    private String latency;

    @Option(names = "--update-interval", paramLabel = "S", defaultValue = "60",
        description = "chord-128-2-8-update-frequency in seconds; the draft suggests 600 (default: ${DEFAULT-VALUE}).")
    private double updateSeconds;

    @Option(names = "--finger-interval", paramLabel = "S", defaultValue = "300",
        description = "chord-128-2-8-ping-frequency in seconds; the draft suggests 3600 (default: ${DEFAULT-VALUE}).")
    private double fingerSeconds;

    @Option(names = "--settle", paramLabel = "S", defaultValue = "600",
        description = "Seconds the ring runs after the join phase before the stable lookups, for the finger PINGs " +
            "to refresh fingers found while the ring was smaller (default: ${DEFAULT-VALUE}).")
    private double settleSeconds;

    @Option(names = "--quiet", paramLabel = "S", defaultValue = "600",
        description = "Seconds of the quiet window over which maintenance messages are counted (default: " +
            "${DEFAULT-VALUE}).")
    private double quietSeconds;

    @Option(names = "--stores", paramLabel = "N", defaultValue = "0",
        description = "Issue N STOREs and N FETCHes evenly over the churn phase (or over a phase of the same length " +
            "without churn), every peer running the conductor's storage code with replication to two successors " +
            "(draft §5.2, §7.3); then FETCH every acknowledged resource. Reports acknowledged stores lost, FETCHes " +
            "that returned an older value than acknowledged, and how often three consecutive peers crashed within " +
            "one repair interval (the update interval) (default: ${DEFAULT-VALUE}, storage not simulated).")
    private int stores;

    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = DEFAULT_JSON,
        description = "Write the report as JSON to FILE; without FILE to " + DEFAULT_JSON + " in the current " +
            "directory; with - to stdout, with the progress and table on stderr.")
    private String json;

    @Override
    public Integer call() throws IOException
    {
        final Simulation.Options options = options();
        final boolean jsonToStdout = STDOUT.equals(json);
        final PrintWriter console = jsonToStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        final String command = "relo " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
        final Environment environment = Environment.detect();
        console.println(describe(options));
        console.flush();

        if (stores < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stores must be 0 or more, not " + stores);
        }
        final Simulation.Report report = new Simulation(options, stores, new Printer(console,
            null != System.console())).run();
        printTable(report, console);
        final String text = toJson(report, command, environment);
        if (jsonToStdout)
        {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        else if (null != json)
        {
            final Path file = Path.of(json);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            console.println("Wrote " + file);
        }
        console.flush();
        return Relo.EXIT_OK;
    }

    private Simulation.Options options()
    {
        final String[] range = latency.split("-");
        try
        {
            final long minNs;
            final long maxNs;
            try
            {
                minNs = Math.round(Double.parseDouble(range[0].trim()) * MS);
                maxNs = Math.round(Double.parseDouble(range[range.length - 1].trim()) * MS);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--latency takes MIN-MAX in ms, for example 10-100, not " +
                    latency);
            }
            if (range.length != 2)
            {
                throw new IllegalArgumentException("--latency takes MIN-MAX in ms, for example 10-100, not " +
                    latency);
            }
            final Simulation.Options defaults = Simulation.Options.defaults(Math.max(2, peers), seed);
            return new Simulation.Options(peers, seed, churn, loss, minNs, maxNs, nanos(updateSeconds),
                nanos(fingerSeconds), defaults.t1Ns(), fingers, lookups, defaults.joinBurst(), defaults.leaveBurst(),
                defaults.crashBurst(), nanos(settleSeconds), nanos(quietSeconds), nanos(churnSeconds),
                nanos(partitionSeconds), defaults.convergenceLimitNs());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "relo sim: " + ex.getMessage());
        }
    }

    private static long nanos(final double seconds)
    {
        return Math.round(seconds * SECOND);
    }

    private static String describe(final Simulation.Options options)
    {
        return String.format(Locale.ROOT, "relo sim: %,d peers, seed %d, %s, latency %s ms, loss %s, update every " +
            "%s s, finger PING every %s s%s%s", options.peers(), options.seed(), fingersLabel(options.fingers()),
            ms(options.minLatencyNs()) + "-" + ms(options.maxLatencyNs()), number(options.loss()),
            number(options.updateIntervalNs() / 1e9), number(options.fingerIntervalNs() / 1e9),
            options.churnPerMinute() > 0 ? ", churn " + number(100 * options.churnPerMinute()) + "%/min" : "",
            options.partitionNs() > 0 ? ", partition " + number(options.partitionNs() / 1e9) + " s" : "");
    }

    private static String fingersLabel(final int fingers)
    {
        return fingers == FingerTable.SIZE ? "chord-128-2-8 (8 fingers)" :
            "EXPERIMENT: " + fingers + " fingers (chord-128-2-8 has " + FingerTable.SIZE + ")";
    }

    private static String ms(final long ns)
    {
        return number(ns / 1e6);
    }

    private static String number(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }

    /** The final table, one row per measured phase. */
    static void printTable(final Simulation.Report report, final PrintWriter out)
    {
        final Simulation.Options options = report.options();
        out.println();
        row(out, "join", String.format(Locale.ROOT, "%,d peers in %d batches: admitted after %.1f s, ring " +
            "converged at %s (virtual)", options.peers(), report.join().batches(), report.join().joinedSeconds(),
            seconds(report.join().convergedSeconds())));
        row(out, "stable lookups", lookups(report.stable()));
        row(out, "hop goal", String.format(Locale.ROOT, "mean hops <= 1/2 log2 N + 1 = %.2f: %s (measured %.2f, " +
            "%s)", report.goalMeanHops(), report.goalMet() ? "met" : "NOT MET", report.stable().meanHops(),
            fingersLabel(options.fingers())));
        row(out, "fingers accurate", String.format(Locale.ROOT, "%.1f%% of entries name the peer responsible " +
            "for their target", report.fingerAccuracyPercent()));
        row(out, "maintenance", String.format(Locale.ROOT, "%.1f messages per peer per minute (%.1f link " +
            "transmissions), %.0f s quiet window", report.maintenance().messagesPerPeerPerMinute(),
            report.maintenance().hopsPerPeerPerMinute(), report.maintenance().windowSeconds()));
        for (final Simulation.Convergence convergence : report.bursts())
        {
            row(out, convergence.event() + " (" + convergence.peers() + ")", convergence(convergence));
        }
        if (null != report.churn())
        {
            final Simulation.Churn churn = report.churn();
            row(out, "churn", String.format(Locale.ROOT, "%.2f%%/min for %.0f s (%,d crashes, %,d joins); lookups " +
                "during: %s", 100 * churn.ratePerMinute(), churn.seconds(), churn.crashes(), churn.joins(),
                lookups(churn.during())));
            row(out, "after churn", convergence(churn.after()));
        }
        if (null != report.storage())
        {
            final StorageWorkload.Report storage = report.storage();
            row(out, "stores", String.format(Locale.ROOT, "%,d issued, %,d acknowledged, errors %s", storage.stores(),
                storage.acknowledged(), storage.storeErrors()));
            row(out, "fetches during", String.format(Locale.ROOT, "%,d: %,d stale, %,d missing, errors %s",
                storage.fetchesDuring(), storage.staleDuring(), storage.missingDuring(), storage.fetchErrorsDuring()));
            row(out, "acknowledged lost", String.format(Locale.ROOT, "%,d lost, %,d stale of %,d resources " +
                "(goal 0 and 0); final fetch errors %s", storage.lostAfter(), storage.staleAfter(),
                storage.resources(), storage.finalErrors()));
            row(out, "triple failures", String.format(Locale.ROOT, "%d times three consecutive peers crashed " +
                "within one repair interval (%.0f s); %d within it plus 64 x T1 (%.0f s, failure detection)",
                storage.tripleFailures(), storage.repairSeconds(), storage.slowTriples(), storage.slowSeconds()));
        }
        if (null != report.partition())
        {
            row(out, "partition (" + report.partition().peers() + ")", "healed " +
                number(options.partitionNs() / 1e9) + " s later; " + convergence(report.partition()));
        }
        if (report.joinsRestarted() > 0)
        {
            row(out, "joins restarted", report.joinsRestarted() + " joiners whose bootstrap peer crashed were " +
                "started again through another");
        }
        final StringBuilder drops = new StringBuilder();
        for (final Map.Entry<String, Long> drop : report.drops().entrySet())
        {
            if (drop.getValue() > 0)
            {
                drops.append(drops.length() == 0 ? "" : ", ").append(drop.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", drop.getValue()));
            }
        }
        row(out, "drops", drops.length() == 0 ? "none" : drops.toString());
        row(out, "speed", String.format(Locale.ROOT, "%,d events over %,.0f s virtual in %.1f s wall clock: " +
            "%,.0f events/s, %,.0fx real time", report.events(), report.virtualSeconds(), report.wallClockSeconds(),
            report.eventsPerSecond(), report.virtualSeconds() / Math.max(report.wallClockSeconds(), 1e-9)));
        out.flush();
    }

    private static void row(final PrintWriter out, final String name, final String value)
    {
        out.printf(Locale.ROOT, "  %-22s %s%n", name, value);
    }

    private static String lookups(final Simulation.LookupStats stats)
    {
        return String.format(Locale.ROOT, "%,d: success %.2f%%, hops mean %.2f, p50 %d, p99 %d, max %d",
            stats.issued(), stats.successPercent(), stats.meanHops(), stats.p50Hops(), stats.p99Hops(),
            stats.maxHops());
    }

    private static String convergence(final Simulation.Convergence convergence)
    {
        return String.format(Locale.ROOT, "ring %s, routing %s; lookups after: success %.2f%%, mean hops %.2f",
            seconds(convergence.ringSeconds()), seconds(convergence.routingSeconds()),
            convergence.lookupsAfter().successPercent(), convergence.lookupsAfter().meanHops());
    }

    private static String seconds(final double value)
    {
        return Double.isNaN(value) ? "not converged" : String.format(Locale.ROOT, "%.0f s", value);
    }

    /** The report as JSON: options, every figure, the environment and the command that produced it. */
    static String toJson(final Simulation.Report report, final String command, final Environment environment)
    {
        final Simulation.Options options = report.options();
        final JsonWriter json = new JsonWriter().beginObject();
        json.field("simulation", "relo sim").field("command", command);
        json.field("algorithm", options.fingers() == FingerTable.SIZE ? "chord-128-2-8" :
            "chord-128-2-8 with " + options.fingers() + " fingers (experiment)");
        json.name("environment");
        environment.writeTo(json);
        json.field("wall_clock_seconds", report.wallClockSeconds())
            .field("events", report.events())
            .field("events_per_second", report.eventsPerSecond())
            .field("virtual_seconds", report.virtualSeconds());
        json.name("options").beginObject()
            .field("peers", options.peers())
            .field("seed", options.seed())
            .field("fingers", options.fingers())
            .field("churn_per_minute", options.churnPerMinute())
            .field("loss", options.loss())
            .field("min_latency_ms", options.minLatencyNs() / 1e6)
            .field("max_latency_ms", options.maxLatencyNs() / 1e6)
            .field("update_interval_seconds", options.updateIntervalNs() / 1e9)
            .field("finger_interval_seconds", options.fingerIntervalNs() / 1e9)
            .field("t1_ms", options.t1Ns() / 1e6)
            .field("lookups", options.lookups())
            .field("join_burst", options.joinBurst())
            .field("leave_burst", options.leaveBurst())
            .field("crash_burst", options.crashBurst())
            .field("settle_seconds", options.settleNs() / 1e9)
            .field("quiet_seconds", options.quietNs() / 1e9)
            .field("churn_seconds", options.churnNs() / 1e9)
            .field("partition_seconds", options.partitionNs() / 1e9)
            .field("convergence_limit_seconds", options.convergenceLimitNs() / 1e9)
            .endObject();
        json.name("join").beginObject()
            .field("batches", report.join().batches())
            .field("admitted_seconds", report.join().joinedSeconds())
            .field("ring_converged_seconds", report.join().convergedSeconds())
            .endObject();
        json.field("finger_accuracy_percent", report.fingerAccuracyPercent());
        json.name("stable_lookups");
        writeLookups(json, report.stable());
        json.name("hop_goal").beginObject()
            .field("goal", "mean hops <= 1/2 log2 N + 1")
            .field("value", report.goalMeanHops())
            .field("measured", report.stable().meanHops())
            .field("met", report.goalMet())
            .endObject();
        json.name("maintenance").beginObject()
            .field("window_seconds", report.maintenance().windowSeconds())
            .field("messages", report.maintenance().messages())
            .field("messages_per_peer_per_minute", report.maintenance().messagesPerPeerPerMinute())
            .field("link_transmissions_per_peer_per_minute", report.maintenance().hopsPerPeerPerMinute())
            .endObject();
        json.name("convergence").beginArray();
        for (final Simulation.Convergence convergence : report.bursts())
        {
            writeConvergence(json, convergence);
        }
        json.endArray();
        json.name("churn");
        if (null == report.churn())
        {
            json.value((String)null);
        }
        else
        {
            final Simulation.Churn churn = report.churn();
            json.beginObject()
                .field("rate_per_minute", churn.ratePerMinute())
                .field("seconds", churn.seconds())
                .field("crashes", churn.crashes())
                .field("joins", churn.joins())
                .name("lookups_during");
            writeLookups(json, churn.during());
            json.name("after");
            writeConvergence(json, churn.after());
            json.endObject();
        }
        json.name("storage");
        if (null == report.storage())
        {
            json.value((String)null);
        }
        else
        {
            final StorageWorkload.Report storage = report.storage();
            json.beginObject()
                .field("stores", storage.stores())
                .field("acknowledged", storage.acknowledged())
                .field("store_errors", String.valueOf(storage.storeErrors()))
                .field("fetches_during", storage.fetchesDuring())
                .field("stale_during", storage.staleDuring())
                .field("missing_during", storage.missingDuring())
                .field("fetch_errors_during", String.valueOf(storage.fetchErrorsDuring()))
                .field("resources", storage.resources())
                .field("lost", storage.lostAfter())
                .field("stale_after", storage.staleAfter())
                .field("final_fetch_errors", String.valueOf(storage.finalErrors()))
                .field("triple_failures", storage.tripleFailures())
                .field("repair_interval_seconds", storage.repairSeconds())
                .field("triple_failures_within_detection", storage.slowTriples())
                .field("detection_window_seconds", storage.slowSeconds())
                .field("storage_messages", storage.storageMessages())
                .endObject();
        }
        json.name("partition");
        if (null == report.partition())
        {
            json.value((String)null);
        }
        else
        {
            writeConvergence(json, report.partition());
        }
        json.field("joins_restarted", report.joinsRestarted());
        json.name("drops").beginObject();
        for (final Map.Entry<String, Long> drop : report.drops().entrySet())
        {
            json.field(drop.getKey(), drop.getValue());
        }
        json.endObject();
        return json.endObject().toString();
    }

    private static void writeLookups(final JsonWriter json, final Simulation.LookupStats stats)
    {
        json.beginObject()
            .field("issued", stats.issued())
            .field("answered", stats.answered())
            .field("succeeded", stats.succeeded())
            .field("success_percent", stats.successPercent())
            .field("mean_hops", stats.meanHops())
            .field("p50_hops", stats.p50Hops())
            .field("p99_hops", stats.p99Hops())
            .field("max_hops", stats.maxHops())
            .endObject();
    }

    private static void writeConvergence(final JsonWriter json, final Simulation.Convergence convergence)
    {
        json.beginObject()
            .field("event", convergence.event())
            .field("peers", convergence.peers())
            .field("ring_seconds", convergence.ringSeconds())
            .field("routing_seconds", convergence.routingSeconds())
            .name("lookups_after");
        writeLookups(json, convergence.lookupsAfter());
        json.endObject();
    }

    /**
     * Prints phase lines as they come and progress lines in place on a terminal, or at most once a second otherwise.
     */
    private static final class Printer implements Simulation.Listener
    {
        private final PrintWriter out;
        private final boolean terminal;
        private final long startNs = System.nanoTime();
        private long lastProgressNs;
        private boolean progressShown;

        Printer(final PrintWriter out, final boolean terminal)
        {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public void onPhase(final String line)
        {
            if (terminal && progressShown)
            {
                out.print("\r\033[K");
            }
            progressShown = false;
            out.println(stamp() + line);
            out.flush();
        }

        @Override
        public void onProgress(final String line)
        {
            final long now = System.nanoTime();
            if (terminal)
            {
                out.print("\r\033[K" + stamp() + line);
                progressShown = true;
                out.flush();
            }
            else if (now - lastProgressNs >= SECOND)
            {
                lastProgressNs = now;
                out.println(stamp() + "  " + line);
                out.flush();
            }
        }

        private String stamp()
        {
            return String.format(Locale.ROOT, "[%6.1f s] ", (System.nanoTime() - startNs) / 1e9);
        }
    }
}
