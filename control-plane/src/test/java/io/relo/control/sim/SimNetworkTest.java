package io.relo.control.sim;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model network's links: formed by both ends or neither, and closed only by frames that can get through.
 */
class SimNetworkTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static SimNetwork network(final long seed)
    {
        return new SimNetwork(new SimNetwork.Config(seed, MS, 5 * MS, 0, 5 * SECOND, 20 * SECOND, 100 * MS, false));
    }

    @Test
    void shouldFormNoHalfLinkToAPeerWhoseLinkTableIsFull()
    {
        final SimNetwork network = network(3);
        final PeerId first = network.randomId();
        network.add(first);
        network.start(first, null);
        // 256 joiners fill the first peer's table (the forwarder's 256 links); idle links are pruned only later.
        for (int i = 0; i < 256; i++)
        {
            final PeerId id = network.randomId();
            network.add(id);
            network.start(id, first);
        }
        network.run(20 * MS);
        assertEquals(256, network.linkTables().get(first).size(), "the first peer's table is full");

        final PeerId late = network.randomId();
        network.add(late);
        network.start(late, first);
        network.run(20 * MS);

        final Map<PeerId, Set<PeerId>> links = network.linkTables();
        assertFalse(links.get(first).contains(late), "no room at the first peer");
        assertFalse(links.get(late).contains(first), "so the late peer holds no link it cannot use either");
    }

    @Test
    void shouldNotCloseTheOtherEndOfALinkAcrossAPartition()
    {
        final SimNetwork network = network(5);
        final PeerId a = network.randomId();
        final PeerId b = network.randomId();
        network.add(a);
        network.add(b);
        network.start(a, null);
        network.start(b, a);
        network.run(20 * SECOND);
        assertTrue(network.linkTables().get(a).contains(b) && network.linkTables().get(b).contains(a));

        network.partition(Map.of(b, 1));
        // Each end finds the other gone when its own UPDATE times out (draft §7.5.3), at its own jittered time.
        final List<Long> dropped = new ArrayList<>();
        PeerId firstToDrop = null;
        for (int step = 0; step < 4000 && dropped.size() < 2; step++)
        {
            network.run(10 * MS);
            final Map<PeerId, Set<PeerId>> links = network.linkTables();
            final boolean aHolds = links.get(a).contains(b);
            final boolean bHolds = links.get(b).contains(a);
            if (dropped.isEmpty() && (!aHolds || !bHolds))
            {
                dropped.add(network.nowNs());
                firstToDrop = aHolds ? b : a;
            }
            if (dropped.size() == 1 && !aHolds && !bHolds)
            {
                dropped.add(network.nowNs());
            }
        }
        assertEquals(2, dropped.size(), "both ends dropped the link");
        // The close alert of the first end cannot cross the partition: the other end keeps its link until its own
        // timeout, far more than one latency later.
        assertTrue(dropped.get(1) - dropped.get(0) > 100 * MS, firstToDrop + " closed its end at " +
            dropped.get(0) + " ns, the other end followed at " + dropped.get(1) + " ns");
    }

    @Test
    void shouldRestartAPeerWithItsIdWhileTheOthersStillHoldTheOldIncarnation()
    {
        final SimNetwork network = network(7);
        final PeerId a = network.randomId();
        final PeerId b = network.randomId();
        final PeerId c = network.randomId();
        for (final PeerId id : List.of(a, b, c))
        {
            network.add(id);
        }
        network.start(a, null);
        network.start(b, a);
        network.start(c, a);
        network.run(20 * SECOND);
        assertTrue(network.peer(a).neighbors().contains(b) && network.peer(c).neighbors().contains(b));

        network.stop(b);
        network.run(SECOND);
        final var old = network.peer(b);
        final var restarted = network.restart(b);
        assertFalse(old == restarted, "a new incarnation");
        assertTrue(restarted.neighbors().neighbors().isEmpty() && restarted.links().isEmpty(), "with nothing kept");
        assertTrue(network.linkTables().get(a).contains(b) && network.linkTables().get(c).contains(b),
            "a crashed peer closes nothing: the others still hold links to its id");
        assertTrue(network.peer(a).neighbors().contains(b), "and their tables still name it");

        network.start(b, a);
        network.run(60 * SECOND);
        assertTrue(restarted.isJoined(), "the restarted peer joins again");
        assertTrue(restarted.neighbors().contains(a) && restarted.neighbors().contains(c), "and is placed between them");
    }
}
