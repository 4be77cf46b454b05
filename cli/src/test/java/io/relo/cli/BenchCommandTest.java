package io.relo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest
{
    @Test
    void shouldReportEveryForwardingFigureAsJsonWithBaselinesRatiosGoalsAndThreads(@TempDir final Path directory)
        throws Exception
    {
        final Path out = directory.resolve("bench");
        final Path json = directory.resolve("figures.json");

        final CommandRun run = relo("bench", "forwarding", "--duration", "0.1", "--warmup", "0.05", "--rounds", "1",
            "--hops", "2", "--idle", "backoff", "--jmh", "off", "--out", out.toString(), "--json", json.toString());

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        final String text = Files.readString(json);
        for (final String key : new String[] {"ipc_forwarding_throughput", "udp_forwarding_throughput",
            "ipc_added_latency_per_hop_p50", "ipc_added_latency_per_hop_p99", "allocation_per_forwarded_frame",
            "jmh_forwarding_decision"})
        {
            assertTrue(text.contains("\"key\": \"" + key + "\""), key);
        }
        for (final String field : new String[] {"\"baseline\": ", "\"ratio\": ", "\"goals\": ", "\"met\": ",
            "\"threads_total\": ", "\"threads_spinning\": 0", "\"idle_strategy\": \"backoff\"", "\"java_version\": ",
            "\"cpu_model\": ", "\"date\": ", "\"command\": \"relo bench forwarding --duration 0.1"})
        {
            assertTrue(text.contains(field), field);
        }
        assertTrue(Files.exists(out.resolve("ipc-latency-2-hop.hgrm")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg "));
        assertTrue(run.out().contains("goal ratio >= 0.8"), run.out());
        assertTrue(run.out().contains("goal <= 10 ns/op                        not run"), run.out());
    }

    @Test
    void shouldPrintTheJsonToStdoutWhenJsonHasNoFile(@TempDir final Path directory) throws Exception
    {
        final CommandRun run = relo("bench", "forwarding", "--duration", "0.1", "--warmup", "0.05", "--rounds", "1",
            "--hops", "2", "--idle", "backoff", "--jmh", "off", "--out", directory.toString(), "--json");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\n  \"benchmark\": \"relo forwarding\""), run.out());
        assertTrue(run.out().contains("\"key\": \"udp_forwarding_throughput\""));
        assertEquals(run.out(), Files.readString(directory.resolve("forwarding.json")));
        assertTrue(run.err().contains("goal ratio >= 0.9"), run.err());
    }

    @Test
    void shouldRefuseAnUnknownJmhMode()
    {
        final CommandRun run = relo("bench", "forwarding", "--jmh", "sometimes");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("--jmh takes full, quick or off"), run.err());
    }
}
