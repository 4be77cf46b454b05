package io.relo.fastpath.link;

/**
 * Receives frames that a link has placed in the {@link FrameBuffer}.
 */
@FunctionalInterface
public interface FrameReceiver
{
    /**
     * A datagram arrived on a link.
     *
     * @param link   it arrived on; its peer is the previous hop.
     * @param offset of its first byte in the frame buffer.
     * @param length of the datagram.
     */
    void onFrame(Link link, int offset, int length);
}
