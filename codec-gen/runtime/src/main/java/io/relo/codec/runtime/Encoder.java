package io.relo.codec.runtime;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Base of the generated encoders: writes fields in schema order at a shared position, back-patches vector and
 * length prefixes, and refuses with a clear message to write fields out of order or past a declared bound.
 * Encoders are for the originating side; writes past the buffer's capacity throw from the buffer itself.
 */
public abstract class Encoder
{
    /** Shared with every child encoder handed out by this one. */
    protected final EncodeState state;
    /** First byte of the structure being written. */
    protected int start;
    /** Index of the next field the schema expects. */
    protected int nextField;
    private Encoder pending;
    private boolean finished;

    /**
     * @param state shared with the parent, or a fresh one for a top-level encoder.
     */
    protected Encoder(final EncodeState state)
    {
        this.state = state;
    }

    /**
     * @return the structure's name as the schema spells it.
     */
    protected abstract String structName();

    /**
     * @param index of a field.
     * @return the field's name as the schema spells it.
     */
    protected abstract String fieldName(int index);

    /**
     * @return number of fields, counting every case of a select.
     */
    protected abstract int fieldCount();

    /**
     * Called by {@link #finish()} after checking all fields were written; back-patches length fields.
     */
    protected void onFinish()
    {
    }

    /**
     * @return whether the structure is complete when {@code nextField} equals the value reached.
     */
    protected boolean isComplete()
    {
        return nextField == fieldCount();
    }

    /**
     * Start writing a top-level structure at {@code offset}.
     *
     * @param buffer to write.
     * @param offset of the first byte.
     * @return this encoder.
     */
    protected final Encoder wrapTopLevel(final MutableDirectBuffer buffer, final int offset)
    {
        state.buffer = buffer;
        state.limit = offset;
        return begin();
    }

    /**
     * Start writing this structure at the shared position; used for children.
     *
     * @return this encoder.
     */
    public final Encoder begin()
    {
        start = state.limit;
        nextField = 0;
        pending = null;
        finished = false;
        onBegin();
        return this;
    }

    /**
     * Called by {@link #begin()}; resets per-structure state such as a select's chosen case.
     */
    protected void onBegin()
    {
    }

    /**
     * Move the shared write position to {@code limit}, after bytes were written into {@link #buffer()} by other
     * means, for example by a separate encoder wrapped at {@link #limit()} to fill a blob.
     *
     * @param limit new write position; must not be before the current one.
     */
    protected final void advanceTo(final int limit)
    {
        if (limit < state.limit || limit > state.buffer.capacity())
        {
            throw new IllegalArgumentException(structName() + ": cannot move the write position from " +
                state.limit + " to " + limit);
        }
        state.limit = limit;
    }

    /**
     * Hand out a child encoder positioned at the current write position; it is finished automatically when this
     * encoder writes its next field or finishes.
     *
     * @param child to position.
     * @param <E>   child type.
     * @return the child.
     */
    protected final <E extends Encoder> E child(final E child)
    {
        finishPending();
        child.begin();
        pending = child;
        return child;
    }

    /**
     * Check that {@code index} is the field the schema expects next, finishing any child in progress.
     *
     * @param index of the field about to be written.
     */
    protected final void field(final int index)
    {
        if (finished)
        {
            throw new IllegalStateException(structName() + ": already finished; cannot write '" +
                fieldName(index) + "'");
        }
        finishPending();
        if (nextField != index)
        {
            throw new IllegalStateException(structName() + ": field '" + fieldName(index) +
                "' written out of order; the schema expects '" + expected() + "' next");
        }
    }

    /**
     * Jump to the first field of a select case, or past a case, without writing.
     *
     * @param index of the field to expect next.
     */
    protected final void expect(final int index)
    {
        nextField = index;
    }

    private String expected()
    {
        return nextField < fieldCount() ? fieldName(nextField) : "(end)";
    }

    private void finishPending()
    {
        final Encoder p = pending;
        if (null != p)
        {
            pending = null;
            p.finish();
        }
    }

    /**
     * Complete the structure: finish any child, check every field was written, back-patch length fields.
     *
     * @return number of bytes the structure occupies.
     */
    public final int finish()
    {
        if (!finished)
        {
            finishPending();
            if (!isComplete())
            {
                throw new IllegalStateException(structName() + ": field '" + expected() + "' was never written");
            }
            onFinish();
            finished = true;
        }
        return state.limit - start;
    }

    /**
     * @return the buffer being written.
     */
    public final MutableDirectBuffer buffer()
    {
        return state.buffer;
    }

    /**
     * @return the offset of this structure's first byte.
     */
    public final int offset()
    {
        return start;
    }

    /**
     * @return the next byte the encoder tree will write.
     */
    public final int limit()
    {
        return state.limit;
    }

    /**
     * @return bytes written so far for this structure.
     */
    public final int encodedLength()
    {
        return state.limit - start;
    }

    /**
     * Write an unsigned integer at the current position and advance.
     *
     * @param width in bytes.
     * @param value to write.
     */
    protected final void putUnsigned(final int width, final long value)
    {
        Wire.putUnsigned(state.buffer, state.limit, width, value);
        state.limit += width;
    }

    /**
     * Write a 128-bit identifier as two big-endian longs and advance.
     *
     * @param hi most significant 64 bits.
     * @param lo least significant 64 bits.
     */
    protected final void putId128(final long hi, final long lo)
    {
        Wire.putUnsigned(state.buffer, state.limit, 8, hi);
        Wire.putUnsigned(state.buffer, state.limit + 8, 8, lo);
        state.limit += 16;
    }

    /**
     * Reserve a zeroed length prefix at the current position.
     *
     * @param width of the prefix in bytes.
     * @return the prefix's offset, for {@link #endVector}.
     */
    protected final int beginVector(final int width)
    {
        final int at = state.limit;
        Wire.putUnsigned(state.buffer, at, width, 0);
        state.limit += width;
        return at;
    }

    /**
     * Back-patch a length prefix with the bytes written since it, checking the schema's bounds.
     *
     * @param prefixOffset as returned by {@link #beginVector}.
     * @param width        of the prefix in bytes.
     * @param min          fewest bytes the schema allows.
     * @param max          most bytes the schema allows.
     * @param fieldIndex   for the message.
     */
    protected final void endVector(
        final int prefixOffset, final int width, final long min, final long max, final int fieldIndex)
    {
        finishPending();
        final long length = state.limit - prefixOffset - width;
        if (length > max)
        {
            throw new IllegalStateException(structName() + "." + fieldName(fieldIndex) + ": " + length +
                " bytes exceed the bound of " + max);
        }
        if (length < min)
        {
            throw new IllegalStateException(structName() + "." + fieldName(fieldIndex) + ": " + length +
                " bytes are fewer than the minimum of " + min);
        }
        Wire.putUnsigned(state.buffer, prefixOffset, width, length);
    }

    /**
     * Write a whole byte vector: prefix then bytes.
     *
     * @param width      of the prefix.
     * @param min        fewest bytes allowed.
     * @param max        most bytes allowed.
     * @param fieldIndex for the message.
     * @param src        bytes.
     * @param srcOffset  first byte.
     * @param length     number of bytes.
     */
    protected final void putBytes(
        final int width,
        final long min,
        final long max,
        final int fieldIndex,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        final int prefix = beginVector(width);
        state.buffer.putBytes(state.limit, src, srcOffset, length);
        state.limit += length;
        endVector(prefix, width, min, max, fieldIndex);
    }

    /**
     * Write a whole byte vector from an array.
     *
     * @param width      of the prefix.
     * @param min        fewest bytes allowed.
     * @param max        most bytes allowed.
     * @param fieldIndex for the message.
     * @param src        bytes.
     */
    protected final void putBytes(
        final int width, final long min, final long max, final int fieldIndex, final byte[] src)
    {
        final int prefix = beginVector(width);
        state.buffer.putBytes(state.limit, src);
        state.limit += src.length;
        endVector(prefix, width, min, max, fieldIndex);
    }

    /**
     * Write a string as UTF-8 with a length prefix. Allocates for non-ASCII text; meant for the control plane.
     *
     * @param width      of the prefix.
     * @param min        fewest bytes allowed.
     * @param max        most bytes allowed.
     * @param fieldIndex for the message.
     * @param value      text.
     */
    protected final void putString(
        final int width, final long min, final long max, final int fieldIndex, final CharSequence value)
    {
        final int prefix = beginVector(width);
        final int length = value.length();
        boolean ascii = true;
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) > 0x7F)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            for (int i = 0; i < length; i++)
            {
                state.buffer.putByte(state.limit + i, (byte)value.charAt(i));
            }
            state.limit += length;
        }
        else
        {
            final byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
            state.buffer.putBytes(state.limit, bytes);
            state.limit += bytes.length;
        }
        endVector(prefix, width, min, max, fieldIndex);
    }
}
