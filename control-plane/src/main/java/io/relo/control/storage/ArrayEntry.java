package io.relo.control.storage;

import java.util.Objects;

/**
 * A value of an array kind at its index (draft §5.2.1.1.2, {@code array_entry}).
 *
 * @param index zero-based; in a STORE, {@link #APPEND} places the value at the end of the array.
 * @param value the value.
 */
public record ArrayEntry(int index, StoredValue value) implements StoredData
{
    /** draft §5.2.1.1.2: "If the index value is -1, then the value is placed at the end of the array." */
    public static final int APPEND = -1;

    /**
     * @throws NullPointerException if the value is null.
     */
    public ArrayEntry
    {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public DataModel model()
    {
        return DataModel.ARRAY;
    }
}
