package io.relo.bench.forwarding;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.fastpath.RoutingTable;
import org.agrona.DirectBuffer;

/**
 * The forwarding decision exactly as {@link io.relo.fastpath.Forwarder} makes it for a frame received on a link,
 * without the links around it: validate the header, check the overlay, examine the route list (strip ids this peer
 * is responsible for), look up the next hop in the {@link RoutingTable}, then decrement the TTL and append the
 * previous hop to the via list in place. It never allocates.
 */
public final class FlyweightForwardingDecision
{
    /** The header is malformed. */
    public static final int BAD_FRAME = -1;
    /** The overlay is not the one served. */
    public static final int UNKNOWN_OVERLAY = -2;
    /** The route list is exhausted: the frame is for this peer. */
    public static final int DELIVER = -3;
    /** The TTL was already 0. */
    public static final int TTL_EXPIRED = -4;
    /** No link leads towards the destination. */
    public static final int NO_ROUTE = -5;
    /** The via list or headroom is full. */
    public static final int NO_ROOM = -6;
    /** Not recursive routing: the control plane answers. */
    public static final int TO_CONTROL_PLANE = -7;

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final RoutingTable table;
    private final int overlay;

    /**
     * @param table   this peer's routing table.
     * @param overlay hash of the one overlay served.
     */
    public FlyweightForwardingDecision(final RoutingTable table, final int overlay)
    {
        this.table = table;
        this.overlay = overlay;
    }

    /**
     * Decide what to do with one received frame and, when it goes on, rewrite it in place.
     *
     * @param buffer     holding the frame, with headroom in front.
     * @param offset     of its first byte.
     * @param length     of the frame.
     * @param previousHi high 64 bits of the id of the peer it came from.
     * @param previousLo low 64 bits of that id.
     * @return the link to send on, or a negative outcome code; on success {@link #header()} wraps the new frame.
     */
    public int forward(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo)
    {
        final ForwardingHeaderFlyweight header = this.header;
        header.wrap(buffer, offset, length);
        if (header.validate() != FrameStatus.OK)
        {
            return BAD_FRAME;
        }
        if (header.overlay() != overlay)
        {
            return UNKNOWN_OVERLAY;
        }
        long hi;
        long lo;
        while (true)
        {
            if (header.routeListCount() == 0)
            {
                return DELIVER;
            }
            hi = header.routeIdHi(0);
            lo = header.routeIdLo(0);
            if (!table.isResponsible(hi, lo))
            {
                break;
            }
            header.stripFirstRouteId();
        }
        final int link = table.nextHop(hi, lo);
        final int routing = header.routing();
        if (routing != Routing.RECURSIVE && routing != Routing.UNSPECIFIED)
        {
            return TO_CONTROL_PLANE;
        }
        if (link == RoutingTable.NO_ROUTE)
        {
            return NO_ROUTE;
        }
        final int ttl = header.ttl();
        if (ttl == 0)
        {
            return TTL_EXPIRED;
        }
        header.ttl(ttl - 1);
        if (header.appendViaId(previousHi, previousLo) != FrameStatus.OK)
        {
            return NO_ROOM;
        }
        return link;
    }

    /**
     * @return the flyweight, wrapped over the last frame rewritten.
     */
    public ForwardingHeaderFlyweight header()
    {
        return header;
    }
}
