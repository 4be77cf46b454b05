package io.relo.control.storage;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * An immutable string of bytes, the {@code opaque} of the draft's presentation language: stored values, dictionary
 * keys and signatures, comparable as unsigned bytes so that dictionary keys have one order.
 */
public final class Opaque implements Comparable<Opaque>
{
    /** No bytes: the value of a nonexistent value and an absent signature (draft §5.2.2.2). */
    public static final Opaque EMPTY = new Opaque(new byte[0]);

    private final byte[] bytes;
    private final int hash;

    private Opaque(final byte[] bytes)
    {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * @param bytes copied, so that later changes to the array do not reach the store.
     * @return the bytes as an Opaque.
     */
    public static Opaque copyOf(final byte[] bytes)
    {
        return bytes.length == 0 ? EMPTY : new Opaque(bytes.clone());
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length of the bytes.
     * @return a copy of the bytes as an Opaque.
     */
    public static Opaque copyOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return EMPTY;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        return new Opaque(copy);
    }

    /**
     * @return the number of bytes.
     */
    public int length()
    {
        return bytes.length;
    }

    /**
     * @param index of a byte.
     * @return that byte.
     */
    public byte byteAt(final int index)
    {
        return bytes[index];
    }

    /**
     * @return a copy of the bytes.
     */
    public byte[] toByteArray()
    {
        return bytes.clone();
    }

    @Override
    public int compareTo(final Opaque other)
    {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(final Object other)
    {
        return this == other || other instanceof Opaque that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    /**
     * @return the bytes in lower-case hex, at most the first 32 followed by "…(n bytes)".
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(2 * Math.min(bytes.length, 32) + 16);
        for (int i = 0; i < Math.min(bytes.length, 32); i++)
        {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        if (bytes.length > 32)
        {
            sb.append("…(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }
}
