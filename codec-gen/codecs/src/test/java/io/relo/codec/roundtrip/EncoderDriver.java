package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;
import io.relo.codecgen.ir.JavaNames;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static io.relo.codec.roundtrip.Reflect.call;

/**
 * Writes a value through a generated encoder, calling its setters in schema order; where the API offers several
 * ways to write a byte vector (array, buffer, text, or begin/end around bytes written in place) it picks one at
 * random so that every way is exercised.
 */
final class EncoderDriver
{
    private static final Class<?>[] NONE = {};
    private static final Class<?>[] ID = {long.class, long.class};

    private final Random random;

    /**
     * @param seed choosing among equivalent setters.
     */
    EncoderDriver(final long seed)
    {
        this.random = new Random(seed);
    }

    void struct(final Object encoder, final Value.StructValue value)
    {
        final List<Ir.Field> fields = value.type().fields;
        for (int i = 0; i < fields.size(); i++)
        {
            // A rest-length field has no setter: the encoder back-patches it.
            if (!fields.get(i).restLength())
            {
                field(encoder, fields.get(i), value.fields().get(i));
            }
        }
    }

    void select(final Object encoder, final Value.SelectValue value)
    {
        call(encoder, JavaNames.member(value.chosen().label().name()));
        final List<Ir.Field> fields = value.chosen().fields();
        for (int i = 0; i < fields.size(); i++)
        {
            field(encoder, fields.get(i), value.fields().get(i));
        }
    }

    void composite(final Object encoder, final Value value)
    {
        if (value instanceof Value.StructValue s)
        {
            struct(encoder, s);
        }
        else
        {
            select(encoder, (Value.SelectValue)value);
        }
    }

    private void field(final Object encoder, final Ir.Field field, final Value value)
    {
        final String n = field.javaName();
        final Ir.Type type = field.type();
        if (type instanceof Ir.IntType it)
        {
            call(encoder, n, new Class<?>[] {Accessors.intJavaType(it)},
                Accessors.intArgument(it, ((Value.IntValue)value).value()));
        }
        else if (type instanceof Ir.IdType)
        {
            final Value.IdValue id = (Value.IdValue)value;
            call(encoder, n, ID, id.hi(), id.lo());
        }
        else if (type instanceof Ir.VectorType v)
        {
            vector(encoder, v, n, value);
        }
        else
        {
            composite(call(encoder, n), value);
        }
    }

    private void vector(final Object encoder, final Ir.VectorType v, final String n, final Value value)
    {
        if (v.element() instanceof Ir.ByteType b)
        {
            bytes(encoder, b.isChar(), n, ((Value.BytesValue)value).bytes());
            return;
        }
        final List<Value> elements = ((Value.ListValue)value).elements();
        call(encoder, n + "Begin");
        for (final Value element : elements)
        {
            if (v.element() instanceof Ir.IntType it)
            {
                call(encoder, n + "Add", new Class<?>[] {Accessors.intJavaType(it)},
                    Accessors.intArgument(it, ((Value.IntValue)element).value()));
            }
            else if (v.element() instanceof Ir.IdType)
            {
                final Value.IdValue id = (Value.IdValue)element;
                call(encoder, n + "Add", ID, id.hi(), id.lo());
            }
            else
            {
                composite(call(encoder, n + "Next"), element);
            }
        }
        call(encoder, n + "End", NONE);
    }

    private void bytes(final Object encoder, final boolean text, final String n, final byte[] bytes)
    {
        switch (random.nextInt(text ? 4 : 3))
        {
            case 0:
                call(encoder, n, new Class<?>[] {byte[].class}, (Object)bytes);
                break;
            case 1:
            {
                final UnsafeBuffer src = new UnsafeBuffer(new byte[bytes.length + 7]);
                src.putBytes(5, bytes);
                call(encoder, n, new Class<?>[] {DirectBuffer.class, int.class, int.class}, src, 5, bytes.length);
                break;
            }
            case 2:
            {
                final int at = (int)call(encoder, n + "Begin");
                ((MutableDirectBuffer)call(encoder, "buffer")).putBytes(at, bytes);
                call(encoder, n + "End", new Class<?>[] {int.class}, at + bytes.length);
                break;
            }
            default:
                call(encoder, n, new Class<?>[] {CharSequence.class}, new String(bytes, StandardCharsets.US_ASCII));
                break;
        }
    }
}
