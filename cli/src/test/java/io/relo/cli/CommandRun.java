package io.relo.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the relo command line with its output and error streams captured, as the tests see it.
 *
 * @param exitCode what {@code relo} would exit with.
 * @param out      everything written to stdout.
 * @param err      everything written to stderr.
 */
record CommandRun(int exitCode, String out, String err)
{
    static CommandRun relo(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new Relo());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
