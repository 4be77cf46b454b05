package io.relo.codecgen.schema;

import java.util.List;

/**
 * The parsed schema, as the draft's presentation syntax writes it: nothing is resolved yet.
 */
public final class Ast
{
    private Ast()
    {
    }

    /** A vector bound such as {@code <255>} or {@code <3..2^16-1>}; both ends count bytes. */
    public record Bound(long min, long max)
    {
    }

    /** A field: {@code type name;} or {@code type name<bound>;}. */
    public record Field(String typeName, String name, Bound bound, int line)
    {
    }

    /** One {@code case label:} arm of a select with its fields (possibly none). */
    public record Case(String label, List<Field> fields, int line)
    {
    }

    /** One {@code label(value)} of an enum. */
    public record EnumValue(String name, long value, int line)
    {
    }

    /** Any top-level definition. */
    public sealed interface Definition permits Primitive, Typedef, Enum, Struct, Select
    {
        /**
         * @return the name it defines.
         */
        String name();

        /**
         * @return the line it starts on.
         */
        int line();

        /**
         * @return the comment just before it, or "".
         */
        String doc();
    }

    /** {@code primitive name bits;} */
    public record Primitive(String name, int bits, int line, String doc) implements Definition
    {
    }

    /** {@code typedef target name;} or {@code typedef target name<bound>;} */
    public record Typedef(String name, String target, Bound bound, int line, String doc) implements Definition
    {
    }

    /** {@code enum { a(1), b(2), (255) } name;}: {@code maxValue} is the unnamed width marker, or -1. */
    public record Enum(String name, List<EnumValue> values, long maxValue, int line, String doc) implements Definition
    {
    }

    /** {@code [public] struct { fields } name;} */
    public record Struct(String name, boolean isPublic, List<Field> fields, int line, String doc)
        implements Definition
    {
    }

    /**
     * {@code select { case ... } name;} whose discriminator is written inline before the case, or
     * {@code select (Struct.field) { ... } name;} whose discriminator is an earlier field of the enclosing struct.
     */
    public record Select(String name, String discriminatorStruct, String discriminatorField, List<Case> cases,
        int line, String doc) implements Definition
    {
    }

    /** A whole schema file. */
    public record Schema(String source, List<Definition> definitions)
    {
    }
}
