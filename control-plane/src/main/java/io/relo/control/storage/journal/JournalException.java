package io.relo.control.storage.journal;

import java.io.IOException;

/**
 * A journal file that this code will not read, with what to do about it in the message.
 */
public final class JournalException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what to do.
     */
    public JournalException(final String message)
    {
        super(message);
    }
}
