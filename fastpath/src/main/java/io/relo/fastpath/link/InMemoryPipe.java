package io.relo.fastpath.link;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One direction of an in-memory link: a single-producer, single-consumer ring buffer of frames, safe between two
 * forwarder threads. Two pipes make a link pair for tests and in-process overlays.
 */
public final class InMemoryPipe
{
    private final RingBuffer ring;

    /**
     * @param capacity bytes of frames the pipe holds; rounded up to a power of two.
     */
    public InMemoryPipe(final int capacity)
    {
        final int size = BitUtil.align(Integer.highestOneBit(Math.max(capacity, 4096) - 1) << 1, 64);
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(size + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /**
     * @return the ring buffer.
     */
    public RingBuffer ring()
    {
        return ring;
    }
}
