package io.relo.cli;

import io.relo.control.storage.Opaque;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;

/**
 * Stored values and dictionary keys (draft §5.2.1.1, {@code opaque}) given on the command line as UTF-8 text or hex.
 */
final class OpaqueConverters
{
    private OpaqueConverters()
    {
    }

    /**
     * @param text hex digits, optionally after "0x"; whitespace and colons are skipped; nothing is the empty string.
     * @return the bytes.
     * @throws IllegalArgumentException naming the first character that is not a hex digit.
     */
    static Opaque parseHex(final String text)
    {
        try
        {
            return Opaque.copyOf(FrameInput.decodeHex(text));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("\"" + text + "\": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param value bytes.
     * @return all of them as lower-case hex, without a prefix.
     */
    static String hex(final Opaque value)
    {
        final StringBuilder sb = new StringBuilder(2 * value.length());
        for (int i = 0; i < value.length(); i++)
        {
            final byte b = value.byteAt(i);
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /**
     * @param value bytes.
     * @return them as text when they are well-formed UTF-8 without control characters, else null.
     */
    static String text(final Opaque value)
    {
        final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        final String text;
        try
        {
            text = decoder.decode(java.nio.ByteBuffer.wrap(value.toByteArray())).toString();
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            return null;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.isISOControl(text.charAt(i)))
            {
                return null;
            }
        }
        return text;
    }

    /**
     * @param value bytes.
     * @return {@code "text"} in quotes when printable, else {@code 0x} and hex.
     */
    static String display(final Opaque value)
    {
        final String text = text(value);
        return null == text ? "0x" + hex(value) : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * UTF-8 text as bytes.
     */
    static final class Text implements CommandLine.ITypeConverter<Opaque>
    {
        @Override
        public Opaque convert(final String value)
        {
            return Opaque.copyOf(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Hex as bytes.
     */
    static final class Hex implements CommandLine.ITypeConverter<Opaque>
    {
        @Override
        public Opaque convert(final String value)
        {
            try
            {
                return parseHex(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
