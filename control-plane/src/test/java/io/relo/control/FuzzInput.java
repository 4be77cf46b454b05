package io.relo.control;

import java.util.Arrays;

/**
 * The fuzzer's bytes read one at a time, zeros once they run out: how the control plane's fuzz targets turn one
 * input into a sequence of choices.
 */
public final class FuzzInput
{
    private final byte[] data;
    private int position;

    /**
     * @param data the fuzzer's input.
     */
    public FuzzInput(final byte[] data)
    {
        this.data = data;
    }

    /**
     * @return whether unread bytes remain.
     */
    public boolean hasMore()
    {
        return position < data.length;
    }

    /**
     * @return the next byte, unsigned, or 0 past the end.
     */
    public int next()
    {
        return position < data.length ? data[position++] & 0xFF : 0;
    }

    /**
     * @return every unread byte; afterwards nothing is left.
     */
    public byte[] rest()
    {
        final byte[] rest = Arrays.copyOfRange(data, Math.min(position, data.length), data.length);
        position = data.length;
        return rest;
    }
}
