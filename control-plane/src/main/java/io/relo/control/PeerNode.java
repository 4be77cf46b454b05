package io.relo.control;

import io.relo.fastpath.Forwarder;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SystemNanoClock;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One peer assembled: a {@link Forwarder} on a UDP port in plaintext lab mode and the {@link ControlConductor} that
 * commands it. Nothing runs until the owner schedules the two agents, on threads of their own ({@code relo peer}) or
 * inside composite agents shared by many peers (the demo, the tests).
 */
public final class PeerNode implements AutoCloseable
{
    private final ForwarderContext ctx;
    private final Forwarder forwarder;
    private final ControlConductor conductor;

    /**
     * Bind the UDP port and build both agents.
     *
     * @param id             this peer's id.
     * @param overlayName    the overlay's name.
     * @param listen         the UDP address to bind; port 0 picks one.
     * @param bootstrapPeers draft §8.2 bootstrap-peer addresses.
     * @param dataDir        the data directory (counters file, cached peers), or null to keep nothing on disk.
     * @param timing         Chord intervals and T1.
     * @param random         seeds transaction ids and timer offsets.
     * @param background     runs the conductor's blocking work.
     * @param log            told of notable events.
     */
    public PeerNode(
        final PeerId id,
        final String overlayName,
        final InetSocketAddress listen,
        final List<InetSocketAddress> bootstrapPeers,
        final Path dataDir,
        final ControlConductor.Timing timing,
        final Random random,
        final Executor background,
        final Consumer<String> log)
    {
        ctx = new ForwarderContext()
            .udpListenAddress(listen)
            .acceptUnlinkedFrames(true)
            .roleName("relo-forwarder-" + id);
        if (null != dataDir)
        {
            final File dir = dataDir.toFile();
            if (!dir.isDirectory() && !dir.mkdirs())
            {
                throw new IllegalArgumentException("cannot create the data directory " + dir);
            }
            ctx.dir(dir);
        }
        forwarder = new Forwarder(ctx);
        final InetSocketAddress bound = forwarder.udpAddress();
        final InetSocketAddress advertised = bound.getAddress().isAnyLocalAddress() ?
            new InetSocketAddress("127.0.0.1", bound.getPort()) : bound;
        conductor = new ControlConductor(id, overlayName, advertised, bootstrapPeers, dataDir, timing,
            new ForwarderProxy(ctx.commandBuffer()), ctx.deliveryBuffer(), SystemNanoClock.INSTANCE, random,
            background, log);
    }

    /**
     * draft §3.2.3: make this node a client admitted by its bootstrap peer instead of a peer of the ring. Call before
     * the agents run.
     *
     * @return this.
     */
    public PeerNode asClient()
    {
        conductor.asClient();
        return this;
    }

    /**
     * @return the forwarder agent.
     */
    public Forwarder forwarder()
    {
        return forwarder;
    }

    /**
     * @return the conductor agent.
     */
    public ControlConductor conductor()
    {
        return conductor;
    }

    /**
     * @return the forwarder's context, for its counters.
     */
    public ForwarderContext forwarderContext()
    {
        return ctx;
    }

    /**
     * @return the bound UDP address.
     */
    public InetSocketAddress address()
    {
        return forwarder.udpAddress();
    }

    /**
     * Close the sockets and the counters file; call after both agents have stopped.
     */
    @Override
    public void close()
    {
        CloseHelper.closeAll(forwarder::onClose, ctx);
    }
}
