package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chord-128-2-8 maintenance message as the control plane sees it: the forwarding header's destination (route) and
 * via lists, TTL and transaction id (draft §4.1.2), and one of the bodies of §5.1.1, §5.3 and §7. Every field has a
 * place on the wire: {@code io.relo.control.message.ChordCodec} maps it to and from frames.
 *
 * @param route         destination list, next entry first; a request's last entry may be a resource-id.
 * @param via           peers the message passed through, oldest first, ending with the previous hop once delivered
 *                      (draft §4.1.2.3.3); the first entry is the originator.
 * @param ttl           hops left.
 * @param transactionId of the request, echoed by its response.
 * @param body          what it says.
 */
public record ChordMessage(List<PeerId> route, List<PeerId> via, int ttl, long transactionId, Body body)
{
    /** The TTL a request or response starts with: the one choice of docs/wire-format.md §2.6. */
    public static final int INITIAL_TTL = io.relo.control.message.MessageBuilder.INITIAL_TTL;

    /**
     * Freeze the lists.
     */
    public ChordMessage
    {
        route = List.copyOf(route);
        via = List.copyOf(via);
    }

    /**
     * The peer that created the message: the via list records every hop from it (draft §4.1.2.3.3), so it is the
     * first entry; a message that never left its originator has an empty via list.
     *
     * @param self the receiving peer, the originator when the via list is empty.
     * @return the originator.
     */
    public PeerId origin(final PeerId self)
    {
        return via.isEmpty() ? self : via.get(0);
    }

    /**
     * draft §4.1.2.2: a response retraces the request's via list backwards.
     *
     * @param via the request's via list on arrival, previous hop last.
     * @return the response's destination list.
     */
    public static List<PeerId> reversed(final List<PeerId> via)
    {
        final List<PeerId> route = new ArrayList<>(via);
        Collections.reverse(route);
        return route;
    }

    /** A request or response body. */
    public sealed interface Body permits PingRequest, PingResponse, JoinRequest, JoinResponse, UpdateRequest,
        UpdateResponse, LeaveRequest, LeaveResponse, ErrorResponse
    {
        /**
         * @return whether this answers a request.
         */
        default boolean isResponse()
        {
            return false;
        }
    }

    /**
     * PING (draft §5.1.1.1): answered by whichever peer is responsible for the destination id, or by the first peer
     * that receives it when the destination is the wildcard.
     *
     * @param responsibleSet ask for RESPONSIBLE-SET, the share of the id space the responder holds.
     * @param numResources   ask for NUM-RESOURCES, the number of resources the responder stores.
     */
    public record PingRequest(boolean responsibleSet, boolean numResources) implements Body
    {
        /** A PING that asks for nothing but an answer. */
        public static final PingRequest PLAIN = new PingRequest(false, false);
    }

    /**
     * Answer to PING (draft §5.1.1.2). The responder is the answer's originator, the first entry of its via list.
     *
     * @param responseId     a random number, so that answers can be told apart.
     * @param responsiblePpb RESPONSIBLE-SET: parts per billion of the id space the responder is responsible for, or
     *                       -1 when not asked.
     * @param numResources   NUM-RESOURCES, or -1 when not asked.
     */
    public record PingResponse(long responseId, long responsiblePpb, long numResources) implements Body
    {
        @Override
        public boolean isResponse()
        {
            return true;
        }
    }

    /**
     * JOIN, sent by the joining peer to its admitting peer (draft §5.3.1, §7.4).
     *
     * @param joining the joining peer.
     */
    public record JoinRequest(PeerId joining) implements Body
    {
    }

    /** Answer to JOIN. */
    public record JoinResponse() implements Body
    {
        @Override
        public boolean isResponse()
        {
            return true;
        }
    }

    /**
     * UPDATE, chord_update of draft §7.5: the sender's whole neighbour set.
     *
     * @param predecessors closest first.
     * @param successors   closest first.
     */
    public record UpdateRequest(List<PeerId> predecessors, List<PeerId> successors) implements Body
    {
        /** Freeze the lists. */
        public UpdateRequest
        {
            predecessors = List.copyOf(predecessors);
            successors = List.copyOf(successors);
        }
    }

    /** Answer to UPDATE. */
    public record UpdateResponse() implements Body
    {
        @Override
        public boolean isResponse()
        {
            return true;
        }
    }

    /**
     * LEAVE (draft §5.3.2, §7.6).
     *
     * @param leaving the peer leaving the overlay.
     */
    public record LeaveRequest(PeerId leaving) implements Body
    {
    }

    /** Answer to LEAVE. */
    public record LeaveResponse() implements Body
    {
        @Override
        public boolean isResponse()
        {
            return true;
        }
    }

    /**
     * A response whose code is not 200 (draft §4.3), to any of the requests above.
     *
     * @param method    the method answered, an {@link io.relo.codec.MethodCode}.
     * @param code      an {@link io.relo.codec.ResponseCode}.
     * @param reason    the reason phrase.
     * @param errorInfo for 302 the 16-byte peer-id to redirect to; otherwise empty.
     */
    public record ErrorResponse(int method, int code, String reason, byte[] errorInfo) implements Body
    {
        @Override
        public boolean isResponse()
        {
            return true;
        }
    }
}
