package io.relo.cli;

import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.storage.ResourceId;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.DynamicCompositeAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The storage commands end to end, in this JVM: three whole peers on UDP loopback (all forwarders on one agent
 * thread, all conductors on another, backoff idle strategies) form a ring, and each {@code relo store}, {@code fetch},
 * {@code find} and {@code remove} starts its own client node admitted by one of them (draft §3.2.3).
 */
class StorageCommandsOverlayTest
{
    private static final String OVERLAY = "storage.cli.test.relo";
    private static final String ALICE = "sip:alice@dht.example.org";
    private static final ControlConductor.Timing TIMING = new ControlConductor.Timing(
        TimeUnit.MILLISECONDS.toNanos(1000), TimeUnit.MILLISECONDS.toNanos(3000), TimeUnit.MILLISECONDS.toNanos(100));
    private static final Pattern GENERATION = Pattern.compile("  generation  (\\d+)");

    private final List<String> peerLog = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<PeerNode> peers = new ArrayList<>();
    private final DynamicCompositeAgent forwarders = new DynamicCompositeAgent("forwarders");
    private final DynamicCompositeAgent conductors = new DynamicCompositeAgent("conductors");
    private final AgentRunner forwarderRunner =
        new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, forwarders);
    private final AgentRunner conductorRunner =
        new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, conductors);

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(conductorRunner, forwarderRunner);
        CloseHelper.closeAll(peers);
    }

    @Test
    void shouldStoreFetchFindAndRemoveThroughAClientNodeAdmittedByARunningPeer() throws Exception
    {
        startRing(3);
        final String via = "127.0.0.1:" + peers.get(1).address().getPort();
        final long storageTime = System.currentTimeMillis() / 1000;

        final CommandRun phone = storage("store", via, "--kind", "sip-registration", "--key", "phone",
            "--value", "sip:alice@10.0.0.1", "--storage-time", Long.toString(storageTime));
        assertExit(Relo.EXIT_OK, phone);
        assertTrue(phone.out().startsWith("relo store: 200 OK in "), phone.out());
        final long registrationGeneration = generation(phone.out());

        final CommandRun certificate = storage("store", via, "--kind", "certificate", "--value-hex", "3082",
            "--storage-time", Long.toString(storageTime));
        assertExit(Relo.EXIT_OK, certificate);

        final CommandRun fetched = storage("fetch", via, "--kind", "sip-registration");
        assertExit(Relo.EXIT_OK, fetched);
        assertTrue(fetched.out().contains("  generation  " + registrationGeneration + "\n"), fetched.out());
        assertTrue(fetched.out().contains("    key \"phone\" \"sip:alice@10.0.0.1\"  stored "), fetched.out());

        final CommandRun json = storage("fetch", via, "--kind", "certificate", "--json");
        assertExit(Relo.EXIT_OK, json);
        assertTrue(json.out().contains("\"index\": 0"), json.out());
        assertTrue(json.out().contains("\"value_hex\": \"3082\""), json.out());

        final CommandRun found = storage("find", via, "--kind", "sip-registration", "certificate", "turn-service");
        assertExit(Relo.EXIT_OK, found);
        final PeerId alice = ResourceId.of(ALICE);
        assertTrue(found.out().contains("  SIP-REGISTRATION (0x1)     closest resource " + alice + "\n"), found.out());
        assertTrue(found.out().contains("  CERTIFICATE (0x3)          closest resource " + alice + "\n"), found.out());
        assertTrue(found.out().contains("  TURN-SERVICE (0x2)         none known\n"), found.out());

        final CommandRun stale = storage("store", via, "--kind", "sip-registration", "--key", "desk",
            "--value", "sip:alice@10.0.0.2", "--generation", Long.toString(registrationGeneration + 100));
        assertExit(Relo.EXIT_NOT_OK, stale);
        assertTrue(stale.err().contains("relo store: 412 Precondition Failed: "), stale.err());
        assertTrue(stale.err().contains("  current generation of SIP-REGISTRATION (0x1): " + registrationGeneration),
            stale.err());

        final CommandRun removed = storage("remove", via, "--kind", "sip-registration", "--key", "phone");
        assertExit(Relo.EXIT_OK, removed);
        assertTrue(removed.out().contains("  generation  0 (nothing of the kind is left)\n"), removed.out());

        final CommandRun gone = storage("fetch", via, "--kind", "sip-registration", "--key", "phone");
        assertExit(Relo.EXIT_OK, gone);
        assertTrue(gone.out().contains("  values      none: the resource holds nothing of the kind (generation 0)\n"),
            gone.out());
    }

    @Test
    void shouldSayNoPeerAnsweredWhenNothingListensAtVia() throws Exception
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }

        final CommandRun run = relo("fetch", "--via", "127.0.0.1:" + port, "--overlay-name", OVERLAY,
            "--resource", ALICE, "--kind", "turn-service", "--timeout", "1");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("relo fetch: no answer from the peer at 127.0.0.1:" + port + " within 1 s: is " +
            "a relo peer running there, with the same overlay?"), run.err());
    }

    /** The exit code, or a failure carrying the command's output, its client node's events and the peers'. */
    private void assertExit(final int expected, final CommandRun run)
    {
        assertEquals(expected, run.exitCode(), () -> run.err() + run.out() + "peers:\n" + String.join("\n", peerLog));
    }

    private static CommandRun storage(final String command, final String via, final String... options)
    {
        final String[] common = {command, "--via", via, "--overlay-name", OVERLAY, "--resource", ALICE, "--t1-ms",
            "100", "--timeout", "10", "-v"};
        final String[] args = java.util.Arrays.copyOf(common, common.length + options.length);
        System.arraycopy(options, 0, args, common.length, options.length);
        return relo(args);
    }

    private static long generation(final String out)
    {
        final Matcher matcher = GENERATION.matcher(out);
        assertTrue(matcher.find(), out);
        return Long.parseLong(matcher.group(1));
    }

    private void startRing(final int count) throws InterruptedException
    {
        AgentRunner.startOnThread(forwarderRunner);
        AgentRunner.startOnThread(conductorRunner);
        final Random random = new Random(7);
        InetSocketAddress bootstrap = null;
        for (int i = 0; i < count; i++)
        {
            final PeerId id = new PeerId(random.nextLong(), random.nextLong());
            final PeerNode node = new PeerNode(id, OVERLAY, new InetSocketAddress("127.0.0.1", 0),
                null == bootstrap ? List.of() : List.of(bootstrap), null, TIMING, new Random(random.nextLong()),
                Runnable::run, line -> peerLog.add(java.time.LocalTime.now() + " " + id + ": " + line));
            peers.add(node);
            add(forwarders, node.forwarder());
            add(conductors, node.conductor());
            bootstrap = null == bootstrap ? node.address() : bootstrap;
            Thread.sleep(100);
        }
        final List<PeerId> ring = peers.stream().map(node -> node.conductor().status()).filter(s -> null != s)
            .map(ControlConductor.Status::id).sorted().toList();
        assertEquals(count, ring.size(), "every peer has a status");
        await(() -> peers.stream().allMatch(node ->
        {
            final ControlConductor.Status status = node.conductor().status();
            final int at = ring.indexOf(status.id());
            return status.joined() && !status.successors().isEmpty() &&
                status.successors().get(0).equals(ring.get((at + 1) % ring.size()));
        }), 60);
    }

    private static void add(final DynamicCompositeAgent composite, final Agent agent)
    {
        // tryAdd throws until the runner's thread has started the composite
        while (composite.status() != DynamicCompositeAgent.Status.ACTIVE)
        {
            Thread.yield();
        }
        while (!composite.tryAdd(agent))
        {
            Thread.yield();
        }
        while (composite.hasAddAgentCompleted() == Boolean.FALSE)
        {
            Thread.yield();
        }
    }

    private static void await(final BooleanSupplier done, final long seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("the ring did not form within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
