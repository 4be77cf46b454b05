package io.relo.bench.forwarding.baseline;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * The object-style routing table of the forwarding baseline: peer-ids as {@link BigInteger}s in a {@link TreeMap},
 * answering the same two questions with the same rules as {@link io.relo.fastpath.RoutingTable} for a table whose
 * entries are all neighbours or fingers.
 */
public final class ObjectRoutingTable
{
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger WILDCARD = RING.subtract(BigInteger.ONE);

    /**
     * A routing-table peer and the link that reaches it.
     *
     * @param id   the peer's id.
     * @param link the link's number.
     */
    public record Neighbour(BigInteger id, int link)
    {
    }

    private final TreeMap<BigInteger, Neighbour> routers = new TreeMap<>();
    private final BigInteger self;
    private final BigInteger predecessor;

    /**
     * @param self        this peer's id.
     * @param predecessor its predecessor's id.
     */
    public ObjectRoutingTable(final BigInteger self, final BigInteger predecessor)
    {
        this.self = self;
        this.predecessor = predecessor;
    }

    /**
     * @param hi high 64 bits.
     * @param lo low 64 bits.
     * @return the unsigned 128-bit id.
     */
    public static BigInteger id(final long hi, final long lo)
    {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /**
     * @param id   of the peer.
     * @param link reaching it.
     */
    public void add(final BigInteger id, final int link)
    {
        routers.put(id, new Neighbour(id, link));
    }

    /**
     * draft §7.1: the id is in (predecessor, self], or is the wildcard.
     *
     * @param id to test.
     * @return whether this peer is responsible for it.
     */
    public boolean isResponsible(final BigInteger id)
    {
        return inArc(id, predecessor, self) || WILDCARD.equals(id);
    }

    /**
     * draft §7.2: a direct link to the id itself, else the peer with the largest id at or below it modulo 2^128, else
     * this peer's successor when this peer is closer.
     *
     * @param id to route towards.
     * @return the next hop, or null with an empty table.
     */
    public Neighbour nextHop(final BigInteger id)
    {
        if (routers.isEmpty())
        {
            return null;
        }
        final Neighbour exact = routers.get(id);
        if (null != exact)
        {
            return exact;
        }
        Map.Entry<BigInteger, Neighbour> floor = routers.floorEntry(id);
        if (null == floor)
        {
            floor = routers.lastEntry();
        }
        if (inArc(self, floor.getKey(), id))
        {
            final Map.Entry<BigInteger, Neighbour> successor = routers.higherEntry(self);
            return (null == successor ? routers.firstEntry() : successor).getValue();
        }
        return floor.getValue();
    }

    /** x in (start, end] going clockwise; (n, n] is the whole ring. */
    private static boolean inArc(final BigInteger x, final BigInteger start, final BigInteger end)
    {
        final BigInteger dx = x.subtract(start).mod(RING);
        final BigInteger de = end.subtract(start).mod(RING);
        return de.signum() == 0 || dx.signum() != 0 && dx.compareTo(de) <= 0;
    }
}
