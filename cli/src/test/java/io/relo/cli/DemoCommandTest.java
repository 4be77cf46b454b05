package io.relo.cli;

import io.relo.codec.message.ExampleFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest
{
    @Test
    void shouldTourEveryCodecExampleAndWriteFramesThatDecodeBack(@TempDir final Path directory) throws Exception
    {
        final Path out = directory.resolve("frames");

        final CommandRun run = relo("demo", "--codecs", "--out", out.toString(), "--iterations", "5000");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        for (final ExampleFrames.Example example : ExampleFrames.all())
        {
            final Path file = out.resolve(example.name() + ".bin");
            assertArrayEquals(example.frame(), Files.readAllBytes(file), file.toString());
            assertTrue(run.out().contains("] " + example.name() + ": " + example.title() + "\n"), example.name());

            final CommandRun decode = relo("decode", file.toString());
            assertEquals(Relo.EXIT_OK, decode.exitCode(), decode.err());
            assertTrue(decode.out().startsWith("frame: " + example.frame().length + " bytes, a well-formed message"));
        }
        try (var files = Files.list(out))
        {
            assertEquals(ExampleFrames.all().size(), files.count());
        }
    }

    @Test
    void shouldPrintHexThatDecodeReadsBack(@TempDir final Path directory)
    {
        final byte[] frame = ExampleFrames.routeLogRequest();
        final String hex = DemoCommand.hex(frame, "    ");

        final CommandRun demo = relo("demo", "--codecs", "--out", directory.toString(), "--iterations", "1000");
        assertTrue(demo.out().contains("  hex:\n" + hex), demo.out());

        final CommandRun decode = relo("decode", hex);
        assertEquals(Relo.EXIT_OK, decode.exitCode(), decode.err());
        assertTrue(decode.out().contains("route log: 2 entries"), decode.out());
    }

    @Test
    void shouldShowRejectionsTimingAndWhereTheForwardingDemoIs(@TempDir final Path directory)
    {
        final CommandRun run = relo("demo", "--codecs", "--out", directory.toString(), "--iterations", "1000");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        final int storeLength = ExampleFrames.storeRequest().length;
        assertTrue(run.out().contains("    relo decode: Length field says " + storeLength +
            " bytes but the datagram has 100\n"), run.out());
        assertTrue(run.out().contains("    relo decode: payload of STORE request: store_request.store_data: "),
            run.out());
        assertTrue(run.out().contains(" ns/op over 1,000 iterations"), run.out());
        assertTrue(run.out().contains("the JMH figure in perf-reports/ is the authoritative number"), run.out());
        assertTrue(run.out().contains("Forwarding demo: ./relo demo (without --codecs)"), run.out());
    }

    @Test
    void shouldRunChainsOfForwardersAndWriteTheReportWithPlotsAndHgrmFiles(@TempDir final Path directory)
        throws Exception
    {
        final Path out = directory.resolve("demo");

        final CommandRun run = relo("demo", "--out", out.toString(), "--duration", "0.2", "--idle", "backoff",
            "--peers", "8", "--pings", "200", "--stores", "500", "--store-rate", "1000");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        // the overlay: every peer joins, every PING reaches the peer a sorted-ring oracle names responsible
        assertTrue(run.out().contains("peer  8/8 "), run.out());
        assertTrue(run.out().contains("every neighbour table matches the sorted ring"), run.out());
        assertTrue(run.out().contains("PINGs to random resource ids: 200 sent, 200 answered by the responsible " +
            "peer (100.0%)"), run.out());
        // storage: two peers killed part way, every acknowledged value fetched back with its content
        assertTrue(run.out().contains("Storage: 500 STOREs of distinct TURN-SERVICE values"), run.out());
        assertTrue(run.out().contains(" killed ") && run.out().contains(" after 200 STOREs"), run.out());
        final java.util.regex.Matcher lost = java.util.regex.Pattern.compile(
            "values lost: (\\d+) of ([\\d,]+) acknowledged \\(goal 0\\); stale \\(other content\\): (\\d+)")
            .matcher(run.out());
        assertTrue(lost.find(), run.out());
        assertEquals("0", lost.group(1), run.out());
        assertEquals("0", lost.group(3), run.out());
        assertTrue(Integer.parseInt(lost.group(2).replace(",", "")) > 0, "some STOREs were acknowledged");
        assertTrue(run.out().contains("FETCHes: " + lost.group(2) + " of acknowledged values"), run.out());
        assertTrue(run.out().contains("STORE / PING: p50 "), run.out());
        for (final String link : new String[] {"Aeron IPC", "UDP loopback"})
        {
            assertTrue(run.out().contains(link + ": 100,000 frames/s offered") ||
                run.out().contains(link + ": 20,000 frames/s offered"), run.out());
        }
        assertTrue(run.out().contains("added per hop ((chain-direct)/3)"), run.out());
        assertTrue(run.out().contains("counters, ipc-3-hop-chain: sent "), run.out());
        assertTrue(run.out().contains("throughput of 1 forwarder thread, saturating: "), run.out());
        for (final String name : new String[] {"ipc-direct", "ipc-3-hop-chain", "udp-direct", "udp-3-hop-chain",
            "ping", "ping-baseline", "store", "fetch"})
        {
            final String hgrm = Files.readString(out.resolve(name + ".hgrm"));
            assertTrue(hgrm.contains("Value     Percentile TotalCount 1/(1-Percentile)"), hgrm);
            assertTrue(hgrm.contains("#[Max     ="), hgrm);
        }
        final String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(6, html.split("<svg ", -1).length - 1,
            "hop histogram, join times and ring, storage latency, then one percentile plot per link type");
        assertTrue(html.contains("Storage: 500 STOREs and FETCHes at 1,000/s offered"), "the storage section");
        assertTrue(html.contains("values lost: 0 of "), "the storage section says nothing was lost");
        assertTrue(Files.readString(out.resolve("storage-latency.svg")).contains("<polyline"));
        assertTrue(html.contains("Overlay: 8 peers"), "the overlay section");
        assertEquals(8, html.split("r=\"5\" fill=\"#4878a8\"", -1).length - 1, "eight peers on the ring");
        assertTrue(html.contains("<polyline"), "the plots have lines");
        assertTrue(Files.readString(out.resolve("demo.json")).contains("\"threads_spinning\": 0"));
    }

    @Test
    void shouldRefuseAnUnknownIdleStrategy(@TempDir final Path directory)
    {
        final CommandRun run = relo("demo", "--out", directory.toString(), "--idle", "spin");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo demo: idle strategy 'spin': choose busy, yield, backoff or sleep"),
            run.err());
    }

    @Test
    void shouldRefuseZeroIterations(@TempDir final Path directory)
    {
        final CommandRun run = relo("demo", "--codecs", "--out", directory.toString(), "--iterations", "0");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo demo: --iterations must be at least 1, not 0"), run.err());
        assertTrue(Arrays.asList(directory.toFile().list()).isEmpty());
    }
}
