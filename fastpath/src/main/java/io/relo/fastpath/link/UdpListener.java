package io.relo.fastpath.link;

import org.agrona.ErrorHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The unconnected socket on the forwarder's listening address. It receives what no {@link UdpLink} claims: STUN
 * checks and DTLS handshakes from peers not yet linked, which go to the control plane, and frames from unknown
 * senders, which are dropped. Its receive allocates a sender address, which is fine off the forwarding path.
 */
public final class UdpListener implements AutoCloseable
{
    /**
     * Receives what arrives on the listener with the sender's address.
     */
    @FunctionalInterface
    public interface Receiver
    {
        /**
         * @param sender of the datagram.
         * @param offset of the datagram in the frame buffer.
         * @param length of the datagram.
         */
        void onUnlinkedDatagram(InetSocketAddress sender, int offset, int length);
    }

    private final DatagramChannel channel;
    private final FrameBuffer frames;
    private final ByteBuffer receiveView;
    private final ErrorHandler errorHandler;
    private final InetSocketAddress local;

    /**
     * @param local        address to listen on; port 0 picks one.
     * @param frames       the forwarder's frame buffer.
     * @param errorHandler for I/O errors.
     * @throws IOException if the address cannot be bound.
     */
    public UdpListener(final InetSocketAddress local, final FrameBuffer frames, final ErrorHandler errorHandler)
        throws IOException
    {
        this.frames = frames;
        this.errorHandler = errorHandler;
        receiveView = frames.byteBuffer().duplicate();
        checkExclusive(local);
        channel = openBound(local);
        this.local = (InetSocketAddress)channel.getLocalAddress();
    }

    /**
     * The listener and its links share the address through SO_REUSEPORT, which would also let a second forwarder
     * share the port without a word. Binding once without the option first turns a port in use into an error. Port 0
     * needs no check: the kernel picks a free one.
     */
    private static void checkExclusive(final InetSocketAddress local) throws IOException
    {
        if (local.getPort() != 0)
        {
            try (DatagramChannel probe = DatagramChannel.open())
            {
                probe.bind(local);
            }
        }
    }

    /**
     * Open a non-blocking datagram channel bound with SO_REUSEPORT, so links can share the address.
     *
     * @param local address.
     * @return the channel.
     * @throws IOException if it cannot be bound.
     */
    static DatagramChannel openBound(final InetSocketAddress local) throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            UdpLink.tune(channel);
            channel.configureBlocking(false);
            channel.bind(local);
            return channel;
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * @return the bound address, with the port chosen when 0 was asked for.
     */
    public InetSocketAddress localAddress()
    {
        return local;
    }

    /**
     * Receive up to {@code limit} datagrams.
     *
     * @param receiver of each.
     * @param limit    most to take now.
     * @return datagrams received.
     */
    public int poll(final Receiver receiver, final int limit)
    {
        final int headroom = frames.headroom();
        int received = 0;
        while (received < limit)
        {
            final SocketAddress sender;
            receiveView.limit(headroom + FrameBuffer.MAX_FRAME_LENGTH).position(headroom);
            try
            {
                sender = channel.receive(receiveView);
            }
            catch (final IOException ex)
            {
                errorHandler.onError(ex);
                break;
            }
            if (null == sender)
            {
                break;
            }
            received++;
            receiver.onUnlinkedDatagram((InetSocketAddress)sender, headroom, receiveView.position() - headroom);
        }
        return received;
    }

    /**
     * Send a datagram to an address that has no link, such as a STUN response.
     *
     * @param offset of the datagram in the frame buffer.
     * @param length of the datagram.
     * @param to     destination.
     * @return whether the kernel took it.
     */
    public boolean sendTo(final int offset, final int length, final InetSocketAddress to)
    {
        final ByteBuffer view = frames.byteBuffer().duplicate();
        view.limit(offset + length).position(offset);
        try
        {
            return channel.send(view, to) == length;
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
            return false;
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
        }
    }
}
