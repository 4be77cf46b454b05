package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

import java.util.List;

/**
 * The client side of the storage methods (draft §5.2): what an application on a peer or client node asks of the
 * overlay. Each request is routed to the resource's responsible peer and retransmitted end to end (draft §4.4); its
 * answer arrives once, on the node's conductor thread. Safe to call from any thread.
 */
public interface StorageClient
{
    /** How a request ended. */
    interface Reply
    {
        /**
         * @param answer the 200 answer ({@link StorageMessage.StoreAnswer}, {@link StorageMessage.FetchAnswer},
         *               {@link StorageMessage.RemoveAnswer}, {@link StorageMessage.FindAnswer}) or an
         *               {@link StorageMessage.ErrorAnswer}: the responsible peer's error, or 408 when no answer came
         *               within 64 × T1 (draft §4.4).
         * @param hops   overlay hops the answer took, or -1 when none came.
         */
        void onReply(StorageMessage.Body answer, int hops);

        /**
         * The same, with the peer that answered: the origin of the answer's via list (draft §4.1.2.2), null when
         * none came. For operators and checks: which peer took a request for a resource.
         *
         * @param answer    as {@link #onReply(StorageMessage.Body, int)}.
         * @param hops      as {@link #onReply(StorageMessage.Body, int)}.
         * @param responder the answering peer, or null.
         */
        default void onReply(final StorageMessage.Body answer, final int hops, final PeerId responder)
        {
            onReply(answer, hops);
        }
    }

    /**
     * STORE (draft §5.2.1).
     *
     * @param resource the resource-id.
     * @param data     one element per kind.
     * @param reply    told the outcome.
     */
    void store(PeerId resource, List<StoreTypeData> data, Reply reply);

    /**
     * FETCH (draft §5.2.2).
     *
     * @param resource the resource-id.
     * @param data     one element per kind.
     * @param reply    told the outcome.
     */
    void fetch(PeerId resource, List<FetchTypeData> data, Reply reply);

    /**
     * REMOVE (draft §5.2.3).
     *
     * @param resource the resource-id.
     * @param data     one element per kind.
     * @param reply    told the outcome.
     */
    void remove(PeerId resource, List<FetchTypeData> data, Reply reply);

    /**
     * FIND (draft §5.2.4).
     *
     * @param resource the resource-id.
     * @param types    the type-ids.
     * @param reply    told the outcome.
     */
    void find(PeerId resource, List<Integer> types, Reply reply);
}
