package io.relo.bench.forwarding;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * The IPC throughput baseline: relays messages between two neighbours with no RELOAD processing at all. It polls
 * each direction's subscription and re-offers each message, straight from the term buffer, on the other direction's
 * publication; like a forwarder with two links it polls both directions every duty cycle. A message the next
 * stream cannot take yet is left in place and polled again, so the relay never drops.
 */
public final class RawIpcRelay implements Agent
{
    private final Direction forward;
    private final Direction backward;
    private final int burst;

    /**
     * @param aeron             client.
     * @param channel           IPC channel.
     * @param fromPreviousId    stream from the previous node.
     * @param toNextId          stream to the next node.
     * @param fromNextId        stream from the next node.
     * @param toPreviousId      stream to the previous node.
     * @param burst             most messages per direction per duty cycle, as a forwarder polls per link.
     */
    public RawIpcRelay(
        final Aeron aeron,
        final String channel,
        final int fromPreviousId,
        final int toNextId,
        final int fromNextId,
        final int toPreviousId,
        final int burst)
    {
        forward = new Direction(aeron, channel, fromPreviousId, toNextId);
        backward = new Direction(aeron, channel, fromNextId, toPreviousId);
        this.burst = burst;
    }

    @Override
    public int doWork()
    {
        return forward.poll(burst) + backward.poll(burst);
    }

    @Override
    public String roleName()
    {
        return "raw-ipc-relay";
    }

    @Override
    public void onClose()
    {
        forward.close();
        backward.close();
    }

    /**
     * One direction: a subscription and the publication its messages go on to.
     */
    private static final class Direction
    {
        private final Subscription subscription;
        private final ExclusivePublication publication;
        private final ControlledFragmentHandler handler = this::onFragment;

        Direction(final Aeron aeron, final String channel, final int inStreamId, final int outStreamId)
        {
            subscription = aeron.addSubscription(channel, inStreamId);
            publication = aeron.addExclusivePublication(channel, outStreamId);
        }

        private ControlledFragmentHandler.Action onFragment(
            final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
        {
            final long result = publication.offer(buffer, offset, length);
            // as the forwarder's IPC link does: an offer that rotated the term is tried again at once
            if (result > 0 || result == Publication.ADMIN_ACTION && publication.offer(buffer, offset, length) > 0)
            {
                return ControlledFragmentHandler.Action.CONTINUE;
            }
            return ControlledFragmentHandler.Action.ABORT;
        }

        int poll(final int burst)
        {
            return subscription.controlledPoll(handler, burst);
        }

        void close()
        {
            CloseHelper.closeAll(subscription, publication);
        }
    }
}
