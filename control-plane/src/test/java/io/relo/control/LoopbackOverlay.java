package io.relo.control;

import io.relo.control.chord.RingOracle;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.DynamicCompositeAgent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whole peers in one JVM over UDP loopback for tests: every forwarder on one shared agent thread and every conductor
 * on another, both with backoff idle strategies, so that a 2-core machine hosts dozens.
 */
final class LoopbackOverlay implements AutoCloseable
{
    private final String overlay;
    private final ControlConductor.Timing timing;
    private final List<PeerNode> nodes = Collections.synchronizedList(new ArrayList<>());
    private final Map<PeerId, PeerNode> byId = new ConcurrentHashMap<>();
    private final DynamicCompositeAgent forwarders = new DynamicCompositeAgent("forwarders");
    private final DynamicCompositeAgent conductors = new DynamicCompositeAgent("conductors");
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final AgentRunner forwarderRunner;
    private final AgentRunner conductorRunner;

    LoopbackOverlay(final String overlay, final ControlConductor.Timing timing)
    {
        this.overlay = overlay;
        this.timing = timing;
        forwarderRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, forwarders);
        conductorRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, conductors);
        AgentRunner.startOnThread(forwarderRunner);
        AgentRunner.startOnThread(conductorRunner);
    }

    PeerNode start(final PeerId id, final InetSocketAddress bootstrap, final Path dataDir, final Random random,
        final boolean client)
    {
        return start(id, new InetSocketAddress("127.0.0.1", 0), bootstrap, dataDir, random, client);
    }

    /** A node on a given address: a peer restarted where it ran before, with its data directory. */
    PeerNode start(final PeerId id, final InetSocketAddress listen, final InetSocketAddress bootstrap,
        final Path dataDir, final Random random, final boolean client)
    {
        final PeerNode node = new PeerNode(id, overlay, listen,
            null == bootstrap ? List.of() : List.of(bootstrap), dataDir, timing, new Random(random.nextLong()),
            Runnable::run, line -> log.add(id + ": " + line));
        if (client)
        {
            node.asClient();
        }
        else
        {
            byId.put(id, node);
        }
        nodes.add(node);
        add(forwarders, node.forwarder());
        add(conductors, node.conductor());
        return node;
    }

    void kill(final PeerNode node)
    {
        remove(conductors, node.conductor());
        remove(forwarders, node.forwarder());
        byId.remove(node.conductor().status().id());
        nodes.remove(node);
        node.close();
    }

    PeerNode node(final PeerId id)
    {
        return byId.get(id);
    }

    List<PeerId> live()
    {
        final List<PeerId> ids = new ArrayList<>(byId.keySet());
        Collections.sort(ids);
        return ids;
    }

    List<String> log()
    {
        return log;
    }

    /** Every running node, peers and clients, in the order they started. */
    List<PeerNode> nodes()
    {
        synchronized (nodes)
        {
            return new ArrayList<>(nodes);
        }
    }

    /** Every live peer's neighbour sets equal the sorted ring's, or the first that does not. */
    String ringMismatch()
    {
        return RingOracle.mismatch(live(),
            id -> byId.get(id).conductor().status().joined() ? byId.get(id).conductor().status().predecessors() : null,
            id -> byId.get(id).conductor().status().successors());
    }

    void awaitRing(final long timeoutSeconds)
    {
        await(() -> null == ringMismatch(), timeoutSeconds, () -> "ring: " + ringMismatch());
    }

    static void await(final BooleanSupplier done, final long seconds, final Supplier<String> what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not within " + seconds + " s: " + what.get());
            }
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static void add(final DynamicCompositeAgent composite, final Agent agent)
    {
        while (!composite.tryAdd(agent))
        {
            Thread.yield();
        }
        while (composite.hasAddAgentCompleted() == Boolean.FALSE)
        {
            Thread.yield();
        }
    }

    private static void remove(final DynamicCompositeAgent composite, final Agent agent)
    {
        while (!composite.tryRemove(agent))
        {
            Thread.yield();
        }
        while (composite.hasRemoveAgentCompleted() == Boolean.FALSE)
        {
            Thread.yield();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(conductorRunner, forwarderRunner);
        CloseHelper.closeAll(new ArrayList<>(nodes));
    }
}
