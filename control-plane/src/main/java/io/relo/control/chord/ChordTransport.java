package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

/**
 * What a {@link ChordPeer} asks of the world: links and sending over them. The conductor implements it over the
 * forwarder; a simulator implements it over a model network.
 */
public interface ChordTransport
{
    /**
     * Send a message over the link to a directly connected peer.
     *
     * @param nextHop a linked peer.
     * @param message to send.
     */
    void send(PeerId nextHop, ChordMessage message);

    /**
     * Form a link to a peer (draft §5.1.2, CONNECT). The peer learns of it by the first message it receives.
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
}
