package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;
import io.relo.codecgen.ir.Resolver;
import io.relo.codecgen.schema.SchemaParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's two schemas, parsed and resolved from src/main/schema the way the build generates them, and the
 * types the round-trip tests cover: every struct and every select whose discriminator is written inline.
 */
final class Schemas
{
    /** draft-02 PDUs, generated into io.relo.codec. */
    static final Ir.Schema RELOAD = load("reload.schema", "io.relo.codec");
    /** RFC 7904 SipRegistration, generated into io.relo.codec.sip. */
    static final Ir.Schema SIP = load("sip-usage.schema", "io.relo.codec.sip");
    static final List<Ir.Schema> ALL = List.of(RELOAD, SIP);

    /**
     * A struct or inline select of one schema.
     *
     * @param schema holding it.
     * @param type   the struct or select.
     * @param name   as the schema spells it.
     */
    record TypeUnderTest(Ir.Schema schema, Ir.Type type, String name)
    {
        /**
         * @return schema file and type name, unique across both schemas, e.g. "reload.schema store_request".
         */
        String key()
        {
            return schema.source() + " " + name;
        }

        Class<?> decoderClass()
        {
            return Reflect.generated(schema, type, "Decoder");
        }

        Class<?> encoderClass()
        {
            return Reflect.generated(schema, type, "Encoder");
        }
    }

    private Schemas()
    {
    }

    /**
     * @return every struct and inline select of both schemas, in definition order.
     */
    static List<TypeUnderTest> typesUnderTest()
    {
        final List<TypeUnderTest> types = new ArrayList<>();
        for (final Ir.Schema schema : ALL)
        {
            for (final Ir.StructType s : schema.structs())
            {
                types.add(new TypeUnderTest(schema, s, s.name));
            }
            for (final Ir.SelectType s : schema.selects())
            {
                if (s.inline)
                {
                    types.add(new TypeUnderTest(schema, s, s.name));
                }
            }
        }
        return types;
    }

    /**
     * @param key as {@link TypeUnderTest#key()} returns it.
     * @return the type.
     */
    static TypeUnderTest byKey(final String key)
    {
        for (final TypeUnderTest type : typesUnderTest())
        {
            if (type.key().equals(key))
            {
                return type;
            }
        }
        throw new IllegalArgumentException("no struct or inline select " + key);
    }

    /**
     * @param schema holding it.
     * @param name   as the schema spells it.
     * @return the struct.
     */
    static Ir.StructType struct(final Ir.Schema schema, final String name)
    {
        return schema.structs().stream().filter(s -> s.name.equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no struct " + name + " in " + schema.source()));
    }

    private static Ir.Schema load(final String file, final String javaPackage)
    {
        // Surefire runs with the module directory as the working directory.
        final Path path = Path.of("src/main/schema", file);
        try
        {
            return Resolver.resolve(SchemaParser.parse(file, Files.readString(path)), javaPackage);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), ex);
        }
    }
}
