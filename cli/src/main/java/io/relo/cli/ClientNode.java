package io.relo.cli;

import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.storage.StorageClient;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A short-lived RELOAD client node (draft §3.2.3) for one storage command: a forwarder and a conductor on two threads
 * with backoff idle strategies, admitted by the peer at the --via address, with a random id and nothing on disk.
 */
final class ClientNode implements StorageConnector.Session
{
    private static final long POLL_MS = 10;

    private final PeerNode node;
    private final ExecutorService background;
    private final AgentRunner forwarder;
    private final AgentRunner conductor;

    private ClientNode(final PeerNode node, final ExecutorService background)
    {
        this.node = node;
        this.background = background;
        forwarder = new AgentRunner(ForwarderContext.idleStrategy("backoff"), Throwable::printStackTrace, null,
            node.forwarder());
        conductor = new AgentRunner(ForwarderContext.idleStrategy("backoff"), Throwable::printStackTrace, null,
            node.conductor());
        AgentRunner.startOnThread(forwarder);
        AgentRunner.startOnThread(conductor);
    }

    /**
     * Start a client node bootstrapping through {@code via} and wait until that peer admits it.
     *
     * @param overlayName    the overlay's name.
     * @param via            the admitting peer's address, the only bootstrap peer.
     * @param timing         T1 and the Chord intervals.
     * @param admitTimeoutMs how long to wait for the admission.
     * @param log            told of the node's notable events.
     * @return the admitted client node.
     * @throws StorageConnector.NoAnswerException if no admission came in time.
     */
    static ClientNode connect(
        final String overlayName,
        final HostPort via,
        final ControlConductor.Timing timing,
        final long admitTimeoutMs,
        final Consumer<String> log) throws StorageConnector.NoAnswerException
    {
        final SecureRandom seed = new SecureRandom();
        final PeerId id = new PeerId(seed.nextLong(), seed.nextLong());
        final ExecutorService background = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "relo-client-background");
            thread.setDaemon(true);
            return thread;
        });
        final PeerNode node = new PeerNode(id, overlayName, new InetSocketAddress(localAddressToward(via), 0),
            List.of(via.address()), null, timing, new Random(seed.nextLong()), background, log).asClient();
        final ClientNode client = new ClientNode(node, background);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(admitTimeoutMs);
        while (!client.admitted())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                client.close();
                throw new StorageConnector.NoAnswerException("no answer from the peer at " + via + " within " +
                    seconds(admitTimeoutMs) + " s: is a relo peer running there, with the same overlay?");
            }
            sleep(POLL_MS);
        }
        return client;
    }

    @Override
    public StorageClient client()
    {
        return node.conductor();
    }

    /**
     * Stop both agents and close the node's socket.
     */
    @Override
    public void close()
    {
        CloseHelper.closeAll(conductor, forwarder);
        node.close();
        background.shutdownNow();
    }

    private boolean admitted()
    {
        final ControlConductor.Status status = node.conductor().status();
        return null != status && null != status.admittedBy();
    }

    /**
     * Listen on the interface that reaches the peer, so the address the client advertises is one the peer can
     * answer; connecting a UDP socket sends nothing.
     */
    private static InetAddress localAddressToward(final HostPort via)
    {
        final InetAddress remote = via.address().getAddress();
        if (remote.isLoopbackAddress())
        {
            return loopbackOf(remote);
        }
        try (DatagramSocket probe = new DatagramSocket())
        {
            probe.connect(via.address());
            final InetAddress local = probe.getLocalAddress();
            if (null != local && !local.isAnyLocalAddress())
            {
                return local;
            }
        }
        catch (final IOException ex)
        {
            // fall through to the wildcard of the peer's family
        }
        return wildcardOf(remote);
    }

    private static InetAddress loopbackOf(final InetAddress remote)
    {
        try
        {
            return remote instanceof Inet6Address ?
                InetAddress.getByAddress(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}) :
                InetAddress.getByAddress(new byte[]{127, 0, 0, 1});
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static InetAddress wildcardOf(final InetAddress remote)
    {
        try
        {
            return InetAddress.getByAddress(new byte[remote instanceof Inet6Address ? 16 : 4]);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String seconds(final long ms)
    {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
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
