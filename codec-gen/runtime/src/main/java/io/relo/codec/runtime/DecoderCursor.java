package io.relo.codec.runtime;

import org.agrona.DirectBuffer;

/**
 * Walks a vector of structures that its parent has already validated, re-wrapping one element decoder per step.
 *
 * <pre>{@code
 * final DecoderCursor<StoreTypeDataDecoder> cursor = request.storeData();
 * while (cursor.hasNext())
 * {
 *     final StoreTypeDataDecoder data = cursor.next();
 * }
 * }</pre>
 *
 * @param <D> element decoder.
 */
public final class DecoderCursor<D extends Decoder>
{
    private final D element;
    private DirectBuffer buffer;
    private int position;
    private int limit;
    private int count;

    /**
     * @param element decoder re-wrapped at each element.
     */
    public DecoderCursor(final D element)
    {
        this.element = element;
    }

    /**
     * Point at a validated vector.
     *
     * @param buffer holding the vector.
     * @param offset of the first element.
     * @param limit  one past the last element.
     * @param count  number of elements, counted during validation.
     * @return this cursor.
     */
    public DecoderCursor<D> reset(final DirectBuffer buffer, final int offset, final int limit, final int count)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = limit;
        this.count = count;
        return this;
    }

    /**
     * @return the number of elements in the vector.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return true while elements remain.
     */
    public boolean hasNext()
    {
        return position < limit;
    }

    /**
     * Wrap the element decoder at the next element. Elements were validated when the parent was wrapped, so this
     * cannot fail on a vector reached through a successfully wrapped parent.
     *
     * @return the element decoder.
     */
    public D next()
    {
        final int length = element.wrap(buffer, position, limit);
        position = length < 0 ? limit : position + length;
        return element;
    }
}
