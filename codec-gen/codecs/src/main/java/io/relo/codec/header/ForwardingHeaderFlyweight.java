package io.relo.codec.header;

import io.relo.codec.runtime.Wire;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.relo.codec.header.ForwardingHeaderDescriptor.EXP_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FLAGS_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_MASK;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_SHIFT;
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
 * Flyweight over one received RELOAD frame (draft §4.1) that validates its layout, reads every header field, and
 * rewrites the header prefix in place for forwarding.
 * <p>
 * Allocate one per agent and re-wrap it per frame. Call {@link #validate()} first: the getters assume it returned
 * {@link FrameStatus#OK} and do no checks of their own. Offsets returned are absolute buffer indices. Parsing only
 * checks that the bytes are a well-formed header; whether the overlay is one this peer joined or the TTL is spent is
 * the forwarder's call.
 * <p>
 * The rewrites ({@link #stripFirstRouteId()}, {@link #appendViaId(long, long)},
 * {@link #appendRouteLogEntry(DirectBuffer, int, int)}) keep the end of the frame where it is and move only the header
 * prefix, so the message contents are never copied. Growing moves the prefix back into headroom before the frame;
 * afterwards the flyweight is wrapped over the new frame, see {@link #offset()} and {@link #frameLength()}.
 */
public final class ForwardingHeaderFlyweight
{
    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;
    private int length;

    /**
     * Wrap a datagram that should hold exactly one frame.
     *
     * @param buffer holding the datagram; rewrites need it to be a {@link MutableDirectBuffer}.
     * @param offset buffer index of the first byte of the datagram.
     * @param length bytes in the datagram.
     * @return this for a fluent API.
     */
    public ForwardingHeaderFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Check that the wrapped datagram is a well-formed forwarding header whose lists and route log lie inside it.
     * Never reads outside the window given to {@link #wrap(DirectBuffer, int, int)}, never throws, never allocates.
     *
     * @return {@link FrameStatus#OK} or the first problem found, see {@link FrameStatus}.
     */
    public int validate()
    {
        final DirectBuffer buffer = this.buffer;
        final int offset = this.offset;
        final int length = this.length;

        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            return FrameStatus.BAD_WINDOW;
        }
        if (length < HEADER_LENGTH)
        {
            return FrameStatus.TOO_SHORT;
        }
        if (buffer.getInt(offset + MAGIC_OFFSET, BIG_ENDIAN) != MAGIC)
        {
            return FrameStatus.BAD_MAGIC;
        }
        // draft §4.1: EXP marks a private version space; only the 7 version bits say which version it is.
        if ((buffer.getByte(offset + VERSION_OFFSET) & VERSION_MASK) != VERSION_1)
        {
            return FrameStatus.BAD_VERSION;
        }
        // draft §4.1: Length counts the whole message including the header, and a frame never shares a datagram.
        // A Length under HEADER_LENGTH cannot equal a datagram that passed TOO_SHORT, so it lands here too.
        if (Wire.getUint24(buffer, offset + LENGTH_OFFSET) != length)
        {
            return FrameStatus.BAD_LENGTH;
        }

        // draft §4.1: list lengths are "in the number of peer-ids"; counts are at most 255 so no int overflow.
        final int viaListStart = ROUTE_LIST_OFFSET +
            (buffer.getByte(offset + ROUTE_LIST_LENGTH_OFFSET) & 0xFF) * PEER_ID_LENGTH;
        if (viaListStart > length)
        {
            return FrameStatus.ROUTE_LIST_OVERRUN;
        }
        final int routeLogStart = viaListStart +
            (buffer.getByte(offset + VIA_LIST_LENGTH_OFFSET) & 0xFF) * PEER_ID_LENGTH;
        if (routeLogStart > length)
        {
            return FrameStatus.VIA_LIST_OVERRUN;
        }

        // draft §4.1.4: the route log exists only under ROUTE-LOG; "The first two bytes are the length".
        if ((buffer.getShort(offset + FLAGS_OFFSET, BIG_ENDIAN) & ROUTE_LOG_FLAG) != 0)
        {
            if (routeLogStart + ROUTE_LOG_LENGTH_FIELD_LENGTH > length)
            {
                return FrameStatus.ROUTE_LOG_OVERRUN;
            }
            final int entriesLength = buffer.getShort(offset + routeLogStart, BIG_ENDIAN) & 0xFFFF;
            if (entriesLength > MAX_ROUTE_LOG_ENTRIES_LENGTH)
            {
                return FrameStatus.ROUTE_LOG_OVER_BOUND;
            }
            if (routeLogStart + ROUTE_LOG_LENGTH_FIELD_LENGTH + entriesLength > length)
            {
                return FrameStatus.ROUTE_LOG_OVERRUN;
            }
        }

        return FrameStatus.OK;
    }

    /**
     * @return the wrapped buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return buffer index of the first byte of the frame.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return bytes in the wrapped datagram, which a valid frame's Length equals.
     */
    public int frameLength()
    {
        return length;
    }

    /**
     * @return the first four bytes as a big-endian int, {@link ForwardingHeaderDescriptor#MAGIC} in a valid frame.
     */
    public int magic()
    {
        return buffer.getInt(offset + MAGIC_OFFSET, BIG_ENDIAN);
    }

    /**
     * @return the 32-bit overlay hash, compare with {@link OverlayName#hash(String)}.
     */
    public int overlay()
    {
        return buffer.getInt(offset + OVERLAY_OFFSET, BIG_ENDIAN);
    }

    /**
     * @return TTL, 0 to 255.
     */
    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    /**
     * @return routing type, 0 to 255, see {@code io.relo.codec.Routing}.
     */
    public int routing()
    {
        return buffer.getByte(offset + ROUTING_OFFSET) & 0xFF;
    }

    /**
     * @return true when FRAG is set: this message is a fragment.
     */
    public boolean isFragment()
    {
        return (fragmentWord() & FRAG_FLAG) != 0;
    }

    /**
     * @return true when LFRG is set: this is the last fragment of a message.
     */
    public boolean isLastFragment()
    {
        return (fragmentWord() & LAST_FRAGMENT_FLAG) != 0;
    }

    /**
     * @return the 14-bit fragment offset field, in units of {@link ForwardingHeaderDescriptor#FRAGMENT_OFFSET_UNIT}.
     */
    public int fragmentOffset()
    {
        return fragmentWord() & FRAGMENT_OFFSET_MASK;
    }

    /**
     * @return where this fragment's contents go in the reassembled message contents, in bytes.
     */
    public int fragmentByteOffset()
    {
        return fragmentOffset() << FRAGMENT_OFFSET_SHIFT;
    }

    /**
     * @return true when EXP is set: a private, in-house protocol version.
     */
    public boolean isExperimental()
    {
        return (buffer.getByte(offset + VERSION_OFFSET) & EXP_FLAG) != 0;
    }

    /**
     * @return the 7-bit version.
     */
    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & VERSION_MASK;
    }

    /**
     * @return the 24-bit Length field: bytes in the whole message, header included.
     */
    public int length()
    {
        return Wire.getUint24(buffer, offset + LENGTH_OFFSET);
    }

    /**
     * @return the 64-bit transaction id.
     */
    public long transactionId()
    {
        return buffer.getLong(offset + TRANSACTION_ID_OFFSET, BIG_ENDIAN);
    }

    /**
     * @return peer-ids on the route list, 0 to 255.
     */
    public int routeListCount()
    {
        return buffer.getByte(offset + ROUTE_LIST_LENGTH_OFFSET) & 0xFF;
    }

    /**
     * @return peer-ids on the via list, 0 to 255.
     */
    public int viaListCount()
    {
        return buffer.getByte(offset + VIA_LIST_LENGTH_OFFSET) & 0xFF;
    }

    /**
     * @return the 16-bit flags word.
     */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return true when the ROUTE-LOG flag is set and a route log follows the via list.
     */
    public boolean routeLogFlag()
    {
        return (flags() & ROUTE_LOG_FLAG) != 0;
    }

    /**
     * @param index of the entry, 0 to {@link #routeListCount()} - 1.
     * @return high 64 bits of the route list entry.
     */
    public long routeIdHi(final int index)
    {
        return buffer.getLong(routeListOffset() + index * PEER_ID_LENGTH, BIG_ENDIAN);
    }

    /**
     * @param index of the entry, 0 to {@link #routeListCount()} - 1.
     * @return low 64 bits of the route list entry.
     */
    public long routeIdLo(final int index)
    {
        return buffer.getLong(routeListOffset() + index * PEER_ID_LENGTH + 8, BIG_ENDIAN);
    }

    /**
     * @param index of the entry, 0 to {@link #viaListCount()} - 1.
     * @return high 64 bits of the via list entry.
     */
    public long viaIdHi(final int index)
    {
        return buffer.getLong(viaListOffset() + index * PEER_ID_LENGTH, BIG_ENDIAN);
    }

    /**
     * @param index of the entry, 0 to {@link #viaListCount()} - 1.
     * @return low 64 bits of the via list entry.
     */
    public long viaIdLo(final int index)
    {
        return buffer.getLong(viaListOffset() + index * PEER_ID_LENGTH + 8, BIG_ENDIAN);
    }

    /**
     * @return buffer index of the first route list entry.
     */
    public int routeListOffset()
    {
        return offset + ROUTE_LIST_OFFSET;
    }

    /**
     * @return buffer index of the first via list entry, just after the route list.
     */
    public int viaListOffset()
    {
        return offset + ROUTE_LIST_OFFSET + routeListCount() * PEER_ID_LENGTH;
    }

    /**
     * @return buffer index of the route log's 2-byte length, just after the via list; where the contents start when
     *         ROUTE-LOG is clear.
     */
    public int routeLogOffset()
    {
        return offset + ROUTE_LIST_OFFSET + (routeListCount() + viaListCount()) * PEER_ID_LENGTH;
    }

    /**
     * @return bytes of the route log including its 2-byte length when ROUTE-LOG is set, else 0.
     */
    public int routeLogLength()
    {
        if (!routeLogFlag())
        {
            return 0;
        }
        return ROUTE_LOG_LENGTH_FIELD_LENGTH + (buffer.getShort(routeLogOffset(), BIG_ENDIAN) & 0xFFFF);
    }

    /**
     * @return buffer index of the first byte of the message contents, just after the header prefix.
     */
    public int contentsOffset()
    {
        return routeLogOffset() + routeLogLength();
    }

    /**
     * @return bytes of message contents (or of this fragment of them), from {@link #contentsOffset()} to the end.
     */
    public int contentsLength()
    {
        return offset + length - contentsOffset();
    }

    /**
     * @return bytes of header prefix: fixed header, route list, via list and route log.
     */
    public int prefixLength()
    {
        return contentsOffset() - offset;
    }

    /**
     * Overwrite the TTL in place.
     *
     * @param ttl 0 to 255; the forwarder decides when and by how much it changes.
     * @return this for a fluent API.
     */
    public ForwardingHeaderFlyweight ttl(final int ttl)
    {
        mutable().putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    /**
     * Remove the first route list entry by moving the fixed header forward over it, then wrap the shorter frame: the
     * bytes of draft §4.1.2.3.2's "strips the entry off the route list". Needs no headroom.
     *
     * @return {@link FrameStatus#OK}, or {@link FrameStatus#ROUTE_LIST_EMPTY} with nothing changed.
     */
    public int stripFirstRouteId()
    {
        final int routeCount = routeListCount();
        if (routeCount == 0)
        {
            return FrameStatus.ROUTE_LIST_EMPTY;
        }

        final MutableDirectBuffer target = mutable();
        final int newOffset = offset + PEER_ID_LENGTH;
        final int newLength = length - PEER_ID_LENGTH;
        target.putBytes(newOffset, target, offset, HEADER_LENGTH);
        target.putByte(newOffset + ROUTE_LIST_LENGTH_OFFSET, (byte)(routeCount - 1));
        Wire.putUint24(target, newOffset + LENGTH_OFFSET, newLength);
        offset = newOffset;
        length = newLength;
        return FrameStatus.OK;
    }

    /**
     * Replace the first route list entry with {@code count} slots, moving the fixed header back into headroom, then
     * wrap the longer frame; the caller fills the slots with {@link #putRouteId(int, long, long)}. Used to expand a
     * private id of route-list compression into the ids it stands for (draft §4.1.2.3.1).
     *
     * @param count slots to put in place of the first entry, at least 1.
     * @return {@link FrameStatus#OK}, or {@link FrameStatus#ROUTE_LIST_EMPTY}, {@link FrameStatus#VIA_LIST_FULL} (the
     *         route list would exceed 255 ids), {@link FrameStatus#MESSAGE_TOO_LONG} or
     *         {@link FrameStatus#NO_HEADROOM} with nothing changed.
     */
    public int expandFirstRouteId(final int count)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("a route entry expands into at least one id, not " + count);
        }
        final int routeCount = routeListCount();
        if (routeCount == 0)
        {
            return FrameStatus.ROUTE_LIST_EMPTY;
        }
        if (routeCount - 1 + count > MAX_LIST_COUNT)
        {
            return FrameStatus.VIA_LIST_FULL;
        }
        final int growth = (count - 1) * PEER_ID_LENGTH;
        if (length > MAX_MESSAGE_LENGTH - growth)
        {
            return FrameStatus.MESSAGE_TOO_LONG;
        }
        final int newOffset = offset - growth;
        if (newOffset < 0)
        {
            return FrameStatus.NO_HEADROOM;
        }
        final MutableDirectBuffer target = mutable();
        final int newLength = length + growth;
        target.putBytes(newOffset, target, offset, HEADER_LENGTH);
        target.putByte(newOffset + ROUTE_LIST_LENGTH_OFFSET, (byte)(routeCount - 1 + count));
        Wire.putUint24(target, newOffset + LENGTH_OFFSET, newLength);
        offset = newOffset;
        length = newLength;
        return FrameStatus.OK;
    }

    /**
     * Overwrite a route list entry in place.
     *
     * @param index of the entry.
     * @param idHi  high 64 bits of the id.
     * @param idLo  low 64 bits of the id.
     * @return this for a fluent API.
     */
    public ForwardingHeaderFlyweight putRouteId(final int index, final long idHi, final long idLo)
    {
        final MutableDirectBuffer target = mutable();
        final int at = offset + ROUTE_LIST_OFFSET + index * PEER_ID_LENGTH;
        target.putLong(at, idHi, BIG_ENDIAN);
        target.putLong(at + 8, idLo, BIG_ENDIAN);
        return this;
    }

    /**
     * Add a peer-id at the end of the via list by moving the fixed header and both lists back into headroom, then wrap
     * the longer frame: the bytes of draft §4.1.2.3.3's "Update the via list".
     *
     * @param idHi high 64 bits of the peer-id.
     * @param idLo low 64 bits of the peer-id.
     * @return {@link FrameStatus#OK}, or {@link FrameStatus#VIA_LIST_FULL}, {@link FrameStatus#MESSAGE_TOO_LONG} or
     *         {@link FrameStatus#NO_HEADROOM} with nothing changed.
     */
    public int appendViaId(final long idHi, final long idLo)
    {
        final int viaCount = viaListCount();
        if (viaCount == MAX_LIST_COUNT)
        {
            return FrameStatus.VIA_LIST_FULL;
        }
        if (length > MAX_MESSAGE_LENGTH - PEER_ID_LENGTH)
        {
            return FrameStatus.MESSAGE_TOO_LONG;
        }
        final int newOffset = offset - PEER_ID_LENGTH;
        if (newOffset < 0)
        {
            return FrameStatus.NO_HEADROOM;
        }

        final MutableDirectBuffer target = mutable();
        final int viaListEnd = routeLogOffset();
        final int newLength = length + PEER_ID_LENGTH;
        // the new entry lands where the old via list ended, because everything before it moved back by one id
        target.putBytes(newOffset, target, offset, viaListEnd - offset);
        final int entry = viaListEnd - PEER_ID_LENGTH;
        target.putLong(entry, idHi, BIG_ENDIAN);
        target.putLong(entry + 8, idLo, BIG_ENDIAN);
        target.putByte(newOffset + VIA_LIST_LENGTH_OFFSET, (byte)(viaCount + 1));
        Wire.putUint24(target, newOffset + LENGTH_OFFSET, newLength);
        offset = newOffset;
        length = newLength;
        return FrameStatus.OK;
    }

    /**
     * Add an already-encoded route log entry at the end of the route log by moving the header prefix back into
     * headroom, then wrap the longer frame: the bytes of draft §4.1.4's "append a route log entry".
     *
     * @param entry       buffer holding the encoded {@code route_log_entry}, not overlapping the frame or the
     *                    {@code entryLength} bytes of headroom before it.
     * @param entryOffset index of its first byte.
     * @param entryLength bytes in the entry.
     * @return {@link FrameStatus#OK}, or {@link FrameStatus#NO_ROUTE_LOG}, {@link FrameStatus#ROUTE_LOG_FULL},
     *         {@link FrameStatus#MESSAGE_TOO_LONG} or {@link FrameStatus#NO_HEADROOM} with nothing changed.
     */
    public int appendRouteLogEntry(final DirectBuffer entry, final int entryOffset, final int entryLength)
    {
        if (entryLength < 0)
        {
            throw new IllegalArgumentException("route log entry length " + entryLength + " is negative");
        }
        if (!routeLogFlag())
        {
            return FrameStatus.NO_ROUTE_LOG;
        }
        final int routeLogOffset = routeLogOffset();
        final int entriesLength = buffer.getShort(routeLogOffset, BIG_ENDIAN) & 0xFFFF;
        if (entryLength > MAX_ROUTE_LOG_ENTRIES_LENGTH - entriesLength)
        {
            return FrameStatus.ROUTE_LOG_FULL;
        }
        if (length > MAX_MESSAGE_LENGTH - entryLength)
        {
            return FrameStatus.MESSAGE_TOO_LONG;
        }
        final int newOffset = offset - entryLength;
        if (newOffset < 0)
        {
            return FrameStatus.NO_HEADROOM;
        }

        final MutableDirectBuffer target = mutable();
        final int routeLogEnd = routeLogOffset + ROUTE_LOG_LENGTH_FIELD_LENGTH + entriesLength;
        final int newLength = length + entryLength;
        target.putBytes(newOffset, target, offset, routeLogEnd - offset);
        target.putBytes(routeLogEnd - entryLength, entry, entryOffset, entryLength);
        target.putShort(routeLogOffset - entryLength, (short)(entriesLength + entryLength), BIG_ENDIAN);
        Wire.putUint24(target, newOffset + LENGTH_OFFSET, newLength);
        offset = newOffset;
        length = newLength;
        return FrameStatus.OK;
    }

    private int fragmentWord()
    {
        return buffer.getShort(offset + FRAGMENT_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    private MutableDirectBuffer mutable()
    {
        final MutableDirectBuffer mutableBuffer = this.mutableBuffer;
        if (null == mutableBuffer)
        {
            throw new IllegalStateException("rewriting a frame in place needs it wrapped over a MutableDirectBuffer");
        }
        return mutableBuffer;
    }
}
