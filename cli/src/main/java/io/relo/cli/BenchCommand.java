package io.relo.cli;

import io.relo.bench.forwarding.DecisionBenchmarkRunner;
import io.relo.bench.forwarding.ForwardingBenchmark;
import io.relo.bench.forwarding.ForwardingReport;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relo bench}: the benchmarks that run from the command line; {@code relo bench forwarding} measures every
 * forwarding figure against its baseline in one run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark: 'relo bench forwarding'.",
    subcommands = {BenchCommand.Forwarding.class})
final class BenchCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    /**
     * Without a benchmark there is nothing to do: say which ones there are.
     */
    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "relo bench: name a benchmark, for example 'relo bench forwarding'");
    }

    /**
     * {@code relo bench forwarding}: forwarding throughput over IPC and UDP against raw relays, added latency per hop
     * against direct IPC, allocation per forwarded frame, and the JMH forwarding decision benchmark, as JSON, .hgrm
     * files and an HTML report.
     */
    @Command(
        name = "forwarding",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the forwarding figures of issue 3, each against a baseline measured by the same harness in the " +
                "same run:",
            "  UDP and Aeron IPC forwarding throughput of one forwarder thread vs a raw relay (saturating, " +
                "interleaved rounds, median);",
            "  added latency per hop over IPC: a K-hop chain vs direct IPC at a fixed rate, coordinated omission " +
                "corrected;",
            "  bytes allocated per forwarded frame on the forwarder thread;",
            "  JMH ForwardingDecisionBenchmark (ns/op, B/op) vs its object-decoding baseline.",
            "Busy-spins 2 threads (run it on a quiet machine); takes (warm-up + duration) x (4 x rounds + 6) plus JMH " +
                "(about 2 minutes at full)."
        })
    static final class Forwarding implements Callable<Integer>
    {
        private static final String STDOUT = "-";

        @Spec
        private CommandSpec spec;

        @Option(names = "--duration", paramLabel = "S", defaultValue = "5",
            description = "Seconds measured per run (default: ${DEFAULT-VALUE}).")
        private double duration;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "2",
            description = "Seconds offered before each measured window (default: ${DEFAULT-VALUE}).")
        private double warmup;

        @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = STDOUT,
            description = "Where to write the JSON (default: <DIR>/forwarding.json); without FILE, or with -, to " +
                "stdout, with the progress and summary on stderr.")
        private String json;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/relo-bench/forwarding",
            description = "Directory for report.html, the .hgrm files and JMH's output (default: ${DEFAULT-VALUE}).")
        private Path out;

        @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Interleaved raw-relay/forwarder throughput rounds per link type (default: " +
                "${DEFAULT-VALUE}).")
        private int rounds;

        @Option(names = "--hops", paramLabel = "K", defaultValue = "4",
            description = "Forwarders in the latency chain (default: ${DEFAULT-VALUE}).")
        private int hops;

        @Option(names = "--ipc-rate", paramLabel = "R", defaultValue = "100000",
            description = "Fixed offered rate of the IPC latency runs, frames/s (default: ${DEFAULT-VALUE}).")
        private long ipcRate;

        @Option(names = "--udp-rate", paramLabel = "R", defaultValue = "20000",
            description = "Fixed offered rate of the UDP latency runs, frames/s (default: ${DEFAULT-VALUE}).")
        private long udpRate;

        @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "busy",
            description = "Idle strategy of the two working threads: busy, yield, backoff or sleep (default: " +
                "${DEFAULT-VALUE}).")
        private String idle;

        @Option(names = "--jmh", paramLabel = "MODE", defaultValue = "full",
            description = "JMH ForwardingDecisionBenchmark: full (2 forks x 10 iterations), quick (1 x 5) or off " +
                "(default: ${DEFAULT-VALUE}).")
        private String jmh;

        @Override
        public Integer call() throws IOException, RunnerException
        {
            final ForwardingBenchmark.Settings settings;
            try
            {
                final ForwardingBenchmark.Settings defaults = ForwardingBenchmark.Settings.defaults();
                settings = new ForwardingBenchmark.Settings(warmup, duration, rounds, hops, ipcRate, udpRate,
                    defaults.ipcWindow(), defaults.udpWindow(), idle,
                    DecisionBenchmarkRunner.Mode.valueOf(jmh.toUpperCase(Locale.ROOT)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "relo bench forwarding: " +
                    ex.getMessage() + " (--jmh takes full, quick or off)");
            }
            final boolean jsonToStdout = STDOUT.equals(json);
            final PrintWriter console = jsonToStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
            final String command = "relo " + String.join(" ", spec.root().commandLine().getParseResult()
                .originalArgs());
            console.println("relo bench forwarding: " + ForwardingBenchmark.plan(settings).size() + " harness runs" +
                (settings.jmh() == DecisionBenchmarkRunner.Mode.OFF ? "" : " then JMH") + "; load average now " +
                io.relo.bench.report.Environment.loadAverageNow() + " (figures are only worth keeping on a quiet " +
                "machine)");
            console.flush();
            final ForwardingReport report = ForwardingBenchmark.run(settings, command, out,
                new ProgressPrinter(console, null != System.console()));
            final List<Path> files = report.write(out, null == json || jsonToStdout ? null : Path.of(json));
            report.printSummary(console);
            console.println("Wrote " + files.get(0) + ", " + out.resolve("report.html") + " and " +
                (files.size() - 2) + " .hgrm files" + (settings.jmh() == DecisionBenchmarkRunner.Mode.OFF ? "" :
                ", with JMH's JSON and log in " + out));
            console.flush();
            if (jsonToStdout)
            {
                spec.commandLine().getOut().print(report.toJson());
                spec.commandLine().getOut().flush();
            }
            return Relo.EXIT_OK;
        }
    }
}
