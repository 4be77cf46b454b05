package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

/**
 * The authorization hook of a kind (draft §3.7, §10.5.1): whether a requester may write or remove a value at a
 * resource. The security layer supplies real policies; until then every kind uses {@link #ALLOW_ALL}, which is
 * the rule of shared-key overlays (§10.5: "all peers trust all other peers").
 */
@FunctionalInterface
public interface AccessPolicy
{
    /** Every request is permitted. */
    AccessPolicy ALLOW_ALL = (operation, requester, resource, kind, data) -> true;

    /**
     * What is being asked of the store.
     */
    enum Operation
    {
        /** A STORE writes {@code data} (draft §5.2.1.1: "signed by a credential which is authorized to write"). */
        STORE,
        /** A REMOVE erases {@code data}, a value held now (draft §5.2.3: "in general only the original signer"). */
        REMOVE,
        /** A replica arrives from another peer on behalf of {@code requester}, the value's original storer. */
        REPLICATE
    }

    /**
     * Decide one value of one request; a refusal is answered 403 (draft §4.3).
     *
     * @param operation what the request does.
     * @param requester the peer the request comes from (for REPLICATE, the value's original storer).
     * @param resource  the resource-id.
     * @param kind      the kind of the value.
     * @param data      the value to store (an array append has index -1), or the held value a REMOVE would erase.
     * @return true if permitted.
     */
    boolean permits(Operation operation, PeerId requester, PeerId resource, Kind kind, StoredData data);
}
