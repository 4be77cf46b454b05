package io.relo.cli;

import io.relo.fastpath.CountersFile;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ForwarderCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest
{
    private static CommandRun stat(final StatCommand command, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    @Test
    void shouldPrintEveryCounterWithItsLabelThePidAndTheDistinctErrors(@TempDir final Path dir)
    {
        try (ForwarderContext ctx = new ForwarderContext().dir(dir.toFile()).conclude())
        {
            ctx.counters()[ForwarderCounter.FRAMES_RECEIVED.ordinal()].set(1234);
            ctx.counters()[ForwarderCounter.DROP_TTL_EXPIRED.ordinal()].set(7);
            final IOException error = new IOException("send to 127.0.0.1:9 failed");
            ctx.errorHandler().onError(error);
            ctx.errorHandler().onError(error);

            final CommandRun run = stat(new StatCommand().terminal(false), "--dir", dir.toString(), "--once");

            assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
            assertEquals("", run.err());
            final String out = run.out();
            assertTrue(out.contains(" - relo stat " + dir.resolve(CountersFile.FILE_NAME).toAbsolutePath() + "\n"),
                out);
            assertTrue(out.contains("PID " + ProcessHandle.current().pid() + " (running), started "), out);
            for (final ForwarderCounter counter : ForwarderCounter.values())
            {
                final long value = ctx.counterValue(counter);
                assertTrue(Pattern.compile("(?m)^\\s*" + counter.ordinal() + ":\\s+" + value + " - " +
                    Pattern.quote(counter.label()) + "$").matcher(out).find(), counter + " in\n" + out);
            }
            assertTrue(out.contains("1234 - Frames received\n"), out);
            // the two errors are one distinct error observed twice, and counted
            assertTrue(out.contains("\n1 distinct errors:\n  2x, first "), out);
            assertTrue(out.contains(": java.io.IOException: send to 127.0.0.1:9 failed\n"), out);
            assertTrue(out.contains("2 - Errors (see the distinct error log)\n"), out);
            assertTrue(!out.startsWith(StatCommand.CLEAR_SCREEN), out);
        }
    }

    @Test
    @SuppressWarnings("try") // the contexts only need to exist while stat runs
    void shouldClearTheScreenOnATerminal(@TempDir final Path dir)
    {
        try (ForwarderContext ignored = new ForwarderContext().dir(dir.toFile()).conclude())
        {
            final CommandRun run = stat(new StatCommand().terminal(true), "--dir", dir.toString(), "--once");

            assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().startsWith(StatCommand.CLEAR_SCREEN), run.out());
        }
    }

    @Test
    void shouldRefreshUntilTheProcessHasExitedThenStop(@TempDir final Path dir) throws Exception
    {
        final Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        try (CountersFile file = CountersFile.create(dir.toFile(), finished.pid(), System.currentTimeMillis()))
        {
            final CountersManager manager = new CountersManager(file.metadata(), file.values(),
                StandardCharsets.US_ASCII);
            manager.newCounter(ForwarderCounter.FRAMES_FORWARDED.label(), ForwarderCounter.FRAMES_FORWARDED.id())
                .set(99);

            final CommandRun run = stat(new StatCommand().terminal(false), "--dir", dir.toString(), "--interval",
                "10");

            assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("PID " + finished.pid() + " (exited)"), run.out());
            assertTrue(run.out().contains("  0:                   99 - " + ForwarderCounter.FRAMES_FORWARDED.label() + "\n"),
                run.out());
            assertTrue(run.out().endsWith("relo stat: process " + finished.pid() +
                " has exited; these are its last counters\n"), run.out());
        }
    }

    @Test
    void shouldSayClearlyWhenTheDirectoryHasNoCountersFile(@TempDir final Path dir)
    {
        final CommandRun run = stat(new StatCommand(), "--dir", dir.toString(), "--once");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertEquals("relo stat: no " + CountersFile.FILE_NAME + " in " + dir.toAbsolutePath() +
            ": is a relo peer or forwarder running with --dir " + dir + "?\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    @SuppressWarnings("try") // the contexts only need to exist while stat runs
    void shouldFindTheOnlyForwarderDirectoryWithoutDir(@TempDir final Path root) throws Exception
    {
        final Path dir = root.resolve(ForwarderDirectories.PREFIX + "20000000000000000000000000000000");
        Files.createDirectories(root.resolve(ForwarderDirectories.PREFIX + "without-counters"));
        try (ForwarderContext ignored = new ForwarderContext().dir(dir.toFile()).conclude())
        {
            final CommandRun run = stat(new StatCommand().searchRoots(List.of(root.toFile())).terminal(false),
                "--once");

            assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains(" - relo stat " + dir.resolve(CountersFile.FILE_NAME).toAbsolutePath()),
                run.out());
        }
    }

    @Test
    @SuppressWarnings("try") // the contexts only need to exist while stat runs
    void shouldListTheCandidatesWhenThereIsMoreThanOneOrSayThereIsNone(@TempDir final Path root)
    {
        final List<File> roots = List.of(root.toFile());
        final CommandRun none = stat(new StatCommand().searchRoots(roots), "--once");
        assertEquals(Relo.EXIT_USAGE, none.exitCode());
        assertTrue(none.err().startsWith("relo stat: no " + ForwarderDirectories.PREFIX + "* directory with a " +
            CountersFile.FILE_NAME + " under [" + root + "]; is a relo forwarder running?"), none.err());

        final Path first = root.resolve(ForwarderDirectories.PREFIX + "20000000000000000000000000000000");
        final Path second = root.resolve(ForwarderDirectories.PREFIX + "30000000000000000000000000000000");
        try (ForwarderContext a = new ForwarderContext().dir(first.toFile()).conclude();
            ForwarderContext b = new ForwarderContext().dir(second.toFile()).conclude())
        {
            final CommandRun two = stat(new StatCommand().searchRoots(roots), "--once");

            assertEquals(Relo.EXIT_USAGE, two.exitCode());
            final long pid = ProcessHandle.current().pid();
            assertEquals("relo stat: 2 forwarder directories; choose one with --dir:\n" +
                "  relo stat --dir " + first + "   (pid " + pid + ", running)\n" +
                "  relo stat --dir " + second + "   (pid " + pid + ", running)\n", two.err());
            assertEquals("", two.out());
        }
    }
}
