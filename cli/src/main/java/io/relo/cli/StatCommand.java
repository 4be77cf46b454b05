package io.relo.cli;

import io.relo.fastpath.CountersFile;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code relo stat}: prints the counters and the distinct error log of a running relo forwarder from its mapped
 * counters file, refreshing every second, as AeronStat does for an Aeron media driver.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print the live counters and distinct errors of a relo forwarder from its counters file, every second.",
        "Without --dir, finds the one forwarder directory under /dev/shm (or java.io.tmpdir) named " +
            ForwarderDirectories.PREFIX + "<id>.",
        "Exit status: 0 when stopped with --once or after the process has exited, 2 when there is no counters " +
            "file to read."
    })
final class StatCommand implements Callable<Integer>
{
    /** Moves the cursor home and clears a terminal, as AeronStat does. */
    static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "The forwarder's directory, as printed by relo forwarder at start-up.")
    private File dir;

    @Option(names = "--once", description = "Print once and exit (for scripts).")
    private boolean once;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
        description = "Milliseconds between refreshes (default: ${DEFAULT-VALUE}).")
    private long intervalMs;

    /** Where to look without --dir; tests point it elsewhere. */
    private List<File> searchRoots = ForwarderDirectories.roots();

    /** Whether to clear the screen between refreshes; decided from the console unless a test sets it. */
    private Boolean terminal;

    @Override
    public Integer call() throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (intervalMs < 10)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "relo stat: --interval is at least 10 ms, not " + intervalMs);
        }
        final File directory = null != dir ? dir : findDir(err);
        if (null == directory)
        {
            return Relo.EXIT_USAGE;
        }

        final CountersFile file;
        try
        {
            file = CountersFile.open(directory);
        }
        catch (final Exception ex)
        {
            // IllegalStateException says what is wrong with the file; Agrona rethrows I/O errors unchecked
            err.println("relo stat: " + (ex instanceof IllegalStateException ? ex.getMessage() : "cannot map " +
                new File(directory, CountersFile.FILE_NAME) + ": " + ex));
            err.flush();
            return Relo.EXIT_USAGE;
        }

        try (file)
        {
            final boolean clear = null != terminal ? terminal : null != System.console();
            final CountersReader reader = file.reader();
            while (true)
            {
                final boolean alive = ProcessHandle.of(file.pid()).map(ProcessHandle::isAlive).orElse(false);
                final StringBuilder sb = new StringBuilder(4096);
                if (clear)
                {
                    sb.append(CLEAR_SCREEN);
                }
                render(sb, file, reader, alive, Instant.now());
                out.print(sb);
                out.flush();
                if (once)
                {
                    return Relo.EXIT_OK;
                }
                if (!alive)
                {
                    out.println("relo stat: process " + file.pid() + " has exited; these are its last counters");
                    out.flush();
                    return Relo.EXIT_OK;
                }
                Thread.sleep(intervalMs);
            }
        }
    }

    private File findDir(final PrintWriter err)
    {
        final List<File> found = ForwarderDirectories.find(searchRoots);
        if (found.size() == 1)
        {
            return found.get(0);
        }
        if (found.isEmpty())
        {
            err.println("relo stat: no " + ForwarderDirectories.PREFIX + "* directory with a " + CountersFile.FILE_NAME +
                " under " + searchRoots + "; is a relo forwarder running? Give its directory with --dir DIR (the " +
                "forwarder prints it at start-up)");
        }
        else
        {
            err.println("relo stat: " + found.size() + " forwarder directories; choose one with --dir:");
            for (final File candidate : found)
            {
                final long pid = ForwarderDirectories.livePid(candidate);
                err.println("  relo stat --dir " + candidate + (pid >= 0 ? "   (pid " + pid + ", running)" :
                    "   (not running)"));
            }
        }
        err.flush();
        return null;
    }

    /**
     * Append one block: which process, its counters with labels, and its distinct errors.
     *
     * @param sb     to append to.
     * @param file   the mapped counters file.
     * @param reader over its counters.
     * @param alive  whether the process that writes it still runs.
     * @param now    time of this block.
     */
    static void render(
        final StringBuilder sb, final CountersFile file, final CountersReader reader, final boolean alive,
        final Instant now)
    {
        final Instant started = Instant.ofEpochMilli(file.startTimeMs());
        final Duration up = Duration.between(started, now);
        sb.append(now).append(" - relo stat ").append(file.file().getAbsolutePath()).append('\n');
        sb.append("PID ").append(file.pid()).append(alive ? " (running)" : " (exited)")
            .append(", started ").append(started)
            .append(alive ? ", up " + up.toSeconds() + " s" : "").append('\n');
        sb.append("======================================================================\n");
        reader.forEach((value, counterId, label) ->
            sb.append(String.format("%3d: %20d - %s", counterId, value, label)).append('\n'));
        final List<String> errors = StandaloneForwarder.errors(file.errorLog());
        sb.append("--\n").append(errors.size()).append(" distinct errors").append(errors.isEmpty() ? "\n" : ":\n");
        for (final String error : errors)
        {
            sb.append("  ").append(error).append('\n');
        }
        sb.append('\n');
    }

    /**
     * @param roots where to look for forwarder directories without --dir.
     * @return this.
     */
    StatCommand searchRoots(final List<File> roots)
    {
        this.searchRoots = roots;
        return this;
    }

    /**
     * @param terminal whether to clear the screen between blocks.
     * @return this.
     */
    StatCommand terminal(final boolean terminal)
    {
        this.terminal = terminal;
        return this;
    }
}
