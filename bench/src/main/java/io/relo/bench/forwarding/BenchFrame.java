package io.relo.bench.forwarding;

import io.relo.codec.CommonHeader;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.OverlayName;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The frame the harness offers: a PING request routed recursively to the sink's id, whose payload ends with the
 * harness's sequence number and intended send time. Forwarders grow the header prefix backwards and never move the
 * end of a frame, so the sink finds both fields at fixed distances from the end whatever the hop count.
 */
public final class BenchFrame
{
    /** Overlay every node of a bench chain serves. */
    public static final String OVERLAY_NAME = "bench.relo.example.org";
    /** CRC-32 of {@link #OVERLAY_NAME}, as the header carries it. */
    public static final int OVERLAY_HASH = OverlayName.hash(OVERLAY_NAME);
    /** TTL the generator sends with; well above any chain the harness builds. */
    public static final int INITIAL_TTL = 100;
    /** Bytes of opaque payload in the message contents, the last 16 of which are the harness's fields. */
    public static final int PAYLOAD_LENGTH = 48;
    /** Distance of the sequence number from the end of the frame. */
    public static final int SEQUENCE_FROM_END = 16;
    /** Distance of the intended send time (System.nanoTime) from the end of the frame. */
    public static final int SEND_TIME_FROM_END = 8;
    /** Sequence number of the probes that check a chain end to end before a run; the sink does not count them. */
    public static final long PROBE_SEQUENCE = -1;
    /** Room enough for a frame that crossed any chain the harness builds. */
    public static final int MAX_LENGTH = 4096;

    private static final long TRANSACTION_ID = 0x7E1A_B0B0_0000_0001L;

    private BenchFrame()
    {
    }

    /**
     * Write a fresh frame: no via entries, a route list holding only the destination.
     *
     * @param buffer        to write into.
     * @param offset        of the first byte.
     * @param destinationHi high 64 bits of the sink's id.
     * @param destinationLo low 64 bits of the sink's id.
     * @return the frame's length.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final long destinationHi, final long destinationLo)
    {
        return encode(buffer, offset, destinationHi, destinationLo, new long[0]);
    }

    /**
     * Write a frame that has already crossed the peers in {@code via}.
     *
     * @param buffer        to write into.
     * @param offset        of the first byte.
     * @param destinationHi high 64 bits of the destination's id.
     * @param destinationLo low 64 bits of the destination's id.
     * @param via           (hi, lo) pairs of the peers crossed so far.
     * @return the frame's length.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final long destinationHi,
        final long destinationLo,
        final long[] via)
    {
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, offset)
            .overlay(OVERLAY_HASH)
            .ttl(INITIAL_TTL)
            .routing(Routing.RECURSIVE)
            .transactionId(TRANSACTION_ID)
            .routeList(new long[] {destinationHi, destinationLo}, 1)
            .viaList(via, via.length / 2);
        final int contentsLength = new MessageContentsEncoder().wrap(buffer, header.contentsOffset())
            .code(CommonHeader.requestWord(MethodCode.PING))
            .reserved(0)
            .payload(new byte[PAYLOAD_LENGTH])
            .finish();
        final int length = header.finish(contentsLength);
        stamp(buffer, offset, length, 0, 0);
        return length;
    }

    /**
     * Write the harness's fields into a frame.
     *
     * @param buffer   holding the frame.
     * @param offset   of its first byte.
     * @param length   of the frame.
     * @param sequence number of the frame in its run.
     * @param sendTime intended send time, System.nanoTime.
     */
    public static void stamp(
        final MutableDirectBuffer buffer, final int offset, final int length, final long sequence, final long sendTime)
    {
        buffer.putLong(offset + length - SEQUENCE_FROM_END, sequence);
        buffer.putLong(offset + length - SEND_TIME_FROM_END, sendTime);
    }

    /**
     * @param buffer holding a received frame.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return its sequence number.
     */
    public static long sequence(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getLong(offset + length - SEQUENCE_FROM_END);
    }

    /**
     * @param buffer holding a received frame.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return its intended send time.
     */
    public static long sendTime(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getLong(offset + length - SEND_TIME_FROM_END);
    }
}
