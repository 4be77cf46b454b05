package io.relo.control.storage;

import java.util.List;

/**
 * The answer of a FETCH for one kind (draft §5.2.2.2, {@code fetch_response}): no values on a cache hit.
 *
 * @param type       the type-id.
 * @param generation the current generation counter.
 * @param values     the values asked for, nonexistent ones as {@link StoredValue#NONEXISTENT}.
 */
public record FetchResponse(int type, long generation, List<StoredData> values)
{
    /**
     * Copies the list.
     */
    public FetchResponse
    {
        values = List.copyOf(values);
    }
}
