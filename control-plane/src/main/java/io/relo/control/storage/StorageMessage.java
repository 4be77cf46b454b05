package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A storage message as the control plane sees it: the forwarding header's route and via lists, TTL and transaction
 * id (draft §4.1.2), and one of the STORE, FETCH, REMOVE or FIND bodies of draft §5.2. Every field has a place on the
 * wire: {@code io.relo.control.message.StorageCodec} maps it to and from frames.
 *
 * @param route         destination list, next entry first: a resource-id, or a peer-id for a replica (draft §7.3).
 * @param via           peers the message passed through, oldest first, ending with the previous hop once delivered;
 *                      the first entry is the originator.
 * @param ttl           hops left.
 * @param transactionId of the request, echoed by its response.
 * @param body          what it says.
 */
public record StorageMessage(List<PeerId> route, List<PeerId> via, int ttl, long transactionId, Body body)
{
    /**
     * Freeze the lists.
     */
    public StorageMessage
    {
        route = List.copyOf(route);
        via = List.copyOf(via);
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param self the receiving peer, the originator when the via list is empty.
     * @return the peer that created the message (the via list's first entry, draft §4.1.2.3.3).
     */
    public PeerId origin(final PeerId self)
    {
        return via.isEmpty() ? self : via.get(0);
    }

    /**
     * draft §4.1.2.2: a response retraces the request's via list backwards.
     *
     * @return the route list of a response to this message.
     */
    public List<PeerId> reversedVia()
    {
        final List<PeerId> reversed = new ArrayList<>(via);
        Collections.reverse(reversed);
        return reversed;
    }

    /** A request or response body. */
    public sealed interface Body permits StoreRequest, StoreAnswer, FetchRequest, FetchAnswer, RemoveRequest,
        RemoveAnswer, FindRequest, FindAnswer, ErrorAnswer
    {
        /**
         * @return whether this answers a request.
         */
        default boolean isResponse()
        {
            return false;
        }

        /**
         * @return the {@link io.relo.codec.MethodCode} of the request or of the request answered.
         */
        int method();
    }

    /**
     * STORE request (draft §5.2.1.1, {@code store_request}).
     *
     * @param resource the resource-id.
     * @param data     one element per kind.
     */
    public record StoreRequest(PeerId resource, List<StoreTypeData> data) implements Body
    {
        /**
         * Copies the list.
         */
        public StoreRequest
        {
            Objects.requireNonNull(resource, "resource");
            data = List.copyOf(data);
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.STORE;
        }
    }

    /**
     * STORE response with code 200 (draft §5.2.1.2: {@code store_type_response} packed end to end).
     *
     * @param generations one per kind of the request.
     */
    public record StoreAnswer(List<StoreTypeResponse> generations) implements Body
    {
        /**
         * Copies the list.
         */
        public StoreAnswer
        {
            generations = List.copyOf(generations);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.STORE;
        }
    }

    /**
     * FETCH request (draft §5.2.2.1, {@code fetch_request}).
     *
     * @param resource the resource-id.
     * @param data     one element per kind asked for.
     */
    public record FetchRequest(PeerId resource, List<FetchTypeData> data) implements Body
    {
        /**
         * Copies the list.
         */
        public FetchRequest
        {
            Objects.requireNonNull(resource, "resource");
            data = List.copyOf(data);
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.FETCH;
        }
    }

    /**
     * FETCH response with code 200 (draft §5.2.2.2: {@code fetch_response} packed end to end).
     *
     * @param responses one per element of the request.
     */
    public record FetchAnswer(List<FetchResponse> responses) implements Body
    {
        /**
         * Copies the list.
         */
        public FetchAnswer
        {
            responses = List.copyOf(responses);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.FETCH;
        }
    }

    /**
     * REMOVE request (draft §5.2.3: "exactly the same syntax" as FETCH, {@code fetch_request}).
     *
     * @param resource the resource-id.
     * @param data     one element per kind to erase.
     */
    public record RemoveRequest(PeerId resource, List<FetchTypeData> data) implements Body
    {
        /**
         * Copies the list.
         */
        public RemoveRequest
        {
            Objects.requireNonNull(resource, "resource");
            data = List.copyOf(data);
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.REMOVE;
        }
    }

    /**
     * REMOVE response with code 200 (draft §5.2.3.4: the syntax of a STORE response).
     *
     * @param generations one per kind of the request.
     */
    public record RemoveAnswer(List<StoreTypeResponse> generations) implements Body
    {
        /**
         * Copies the list.
         */
        public RemoveAnswer
        {
            generations = List.copyOf(generations);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.REMOVE;
        }
    }

    /**
     * FIND request (draft §5.2.4.1, {@code find_request}).
     *
     * @param resource the resource-id.
     * @param types    the type-ids.
     */
    public record FindRequest(PeerId resource, List<Integer> types) implements Body
    {
        /**
         * Copies the list.
         */
        public FindRequest
        {
            Objects.requireNonNull(resource, "resource");
            types = List.copyOf(types);
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.FIND;
        }
    }

    /**
     * FIND response with code 200 (draft §5.2.4.2: {@code find_type_data} packed end to end).
     *
     * @param answers one per kind reported.
     */
    public record FindAnswer(List<FindTypeData> answers) implements Body
    {
        /**
         * Copies the list.
         */
        public FindAnswer
        {
            answers = List.copyOf(answers);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }

        @Override
        public int method()
        {
            return io.relo.codec.MethodCode.FIND;
        }
    }

    /**
     * Any response whose code is not 200 (draft §4.3, {@code error_response}). A 412 to a STORE or REMOVE for a
     * wrong generation carries the current generations as error_info, {@code store_type_response} packed end to end
     * (draft §5.2.1.2: "the store-response MUST also be returned"; wire-format.md §4.6).
     *
     * @param method      the method answered.
     * @param code        the response code.
     * @param reason      the reason phrase.
     * @param generations decoded from error_info for a 412 to STORE or REMOVE; empty otherwise.
     */
    public record ErrorAnswer(int method, int code, String reason, List<StoreTypeResponse> generations)
        implements Body
    {
        /**
         * Copies the list.
         */
        public ErrorAnswer
        {
            Objects.requireNonNull(reason, "reason");
            generations = List.copyOf(generations);
        }

        @Override
        public boolean isResponse()
        {
            return true;
        }
    }
}
