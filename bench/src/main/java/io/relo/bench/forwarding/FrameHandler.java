package io.relo.bench.forwarding;

import org.agrona.DirectBuffer;

/**
 * Receives the frames a sink takes off its link.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     */
    void onFrame(DirectBuffer buffer, int offset, int length);
}
