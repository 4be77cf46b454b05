package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws random values of schema types from a seeded {@link Random}, kept small so that thousands of round trips stay
 * fast: byte vectors of at most {@value #MAX_BYTES} bytes beyond their minimum (exactly the minimum now and then,
 * and close to the maximum for bounds of 255 or less), vectors of fixed-size elements of at most
 * {@value #MAX_ELEMENTS} elements beyond their minimum, vectors of structs or selects of 0 to
 * {@value #MAX_COMPOSITES} elements, integers biased towards the edges of their range.
 */
final class ValueGenerator
{
    static final int MAX_BYTES = 64;
    static final int MAX_ELEMENTS = 4;
    static final int MAX_COMPOSITES = 3;

    private final Random random;

    ValueGenerator(final long seed)
    {
        this.random = new Random(seed);
    }

    /**
     * @param type of any kind; an external select is only drawn through its parent struct.
     * @return a random value that conforms to it.
     */
    Value value(final Ir.Type type)
    {
        if (type instanceof Ir.IntType it)
        {
            return new Value.IntValue(integer(it));
        }
        if (type instanceof Ir.IdType)
        {
            return new Value.IdValue(random.nextLong(), random.nextLong());
        }
        if (type instanceof Ir.VectorType v)
        {
            return vector(v);
        }
        if (type instanceof Ir.StructType s)
        {
            return struct(s);
        }
        final Ir.SelectType s = (Ir.SelectType)type;
        if (!s.inline)
        {
            throw new IllegalArgumentException(s.name + " takes its discriminator from its parent struct");
        }
        return select(s, pick(s.cases));
    }

    Value.StructValue struct(final Ir.StructType s)
    {
        final int n = s.fields.size();
        final Ir.Case[] cases = new Ir.Case[n];
        final Long[] discriminators = new Long[n];
        for (int i = 0; i < n; i++)
        {
            // An externally discriminated select decides the value of the sibling field that names its case.
            final Ir.Field field = s.fields.get(i);
            if (field.discriminatorIndex() >= 0)
            {
                cases[i] = pick(((Ir.SelectType)field.type()).cases);
                discriminators[field.discriminatorIndex()] = cases[i].label().value();
            }
        }
        final List<Value> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            final Ir.Field field = s.fields.get(i);
            if (field.restLength())
            {
                values.add(null);
            }
            else if (null != discriminators[i])
            {
                values.add(new Value.IntValue(discriminators[i]));
            }
            else if (null != cases[i])
            {
                values.add(select((Ir.SelectType)field.type(), cases[i]));
            }
            else
            {
                values.add(value(field.type()));
            }
        }
        final int rest = s.restLengthIndex();
        if (rest >= 0)
        {
            long length = 0;
            for (int i = rest + 1; i < n; i++)
            {
                length += WireOracle.encodedLength(s.fields.get(i).type(), values.get(i));
            }
            values.set(rest, new Value.IntValue(length));
        }
        return new Value.StructValue(s, values);
    }

    Value.SelectValue select(final Ir.SelectType s, final Ir.Case chosen)
    {
        final List<Value> values = new ArrayList<>();
        for (final Ir.Field field : chosen.fields())
        {
            values.add(value(field.type()));
        }
        return new Value.SelectValue(s, chosen, values);
    }

    private long integer(final Ir.IntType it)
    {
        if (null != it.enumType())
        {
            return pick(it.enumType().values).value();
        }
        final int bits = 8 * it.width();
        final boolean edge = random.nextInt(6) == 0;
        if (it.signed())
        {
            final long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
            final long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
            return edge ? pick(List.of(min, -1L, 0L, 1L, max)) : random.nextLong() << (64 - bits) >> (64 - bits);
        }
        final long max = bits == 64 ? -1L : (1L << bits) - 1;
        return edge ? pick(List.of(0L, 1L, max, max - 1)) : random.nextLong() << (64 - bits) >>> (64 - bits);
    }

    private Value vector(final Ir.VectorType v)
    {
        if (v.element() instanceof Ir.ByteType b)
        {
            final byte[] bytes = new byte[(int)length(v.min(), v.max(), MAX_BYTES)];
            for (int i = 0; i < bytes.length; i++)
            {
                // Text stays ASCII so that it reads back as the same String; it includes control characters.
                bytes[i] = b.isChar() ? (byte)(random.nextInt(8) == 0 ? random.nextInt(0x80) :
                    0x20 + random.nextInt(0x5F)) : (byte)random.nextInt();
            }
            return new Value.BytesValue(bytes);
        }
        final List<Value> elements = new ArrayList<>();
        if (v.element() instanceof Ir.IntType || v.element() instanceof Ir.IdType)
        {
            final long size = v.element().minSize();
            final long count = length((v.min() + size - 1) / size, v.max() / size, MAX_ELEMENTS);
            for (long i = 0; i < count; i++)
            {
                elements.add(value(v.element()));
            }
            return new Value.ListValue(elements);
        }
        final int count = random.nextInt(MAX_COMPOSITES + 1);
        long bytes = 0;
        for (int i = 0; i < count || (bytes < v.min() && i < 64); i++)
        {
            final Value element = value(v.element());
            final long elementBytes = WireOracle.encodedLength(v.element(), element);
            if (bytes + elementBytes <= v.max())
            {
                elements.add(element);
                bytes += elementBytes;
            }
            else if (bytes >= v.min())
            {
                break;
            }
        }
        return new Value.ListValue(elements);
    }

    /** A count within [min, max]: now and then exactly min, for small bounds now and then near max. */
    private long length(final long min, final long max, final int cap)
    {
        final int choice = random.nextInt(8);
        if (choice == 0)
        {
            return min;
        }
        if (choice == 1 && max <= 255)
        {
            return Math.max(min, max - random.nextInt(3));
        }
        return min + random.nextInt((int)(Math.min(max, min + cap) - min) + 1);
    }

    private <T> T pick(final List<T> list)
    {
        return list.get(random.nextInt(list.size()));
    }
}
