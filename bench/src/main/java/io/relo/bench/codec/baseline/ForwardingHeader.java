package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.relo.bench.codec.baseline.Reads.ID_LENGTH;

/**
 * The forwarding header of draft §4.1 as an object, with the route and via lists as lists of 16-byte ids.
 */
public final class ForwardingHeader
{
    static final int MAGIC = 0x52454C4F;
    static final int FIXED_LENGTH = 28;
    static final int ROUTE_LOG_FLAG = 0x1;
    static final int MAX_ROUTE_LOG_LENGTH = 65000;

    private final int overlay;
    private final int ttl;
    private final int routing;
    private final boolean fragment;
    private final boolean lastFragment;
    private final int fragmentOffset;
    private final boolean experimental;
    private final int version;
    private final int length;
    private final long transactionId;
    private final List<byte[]> routeList;
    private final List<byte[]> viaList;
    private final int flags;
    private final byte[] routeLog;

    ForwardingHeader(
        final int overlay,
        final int ttl,
        final int routing,
        final int fragmentWord,
        final int versionByte,
        final int length,
        final long transactionId,
        final List<byte[]> routeList,
        final List<byte[]> viaList,
        final int flags,
        final byte[] routeLog)
    {
        this.overlay = overlay;
        this.ttl = ttl;
        this.routing = routing;
        this.fragment = (fragmentWord & 0x8000) != 0;
        this.lastFragment = (fragmentWord & 0x4000) != 0;
        this.fragmentOffset = fragmentWord & 0x3FFF;
        this.experimental = (versionByte & 0x80) != 0;
        this.version = versionByte & 0x7F;
        this.length = length;
        this.transactionId = transactionId;
        this.routeList = routeList;
        this.viaList = viaList;
        this.flags = flags;
        this.routeLog = routeLog;
    }

    /**
     * Parse the header of the datagram between the buffer's position and limit, leaving the position at the
     * message contents.
     *
     * @param buffer holding exactly one datagram.
     * @return the header.
     * @throws MalformedMessageException if the datagram is not a RELOAD version 1 frame of its own length.
     */
    public static ForwardingHeader parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int datagramLength = buffer.remaining();
        if (datagramLength < FIXED_LENGTH)
        {
            throw new MalformedMessageException(
                "datagram of " + datagramLength + " bytes is shorter than the forwarding header");
        }
        final int magic = buffer.getInt();
        if (magic != MAGIC)
        {
            throw new MalformedMessageException("bad magic 0x" + Integer.toHexString(magic));
        }
        final int overlay = buffer.getInt();
        final int ttl = buffer.get() & 0xFF;
        final int routing = buffer.get() & 0xFF;
        final int fragmentWord = buffer.getShort() & 0xFFFF;
        final int versionByte = buffer.get() & 0xFF;
        if ((versionByte & 0x7F) != 1)
        {
            throw new MalformedMessageException("unsupported version " + (versionByte & 0x7F));
        }
        final int length = Reads.uint24(buffer, "header.length");
        if (length != datagramLength)
        {
            throw new MalformedMessageException(
                "Length field says " + length + " bytes but the datagram has " + datagramLength);
        }
        final long transactionId = buffer.getLong();
        final int routeCount = buffer.get() & 0xFF;
        final int viaCount = buffer.get() & 0xFF;
        final int flags = buffer.getShort() & 0xFFFF;

        final List<byte[]> routeList = ids(buffer, routeCount, "header.route_list");
        final List<byte[]> viaList = ids(buffer, viaCount, "header.via_list");
        byte[] routeLog = null;
        if ((flags & ROUTE_LOG_FLAG) != 0)
        {
            routeLog = Reads.opaque(buffer, 2, MAX_ROUTE_LOG_LENGTH, "header.route_log");
        }

        return new ForwardingHeader(
            overlay, ttl, routing, fragmentWord, versionByte, length, transactionId, routeList, viaList, flags, routeLog);
    }

    private static List<byte[]> ids(final ByteBuffer buffer, final int count, final String field)
        throws MalformedMessageException
    {
        if (count * ID_LENGTH > buffer.remaining())
        {
            throw new MalformedMessageException(
                field + ": " + count + " ids run past the end of the datagram, only " + buffer.remaining() +
                " bytes remain");
        }
        final List<byte[]> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final byte[] id = new byte[ID_LENGTH];
            buffer.get(id);
            ids.add(id);
        }
        return ids;
    }

    public int overlay()
    {
        return overlay;
    }

    public int ttl()
    {
        return ttl;
    }

    public int routing()
    {
        return routing;
    }

    public boolean isFragment()
    {
        return fragment;
    }

    public boolean isLastFragment()
    {
        return lastFragment;
    }

    public int fragmentOffset()
    {
        return fragmentOffset;
    }

    public boolean isExperimental()
    {
        return experimental;
    }

    public int version()
    {
        return version;
    }

    public int length()
    {
        return length;
    }

    public long transactionId()
    {
        return transactionId;
    }

    public List<byte[]> routeList()
    {
        return routeList;
    }

    public List<byte[]> viaList()
    {
        return viaList;
    }

    public int flags()
    {
        return flags;
    }

    /**
     * @return the route log's entries, or null when the ROUTE-LOG flag is clear.
     */
    public byte[] routeLog()
    {
        return routeLog;
    }
}
