package io.relo.codec.runtime;

import org.agrona.DirectBuffer;

/**
 * Helpers for the {@code appendTo} printers of generated decoders; they allocate and are for tools and logs.
 */
public final class Printing
{
    /** Opaque values longer than this are shown truncated. */
    public static final int MAX_HEX_BYTES = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printing()
    {
    }

    /**
     * Append {@code " (label)"} when the label is known.
     *
     * @param sb    to append to.
     * @param label from an enum's {@code name(value)}, or null.
     * @return sb.
     */
    public static StringBuilder appendLabel(final StringBuilder sb, final String label)
    {
        if (null != label)
        {
            sb.append(" (").append(label).append(')');
        }
        return sb;
    }

    /**
     * Append a 128-bit id as 32 hex digits.
     *
     * @param sb to append to.
     * @param hi most significant 64 bits.
     * @param lo least significant 64 bits.
     * @return sb.
     */
    public static StringBuilder appendId(final StringBuilder sb, final long hi, final long lo)
    {
        appendHexLong(sb, hi);
        appendHexLong(sb, lo);
        return sb;
    }

    private static void appendHexLong(final StringBuilder sb, final long value)
    {
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            sb.append(HEX[(int)(value >>> shift) & 0xF]);
        }
    }

    /**
     * Append bytes as hex, truncated after {@link #MAX_HEX_BYTES}, with the count.
     *
     * @param sb     to append to.
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return sb.
     */
    public static StringBuilder appendHex(final StringBuilder sb, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (length == 0)
        {
            return sb.append("(empty)");
        }
        final int shown = Math.min(length, MAX_HEX_BYTES);
        for (int i = 0; i < shown; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            sb.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        if (shown < length)
        {
            sb.append("...");
        }
        return sb.append(" (").append(length).append(length == 1 ? " byte)" : " bytes)");
    }

    /**
     * Append text in quotes, escaping control characters and quotes.
     *
     * @param sb     to append to.
     * @param buffer holding UTF-8 bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return sb.
     */
    public static StringBuilder appendText(final StringBuilder sb, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final String text = buffer.getStringWithoutLengthUtf8(offset, length);
        sb.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char ch = text.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                sb.append('\\').append(ch);
            }
            else if (ch < 0x20 || ch == 0x7F)
            {
                sb.append("\\x").append(HEX[(ch >>> 4) & 0xF]).append(HEX[ch & 0xF]);
            }
            else
            {
                sb.append(ch);
            }
        }
        return sb.append('"');
    }
}
