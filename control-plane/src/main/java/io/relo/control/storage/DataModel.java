package io.relo.control.storage;

/**
 * The data models of draft §5.2.1 (§3.1.4): how the values of one kind at one resource are addressed.
 */
public enum DataModel
{
    /** draft §5.2.1.1.1: at most one value; a store overwrites it. */
    SINGLE_VALUE(1),
    /** draft §5.2.1.1.2: a sparse, zero-based array of values addressed by index. */
    ARRAY(2),
    /** draft §5.2.1.1.3: values addressed by an opaque key. */
    DICTIONARY(3);

    private final int code;

    DataModel(final int code)
    {
        this.code = code;
    }

    /**
     * @return the value of this model in the schema's {@code data_model} enum (wire-format.md §4.2).
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the model's name as people write it, such as "single value".
     */
    public String label()
    {
        switch (this)
        {
            case SINGLE_VALUE:
                return "single value";
            case ARRAY:
                return "array";
            default:
                return "dictionary";
        }
    }
}
