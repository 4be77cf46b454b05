package io.relo.control.storage;

import java.util.Objects;

/**
 * A value of a dictionary kind under its key (draft §5.2.1.1.3, {@code dictionary_entry}).
 *
 * @param key   the dictionary key.
 * @param value the value.
 */
public record DictionaryEntry(Opaque key, StoredValue value) implements StoredData
{
    /**
     * @throws NullPointerException if the key or value is null.
     */
    public DictionaryEntry
    {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public DataModel model()
    {
        return DataModel.DICTIONARY;
    }
}
