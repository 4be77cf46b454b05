package io.relo.codec.runtime;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Network-byte-order reads and writes of the unsigned widths the draft uses (draft §4: "All integers are
 * represented in network byte order"). Widths are 1, 2, 3, 4 or 8 bytes.
 */
public final class Wire
{
    private Wire()
    {
    }

    /**
     * Read an unsigned big-endian integer.
     *
     * @param buffer to read.
     * @param index  of the first byte.
     * @param width  in bytes: 1, 2, 3, 4 or 8.
     * @return the value; an 8-byte value is returned as its two's-complement long.
     */
    public static long getUnsigned(final DirectBuffer buffer, final int index, final int width)
    {
        switch (width)
        {
            case 1:
                return buffer.getByte(index) & 0xFFL;
            case 2:
                return buffer.getShort(index, BIG_ENDIAN) & 0xFFFFL;
            case 3:
                return getUint24(buffer, index);
            case 4:
                return buffer.getInt(index, BIG_ENDIAN) & 0xFFFF_FFFFL;
            case 8:
                return buffer.getLong(index, BIG_ENDIAN);
            default:
                throw new IllegalArgumentException("unsupported width " + width);
        }
    }

    /**
     * Write an unsigned big-endian integer, keeping the low {@code width} bytes of {@code value}.
     *
     * @param buffer to write.
     * @param index  of the first byte.
     * @param width  in bytes: 1, 2, 3, 4 or 8.
     * @param value  to write.
     */
    public static void putUnsigned(final MutableDirectBuffer buffer, final int index, final int width, final long value)
    {
        switch (width)
        {
            case 1:
                buffer.putByte(index, (byte)value);
                break;
            case 2:
                buffer.putShort(index, (short)value, BIG_ENDIAN);
                break;
            case 3:
                putUint24(buffer, index, (int)value);
                break;
            case 4:
                buffer.putInt(index, (int)value, BIG_ENDIAN);
                break;
            case 8:
                buffer.putLong(index, value, BIG_ENDIAN);
                break;
            default:
                throw new IllegalArgumentException("unsupported width " + width);
        }
    }

    /**
     * @param buffer to read.
     * @param index  of the first of three bytes.
     * @return the 24-bit unsigned value.
     */
    public static int getUint24(final DirectBuffer buffer, final int index)
    {
        return ((buffer.getByte(index) & 0xFF) << 16) |
            ((buffer.getByte(index + 1) & 0xFF) << 8) |
            (buffer.getByte(index + 2) & 0xFF);
    }

    /**
     * @param buffer to write.
     * @param index  of the first of three bytes.
     * @param value  whose low 24 bits are written.
     */
    public static void putUint24(final MutableDirectBuffer buffer, final int index, final int value)
    {
        buffer.putByte(index, (byte)(value >>> 16));
        buffer.putByte(index + 1, (byte)(value >>> 8));
        buffer.putByte(index + 2, (byte)value);
    }

    /**
     * The largest value a length prefix of {@code width} bytes can hold.
     *
     * @param width in bytes.
     * @return 2^(8*width) - 1.
     */
    public static long maxUnsigned(final int width)
    {
        return width >= 8 ? Long.MAX_VALUE : (1L << (8 * width)) - 1;
    }
}
