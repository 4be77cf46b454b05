package io.relo.cli;

import io.relo.codec.header.OverlayName;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.ring.PeerId;
import org.agrona.IoUtil;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code relo forwarder}: a static standalone forwarder for benchmarks and labs. It is responsible for
 * (pred, id], treats every {@code --link} as a directly connected, routable peer, runs until SIGTERM or SIGINT and
 * then prints its counters.
 */
@Command(
    name = "forwarder",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run a static RELOAD forwarder over plaintext UDP until SIGTERM or Ctrl-C, then print its counters.",
        "It is responsible for (pred, id]; each --link is a directly connected peer, and datagrams from that " +
            "address come from that peer. Frames for this peer, STUN and DTLS are counted and discarded: there " +
            "is no control plane.",
        "Exit status: 0 after a signal, 2 for bad arguments or when it cannot start."
    })
final class ForwarderCommand implements Callable<Integer>
{
    /** Start of the stderr line that announces unprotected links. */
    static final String PLAINTEXT_WARNING = "WARNING: plaintext links";
    /** The stdout line that says start-up is complete. */
    static final String RUNNING = "relo forwarder: running until SIGTERM or Ctrl-C, then prints its counters";
    /** The stdout line before the counters at exit. */
    static final String COUNTERS_HEADER = "relo forwarder: stopped; counters:";

    @Spec
    private CommandSpec spec;

    @Option(names = "--overlay", required = true, paramLabel = "NAME",
        description = "Overlay name; frames must carry its CRC-32 in the overlay field (draft §4.1).")
    private String overlay;

    @Option(names = "--id", required = true, paramLabel = "HEX32", converter = PeerIdConverter.class,
        description = "This peer's id, 32 hex digits.")
    private PeerId id;

    @Option(names = "--pred", required = true, paramLabel = "HEX32", converter = PeerIdConverter.class,
        description = "Predecessor's id: this peer is responsible for (pred, id].")
    private PeerId pred;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = ListenConverter.class,
        description = "UDP address to listen on; port 0 picks a free one (the start-up summary says which).")
    private HostPort listen;

    @Option(names = "--plaintext",
        description = "Required: acknowledges that links are unprotected lab links. Links will be DTLS by default " +
            "once security lands.")
    private boolean plaintext;

    @Option(names = "--link", required = true, paramLabel = "HEX32@HOST:PORT", converter = LinkConverter.class,
        description = "A directly connected peer and its UDP address; repeat for each peer.")
    private List<StandaloneForwarder.Link> links;

    @Option(names = "--idle", paramLabel = "busy|backoff", defaultValue = "busy",
        description = "Idle strategy: busy spins a core (a dedicated forwarder, the default); backoff parks " +
            "when there is nothing to do (tests, shared machines).")
    private String idle;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Directory for the counters file that 'relo stat' reads (default: /dev/shm/" +
            ForwarderDirectories.PREFIX + "<id>, or under java.io.tmpdir without /dev/shm).")
    private File dir;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        validate();

        // registered before anything binds, so a signal during start-up still ends in a clean stop
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final boolean defaultDir = null == dir;
            final File directory = defaultDir ? ForwarderDirectories.defaultDir(id) : dir;
            final long otherPid = ForwarderDirectories.livePid(directory);
            if (otherPid >= 0 && otherPid != ProcessHandle.current().pid())
            {
                err.println("relo forwarder: " + directory + " holds the counters of process " + otherPid +
                    ", which is still running; stop it, or give this forwarder another --dir");
                err.flush();
                return Relo.EXIT_USAGE;
            }

            final StandaloneForwarder forwarder;
            try
            {
                forwarder = StandaloneForwarder.create(overlay, id, pred, listen, links, idle, directory);
            }
            catch (final IllegalStateException ex)
            {
                if (defaultDir)
                {
                    IoUtil.delete(directory, true);
                }
                err.println("relo forwarder: " + ex.getMessage());
                err.flush();
                return Relo.EXIT_USAGE;
            }

            err.println(PLAINTEXT_WARNING + ": frames to and from every --link travel over UDP unencrypted and " +
                "unauthenticated, and anyone who can send from a linked address can inject frames; use this only " +
                "on a lab network");
            err.flush();
            printSummary(out, forwarder);

            final long startNs = System.nanoTime();
            forwarder.start();
            out.println(RUNNING);
            out.flush();

            barrier.await();
            final StandaloneForwarder.Counters counters = forwarder.stop();
            if (defaultDir)
            {
                // a default directory exists only for relo stat to find a running forwarder
                IoUtil.delete(directory, true);
            }
            printCounters(out, err, counters, System.nanoTime() - startNs);
            out.flush();
            err.flush();
            // The JVM is already shutting down on the signal: its exit status would be 143 (or 130) and System.exit
            // would block. A forwarder that stopped cleanly and reported its counters exits 0.
            Runtime.getRuntime().halt(Relo.EXIT_OK);
        }
        return Relo.EXIT_OK;
    }

    private void validate()
    {
        if (!plaintext)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "relo forwarder: --plaintext is required. Links will be DTLS by default once security lands; until " +
                    "then every link is plaintext UDP, and --plaintext acknowledges an unprotected lab link.");
        }
        if (!"busy".equals(idle) && !"backoff".equals(idle))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "relo forwarder: --idle is busy or backoff, not '" + idle + "'");
        }
        final Set<PeerId> peers = new HashSet<>();
        for (final StandaloneForwarder.Link link : links)
        {
            if (link.peer().equals(id))
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "relo forwarder: --link " + link.peer() + "@" + link.address() + " names this forwarder's own --id");
            }
            if (!peers.add(link.peer()))
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "relo forwarder: peer " + link.peer() + " is given in two --link options; each peer has one " +
                        "address");
            }
        }
    }

    private void printSummary(final PrintWriter out, final StandaloneForwarder forwarder)
    {
        out.println("relo forwarder " + id + " (pid " + ProcessHandle.current().pid() + ")");
        out.println("  overlay      " + overlay + " (overlay field " +
            String.format("0x%08x", OverlayName.hash(overlay)) + ", the CRC-32 of the name)");
        out.println("  responsible  (" + pred + ", " + id + "]");
        out.println("  listening    udp " + HostPort.format(forwarder.listenAddress()) + " (plaintext)");
        for (int i = 0; i < links.size(); i++)
        {
            final StandaloneForwarder.Link link = links.get(i);
            out.println("  link " + i + (i < 10 ? "       " : i < 100 ? "      " : "     ") + link.peer() + " at udp " +
                link.address() + " (plaintext, routable)");
        }
        out.println("  idle         " + idle);
        final File file = forwarder.countersFile().file();
        out.println("  counters     " + file.getAbsolutePath());
        out.println("               read them live with: relo stat --dir " + file.getParentFile().getAbsolutePath());
    }

    /**
     * Print every counter as "label: value", one per line, after {@link #COUNTERS_HEADER}; distinct errors go to
     * stderr.
     */
    static void printCounters(
        final PrintWriter out, final PrintWriter err, final StandaloneForwarder.Counters counters, final long ranNs)
    {
        out.println(COUNTERS_HEADER);
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            out.println(counter.label() + ": " + counters.value(counter));
        }
        out.printf("relo forwarder: ran %.1f s%n", ranNs / 1e9);
        if (!counters.errors().isEmpty())
        {
            err.println("relo forwarder: " + counters.errors().size() + " distinct errors:");
            for (final String error : counters.errors())
            {
                err.println("  " + error);
            }
        }
    }

    /**
     * Parses HEX32 with {@link PeerId#parse(String)}, whose message says what is wrong.
     */
    static final class PeerIdConverter implements CommandLine.ITypeConverter<PeerId>
    {
        @Override
        public PeerId convert(final String value)
        {
            try
            {
                return PeerId.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /**
     * Parses the listening HOST:PORT, where port 0 asks for a free port.
     */
    static final class ListenConverter implements CommandLine.ITypeConverter<HostPort>
    {
        @Override
        public HostPort convert(final String value)
        {
            try
            {
                return HostPort.parse(value, true);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /**
     * Parses HEX32@HOST:PORT.
     */
    static final class LinkConverter implements CommandLine.ITypeConverter<StandaloneForwarder.Link>
    {
        private static final String FORM = "HEX32@HOST:PORT, e.g. 3000000000000000000000000000000a@127.0.0.1:6085";

        @Override
        public StandaloneForwarder.Link convert(final String value)
        {
            final int at = value.indexOf('@');
            if (at < 0)
            {
                throw new CommandLine.TypeConversionException("expected " + FORM + ", got \"" + value + "\"");
            }
            try
            {
                return new StandaloneForwarder.Link(
                    PeerId.parse(value.substring(0, at)), HostPort.parse(value.substring(at + 1), false));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage() + " (the form is " + FORM + ")");
            }
        }
    }
}
