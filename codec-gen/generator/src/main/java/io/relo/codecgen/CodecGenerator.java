package io.relo.codecgen;

import io.relo.codecgen.ir.Ir;
import io.relo.codecgen.ir.Resolver;
import io.relo.codecgen.java.JavaGenerator;
import io.relo.codecgen.schema.SchemaException;
import io.relo.codecgen.schema.SchemaParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line entry of codec-gen: {@code --out DIR (--package NAME SCHEMA...)...}. Runs in generate-sources; a
 * file is rewritten only when its content changes, so incremental builds stay incremental.
 */
public final class CodecGenerator
{
    private CodecGenerator()
    {
    }

    /**
     * Parse, resolve and emit one schema.
     *
     * @param source      file name for messages.
     * @param text        schema text.
     * @param javaPackage of the emitted classes.
     * @return simple class name to source.
     */
    public static Map<String, String> generate(final String source, final String text, final String javaPackage)
    {
        final Ir.Schema schema = Resolver.resolve(SchemaParser.parse(source, text), javaPackage);
        return JavaGenerator.generate(schema);
    }

    /**
     * @param args {@code --out DIR (--package NAME SCHEMA...)...}
     * @throws IOException if a schema cannot be read or a source written.
     */
    public static void main(final String[] args) throws IOException
    {
        Path out = null;
        String javaPackage = null;
        final List<String[]> jobs = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--package":
                    javaPackage = args[++i];
                    break;
                default:
                    if (null == javaPackage)
                    {
                        usage("give --package before the schema " + args[i]);
                    }
                    jobs.add(new String[] {javaPackage, args[i]});
            }
        }
        if (null == out || jobs.isEmpty())
        {
            usage("need --out and at least one schema");
        }
        int written = 0;
        int total = 0;
        for (final String[] job : jobs)
        {
            final Path schemaPath = Path.of(job[1]);
            final Map<String, String> sources;
            try
            {
                sources = generate(schemaPath.toString(), Files.readString(schemaPath, StandardCharsets.UTF_8),
                    job[0]);
            }
            catch (final SchemaException ex)
            {
                System.err.println("codec-gen: " + ex.getMessage());
                System.exit(2);
                return;
            }
            final Path dir = out.resolve(job[0].replace('.', '/'));
            Files.createDirectories(dir);
            for (final Map.Entry<String, String> entry : sources.entrySet())
            {
                final Path file = dir.resolve(entry.getKey() + ".java");
                total++;
                if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(entry.getValue()))
                {
                    Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
                    written++;
                }
            }
        }
        System.out.println("codec-gen: " + total + " classes from " + jobs.size() + " schemas, " + written +
            " changed, in " + out);
    }

    private static void usage(final String problem)
    {
        System.err.println("codec-gen: " + problem);
        System.err.println("usage: CodecGenerator --out DIR (--package NAME SCHEMA...)...");
        System.exit(1);
    }
}
