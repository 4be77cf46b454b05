package io.relo.control.storage;

import java.util.List;

/**
 * The outcome of a FETCH (draft §5.2.2.2).
 *
 * @param code      the response code.
 * @param reason    for people.
 * @param responses on 200, one per kind of the request, in its order; otherwise empty.
 */
public record FetchResult(int code, String reason, List<FetchResponse> responses) implements StorageOutcome
{
    /**
     * Copies the list.
     */
    public FetchResult
    {
        responses = List.copyOf(responses);
    }
}
