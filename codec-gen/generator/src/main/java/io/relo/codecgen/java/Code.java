package io.relo.codecgen.java;

/**
 * Accumulates Java source in Allman style with four-space indentation.
 */
final class Code
{
    private final StringBuilder sb = new StringBuilder(4096);
    private int depth;

    Code line(final String text)
    {
        if (text.isEmpty())
        {
            return this;
        }
        sb.append("    ".repeat(depth)).append(text).append('\n');
        return this;
    }

    Code blank()
    {
        sb.append('\n');
        return this;
    }

    Code open(final String text)
    {
        line(text);
        sb.append("    ".repeat(depth)).append("{\n");
        depth++;
        return this;
    }

    Code close()
    {
        depth--;
        sb.append("    ".repeat(depth)).append("}\n");
        return this;
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }
}
