package io.relo.codecgen.ir;

import io.relo.codecgen.schema.Ast;
import io.relo.codecgen.schema.SchemaException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the names of a parsed schema and applies the encoding rules recorded in docs/wire-format.md:
 * <ul>
 * <li>a vector bound counts bytes, and its length prefix is as wide as the bound's maximum needs (TLS rules);</li>
 * <li>an enum is as wide as its largest value or its unnamed {@code (max)} marker;</li>
 * <li>{@code primitive blob 0} is a 4-byte byte-length prefix and the bytes;</li>
 * <li>an integer field named {@code length} that is not the last field counts the bytes of the rest of the struct;</li>
 * <li>a select without {@code (S.f)} writes its discriminator just before the case.</li>
 * </ul>
 */
public final class Resolver
{
    private static final long BLOB_MAX = (1L << 32) - 1;

    private final String source;
    private final Map<String, Ast.Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Ir.EnumType> enums = new LinkedHashMap<>();
    private final Map<String, Ir.StructType> structs = new LinkedHashMap<>();
    private final Map<String, Ir.SelectType> selects = new LinkedHashMap<>();
    private final Map<String, String> enumOfLabel = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final Map<String, Ir.Type> typedefs = new HashMap<>();

    private Resolver(final String source)
    {
        this.source = source;
    }

    /**
     * Resolve a parsed schema.
     *
     * @param schema      as parsed.
     * @param javaPackage for the emitted classes.
     * @return the IR.
     * @throws SchemaException naming the line of the first problem.
     */
    public static Ir.Schema resolve(final Ast.Schema schema, final String javaPackage)
    {
        return new Resolver(schema.source()).run(schema, javaPackage);
    }

    private Ir.Schema run(final Ast.Schema schema, final String javaPackage)
    {
        final Set<String> classNames = new HashSet<>();
        for (final Ast.Definition definition : schema.definitions())
        {
            if (null != definitions.put(definition.name(), definition))
            {
                throw new SchemaException(source, definition.line(), "'" + definition.name() +
                    "' is defined twice");
            }
            if (!(definition instanceof Ast.Primitive) && !(definition instanceof Ast.Typedef) &&
                !classNames.add(className(definition.name())))
            {
                throw new SchemaException(source, definition.line(), "'" + definition.name() +
                    "' maps to Java class " + className(definition.name()) + ", which another definition uses");
            }
        }
        for (final Ast.Definition definition : schema.definitions())
        {
            if (definition instanceof Ast.Enum e)
            {
                enumType(e);
            }
        }
        for (final Ast.Definition definition : schema.definitions())
        {
            resolveName(definition.name(), definition.line());
        }
        return new Ir.Schema(source, javaPackage, new ArrayList<>(enums.values()), new ArrayList<>(structs.values()),
            new ArrayList<>(selects.values()));
    }

    private Ir.Type resolveName(final String name, final int line)
    {
        final Ast.Definition definition = definitions.get(name);
        if (null == definition)
        {
            throw new SchemaException(source, line, "unknown type '" + name + "': define it with primitive, " +
                "typedef, enum, struct or select");
        }
        if (definition instanceof Ast.Primitive p)
        {
            return primitive(p);
        }
        if (resolving.contains(name))
        {
            throw new SchemaException(source, line, "'" + name + "' contains itself; recursive types cannot be " +
                "encoded");
        }
        if (definition instanceof Ast.Enum e)
        {
            final Ir.EnumType type = enumType(e);
            return new Ir.IntType(type.width, false, type);
        }
        if (definition instanceof Ast.Typedef t)
        {
            Ir.Type type = typedefs.get(t.name());
            if (null == type)
            {
                enter(t);
                type = applyBound(resolveName(t.target(), t.line()), t.bound(), t.line());
                resolving.remove(t.name());
                typedefs.put(t.name(), type);
            }
            return type;
        }
        if (definition instanceof Ast.Struct s)
        {
            Ir.StructType type = structs.get(s.name());
            if (null == type)
            {
                enter(s);
                type = new Ir.StructType(s.name(), className(s.name()), s.isPublic(), s.doc(), s.line());
                structs.put(s.name(), type);
                fillStruct(type, s);
                resolving.remove(s.name());
            }
            return type;
        }
        final Ast.Select s = (Ast.Select)definition;
        Ir.SelectType type = selects.get(s.name());
        if (null == type)
        {
            enter(s);
            type = new Ir.SelectType(s.name(), className(s.name()), null == s.discriminatorField(), s.doc(), s.line());
            selects.put(s.name(), type);
            fillSelect(type, s);
            resolving.remove(s.name());
        }
        return type;
    }

    private void enter(final Ast.Definition definition)
    {
        if (!resolving.add(definition.name()))
        {
            throw new SchemaException(source, definition.line(), "'" + definition.name() +
                "' contains itself; recursive types cannot be encoded");
        }
    }

    private Ir.Type primitive(final Ast.Primitive p)
    {
        switch (p.bits())
        {
            case 0:
                // draft §4.1.4 etc. use "blob" as a field of unstated length; see docs/wire-format.md.
                return new Ir.VectorType(new Ir.ByteType(false), 4, 0, BLOB_MAX);
            case 128:
                return new Ir.IdType();
            case 8:
                if (p.name().equals("char") || p.name().equals("opaque"))
                {
                    return new Ir.ByteType(p.name().equals("char"));
                }
                return new Ir.IntType(1, p.name().startsWith("int"), null);
            case 16:
            case 24:
            case 32:
            case 64:
                return new Ir.IntType(p.bits() / 8, p.name().startsWith("int"), null);
            default:
                throw new SchemaException(source, p.line(), "primitive " + p.name() + " has " + p.bits() +
                    " bits; supported widths are 0 (blob), 8, 16, 24, 32, 64 and 128");
        }
    }

    private Ir.EnumType enumType(final Ast.Enum e)
    {
        Ir.EnumType type = enums.get(e.name());
        if (null != type)
        {
            return type;
        }
        long max = e.maxValue();
        final List<Ir.EnumValue> values = new ArrayList<>();
        final Set<Long> seen = new HashSet<>();
        for (final Ast.EnumValue value : e.values())
        {
            if (!seen.add(value.value()))
            {
                throw new SchemaException(source, value.line(), "enum " + e.name() + " uses value " +
                    value.value() + " twice");
            }
            final String previous = enumOfLabel.put(value.name(), e.name());
            if (null != previous && !previous.equals(e.name()))
            {
                throw new SchemaException(source, value.line(), "label '" + value.name() + "' is in enum " +
                    previous + " and enum " + e.name() + "; select cases could not tell them apart");
            }
            values.add(new Ir.EnumValue(value.name(), value.value()));
            max = Math.max(max, value.value());
        }
        final int width = max <= 0xFF ? 1 : max <= 0xFFFF ? 2 : max <= 0xFF_FFFFL ? 3 : 4;
        type = new Ir.EnumType(e.name(), className(e.name()), width, values, e.doc(), e.line());
        enums.put(e.name(), type);
        return type;
    }

    private Ir.Type applyBound(final Ir.Type element, final Ast.Bound bound, final int line)
    {
        if (null == bound)
        {
            // A lone opaque or char is one byte.
            return element instanceof Ir.ByteType ? new Ir.IntType(1, false, null) : element;
        }
        if (element instanceof Ir.VectorType)
        {
            throw new SchemaException(source, line, "a vector of vectors is not supported: wrap the inner " +
                "vector in a struct");
        }
        if (element.minSize() == 0)
        {
            throw new SchemaException(source, line, "vector elements may be empty, so a vector of them has no " +
                "well-defined element count");
        }
        if (bound.max() > BLOB_MAX)
        {
            throw new SchemaException(source, line, "bound " + bound.max() + " needs more than a 4-byte prefix");
        }
        final int prefix = bound.max() <= 0xFF ? 1 : bound.max() <= 0xFFFF ? 2 : bound.max() <= 0xFF_FFFFL ? 3 : 4;
        return new Ir.VectorType(element, prefix, bound.min(), bound.max());
    }

    private List<Ir.Field> fields(
        final List<Ast.Field> astFields, final String owner, final Map<String, Integer> siblings, final boolean struct)
    {
        final List<Ir.Field> fields = new ArrayList<>();
        final Set<String> javaNames = new HashSet<>();
        for (int i = 0; i < astFields.size(); i++)
        {
            final Ast.Field f = astFields.get(i);
            final Ir.Type type = applyBound(resolveName(f.typeName(), f.line()), f.bound(), f.line());
            final String javaName = JavaNames.member(f.name());
            if (!javaNames.add(javaName))
            {
                throw new SchemaException(source, f.line(), owner + " has two fields named '" + f.name() + "'");
            }
            final boolean restLength = struct && f.name().equals("length") && i < astFields.size() - 1 &&
                type instanceof Ir.IntType it && null == it.enumType() && !it.signed();
            int discriminatorIndex = -1;
            if (type instanceof Ir.SelectType select && !select.inline)
            {
                final Ast.Select astSelect = (Ast.Select)definitions.get(select.name);
                if (!struct || !astSelect.discriminatorStruct().equals(owner))
                {
                    throw new SchemaException(source, f.line(), "select " + select.name + " takes its type from " +
                        astSelect.discriminatorStruct() + "." + astSelect.discriminatorField() +
                        ", so it can only be used inside struct " + astSelect.discriminatorStruct());
                }
                final Integer index = siblings.get(astSelect.discriminatorField());
                if (null == index || index >= i)
                {
                    throw new SchemaException(source, f.line(), "select " + select.name + " needs field '" +
                        astSelect.discriminatorField() + "' before '" + f.name() + "' in " + owner);
                }
                final Ir.Type discriminatorType = fields.get(index).type();
                if (!(discriminatorType instanceof Ir.IntType it) || it.enumType() != select.discriminator)
                {
                    throw new SchemaException(source, f.line(), "field " + owner + "." +
                        astSelect.discriminatorField() + " must be of enum type " + select.discriminator.name);
                }
                discriminatorIndex = index;
            }
            siblings.put(f.name(), i);
            fields.add(new Ir.Field(f.name(), javaName, type, f.line(), restLength, discriminatorIndex));
        }
        return fields;
    }

    private void fillStruct(final Ir.StructType type, final Ast.Struct s)
    {
        type.fields.addAll(fields(s.fields(), s.name(), new HashMap<>(), true));
        if (type.restLengthIndex() >= 0)
        {
            for (int i = type.restLengthIndex() + 1; i < type.fields.size(); i++)
            {
                if (type.fields.get(i).restLength())
                {
                    throw new SchemaException(source, type.fields.get(i).line(), "only one length field per struct");
                }
            }
        }
    }

    private void fillSelect(final Ir.SelectType type, final Ast.Select s)
    {
        String enumName = null;
        final Set<String> javaNames = new HashSet<>();
        javaNames.add("type");
        for (final Ast.Case c : s.cases())
        {
            final String owner = enumOfLabel.get(c.label());
            if (null == owner)
            {
                throw new SchemaException(source, c.line(), "case label '" + c.label() + "' is not a label of " +
                    "any enum");
            }
            if (null != enumName && !enumName.equals(owner))
            {
                throw new SchemaException(source, c.line(), "select " + s.name() + " mixes labels of enum " +
                    enumName + " and enum " + owner);
            }
            enumName = owner;
        }
        type.discriminator = enums.get(enumName);
        final Set<String> labels = new HashSet<>();
        for (final Ast.Case c : s.cases())
        {
            if (!labels.add(c.label()))
            {
                throw new SchemaException(source, c.line(), "select " + s.name() + " has case '" + c.label() +
                    "' twice");
            }
            Ir.EnumValue label = null;
            for (final Ir.EnumValue value : type.discriminator.values)
            {
                if (value.name().equals(c.label()))
                {
                    label = value;
                }
            }
            final List<Ir.Field> fields = fields(c.fields(), s.name(), new HashMap<>(), false);
            for (final Ir.Field field : fields)
            {
                if (!javaNames.add(field.javaName()))
                {
                    throw new SchemaException(source, field.line(), "select " + s.name() + " has two fields " +
                        "named '" + field.name() + "' (field names must differ across cases, and 'type' is taken)");
                }
            }
            type.cases.add(new Ir.Case(label, fields));
        }
    }

    private static String className(final String name)
    {
        return JavaNames.type(name);
    }
}
