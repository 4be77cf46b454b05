package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.Collection;

/**
 * What a {@link ChordPeer} asks of the world: originating messages, forming and dropping links, and the routing state
 * the forwarding layer routes by. The conductor implements it over the forwarder; the simulator over a model network
 * that routes with the same {@link io.relo.fastpath.RoutingTable}.
 */
public interface ChordTransport
{
    /**
     * Originate a message: the forwarding layer examines its route list as for any received message (draft §4.1.2.1,
     * §4.1.2.3), so a message for an id this peer is responsible for comes straight back to it.
     *
     * @param message to send, with an empty via list.
     */
    void send(ChordMessage message);

    /**
     * Form a link to a peer (draft §5.1.2, CONNECT). When it is up, both ends are told with
     * {@link ChordPeer#onLinkUp}; if it cannot be formed, nothing is said and the requests sent to the peer time out.
     *
     * @param peer to link to.
     */
    void connect(PeerId peer);

    /**
     * Drop the link to a peer.
     *
     * @param peer to unlink.
     */
    void disconnect(PeerId peer);

    /**
     * The routing state changed: this peer is responsible for (predecessor, self] (draft §7.1) and routes by the
     * given neighbours and fingers (draft §7.2). Links to other peers stay plain connections (draft §3.2.1).
     *
     * @param predecessor the predecessor bounding responsibility; this peer's own id for the whole ring.
     * @param routers     the neighbours and fingers.
     */
    void routing(PeerId predecessor, Collection<PeerId> routers);
}
