package io.relo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimCommandTest
{
    /** A small overlay with short intervals, so that a run takes a second or two. */
    private static final String[] SMALL = {"sim", "--peers", "32", "--lookups", "200", "--update-interval", "5",
        "--finger-interval", "20", "--settle", "30", "--quiet", "30"};

    private static String[] small(final String... more)
    {
        final String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return args;
    }

    @Test
    void shouldPrintProgressAndTheTableAndWriteEveryFigureAsJson(@TempDir final Path directory) throws Exception
    {
        final Path json = directory.resolve("sim.json");

        final CommandRun run = relo(small("--seed", "4", "--json", json.toString()));

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("relo sim: 32 peers, seed 4, chord-128-2-8 (8 fingers), latency 10-100 ms"),
            run.out());
        for (final String line : new String[] {"] join: 32 peers started in ", "] stable lookups: 200, success ",
            "  stable lookups         200: success 100.00%, hops mean ", "  hop goal               mean hops <= " +
            "1/2 log2 N + 1 = 3.50: ", "  crash burst (", "  speed                  ", "Wrote " + json})
        {
            assertTrue(run.out().contains(line), line + " in\n" + run.out());
        }
        final String text = Files.readString(json);
        for (final String field : new String[] {"\"simulation\": \"relo sim\"", "\"algorithm\": \"chord-128-2-8\"",
            "\"command\": \"relo sim --peers 32", "\"peers\": 32", "\"seed\": 4", "\"stable_lookups\": {",
            "\"success_percent\": 100", "\"mean_hops\": ", "\"p99_hops\": ", "\"hop_goal\": {", "\"value\": 3.5",
            "\"messages_per_peer_per_minute\": ", "\"event\": \"join burst\"", "\"event\": \"leave burst\"",
            "\"event\": \"crash burst\"", "\"ring_seconds\": ", "\"churn\": null", "\"storage\": null", "\"partition\": null",
            "\"events_per_second\": ", "\"wall_clock_seconds\": ", "\"cpu_model\": "})
        {
            assertTrue(text.contains(field), field + " in\n" + text);
        }
    }

    @Test
    void shouldStoreAndFetchUnderChurnAndReportNothingLost()
    {
        final CommandRun run = relo(small("--churn", "0.05", "--churn-duration", "120", "--stores", "300",
            "--json", "-"));

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("  stores                 300 issued, "), run.err());
        assertTrue(run.err().contains("  acknowledged lost      0 lost, 0 stale of "), run.err());
        assertTrue(run.out().contains("\"storage\": {"), run.out());
        assertTrue(run.out().contains("\"lost\": 0"), run.out());
        final java.util.regex.Matcher acknowledged = java.util.regex.Pattern.compile("\"acknowledged\": (\\d+)")
            .matcher(run.out());
        assertTrue(acknowledged.find() && Integer.parseInt(acknowledged.group(1)) > 250, run.out());
    }

    @Test
    void shouldPrintTheJsonToStdoutWithTheTableOnStderrAndLabelAFingerExperiment()
    {
        final CommandRun run = relo(small("--fingers", "10", "--json", "-"));

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\n  \"simulation\": \"relo sim\""), run.out());
        assertTrue(run.out().contains("\"algorithm\": \"chord-128-2-8 with 10 fingers (experiment)\""), run.out());
        assertTrue(run.err().contains("EXPERIMENT: 10 fingers (chord-128-2-8 has 8)"), run.err());
        assertTrue(run.err().contains("  stable lookups "), run.err());
    }

    @Test
    void shouldWriteSimReportJsonWhenJsonHasNoFile()
    {
        final CommandLine.ParseResult parsed = new CommandLine(new Relo()).parseArgs("sim", "--peers", "10",
            "--json");

        assertEquals(SimCommand.DEFAULT_JSON, parsed.subcommand().matchedOptionValue("--json", null));
        assertEquals("sim-report.json", SimCommand.DEFAULT_JSON);
    }

    @Test
    void shouldSayWhatIsWrongWithAnOption()
    {
        final CommandRun latency = relo("sim", "--peers", "10", "--latency", "fast");
        assertEquals(Relo.EXIT_USAGE, latency.exitCode());
        assertTrue(latency.err().contains("relo sim: --latency takes MIN-MAX in ms, for example 10-100"),
            latency.err());

        final CommandRun peers = relo("sim", "--peers", "1");
        assertEquals(Relo.EXIT_USAGE, peers.exitCode());
        assertTrue(peers.err().contains("relo sim: --peers must be at least 2, not 1"), peers.err());
    }
}
