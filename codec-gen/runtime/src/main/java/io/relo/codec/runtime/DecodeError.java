package io.relo.codec.runtime;

/**
 * What went wrong in a decode and where: the structure and field, the absolute byte offset, the value found and the
 * limit it broke. One instance is shared by a decoder and all of its children and is reused from frame to frame, so
 * recording an error never allocates. {@link #message()} allocates and is for people, not the hot path.
 */
public final class DecodeError
{
    /** Returned by decoders when they refuse their input. */
    public static final int FAILED = -1;

    private ErrorCode code = ErrorCode.NONE;
    private String structName = "";
    private String fieldName = "";
    private int offset;
    private long value;
    private long bound;

    /**
     * Forget any recorded error.
     */
    public void reset()
    {
        code = ErrorCode.NONE;
        structName = "";
        fieldName = "";
        offset = 0;
        value = 0;
        bound = 0;
    }

    /**
     * Record an error.
     *
     * @param code       what is wrong.
     * @param structName the structure being decoded, as the schema names it.
     * @param fieldName  the field being decoded, as the schema names it.
     * @param offset     absolute byte offset of the field in the buffer.
     * @param value      the value found, such as a length prefix; meaning depends on the code.
     * @param bound      the limit it broke, such as the end of the window; meaning depends on the code.
     * @return {@link #FAILED}, so decoders can {@code return error.record(...)}.
     */
    public int record(
        final ErrorCode code,
        final String structName,
        final String fieldName,
        final int offset,
        final long value,
        final long bound)
    {
        this.code = code;
        this.structName = structName;
        this.fieldName = fieldName;
        this.offset = offset;
        this.value = value;
        this.bound = bound;
        return FAILED;
    }

    /**
     * @return what is wrong, {@link ErrorCode#NONE} if nothing is.
     */
    public ErrorCode code()
    {
        return code;
    }

    /**
     * @return the structure in which decoding failed.
     */
    public String structName()
    {
        return structName;
    }

    /**
     * @return the field in which decoding failed.
     */
    public String fieldName()
    {
        return fieldName;
    }

    /**
     * @return absolute byte offset of the failing field.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return the value found, for example a length prefix or an unknown discriminator.
     */
    public long value()
    {
        return value;
    }

    /**
     * @return the limit broken, for example the end of the window or a declared bound.
     */
    public long bound()
    {
        return bound;
    }

    /**
     * A sentence a person can act on, such as
     * "store_request.store_data: vector of 70 bytes at byte 22 runs past the end of its window at byte 60".
     *
     * @return the message; allocates.
     */
    public String message()
    {
        final String where = structName + "." + fieldName;
        switch (code)
        {
            case NONE:
                return "no error";
            case BAD_WINDOW:
                return where + ": window [" + offset + ", " + value + ") does not lie inside a buffer of " +
                    bound + " bytes";
            case TRUNCATED:
                return where + ": needs " + value + " bytes at byte " + offset + " but the window ends at byte " +
                    bound;
            case VECTOR_OVERRUN:
                return where + ": " + value + " bytes declared at byte " + offset +
                    " run past the end of the enclosing structure at byte " + bound;
            case VECTOR_OVER_BOUND:
                return where + ": vector of " + value + " bytes at byte " + offset + " exceeds its bound of " +
                    bound + " bytes";
            case VECTOR_UNDER_MINIMUM:
                return where + ": vector of " + value + " bytes at byte " + offset + " is shorter than its minimum of " +
                    bound + " bytes";
            case VECTOR_NOT_MULTIPLE:
                return where + ": vector of " + value + " bytes at byte " + offset +
                    " is not a whole number of " + bound + "-byte elements";
            case UNKNOWN_CASE:
                return where + ": unknown type " + value + " at byte " + offset;
            case LENGTH_MISMATCH:
                return where + ": length " + value + " at byte " + offset + " disagrees with its contents, which end at " +
                    bound;
            case TRAILING_BYTES:
                return where + ": " + (bound - value) + " unexpected bytes after the structure, from byte " + value;
            case BAD_VALUE:
                return where + ": bad value " + value + " at byte " + offset + " (allowed at most " + bound + ")";
            default:
                return where + ": " + code.description() + " at byte " + offset;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return message();
    }
}
