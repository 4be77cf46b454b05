package io.relo.codec.header;

import io.relo.codec.runtime.Wire;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.relo.codec.header.ForwardingHeaderDescriptor.EXP_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FLAGS_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_MASK;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAG_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.HEADER_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LAST_FRAGMENT_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LENGTH_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAGIC;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAGIC_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_LIST_COUNT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_ROUTE_LOG_ENTRIES_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.OVERLAY_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.PEER_ID_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LIST_LENGTH_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LIST_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LOG_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LOG_LENGTH_FIELD_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTING_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.TRANSACTION_ID_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.TTL_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VERSION_1;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VERSION_MASK;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VERSION_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VIA_LIST_LENGTH_OFFSET;
import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Encoder that writes a complete forwarding header prefix (draft §4.1) for a message a peer originates or answers.
 * <p>
 * Allocate once and re-wrap per message. {@link #wrap(MutableDirectBuffer, int)} writes the magic, version 1 and zeros;
 * set the fixed fields in any order, then the variable parts in wire order: {@link #routeList}, {@link #viaList},
 * {@link #routeLog}, each at most once and each optional. Write the message contents at {@link #contentsOffset()} and
 * finish with {@link #finish(int)}, which writes Length. Values out of their field's range are programming errors and
 * throw {@link IllegalArgumentException} rather than being silently truncated.
 */
public final class ForwardingHeaderEncoder
{
    private static final int FIXED_PART = 0;
    private static final int ROUTE_LIST = 1;
    private static final int VIA_LIST = 2;
    private static final int ROUTE_LOG = 3;

    private MutableDirectBuffer buffer;
    private int offset;
    private int routeCount;
    private int viaCount;
    private int routeLogLength;
    private int section;

    /**
     * Start a header at {@code offset}: magic "RELO", version 1 with EXP clear, not a fragment, empty lists, no route
     * log, and every other field zero.
     *
     * @param buffer to write into; needs room for the whole frame.
     * @param offset buffer index of the first byte of the frame.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        routeCount = 0;
        viaCount = 0;
        routeLogLength = 0;
        section = FIXED_PART;

        buffer.setMemory(offset, HEADER_LENGTH, (byte)0);
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BIG_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, (byte)VERSION_1);
        Wire.putUint24(buffer, offset + LENGTH_OFFSET, HEADER_LENGTH);
        return this;
    }

    /**
     * @param overlay 32-bit hash of the overlay name, see {@link OverlayName#hash(String)}.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder overlay(final int overlay)
    {
        buffer.putInt(offset + OVERLAY_OFFSET, overlay, BIG_ENDIAN);
        return this;
    }

    /**
     * @param ttl 0 to 255.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder ttl(final int ttl)
    {
        checkRange("TTL", ttl, 0xFF);
        buffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    /**
     * @param routing 0 to 255, see {@code io.relo.codec.Routing}.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder routing(final int routing)
    {
        checkRange("routing", routing, 0xFF);
        buffer.putByte(offset + ROUTING_OFFSET, (byte)routing);
        return this;
    }

    /**
     * @param isFragment     sets FRAG.
     * @param isLastFragment sets LFRG.
     * @param fragmentOffset 14-bit field in units of {@link ForwardingHeaderDescriptor#FRAGMENT_OFFSET_UNIT} bytes.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder fragment(
        final boolean isFragment, final boolean isLastFragment, final int fragmentOffset)
    {
        checkRange("fragment offset", fragmentOffset, FRAGMENT_OFFSET_MASK);
        final int word = (isFragment ? FRAG_FLAG : 0) | (isLastFragment ? LAST_FRAGMENT_FLAG : 0) | fragmentOffset;
        buffer.putShort(offset + FRAGMENT_OFFSET, (short)word, BIG_ENDIAN);
        return this;
    }

    /**
     * @param experimental sets or clears EXP, keeping the version.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder experimental(final boolean experimental)
    {
        final int index = offset + VERSION_OFFSET;
        final int version = buffer.getByte(index) & VERSION_MASK;
        buffer.putByte(index, (byte)(experimental ? EXP_FLAG | version : version));
        return this;
    }

    /**
     * @param version 0 to 127, keeping EXP; {@link #wrap} already wrote {@link ForwardingHeaderDescriptor#VERSION_1}.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder version(final int version)
    {
        checkRange("version", version, VERSION_MASK);
        final int index = offset + VERSION_OFFSET;
        buffer.putByte(index, (byte)((buffer.getByte(index) & EXP_FLAG) | version));
        return this;
    }

    /**
     * @param transactionId 64-bit transaction id.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder transactionId(final long transactionId)
    {
        buffer.putLong(offset + TRANSACTION_ID_OFFSET, transactionId, BIG_ENDIAN);
        return this;
    }

    /**
     * Write the route list from peer-ids held as (hi, lo) pairs of longs.
     *
     * @param ids   {@code ids[2 * i]} is the high and {@code ids[2 * i + 1]} the low half of entry i.
     * @param count entries to write, 0 to 255.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder routeList(final long[] ids, final int count)
    {
        checkCount("route list", count, ids.length);
        enterSection(ROUTE_LIST, "route list");
        putIds(offset + ROUTE_LIST_OFFSET, ids, count);
        setRouteCount(count);
        return this;
    }

    /**
     * Write the route list by copying 16-byte peer-ids, for example a received via list.
     *
     * @param source       holding the peer-ids back to back.
     * @param sourceOffset index of the first one.
     * @param count        entries to copy, 0 to 255.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder routeList(final DirectBuffer source, final int sourceOffset, final int count)
    {
        checkRange("route list count", count, MAX_LIST_COUNT);
        enterSection(ROUTE_LIST, "route list");
        buffer.putBytes(offset + ROUTE_LIST_OFFSET, source, sourceOffset, count * PEER_ID_LENGTH);
        setRouteCount(count);
        return this;
    }

    /**
     * Write the via list from peer-ids held as (hi, lo) pairs of longs; it goes after the route list.
     *
     * @param ids   {@code ids[2 * i]} is the high and {@code ids[2 * i + 1]} the low half of entry i.
     * @param count entries to write, 0 to 255.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder viaList(final long[] ids, final int count)
    {
        checkCount("via list", count, ids.length);
        enterSection(VIA_LIST, "via list");
        putIds(viaListOffset(), ids, count);
        setViaCount(count);
        return this;
    }

    /**
     * Write the via list by copying 16-byte peer-ids; it goes after the route list.
     *
     * @param source       holding the peer-ids back to back.
     * @param sourceOffset index of the first one.
     * @param count        entries to copy, 0 to 255.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder viaList(final DirectBuffer source, final int sourceOffset, final int count)
    {
        checkRange("via list count", count, MAX_LIST_COUNT);
        enterSection(VIA_LIST, "via list");
        buffer.putBytes(viaListOffset(), source, sourceOffset, count * PEER_ID_LENGTH);
        setViaCount(count);
        return this;
    }

    /**
     * Set the ROUTE-LOG flag and write the route log after the via list: a 2-byte length, then the entries.
     *
     * @param entries       buffer holding already-encoded {@code route_log_entry} structures back to back.
     * @param entriesOffset index of the first byte.
     * @param entriesLength bytes of entries, 0 to 65000; 0 asks for a route log that hops will fill.
     * @return this for a fluent API.
     */
    public ForwardingHeaderEncoder routeLog(final DirectBuffer entries, final int entriesOffset, final int entriesLength)
    {
        // draft §4.1.4: route_log_entry entries<65000>.
        checkRange("route log length", entriesLength, MAX_ROUTE_LOG_ENTRIES_LENGTH);
        enterSection(ROUTE_LOG, "route log");
        final int routeLogOffset = routeLogOffset();
        buffer.putShort(routeLogOffset, (short)entriesLength, BIG_ENDIAN);
        buffer.putBytes(routeLogOffset + ROUTE_LOG_LENGTH_FIELD_LENGTH, entries, entriesOffset, entriesLength);
        buffer.putShort(offset + FLAGS_OFFSET, (short)ROUTE_LOG_FLAG, BIG_ENDIAN);
        routeLogLength = ROUTE_LOG_LENGTH_FIELD_LENGTH + entriesLength;
        Wire.putUint24(buffer, offset + LENGTH_OFFSET, prefixLength());
        return this;
    }

    /**
     * @return bytes of header prefix written so far: fixed header, lists and route log.
     */
    public int prefixLength()
    {
        return ROUTE_LIST_OFFSET + (routeCount + viaCount) * PEER_ID_LENGTH + routeLogLength;
    }

    /**
     * @return buffer index where the message contents go, once the variable parts are written.
     */
    public int contentsOffset()
    {
        return offset + prefixLength();
    }

    /**
     * Write Length for a message whose contents (or fragment of them) are {@code contentsLength} bytes.
     *
     * @param contentsLength bytes written at {@link #contentsOffset()}.
     * @return bytes in the whole frame, which is what to send.
     */
    public int finish(final int contentsLength)
    {
        final int prefixLength = prefixLength();
        checkRange("contents length", contentsLength, MAX_MESSAGE_LENGTH - prefixLength);
        final int frameLength = prefixLength + contentsLength;
        Wire.putUint24(buffer, offset + LENGTH_OFFSET, frameLength);
        return frameLength;
    }

    private int viaListOffset()
    {
        return offset + ROUTE_LIST_OFFSET + routeCount * PEER_ID_LENGTH;
    }

    private int routeLogOffset()
    {
        return offset + ROUTE_LIST_OFFSET + (routeCount + viaCount) * PEER_ID_LENGTH;
    }

    private void setRouteCount(final int count)
    {
        routeCount = count;
        buffer.putByte(offset + ROUTE_LIST_LENGTH_OFFSET, (byte)count);
        Wire.putUint24(buffer, offset + LENGTH_OFFSET, prefixLength());
    }

    private void setViaCount(final int count)
    {
        viaCount = count;
        buffer.putByte(offset + VIA_LIST_LENGTH_OFFSET, (byte)count);
        Wire.putUint24(buffer, offset + LENGTH_OFFSET, prefixLength());
    }

    private void putIds(final int index, final long[] ids, final int count)
    {
        final MutableDirectBuffer buffer = this.buffer;
        for (int i = 0, at = index; i < count; i++, at += PEER_ID_LENGTH)
        {
            buffer.putLong(at, ids[2 * i], BIG_ENDIAN);
            buffer.putLong(at + 8, ids[2 * i + 1], BIG_ENDIAN);
        }
    }

    private void enterSection(final int next, final String name)
    {
        // a later part's position depends on the earlier parts' lengths, so they are written in wire order
        if (section >= next)
        {
            throw new IllegalStateException(
                name + " must be written once, before any later part of the header (route list, via list, route log)");
        }
        section = next;
    }

    private static void checkCount(final String name, final int count, final int longs)
    {
        checkRange(name + " count", count, MAX_LIST_COUNT);
        if (count * 2 > longs)
        {
            throw new IllegalArgumentException(
                name + " of " + count + " ids needs " + (count * 2) + " longs but the array has " + longs);
        }
    }

    private static void checkRange(final String name, final int value, final int max)
    {
        if (value < 0 || value > max)
        {
            throw new IllegalArgumentException(name + " " + value + " is outside 0.." + max);
        }
    }
}
