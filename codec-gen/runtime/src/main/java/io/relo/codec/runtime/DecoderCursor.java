package io.relo.codec.runtime;

import org.agrona.DirectBuffer;

/**
 * Walks a vector of structures that its parent has already validated, re-wrapping one element decoder per step
 * with {@link Decoder#wrapValidated}.
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
    private final D counter;
    private DirectBuffer buffer;
    private int start;
    private int position;
    private int limit;
    private int count;

    /**
     * @param element decoder re-wrapped at each element.
     * @param counter a second decoder of the same type, used to count elements without disturbing an iteration.
     */
    public DecoderCursor(final D element, final D counter)
    {
        this.element = element;
        this.counter = counter;
    }

    /**
     * Point at a validated vector.
     *
     * @param buffer holding the vector.
     * @param offset of the first element.
     * @param limit  one past the last element.
     * @param count  number of elements if known, else -1 to count them when first asked.
     * @return this cursor.
     */
    public DecoderCursor<D> reset(final DirectBuffer buffer, final int offset, final int limit, final int count)
    {
        this.buffer = buffer;
        this.start = offset;
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
        if (count < 0)
        {
            count = countElements(counter, buffer, start, limit);
        }
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
        final int length = element.wrapValidated(buffer, position, limit);
        position = length <= 0 ? limit : position + length;
        return element;
    }

    /**
     * Count the elements of a validated vector by walking it.
     *
     * @param counter decoder used for the walk.
     * @param buffer  holding the vector.
     * @param offset  of the first element.
     * @param limit   one past the last element.
     * @return number of elements before the first that fails, which for a validated vector is all of them.
     */
    public static int countElements(final Decoder counter, final DirectBuffer buffer, final int offset,
        final int limit)
    {
        int position = offset;
        int count = 0;
        while (position < limit)
        {
            final int length = counter.wrapValidated(buffer, position, limit);
            if (length <= 0)
            {
                break;
            }
            position += length;
            count++;
        }
        return count;
    }
}
