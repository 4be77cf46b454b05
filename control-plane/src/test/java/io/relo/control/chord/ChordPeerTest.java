package io.relo.control.chord;

import io.relo.control.sim.SimNetwork;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ChordPeer}s on the seeded virtual-time {@link SimNetwork}, which routes with the forwarder's rules and
 * {@code RoutingTable}, checked against a sorted-list oracle.
 */
class ChordPeerTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long UPDATE_INTERVAL = 5 * SECOND;
    private static final long FINGER_INTERVAL = 20 * SECOND;
    private static final long T1 = 100 * MS;

    static SimNetwork network(final long seed, final double loss)
    {
        return new SimNetwork(new SimNetwork.Config(seed, MS, 5 * MS, loss, UPDATE_INTERVAL, FINGER_INTERVAL, T1,
            loss > 0));
    }

    static SimNetwork joinRing(final long seed, final int size)
    {
        return joinRing(network(seed, 0), size);
    }

    static SimNetwork joinRing(final SimNetwork network, final int size)
    {
        final PeerId first = network.randomId();
        network.add(first);
        network.start(first, null);
        for (int i = 1; i < size; i++)
        {
            final PeerId id = network.randomId();
            network.add(id);
            network.start(id, first);
            network.run(500 * MS);
        }
        network.run(4 * UPDATE_INTERVAL);
        return network;
    }

    /** Every live peer's neighbour sets equal the sorted ring's. */
    static void assertRing(final SimNetwork network)
    {
        final List<PeerId> ring = network.live();
        final int n = ring.size();
        for (int k = 0; k < n; k++)
        {
            final List<PeerId> successors = new ArrayList<>();
            final List<PeerId> predecessors = new ArrayList<>();
            for (int j = 1; j <= Math.min(NeighborTable.SIDE, n - 1); j++)
            {
                successors.add(ring.get((k + j) % n));
                predecessors.add(ring.get(((k - j) % n + n) % n));
            }
            final NeighborTable table = network.peer(ring.get(k)).neighbors();
            assertEquals(successors, table.successors(), "successors of " + ring.get(k));
            assertEquals(predecessors, table.predecessors(), "predecessors of " + ring.get(k));
        }
    }

    /** Every finger is the live peer responsible for its target, or a peer at most one update interval stale. */
    static void assertFingers(final SimNetwork network)
    {
        final List<PeerId> ring = network.live();
        for (final PeerId id : ring)
        {
            final ChordPeer peer = network.peer(id);
            final FingerTable targets = new FingerTable(id);
            for (int i = 1; i <= FingerTable.SIZE; i++)
            {
                final PeerId finger = peer.finger(i);
                if (null != finger)
                {
                    assertTrue(ring.contains(finger), id + " finger " + i + " is live");
                }
                final PeerId expected = responsible(ring, targets.target(i));
                if (!expected.equals(id) && null != finger)
                {
                    assertEquals(expected, finger, id + " finger " + i);
                }
            }
        }
    }

    /** draft §7.5: every live peer holds a link to each of its neighbours and fingers. */
    static void assertLinkedToRouters(final SimNetwork network)
    {
        final Map<PeerId, Set<PeerId>> links = network.linkTables();
        for (final PeerId id : network.live())
        {
            final ChordPeer peer = network.peer(id);
            final Set<PeerId> routers = new HashSet<>(peer.neighbors().neighbors());
            routers.addAll(peer.fingers());
            for (final PeerId router : routers)
            {
                assertTrue(links.get(id).contains(router), id + " is linked to its router " + router);
            }
        }
    }

    static PeerId responsible(final List<PeerId> ring, final PeerId key)
    {
        for (final PeerId id : ring)
        {
            if (id.compareTo(key) >= 0)
            {
                return id;
            }
        }
        return ring.get(0);
    }

    static void assertLookups(final SimNetwork network, final int count)
    {
        final List<PeerId> ring = network.live();
        final Map<PeerId, PeerId> results = new HashMap<>();
        final List<PeerId> keys = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final PeerId key = network.randomId();
            keys.add(key);
            network.lookup(ring.get(network.random().nextInt(ring.size())), key, (k, r, hops) -> results.put(k, r));
        }
        network.run(10 * SECOND);
        for (final PeerId key : keys)
        {
            assertEquals(responsible(ring, key), results.get(key), "lookup of " + key);
        }
    }

    @Test
    void shouldFormTheRingAndRouteLookupsToTheResponsiblePeer()
    {
        final SimNetwork network = joinRing(7, 32);
        for (final PeerId id : network.live())
        {
            assertTrue(network.peer(id).isJoined(), id + " joined");
            assertFalse(network.peer(id).fingers().isEmpty(), id + " has fingers");
        }
        assertRing(network);
        assertLookups(network, 200);
        assertEquals(0, network.drops(SimNetwork.Drop.TTL_EXPIRED), "no routing loops");
        // draft §7.5.3: each finger PING refreshes one random entry, so fingers found while the ring was smaller
        // are corrected over many ping intervals ((7/8)^100 leaves about 1 in 600,000 entries unrefreshed).
        network.run(100 * FINGER_INTERVAL);
        assertFingers(network);
    }

    @Test
    void shouldRepairTheRingAfterPeersFail()
    {
        final SimNetwork network = joinRing(11, 32);
        final List<PeerId> ring = network.live();
        for (final int k : new int[] {3, 12, 25})
        {
            network.stop(ring.get(k));
        }
        // draft §7.5.3: failures are found by the periodic UPDATEs, each within an update interval plus a timeout.
        network.run(3 * UPDATE_INTERVAL);
        assertRing(network);
        assertLookups(network, 200);
    }

    @Test
    void shouldRepairTheRingWhenAPeerLosesAllItsSuccessors()
    {
        // draft §7.5.1: three adjacent failures leave the peer before them with no successor at all.
        final SimNetwork network = joinRing(17, 32);
        final List<PeerId> ring = network.live();
        for (final int k : new int[] {8, 9, 10})
        {
            network.stop(ring.get(k));
        }
        network.run(8 * UPDATE_INTERVAL);
        assertRing(network);
        assertLookups(network, 200);
    }

    @Test
    void shouldPruneIdleLinksSoThatTheBootstrapPeerAdmitsMoreJoinersThanItHasLinks()
    {
        // Every joiner links to peer 0 first; more of them than a RoutingTable holds (256) only fit if idle
        // links that are neither neighbours nor fingers are dropped.
        final SimNetwork network = joinRing(23, 300);
        assertRing(network);
        assertLookups(network, 300);
        for (final PeerId id : network.live())
        {
            final int links = network.peer(id).links().size();
            assertTrue(links < 100, id + " has " + links + " links");
        }
    }

    @Test
    void shouldConnectAgainToANeighbourWhoseConnectWasRefused()
    {
        final SimNetwork network = joinRing(37, 8);
        final List<PeerId> ring = network.live();
        final PeerId full = ring.get(3);
        // Fill peer 3's link table (the forwarder's 256 links) with peers that link to it and then crash.
        final List<PeerId> fillers = new ArrayList<>();
        for (int i = 0; i < 256; i++)
        {
            final PeerId filler = network.randomId();
            network.add(filler);
            network.start(filler, full);
            fillers.add(filler);
        }
        network.run(11 * MS);
        fillers.forEach(network::stop);
        assertEquals(256, network.linkTables().get(full).size(), "peer 3's table is full");

        // A peer joins right after peer 3: peer 3 hears of its new successor while it cannot link to it.
        final PeerId joining = new PeerId(full.hi(), full.lo() + 1);
        network.add(joining);
        network.start(joining, ring.get(0));
        network.run(4 * UPDATE_INTERVAL);

        // draft §7.5: peer 3 pruned the idle filler links and linked to its neighbour at the next UPDATE round.
        assertRing(network);
        assertLinkedToRouters(network);
        assertLookups(network, 100);
    }

    @Test
    void shouldFormSmallRings()
    {
        for (int size = 1; size <= 5; size++)
        {
            final SimNetwork network = joinRing(size, size);
            assertRing(network);
            assertLookups(network, 20);
        }
    }

    @Test
    void shouldHandleLeaveWithoutWaitingForTimeouts()
    {
        final SimNetwork network = joinRing(13, 16);
        final PeerId leaving = network.live().get(5);
        network.leave(leaving, 10 * MS);
        // Far less than the 64 × T1 timeout: only the LEAVEs and the UPDATEs they cause can have done this.
        network.run(300 * MS);
        for (final PeerId id : network.live())
        {
            assertFalse(network.peer(id).neighbors().contains(leaving), id + " forgot the leaver");
        }
        assertRing(network);
    }

    @Test
    void shouldFormTheRingOverALossyNetworkWithRetransmission()
    {
        // draft §4.4: end-to-end retransmission makes 5% loss per link invisible to the ring.
        final SimNetwork network = joinRing(network(29, 0.05), 24);
        network.run(4 * UPDATE_INTERVAL);
        assertRing(network);
        assertTrue(network.drops(SimNetwork.Drop.LOSS) > 0, "the model lost frames");
    }

    @Test
    void shouldHealAfterAPartition()
    {
        final SimNetwork network = joinRing(31, 20);
        final List<PeerId> ring = network.live();
        final Map<PeerId, Integer> split = new HashMap<>();
        for (int i = 0; i < ring.size(); i += 2)
        {
            split.put(ring.get(i), 1);
        }
        network.partition(split);
        network.run(2 * SECOND);
        network.heal();
        network.run(8 * UPDATE_INTERVAL);
        assertTrue(network.drops(SimNetwork.Drop.PARTITION) > 0, "the partition dropped frames");
        assertLookups(network, 100);
    }

    @Test
    void shouldBeDeterministic()
    {
        final SimNetwork a = joinRing(21, 12);
        final SimNetwork b = joinRing(21, 12);
        assertTrue(a.events() > 0);
        assertEquals(a.events(), b.events());
        assertEquals(a.hops(), b.hops());
        assertEquals(a.live(), b.live());
    }
}
