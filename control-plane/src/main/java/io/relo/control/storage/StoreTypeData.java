package io.relo.control.storage;

import java.util.List;

/**
 * The values a STORE writes for one kind, with the generation the storer expects (draft §5.2.1.1,
 * {@code store_type_data}).
 *
 * @param type       the type-id.
 * @param generation the expected generation counter; 0 stores whatever the current one is.
 * @param values     processed in turn.
 */
public record StoreTypeData(int type, long generation, List<StoredData> values)
{
    /**
     * Copies the list.
     */
    public StoreTypeData
    {
        values = List.copyOf(values);
    }
}
