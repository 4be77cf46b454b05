package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What a chord-128-2-8 ring should look like, computed from the sorted list of its live peers: the peer responsible
 * for a key (draft §7.1) and each peer's neighbour sets (§7.5). Tests, the demo and the simulator check the real
 * tables against it.
 */
public final class RingOracle
{
    private RingOracle()
    {
    }

    /**
     * draft §7.1: the peer responsible for k is the first at or after k, round the ring.
     *
     * @param ring the live peers, sorted.
     * @param key  the id.
     * @return the responsible peer.
     */
    public static PeerId responsible(final List<PeerId> ring, final PeerId key)
    {
        final int found = Collections.binarySearch(ring, key);
        final int index = found >= 0 ? found : -found - 1;
        return ring.get(index == ring.size() ? 0 : index);
    }

    /**
     * @param ring the live peers, sorted.
     * @param id   one of them.
     * @return its successors, closest first, at most {@link NeighborTable#SIDE}.
     */
    public static List<PeerId> successors(final List<PeerId> ring, final PeerId id)
    {
        return side(ring, id, 1);
    }

    /**
     * @param ring the live peers, sorted.
     * @param id   one of them.
     * @return its predecessors, closest first, at most {@link NeighborTable#SIDE}.
     */
    public static List<PeerId> predecessors(final List<PeerId> ring, final PeerId id)
    {
        return side(ring, id, -1);
    }

    /**
     * Compare every peer's neighbour sets with the ring's.
     *
     * @param ring           the live peers, sorted.
     * @param predecessorsOf a peer's predecessor list as it holds it, or null when it has not joined.
     * @param successorsOf   a peer's successor list as it holds it.
     * @return the first disagreement described, or null when every table is right.
     */
    public static String mismatch(
        final List<PeerId> ring,
        final Function<PeerId, List<PeerId>> predecessorsOf,
        final Function<PeerId, List<PeerId>> successorsOf)
    {
        for (final PeerId id : ring)
        {
            final List<PeerId> predecessors = predecessorsOf.apply(id);
            final List<PeerId> successors = successorsOf.apply(id);
            if (null == predecessors || null == successors)
            {
                return id + " has not joined";
            }
            final List<PeerId> expectedPredecessors = predecessors(ring, id);
            final List<PeerId> expectedSuccessors = successors(ring, id);
            if (!expectedPredecessors.equals(predecessors) || !expectedSuccessors.equals(successors))
            {
                return id + " has predecessors " + predecessors + " and successors " + successors + ", expected " +
                    expectedPredecessors + " and " + expectedSuccessors;
            }
        }
        return null;
    }

    private static List<PeerId> side(final List<PeerId> ring, final PeerId id, final int step)
    {
        final int n = ring.size();
        final int k = Collections.binarySearch(ring, id);
        if (k < 0)
        {
            throw new IllegalArgumentException(id + " is not in the ring");
        }
        final List<PeerId> side = new ArrayList<>(NeighborTable.SIDE);
        for (int j = 1; j <= Math.min(NeighborTable.SIDE, n - 1); j++)
        {
            side.add(ring.get(((k + step * j) % n + n) % n));
        }
        return side;
    }
}
