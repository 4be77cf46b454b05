package io.relo.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Layout of, and helpers for, the 4-byte common header that starts the message contents (draft §4.2.1).
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |R|                               |                             |
 *   |/|              Code             |           Reserved          |
 *   |r|                               |                             |
 * 4 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The first 16 bits, the "code word", hold R/r (0 request, 1 response) and a 15-bit code: a {@link MethodCode} in a
 * request, a {@link ResponseCode} in a response.
 * <p>
 * Choice: the draft gives the 16 reserved bits no use. In a response relo puts there the method code of the request
 * being answered, because the code field of a response holds only the response code, so without it a 200 response
 * would not say what its payload is. In a request the reserved bits are 0.
 */
public final class CommonHeader
{
    /** Offset of the 16-bit code word: R/r and the code. */
    public static final int CODE_WORD_OFFSET = 0;

    /** Offset of the 16 reserved bits: 0 in a request, the answered method in a response. */
    public static final int RESERVED_OFFSET = 2;

    /** Bytes in the common header. */
    public static final int LENGTH = 4;

    /** R/r bit of the code word: set in a response. */
    public static final int RESPONSE_FLAG = 0x8000;

    /** Code bits of the code word. */
    public static final int CODE_MASK = 0x7FFF;

    private CommonHeader()
    {
    }

    /**
     * @param word the 16-bit code word.
     * @return true when R/r is set.
     */
    public static boolean isResponse(final int word)
    {
        return (word & RESPONSE_FLAG) != 0;
    }

    /**
     * @param word the 16-bit code word.
     * @return the 15-bit method or response code.
     */
    public static int code(final int word)
    {
        return word & CODE_MASK;
    }

    /**
     * @param method a {@link MethodCode}, 0 to 32767.
     * @return the code word of a request for it.
     */
    public static int requestWord(final int method)
    {
        checkCode("method", method);
        return method;
    }

    /**
     * @param code a {@link ResponseCode}, 0 to 32767.
     * @return the code word of a response with it.
     */
    public static int responseWord(final int code)
    {
        checkCode("response code", code);
        return RESPONSE_FLAG | code;
    }

    /**
     * @param buffer holding the message contents.
     * @param offset of the common header.
     * @return its 16-bit code word.
     */
    public static int codeWord(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + CODE_WORD_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding the message contents.
     * @param offset of the common header.
     * @return its reserved 16 bits: in a response, the method code of the request answered.
     */
    public static int reserved(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + RESERVED_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Write the common header of a request: its method and 0 in the reserved bits.
     *
     * @param buffer to write.
     * @param offset of the common header.
     * @param method a {@link MethodCode}.
     */
    public static void putRequest(final MutableDirectBuffer buffer, final int offset, final int method)
    {
        buffer.putShort(offset + CODE_WORD_OFFSET, (short)requestWord(method), BIG_ENDIAN);
        buffer.putShort(offset + RESERVED_OFFSET, (short)0, BIG_ENDIAN);
    }

    /**
     * Write the common header of a response: its code, and the answered method in the reserved bits.
     *
     * @param buffer to write.
     * @param offset of the common header.
     * @param code   a {@link ResponseCode}.
     * @param method the {@link MethodCode} of the request answered.
     */
    public static void putResponse(
        final MutableDirectBuffer buffer, final int offset, final int code, final int method)
    {
        checkCode("method", method);
        buffer.putShort(offset + CODE_WORD_OFFSET, (short)responseWord(code), BIG_ENDIAN);
        buffer.putShort(offset + RESERVED_OFFSET, (short)method, BIG_ENDIAN);
    }

    private static void checkCode(final String name, final int code)
    {
        if (code < 0 || code > CODE_MASK)
        {
            throw new IllegalArgumentException(name + " " + code + " does not fit the 15-bit code field");
        }
    }
}
