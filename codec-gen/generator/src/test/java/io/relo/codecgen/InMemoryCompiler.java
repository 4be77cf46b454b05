package io.relo.codecgen;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles generated sources in memory and loads them, the way sbe-tool tests its own output.
 */
final class InMemoryCompiler
{
    private InMemoryCompiler()
    {
    }

    /**
     * @param javaPackage of every source.
     * @param sources     simple class name to source text.
     * @return a class loader holding the compiled classes.
     * @throws IllegalStateException with the compiler's diagnostics when compilation fails or warns.
     */
    static ClassLoader compile(final String javaPackage, final Map<String, String> sources)
    {
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        final StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, null);
        final Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        final JavaFileManager manager = new ForwardingJavaFileManager<>(standard)
        {
            @Override
            public JavaFileObject getJavaFileForOutput(
                final Location location, final String className, final JavaFileObject.Kind kind,
                final FileObject sibling)
            {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                    kind)
                {
                    @Override
                    public OutputStream openOutputStream()
                    {
                        final ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(className, out);
                        return out;
                    }
                };
            }
        };
        final List<JavaFileObject> units = new ArrayList<>();
        for (final Map.Entry<String, String> entry : sources.entrySet())
        {
            final String path = javaPackage.replace('.', '/') + "/" + entry.getKey();
            units.add(new SimpleJavaFileObject(URI.create("string:///" + path + ".java"), JavaFileObject.Kind.SOURCE)
            {
                @Override
                public CharSequence getCharContent(final boolean ignoreEncodingErrors)
                {
                    return entry.getValue();
                }
            });
        }
        final List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror",
            "-classpath", System.getProperty("java.class.path"));
        final boolean ok = compiler.getTask(null, manager, diagnostics, options, null, units).call();
        if (!ok)
        {
            final StringBuilder sb = new StringBuilder("generated code does not compile cleanly:\n");
            for (final Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics())
            {
                sb.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
                    .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
            }
            throw new IllegalStateException(sb.toString());
        }
        return new ClassLoader(InMemoryCompiler.class.getClassLoader())
        {
            @Override
            protected Class<?> findClass(final String name) throws ClassNotFoundException
            {
                final ByteArrayOutputStream bytes = classes.get(name);
                if (null == bytes)
                {
                    throw new ClassNotFoundException(name);
                }
                final byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
    }
}
