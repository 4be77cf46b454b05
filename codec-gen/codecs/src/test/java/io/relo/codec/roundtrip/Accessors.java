package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;

/**
 * The Java types the generated API uses, as the codec API documents them.
 */
final class Accessors
{
    private Accessors()
    {
    }

    /**
     * @param type integer type.
     * @return int for integers of at most 3 bytes and int32, long for uint32 and 64-bit integers.
     */
    static Class<?> intJavaType(final Ir.IntType type)
    {
        return type.width() < 4 || (type.width() == 4 && type.signed()) ? int.class : long.class;
    }

    /**
     * @param type  integer type.
     * @param value as the test model holds it.
     * @return boxed as the generated setters and adders take it.
     */
    static Object intArgument(final Ir.IntType type, final long value)
    {
        return intJavaType(type) == int.class ? (Object)(int)value : (Object)value;
    }
}
