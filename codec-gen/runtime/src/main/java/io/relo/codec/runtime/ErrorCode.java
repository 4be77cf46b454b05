package io.relo.codec.runtime;

/**
 * Why a decoder refused its input. Each code names one way bytes can be malformed; the {@link DecodeError} that
 * carries it says where.
 */
public enum ErrorCode
{
    /** No error has been recorded. */
    NONE("no error"),
    /** The window handed to the decoder does not lie inside the buffer. */
    BAD_WINDOW("window does not lie inside the buffer"),
    /** A fixed-size field needs more bytes than remain before the limit. */
    TRUNCATED("is truncated"),
    /** A vector's length prefix runs past the end of the enclosing structure. */
    VECTOR_OVERRUN("runs past the end"),
    /** A vector's length prefix exceeds the bound the schema declares. */
    VECTOR_OVER_BOUND("exceeds its bound"),
    /** A vector is shorter than the minimum the schema declares. */
    VECTOR_UNDER_MINIMUM("is shorter than its minimum"),
    /** A vector of fixed-size elements has a byte length that is not a multiple of the element size. */
    VECTOR_NOT_MULTIPLE("is not a whole number of elements"),
    /** A select's discriminator names no case of the schema. */
    UNKNOWN_CASE("has an unknown type"),
    /** A length field disagrees with the fields it covers. */
    LENGTH_MISMATCH("length disagrees with its contents"),
    /** Bytes remain after a structure that must fill its window exactly. */
    TRAILING_BYTES("is followed by unexpected bytes"),
    /** A value is outside the range its field allows. */
    BAD_VALUE("has a bad value");

    private final String description;

    ErrorCode(final String description)
    {
        this.description = description;
    }

    /**
     * Short phrase for messages, such as "runs past the end".
     *
     * @return the phrase.
     */
    public String description()
    {
        return description;
    }
}
