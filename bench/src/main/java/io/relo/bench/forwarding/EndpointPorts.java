package io.relo.bench.forwarding;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The two ends of a bench chain as seen by the generator-and-sink thread: a {@link Sender} that puts frames on the
 * first link and a {@link Source} that takes them off the last, over Aeron IPC or UDP. Neither allocates per frame.
 */
public final class EndpointPorts
{
    private EndpointPorts()
    {
    }

    /**
     * The generator's side: sends one frame per call.
     */
    public interface Sender extends AutoCloseable
    {
        /**
         * @param frame  buffer holding the frame; for UDP it must be the one given at construction.
         * @param offset of the first byte.
         * @param length of the frame.
         * @return false if the link could not take it now; the caller tries again later.
         */
        boolean send(UnsafeBuffer frame, int offset, int length);

        @Override
        void close();
    }

    /**
     * The sink's side: hands received frames to a handler.
     */
    public interface Source extends AutoCloseable
    {
        /**
         * @param handler of each frame.
         * @param limit   most frames to take now.
         * @return frames taken.
         */
        int poll(FrameHandler handler, int limit);

        @Override
        void close();
    }

    /**
     * Offers frames on an exclusive IPC publication.
     */
    public static final class IpcSender implements Sender
    {
        private final ExclusivePublication publication;

        /**
         * @param publication to offer on.
         */
        public IpcSender(final ExclusivePublication publication)
        {
            this.publication = publication;
        }

        @Override
        public boolean send(final UnsafeBuffer frame, final int offset, final int length)
        {
            final long result = publication.offer(frame, offset, length);
            // as the forwarder's IPC link does: an offer that rotated the term is tried again at once
            return result > 0 ||
                result == Publication.ADMIN_ACTION && publication.offer(frame, offset, length) > 0;
        }

        @Override
        public void close()
        {
            CloseHelper.close(publication);
        }
    }

    /**
     * Polls an IPC subscription; frames are read in place in the term buffer.
     */
    public static final class IpcSource implements Source
    {
        private final Subscription subscription;
        private final FragmentHandler fragmentHandler = this::onFragment;
        private FrameHandler handler;

        /**
         * @param subscription to poll.
         */
        public IpcSource(final Subscription subscription)
        {
            this.subscription = subscription;
        }

        private void onFragment(
            final org.agrona.DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header header)
        {
            // frames are far below the IPC MTU, so every message is one unfragmented fragment
            handler.onFrame(buffer, offset, length);
        }

        @Override
        public int poll(final FrameHandler handler, final int limit)
        {
            this.handler = handler;
            return subscription.poll(fragmentHandler, limit);
        }

        @Override
        public void close()
        {
            CloseHelper.close(subscription);
        }
    }

    /**
     * Open a non-blocking UDP socket on an ephemeral loopback port, with the buffers the forwarder's links ask for.
     *
     * @return the bound channel.
     * @throws IOException if it cannot be bound.
     */
    static DatagramChannel openLoopback() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            return channel;
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Writes frames to a connected UDP socket.
     */
    public static final class UdpSender implements Sender
    {
        private final DatagramChannel channel;
        private final ByteBuffer view;
        private final UnsafeBuffer frame;
        private long errors;

        /**
         * @param channel bound socket; {@link #connect(InetSocketAddress)} it before sending.
         * @param frame   the only buffer frames are sent from, over direct memory.
         */
        public UdpSender(final DatagramChannel channel, final UnsafeBuffer frame)
        {
            this.channel = channel;
            this.frame = frame;
            this.view = frame.byteBuffer().duplicate();
        }

        /**
         * @return the local address, for the first node's link back to the generator.
         * @throws IOException if the socket is closed.
         */
        public InetSocketAddress localAddress() throws IOException
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }

        /**
         * @param first the first node, or the sink when direct.
         * @throws IOException if the socket cannot be connected.
         */
        public void connect(final InetSocketAddress first) throws IOException
        {
            channel.connect(first);
        }

        @Override
        public boolean send(final UnsafeBuffer frame, final int offset, final int length)
        {
            if (frame != this.frame)
            {
                throw new IllegalArgumentException("the UDP sender sends from its own frame buffer only");
            }
            view.limit(offset + length).position(offset);
            try
            {
                return channel.write(view) == length;
            }
            catch (final IOException ex)
            {
                errors++;
                return false;
            }
        }

        /**
         * @return sends that failed with an I/O error.
         */
        public long errors()
        {
            return errors;
        }

        @Override
        public void close()
        {
            CloseHelper.quietClose(channel);
        }
    }

    /**
     * Reads frames from a connected UDP socket into a direct buffer.
     */
    public static final class UdpSource implements Source
    {
        private final DatagramChannel channel;
        private final UnsafeBuffer buffer;
        private final ByteBuffer view;
        private long errors;

        /**
         * @param channel bound socket; {@link #connect(InetSocketAddress)} it before polling.
         */
        public UdpSource(final DatagramChannel channel)
        {
            this.channel = channel;
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64 * 1024, 64));
            view = buffer.byteBuffer().duplicate();
        }

        /**
         * @return the local address, for the last node's link to the sink.
         * @throws IOException if the socket is closed.
         */
        public InetSocketAddress localAddress() throws IOException
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }

        /**
         * @param last the last node, or the generator when direct: the only sender whose datagrams are read.
         * @throws IOException if the socket cannot be connected.
         */
        public void connect(final InetSocketAddress last) throws IOException
        {
            channel.connect(last);
        }

        @Override
        public int poll(final FrameHandler handler, final int limit)
        {
            int received = 0;
            while (received < limit)
            {
                final int length;
                view.clear();
                try
                {
                    length = channel.read(view);
                }
                catch (final IOException ex)
                {
                    errors++;
                    break;
                }
                if (length <= 0)
                {
                    break;
                }
                received++;
                handler.onFrame(buffer, 0, length);
            }
            return received;
        }

        /**
         * @return reads that failed with an I/O error.
         */
        public long errors()
        {
            return errors;
        }

        @Override
        public void close()
        {
            CloseHelper.quietClose(channel);
        }
    }
}
