package io.relo.fastpath.link;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The forwarder's one aligned, direct receive buffer. Frames land at {@link #headroom()} so that the header prefix
 * can grow backwards into the space in front without the payload ever moving.
 */
public final class FrameBuffer
{
    /** Largest frame a link will receive: a UDP datagram's maximum payload. */
    public static final int MAX_FRAME_LENGTH = 65_507;

    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final int headroom;

    /**
     * @param headroom bytes in front of each received frame for the header to grow into.
     */
    public FrameBuffer(final int headroom)
    {
        this.headroom = headroom;
        byteBuffer = BufferUtil.allocateDirectAligned(
            BitUtil.align(headroom + MAX_FRAME_LENGTH, 64), 64);
        buffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * @return the buffer frames are received into and rewritten in.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the NIO view of the same memory, for channels; duplicate it before changing position or limit.
     */
    public ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    /**
     * @return offset at which received frames start.
     */
    public int headroom()
    {
        return headroom;
    }
}
