package io.relo.control.storage;

/**
 * A stored value together with its address in the kind's data model: the {@code data-value} of {@code stored_data}
 * is a {@code single_value_entry}, {@code array_entry} or {@code dictionary_entry} (draft §5.2.1.1).
 */
public sealed interface StoredData permits SingleValueEntry, ArrayEntry, DictionaryEntry
{
    /**
     * @return the value and its times.
     */
    StoredValue value();

    /**
     * @return the data model this entry belongs to.
     */
    DataModel model();
}
