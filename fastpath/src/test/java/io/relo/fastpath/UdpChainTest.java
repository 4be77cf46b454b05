package io.relo.fastpath;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static io.relo.fastpath.ChainFixture.F;
import static io.relo.fastpath.ChainFixture.S;

/**
 * Four forwarders over real UDP on 127.0.0.1, each link a connected socket sharing its forwarder's listening port:
 * 1000 frames from a stub endpoint cross three hops and arrive intact and in order (see {@link ChainFixture}).
 */
class UdpChainTest
{
    @Test
    void shouldCarryAThousandFramesIntactAndInOrderAcrossThreeUdpHops() throws IOException
    {
        final InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (DatagramChannel stub = DatagramChannel.open().bind(loopback);
            ChainFixture chain = new ChainFixture((i, ctx) -> ctx.udpListenAddress(loopback)))
        {
            final int stubPort = ((InetSocketAddress)stub.getLocalAddress()).getPort();
            final int[] ports = new int[4];
            for (int i = 0; i < 4; i++)
            {
                ports[i] = chain.forwarders[i].udpAddress().getPort();
            }
            // link 1 leads back towards S, link 2 on towards F4; S is a client of F1, not a router (draft §3.2.3)
            chain.command(0, chain.proxies[0].addUdpLink(1, S, 0, false, "127.0.0.1", stubPort));
            for (int i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    chain.command(i, chain.proxies[i].addUdpLink(1, F[i - 1], 0, true, "127.0.0.1", ports[i - 1]));
                }
                if (i < 3)
                {
                    chain.command(i, chain.proxies[i].addUdpLink(2, F[i + 1], 0, true, "127.0.0.1", ports[i + 1]));
                }
            }
            chain.start();

            final InetSocketAddress f1 = chain.forwarders[0].udpAddress();
            final ByteBuffer datagram = ByteBuffer.allocateDirect(2048);
            final ChainFixture.Sender sender = frame ->
            {
                datagram.clear();
                datagram.put(frame).flip();
                try
                {
                    return stub.send(datagram, f1) == frame.length;
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            };
            chain.prime(sender);
            chain.sendAndCheck(sender);
            chain.stopAndCheckCounters();
        }
    }
}
