package io.relo.bench.codec.baseline;

/**
 * Thrown by the baseline parsers when the bytes are not a well-formed message, saying which field is wrong.
 */
public final class MalformedMessageException extends Exception
{
    /**
     * @param message naming the structure and field and what is wrong with them.
     */
    public MalformedMessageException(final String message)
    {
        super(message);
    }
}
