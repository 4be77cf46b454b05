package io.relo.control;

import io.relo.control.chord.RingOracle;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole peers in one JVM: real forwarders on UDP loopback ports commanded by real conductors, all forwarders on one
 * shared agent thread and all conductors on another, with backoff idle strategies. They bootstrap (draft §8.4),
 * join (§7.4), CONNECT (§5.1.2) and stabilise (§7.5) over the wire, and are checked against a sorted-ring oracle.
 */
class PeerNodeRingTest
{
    private static final ControlConductor.Timing TIMING = new ControlConductor.Timing(
        TimeUnit.MILLISECONDS.toNanos(1000), TimeUnit.MILLISECONDS.toNanos(3000), TimeUnit.MILLISECONDS.toNanos(100));

    private final LoopbackOverlay overlay = new LoopbackOverlay("ring.test.relo", TIMING);

    @AfterEach
    void close()
    {
        overlay.close();
    }

    private static PeerId responsible(final List<PeerId> ring, final PeerId key)
    {
        return RingOracle.responsible(ring, key);
    }

    private void assertLookups(final Random random, final int count) throws InterruptedException
    {
        final List<PeerId> ring = overlay.live();
        final Map<PeerId, PeerId> answers = new ConcurrentHashMap<>();
        final List<PeerId> keys = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++)
        {
            final PeerId key = new PeerId(random.nextLong(), random.nextLong());
            keys.add(key);
            final PeerNode from = overlay.node(ring.get(random.nextInt(ring.size())));
            from.conductor().lookup(key, (k, code, responsible, hops) ->
            {
                if (null != responsible)
                {
                    answers.put(k, responsible);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every lookup answered or timed out");
        for (final PeerId key : keys)
        {
            assertEquals(responsible(ring, key), answers.get(key), "lookup of " + key);
        }
    }

    @Test
    void shouldFormARingOfThirtyTwoPeersOverUdpAndRepairItAfterThreeFailures() throws InterruptedException
    {
        final Random random = new Random(42);
        final PeerNode first = overlay.start(new PeerId(random.nextLong(), random.nextLong()), null, null, random,
            false);
        final InetSocketAddress bootstrap = first.address();
        for (int i = 1; i < 32; i++)
        {
            overlay.start(new PeerId(random.nextLong(), random.nextLong()), bootstrap, null, random, false);
            Thread.sleep(100);
        }
        overlay.awaitRing(60);
        final List<PeerNode> nodes = overlay.nodes();
        // draft §7.4: fingers are PINGed for once the joining peer is placed
        LoopbackOverlay.await(() -> nodes.stream().allMatch(node -> node.conductor().status().fingers().stream()
            .anyMatch(java.util.Objects::nonNull)), 30, () -> "every peer has a finger");
        assertLookups(random, 200);

        // draft §3.2.3: a client admitted by one peer reaches the whole overlay and is reached through that peer.
        // Its id lies in the admitting peer's range, so that a PING to it is routed there; a client elsewhere would
        // advertise the source route (admitting peer, client), as §3.2.3 says.
        final PeerId admitting = nodes.get(7).conductor().status().id();
        final PeerId clientId = new PeerId(admitting.hi(), admitting.lo() - 1);
        final PeerNode client = overlay.start(clientId, nodes.get(7).address(), null, random, true);
        LoopbackOverlay.await(() -> null != client.conductor().status().admittedBy(), 20,
            () -> "the client is admitted: " + overlay.log());
        assertEquals(nodes.get(7).conductor().status().id(), client.conductor().status().admittedBy());
        final CountDownLatch clientLookups = new CountDownLatch(50);
        final List<String> wrongAnswers = Collections.synchronizedList(new ArrayList<>());
        final List<PeerId> peersOnly = overlay.live();
        for (int i = 0; i < 50; i++)
        {
            final PeerId key = new PeerId(random.nextLong(), random.nextLong());
            client.conductor().lookup(key, (k, code, responsible, hops) ->
            {
                if (!responsible(peersOnly, k).equals(responsible))
                {
                    wrongAnswers.add(k + " -> " + responsible + " (" + code + ")");
                }
                clientLookups.countDown();
            });
        }
        assertTrue(clientLookups.await(30, TimeUnit.SECONDS));
        assertEquals(List.of(), wrongAnswers, "the client's PINGs reach the responsible peers");
        final CountDownLatch reached = new CountDownLatch(1);
        final PeerId[] answered = new PeerId[1];
        nodes.get(20).conductor().lookup(clientId, (k, code, responsible, hops) ->
        {
            answered[0] = responsible;
            reached.countDown();
        });
        assertTrue(reached.await(30, TimeUnit.SECONDS));
        assertEquals(clientId, answered[0], "a PING to the client's id reaches the client through its admitting peer");
        for (final PeerId id : peersOnly)
        {
            assertTrue(!overlay.node(id).conductor().status().successors().contains(clientId) &&
                !overlay.node(id).conductor().status().predecessors().contains(clientId), "a client is no neighbour");
        }
        overlay.kill(client);

        final List<PeerId> ring = overlay.live();
        final List<PeerId> killed = new ArrayList<>();
        for (final int k : new int[] {3, 12, 25})
        {
            killed.add(ring.get(k));
            overlay.kill(overlay.node(ring.get(k)));
        }
        // draft §7.5.3: found by the periodic UPDATEs to every neighbour and finger, each within an update interval
        // and a 64 × T1 timeout; until a dead finger is found, PINGs routed through it are lost.
        overlay.awaitRing(30);
        LoopbackOverlay.await(() -> overlay.nodes().stream().noneMatch(node -> node.conductor().status().fingers().stream()
            .anyMatch(killed::contains)), 30, () -> "no finger names a dead peer");
        assertLookups(random, 200);
        for (final PeerNode node : overlay.nodes())
        {
            assertEquals(0, node.forwarderContext().counterValue(ForwarderCounter.DROP_QUEUE_FULL));
        }
    }
}
