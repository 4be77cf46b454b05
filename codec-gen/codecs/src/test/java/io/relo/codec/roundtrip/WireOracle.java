package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * An independent serializer written from the wire rules of docs/wire-format.md, not from the generated code:
 * big-endian integers, 16-byte ids, a vector is a byte-counting prefix then its elements, a blob a 4-byte length,
 * an inline select its discriminator then the case's fields, an external select the case's fields only, and a
 * rest-length field the byte count of every field after it in its struct.
 */
final class WireOracle
{
    /**
     * Where a value landed, relative to the start of the encoding. For vectors the span is the content after the
     * length prefix, which is what the generated {@code fOffset()} and {@code fLength()} report.
     *
     * @param start first byte.
     * @param end   one past the last byte.
     */
    record Span(int start, int end)
    {
        int length()
        {
            return end - start;
        }
    }

    /**
     * The bytes of a value and where each value inside it lies.
     *
     * @param bytes the encoding.
     * @param spans per value, by identity.
     */
    record Encoding(byte[] bytes, IdentityHashMap<Value, Span> spans)
    {
        Span span(final Value value)
        {
            final Span span = spans.get(value);
            if (null == span)
            {
                throw new IllegalArgumentException("value not part of this encoding: " + value);
            }
            return span;
        }
    }

    private byte[] out = new byte[256];
    private int size;
    private final IdentityHashMap<Value, Span> spans = new IdentityHashMap<>();

    private WireOracle()
    {
    }

    /**
     * @param type  schema type.
     * @param value conforming to it.
     * @return its encoding.
     */
    static Encoding encode(final Ir.Type type, final Value value)
    {
        final WireOracle oracle = new WireOracle();
        oracle.write(type, value);
        return new Encoding(Arrays.copyOf(oracle.out, oracle.size), oracle.spans);
    }

    /**
     * @param type  schema type.
     * @param value conforming to it.
     * @return bytes of its encoding.
     */
    static int encodedLength(final Ir.Type type, final Value value)
    {
        final WireOracle oracle = new WireOracle();
        oracle.write(type, value);
        return oracle.size;
    }

    private void write(final Ir.Type type, final Value value)
    {
        final int start = size;
        if (type instanceof Ir.IntType it)
        {
            final long v = ((Value.IntValue)value).value();
            checkRange(it, v);
            putBigEndian(it.width(), v);
        }
        else if (type instanceof Ir.IdType)
        {
            final Value.IdValue id = (Value.IdValue)value;
            putBigEndian(8, id.hi());
            putBigEndian(8, id.lo());
        }
        else if (type instanceof Ir.VectorType v)
        {
            writeVector(v, value);
            return;
        }
        else if (type instanceof Ir.StructType s)
        {
            writeStruct(s, (Value.StructValue)value);
        }
        else
        {
            writeSelect((Ir.SelectType)type, (Value.SelectValue)value);
        }
        spans.put(value, new Span(start, size));
    }

    private void writeVector(final Ir.VectorType v, final Value value)
    {
        final int prefixAt = reserve(v.prefixWidth());
        final int contentStart = size;
        if (v.element() instanceof Ir.ByteType)
        {
            final byte[] bytes = ((Value.BytesValue)value).bytes();
            ensure(bytes.length);
            System.arraycopy(bytes, 0, out, size, bytes.length);
            size += bytes.length;
        }
        else
        {
            for (final Value element : ((Value.ListValue)value).elements())
            {
                write(v.element(), element);
            }
        }
        final long length = size - contentStart;
        if (length < v.min() || length > v.max() || length > maxUnsigned(v.prefixWidth()))
        {
            throw new IllegalStateException("test bug: vector of " + length + " bytes outside [" + v.min() + ", " +
                v.max() + "]");
        }
        patchBigEndian(prefixAt, v.prefixWidth(), length);
        spans.put(value, new Span(contentStart, size));
    }

    private void writeStruct(final Ir.StructType s, final Value.StructValue value)
    {
        final List<Value> values = value.fields();
        int lengthAt = -1;
        Ir.IntType lengthType = null;
        for (int i = 0; i < s.fields.size(); i++)
        {
            final Ir.Field field = s.fields.get(i);
            final Value fieldValue = values.get(i);
            if (field.restLength())
            {
                lengthType = (Ir.IntType)field.type();
                lengthAt = reserve(lengthType.width());
                spans.put(fieldValue, new Span(lengthAt, size));
            }
            else
            {
                if (field.discriminatorIndex() >= 0)
                {
                    final long discriminator = ((Value.IntValue)values.get(field.discriminatorIndex())).value();
                    if (((Value.SelectValue)fieldValue).chosen().label().value() != discriminator)
                    {
                        throw new IllegalStateException("test bug: " + s.name + "." + field.name() +
                            " case disagrees with its discriminator " + discriminator);
                    }
                }
                write(field.type(), fieldValue);
            }
        }
        if (lengthAt >= 0)
        {
            // The length field counts every byte after itself up to the end of the struct.
            final long rest = size - (lengthAt + lengthType.width());
            final long stated = ((Value.IntValue)values.get(s.restLengthIndex())).value();
            if (rest != stated || rest > maxUnsigned(lengthType.width()))
            {
                throw new IllegalStateException("test bug: " + s.name + " length " + stated + " but " + rest +
                    " bytes follow");
            }
            patchBigEndian(lengthAt, lengthType.width(), rest);
        }
    }

    private void writeSelect(final Ir.SelectType s, final Value.SelectValue value)
    {
        if (s.inline)
        {
            putBigEndian(s.discriminator.width, value.chosen().label().value());
        }
        final List<Ir.Field> fields = value.chosen().fields();
        for (int i = 0; i < fields.size(); i++)
        {
            write(fields.get(i).type(), value.fields().get(i));
        }
    }

    private static void checkRange(final Ir.IntType it, final long v)
    {
        final boolean ok;
        if (it.width() == 8)
        {
            ok = true;
        }
        else if (it.signed())
        {
            final long half = 1L << (8 * it.width() - 1);
            ok = v >= -half && v < half;
        }
        else
        {
            ok = v >= 0 && v <= maxUnsigned(it.width());
        }
        if (!ok)
        {
            throw new IllegalStateException("test bug: " + v + " does not fit " + it);
        }
    }

    static long maxUnsigned(final int width)
    {
        return width >= 8 ? -1L : (1L << (8 * width)) - 1;
    }

    private int reserve(final int width)
    {
        final int at = size;
        putBigEndian(width, 0);
        return at;
    }

    private void putBigEndian(final int width, final long value)
    {
        ensure(width);
        patchBigEndian(size, width, value);
        size += width;
    }

    private void patchBigEndian(final int at, final int width, final long value)
    {
        for (int i = 0; i < width; i++)
        {
            out[at + i] = (byte)(value >>> (8 * (width - 1 - i)));
        }
    }

    private void ensure(final int more)
    {
        if (size + more > out.length)
        {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
