package io.relo.control.storage;

import java.util.List;

/**
 * Which values of a kind a FETCH returns or a REMOVE erases (draft §5.2.2.1; {@code fetch_data_reference},
 * wire-format.md §4.2).
 */
public sealed interface FetchDataReference
    permits FetchDataReference.SingleValue, FetchDataReference.Array, FetchDataReference.Dictionary
{
    /**
     * @return the data model the reference is written for.
     */
    DataModel model();

    /**
     * The value of a single-value kind: the reference is empty.
     */
    record SingleValue() implements FetchDataReference
    {
        /** The only reference a single value needs. */
        public static final SingleValue INSTANCE = new SingleValue();

        @Override
        public DataModel model()
        {
            return DataModel.SINGLE_VALUE;
        }
    }

    /**
     * A range of an array ({@code fetch_array_reference}).
     *
     * @param first first index, or -1 for the final element.
     * @param last  last index, or -1 for the final element.
     */
    record Array(int first, int last) implements FetchDataReference
    {
        /** draft §5.2.2.1: "-1 is used to indicate the final element". */
        public static final int FINAL = -1;

        @Override
        public DataModel model()
        {
            return DataModel.ARRAY;
        }
    }

    /**
     * Keys of a dictionary; none is the wildcard ({@code fetch_dictionary_reference}).
     *
     * @param keys the keys, in the order the answer lists them.
     */
    record Dictionary(List<Opaque> keys) implements FetchDataReference
    {
        /** draft §5.2.2.1: "If no keys are specified, than this is a wildcard fetch". */
        public static final Dictionary WILDCARD = new Dictionary(List.of());

        /**
         * Copies the list.
         */
        public Dictionary
        {
            keys = List.copyOf(keys);
        }

        @Override
        public DataModel model()
        {
            return DataModel.DICTIONARY;
        }
    }
}
