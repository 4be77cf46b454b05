package io.relo.codecgen.schema;

/**
 * A schema that cannot be parsed or resolved; the message names the file and line and says what to change.
 */
public final class SchemaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param source  file name of the schema.
     * @param line    1-based line.
     * @param message what is wrong and what to do.
     */
    public SchemaException(final String source, final int line, final String message)
    {
        super(source + " line " + line + ": " + message);
    }
}
