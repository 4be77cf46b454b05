package io.relo.bench.forwarding.baseline;

import io.relo.bench.codec.baseline.ForwardingHeader;
import io.relo.bench.codec.baseline.MalformedMessageException;
import io.relo.bench.forwarding.FlyweightForwardingDecision;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding decision as typical Java RELOAD stacks make it: parse the header into objects ({@code byte[]} ids in
 * lists), look the destination up as a {@link BigInteger} in an {@link ObjectRoutingTable}, and build the outgoing
 * frame as a new {@code byte[]} with the TTL decremented and the previous hop appended to the via list. It makes the
 * same decisions, with the same outcome codes, as {@link FlyweightForwardingDecision}.
 */
public final class ObjectForwardingDecision
{
    private static final int MAGIC = 0x52454C4F;
    private static final int ROUTING_RECURSIVE = 1;
    private static final int ROUTING_UNSPECIFIED = 0;

    /**
     * The outcome: the link to send on and the frame to send, or a negative outcome code and no frame.
     *
     * @param link  link number, or one of the negative codes of {@link FlyweightForwardingDecision}.
     * @param frame the rewritten frame, or null.
     */
    public record Decision(int link, byte[] frame)
    {
    }

    private final ObjectRoutingTable table;
    private final int overlay;

    /**
     * @param table   this peer's routing table.
     * @param overlay hash of the one overlay served.
     */
    public ObjectForwardingDecision(final ObjectRoutingTable table, final int overlay)
    {
        this.table = table;
        this.overlay = overlay;
    }

    /**
     * Decide what to do with one received datagram.
     *
     * @param datagram    between its position and limit; the position is moved.
     * @param previousHop id of the peer it came from, 16 bytes.
     * @return the decision.
     * @throws MalformedMessageException if the header is malformed.
     */
    public Decision forward(final ByteBuffer datagram, final byte[] previousHop) throws MalformedMessageException
    {
        final ForwardingHeader header = ForwardingHeader.parse(datagram);
        if (header.overlay() != overlay)
        {
            return new Decision(FlyweightForwardingDecision.UNKNOWN_OVERLAY, null);
        }
        final List<byte[]> route = new ArrayList<>(header.routeList());
        BigInteger destination = null;
        while (null == destination)
        {
            if (route.isEmpty())
            {
                return new Decision(FlyweightForwardingDecision.DELIVER, null);
            }
            final BigInteger first = new BigInteger(1, route.get(0));
            if (table.isResponsible(first))
            {
                route.remove(0);
            }
            else
            {
                destination = first;
            }
        }
        final ObjectRoutingTable.Neighbour next = table.nextHop(destination);
        if (header.routing() != ROUTING_RECURSIVE && header.routing() != ROUTING_UNSPECIFIED)
        {
            return new Decision(FlyweightForwardingDecision.TO_CONTROL_PLANE, null);
        }
        if (null == next)
        {
            return new Decision(FlyweightForwardingDecision.NO_ROUTE, null);
        }
        if (header.ttl() == 0)
        {
            return new Decision(FlyweightForwardingDecision.TTL_EXPIRED, null);
        }
        final List<byte[]> via = new ArrayList<>(header.viaList());
        via.add(previousHop);
        if (via.size() > 255)
        {
            return new Decision(FlyweightForwardingDecision.NO_ROOM, null);
        }
        return new Decision(next.link(), write(header, header.ttl() - 1, route, via, datagram));
    }

    private static byte[] write(
        final ForwardingHeader header, final int ttl, final List<byte[]> route, final List<byte[]> via,
        final ByteBuffer contents)
    {
        final byte[] routeLog = header.routeLog();
        final int length = 28 + 16 * (route.size() + via.size()) + (null == routeLog ? 0 : 2 + routeLog.length) +
            contents.remaining();
        final ByteBuffer out = ByteBuffer.allocate(length);
        out.putInt(MAGIC).putInt(header.overlay()).put((byte)ttl).put((byte)header.routing());
        out.putShort((short)((header.isFragment() ? 0x8000 : 0) | (header.isLastFragment() ? 0x4000 : 0) |
            header.fragmentOffset()));
        out.put((byte)((header.isExperimental() ? 0x80 : 0) | header.version()));
        out.put((byte)(length >>> 16)).put((byte)(length >>> 8)).put((byte)length);
        out.putLong(header.transactionId());
        out.put((byte)route.size()).put((byte)via.size()).putShort((short)header.flags());
        for (int i = 0, size = route.size(); i < size; i++)
        {
            out.put(route.get(i));
        }
        for (int i = 0, size = via.size(); i < size; i++)
        {
            out.put(via.get(i));
        }
        if (null != routeLog)
        {
            out.putShort((short)routeLog.length).put(routeLog);
        }
        out.put(contents);
        return out.array();
    }
}
