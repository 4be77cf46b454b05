package io.relo.codecgen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's own schemas generate code that compiles without a single warning.
 */
class ProjectSchemasTest
{
    @ParameterizedTest
    @CsvSource({"reload.schema, io.relo.codec, StoreRequestDecoder", "sip-usage.schema, io.relo.codec.sip, SipRegistrationDecoder"})
    void shouldGenerateWarningFreeCode(final String schema, final String javaPackage, final String expectedClass)
        throws IOException
    {
        final Path path = Path.of("../codecs/src/main/schema", schema);
        final Map<String, String> sources = CodecGenerator.generate(schema, Files.readString(path), javaPackage);
        assertTrue(sources.containsKey(expectedClass), sources.keySet().toString());
        InMemoryCompiler.compile(javaPackage, sources);
    }
}
