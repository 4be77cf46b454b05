package io.relo.control.config;

/**
 * An overlay configuration document that cannot be used; the message gives the line and what to change.
 */
public final class OverlayConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message where and what.
     */
    public OverlayConfigurationException(final String message)
    {
        super(message);
    }

    /**
     * @param message where and what.
     * @param cause   the parser's own error.
     */
    public OverlayConfigurationException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
