package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The neighbourhood table of chord-128-2-8 (draft §7.1): the three peers before this one and the three after it on
 * the ring, each side ordered from closest to farthest. On a small ring one peer can be both a predecessor and a
 * successor. A peer never enters itself (draft §7.5.2).
 */
public final class NeighborTable
{
    /** Predecessors and successors kept on each side (draft §7.5: "at least three"). */
    public static final int SIDE = 3;

    private final PeerId self;
    private final PeerId[] predecessors = new PeerId[SIDE];
    private final PeerId[] successors = new PeerId[SIDE];
    private int predecessorCount;
    private int successorCount;

    /**
     * @param self this peer's id.
     */
    public NeighborTable(final PeerId self)
    {
        this.self = self;
    }

    /**
     * @return this peer's id.
     */
    public PeerId self()
    {
        return self;
    }

    /**
     * Offer a peer: it enters either side where it is closer than an entry or a slot is free.
     *
     * @param peer to offer.
     * @return whether the table changed.
     */
    public boolean add(final PeerId peer)
    {
        if (peer.equals(self))
        {
            return false;
        }
        final boolean p = insert(predecessors, predecessorCount, peer, false);
        if (p)
        {
            predecessorCount = Math.min(SIDE, predecessorCount + 1);
        }
        final boolean s = insert(successors, successorCount, peer, true);
        if (s)
        {
            successorCount = Math.min(SIDE, successorCount + 1);
        }
        return p || s;
    }

    /**
     * Whether {@link #add} would change the table, without changing it: what an UPDATE's peers are tested by.
     *
     * @param peer to test.
     * @return whether offering it would enter it on either side.
     */
    public boolean wouldAdd(final PeerId peer)
    {
        return !peer.equals(self) && (position(predecessors, predecessorCount, peer, false) < SIDE ||
            position(successors, successorCount, peer, true) < SIDE);
    }

    /** Where a peer would enter a side: SIDE when it is there already or is farther than a full side. */
    private int position(final PeerId[] side, final int count, final PeerId peer, final boolean clockwise)
    {
        for (int i = 0; i < count; i++)
        {
            if (side[i].equals(peer))
            {
                return SIDE;
            }
        }
        int at = count;
        while (at > 0 && closer(peer, side[at - 1], clockwise))
        {
            at--;
        }
        return at;
    }

    private boolean insert(final PeerId[] side, final int count, final PeerId peer, final boolean clockwise)
    {
        final int at = position(side, count, peer, clockwise);
        if (at >= SIDE)
        {
            return false;
        }
        final int last = Math.min(count, SIDE - 1);
        System.arraycopy(side, at, side, at + 1, last - at);
        side[at] = peer;
        return true;
    }

    /**
     * @param a         a peer.
     * @param b         another peer.
     * @param clockwise measure towards successors if true, towards predecessors if false.
     * @return whether a is closer to this peer than b on that side.
     */
    private boolean closer(final PeerId a, final PeerId b, final boolean clockwise)
    {
        return Ring.compare(distanceHi(a, clockwise), distanceLo(a, clockwise),
            distanceHi(b, clockwise), distanceLo(b, clockwise)) < 0;
    }

    private long distanceHi(final PeerId p, final boolean clockwise)
    {
        return clockwise ? Ring.distanceHi(self.hi(), self.lo(), p.hi(), p.lo()) :
            Ring.distanceHi(p.hi(), p.lo(), self.hi(), self.lo());
    }

    private long distanceLo(final PeerId p, final boolean clockwise)
    {
        return clockwise ? Ring.distanceLo(self.lo(), p.lo()) : Ring.distanceLo(p.lo(), self.lo());
    }

    /**
     * Remove a peer from both sides (it failed or left, draft §7.5.1, §7.6).
     *
     * @param peer to remove.
     * @return whether the table changed.
     */
    public boolean remove(final PeerId peer)
    {
        final int p = removeFrom(predecessors, predecessorCount, peer);
        final int s = removeFrom(successors, successorCount, peer);
        final boolean changed = p != predecessorCount || s != successorCount;
        predecessorCount = p;
        successorCount = s;
        return changed;
    }

    private static int removeFrom(final PeerId[] side, final int count, final PeerId peer)
    {
        for (int i = 0; i < count; i++)
        {
            if (side[i].equals(peer))
            {
                System.arraycopy(side, i + 1, side, i, count - i - 1);
                side[count - 1] = null;
                return count - 1;
            }
        }
        return count;
    }

    /**
     * draft §7.1: this peer is responsible for k if p &lt; k &lt;= n, with p its immediate predecessor; a peer
     * that knows no predecessor is responsible for the whole ring.
     *
     * @param k a resource-id or peer-id.
     * @return whether this peer is responsible for k.
     */
    public boolean isResponsible(final PeerId k)
    {
        if (predecessorCount == 0)
        {
            return true;
        }
        final PeerId p = predecessors[0];
        return Ring.inArc(k.hi(), k.lo(), p.hi(), p.lo(), self.hi(), self.lo());
    }

    /**
     * @return the immediate predecessor, or this peer when it knows none.
     */
    public PeerId predecessor()
    {
        return predecessorCount == 0 ? self : predecessors[0];
    }

    /**
     * @return the immediate successor, or this peer when it knows none.
     */
    public PeerId successor()
    {
        return successorCount == 0 ? self : successors[0];
    }

    /**
     * @return predecessors, closest first.
     */
    public List<PeerId> predecessors()
    {
        return List.of(Arrays.copyOf(predecessors, predecessorCount));
    }

    /**
     * @return successors, closest first.
     */
    public List<PeerId> successors()
    {
        return List.of(Arrays.copyOf(successors, successorCount));
    }

    /**
     * @return every distinct neighbour, predecessors first.
     */
    public Set<PeerId> neighbors()
    {
        final Set<PeerId> all = new LinkedHashSet<>(predecessors());
        all.addAll(successors());
        return all;
    }

    /**
     * @param peer a peer.
     * @return whether it is in the table.
     */
    public boolean contains(final PeerId peer)
    {
        // Scans the arrays rather than building neighbors(): UPDATE handling asks this for every peer it hears of.
        for (int i = 0; i < predecessorCount; i++)
        {
            if (predecessors[i].equals(peer))
            {
                return true;
            }
        }
        for (int i = 0; i < successorCount; i++)
        {
            if (successors[i].equals(peer))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether the table is full on the successor side; with fewer the ring is small or still forming.
     */
    public int successorCount()
    {
        return successorCount;
    }

    /**
     * @return number of predecessors known.
     */
    public int predecessorCount()
    {
        return predecessorCount;
    }

    /**
     * @return a copy, for computing what an UPDATE would change.
     */
    public NeighborTable copy()
    {
        final NeighborTable copy = new NeighborTable(self);
        System.arraycopy(predecessors, 0, copy.predecessors, 0, SIDE);
        System.arraycopy(successors, 0, copy.successors, 0, SIDE);
        copy.predecessorCount = predecessorCount;
        copy.successorCount = successorCount;
        return copy;
    }

    @Override
    public String toString()
    {
        final List<String> p = new ArrayList<>();
        predecessors().forEach(id -> p.add(id.toString()));
        final List<String> s = new ArrayList<>();
        successors().forEach(id -> s.add(id.toString()));
        return "predecessors " + p + " self " + self + " successors " + s;
    }
}
