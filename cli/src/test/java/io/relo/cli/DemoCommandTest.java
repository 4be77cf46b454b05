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
    void shouldTourEveryExampleAndWriteFramesThatDecodeBack(@TempDir final Path directory) throws Exception
    {
        final Path out = directory.resolve("frames");

        final CommandRun run = relo("demo", "--out", out.toString(), "--iterations", "5000");

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

        final CommandRun demo = relo("demo", "--out", directory.toString(), "--iterations", "1000");
        assertTrue(demo.out().contains("  hex:\n" + hex), demo.out());

        final CommandRun decode = relo("decode", hex);
        assertEquals(Relo.EXIT_OK, decode.exitCode(), decode.err());
        assertTrue(decode.out().contains("route log: 2 entries"), decode.out());
    }

    @Test
    void shouldShowRejectionsTimingAndWhereForwardingWillBe(@TempDir final Path directory)
    {
        final CommandRun run = relo("demo", "--out", directory.toString(), "--iterations", "1000");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        final int storeLength = ExampleFrames.storeRequest().length;
        assertTrue(run.out().contains("    relo decode: Length field says " + storeLength +
            " bytes but the datagram has 100\n"), run.out());
        assertTrue(run.out().contains("    relo decode: payload of STORE request: store_request.store_data: "),
            run.out());
        assertTrue(run.out().contains(" ns/op over 1,000 iterations"), run.out());
        assertTrue(run.out().contains("the JMH figure in perf-reports/ is the authoritative number"), run.out());
        assertTrue(run.out().contains("Forwarding demo: arrives with the fastpath"), run.out());
    }

    @Test
    void shouldRefuseZeroIterations(@TempDir final Path directory)
    {
        final CommandRun run = relo("demo", "--out", directory.toString(), "--iterations", "0");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo demo: --iterations must be at least 1, not 0"), run.err());
        assertTrue(Arrays.asList(directory.toFile().list()).isEmpty());
    }
}
