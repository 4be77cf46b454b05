package io.relo.codecgen.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolved intermediate representation: every name bound, every width and bound known, ready for emission.
 */
public final class Ir
{
    private Ir()
    {
    }

    /** Any wire type. */
    public sealed interface Type permits IntType, IdType, ByteType, VectorType, StructType, SelectType
    {
        /**
         * @return the fewest bytes an encoding of this type occupies.
         */
        long minSize();
    }

    /**
     * A big-endian integer of 1, 2, 3, 4 or 8 bytes, possibly the wire form of an enum.
     *
     * @param width    in bytes.
     * @param signed   two's complement if true.
     * @param enumType the enum whose values it carries, or null.
     */
    public record IntType(int width, boolean signed, EnumType enumType) implements Type
    {
        public long minSize()
        {
            return width;
        }
    }

    /** A 128-bit identifier: peer_id, resource_id or uint128. */
    public record IdType() implements Type
    {
        public long minSize()
        {
            return 16;
        }
    }

    /**
     * A byte inside a vector: {@code opaque} or {@code char}.
     *
     * @param isChar true for char, whose vectors are text.
     */
    public record ByteType(boolean isChar) implements Type
    {
        public long minSize()
        {
            return 1;
        }
    }

    /**
     * A vector with a length prefix that counts bytes.
     *
     * @param element     element type.
     * @param prefixWidth bytes of the length prefix, from the maximum.
     * @param min         fewest bytes allowed.
     * @param max         most bytes allowed.
     */
    public record VectorType(Type element, int prefixWidth, long min, long max) implements Type
    {
        public long minSize()
        {
            return prefixWidth + min;
        }

        /**
         * @return true for opaque, char and blob vectors.
         */
        public boolean isBytes()
        {
            return element instanceof ByteType;
        }

        /**
         * @return true for char vectors (strings).
         */
        public boolean isText()
        {
            return element instanceof ByteType b && b.isChar();
        }
    }

    /**
     * A value of an enum.
     *
     * @param name  label.
     * @param value number.
     */
    public record EnumValue(String name, long value)
    {
    }

    /** An enum: its wire width is set by its largest value or its unnamed {@code (max)} marker. */
    public static final class EnumType
    {
        public final String name;
        public final String javaName;
        public final int width;
        public final List<EnumValue> values;
        public final String doc;
        public final int line;

        /**
         * @param name     as in the schema.
         * @param javaName class name.
         * @param width    bytes on the wire.
         * @param values   labels in order.
         * @param doc      comment before it.
         * @param line     in the schema.
         */
        public EnumType(
            final String name,
            final String javaName,
            final int width,
            final List<EnumValue> values,
            final String doc,
            final int line)
        {
            this.name = name;
            this.javaName = javaName;
            this.width = width;
            this.values = values;
            this.doc = doc;
            this.line = line;
        }
    }

    /**
     * A field of a struct or of a select case.
     *
     * @param name               as in the schema.
     * @param javaName           lower camel case.
     * @param type               resolved type.
     * @param line               in the schema.
     * @param restLength         a length field that counts the bytes of the rest of the struct.
     * @param discriminatorIndex for a field of an externally discriminated select, the index of the sibling
     *                           field holding the discriminator; otherwise -1.
     */
    public record Field(String name, String javaName, Type type, int line, boolean restLength, int discriminatorIndex)
    {
    }

    /** A struct. Fields are filled in after construction so that types may refer to each other. */
    public static final class StructType implements Type
    {
        public final String name;
        public final String javaName;
        public final boolean isPublic;
        public final String doc;
        public final int line;
        public final List<Field> fields = new ArrayList<>();

        /**
         * @param name     as in the schema.
         * @param javaName class name stem.
         * @param isPublic declared {@code public struct}.
         * @param doc      comment before it.
         * @param line     in the schema.
         */
        public StructType(
            final String name, final String javaName, final boolean isPublic, final String doc, final int line)
        {
            this.name = name;
            this.javaName = javaName;
            this.isPublic = isPublic;
            this.doc = doc;
            this.line = line;
        }

        public long minSize()
        {
            long size = 0;
            for (final Field field : fields)
            {
                size += field.type().minSize();
            }
            return size;
        }

        /**
         * @return index of the rest-length field, or -1.
         */
        public int restLengthIndex()
        {
            for (int i = 0; i < fields.size(); i++)
            {
                if (fields.get(i).restLength())
                {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * One arm of a select.
     *
     * @param label  the enum value selecting it.
     * @param fields its fields, possibly none.
     */
    public record Case(EnumValue label, List<Field> fields)
    {
    }

    /** A select: a discriminated union over the values of one enum. */
    public static final class SelectType implements Type
    {
        public final String name;
        public final String javaName;
        public final boolean inline;
        public final String doc;
        public final int line;
        public EnumType discriminator;
        public final List<Case> cases = new ArrayList<>();

        /**
         * @param name     as in the schema.
         * @param javaName class name stem.
         * @param inline   true when the discriminator is written just before the case.
         * @param doc      comment before it.
         * @param line     in the schema.
         */
        public SelectType(
            final String name, final String javaName, final boolean inline, final String doc, final int line)
        {
            this.name = name;
            this.javaName = javaName;
            this.inline = inline;
            this.doc = doc;
            this.line = line;
        }

        public long minSize()
        {
            long min = Long.MAX_VALUE;
            for (final Case c : cases)
            {
                long size = 0;
                for (final Field field : c.fields())
                {
                    size += field.type().minSize();
                }
                min = Math.min(min, size);
            }
            return (inline ? discriminator.width : 0) + (min == Long.MAX_VALUE ? 0 : min);
        }

        /**
         * @return every field of every case, in order; encoders number them from 1.
         */
        public List<Field> allFields()
        {
            final List<Field> all = new ArrayList<>();
            for (final Case c : cases)
            {
                all.addAll(c.fields());
            }
            return all;
        }
    }

    /**
     * A resolved schema.
     *
     * @param source      file name.
     * @param javaPackage package of the emitted classes.
     * @param enums       in order of definition.
     * @param structs     in order of definition.
     * @param selects     in order of definition.
     */
    public record Schema(
        String source, String javaPackage, List<EnumType> enums, List<StructType> structs, List<SelectType> selects)
    {
    }
}
