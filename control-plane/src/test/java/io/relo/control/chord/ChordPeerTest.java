package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ChordPeer}s on a deterministic in-memory network in virtual time, checked against a sorted-list oracle.
 */
class ChordPeerTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long UPDATE_INTERVAL = 5 * SECOND;
    private static final long FINGER_INTERVAL = 20 * SECOND;
    private static final long T1 = 20 * MS;
    private static final long TICK = 10 * MS;

    /** Timed deliveries with a seeded latency of 1-5 ms; stopped peers neither send nor receive. */
    static final class Network
    {
        private record Event(long atNs, long seq, Runnable action)
        {
        }

        final Random random;
        final Map<PeerId, ChordPeer> peers = new HashMap<>();
        final List<PeerId> order = new ArrayList<>();
        final Set<PeerId> stopped = new HashSet<>();
        private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.atNs != b.atNs ? Long.compare(a.atNs, b.atNs) : Long.compare(a.seq, b.seq));
        long nowNs;
        long events;
        private long seq;

        Network(final long seed)
        {
            random = new Random(seed);
        }

        ChordPeer add(final PeerId id)
        {
            final ChordTransport transport = new ChordTransport()
            {
                public void send(final PeerId nextHop, final ChordMessage message)
                {
                    if (!stopped.contains(id))
                    {
                        later(() -> deliver(id, nextHop, message));
                    }
                }

                public void connect(final PeerId peer)
                {
                }

                public void disconnect(final PeerId peer)
                {
                    if (!stopped.contains(id))
                    {
                        later(() ->
                        {
                            final ChordPeer other = peers.get(peer);
                            if (null != other && !stopped.contains(peer))
                            {
                                other.onLinkDown(id, nowNs);
                            }
                        });
                    }
                }
            };
            final ChordPeer peer = new ChordPeer(id, transport, new Random(random.nextLong()), UPDATE_INTERVAL,
                FINGER_INTERVAL, T1, nowNs);
            peers.put(id, peer);
            order.add(id);
            return peer;
        }

        private void deliver(final PeerId from, final PeerId to, final ChordMessage message)
        {
            final ChordPeer peer = peers.get(to);
            if (null != peer && !stopped.contains(to))
            {
                events++;
                peer.onMessage(from, message, nowNs);
            }
        }

        private void later(final Runnable action)
        {
            queue.add(new Event(nowNs + (1 + random.nextInt(5)) * MS, seq++, action));
        }

        void run(final long durationNs)
        {
            final long end = nowNs + durationNs;
            long nextTick = (nowNs / TICK + 1) * TICK;
            while (true)
            {
                final Event next = queue.peek();
                final long at = null == next ? Long.MAX_VALUE : next.atNs;
                if (Math.min(at, nextTick) > end)
                {
                    break;
                }
                if (nextTick <= at)
                {
                    nowNs = nextTick;
                    nextTick += TICK;
                    for (final PeerId id : order)
                    {
                        if (!stopped.contains(id))
                        {
                            peers.get(id).poll(nowNs);
                        }
                    }
                }
                else
                {
                    queue.poll();
                    nowNs = at;
                    next.action.run();
                }
            }
            nowNs = end;
        }

        List<PeerId> live()
        {
            final List<PeerId> live = new ArrayList<>();
            for (final PeerId id : order)
            {
                if (!stopped.contains(id))
                {
                    live.add(id);
                }
            }
            Collections.sort(live);
            return live;
        }
    }

    static Network joinRing(final long seed, final int size)
    {
        final Network network = new Network(seed);
        final ChordPeer first = network.add(new PeerId(network.random.nextLong(), network.random.nextLong()));
        first.start(null, network.nowNs);
        for (int i = 1; i < size; i++)
        {
            final ChordPeer peer = network.add(new PeerId(network.random.nextLong(), network.random.nextLong()));
            peer.start(first.id(), network.nowNs);
            network.run(500 * MS);
        }
        network.run(4 * UPDATE_INTERVAL);
        return network;
    }

    /** Every live peer's neighbour sets equal the sorted ring's. */
    static void assertRing(final Network network)
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
            final NeighborTable table = network.peers.get(ring.get(k)).neighbors();
            assertEquals(successors, table.successors(), "successors of " + ring.get(k));
            assertEquals(predecessors, table.predecessors(), "predecessors of " + ring.get(k));
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

    static void assertLookups(final Network network, final int count)
    {
        final List<PeerId> ring = network.live();
        final Map<PeerId, PeerId> results = new HashMap<>();
        final List<PeerId> keys = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final PeerId key = new PeerId(network.random.nextLong(), network.random.nextLong());
            keys.add(key);
            final ChordPeer from = network.peers.get(ring.get(network.random.nextInt(ring.size())));
            from.lookup(key, network.nowNs, results::put);
        }
        network.run(2 * SECOND);
        for (final PeerId key : keys)
        {
            assertEquals(responsible(ring, key), results.get(key), "lookup of " + key);
        }
    }

    @Test
    void shouldFormTheRingAndRouteLookupsToTheResponsiblePeer()
    {
        final Network network = joinRing(7, 32);
        for (final ChordPeer peer : network.peers.values())
        {
            assertTrue(peer.isJoined(), peer.id() + " joined");
            assertFalse(peer.fingers().isEmpty(), peer.id() + " has fingers");
        }
        assertRing(network);
        assertLookups(network, 200);
    }

    @Test
    void shouldRepairTheRingAfterPeersFail()
    {
        final Network network = joinRing(11, 32);
        final List<PeerId> ring = network.live();
        for (final int k : new int[] {3, 12, 25})
        {
            network.stopped.add(ring.get(k));
        }
        network.run(6 * UPDATE_INTERVAL);
        assertRing(network);
        assertLookups(network, 200);
    }

    @Test
    void shouldRepairTheRingWhenAPeerLosesAllItsSuccessors()
    {
        // draft §7.5.1: three adjacent failures leave the peer before them with no successor at all.
        final Network network = joinRing(17, 32);
        final List<PeerId> ring = network.live();
        for (final int k : new int[] {8, 9, 10})
        {
            network.stopped.add(ring.get(k));
        }
        network.run(6 * UPDATE_INTERVAL);
        assertRing(network);
        assertLookups(network, 200);
    }

    @Test
    void shouldPruneIdleLinksSoThatTheBootstrapPeerAdmitsMoreJoinersThanItHasLinks()
    {
        // Every joiner links to peer 0 first; more of them than a RoutingTable holds (256) only fit if idle
        // links that are neither neighbours nor fingers are dropped.
        final Network network = joinRing(23, 300);
        assertRing(network);
        assertLookups(network, 300);
        for (final ChordPeer peer : network.peers.values())
        {
            assertTrue(peer.links().size() < 100, peer.id() + " has " + peer.links().size() + " links");
        }
    }

    @Test
    void shouldFormSmallRings()
    {
        for (int size = 1; size <= 5; size++)
        {
            final Network network = joinRing(size, size);
            assertRing(network);
            assertLookups(network, 20);
        }
    }

    @Test
    void shouldHandleLeaveWithoutWaitingForTimeouts()
    {
        final Network network = joinRing(13, 16);
        final ChordPeer leaving = network.peers.get(network.live().get(5));
        leaving.leave(network.nowNs);
        network.run(10 * MS);
        network.stopped.add(leaving.id());
        // Far less than the 64 × T1 timeout: only the LEAVEs and the UPDATEs they cause can have done this.
        network.run(300 * MS);
        for (final PeerId id : network.live())
        {
            assertFalse(network.peers.get(id).neighbors().contains(leaving.id()), id + " forgot the leaver");
        }
        assertRing(network);
    }

    @Test
    void shouldBeDeterministic()
    {
        final Network a = joinRing(21, 12);
        final Network b = joinRing(21, 12);
        assertTrue(a.events > 0);
        assertEquals(a.events, b.events);
        assertEquals(a.live(), b.live());
    }
}
