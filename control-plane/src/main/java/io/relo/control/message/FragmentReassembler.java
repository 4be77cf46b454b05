package io.relo.control.message;

import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.runtime.Wire;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_MASK;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_SHIFT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_UNIT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.HEADER_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LENGTH_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_LIST_COUNT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_ROUTE_LOG_ENTRIES_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.PEER_ID_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LOG_LENGTH_FIELD_LENGTH;
import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Holds the fragments of messages delivered to this peer until each message is whole, then rebuilds it as one
 * unfragmented frame: the receiver's side of draft §4.1.3 ("the peer holds the fragments in a holding buffer until
 * the entire message has been received … reassembled into a single unfragmented message").
 * <p>
 * The rules, all here (fragment encoding: docs/wire-format.md §2.3 and §2.3.1):
 * <ul>
 *     <li>draft §4.1: "Transaction IDs are also used for fragment reassembly". Fragments belong to one message when
 *     they share the transaction id and the originator the caller names (the first via entry, or the previous hop
 *     when the via list is empty), so two peers that picked the same transaction id do not mix.</li>
 *     <li>The fragment offset counts 8-byte units into the message contents, the bytes after the header prefix.
 *     Every fragment but the last carries a multiple of 8 bytes; LFRG's fragment fixes where the contents end.</li>
 *     <li>Fragments may arrive in any order and more than once. Overlaps must agree byte for byte, because a
 *     retransmission (draft §4.4: same transaction id) may be cut differently by a hop that re-fragments
 *     (draft §4.1.3); an overlap that disagrees leaves no way to tell which copy is right, so the whole message is
 *     dropped and the sender's next retransmission starts afresh.</li>
 *     <li>The first LFRG consistent with the bytes held fixes the end; a fragment that disagrees with it (a second
 *     LFRG ending elsewhere, or bytes past it) is refused and the message keeps waiting.</li>
 *     <li>The rebuilt frame is the header prefix of the fragment at offset 0 with FRAG, LFRG and the offset cleared
 *     and Length fixed, followed by the contents.</li>
 *     <li>draft §4.1.3: "receivers SHOULD time out incomplete fragments": see {@link #TIMEOUT_DEFAULT_NS}. Memory is
 *     capped per originator and in total; a fragment that would exceed a cap drops its message.</li>
 * </ul>
 * Time is given, never read. Bad input is counted by {@link ReassemblyCounter}, never thrown. One thread only.
 */
public final class FragmentReassembler
{
    /** What {@link #onFrame} made of a frame. */
    public enum Result
    {
        /** FRAG is clear: use the frame as it is. */
        UNFRAGMENTED,
        /** The fragment is held (or was a duplicate); its message is still incomplete. */
        PENDING,
        /** The fragment completed its message: the whole frame is in {@link #frameBuffer()}. */
        COMPLETE,
        /** The fragment was dropped, see {@link ReassemblyCounter} for why. */
        DROPPED
    }

    /**
     * How long a message may take to complete from its first fragment. draft §4.1.3 asks for a timeout but gives no
     * value. The fragments of one transmission arrive within milliseconds; what a longer wait buys is the sender's
     * end-to-end retransmissions (draft §4.4, RFC 3261 timer E: after 0.5, 1.5, 3.5, 7.5 and 11.5 s), which resend
     * every fragment with the same transaction id and so fill the gaps a lost fragment left. 15 s spans five of them
     * and half the 32 s (64 × T1) the requester waits before giving up. The deadline is never extended, so a sender
     * trickling fragments cannot hold memory longer.
     */
    public static final long TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(15);

    /** The most contents one fragment can carry: a datagram's worth. */
    public static final int MAX_FRAGMENT_LENGTH = 65_535;

    /**
     * Default bound on the reassembled message contents: the last fragment starts at most 16383 × 8 bytes in
     * (docs/wire-format.md §2.3) and carries at most {@link #MAX_FRAGMENT_LENGTH} bytes.
     */
    public static final int MAX_CONTENTS_LENGTH_DEFAULT =
        (FRAGMENT_OFFSET_MASK << FRAGMENT_OFFSET_SHIFT) + MAX_FRAGMENT_LENGTH;

    /** Default bytes held for one originator: room for three messages of the largest size. */
    public static final long SENDER_CAP_DEFAULT_BYTES = 1L << 20;

    /** Default bytes held in total. */
    public static final long GLOBAL_CAP_DEFAULT_BYTES = 16L << 20;

    /**
     * Bytes charged per message in progress on top of its buffers, for its bookkeeping, so that many tiny
     * fragments of distinct messages also hit the caps.
     */
    public static final int MESSAGE_OVERHEAD_BYTES = 256;

    /** The longest header prefix: fixed part, two full lists and a full route log. */
    public static final int MAX_PREFIX_LENGTH = HEADER_LENGTH + 2 * MAX_LIST_COUNT * PEER_ID_LENGTH +
        ROUTE_LOG_LENGTH_FIELD_LENGTH + MAX_ROUTE_LOG_ENTRIES_LENGTH;

    private static final byte[] NO_BYTES = new byte[0];
    private static final long[] NO_BITS = new long[0];

    /** One message being reassembled. */
    private static final class Message
    {
        final long transactionId;
        final long originHi;
        final long originLo;
        final long deadlineNs;
        byte[] contents = NO_BYTES;
        /** One bit per 8-byte unit of contents held. */
        long[] covered = NO_BITS;
        int unitsCovered;
        int highestEnd;
        int totalLength = -1;
        byte[] prefix;
        long charge;
        Sender sender;
        Message nextSameTransaction;
        Message older;
        Message newer;

        Message(final long transactionId, final long originHi, final long originLo, final long deadlineNs)
        {
            this.transactionId = transactionId;
            this.originHi = originHi;
            this.originLo = originLo;
            this.deadlineNs = deadlineNs;
        }
    }

    /** Bytes held for one originator. */
    private static final class Sender
    {
        final long hi;
        final long lo;
        long bytes;
        int messages;
        Sender next;

        Sender(final long hi, final long lo)
        {
            this.hi = hi;
            this.lo = lo;
        }
    }

    private final long timeoutNs;
    private final int maxContentsLength;
    private final long senderCapBytes;
    private final long globalCapBytes;
    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final Long2ObjectHashMap<Message> byTransaction = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Sender> senders = new Long2ObjectHashMap<>();
    private final long[] counters = new long[ReassemblyCounter.values().length];
    private final UnsafeBuffer frame = new UnsafeBuffer(NO_BYTES);
    private Message oldest;
    private Message newest;
    private int messageCount;
    private long bytesBuffered;
    private int frameLength;

    /**
     * A reassembler with the defaults: {@link #TIMEOUT_DEFAULT_NS}, {@link #MAX_CONTENTS_LENGTH_DEFAULT},
     * {@link #SENDER_CAP_DEFAULT_BYTES} and {@link #GLOBAL_CAP_DEFAULT_BYTES}.
     */
    public FragmentReassembler()
    {
        this(TIMEOUT_DEFAULT_NS, MAX_CONTENTS_LENGTH_DEFAULT, SENDER_CAP_DEFAULT_BYTES, GLOBAL_CAP_DEFAULT_BYTES);
    }

    /**
     * @param timeoutNs         how long a message may take to complete from its first fragment.
     * @param maxContentsLength bound on reassembled message contents; fragments ending beyond it are dropped.
     * @param senderCapBytes    most bytes held for one originator.
     * @param globalCapBytes    most bytes held in total, at least {@code senderCapBytes}.
     */
    public FragmentReassembler(
        final long timeoutNs, final int maxContentsLength, final long senderCapBytes, final long globalCapBytes)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("reassembly timeout must be positive, got " + timeoutNs + "ns");
        }
        if (maxContentsLength < FRAGMENT_OFFSET_UNIT || maxContentsLength > MAX_MESSAGE_LENGTH - MAX_PREFIX_LENGTH)
        {
            throw new IllegalArgumentException("largest reassembled contents must be " + FRAGMENT_OFFSET_UNIT + " to " +
                (MAX_MESSAGE_LENGTH - MAX_PREFIX_LENGTH) + " bytes so the frame's 24-bit Length holds it, got " +
                maxContentsLength);
        }
        if (senderCapBytes <= 0 || globalCapBytes < senderCapBytes)
        {
            throw new IllegalArgumentException("need 0 < per-sender cap <= global cap, got " + senderCapBytes +
                " and " + globalCapBytes + " bytes");
        }
        this.timeoutNs = timeoutNs;
        this.maxContentsLength = maxContentsLength;
        this.senderCapBytes = senderCapBytes;
        this.globalCapBytes = globalCapBytes;
    }

    /**
     * Take one frame delivered to this peer: pass it through, hold it as a fragment, or complete its message.
     * Expires due messages first, as {@link #poll(long)} does.
     *
     * @param buffer   holding the frame.
     * @param offset   index of its first byte.
     * @param length   bytes in the frame.
     * @param originHi high 64 bits of the originator: the first via entry, or the previous hop if the via list is
     *                 empty.
     * @param originLo low 64 bits of the originator.
     * @param nowNs    the current time; never decreasing.
     * @return what became of the frame; on {@link Result#COMPLETE} read {@link #frameBuffer()} before the next call.
     */
    public Result onFrame(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long originHi,
        final long originLo,
        final long nowNs)
    {
        poll(nowNs);
        increment(ReassemblyCounter.FRAMES_RECEIVED);

        final ForwardingHeaderFlyweight header = this.header;
        header.wrap(buffer, offset, length);
        if (header.validate() != FrameStatus.OK)
        {
            return drop(ReassemblyCounter.DROP_BAD_FRAME);
        }
        if (!header.isFragment())
        {
            if (header.isLastFragment() || header.fragmentOffset() != 0)
            {
                return drop(ReassemblyCounter.DROP_BAD_FRAGMENT_FIELDS);
            }
            increment(ReassemblyCounter.FRAMES_UNFRAGMENTED);
            return Result.UNFRAGMENTED;
        }

        final boolean last = header.isLastFragment();
        final int start = header.fragmentByteOffset();
        final int pieceLength = header.contentsLength();
        if (pieceLength == 0)
        {
            return drop(ReassemblyCounter.DROP_EMPTY_FRAGMENT);
        }
        if (!last && (pieceLength & (FRAGMENT_OFFSET_UNIT - 1)) != 0)
        {
            return drop(ReassemblyCounter.DROP_MISALIGNED);
        }
        // start <= 131,064 and pieceLength < 2^24: no overflow
        final int end = start + pieceLength;
        if (end > maxContentsLength)
        {
            return drop(ReassemblyCounter.DROP_TOO_LONG);
        }

        final long transactionId = header.transactionId();
        Message message = find(transactionId, originHi, originLo);
        final boolean isNew = null == message;
        if (isNew)
        {
            message = new Message(transactionId, originHi, originLo, nowNs + timeoutNs);
        }
        else if (message.totalLength >= 0 ? end > message.totalLength || (last && end != message.totalLength) :
            last && end < message.highestEnd)
        {
            return drop(ReassemblyCounter.DROP_END_CONFLICT);
        }

        final int contentsOffset = header.contentsOffset();
        final int newUnits = newUnitsIfAgreeing(message, buffer, contentsOffset, start, end);
        if (newUnits < 0)
        {
            discard(message);
            return drop(ReassemblyCounter.DROP_OVERLAP_CONFLICT);
        }
        if (newUnits == 0 && (!last || message.totalLength >= 0))
        {
            increment(ReassemblyCounter.FRAGMENTS_DUPLICATE);
            return Result.PENDING;
        }

        final int totalLength = last ? end : message.totalLength;
        final int prefixLength = null != message.prefix ? message.prefix.length :
            (start == 0 ? header.prefixLength() : 0);
        final int capacity = message.contents.length;
        final int tightCapacity = Math.max(capacity, end);
        int newCapacity = tightCapacity;
        if (end > capacity)
        {
            // once the end is known grow to it exactly; before, double to spare copies of out-of-order fragments
            newCapacity = totalLength >= 0 ? Math.max(capacity, totalLength) :
                Math.max(end, Math.min(2 * capacity, maxContentsLength));
        }
        final Sender knownSender = isNew ? findSender(originHi, originLo) : message.sender;
        final long senderBytes = null == knownSender ? 0 : knownSender.bytes;
        long charge = charge(newCapacity, prefixLength);
        if (newCapacity > tightCapacity && overCap(senderBytes, charge - message.charge))
        {
            newCapacity = tightCapacity;
            charge = charge(newCapacity, prefixLength);
        }
        final long delta = charge - message.charge;
        if (senderBytes + delta > senderCapBytes)
        {
            discard(isNew ? null : message);
            return drop(ReassemblyCounter.DROP_SENDER_CAP);
        }
        if (bytesBuffered + delta > globalCapBytes)
        {
            discard(isNew ? null : message);
            return drop(ReassemblyCounter.DROP_GLOBAL_CAP);
        }

        if (isNew)
        {
            link(message, null == knownSender ? addSender(originHi, originLo) : knownSender);
        }
        if (newCapacity > capacity)
        {
            grow(message, newCapacity);
        }
        if (start == 0 && null == message.prefix)
        {
            message.prefix = new byte[prefixLength];
            buffer.getBytes(offset, message.prefix, 0, prefixLength);
        }
        message.charge = charge;
        message.sender.bytes += delta;
        bytesBuffered += delta;

        buffer.getBytes(contentsOffset, message.contents, start, pieceLength);
        markCovered(message.covered, start >>> FRAGMENT_OFFSET_SHIFT, units(end));
        message.unitsCovered += newUnits;
        message.highestEnd = Math.max(message.highestEnd, end);
        message.totalLength = totalLength;

        if (totalLength >= 0 && message.unitsCovered == units(totalLength))
        {
            assemble(message);
            remove(message);
            increment(ReassemblyCounter.MESSAGES_REASSEMBLED);
            return Result.COMPLETE;
        }
        increment(ReassemblyCounter.FRAGMENTS_BUFFERED);
        return Result.PENDING;
    }

    /**
     * Drop the messages whose time is up, incomplete.
     *
     * @param nowNs the current time; never decreasing.
     * @return number of messages expired.
     */
    public int poll(final long nowNs)
    {
        int expired = 0;
        // every message gets the same timeout, so creation order is deadline order
        while (null != oldest && nowNs - oldest.deadlineNs >= 0)
        {
            remove(oldest);
            increment(ReassemblyCounter.MESSAGES_EXPIRED);
            expired++;
        }
        return expired;
    }

    /**
     * @return the buffer holding the last frame reassembled, from index 0; overwritten by the next completion.
     */
    public DirectBuffer frameBuffer()
    {
        return frame;
    }

    /**
     * @return bytes in the last frame reassembled.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * @param counter what to read.
     * @return how many times it was counted.
     */
    public long count(final ReassemblyCounter counter)
    {
        return counters[counter.ordinal()];
    }

    /**
     * @return messages being reassembled.
     */
    public int messagesInProgress()
    {
        return messageCount;
    }

    /**
     * @return bytes charged to the messages in progress: their buffers plus {@link #MESSAGE_OVERHEAD_BYTES} each.
     */
    public long bytesBuffered()
    {
        return bytesBuffered;
    }

    /**
     * @param originHi high 64 bits of an originator.
     * @param originLo low 64 bits of an originator.
     * @return bytes charged to that originator's messages in progress.
     */
    public long bytesBuffered(final long originHi, final long originLo)
    {
        final Sender sender = findSender(originHi, originLo);
        return null == sender ? 0 : sender.bytes;
    }

    /**
     * Walk every message and add up the memory it really holds, to check the accounting against.
     *
     * @return the sum over messages in progress of buffers plus {@link #MESSAGE_OVERHEAD_BYTES}.
     */
    long recountBytes()
    {
        long bytes = 0;
        for (Message m = oldest; null != m; m = m.newer)
        {
            bytes += charge(m.contents.length, null == m.prefix ? 0 : m.prefix.length);
            if (m.covered.length != coverageWords(m.contents.length))
            {
                throw new IllegalStateException("coverage bitmap does not match the contents buffer");
            }
        }
        return bytes;
    }

    private boolean overCap(final long senderBytes, final long delta)
    {
        return senderBytes + delta > senderCapBytes || bytesBuffered + delta > globalCapBytes;
    }

    /**
     * @return how many of the fragment's 8-byte units are not held yet, or -1 if a byte it shares with what is held
     *         differs.
     */
    private static int newUnitsIfAgreeing(
        final Message message, final DirectBuffer buffer, final int contentsOffset, final int start, final int end)
    {
        final long[] covered = message.covered;
        final byte[] contents = message.contents;
        final int endUnit = units(end);
        int newUnits = 0;
        for (int unit = start >>> FRAGMENT_OFFSET_SHIFT; unit < endUnit; unit++)
        {
            if (!isCovered(covered, unit))
            {
                newUnits++;
                continue;
            }
            // a covered unit is held whole, or up to the known end, which this fragment does not pass
            final int from = unit << FRAGMENT_OFFSET_SHIFT;
            final int to = Math.min(from + FRAGMENT_OFFSET_UNIT, end);
            for (int i = from; i < to; i++)
            {
                if (buffer.getByte(contentsOffset + i - start) != contents[i])
                {
                    return -1;
                }
            }
        }
        return newUnits;
    }

    private void assemble(final Message message)
    {
        final byte[] prefix = message.prefix;
        final int length = prefix.length + message.totalLength;
        if (frame.capacity() < length)
        {
            frame.wrap(new byte[BitUtil.findNextPositivePowerOfTwo(length)]);
        }
        frame.putBytes(0, prefix);
        frame.putShort(FRAGMENT_OFFSET, (short)0, BIG_ENDIAN);
        Wire.putUint24(frame, LENGTH_OFFSET, length);
        frame.putBytes(prefix.length, message.contents, 0, message.totalLength);
        frameLength = length;
    }

    private static void grow(final Message message, final int capacity)
    {
        final byte[] contents = new byte[capacity];
        System.arraycopy(message.contents, 0, contents, 0, message.highestEnd);
        final long[] covered = new long[coverageWords(capacity)];
        System.arraycopy(message.covered, 0, covered, 0, message.covered.length);
        message.contents = contents;
        message.covered = covered;
    }

    private static long charge(final int capacity, final int prefixLength)
    {
        return capacity + 8L * coverageWords(capacity) + prefixLength + MESSAGE_OVERHEAD_BYTES;
    }

    private static int units(final int bytes)
    {
        return (bytes + FRAGMENT_OFFSET_UNIT - 1) >>> FRAGMENT_OFFSET_SHIFT;
    }

    private static int coverageWords(final int capacity)
    {
        return (units(capacity) + 63) >>> 6;
    }

    private static boolean isCovered(final long[] covered, final int unit)
    {
        final int word = unit >>> 6;
        return word < covered.length && (covered[word] & (1L << unit)) != 0;
    }

    private static void markCovered(final long[] covered, final int fromUnit, final int toUnit)
    {
        for (int unit = fromUnit; unit < toUnit; unit++)
        {
            covered[unit >>> 6] |= 1L << unit;
        }
    }

    private Message find(final long transactionId, final long originHi, final long originLo)
    {
        for (Message m = byTransaction.get(transactionId); null != m; m = m.nextSameTransaction)
        {
            if (m.originLo == originLo && m.originHi == originHi)
            {
                return m;
            }
        }
        return null;
    }

    private void link(final Message message, final Sender sender)
    {
        message.nextSameTransaction = byTransaction.put(message.transactionId, message);
        message.sender = sender;
        sender.messages++;
        message.older = newest;
        if (null == newest)
        {
            oldest = message;
        }
        else
        {
            newest.newer = message;
        }
        newest = message;
        messageCount++;
        increment(ReassemblyCounter.MESSAGES_STARTED);
    }

    private void discard(final Message message)
    {
        if (null != message)
        {
            remove(message);
            increment(ReassemblyCounter.MESSAGES_DISCARDED);
        }
    }

    private void remove(final Message message)
    {
        final Message head = byTransaction.get(message.transactionId);
        if (head == message)
        {
            if (null == message.nextSameTransaction)
            {
                byTransaction.remove(message.transactionId);
            }
            else
            {
                byTransaction.put(message.transactionId, message.nextSameTransaction);
            }
        }
        else
        {
            Message previous = head;
            while (previous.nextSameTransaction != message)
            {
                previous = previous.nextSameTransaction;
            }
            previous.nextSameTransaction = message.nextSameTransaction;
        }

        if (null == message.older)
        {
            oldest = message.newer;
        }
        else
        {
            message.older.newer = message.newer;
        }
        if (null == message.newer)
        {
            newest = message.older;
        }
        else
        {
            message.newer.older = message.older;
        }
        messageCount--;

        final Sender sender = message.sender;
        sender.bytes -= message.charge;
        bytesBuffered -= message.charge;
        if (--sender.messages == 0)
        {
            removeSender(sender);
        }
    }

    private static long senderKey(final long hi, final long lo)
    {
        return hi ^ lo;
    }

    private Sender findSender(final long hi, final long lo)
    {
        for (Sender s = senders.get(senderKey(hi, lo)); null != s; s = s.next)
        {
            if (s.lo == lo && s.hi == hi)
            {
                return s;
            }
        }
        return null;
    }

    private Sender addSender(final long hi, final long lo)
    {
        final Sender sender = new Sender(hi, lo);
        sender.next = senders.put(senderKey(hi, lo), sender);
        return sender;
    }

    private void removeSender(final Sender sender)
    {
        final long key = senderKey(sender.hi, sender.lo);
        final Sender head = senders.get(key);
        if (head == sender)
        {
            if (null == sender.next)
            {
                senders.remove(key);
            }
            else
            {
                senders.put(key, sender.next);
            }
            return;
        }
        Sender previous = head;
        while (previous.next != sender)
        {
            previous = previous.next;
        }
        previous.next = sender.next;
    }

    private Result drop(final ReassemblyCounter reason)
    {
        increment(reason);
        return Result.DROPPED;
    }

    private void increment(final ReassemblyCounter counter)
    {
        counters[counter.ordinal()]++;
    }
}
