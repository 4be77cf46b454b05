package io.relo.control.message;

import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.runtime.Wire;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_SHIFT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET_UNIT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAG_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LAST_FRAGMENT_FLAG;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LENGTH_OFFSET;
import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Test-side fragmenter: cuts whole frames into fragments as a sending hop would (docs/wire-format.md §2.3), and makes
 * single fragments with chosen offsets, lengths, flags and bytes.
 */
public final class Fragments
{
    private Fragments()
    {
    }

    /**
     * @param frame a whole, valid frame.
     * @return its message contents, the bytes after the header prefix.
     */
    static byte[] contents(final byte[] frame)
    {
        final ForwardingHeaderFlyweight header = parse(frame);
        return Arrays.copyOfRange(frame, header.contentsOffset(), frame.length);
    }

    /**
     * Cut a whole frame into fragments carrying {@code pieceLength} bytes of contents each, the last one the rest.
     *
     * @param frame       a whole, valid frame.
     * @param pieceLength contents per fragment, a multiple of 8.
     * @return the fragments in order; one fragment with FRAG and LFRG when the contents fit in one piece.
     */
    public static List<byte[]> split(final byte[] frame, final int pieceLength)
    {
        if (pieceLength <= 0 || pieceLength % FRAGMENT_OFFSET_UNIT != 0)
        {
            throw new IllegalArgumentException("piece length must be a positive multiple of 8: " + pieceLength);
        }
        final byte[] contents = contents(frame);
        final List<byte[]> fragments = new ArrayList<>();
        for (int start = 0; start < contents.length; start += pieceLength)
        {
            final int length = Math.min(pieceLength, contents.length - start);
            fragments.add(piece(frame, contents, start, length, start + length == contents.length));
        }
        return fragments;
    }

    /**
     * One fragment: the header prefix of {@code frame} with FRAG set, followed by a slice of {@code contents}.
     *
     * @param frame    a valid frame whose header prefix to use.
     * @param contents the contents to take the slice from (the frame's own, or altered ones).
     * @param start    first byte of the slice, a multiple of 8.
     * @param length   bytes in the slice.
     * @param last     whether to set LFRG.
     * @return the fragment.
     */
    static byte[] piece(
        final byte[] frame, final byte[] contents, final int start, final int length, final boolean last)
    {
        final ForwardingHeaderFlyweight header = parse(frame);
        final int prefixLength = header.prefixLength();
        final byte[] fragment = new byte[prefixLength + length];
        System.arraycopy(frame, 0, fragment, 0, prefixLength);
        System.arraycopy(contents, start, fragment, prefixLength, length);
        final UnsafeBuffer buffer = new UnsafeBuffer(fragment);
        final int word = FRAG_FLAG | (last ? LAST_FRAGMENT_FLAG : 0) | (start >>> FRAGMENT_OFFSET_SHIFT);
        buffer.putShort(FRAGMENT_OFFSET, (short)word, BIG_ENDIAN);
        Wire.putUint24(buffer, LENGTH_OFFSET, fragment.length);
        return fragment;
    }

    private static ForwardingHeaderFlyweight parse(final byte[] frame)
    {
        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
        header.wrap(new UnsafeBuffer(frame), 0, frame.length);
        final int status = header.validate();
        if (status != FrameStatus.OK)
        {
            throw new IllegalArgumentException("not a valid frame: " + FrameStatus.describe(status, header));
        }
        return header;
    }
}
