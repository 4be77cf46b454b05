package io.relo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the argument of {@code relo decode} into frame bytes: {@code -} reads binary from stdin, the name of an
 * existing file reads that file, and anything else is parsed as hex.
 * <p>
 * Hex may contain whitespace and colons between digits and may start with {@code 0x}, so a hex dump copied from the
 * demo, Wireshark ("52:45:4c:4f") or xxd -p pastes as it is.
 */
final class FrameInput
{
    /** The argument names stdin. */
    static final String STDIN = "-";

    /**
     * Why the argument could not be turned into bytes; a usage error, not a malformed frame.
     */
    static final class UnreadableInputException extends Exception
    {
        private static final long serialVersionUID = 1L;

        UnreadableInputException(final String message)
        {
            super(message);
        }
    }

    private FrameInput()
    {
    }

    /**
     * @param argument as given on the command line.
     * @param stdin    read when the argument is {@link #STDIN}.
     * @return the bytes.
     * @throws UnreadableInputException when the file cannot be read or the hex does not parse.
     */
    static byte[] read(final String argument, final InputStream stdin) throws UnreadableInputException
    {
        if (STDIN.equals(argument))
        {
            try
            {
                return stdin.readAllBytes();
            }
            catch (final IOException ex)
            {
                throw new UnreadableInputException("cannot read stdin: " + ex.getMessage());
            }
        }

        final Path path = asPath(argument);
        if (null != path && Files.isRegularFile(path))
        {
            try
            {
                return Files.readAllBytes(path);
            }
            catch (final IOException ex)
            {
                throw new UnreadableInputException("cannot read file " + argument + ": " + ex.getMessage());
            }
        }
        if (null != path && Files.isDirectory(path))
        {
            throw new UnreadableInputException(argument + " is a directory; give a file holding one binary frame");
        }
        if (looksLikePath(argument))
        {
            throw new UnreadableInputException("no such file: " + argument +
                " (give a path to a binary frame, - for stdin, or the frame as hex)");
        }
        return parseHex(argument);
    }

    /**
     * Parse a frame given as hex: {@link #decodeHex}, and at least one byte.
     *
     * @param text the hex.
     * @return the bytes.
     * @throws UnreadableInputException naming the first character that is not a hex digit and its position
     *                                  (counting from 1), or saying that a digit is missing or that there is none.
     */
    static byte[] parseHex(final String text) throws UnreadableInputException
    {
        final byte[] bytes;
        try
        {
            bytes = decodeHex(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UnreadableInputException(ex.getMessage() + (ex.getMessage().startsWith("odd") ? "" :
                "; give the frame as hex (spaces and colons allowed), as a path to a binary file, or - for stdin"));
        }
        if (bytes.length == 0)
        {
            throw new UnreadableInputException("no hex digits given; give the frame as hex, as a path to a " +
                "binary file, or - for stdin");
        }
        return bytes;
    }

    /**
     * Hex digits to bytes, skipping whitespace and colons and one leading {@code 0x}: the one hex reader of the CLI
     * (frames here, keys and values in {@link OpaqueConverters}).
     *
     * @param text the hex; nothing is no bytes.
     * @return the bytes.
     * @throws IllegalArgumentException naming the first character that is not a hex digit and its position
     *                                  (counting from 1), or saying that a digit is missing.
     */
    static byte[] decodeHex(final String text)
    {
        final int start = text.startsWith("0x") || text.startsWith("0X") ? 2 : 0;
        final byte[] bytes = new byte[(text.length() - start) / 2];
        int count = 0;
        int high = -1;
        for (int i = start; i < text.length(); i++)
        {
            final char ch = text.charAt(i);
            if (Character.isWhitespace(ch) || ch == ':')
            {
                continue;
            }
            final int digit = Character.digit(ch, 16);
            if (digit < 0 || ch > 'f')
            {
                throw new IllegalArgumentException("'" + printable(ch) + "' at position " + (i + 1) +
                    " is not a hex digit");
            }
            if (high < 0)
            {
                high = digit;
            }
            else
            {
                bytes[count++] = (byte)((high << 4) | digit);
                high = -1;
            }
        }
        if (high >= 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: the last byte is missing a digit");
        }
        return count == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, count);
    }

    private static Path asPath(final String argument)
    {
        try
        {
            return Path.of(argument);
        }
        catch (final InvalidPathException ex)
        {
            return null;
        }
    }

    private static boolean looksLikePath(final String argument)
    {
        // hex never holds a slash or a dot, so either means the user named a file
        return argument.indexOf('/') >= 0 || argument.indexOf('\\') >= 0 || argument.indexOf('.') >= 0;
    }

    private static String printable(final char ch)
    {
        return ch < 0x20 || ch == 0x7F ? String.format("\\u%04x", (int)ch) : String.valueOf(ch);
    }
}
