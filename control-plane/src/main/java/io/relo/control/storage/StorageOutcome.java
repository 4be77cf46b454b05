package io.relo.control.storage;

/**
 * What every storage operation answers: the draft §4.3 response code and a reason for people.
 */
public interface StorageOutcome
{
    /**
     * @return a {@link io.relo.codec.ResponseCode}.
     */
    int code();

    /**
     * @return what went wrong and what to do, or "OK".
     */
    String reason();

    /**
     * @return whether the code is 200.
     */
    default boolean ok()
    {
        return code() == io.relo.codec.ResponseCode.OK;
    }
}
