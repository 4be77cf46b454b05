package io.relo.fastpath.link;

import org.agrona.DirectBuffer;

/**
 * A direct connection to one peer: datagrams received on it come from that peer, which makes the link the
 * authority on the previous hop. Implementations neither allocate nor throw on their poll and send paths.
 */
public abstract class Link implements AutoCloseable
{
    private final int id;
    private final long peerHi;
    private final long peerLo;

    /**
     * @param id     the control plane's handle for the link.
     * @param peerHi high 64 bits of the peer's id.
     * @param peerLo low 64 bits of the peer's id.
     */
    protected Link(final int id, final long peerHi, final long peerLo)
    {
        this.id = id;
        this.peerHi = peerHi;
        this.peerLo = peerLo;
    }

    /**
     * @return the control plane's handle for the link.
     */
    public final int id()
    {
        return id;
    }

    /**
     * @return high 64 bits of the peer's id.
     */
    public final long peerHi()
    {
        return peerHi;
    }

    /**
     * @return low 64 bits of the peer's id.
     */
    public final long peerLo()
    {
        return peerLo;
    }

    /**
     * Receive up to {@code limit} datagrams into the frame buffer, handing each to the receiver before the next.
     *
     * @param receiver of each datagram.
     * @param limit    most datagrams to take now.
     * @return datagrams received.
     */
    public abstract int poll(FrameReceiver receiver, int limit);

    /**
     * Send one frame.
     *
     * @param buffer holding it; for UDP links this must be the forwarder's frame buffer.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return false if the link could not take it now (back pressure, peer unreachable).
     */
    public abstract boolean send(DirectBuffer buffer, int offset, int length);

    /**
     * @return a short description for tools, such as "udp 127.0.0.1:7001".
     */
    public abstract String describe();

    /**
     * Release the link's resources.
     */
    @Override
    public abstract void close();
}
