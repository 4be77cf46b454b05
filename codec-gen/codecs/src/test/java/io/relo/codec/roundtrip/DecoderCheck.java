package io.relo.codec.roundtrip;

import io.relo.codec.runtime.DecoderCursor;
import io.relo.codecgen.ir.Ir;
import io.relo.codecgen.ir.JavaNames;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.relo.codec.roundtrip.Reflect.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads every accessor of a wrapped generated decoder, recursively, and checks it against the value the bytes were
 * made from and the offsets at which the oracle put each part.
 */
final class DecoderCheck
{
    private static final Class<?>[] INDEX = {int.class};

    private final WireOracle.Encoding encoding;
    private final int base;

    /**
     * @param encoding the oracle's bytes and spans.
     * @param base     absolute offset at which the bytes lie in the decoded buffer.
     */
    DecoderCheck(final WireOracle.Encoding encoding, final int base)
    {
        this.encoding = encoding;
        this.base = base;
    }

    void struct(final Object decoder, final Value.StructValue value, final String path)
    {
        position(decoder, value, path);
        final List<Ir.Field> fields = value.type().fields;
        for (int i = 0; i < fields.size(); i++)
        {
            field(decoder, fields.get(i), value.fields().get(i), path + "." + fields.get(i).name());
        }
    }

    void select(final Object decoder, final Value.SelectValue value, final String path)
    {
        position(decoder, value, path);
        assertEquals((int)value.chosen().label().value(), call(decoder, "type"), path + " type()");
        final List<Ir.Field> fields = value.chosen().fields();
        for (int i = 0; i < fields.size(); i++)
        {
            field(decoder, fields.get(i), value.fields().get(i), path + "." + fields.get(i).name());
        }
    }

    private void position(final Object decoder, final Value value, final String path)
    {
        final WireOracle.Span span = encoding.span(value);
        assertEquals(base + span.start(), call(decoder, "offset"), path + " offset()");
        assertEquals(span.length(), call(decoder, "encodedLength"), path + " encodedLength()");
    }

    private void field(final Object decoder, final Ir.Field field, final Value value, final String path)
    {
        final String n = field.javaName();
        final WireOracle.Span span = encoding.span(value);
        assertEquals(base + span.start(), call(decoder, n + "Offset"), path + " " + n + "Offset()");
        final Ir.Type type = field.type();
        if (type instanceof Ir.IntType it)
        {
            final Object got = call(decoder, n);
            assertEquals(Accessors.intJavaType(it), got.getClass() == Integer.class ? int.class : long.class,
                path + " Java type");
            assertEquals(((Value.IntValue)value).value(), ((Number)got).longValue(), path);
        }
        else if (type instanceof Ir.IdType)
        {
            final Value.IdValue id = (Value.IdValue)value;
            assertEquals(id.hi(), call(decoder, n + "Hi"), path + " hi");
            assertEquals(id.lo(), call(decoder, n + "Lo"), path + " lo");
        }
        else if (type instanceof Ir.VectorType v)
        {
            assertEquals(span.length(), call(decoder, n + "Length"), path + " " + n + "Length()");
            vector(decoder, v, n, value, path);
        }
        else if (type instanceof Ir.StructType)
        {
            struct(call(decoder, n), (Value.StructValue)value, path);
        }
        else
        {
            select(call(decoder, n), (Value.SelectValue)value, path);
        }
    }

    private void vector(final Object decoder, final Ir.VectorType v, final String n, final Value value,
        final String path)
    {
        if (v.element() instanceof Ir.ByteType b)
        {
            final byte[] expected = ((Value.BytesValue)value).bytes();
            assertArrayEquals(expected, (byte[])call(decoder, n + "Bytes"), path + " " + n + "Bytes()");
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[expected.length + 3]);
            assertEquals(expected.length, call(decoder, "get" + JavaNames.type(n),
                new Class<?>[] {MutableDirectBuffer.class, int.class}, copy, 3), path + " get copied");
            final byte[] copied = new byte[expected.length];
            copy.getBytes(3, copied);
            assertArrayEquals(expected, copied, path + " get" + JavaNames.type(n) + "()");
            if (b.isChar())
            {
                assertEquals(new String(expected, StandardCharsets.US_ASCII), call(decoder, n), path + " text");
            }
            return;
        }
        final List<Value> elements = ((Value.ListValue)value).elements();
        assertEquals(elements.size(), call(decoder, n + "Count"), path + " " + n + "Count()");
        if (v.element() instanceof Ir.IntType)
        {
            for (int i = 0; i < elements.size(); i++)
            {
                assertEquals(((Value.IntValue)elements.get(i)).value(),
                    ((Number)call(decoder, n, INDEX, i)).longValue(), path + "[" + i + "]");
            }
            assertThrows(IndexOutOfBoundsException.class, () -> call(decoder, n, INDEX, elements.size()), path);
        }
        else if (v.element() instanceof Ir.IdType)
        {
            for (int i = 0; i < elements.size(); i++)
            {
                final Value.IdValue id = (Value.IdValue)elements.get(i);
                assertEquals(id.hi(), call(decoder, n + "Hi", INDEX, i), path + "[" + i + "] hi");
                assertEquals(id.lo(), call(decoder, n + "Lo", INDEX, i), path + "[" + i + "] lo");
            }
            assertThrows(IndexOutOfBoundsException.class, () -> call(decoder, n + "Hi", INDEX, -1), path);
        }
        else
        {
            final DecoderCursor<?> cursor = (DecoderCursor<?>)call(decoder, n);
            assertEquals(elements.size(), cursor.count(), path + " cursor count()");
            for (int i = 0; i < elements.size(); i++)
            {
                assertTrue(cursor.hasNext(), path + " cursor ends after " + i + " elements");
                final Object element = cursor.next();
                final Value expected = elements.get(i);
                if (expected instanceof Value.StructValue s)
                {
                    struct(element, s, path + "[" + i + "]");
                }
                else
                {
                    select(element, (Value.SelectValue)expected, path + "[" + i + "]");
                }
            }
            assertFalse(cursor.hasNext(), path + " cursor has more than " + elements.size() + " elements");
        }
    }
}
