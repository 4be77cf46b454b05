package io.relo.codec.fuzz;

import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.Decoder;
import io.relo.codec.runtime.ErrorCode;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every generated decoder must keep on arbitrary bytes: never throw, never read outside its window,
 * report a success no longer than the window, and explain every refusal.
 */
final class DecoderFuzzing
{
    private DecoderFuzzing()
    {
    }

    /**
     * Wrap {@code decoder} over all of {@code data}, and over [1, length - 1) when there is room, in a buffer of
     * exactly {@code data.length} bytes so any read past the end trips Agrona's bounds checks.
     *
     * @param data    fuzzer input.
     * @param decoder under test; reused across inputs, as on the forwarding path.
     * @param printer the decoder's {@code appendTo}, which reads every field of a wrapped structure.
     */
    static void check(final byte[] data, final Decoder decoder, final Printer printer)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(data.clone());
        checkWindow(buffer, 0, data.length, decoder, printer);
        if (data.length > 2)
        {
            checkWindow(buffer, 1, data.length - 1, decoder, printer);
        }
    }

    private static void checkWindow(
        final UnsafeBuffer buffer, final int offset, final int limit, final Decoder decoder, final Printer printer)
    {
        final DecodeError error = decoder.error();
        error.reset();
        final int length = decoder.wrap(buffer, offset, limit);
        if (length >= 0)
        {
            assertTrue(length <= limit - offset, () -> "consumed " + length + " bytes of a " +
                (limit - offset) + "-byte window");
            assertEquals(length, decoder.encodedLength());
            assertFalse(printer.appendTo(new StringBuilder(), "").isEmpty());

            // A structure is fixed by its own bytes: the window cut down to them must give the same answer.
            error.reset();
            assertEquals(length, decoder.wrap(buffer, offset, offset + length), error::message);
        }
        else
        {
            assertEquals(DecodeError.FAILED, length);
            assertNotEquals(ErrorCode.NONE, error.code(), "refused without recording why");
            assertFalse(error.message().isEmpty());
            assertFalse(error.structName().isEmpty());
            assertFalse(error.fieldName().isEmpty());
            assertTrue(error.offset() >= offset && error.offset() <= limit, () -> "error at byte " +
                error.offset() + " outside the window [" + offset + ", " + limit + "]: " + error.message());
        }
    }

    /**
     * A decoder's {@code appendTo}; not part of {@link Decoder}, so passed as a method reference.
     */
    @FunctionalInterface
    interface Printer
    {
        /**
         * @param sb     to append to.
         * @param indent before each field line.
         * @return sb.
         */
        StringBuilder appendTo(StringBuilder sb, String indent);
    }
}
