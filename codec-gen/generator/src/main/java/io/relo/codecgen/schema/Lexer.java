package io.relo.codecgen.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits schema text into tokens, keeping line numbers and the comment before each token.
 */
final class Lexer
{
    enum Kind
    {
        IDENT, NUMBER, SYMBOL, EOF
    }

    record Token(Kind kind, String text, int line, String comment)
    {
        boolean is(final String symbol)
        {
            return kind != Kind.NUMBER && text.equals(symbol);
        }
    }

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;

    Lexer(final String source, final String text)
    {
        this.source = source;
        this.text = text;
    }

    List<Token> tokens()
    {
        final List<Token> tokens = new ArrayList<>();
        String comment = "";
        while (true)
        {
            skipSpace();
            if (pos >= text.length())
            {
                tokens.add(new Token(Kind.EOF, "<end of file>", line, comment));
                return tokens;
            }
            final char c = text.charAt(pos);
            if (c == '/' && peek(1) == '*')
            {
                final int end = text.indexOf("*/", pos + 2);
                if (end < 0)
                {
                    throw new SchemaException(source, line, "comment is never closed: add */");
                }
                comment = text.substring(pos + 2, end).trim();
                advanceTo(end + 2);
                continue;
            }
            if (c == '/' && peek(1) == '/')
            {
                int end = text.indexOf('\n', pos);
                end = end < 0 ? text.length() : end;
                comment = text.substring(pos + 2, end).trim();
                advanceTo(end);
                continue;
            }
            final int startLine = line;
            if (Character.isLetter(c) || c == '_')
            {
                final int start = pos;
                while (pos < text.length() && isIdentPart(text.charAt(pos)))
                {
                    pos++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, pos), startLine, comment));
            }
            else if (Character.isDigit(c))
            {
                final int start = pos;
                if (c == '0' && (peek(1) == 'x' || peek(1) == 'X'))
                {
                    pos += 2;
                    while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0)
                    {
                        pos++;
                    }
                }
                else
                {
                    while (pos < text.length() && Character.isDigit(text.charAt(pos)))
                    {
                        pos++;
                    }
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, pos), startLine, comment));
            }
            else if (c == '.' && peek(1) == '.')
            {
                tokens.add(new Token(Kind.SYMBOL, "..", startLine, comment));
                pos += 2;
            }
            else if ("{}()<>;,:.^-".indexOf(c) >= 0)
            {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), startLine, comment));
                pos++;
            }
            else
            {
                throw new SchemaException(source, line, "unexpected character '" + c + "'");
            }
            comment = "";
        }
    }

    private static boolean isIdentPart(final char c)
    {
        // The draft writes some field names with a hyphen, e.g. "data-value".
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private char peek(final int ahead)
    {
        final int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private void skipSpace()
    {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))
        {
            if (text.charAt(pos) == '\n')
            {
                line++;
            }
            pos++;
        }
    }

    private void advanceTo(final int end)
    {
        for (int i = pos; i < end; i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
            }
        }
        pos = end;
    }
}
