package io.relo.codec.golden;

import io.relo.codec.runtime.Decoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Turns hand-written hex vectors into exactly sized buffers and compares encoder output with them byte for byte.
 */
final class Golden
{
    /** A second, odd offset at which every golden is decoded and encoded, so accessors must use absolute positions. */
    static final int UNALIGNED_OFFSET = 13;

    /** A peer-id whose sixteen bytes all differ, so swapped halves or bytes show. */
    static final String PEER_A = "0123456789abcdeffedcba9876543210";
    static final long PEER_A_HI = 0x0123456789abcdefL;
    static final long PEER_A_LO = 0xfedcba9876543210L;

    /** Bob's peer-id, "1234" as in the narrative of RFC 7904 §1. */
    static final String BOB = "00000000000000000000000000001234";
    static final long BOB_HI = 0L;
    static final long BOB_LO = 0x1234L;

    /** Alice's peer-id, "5678" as in the narrative of RFC 7904 §1. */
    static final String ALICE = "00000000000000000000000000005678";

    /** The resource-id at which Bob registers; a stand-in for the hash of "bob@dht.example.com". */
    static final String RESOURCE_BOB = "6f3d0a1c92e54b7d8a1f2c3b4d5e6f70";
    static final long RESOURCE_BOB_HI = 0x6f3d0a1c92e54b7dL;
    static final long RESOURCE_BOB_LO = 0x8a1f2c3b4d5e6f70L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Golden()
    {
    }

    /**
     * @param hex pairs of hex digits; spaces are ignored.
     * @return the bytes.
     */
    static byte[] bytes(final String hex)
    {
        final String digits = hex.replace(" ", "");
        if ((digits.length() & 1) != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /**
     * A buffer holding {@code offset} zero bytes then the golden, and nothing after it, so any read past the golden
     * trips Agrona's bounds checks.
     *
     * @param offset at which the golden starts.
     * @param hex    the golden.
     * @return the buffer.
     */
    static UnsafeBuffer at(final int offset, final String hex)
    {
        final byte[] golden = bytes(hex);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + golden.length]);
        buffer.putBytes(offset, golden);
        return buffer;
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return lower-case hex.
     */
    static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder(2 * length);
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            sb.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return sb.toString();
    }

    /**
     * Assert a wrap consumed the whole golden, showing the decoder's own message when it refused it.
     *
     * @param expectedLength bytes in the golden.
     * @param result         what wrap or wrapExactly returned.
     * @param decoder        that was wrapped.
     */
    static void assertWrapped(final int expectedLength, final int result, final Decoder decoder)
    {
        assertEquals(expectedLength, result, () -> decoder.error().message());
        assertEquals(expectedLength, decoder.encodedLength());
    }

    /**
     * Run an encoder into a buffer sized exactly for the golden at {@code offset} and compare the bytes.
     *
     * @param expectedHex the golden.
     * @param offset      at which to encode.
     * @param encoding    writes the values and returns {@code finish()}.
     */
    static void assertEncodes(final String expectedHex, final int offset, final Encoding encoding)
    {
        final byte[] expected = bytes(expectedHex);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + expected.length]);
        final int length = encoding.encode(buffer, offset);
        assertEquals(expectedHex.replace(" ", ""), hex(buffer, offset, Math.min(length, expected.length)));
        assertEquals(expected.length, length);
    }

    /**
     * Writes one structure with a generated encoder.
     */
    @FunctionalInterface
    interface Encoding
    {
        /**
         * @param buffer to write, sized exactly for the golden.
         * @param offset at which the structure starts.
         * @return bytes written, as returned by the encoder's {@code finish()}.
         */
        int encode(MutableDirectBuffer buffer, int offset);
    }
}
