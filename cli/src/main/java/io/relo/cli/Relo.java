package io.relo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code relo} command: a root with subcommands, run from the shaded {@code cli/target/relo.jar} by the
 * {@code ./relo} launcher.
 * <p>
 * Exit codes: {@link #EXIT_OK} for success, {@link #EXIT_MALFORMED} when the input is read but is not a well-formed
 * frame, {@link #EXIT_NOT_OK} when the overlay answers a storage request with an error or not at all,
 * {@link #EXIT_USAGE} for bad arguments or unreadable input (picocli's own code for usage errors).
 */
@Command(
    name = "relo",
    mixinStandardHelpOptions = true,
    versionProvider = Relo.VersionProvider.class,
    description = "A RELOAD (draft-bryan-p2psip-reload-02) overlay router with the SIP usage of RFC 7904.",
    subcommands = {DecodeCommand.class, DemoCommand.class, PeerCommand.class, SimCommand.class,
        ForwarderCommand.class, StatCommand.class, BenchCommand.class, StoreCommand.class, FetchCommand.class,
        RemoveCommand.class, FindCommand.class})
public final class Relo implements Runnable
{
    /** Success. */
    public static final int EXIT_OK = 0;

    /** The input was read, and it is not a well-formed frame. */
    public static final int EXIT_MALFORMED = 1;

    /** A run finished but failed its own check (the demo's PINGs did not all reach the responsible peer). */
    public static final int EXIT_FAILED = 1;

    /** The overlay answered a storage request with an error, or did not answer (relo store, fetch, remove, find). */
    public static final int EXIT_NOT_OK = 1;

    /** Bad arguments or unreadable input; also what picocli returns for its own usage errors. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    private CommandSpec spec;

    /**
     * Run the command line and exit with its code.
     *
     * @param args as given.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Relo()).execute(args));
    }

    /**
     * Without a subcommand there is nothing to do: say which ones there are.
     */
    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "relo: name a subcommand, for example 'relo demo'");
    }

    /**
     * Reads the version the build filtered into {@code version.properties}.
     */
    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion() throws IOException
        {
            final Properties properties = new Properties();
            try (InputStream in = Relo.class.getResourceAsStream("version.properties"))
            {
                if (null != in)
                {
                    properties.load(in);
                }
            }
            return new String[]
            {
                "relo " + properties.getProperty("version", "(unknown version)"),
                "RELOAD draft-bryan-p2psip-reload-02, SIP usage RFC 7904",
                "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"
            };
        }
    }
}
