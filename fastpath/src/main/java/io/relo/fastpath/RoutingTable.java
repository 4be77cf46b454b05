package io.relo.fastpath;

import io.relo.fastpath.ring.Ring;

/**
 * The forwarder's copy of this peer's responsibility and its connection and routing tables, held in arrays sorted
 * by peer-id so that a next-hop lookup is a binary search. The control plane owns the truth and replaces this copy
 * with commands; nothing here allocates after construction.
 * <p>
 * Every entry is a direct link (draft §3.2.1: the connection table). Entries marked routable are also neighbours or
 * fingers (the routing table); a CONNECT alone never makes a peer routable (draft §5.1.2).
 */
public final class RoutingTable
{
    /** Returned by {@link #nextHop(long, long)} when no link leads towards the id. */
    public static final int NO_ROUTE = -1;

    private final int capacity;
    private final long[] idHi;
    private final long[] idLo;
    private final int[] linkId;
    private final boolean[] routable;
    private int count;
    private int routableCount;
    private int successorIndex = -1;

    private long selfHi;
    private long selfLo;
    private long predecessorHi;
    private long predecessorLo;

    /**
     * @param capacity most links the table can hold.
     */
    public RoutingTable(final int capacity)
    {
        this.capacity = capacity;
        idHi = new long[capacity];
        idLo = new long[capacity];
        linkId = new int[capacity];
        routable = new boolean[capacity];
    }

    /**
     * Set this peer's id and its predecessor: it is responsible for (predecessor, self] (draft §7.1). A peer whose
     * predecessor is itself is responsible for the whole ring.
     *
     * @param selfHi        high 64 bits of this peer's id.
     * @param selfLo        low 64 bits of this peer's id.
     * @param predecessorHi high 64 bits of the predecessor's id.
     * @param predecessorLo low 64 bits of the predecessor's id.
     */
    public void local(final long selfHi, final long selfLo, final long predecessorHi, final long predecessorLo)
    {
        this.selfHi = selfHi;
        this.selfLo = selfLo;
        this.predecessorHi = predecessorHi;
        this.predecessorLo = predecessorLo;
        findSuccessor();
    }

    /**
     * draft §4.1.2.3.2 and §7.1: is this peer responsible for the id? The all-ones wildcard of §5.1.1 is answered by
     * whichever peer receives it.
     *
     * @param hi high 64 bits of the id.
     * @param lo low 64 bits of the id.
     * @return true if the id is in (predecessor, self] or is the wildcard.
     */
    public boolean isResponsible(final long hi, final long lo)
    {
        return Ring.inArc(hi, lo, predecessorHi, predecessorLo, selfHi, selfLo) || Ring.isWildcard(hi, lo);
    }

    /**
     * @param hi high 64 bits of a peer's id.
     * @param lo low 64 bits of a peer's id.
     * @return whether this peer has a direct link to exactly that peer.
     */
    public boolean hasLink(final long hi, final long lo)
    {
        return find(hi, lo) >= 0;
    }

    /**
     * Add or update the direct link to a peer.
     *
     * @param peerHi   high 64 bits of the peer's id.
     * @param peerLo   low 64 bits of the peer's id.
     * @param link     id of the link.
     * @param isRouter whether the peer is a neighbour or finger.
     * @return false if the table is full.
     */
    public boolean put(final long peerHi, final long peerLo, final int link, final boolean isRouter)
    {
        int index = find(peerHi, peerLo);
        if (index < 0)
        {
            if (count == capacity)
            {
                return false;
            }
            index = -index - 1;
            System.arraycopy(idHi, index, idHi, index + 1, count - index);
            System.arraycopy(idLo, index, idLo, index + 1, count - index);
            System.arraycopy(linkId, index, linkId, index + 1, count - index);
            System.arraycopy(routable, index, routable, index + 1, count - index);
            count++;
        }
        else if (routable[index])
        {
            routableCount--;
        }
        idHi[index] = peerHi;
        idLo[index] = peerLo;
        linkId[index] = link;
        routable[index] = isRouter;
        routableCount += isRouter ? 1 : 0;
        findSuccessor();
        return true;
    }

    /**
     * Remove every entry that uses a link.
     *
     * @param link id of the link going away.
     */
    public void removeLink(final int link)
    {
        int out = 0;
        routableCount = 0;
        for (int i = 0; i < count; i++)
        {
            if (linkId[i] != link)
            {
                idHi[out] = idHi[i];
                idLo[out] = idLo[i];
                linkId[out] = linkId[i];
                routable[out] = routable[i];
                routableCount += routable[out] ? 1 : 0;
                out++;
            }
        }
        count = out;
        findSuccessor();
    }

    /**
     * Mark which peers are neighbours or fingers; every other entry stays a plain connection.
     *
     * @param hi    high 64 bits of each router's id.
     * @param lo    low 64 bits of each router's id.
     * @param total number of ids given.
     * @return number of ids that had no link and were ignored.
     */
    public int routers(final long[] hi, final long[] lo, final int total)
    {
        for (int i = 0; i < count; i++)
        {
            routable[i] = false;
        }
        routableCount = 0;
        int missing = 0;
        for (int i = 0; i < total; i++)
        {
            final int index = find(hi[i], lo[i]);
            if (index < 0)
            {
                missing++;
            }
            else if (!routable[index])
            {
                routable[index] = true;
                routableCount++;
            }
        }
        findSuccessor();
        return missing;
    }

    /**
     * draft §4.1.2.3.3 and §7.2: the link towards an id this peer is not responsible for. A direct connection to the
     * id itself is preferred; otherwise the routing-table peer with the largest id still at or below the id, modulo
     * 2^128; and when this peer itself is closer than any of them, its successor.
     *
     * @param hi high 64 bits of the id.
     * @param lo low 64 bits of the id.
     * @return the link id, or {@link #NO_ROUTE}.
     */
    public int nextHop(final long hi, final long lo)
    {
        final int count = this.count;
        if (count == 0)
        {
            return NO_ROUTE;
        }
        int index = floor(hi, lo);
        if (index >= 0 && idHi[index] == hi && idLo[index] == lo)
        {
            return linkId[index];
        }
        if (routableCount == 0)
        {
            return NO_ROUTE;
        }
        // Walk anticlockwise from the floor (wrapping to the largest id) to the nearest routable entry.
        index = index < 0 ? count - 1 : index;
        while (!routable[index])
        {
            index = index == 0 ? count - 1 : index - 1;
        }
        // If this peer lies in (entry, id], it is closer than every router: its successor comes next.
        if (Ring.inArc(selfHi, selfLo, idHi[index], idLo[index], hi, lo))
        {
            return linkId[successorIndex];
        }
        return linkId[index];
    }

    /**
     * @return number of links in the table.
     */
    public int size()
    {
        return count;
    }

    /**
     * @return number of entries that are neighbours or fingers.
     */
    public int routerCount()
    {
        return routableCount;
    }

    /**
     * @return high 64 bits of this peer's id.
     */
    public long selfHi()
    {
        return selfHi;
    }

    /**
     * @return low 64 bits of this peer's id.
     */
    public long selfLo()
    {
        return selfLo;
    }

    private int floor(final long hi, final long lo)
    {
        final int found = find(hi, lo);
        return found >= 0 ? found : -found - 2;
    }

    /** Binary search: index if present, else -(insertion point) - 1. */
    private int find(final long hi, final long lo)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = Ring.compare(idHi[mid], idLo[mid], hi, lo);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The first routable entry clockwise after this peer. */
    private void findSuccessor()
    {
        successorIndex = -1;
        if (routableCount == 0)
        {
            return;
        }
        final int found = find(selfHi, selfLo);
        int index = found >= 0 ? found + 1 : -found - 1;
        for (int i = 0; i < count; i++)
        {
            index = index >= count ? 0 : index;
            if (routable[index])
            {
                successorIndex = index;
                return;
            }
            index++;
        }
    }
}
