package io.relo.fastpath.link;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;

/**
 * A link to a co-located peer over Aeron IPC: one publication towards the peer and one subscription from it. Each
 * frame is one Aeron message; received frames are copied once into the frame buffer, where they can be rewritten.
 */
public final class AeronIpcLink extends Link
{
    /** Offers repeated after {@link Publication#ADMIN_ACTION}; one term rotation needs one. */
    private static final int MAX_ADMIN_RETRIES = 3;

    private final Publication publication;
    private final Subscription subscription;
    private final FrameBuffer frames;
    private final FragmentAssembler assembler;
    private final String channel;
    private final int sendStreamId;
    private final int receiveStreamId;
    private final int maxSendLength;
    private FrameReceiver receiver;

    /**
     * @param id              the control plane's handle.
     * @param peerHi          high 64 bits of the peer's id.
     * @param peerLo          low 64 bits of the peer's id.
     * @param aeron           client of the (usually embedded) media driver.
     * @param channel         Aeron channel, normally {@code aeron:ipc}.
     * @param sendStreamId    stream towards the peer.
     * @param receiveStreamId stream from the peer.
     * @param frames          the forwarder's frame buffer.
     */
    public AeronIpcLink(
        final int id,
        final long peerHi,
        final long peerLo,
        final Aeron aeron,
        final String channel,
        final int sendStreamId,
        final int receiveStreamId,
        final FrameBuffer frames)
    {
        super(id, peerHi, peerLo);
        this.frames = frames;
        this.channel = channel;
        this.sendStreamId = sendStreamId;
        this.receiveStreamId = receiveStreamId;
        publication = aeron.addExclusivePublication(channel, sendStreamId);
        subscription = aeron.addSubscription(channel, receiveStreamId);
        maxSendLength = publication.maxMessageLength();
        final FragmentHandler handler = this::onMessage;
        assembler = new FragmentAssembler(handler);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        final int headroom = frames.headroom();
        if (length > FrameBuffer.MAX_FRAME_LENGTH)
        {
            // Counted by the forwarder as a bad length: hand over an impossible frame length of zero.
            receiver.onFrame(this, headroom, 0);
            return;
        }
        frames.buffer().putBytes(headroom, buffer, offset, length);
        receiver.onFrame(this, headroom, length);
    }

    @Override
    public int poll(final FrameReceiver receiver, final int limit)
    {
        this.receiver = receiver;
        return subscription.poll(assembler, limit);
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        // offer throws on a message longer than the term allows; a link refuses it like any frame it cannot take now
        if (length > maxSendLength)
        {
            return false;
        }
        long position = publication.offer(buffer, offset, length);
        // ADMIN_ACTION is the log rotating to the next term, not back pressure: Aeron asks for the offer again
        for (int retries = 0; position == Publication.ADMIN_ACTION && retries < MAX_ADMIN_RETRIES; retries++)
        {
            position = publication.offer(buffer, offset, length);
        }
        return position > 0;
    }

    /**
     * @return whether the peer's subscription is connected, so that sends can succeed.
     */
    public boolean isConnected()
    {
        return publication.isConnected() && subscription.isConnected();
    }

    @Override
    public String describe()
    {
        return "ipc " + channel + " send " + sendStreamId + " receive " + receiveStreamId;
    }

    @Override
    public void close()
    {
        publication.close();
        subscription.close();
    }
}
