package io.relo.codec.runtime;

import org.agrona.DirectBuffer;

/**
 * A flyweight that validates a structure in a window of a buffer and then reads its fields in place.
 */
public interface Decoder
{
    /**
     * Wrap and validate the structure that starts at {@code offset} and may extend up to {@code limit}. Every length
     * inside is checked against its enclosing limit; nothing outside [offset, limit) is ever read.
     *
     * @param buffer holding the bytes.
     * @param offset at which the structure starts.
     * @param limit  one past the last byte the structure may use.
     * @return the number of bytes the structure occupies, or {@link DecodeError#FAILED} with {@link #error()} set.
     */
    int wrap(DirectBuffer buffer, int offset, int limit);

    /**
     * Re-wrap a structure that was already validated as part of a successfully wrapped parent, as cursors do. Its
     * own fields are still bounds-checked, but vectors of structures inside it are not walked again: their elements
     * are checked when a cursor reaches them, and their counts are computed when first asked for. This keeps the
     * cost of walking a validated tree linear in its size.
     *
     * @param buffer holding the bytes.
     * @param offset at which the structure starts.
     * @param limit  one past the last byte the structure may use.
     * @return the number of bytes the structure occupies, or {@link DecodeError#FAILED} with {@link #error()} set.
     */
    int wrapValidated(DirectBuffer buffer, int offset, int limit);

    /**
     * @return the bytes occupied by the structure last wrapped successfully.
     */
    int encodedLength();

    /**
     * @return the error shared by this decoder and its children.
     */
    DecodeError error();
}
