package io.relo.fastpath.command;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.charset.StandardCharsets;

import static io.relo.fastpath.command.ForwarderCommands.*;

/**
 * Puts commands for the forwarder on its command ring buffer, for the control plane's thread; the forwarder applies
 * them between duty cycles through {@link ForwarderCommandAdapter}. Every method returns false when the ring is full,
 * so the caller can retry; none allocates except those taking a String.
 */
public final class ForwarderProxy
{
    private final RingBuffer commands;

    /**
     * @param commands ring buffer the forwarder reads.
     */
    public ForwarderProxy(final RingBuffer commands)
    {
        this.commands = commands;
    }

    /**
     * @param selfHi        high 64 bits of this peer's id.
     * @param selfLo        low 64 bits of this peer's id.
     * @param predecessorHi high 64 bits of the predecessor's id (equal to self when alone).
     * @param predecessorLo low 64 bits of the predecessor's id.
     * @return false if the ring is full.
     */
    public boolean setLocal(final long selfHi, final long selfLo, final long predecessorHi, final long predecessorLo)
    {
        final int index = commands.tryClaim(SET_LOCAL, SET_LOCAL_LENGTH);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        b.putLong(index + SET_LOCAL_SELF_HI, selfHi);
        b.putLong(index + SET_LOCAL_SELF_LO, selfLo);
        b.putLong(index + SET_LOCAL_PREDECESSOR_HI, predecessorHi);
        b.putLong(index + SET_LOCAL_PREDECESSOR_LO, predecessorLo);
        commands.commit(index);
        return true;
    }

    /**
     * @param overlayHash CRC-32 of an overlay name this peer serves.
     * @return false if the ring is full.
     */
    public boolean addOverlay(final int overlayHash)
    {
        final int index = commands.tryClaim(ADD_OVERLAY, ADD_OVERLAY_LENGTH);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putInt(index + ADD_OVERLAY_HASH, overlayHash);
        commands.commit(index);
        return true;
    }

    /**
     * @param entry  this peer's encoded route_log_entry.
     * @param offset of its first byte.
     * @param length of the entry; 0 turns route logging off for this peer.
     * @return false if the ring is full.
     */
    public boolean setRouteLogEntry(final DirectBuffer entry, final int offset, final int length)
    {
        final int index = commands.tryClaim(SET_ROUTE_LOG_ENTRY, SET_ROUTE_LOG_ENTRY_BYTES + length);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putInt(index + SET_ROUTE_LOG_ENTRY_LENGTH, length);
        commands.buffer().putBytes(index + SET_ROUTE_LOG_ENTRY_BYTES, entry, offset, length);
        commands.commit(index);
        return true;
    }

    /**
     * @param linkId   handle for the link, 0 to 255.
     * @param peerHi   high 64 bits of the peer's id.
     * @param peerLo   low 64 bits of the peer's id.
     * @param routable whether the peer is a neighbour or finger.
     * @param host     the peer's IP address.
     * @param port     the peer's UDP port.
     * @return false if the ring is full.
     */
    public boolean addUdpLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final String host,
        final int port)
    {
        final byte[] hostBytes = host.getBytes(StandardCharsets.US_ASCII);
        final int index = commands.tryClaim(ADD_UDP_LINK, ADD_UDP_LINK_HOST + hostBytes.length);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        putLink(b, index, linkId, peerHi, peerLo, routable);
        b.putInt(index + ADD_UDP_LINK_PORT, port);
        b.putBytes(index + ADD_UDP_LINK_HOST, hostBytes);
        commands.commit(index);
        return true;
    }

    /**
     * @param linkId          handle for the link, 0 to 255.
     * @param peerHi          high 64 bits of the peer's id.
     * @param peerLo          low 64 bits of the peer's id.
     * @param routable        whether the peer is a neighbour or finger.
     * @param channel         Aeron channel, normally {@code aeron:ipc}.
     * @param sendStreamId    stream towards the peer.
     * @param receiveStreamId stream from the peer.
     * @return false if the ring is full.
     */
    public boolean addIpcLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final String channel,
        final int sendStreamId, final int receiveStreamId)
    {
        final byte[] channelBytes = channel.getBytes(StandardCharsets.US_ASCII);
        final int index = commands.tryClaim(ADD_IPC_LINK, ADD_IPC_LINK_CHANNEL + channelBytes.length);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        putLink(b, index, linkId, peerHi, peerLo, routable);
        b.putInt(index + ADD_IPC_LINK_SEND_STREAM, sendStreamId);
        b.putInt(index + ADD_IPC_LINK_RECEIVE_STREAM, receiveStreamId);
        b.putBytes(index + ADD_IPC_LINK_CHANNEL, channelBytes);
        commands.commit(index);
        return true;
    }

    /**
     * @param linkId         handle for the link, 0 to 255.
     * @param peerHi         high 64 bits of the peer's id.
     * @param peerLo         low 64 bits of the peer's id.
     * @param routable       whether the peer is a neighbour or finger.
     * @param outboundPipeId pipe towards the peer in the process's InMemoryNetwork.
     * @param inboundPipeId  pipe from the peer.
     * @return false if the ring is full.
     */
    public boolean addMemoryLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final int outboundPipeId,
        final int inboundPipeId)
    {
        final int index = commands.tryClaim(ADD_MEMORY_LINK, ADD_MEMORY_LINK_LENGTH);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        putLink(b, index, linkId, peerHi, peerLo, routable);
        b.putInt(index + ADD_MEMORY_LINK_OUTBOUND, outboundPipeId);
        b.putInt(index + ADD_MEMORY_LINK_INBOUND, inboundPipeId);
        commands.commit(index);
        return true;
    }

    /**
     * @param linkId of the link to close.
     * @return false if the ring is full.
     */
    public boolean removeLink(final int linkId)
    {
        final int index = commands.tryClaim(REMOVE_LINK, REMOVE_LINK_LENGTH);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putInt(index + REMOVE_LINK_ID, linkId);
        commands.commit(index);
        return true;
    }

    /**
     * Replace the neighbour and finger set; peers not named stay plain connections.
     *
     * @param hi    high 64 bits of each id.
     * @param lo    low 64 bits of each id.
     * @param count number of ids.
     * @return false if the ring is full.
     */
    public boolean setRouters(final long[] hi, final long[] lo, final int count)
    {
        final int index = commands.tryClaim(SET_ROUTERS, SET_ROUTERS_IDS + count * 16);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        b.putInt(index + SET_ROUTERS_COUNT, count);
        for (int i = 0; i < count; i++)
        {
            b.putLong(index + SET_ROUTERS_IDS + i * 16, hi[i]);
            b.putLong(index + SET_ROUTERS_IDS + i * 16 + 8, lo[i]);
        }
        commands.commit(index);
        return true;
    }

    /**
     * draft §4.1.2.3.1: make a private id stand for a list of ids.
     *
     * @param keyHi high 64 bits of the private id.
     * @param keyLo low 64 bits of the private id.
     * @param hi    high 64 bits of each id it stands for.
     * @param lo    low 64 bits of each id it stands for.
     * @param count number of ids.
     * @return false if the ring is full.
     */
    public boolean addCompression(
        final long keyHi, final long keyLo, final long[] hi, final long[] lo, final int count)
    {
        final int index = commands.tryClaim(ADD_COMPRESSION, ADD_COMPRESSION_IDS + count * 16);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = commands.buffer();
        b.putLong(index + ADD_COMPRESSION_KEY_HI, keyHi);
        b.putLong(index + ADD_COMPRESSION_KEY_LO, keyLo);
        b.putInt(index + ADD_COMPRESSION_COUNT, count);
        for (int i = 0; i < count; i++)
        {
            b.putLong(index + ADD_COMPRESSION_IDS + i * 16, hi[i]);
            b.putLong(index + ADD_COMPRESSION_IDS + i * 16 + 8, lo[i]);
        }
        commands.commit(index);
        return true;
    }

    /**
     * @param keyHi high 64 bits of the private id.
     * @param keyLo low 64 bits of the private id.
     * @return false if the ring is full.
     */
    public boolean removeCompression(final long keyHi, final long keyLo)
    {
        final int index = commands.tryClaim(REMOVE_COMPRESSION, REMOVE_COMPRESSION_LENGTH);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putLong(index + REMOVE_COMPRESSION_KEY_HI, keyHi);
        commands.buffer().putLong(index + REMOVE_COMPRESSION_KEY_LO, keyLo);
        commands.commit(index);
        return true;
    }

    /**
     * Send a frame unchanged on one link, e.g. a response to a peer connected directly.
     *
     * @param linkId of the link.
     * @param frame  buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return false if the ring is full.
     */
    public boolean sendOnLink(final int linkId, final DirectBuffer frame, final int offset, final int length)
    {
        final int index = commands.tryClaim(SEND_ON_LINK, SEND_ON_LINK_FRAME + length);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putInt(index + SEND_ON_LINK_ID, linkId);
        commands.buffer().putInt(index + SEND_ON_LINK_FRAME_LENGTH, length);
        commands.buffer().putBytes(index + SEND_ON_LINK_FRAME, frame, offset, length);
        commands.commit(index);
        return true;
    }

    /**
     * Route a frame this peer originates by the first entry of its route list (draft §4.1.2.1).
     *
     * @param frame  buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return false if the ring is full.
     */
    public boolean routeFrame(final DirectBuffer frame, final int offset, final int length)
    {
        final int index = commands.tryClaim(ROUTE_FRAME, ROUTE_FRAME_FRAME + length);
        if (index < 0)
        {
            return false;
        }
        commands.buffer().putInt(index + ROUTE_FRAME_FRAME_LENGTH, length);
        commands.buffer().putBytes(index + ROUTE_FRAME_FRAME, frame, offset, length);
        commands.commit(index);
        return true;
    }

    private static void putLink(
        final MutableDirectBuffer b, final int index, final int linkId, final long peerHi, final long peerLo,
        final boolean routable)
    {
        b.putInt(index + LINK_ID, linkId);
        b.putInt(index + LINK_ROUTABLE, routable ? 1 : 0);
        b.putLong(index + LINK_PEER_HI, peerHi);
        b.putLong(index + LINK_PEER_LO, peerLo);
    }
}
