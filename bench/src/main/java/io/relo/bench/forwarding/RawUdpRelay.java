package io.relo.bench.forwarding;

import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The UDP throughput baseline: relays datagrams, unchanged, between two neighbours with no RELOAD processing. Like a
 * forwarder's links it uses one socket connected to each neighbour, both bound with SO_REUSEPORT to the relay's
 * address, so the kernel demultiplexes for both in the same way; and like a forwarder with two links it reads both
 * sockets every duty cycle, relaying each one's datagrams out of the other. (A forwarder also reads its listening
 * socket, for senders it has no link to; the relay has none.)
 */
public final class RawUdpRelay implements Agent
{
    private final DatagramChannel previous;
    private DatagramChannel next;
    private final ByteBuffer buffer = BufferUtil.allocateDirectAligned(64 * 1024, 64);
    private final InetSocketAddress address;
    private final int burst;
    private long sendFailures;
    private long errors;

    /**
     * Bind the relay's address; {@link #connect} it once its neighbours' addresses are known.
     *
     * @param burst most datagrams per duty cycle, as a forwarder polls per link.
     * @throws IOException if no port can be bound.
     */
    public RawUdpRelay(final int burst) throws IOException
    {
        this.burst = burst;
        previous = open(new InetSocketAddress("127.0.0.1", 0));
        address = (InetSocketAddress)previous.getLocalAddress();
    }

    private static DatagramChannel open(final InetSocketAddress local) throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
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
     * @return the relay's address, which its neighbours send to and receive from.
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * @param previousAddress the node before the relay.
     * @param nextAddress     the node after it.
     * @throws IOException if a socket cannot be connected.
     */
    public void connect(final InetSocketAddress previousAddress, final InetSocketAddress nextAddress)
        throws IOException
    {
        previous.connect(previousAddress);
        next = open(address);
        next.connect(nextAddress);
    }

    @Override
    public int doWork()
    {
        return relay(previous, next) + relay(next, previous);
    }

    private int relay(final DatagramChannel in, final DatagramChannel out)
    {
        int relayedNow = 0;
        while (relayedNow < burst)
        {
            final int length;
            buffer.clear();
            try
            {
                length = in.read(buffer);
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
            buffer.flip();
            try
            {
                if (out.write(buffer) != length)
                {
                    sendFailures++;
                }
            }
            catch (final IOException ex)
            {
                errors++;
            }
            relayedNow++;
        }
        return relayedNow;
    }

    @Override
    public String roleName()
    {
        return "raw-udp-relay";
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietCloseAll(previous, next);
    }

    /**
     * @return datagrams the kernel did not take whole, and I/O errors.
     */
    public long dropped()
    {
        return sendFailures + errors;
    }
}
