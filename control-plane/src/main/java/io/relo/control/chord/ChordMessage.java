package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chord-128-2-8 maintenance message as the control plane sees it: the forwarding header's destination (route) and
 * via lists, TTL and transaction id (draft §4.1.2), the originator, and one of the bodies of §7.
 *
 * @param route         destination list, next entry first; a request's last entry may be a resource-id.
 * @param via           peers the request passed through, oldest first (draft §4.1.2.3.3).
 * @param ttl           hops left.
 * @param transactionId of the request, echoed by its response.
 * @param origin        the peer that created this message.
 * @param body          what it says.
 */
public record ChordMessage(List<PeerId> route, List<PeerId> via, int ttl, long transactionId, PeerId origin, Body body)
{
    /** The TTL a request or response starts with: the one choice of docs/wire-format.md §2.6. */
    public static final int INITIAL_TTL = io.relo.control.message.MessageBuilder.INITIAL_TTL;

    /**
     * Validate and freeze the lists.
     */
    public ChordMessage
    {
        route = List.copyOf(route);
        via = List.copyOf(via);
    }

    /**
     * @return a copy one hop further: the previous hop appended to the via list of a request, TTL decremented.
     * @param route    remaining destinations.
     * @param previous the peer this message came from, or null when it starts here.
     */
    ChordMessage nextHop(final List<PeerId> route, final PeerId previous)
    {
        final List<PeerId> via;
        if (null != previous && !body.isResponse())
        {
            final List<PeerId> grown = new ArrayList<>(this.via);
            grown.add(previous);
            via = grown;
        }
        else
        {
            via = this.via;
        }
        return new ChordMessage(route, via, ttl - 1, transactionId, origin, body);
    }

    /**
     * draft §4.1.2.2: a response retraces the request's via list backwards.
     *
     * @param via the request's via list on arrival.
     * @return the response's destination list.
     */
    static List<PeerId> reversed(final List<PeerId> via)
    {
        final List<PeerId> route = new ArrayList<>(via);
        Collections.reverse(route);
        return route;
    }

    /** A request or response body. */
    public sealed interface Body permits PingRequest, PingResponse, JoinRequest, JoinResponse, UpdateRequest,
        UpdateResponse, LeaveRequest, LeaveResponse
    {
        /**
         * @return whether this answers a request.
         */
        default boolean isResponse()
        {
            return false;
        }
    }

    /** PING: answered by whichever peer is responsible for the destination id (draft §7.4, §7.5.3). */
    public record PingRequest() implements Body
    {
    }

    /**
     * Answer to PING.
     *
     * @param responder    the answering peer.
     * @param predecessors its predecessors, closest first.
     * @param successors   its successors, closest first.
     */
    public record PingResponse(PeerId responder, List<PeerId> predecessors, List<PeerId> successors) implements Body
    {
        /** Freeze the lists. */
        public PingResponse
        {
            predecessors = List.copyOf(predecessors);
            successors = List.copyOf(successors);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }
    }

    /**
     * JOIN, sent by the joining peer to its admitting peer (draft §7.4).
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
     * LEAVE (draft §7.6).
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
}
