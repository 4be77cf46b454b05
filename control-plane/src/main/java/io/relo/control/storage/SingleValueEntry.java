package io.relo.control.storage;

import java.util.Objects;

/**
 * The value of a single-value kind (draft §5.2.1.1.1, {@code single_value_entry}).
 *
 * @param value the value.
 */
public record SingleValueEntry(StoredValue value) implements StoredData
{
    /**
     * @throws NullPointerException if the value is null.
     */
    public SingleValueEntry
    {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public DataModel model()
    {
        return DataModel.SINGLE_VALUE;
    }
}
