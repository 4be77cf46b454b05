package io.relo.fastpath.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * A link over two {@link InMemoryPipe}s, for multi-peer tests and simulations in one process.
 */
public final class InMemoryLink extends Link
{
    private static final int FRAME_MSG_TYPE_ID = 1;

    private final InMemoryPipe outbound;
    private final InMemoryPipe inbound;
    private final FrameBuffer frames;
    private final MessageHandler handler = this::onMessage;
    private final int maxSendLength;
    private FrameReceiver receiver;

    /**
     * @param id       the control plane's handle.
     * @param peerHi   high 64 bits of the peer's id.
     * @param peerLo   low 64 bits of the peer's id.
     * @param outbound pipe towards the peer.
     * @param inbound  pipe from the peer.
     * @param frames   the forwarder's frame buffer.
     */
    public InMemoryLink(
        final int id,
        final long peerHi,
        final long peerLo,
        final InMemoryPipe outbound,
        final InMemoryPipe inbound,
        final FrameBuffer frames)
    {
        super(id, peerHi, peerLo);
        this.outbound = outbound;
        this.inbound = inbound;
        this.frames = frames;
        maxSendLength = outbound.ring().maxMsgLength();
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int headroom = frames.headroom();
        if (length > FrameBuffer.MAX_FRAME_LENGTH)
        {
            receiver.onFrame(this, headroom, 0);
            return;
        }
        frames.buffer().putBytes(headroom, buffer, index, length);
        receiver.onFrame(this, headroom, length);
    }

    @Override
    public int poll(final FrameReceiver receiver, final int limit)
    {
        this.receiver = receiver;
        return inbound.ring().read(handler, limit);
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        // the ring throws on a message it can never hold; a link refuses it like any frame it cannot take now
        return length <= maxSendLength && outbound.ring().write(FRAME_MSG_TYPE_ID, buffer, offset, length);
    }

    @Override
    public String describe()
    {
        return "memory";
    }

    @Override
    public void close()
    {
    }
}
