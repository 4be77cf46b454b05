package io.relo.codecgen.ir;

import java.util.Set;

/**
 * Maps schema names, written in snake case, CamelCase or with hyphens, to Java names.
 */
public final class JavaNames
{
    private static final Set<String> RESERVED = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield",
        // members of the generated classes and their bases
        "buffer", "offset", "limit", "error", "wrap", "begin", "finish", "encodedLength", "state", "start",
        "nextField", "field", "child", "expect", "toString", "hashCode", "equals", "getClass", "wrapCase");

    private JavaNames()
    {
    }

    /**
     * @param name as in the schema, e.g. {@code store_request} or {@code SipRegistration}.
     * @return an upper camel case class name stem, e.g. {@code StoreRequest}.
     */
    public static String type(final String name)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String part : name.split("[_\\-]"))
        {
            if (!part.isEmpty())
            {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return sb.toString();
    }

    /**
     * @param name as in the schema, e.g. {@code data-value}.
     * @return a lower camel case member name, e.g. {@code dataValue}, suffixed with {@code Field} if it would clash.
     */
    public static String member(final String name)
    {
        final String type = type(name);
        final String member = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        return RESERVED.contains(member) ? member + "Field" : member;
    }

    /**
     * @param name as in the schema.
     * @return an upper snake case constant name.
     */
    public static String constant(final String name)
    {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase();
    }
}
