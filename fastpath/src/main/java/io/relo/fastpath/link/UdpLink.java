package io.relo.fastpath.link;

import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A UDP link: a DatagramChannel connected to the peer and bound, with SO_REUSEPORT, to the forwarder's listening
 * address. The kernel hands a connected socket exactly its peer's datagrams, so the link knows the previous hop
 * without looking at (or allocating) a sender address; datagrams from anyone else reach the {@link UdpListener}.
 */
public final class UdpLink extends Link
{
    private final DatagramChannel channel;
    private final FrameBuffer frames;
    private final ByteBuffer receiveView;
    private final ByteBuffer sendView;
    private final ErrorHandler errorHandler;
    private final InetSocketAddress remote;

    /**
     * @param id           the control plane's handle.
     * @param peerHi       high 64 bits of the peer's id.
     * @param peerLo       low 64 bits of the peer's id.
     * @param local        the forwarder's listening address.
     * @param remote       the peer's address.
     * @param frames       the forwarder's frame buffer.
     * @param errorHandler for I/O errors, which are counted, never thrown.
     * @throws IOException if the socket cannot be bound or connected.
     */
    public UdpLink(
        final int id,
        final long peerHi,
        final long peerLo,
        final InetSocketAddress local,
        final InetSocketAddress remote,
        final FrameBuffer frames,
        final ErrorHandler errorHandler) throws IOException
    {
        super(id, peerHi, peerLo);
        this.frames = frames;
        this.errorHandler = errorHandler;
        this.remote = remote;
        receiveView = frames.byteBuffer().duplicate();
        sendView = frames.byteBuffer().duplicate();
        channel = UdpListener.openBound(local);
        try
        {
            channel.connect(remote);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    @Override
    public int poll(final FrameReceiver receiver, final int limit)
    {
        final int headroom = frames.headroom();
        int received = 0;
        while (received < limit)
        {
            final int length;
            receiveView.limit(headroom + FrameBuffer.MAX_FRAME_LENGTH).position(headroom);
            try
            {
                length = channel.read(receiveView);
            }
            catch (final IOException ex)
            {
                // e.g. PortUnreachableException after sending to a peer that is not listening yet
                errorHandler.onError(ex);
                break;
            }
            if (length <= 0)
            {
                break;
            }
            received++;
            receiver.onFrame(this, headroom, length);
        }
        return received;
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer != frames.buffer())
        {
            throw new IllegalArgumentException("UDP links send from the forwarder's frame buffer only");
        }
        sendView.limit(offset + length).position(offset);
        try
        {
            return channel.write(sendView) == length;
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
            return false;
        }
    }

    @Override
    public String describe()
    {
        return "udp " + remote.getHostString() + ":" + remote.getPort();
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

    static void tune(final DatagramChannel channel) throws IOException
    {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
    }
}
