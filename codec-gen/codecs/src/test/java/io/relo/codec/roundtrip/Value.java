package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;

import java.util.List;

/**
 * A test-side value of a schema type, independent of the generated classes: the expected content of a decode and
 * the input of an encode.
 */
sealed interface Value permits Value.IntValue, Value.IdValue, Value.BytesValue, Value.ListValue, Value.StructValue,
    Value.SelectValue
{
    /**
     * An integer as the generated accessor returns it: sign-extended for signed types, zero-extended for unsigned
     * types up to 32 bits, the raw 64 bits for uint64.
     *
     * @param value the number.
     */
    record IntValue(long value) implements Value
    {
    }

    /**
     * A 128-bit identifier.
     *
     * @param hi most significant 64 bits.
     * @param lo least significant 64 bits.
     */
    record IdValue(long hi, long lo) implements Value
    {
    }

    /**
     * The bytes of an opaque, char or blob vector; char vectors hold ASCII only so that they read back as the same
     * String.
     *
     * @param bytes content without the length prefix.
     */
    record BytesValue(byte[] bytes) implements Value
    {
    }

    /**
     * The elements of a vector of integers, ids, structs or selects.
     *
     * @param elements in wire order.
     */
    record ListValue(List<Value> elements) implements Value
    {
    }

    /**
     * A struct; a rest-length field holds the byte count of the fields after it.
     *
     * @param type   the struct.
     * @param fields one value per field, in schema order.
     */
    record StructValue(Ir.StructType type, List<Value> fields) implements Value
    {
    }

    /**
     * A select with its chosen case.
     *
     * @param type   the select.
     * @param chosen the case.
     * @param fields one value per field of the case.
     */
    record SelectValue(Ir.SelectType type, Ir.Case chosen, List<Value> fields) implements Value
    {
    }
}
