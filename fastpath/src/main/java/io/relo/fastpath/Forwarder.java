package io.relo.fastpath;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.command.ForwarderCommandAdapter;
import io.relo.fastpath.link.AeronIpcLink;
import io.relo.fastpath.link.FrameBuffer;
import io.relo.fastpath.link.FrameReceiver;
import io.relo.fastpath.link.InMemoryLink;
import io.relo.fastpath.link.Link;
import io.relo.fastpath.link.UdpLink;
import io.relo.fastpath.link.UdpListener;
import org.agrona.collections.ArrayUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * The fastpath: a single-threaded agent that polls its links, validates each RELOAD frame's forwarding header,
 * applies the forwarding rules of draft §4.1.2.3, rewrites the header in place and sends the frame on, or hands it
 * to the control plane. It never allocates, locks or throws on its duty cycle; every frame it does not forward or
 * deliver is a drop counted by reason.
 */
public final class Forwarder implements Agent, FrameReceiver, UdpListener.Receiver
{
    /** Links are numbered 0 to MAX_LINKS - 1 by the control plane. */
    public static final int MAX_LINKS = 256;
    /** Most overlays one forwarder serves. */
    public static final int MAX_OVERLAYS = 16;
    /** Most bytes of this peer's route log entry. */
    public static final int MAX_ROUTE_LOG_ENTRY = 1024;
    /** Expansions of private ids allowed per frame, so that a compression loop cannot spin the forwarder. */
    public static final int MAX_EXPANSIONS_PER_FRAME = 8;
    private static final byte RELOAD_FIRST_BYTE = 'R';
    private static final int STUN_MAGIC_COOKIE = 0x2112A442;

    private final ForwarderContext ctx;
    private final FrameBuffer frames;
    private final UnsafeBuffer buffer;
    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final RoutingTable routes = new RoutingTable(MAX_LINKS);
    private final CompressionTable compression;
    private final Link[] linksById = new Link[MAX_LINKS];
    private Link[] pollList = new Link[0];
    private final UdpListener listener;
    private final boolean acceptUnlinkedFrames;
    private final RingBuffer commands;
    private final RingBuffer deliveries;
    private final ForwarderCommandAdapter commandAdapter;
    private final ErrorHandler errorHandler;
    private final int pollBurst;
    private final int commandBurst;
    private final int[] overlays = new int[MAX_OVERLAYS];
    private int overlayCount;
    private final UnsafeBuffer routeLogEntry = new UnsafeBuffer(new byte[MAX_ROUTE_LOG_ENTRY]);
    private int routeLogEntryLength;
    private final long[] scratchHi = new long[MAX_LINKS];
    private final long[] scratchLo = new long[MAX_LINKS];
    private final int[] dropCounterByStatus = new int[FrameStatus.STATUS_COUNT];

    private final AtomicCounter framesReceived;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter framesForwarded;
    private final AtomicCounter bytesForwarded;
    private final AtomicCounter[] counters;

    /**
     * @param ctx concluded context.
     */
    public Forwarder(final ForwarderContext ctx)
    {
        this.ctx = ctx;
        ctx.conclude();
        frames = new FrameBuffer(ctx.headroom());
        buffer = frames.buffer();
        compression = new CompressionTable(ctx.compressionCapacity());
        commands = ctx.commandBuffer();
        deliveries = ctx.deliveryBuffer();
        counters = ctx.counters();
        errorHandler = ctx.errorHandler();
        pollBurst = ctx.pollBurst();
        commandBurst = ctx.commandBurst();
        acceptUnlinkedFrames = ctx.acceptUnlinkedFrames();
        commandAdapter = new ForwarderCommandAdapter(this);
        framesReceived = counter(ForwarderCounter.FRAMES_RECEIVED);
        bytesReceived = counter(ForwarderCounter.BYTES_RECEIVED);
        framesForwarded = counter(ForwarderCounter.FRAMES_FORWARDED);
        bytesForwarded = counter(ForwarderCounter.BYTES_FORWARDED);

        // Which counter each header problem lands in: the draft's reasons, not the parser's detail.
        dropCounterByStatus[FrameStatus.BAD_WINDOW] = ForwarderCounter.DROP_BAD_LENGTH.ordinal();
        dropCounterByStatus[FrameStatus.TOO_SHORT] = ForwarderCounter.DROP_BAD_LENGTH.ordinal();
        dropCounterByStatus[FrameStatus.BAD_LENGTH] = ForwarderCounter.DROP_BAD_LENGTH.ordinal();
        dropCounterByStatus[FrameStatus.BAD_MAGIC] = ForwarderCounter.DROP_BAD_MAGIC.ordinal();
        dropCounterByStatus[FrameStatus.BAD_VERSION] = ForwarderCounter.DROP_BAD_VERSION.ordinal();
        dropCounterByStatus[FrameStatus.ROUTE_LIST_OVERRUN] = ForwarderCounter.DROP_LIST_OVERRUN.ordinal();
        dropCounterByStatus[FrameStatus.VIA_LIST_OVERRUN] = ForwarderCounter.DROP_LIST_OVERRUN.ordinal();
        dropCounterByStatus[FrameStatus.ROUTE_LOG_OVERRUN] = ForwarderCounter.DROP_LIST_OVERRUN.ordinal();
        dropCounterByStatus[FrameStatus.ROUTE_LOG_OVER_BOUND] = ForwarderCounter.DROP_LIST_OVERRUN.ordinal();
        for (final int status : new int[] {FrameStatus.NO_HEADROOM, FrameStatus.ROUTE_LIST_EMPTY,
            FrameStatus.VIA_LIST_FULL, FrameStatus.MESSAGE_TOO_LONG, FrameStatus.NO_ROUTE_LOG,
            FrameStatus.ROUTE_LOG_FULL})
        {
            dropCounterByStatus[status] = ForwarderCounter.DROP_NO_ROOM.ordinal();
        }

        UdpListener udp = null;
        if (null != ctx.udpListenAddress())
        {
            try
            {
                udp = new UdpListener(ctx.udpListenAddress(), frames, errorHandler);
            }
            catch (final IOException ex)
            {
                final InetSocketAddress address = ctx.udpListenAddress();
                final String host = address.getAddress() instanceof java.net.Inet6Address ?
                    "[" + address.getHostString() + "]" : address.getHostString();
                final String hint = String.valueOf(ex.getMessage()).contains("in use") ?
                    " (is another process using the port?)" : " (is the host an address of this machine?)";
                throw new IllegalStateException("cannot listen on UDP " + host + ":" + address.getPort() + ": " +
                    ex.getMessage() + hint, ex);
            }
        }
        listener = udp;
    }

    private AtomicCounter counter(final ForwarderCounter counter)
    {
        return counters[counter.ordinal()];
    }

    @Override
    public String roleName()
    {
        return ctx.roleName();
    }

    /**
     * @return the UDP address the forwarder listens on, with the port chosen if 0 was asked for; null without UDP.
     */
    public InetSocketAddress udpAddress()
    {
        return null == listener ? null : listener.localAddress();
    }

    @Override
    public int doWork()
    {
        int work = commands.read(commandAdapter, commandBurst);
        final Link[] links = pollList;
        for (final Link link : links)
        {
            work += link.poll(this, pollBurst);
        }
        if (null != listener)
        {
            work += listener.poll(this, pollBurst);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        for (final Link link : pollList)
        {
            CloseHelper.close(errorHandler, link);
        }
        CloseHelper.close(errorHandler, listener);
        ctx.close();
    }

    // ------------------------------------------------------------------------------------------ the duty cycle

    /**
     * A datagram arrived on a link: demultiplex on its first byte (RFC 7983 ranges; RELOAD frames start "RELO").
     */
    @Override
    public void onFrame(final Link link, final int offset, final int length)
    {
        framesReceived.incrementRelease();
        bytesReceived.getAndAddRelease(length);
        if (length <= 0)
        {
            drop(ForwarderCounter.DROP_BAD_LENGTH);
            return;
        }
        final byte first = buffer.getByte(offset);
        if (first == RELOAD_FIRST_BYTE)
        {
            onReloadFrame(link, offset, length);
        }
        else if (isStun(offset, length))
        {
            deliverDatagram(Deliveries.STUN, link.id(), null, offset, length, ForwarderCounter.STUN_TO_CONTROL);
        }
        else if (isDtls(first))
        {
            deliverDatagram(Deliveries.DTLS, link.id(), null, offset, length, ForwarderCounter.DTLS_TO_CONTROL);
        }
        else
        {
            drop(ForwarderCounter.DROP_UNKNOWN_PROTOCOL);
        }
    }

    /**
     * A datagram arrived on the UDP listener from an address that has no link.
     */
    @Override
    public void onUnlinkedDatagram(final InetSocketAddress sender, final int offset, final int length)
    {
        framesReceived.incrementRelease();
        bytesReceived.getAndAddRelease(length);
        if (length > 0 && buffer.getByte(offset) == RELOAD_FIRST_BYTE)
        {
            if (acceptUnlinkedFrames)
            {
                deliverDatagram(Deliveries.UNLINKED_FRAME, -1, sender, offset, length,
                    ForwarderCounter.UNLINKED_TO_CONTROL);
            }
            else
            {
                drop(ForwarderCounter.DROP_UNKNOWN_SENDER);
            }
        }
        else if (isStun(offset, length))
        {
            deliverDatagram(Deliveries.STUN, -1, sender, offset, length, ForwarderCounter.STUN_TO_CONTROL);
        }
        else if (length > 0 && isDtls(buffer.getByte(offset)))
        {
            deliverDatagram(Deliveries.DTLS, -1, sender, offset, length, ForwarderCounter.DTLS_TO_CONTROL);
        }
        else
        {
            drop(ForwarderCounter.DROP_UNKNOWN_PROTOCOL);
        }
    }

    private static boolean isDtls(final byte first)
    {
        // RFC 7983 §7: a first byte from 20 to 63 is DTLS.
        return first >= 20 && first <= 63;
    }

    private boolean isStun(final int offset, final int length)
    {
        // RFC 5389 §6: top two bits zero, magic cookie at byte 4.
        return length >= 20 && (buffer.getByte(offset) & 0xC0) == 0 &&
            buffer.getInt(offset + 4, BIG_ENDIAN) == STUN_MAGIC_COOKIE;
    }

    private void onReloadFrame(final Link link, final int offset, final int length)
    {
        final ForwardingHeaderFlyweight header = this.header;
        header.wrap(buffer, offset, length);
        final int status = header.validate();
        if (status != FrameStatus.OK)
        {
            counters[dropCounterByStatus[status]].incrementRelease();
            return;
        }
        // draft §4.1.2.3: a message for an overlay this peer does not participate in is an error.
        if (!servesOverlay(header.overlay()))
        {
            drop(ForwarderCounter.DROP_UNKNOWN_OVERLAY);
            return;
        }
        route(link);
    }

    private boolean servesOverlay(final int overlay)
    {
        final int[] overlays = this.overlays;
        for (int i = 0, n = overlayCount; i < n; i++)
        {
            if (overlays[i] == overlay)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * draft §4.1.2.3: examine the first route list entry until the frame is for this peer or must go elsewhere.
     *
     * @param from link the frame arrived on, or null for a frame this peer originates.
     */
    private void route(final Link from)
    {
        final ForwardingHeaderFlyweight header = this.header;
        int expansions = 0;
        long destinationHi = 0;
        long destinationLo = 0;
        while (true)
        {
            if (header.routeListCount() == 0)
            {
                // draft §4.1.2.3.2: the route list is now empty, so the message was destined for this peer.
                deliverFrame(from, Deliveries.REASON_LOCAL, destinationHi, destinationLo,
                    ForwarderCounter.FRAMES_DELIVERED);
                return;
            }
            final long hi = header.routeIdHi(0);
            final long lo = header.routeIdLo(0);
            if (compression.size() > 0)
            {
                final int entry = compression.indexOf(hi, lo);
                if (entry >= 0)
                {
                    if (++expansions > MAX_EXPANSIONS_PER_FRAME || !expand(entry))
                    {
                        drop(ForwarderCounter.DROP_NO_ROOM);
                        return;
                    }
                    continue;
                }
            }
            // A linked peer's own id is that peer's, even inside this peer's range: a joining peer before the
            // admitting peer places it (draft §7.4), a client of this admitting peer (§3.2.3). docs/architecture.md.
            if (routes.isResponsible(hi, lo) && !routes.hasLink(hi, lo))
            {
                // draft §4.1.2.3.2: strip an id this peer is responsible for, then re-examine the list.
                destinationHi = hi;
                destinationLo = lo;
                header.stripFirstRouteId();
                counter(ForwarderCounter.ROUTE_IDS_STRIPPED).incrementRelease();
                continue;
            }
            forward(from, hi, lo);
            return;
        }
    }

    /**
     * draft §4.1.2.3.1: replace a private id with the stored ids it stands for.
     */
    private boolean expand(final int entry)
    {
        final int count = compression.idCount(entry);
        if (header.expandFirstRouteId(count) != FrameStatus.OK)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            header.putRouteId(i, compression.idHi(entry, i), compression.idLo(entry, i));
        }
        counter(ForwarderCounter.PRIVATE_IDS_EXPANDED).incrementRelease();
        return true;
    }

    /**
     * draft §4.1.2.3.3: forward towards an id another peer is responsible for.
     */
    private void forward(final Link from, final long hi, final long lo)
    {
        final ForwardingHeaderFlyweight header = this.header;
        final int linkId = routes.nextHop(hi, lo);
        if (null != from)
        {
            final int routing = header.routing();
            if (routing == Routing.ITERATIVE)
            {
                // draft §4.1, §4.3: iterative routing is answered with 302 naming the next hop.
                final Link next = linkId == RoutingTable.NO_ROUTE ? null : linksById[linkId];
                deliverFrame(from, Deliveries.REASON_ITERATIVE, null == next ? 0 : next.peerHi(),
                    null == next ? 0 : next.peerLo(), ForwarderCounter.FRAMES_TO_CONTROL);
                return;
            }
            if (routing != Routing.RECURSIVE && routing != Routing.UNSPECIFIED)
            {
                // draft §4.1: a routing type this peer will not perform is answered with 499.
                deliverFrame(from, Deliveries.REASON_ROUTING_REFUSED, 0, 0, ForwarderCounter.FRAMES_TO_CONTROL);
                return;
            }
        }
        if (linkId == RoutingTable.NO_ROUTE)
        {
            drop(ForwarderCounter.DROP_NO_ROUTE);
            return;
        }
        if (null != from)
        {
            // draft §4.1: a message whose TTL is 0 MUST NOT be propagated further; each hop decrements it.
            final int ttl = header.ttl();
            if (ttl == 0)
            {
                drop(ForwarderCounter.DROP_TTL_EXPIRED);
                return;
            }
            header.ttl(ttl - 1);
            // draft §4.1.2.3.3: append the peer the message was received from to the via list.
            final int status = header.appendViaId(from.peerHi(), from.peerLo());
            if (status != FrameStatus.OK)
            {
                counters[dropCounterByStatus[status]].incrementRelease();
                return;
            }
            // draft §4.1.4: with ROUTE-LOG set, each hop appends its route log entry.
            if (routeLogEntryLength > 0 && header.routeLogFlag())
            {
                final int logStatus = header.appendRouteLogEntry(routeLogEntry, 0, routeLogEntryLength);
                if (logStatus != FrameStatus.OK)
                {
                    counters[dropCounterByStatus[logStatus]].incrementRelease();
                    return;
                }
            }
        }
        final int length = header.frameLength();
        if (linksById[linkId].send(buffer, header.offset(), length))
        {
            framesForwarded.incrementRelease();
            bytesForwarded.getAndAddRelease(length);
        }
        else
        {
            drop(ForwarderCounter.DROP_BACK_PRESSURE);
        }
    }

    private void deliverFrame(
        final Link from, final int reason, final long nextHi, final long nextLo, final ForwarderCounter outcome)
    {
        final int length = header.frameLength();
        final int index = deliveries.tryClaim(Deliveries.FRAME, Deliveries.FRAME_FRAME + length);
        if (index < 0)
        {
            drop(ForwarderCounter.DROP_QUEUE_FULL);
            return;
        }
        final MutableDirectBuffer out = deliveries.buffer();
        out.putInt(index + Deliveries.FRAME_LINK_ID, null == from ? -1 : from.id());
        out.putInt(index + Deliveries.FRAME_REASON, reason);
        out.putLong(index + Deliveries.FRAME_PREVIOUS_HI, null == from ? 0 : from.peerHi());
        out.putLong(index + Deliveries.FRAME_PREVIOUS_LO, null == from ? 0 : from.peerLo());
        out.putLong(index + Deliveries.FRAME_NEXT_HOP_HI, nextHi);
        out.putLong(index + Deliveries.FRAME_NEXT_HOP_LO, nextLo);
        out.putInt(index + Deliveries.FRAME_LENGTH, length);
        out.putBytes(index + Deliveries.FRAME_FRAME, buffer, header.offset(), length);
        deliveries.commit(index);
        counter(outcome).incrementRelease();
    }

    private void deliverDatagram(
        final int type, final int linkId, final InetSocketAddress sender, final int offset, final int length,
        final ForwarderCounter outcome)
    {
        final int index = deliveries.tryClaim(type, Deliveries.DATAGRAM_DATA + length);
        if (index < 0)
        {
            drop(ForwarderCounter.DROP_QUEUE_FULL);
            return;
        }
        final MutableDirectBuffer out = deliveries.buffer();
        out.putInt(index + Deliveries.DATAGRAM_LINK_ID, linkId);
        out.putInt(index + Deliveries.DATAGRAM_PORT, null == sender ? 0 : sender.getPort());
        out.setMemory(index + Deliveries.DATAGRAM_ADDRESS, 16, (byte)0);
        if (null != sender)
        {
            final InetAddress address = sender.getAddress();
            final byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address)
            {
                out.putByte(index + Deliveries.DATAGRAM_ADDRESS + 10, (byte)0xFF);
                out.putByte(index + Deliveries.DATAGRAM_ADDRESS + 11, (byte)0xFF);
                out.putBytes(index + Deliveries.DATAGRAM_ADDRESS + 12, bytes);
            }
            else
            {
                out.putBytes(index + Deliveries.DATAGRAM_ADDRESS, bytes);
            }
        }
        out.putInt(index + Deliveries.DATAGRAM_LENGTH, length);
        out.putBytes(index + Deliveries.DATAGRAM_DATA, buffer, offset, length);
        deliveries.commit(index);
        counter(outcome).incrementRelease();
    }

    private void drop(final ForwarderCounter reason)
    {
        counters[reason.ordinal()].incrementRelease();
    }

    // ------------------------------------------------------------------------------------------ commands

    private void applied()
    {
        counter(ForwarderCounter.COMMANDS_APPLIED).incrementRelease();
    }

    private void refused(final String why)
    {
        drop(ForwarderCounter.DROP_BAD_COMMAND);
        errorHandler.onError(new IllegalArgumentException(why));
    }

    /**
     * @param selfHi        high 64 bits of this peer's id.
     * @param selfLo        low 64 bits of this peer's id.
     * @param predecessorHi high 64 bits of the predecessor's id.
     * @param predecessorLo low 64 bits of the predecessor's id.
     */
    public void onSetLocal(final long selfHi, final long selfLo, final long predecessorHi, final long predecessorLo)
    {
        routes.local(selfHi, selfLo, predecessorHi, predecessorLo);
        applied();
    }

    /**
     * @param overlayHash CRC-32 of an overlay name to serve.
     */
    public void onAddOverlay(final int overlayHash)
    {
        if (servesOverlay(overlayHash))
        {
            applied();
        }
        else if (overlayCount == MAX_OVERLAYS)
        {
            refused("a forwarder serves at most " + MAX_OVERLAYS + " overlays");
        }
        else
        {
            overlays[overlayCount++] = overlayHash;
            applied();
        }
    }

    /**
     * @param entry  this peer's encoded route_log_entry.
     * @param offset of its first byte.
     * @param length of it; 0 to stop appending.
     */
    public void onSetRouteLogEntry(final DirectBuffer entry, final int offset, final int length)
    {
        if (length > MAX_ROUTE_LOG_ENTRY)
        {
            refused("route log entry of " + length + " bytes exceeds " + MAX_ROUTE_LOG_ENTRY);
            return;
        }
        routeLogEntry.putBytes(0, entry, offset, length);
        routeLogEntryLength = length;
        applied();
    }

    /**
     * @param linkId   0 to 255.
     * @param peerHi   high 64 bits of the peer's id.
     * @param peerLo   low 64 bits of the peer's id.
     * @param routable whether the peer is a neighbour or finger.
     * @param host     the peer's address.
     * @param port     the peer's port.
     */
    public void onAddUdpLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final String host,
        final int port)
    {
        if (null == listener)
        {
            refused("UDP link " + linkId + ": this forwarder has no UDP listening address");
            return;
        }
        if (!checkNewLink(linkId))
        {
            return;
        }
        try
        {
            final InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(host), port);
            addLink(new UdpLink(linkId, peerHi, peerLo, listener.localAddress(), remote, frames, errorHandler),
                routable);
        }
        catch (final IOException ex)
        {
            refused("UDP link " + linkId + " to " + host + ":" + port + ": " + ex.getMessage());
        }
    }

    /**
     * @param linkId          0 to 255.
     * @param peerHi          high 64 bits of the peer's id.
     * @param peerLo          low 64 bits of the peer's id.
     * @param routable        whether the peer is a neighbour or finger.
     * @param channel         Aeron channel.
     * @param sendStreamId    stream towards the peer.
     * @param receiveStreamId stream from the peer.
     */
    public void onAddIpcLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final String channel,
        final int sendStreamId, final int receiveStreamId)
    {
        if (null == ctx.aeron())
        {
            refused("IPC link " + linkId + ": this forwarder was given no Aeron client");
            return;
        }
        if (!checkNewLink(linkId))
        {
            return;
        }
        try
        {
            addLink(new AeronIpcLink(linkId, peerHi, peerLo, ctx.aeron(), channel, sendStreamId, receiveStreamId,
                frames), routable);
        }
        catch (final RuntimeException ex)
        {
            refused("IPC link " + linkId + " on " + channel + ": " + ex.getMessage());
        }
    }

    /**
     * @param linkId         0 to 255.
     * @param peerHi         high 64 bits of the peer's id.
     * @param peerLo         low 64 bits of the peer's id.
     * @param routable       whether the peer is a neighbour or finger.
     * @param outboundPipeId pipe towards the peer.
     * @param inboundPipeId  pipe from the peer.
     */
    public void onAddMemoryLink(
        final int linkId, final long peerHi, final long peerLo, final boolean routable, final int outboundPipeId,
        final int inboundPipeId)
    {
        if (null == ctx.inMemoryNetwork())
        {
            refused("memory link " + linkId + ": this forwarder was given no InMemoryNetwork");
            return;
        }
        if (!checkNewLink(linkId))
        {
            return;
        }
        addLink(new InMemoryLink(linkId, peerHi, peerLo, ctx.inMemoryNetwork().pipe(outboundPipeId),
            ctx.inMemoryNetwork().pipe(inboundPipeId), frames), routable);
    }

    private boolean checkNewLink(final int linkId)
    {
        if (linkId < 0 || linkId >= MAX_LINKS)
        {
            refused("link id " + linkId + " is outside 0.." + (MAX_LINKS - 1));
            return false;
        }
        if (null != linksById[linkId])
        {
            refused("link id " + linkId + " is in use (" + linksById[linkId].describe() + "); remove it first");
            return false;
        }
        return true;
    }

    private void addLink(final Link link, final boolean routable)
    {
        linksById[link.id()] = link;
        pollList = ArrayUtil.add(pollList, link);
        routes.put(link.peerHi(), link.peerLo(), link.id(), routable);
        applied();
    }

    /**
     * @param linkId of the link to close.
     */
    public void onRemoveLink(final int linkId)
    {
        if (linkId < 0 || linkId >= MAX_LINKS || null == linksById[linkId])
        {
            refused("no link " + linkId + " to remove");
            return;
        }
        final Link link = linksById[linkId];
        linksById[linkId] = null;
        pollList = ArrayUtil.remove(pollList, link);
        routes.removeLink(linkId);
        CloseHelper.close(errorHandler, link);
        applied();
    }

    /**
     * @param ids    buffer holding (hi, lo) pairs.
     * @param offset of the first pair.
     * @param count  number of ids.
     */
    public void onSetRouters(final DirectBuffer ids, final int offset, final int count)
    {
        if (count < 0 || count > MAX_LINKS)
        {
            refused("router set of " + count + " ids");
            return;
        }
        for (int i = 0; i < count; i++)
        {
            scratchHi[i] = ids.getLong(offset + i * 16);
            scratchLo[i] = ids.getLong(offset + i * 16 + 8);
        }
        // A router whose link is still being formed (CONNECT in flight) has no entry yet; the control plane adds
        // its link marked routable when the link is up, so leaving it out here is normal, not a refusal.
        routes.routers(scratchHi, scratchLo, count);
        applied();
    }

    /**
     * @param keyHi  high 64 bits of the private id.
     * @param keyLo  low 64 bits of the private id.
     * @param ids    buffer holding the (hi, lo) pairs it stands for.
     * @param offset of the first pair.
     * @param count  number of ids.
     */
    public void onAddCompression(
        final long keyHi, final long keyLo, final DirectBuffer ids, final int offset, final int count)
    {
        if (count < 1 || count > CompressionTable.MAX_IDS_PER_ENTRY)
        {
            refused("a private id stands for 1 to " + CompressionTable.MAX_IDS_PER_ENTRY + " ids, not " + count);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            scratchHi[i] = ids.getLong(offset + i * 16);
            scratchLo[i] = ids.getLong(offset + i * 16 + 8);
        }
        if (!compression.put(keyHi, keyLo, scratchHi, scratchLo, count))
        {
            refused("compression table is full (" + ctx.compressionCapacity() + " entries)");
            return;
        }
        applied();
    }

    /**
     * @param keyHi high 64 bits of the private id.
     * @param keyLo low 64 bits of the private id.
     */
    public void onRemoveCompression(final long keyHi, final long keyLo)
    {
        compression.remove(keyHi, keyLo);
        applied();
    }

    /**
     * @param linkId to send on.
     * @param frame  buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     */
    public void onSendOnLink(final int linkId, final DirectBuffer frame, final int offset, final int length)
    {
        final Link link = linkId >= 0 && linkId < MAX_LINKS ? linksById[linkId] : null;
        if (null == link || length > FrameBuffer.MAX_FRAME_LENGTH || length < 0)
        {
            refused("cannot send " + length + " bytes on link " + linkId);
            return;
        }
        final int at = frames.headroom();
        buffer.putBytes(at, frame, offset, length);
        counter(ForwarderCounter.FRAMES_ORIGINATED).incrementRelease();
        if (link.send(buffer, at, length))
        {
            framesForwarded.incrementRelease();
            bytesForwarded.getAndAddRelease(length);
        }
        else
        {
            drop(ForwarderCounter.DROP_BACK_PRESSURE);
        }
        applied();
    }

    /**
     * draft §4.1.2.1: route a frame this peer originates by its route list.
     *
     * @param frame  buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     */
    public void onRouteFrame(final DirectBuffer frame, final int offset, final int length)
    {
        if (length > FrameBuffer.MAX_FRAME_LENGTH || length < 0)
        {
            refused("frame of " + length + " bytes is too long to route");
            return;
        }
        final int at = frames.headroom();
        buffer.putBytes(at, frame, offset, length);
        header.wrap(buffer, at, length);
        final int status = header.validate();
        if (status != FrameStatus.OK)
        {
            refused("control plane frame refused: " + FrameStatus.describe(status, header));
            return;
        }
        counter(ForwarderCounter.FRAMES_ORIGINATED).incrementRelease();
        route(null);
        applied();
    }

    /**
     * @param msgTypeId of a command this forwarder does not know.
     */
    public void onUnknownCommand(final int msgTypeId)
    {
        refused("unknown command type " + msgTypeId);
    }

    /**
     * @param linkId handle.
     * @return the link, or null.
     */
    public Link link(final int linkId)
    {
        return linkId >= 0 && linkId < MAX_LINKS ? linksById[linkId] : null;
    }

    /**
     * @return the forwarder's routing table (read it only on the forwarder's thread or when it is stopped).
     */
    RoutingTable routingTable()
    {
        return routes;
    }
}
