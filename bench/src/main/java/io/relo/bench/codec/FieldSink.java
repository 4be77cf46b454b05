package io.relo.bench.codec;

import org.agrona.DirectBuffer;

/**
 * Receives every field a frame reader touches, in wire order, so that the flyweight and the object-decoding
 * baseline can be fed to the same JMH {@code Blackhole} and compared field for field in tests.
 */
public interface FieldSink
{
    /**
     * An integer field, or a count, or a flag as 0 or 1.
     *
     * @param value of the field.
     */
    void value(long value);

    /**
     * A 128-bit id read in place as two longs.
     *
     * @param hi most significant 64 bits.
     * @param lo least significant 64 bits.
     */
    void id(long hi, long lo);

    /**
     * A byte field left in place in the received buffer.
     *
     * @param buffer holding the frame.
     * @param offset of the field's first byte.
     * @param length bytes in the field.
     */
    void bytes(DirectBuffer buffer, int offset, int length);

    /**
     * A byte field copied out of the received buffer, including 128-bit ids held as 16 bytes.
     *
     * @param bytes of the field.
     */
    void bytes(byte[] bytes);
}
