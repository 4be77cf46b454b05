package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * draft §7.5.2: what an UPDATE from another peer means for this peer's neighbourhood table. Pure: it decides,
 * the caller CONNECTs, PINGs and then changes the table.
 */
public final class UpdateRule
{
    /**
     * The outcome of examining an UPDATE.
     *
     * @param closer       case 2: peers closer than (or filling a free slot of) the table; CONNECT to them, then add.
     * @param questionable case 3: current neighbours the sender's view brackets this peer without; PING them and
     *                     remove those that do not answer.
     */
    public record Decision(Set<PeerId> closer, Set<PeerId> questionable)
    {
        /**
         * @return case 1: the UPDATE matches the table and nothing needs doing.
         */
        public boolean noChange()
        {
            return closer.isEmpty() && questionable.isEmpty();
        }
    }

    private UpdateRule()
    {
    }

    /**
     * Examine an UPDATE.
     *
     * @param table        this peer's table; not modified.
     * @param sender       the UPDATEing peer.
     * @param predecessors its predecessor set, closest first.
     * @param successors   its successor set, closest first.
     * @return what to do.
     */
    public static Decision examine(
        final NeighborTable table, final PeerId sender, final List<PeerId> predecessors, final List<PeerId> successors)
    {
        final PeerId self = table.self();
        // At most seven peers: a list with a linear duplicate check is cheaper than a set, in the same order.
        final List<PeerId> view = new ArrayList<>(1 + predecessors.size() + successors.size());
        view.add(sender);
        addDistinct(view, predecessors);
        addDistinct(view, successors);

        // Case 2: any peer of the sender's view that would enter the table is closer than what the table holds.
        Set<PeerId> closer = Set.of();
        for (final PeerId peer : view)
        {
            if (!peer.equals(self) && !table.contains(peer) && table.wouldAdd(peer))
            {
                closer = closer.isEmpty() ? new LinkedHashSet<>() : closer;
                closer.add(peer);
            }
        }

        // Case 3: the sender claims to know every peer from its farthest predecessor to its farthest successor.
        // If that arc brackets this peer, a neighbour inside it that the sender does not list may have gone.
        Set<PeerId> questionable = Set.of();
        final PeerId start = predecessors.isEmpty() ? sender : predecessors.get(predecessors.size() - 1);
        final PeerId end = successors.isEmpty() ? sender : successors.get(successors.size() - 1);
        if (!start.equals(end) && strictlyInside(self, start, end))
        {
            for (final PeerId neighbor : table.neighbors())
            {
                if (!view.contains(neighbor) && strictlyInside(neighbor, start, end))
                {
                    questionable = questionable.isEmpty() ? new LinkedHashSet<>() : questionable;
                    questionable.add(neighbor);
                }
            }
        }
        return new Decision(closer, questionable);
    }

    private static void addDistinct(final List<PeerId> view, final List<PeerId> peers)
    {
        for (final PeerId peer : peers)
        {
            if (!view.contains(peer))
            {
                view.add(peer);
            }
        }
    }

    /** x in the open arc (start, end), clockwise. */
    private static boolean strictlyInside(final PeerId x, final PeerId start, final PeerId end)
    {
        return !x.equals(end) && Ring.inArc(x.hi(), x.lo(), start.hi(), start.lo(), end.hi(), end.lo());
    }
}
