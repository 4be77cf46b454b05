package io.relo.cli;

import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.config.OverlayConfiguration;
import io.relo.control.config.OverlayConfigurationException;
import io.relo.control.config.OverlayConfigurationParser;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code relo peer}: one overlay peer, its forwarder and control conductor on two threads, configured by an overlay
 * configuration document (draft §8.2). It bootstraps (§8.4), joins (§7.4) and maintains the ring until SIGTERM or
 * Ctrl-C, then sends LEAVE (§7.6) and stops.
 */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run one RELOAD peer of a chord-128-2-8 overlay until SIGTERM or Ctrl-C; it then sends LEAVE and stops.",
        "Links are plaintext lab links (UDP, no DTLS) until the security issue lands; this is announced on stderr.",
        "With --data-dir, the peer keeps its cached peers (draft §8.4), its counters (read them with 'relo stat " +
            "--dir DIR') and status.json there.",
        "Exit status: 0 after a signal, 2 for bad arguments or a configuration it cannot use."
    })
final class PeerCommand implements java.util.concurrent.Callable<Integer>
{
    /** Start of the stderr line that announces unprotected links. */
    static final String PLAINTEXT_WARNING = "WARNING: plaintext lab mode";
    /** The status file in the data directory. */
    static final String STATUS_FILE = "status.json";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "overlay.xml",
        description = "Overlay configuration document (application/p2p-overlay+xml, draft §8.2).")
    private Path config;

    @Option(names = "--id", required = true, paramLabel = "HEX32", converter = ForwarderCommand.PeerIdConverter.class,
        description = "This peer's id, 32 hex digits.")
    private PeerId id;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
        converter = ForwarderCommand.ListenConverter.class,
        description = "UDP address to listen on; other peers are told this address in CONNECT (draft §5.1.2).")
    private HostPort listen;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Directory for cached peers, counters and status.json (default: none, nothing is kept).")
    private Path dataDir;

    @Option(names = "--overlay", paramLabel = "NAME",
        description = "Which overlay of the document to join when it has several (default: the first).")
    private String overlayName;

    @Option(names = "--client",
        description = "Run as a client node (draft §3.2.3): admitted by the first bootstrap peer that answers, it " +
            "never joins the ring and reaches the overlay through that peer.")
    private boolean client;

    @Option(names = "--t1-ms", paramLabel = "MS", defaultValue = "500",
        description = "RFC 3261 T1 for end-to-end retransmission (draft §4.4); requests time out after 64 × T1.")
    private long t1Ms;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final OverlayConfiguration overlay = overlay(err);
        if (null == overlay)
        {
            return Relo.EXIT_USAGE;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final ExecutorService background = Executors.newSingleThreadExecutor(r ->
            {
                final Thread thread = new Thread(r, "relo-peer-background");
                thread.setDaemon(true);
                return thread;
            });
            final ControlConductor.Timing timing = new ControlConductor.Timing(
                TimeUnit.SECONDS.toNanos(overlay.updateFrequencySeconds()),
                TimeUnit.SECONDS.toNanos(overlay.pingFrequencySeconds()), TimeUnit.MILLISECONDS.toNanos(t1Ms));
            final PeerNode node;
            try
            {
                node = new PeerNode(id, overlay.name(), listen.address(), overlay.bootstrapPeers(), dataDir, timing,
                    new Random(new SecureRandom().nextLong()), background, line -> log(out, line));
                if (client)
                {
                    node.asClient();
                }
            }
            catch (final RuntimeException ex)
            {
                err.println("relo peer: cannot start: " + ex.getMessage());
                err.flush();
                return Relo.EXIT_USAGE;
            }
            err.println(PLAINTEXT_WARNING + ": every link is UDP without DTLS, unencrypted and unauthenticated, and " +
                "any host that can reach " + HostPort.format(node.address()) + " can join or inject frames; use " +
                "this only on a lab network until the security issue lands");
            err.flush();
            out.println("relo peer " + id + " (pid " + ProcessHandle.current().pid() + ")");
            out.println("  overlay      " + overlay.name() + " (" + overlay.dht() + ", update every " +
                overlay.updateFrequencySeconds() + " s, finger ping every " + overlay.pingFrequencySeconds() + " s)");
            out.println("  listening    udp " + HostPort.format(node.address()) + " (plaintext lab mode)");
            out.println("  bootstrap    " + overlay.bootstrapPeers());
            out.println("  data dir     " + (null == dataDir ? "(none)" : dataDir.toAbsolutePath()));
            out.flush();

            final AgentRunner forwarder = new AgentRunner(ForwarderContext.idleStrategy("backoff"),
                Throwable::printStackTrace, null, node.forwarder());
            final AgentRunner conductor = new AgentRunner(ForwarderContext.idleStrategy("backoff"),
                Throwable::printStackTrace, null, node.conductor());
            AgentRunner.startOnThread(forwarder);
            AgentRunner.startOnThread(conductor);

            final Thread reporter = new Thread(() -> report(out, node.conductor()), "relo-peer-status");
            reporter.setDaemon(true);
            reporter.start();

            barrier.await();
            node.conductor().leave();
            sleep(300); // let the LEAVEs go out before the sockets close (draft §7.6)
            CloseHelper.closeAll(conductor, forwarder);
            node.close();
            background.shutdown();
            out.println("relo peer: left the overlay and stopped");
            out.flush();
            Runtime.getRuntime().halt(Relo.EXIT_OK);
        }
        return Relo.EXIT_OK;
    }

    private OverlayConfiguration overlay(final PrintWriter err)
    {
        final List<OverlayConfiguration> overlays;
        try (InputStream in = Files.newInputStream(config))
        {
            overlays = OverlayConfigurationParser.parse(in);
        }
        catch (final OverlayConfigurationException ex)
        {
            err.println("relo peer: " + config + ": " + ex.getMessage());
            err.flush();
            return null;
        }
        catch (final IOException ex)
        {
            err.println("relo peer: cannot read " + config + ": " + ex.getMessage());
            err.flush();
            return null;
        }
        for (final OverlayConfiguration overlay : overlays)
        {
            if (null == overlayName || overlay.name().equals(overlayName))
            {
                return overlay;
            }
        }
        err.println("relo peer: " + config + " has no overlay named '" + overlayName + "'; it has " +
            overlays.stream().map(OverlayConfiguration::name).toList());
        err.flush();
        return null;
    }

    private void report(final PrintWriter out, final ControlConductor conductor)
    {
        ControlConductor.Status last = null;
        Map<String, Long> lastStorage = Map.of();
        for (long round = 0; ; round++)
        {
            final ControlConductor.Status status = conductor.status();
            final boolean changed = null != status && (null == last || last.joined() != status.joined() ||
                !last.predecessors().equals(status.predecessors()) || !last.successors().equals(status.successors()) ||
                !Objects.equals(last.fingers(), status.fingers()));
            if (changed)
            {
                log(out, (status.joined() ? "joined" : "joining") + "; predecessors " + status.predecessors() +
                    " successors " + status.successors() + " fingers " +
                    status.fingers().stream().filter(Objects::nonNull).distinct().count() + " links " +
                    status.links().size());
            }
            // the storage counters change with every request: rewrite for them at most once a second
            final Map<String, Long> storage = round % 4 == 0 ? conductor.storageCounters() : lastStorage;
            if (null != status && (changed || !storage.equals(lastStorage)))
            {
                last = status;
                lastStorage = storage;
                writeStatus(status, storage);
            }
            sleep(250);
        }
    }

    private void writeStatus(final ControlConductor.Status status, final Map<String, Long> storage)
    {
        if (null == dataDir)
        {
            return;
        }
        final StringBuilder json = new StringBuilder("{\"id\":\"").append(status.id()).append("\",\"joined\":")
            .append(status.joined()).append(",\"predecessors\":");
        ids(json, status.predecessors()).append(",\"successors\":");
        ids(json, status.successors()).append(",\"fingers\":");
        ids(json, status.fingers()).append(",\"links\":").append(status.links().size()).append(",\"storage\":{");
        String separator = "";
        for (final Map.Entry<String, Long> counter : storage.entrySet())
        {
            json.append(separator).append('"').append(counter.getKey()).append("\":").append(counter.getValue());
            separator = ",";
        }
        json.append("}}\n");
        try
        {
            final Path temp = dataDir.resolve(STATUS_FILE + ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, dataDir.resolve(STATUS_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            // the status file is for observers; the peer goes on without it
        }
    }

    private static StringBuilder ids(final StringBuilder json, final List<PeerId> ids)
    {
        json.append('[');
        for (int i = 0; i < ids.size(); i++)
        {
            json.append(i > 0 ? "," : "").append(null == ids.get(i) ? "null" : "\"" + ids.get(i) + "\"");
        }
        return json.append(']');
    }

    private static synchronized void log(final PrintWriter out, final String line)
    {
        out.println(java.time.LocalTime.now().withNano(0) + " " + line);
        out.flush();
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
