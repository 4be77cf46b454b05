package io.relo.codec.runtime;

import org.agrona.MutableDirectBuffer;

/**
 * The buffer and write position shared by an encoder and every child encoder it hands out, so that a nested
 * structure written through a child advances its parent too.
 */
public final class EncodeState
{
    MutableDirectBuffer buffer;
    int limit;

    /**
     * @return the buffer being written.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the next byte to be written.
     */
    public int limit()
    {
        return limit;
    }
}
