package io.relo.control.storage;

import java.util.Objects;

/**
 * One kind asked for by a FETCH, or erased by a REMOVE (draft §5.2.2.1, §5.2.3, {@code fetch_type_data}).
 *
 * @param type       the type-id.
 * @param generation the generation the requester last saw (FETCH), or the one it expects (REMOVE; 0: any).
 * @param reference  which values.
 */
public record FetchTypeData(int type, long generation, FetchDataReference reference)
{
    /**
     * @throws NullPointerException if the reference is null.
     */
    public FetchTypeData
    {
        Objects.requireNonNull(reference, "reference");
    }
}
