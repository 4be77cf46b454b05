package io.relo.bench.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes indented JSON by hand for the bench reports, so the harness needs no JSON library: objects, arrays, strings,
 * numbers (NaN and infinities become null), booleans and null, with commas and escaping looked after.
 */
public final class JsonWriter
{
    private final StringBuilder out = new StringBuilder(4096);
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean afterName;

    /**
     * @return this, after opening an object.
     */
    public JsonWriter beginObject()
    {
        return open('{');
    }

    /**
     * @return this, after closing the innermost object.
     */
    public JsonWriter endObject()
    {
        return close('}');
    }

    /**
     * @return this, after opening an array.
     */
    public JsonWriter beginArray()
    {
        return open('[');
    }

    /**
     * @return this, after closing the innermost array.
     */
    public JsonWriter endArray()
    {
        return close(']');
    }

    /**
     * @param name of the next member of the current object.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        separate();
        quote(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /**
     * @param value a string, or null.
     * @return this.
     */
    public JsonWriter value(final String value)
    {
        separate();
        if (null == value)
        {
            out.append("null");
        }
        else
        {
            quote(value);
        }
        return this;
    }

    /**
     * @param value a number; NaN and infinities are written as null.
     * @return this.
     */
    public JsonWriter value(final double value)
    {
        separate();
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            out.append("null");
        }
        else if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            out.append((long)value);
        }
        else
        {
            out.append(value);
        }
        return this;
    }

    /**
     * @param value a whole number.
     * @return this.
     */
    public JsonWriter value(final long value)
    {
        separate();
        out.append(value);
        return this;
    }

    /**
     * @param value a boolean.
     * @return this.
     */
    public JsonWriter value(final boolean value)
    {
        separate();
        out.append(value);
        return this;
    }

    /**
     * @param name  of the member.
     * @param value its string value.
     * @return this.
     */
    public JsonWriter field(final String name, final String value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  of the member.
     * @param value its number.
     * @return this.
     */
    public JsonWriter field(final String name, final double value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  of the member.
     * @param value its whole number.
     * @return this.
     */
    public JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  of the member.
     * @param value its boolean.
     * @return this.
     */
    public JsonWriter field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    @Override
    public String toString()
    {
        return out + "\n";
    }

    private JsonWriter open(final char bracket)
    {
        separate();
        out.append(bracket);
        first.push(Boolean.TRUE);
        return this;
    }

    private JsonWriter close(final char bracket)
    {
        final boolean empty = first.pop();
        if (!empty)
        {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void separate()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (!first.isEmpty())
        {
            if (!first.peek())
            {
                out.append(',');
            }
            first.pop();
            first.push(Boolean.FALSE);
            newline();
        }
    }

    private void newline()
    {
        out.append('\n');
        for (int i = 0; i < first.size(); i++)
        {
            out.append("  ");
        }
    }

    private void quote(final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
