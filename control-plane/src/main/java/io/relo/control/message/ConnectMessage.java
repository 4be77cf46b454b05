package io.relo.control.message;

import io.relo.fastpath.ring.PeerId;

import java.util.List;

/**
 * A CONNECT request or its 200 response (draft §5.1.2) as the control plane sees it: the forwarding header's lists,
 * TTL and transaction id (draft §4.1.2) and the offer or answer it carries. {@link ChordCodec} maps it to and from
 * frames.
 *
 * @param route         destination list, next entry first.
 * @param via           peers the message passed through, oldest first, ending with the previous hop once delivered
 *                      (draft §4.1.2.3.3); the first entry is the originator.
 * @param ttl           hops left.
 * @param transactionId of the request, echoed by its response.
 * @param response      true for the answer (draft §5.1.2.2), false for the offer.
 * @param offer         the sender's connect_data.
 */
public record ConnectMessage(
    List<PeerId> route, List<PeerId> via, int ttl, long transactionId, boolean response, ConnectOffer offer)
{
    /**
     * Freeze the lists.
     */
    public ConnectMessage
    {
        route = List.copyOf(route);
        via = List.copyOf(via);
    }

    /**
     * The peer that made the offer or answer: the first via entry, as for
     * {@link io.relo.control.chord.ChordMessage#origin(PeerId)} (draft §4.1.2.3.3).
     *
     * @param self the receiving peer, the originator when the via list is empty.
     * @return the originator.
     */
    public PeerId origin(final PeerId self)
    {
        return via.isEmpty() ? self : via.get(0);
    }
}
