package io.relo.control.storage;

import java.util.List;

/**
 * The outcome of a STORE, a REMOVE (draft §5.2.3.4: "the same syntax as the response to a STORE") or a replica merge.
 *
 * @param code        the response code.
 * @param reason      for people.
 * @param generations one per kind of the request, in its order: the new generations on 200, the current ones on a
 *                    412 for a wrong generation (draft §5.2.1.2), otherwise empty.
 */
public record StoreResult(int code, String reason, List<StoreTypeResponse> generations) implements StorageOutcome
{
    /**
     * Copies the list.
     */
    public StoreResult
    {
        generations = List.copyOf(generations);
    }
}
