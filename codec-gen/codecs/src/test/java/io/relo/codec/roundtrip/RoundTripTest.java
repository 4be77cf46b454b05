package io.relo.codec.roundtrip;

import io.relo.codec.roundtrip.Schemas.TypeUnderTest;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.ErrorCode;
import io.relo.codecgen.ir.Ir;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.relo.codec.roundtrip.Reflect.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random round trips through the generated codec of every struct and inline select of reload.schema and
 * sip-usage.schema: random values are serialized by an independent oracle, decoded by the generated decoder and
 * compared field by field, encoded by the generated encoder and compared byte for byte, cut at every length and
 * refused. External-discriminator selects are covered through their parent struct.
 * <p>
 * Each case is named by its type and seed; replay one with
 * {@code mvn -B -pl codec-gen/codecs -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RoundTripTest
 * -Drelo.roundtrip.type="reload.schema store_request" -Drelo.roundtrip.seed=<seed>}.
 */
@ExtendWith(RoundTripTest.NameFailures.class)
class RoundTripTest
{
    private static final long MASTER_SEED = 0x2E10_C0DE_C5EE_D001L;
    private static final int SEEDS_PER_TYPE = 30;
    private static final String TYPE_PROPERTY = "relo.roundtrip.type";
    private static final String SEED_PROPERTY = "relo.roundtrip.seed";
    private static final Class<?>[] WINDOW = {DirectBuffer.class, int.class, int.class};

    /**
     * A random value of a type, its oracle encoding, and a second random stream for the test's own choices.
     */
    private record Trial(TypeUnderTest type, Value value, WireOracle.Encoding encoding, Random random)
    {
        byte[] bytes()
        {
            return encoding.bytes();
        }

        boolean isStruct()
        {
            return type.type() instanceof Ir.StructType;
        }
    }

    /**
     * Prefixes each failure with the case's display name (type and seed), since surefire reports parameterized cases by index.
     */
    static final class NameFailures implements TestExecutionExceptionHandler
    {
        @Override
        public void handleTestExecutionException(final ExtensionContext context, final Throwable throwable)
            throws Throwable
        {
            if (context.getTestMethod().map(m -> m.isAnnotationPresent(ParameterizedTest.class)).orElse(false))
            {
                final AssertionError named = new AssertionError(context.getDisplayName() + ": " +
                    throwable.getMessage(), throwable);
                named.setStackTrace(new StackTraceElement[0]);
                throw named;
            }
            throw throwable;
        }
    }

    static Stream<Arguments> allTypesAndSeeds()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final TypeUnderTest type : Schemas.typesUnderTest())
        {
            // A type's seeds depend only on the master seed and its name, so adding a type changes no other case.
            final Random seeds = new Random(MASTER_SEED ^ type.key().hashCode());
            for (int i = 0; i < SEEDS_PER_TYPE; i++)
            {
                arguments.add(Arguments.of(type.key(), seeds.nextLong()));
            }
        }
        return arguments.stream();
    }

    static Stream<Arguments> typesAndSeeds()
    {
        final String type = System.getProperty(TYPE_PROPERTY);
        final String seed = System.getProperty(SEED_PROPERTY);
        if (null != seed)
        {
            assertNotNull(type, "-D" + SEED_PROPERTY + " needs -D" + TYPE_PROPERTY);
            return Stream.of(Arguments.of(type, Long.parseLong(seed)));
        }
        return allTypesAndSeeds().filter(a -> null == type || type.equals(a.get()[0]));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("typesAndSeeds")
    void shouldDecodeOracleBytesToTheValueTheyWereMadeFrom(final String key, final long seed)
    {
        final Trial trial = trial(key, seed);
        final byte[] bytes = trial.bytes();
        final int base = 1 + trial.random().nextInt(8);
        final int end = base + bytes.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[end + 1 + trial.random().nextInt(8)]);
        fillRandom(buffer, trial.random());
        buffer.putBytes(base, bytes);
        final Object decoder = Reflect.newInstance(trial.type().decoderClass());
        final DecodeError error = (DecodeError)call(decoder, "error");
        final DecoderCheck check = new DecoderCheck(trial.encoding(), base);

        assertEquals(bytes.length, wrap(decoder, buffer, base, buffer.capacity()),
            () -> "wrap followed by other bytes: " + error.message());
        checkValue(check, decoder, trial.value());

        assertEquals(bytes.length, wrapExactly(trial, decoder, buffer, base, end), error::message);
        checkValue(check, decoder, trial.value());

        if (trial.isStruct())
        {
            error.reset();
            assertEquals(DecodeError.FAILED, call(decoder, "wrapExactly", WINDOW, buffer, base, buffer.capacity()));
            assertEquals(ErrorCode.TRAILING_BYTES, error.code());
            assertEquals(end, error.offset());
            assertEquals(trial.type().name() + ".(end): " + (buffer.capacity() - end) +
                " unexpected bytes after the structure, from byte " + end, error.message());
        }

        assertEquals(bytes.length, wrapExactly(trial, decoder, buffer, base, end), error::message);
        final String printed = call(decoder, "appendTo", new Class<?>[] {StringBuilder.class, String.class},
            new StringBuilder(), "").toString();
        assertTrue(printed.startsWith(trial.type().name()), printed);
        for (final Ir.Field field : topLevelFields(trial.value()))
        {
            assertTrue(printed.contains(field.name() + ": "), () -> "no '" + field.name() + ": ' in\n" + printed);
        }
        assertEquals(call(decoder, "appendTo", new Class<?>[] {StringBuilder.class, String.class},
            new StringBuilder(), "  ").toString(), decoder.toString());
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("typesAndSeeds")
    void shouldEncodeTheValueToTheOracleBytes(final String key, final long seed)
    {
        final Trial trial = trial(key, seed);
        final byte[] expected = trial.bytes();
        final int base = trial.random().nextInt(8);
        final byte[] out = new byte[base + expected.length + 16];
        Arrays.fill(out, (byte)0xA5);
        final MutableDirectBuffer buffer = new UnsafeBuffer(out);
        final Object encoder = Reflect.newInstance(trial.type().encoderClass());
        call(encoder, "wrap", new Class<?>[] {MutableDirectBuffer.class, int.class}, buffer, base);

        new EncoderDriver(seed).composite(encoder, trial.value());
        final int length = (int)call(encoder, "finish");

        assertEquals(expected.length, length, "finish() length");
        assertEquals(base + expected.length, call(encoder, "limit"));
        assertSameBytes(expected, Arrays.copyOfRange(out, base, base + length));
        for (int i = 0; i < out.length; i++)
        {
            if (i < base || i >= base + length)
            {
                assertEquals((byte)0xA5, out[i], "encoder wrote byte " + i + " outside [" + base + ", " +
                    (base + length) + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("typesAndSeeds")
    void shouldRefuseEveryTruncationWithoutThrowing(final String key, final long seed)
    {
        final Trial trial = trial(key, seed);
        final byte[] bytes = trial.bytes();
        final int base = 1 + trial.random().nextInt(8);
        final byte[] array = new byte[base + bytes.length];
        System.arraycopy(bytes, 0, array, base, bytes.length);
        final UnsafeBuffer full = new UnsafeBuffer(array);
        final UnsafeBuffer cut = new UnsafeBuffer(array, 0, base);
        final Object decoder = Reflect.newInstance(trial.type().decoderClass());
        final DecodeError error = (DecodeError)call(decoder, "error");

        for (int k = 0; k < bytes.length; k++)
        {
            final int limit = base + k;
            try
            {
                // The buffer ends at the window's end, so a read past the window would throw.
                cut.wrap(array, 0, limit);
                error.reset();
                assertEquals(DecodeError.FAILED, wrapExactly(trial, decoder, cut, base, limit),
                    "accepted the first " + k + " of " + bytes.length + " bytes");
                assertNotEquals(ErrorCode.NONE, error.code(), "no error recorded for " + k + " bytes");
                // A prefix is missing bytes; it cannot have bytes to spare.
                assertNotEquals(ErrorCode.TRAILING_BYTES, error.code(), error::message);
                final int offset = error.offset();
                assertTrue(offset >= base && offset <= limit, () -> "error offset " + offset + " outside the " +
                    "window [" + base + ", " + limit + "]: " + error.message());
                assertTrue(error.message().startsWith(error.structName() + "." + error.fieldName() + ": "),
                    error::message);

                // The same cut with the rest of the bytes still in the buffer.
                error.reset();
                assertEquals(DecodeError.FAILED, wrap(decoder, full, base, limit),
                    "wrap accepted the first " + k + " of " + bytes.length + " bytes");
                assertNotEquals(ErrorCode.NONE, error.code());
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("decoding the first " + k + " of " + bytes.length + " bytes threw", ex);
            }
        }

        // A decoder refused so many times still decodes the whole.
        assertEquals(bytes.length, wrapExactly(trial, decoder, full, base, base + bytes.length), error::message);
        checkValue(new DecoderCheck(trial.encoding(), base), decoder, trial.value());
    }

    @Test
    void shouldTestEveryStructAndInlineSelectOfBothSchemas() throws IOException
    {
        final Map<String, Long> seedsPerType = allTypesAndSeeds().map(a -> (String)a.get()[0])
            .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
        final Set<String> expected = new TreeSet<>();
        final Set<String> reachableExternal = new TreeSet<>();
        for (final Ir.Schema schema : Schemas.ALL)
        {
            schema.structs().forEach(s -> expected.add(schema.source() + " " + s.name));
            schema.selects().stream().filter(s -> s.inline).forEach(s -> expected.add(schema.source() + " " + s.name));
            for (final Ir.StructType s : schema.structs())
            {
                s.fields.stream().filter(f -> f.discriminatorIndex() >= 0)
                    .forEach(f -> reachableExternal.add(((Ir.SelectType)f.type()).javaName + "Decoder"));
            }
        }
        assertEquals(expected, seedsPerType.keySet());
        seedsPerType.forEach((type, count) -> assertEquals(SEEDS_PER_TYPE, count, type));

        // Every generated decoder is a tested type or an external select inside a tested struct.
        for (final Ir.Schema schema : Schemas.ALL)
        {
            final Path dir = Path.of("target/generated-sources/codecs", schema.javaPackage().replace('.', '/'));
            final Set<String> generated;
            try (Stream<Path> files = Files.list(dir))
            {
                generated = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("Decoder.java"))
                    .map(f -> f.substring(0, f.length() - ".java".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            }
            final Set<String> covered = new TreeSet<>();
            for (final TypeUnderTest type : Schemas.typesUnderTest())
            {
                if (type.schema() == schema)
                {
                    covered.add(type.decoderClass().getSimpleName());
                    assertNotNull(type.encoderClass());
                }
            }
            for (final Ir.SelectType s : schema.selects())
            {
                if (!s.inline)
                {
                    assertTrue(reachableExternal.contains(s.javaName + "Decoder"), s.name + " has no parent");
                    covered.add(s.javaName + "Decoder");
                }
            }
            assertEquals(generated, covered, "generated decoders in " + dir);
        }
    }

    @Test
    void shouldDrawEveryCaseAndEveryLengthRegime()
    {
        final Set<String> cases = new TreeSet<>();
        final Set<String> vectors = new TreeSet<>();
        for (final Ir.Schema schema : Schemas.ALL)
        {
            for (final Ir.SelectType s : schema.selects())
            {
                s.cases.forEach(c -> cases.add(s.name + " " + c.label().name()));
                s.allFields().forEach(f -> vectorRegimes(s.name, f, vectors));
            }
            for (final Ir.StructType s : schema.structs())
            {
                s.fields.forEach(f -> vectorRegimes(s.name, f, vectors));
            }
        }
        final Set<String> drawnCases = new HashSet<>();
        final Set<String> drawnVectors = new HashSet<>();
        allTypesAndSeeds().forEach(a ->
        {
            final Trial trial = trial((String)a.get()[0], (long)a.get()[1]);
            walk(trial.type().type(), trial.value(), null, drawnCases, drawnVectors);
        });
        final Set<String> missingCases = new TreeSet<>(cases);
        missingCases.removeAll(drawnCases);
        assertEquals(Set.of(), missingCases, "select cases never drawn");
        final Set<String> missingVectors = new TreeSet<>(vectors);
        missingVectors.removeAll(drawnVectors);
        assertEquals(Set.of(), missingVectors, "vector lengths never drawn");
    }

    private static void vectorRegimes(final String owner, final Ir.Field field, final Set<String> regimes)
    {
        if (field.type() instanceof Ir.VectorType v)
        {
            final String name = owner + "." + field.name();
            regimes.add(name + " minimum");
            regimes.add(name + " above minimum");
            if (v.max() <= 255)
            {
                regimes.add(name + " near maximum");
            }
        }
    }

    private static void walk(
        final Ir.Type type, final Value value, final String where, final Set<String> cases, final Set<String> vectors)
    {
        if (type instanceof Ir.VectorType v)
        {
            final long length = WireOracle.encodedLength(v, value) - v.prefixWidth();
            final long elementSize = v.element() instanceof Ir.ByteType ? 1 : v.element().minSize();
            vectors.add(where + (length == v.min() || length - elementSize < v.min() ? " minimum" : " above minimum"));
            if (length > v.max() - 3 * elementSize)
            {
                vectors.add(where + " near maximum");
            }
            if (value instanceof Value.ListValue list)
            {
                list.elements().forEach(e -> walk(v.element(), e, where + "[]", cases, vectors));
            }
        }
        else if (value instanceof Value.StructValue s)
        {
            for (int i = 0; i < s.fields().size(); i++)
            {
                final Ir.Field f = s.type().fields.get(i);
                walk(f.type(), s.fields().get(i), s.type().name + "." + f.name(), cases, vectors);
            }
        }
        else if (value instanceof Value.SelectValue s)
        {
            cases.add(s.type().name + " " + s.chosen().label().name());
            for (int i = 0; i < s.fields().size(); i++)
            {
                final Ir.Field f = s.chosen().fields().get(i);
                walk(f.type(), s.fields().get(i), s.type().name + "." + f.name(), cases, vectors);
            }
        }
    }

    private static Trial trial(final String key, final long seed)
    {
        final TypeUnderTest type = Schemas.byKey(key);
        final Value value = new ValueGenerator(seed).value(type.type());
        return new Trial(type, value, WireOracle.encode(type.type(), value), new Random(~seed));
    }

    private static List<Ir.Field> topLevelFields(final Value value)
    {
        return value instanceof Value.StructValue s ? s.type().fields : ((Value.SelectValue)value).chosen().fields();
    }

    private static void checkValue(final DecoderCheck check, final Object decoder, final Value value)
    {
        if (value instanceof Value.StructValue s)
        {
            check.struct(decoder, s, s.type().name);
        }
        else
        {
            final Value.SelectValue s = (Value.SelectValue)value;
            check.select(decoder, s, s.type().name);
        }
    }

    private static int wrap(final Object decoder, final DirectBuffer buffer, final int offset, final int limit)
    {
        return (int)call(decoder, "wrap", WINDOW, buffer, offset, limit);
    }

    /** Structs have wrapExactly; a select decoder has only wrap, so callers compare its result to the window. */
    private static int wrapExactly(
        final Trial trial, final Object decoder, final DirectBuffer buffer, final int offset, final int limit)
    {
        return trial.isStruct() ? (int)call(decoder, "wrapExactly", WINDOW, buffer, offset, limit) :
            wrap(decoder, buffer, offset, limit);
    }

    private static void fillRandom(final MutableDirectBuffer buffer, final Random random)
    {
        for (int i = 0; i < buffer.capacity(); i++)
        {
            buffer.putByte(i, (byte)random.nextInt());
        }
    }

    private static void assertSameBytes(final byte[] oracle, final byte[] encoded)
    {
        final int at = Arrays.mismatch(oracle, encoded);
        if (at >= 0)
        {
            fail("encoder differs from the oracle first at byte " + at + " of " + oracle.length +
                "\n oracle:  " + hex(oracle) + "\n encoder: " + hex(encoded));
        }
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
