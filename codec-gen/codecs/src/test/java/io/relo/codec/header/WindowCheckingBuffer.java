package io.relo.codec.header;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * An {@link UnsafeBuffer} that fails the test on any read outside a window, to prove a decoder stays inside the
 * datagram it was given even when the buffer around it holds more bytes.
 */
final class WindowCheckingBuffer extends UnsafeBuffer
{
    private final int windowStart;
    private final int windowEnd;

    WindowCheckingBuffer(final byte[] bytes, final int windowStart, final int windowLength)
    {
        super(bytes);
        this.windowStart = windowStart;
        this.windowEnd = windowStart + windowLength;
    }

    public byte getByte(final int index)
    {
        check(index, 1);
        return super.getByte(index);
    }

    public short getShort(final int index, final ByteOrder byteOrder)
    {
        check(index, 2);
        return super.getShort(index, byteOrder);
    }

    public short getShort(final int index)
    {
        check(index, 2);
        return super.getShort(index);
    }

    public int getInt(final int index, final ByteOrder byteOrder)
    {
        check(index, 4);
        return super.getInt(index, byteOrder);
    }

    public int getInt(final int index)
    {
        check(index, 4);
        return super.getInt(index);
    }

    public long getLong(final int index, final ByteOrder byteOrder)
    {
        check(index, 8);
        return super.getLong(index, byteOrder);
    }

    public long getLong(final int index)
    {
        check(index, 8);
        return super.getLong(index);
    }

    private void check(final int index, final int width)
    {
        if (index < windowStart || index + width > windowEnd)
        {
            throw new AssertionError("read of " + width + " bytes at index " + index + " is outside the window [" +
                windowStart + ", " + windowEnd + ")");
        }
    }
}
