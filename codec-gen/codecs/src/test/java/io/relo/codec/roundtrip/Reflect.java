package io.relo.codec.roundtrip;

import io.relo.codecgen.ir.Ir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds and calls the generated classes by the names the generator gives them, so that one test covers every type
 * of both schemas.
 */
final class Reflect
{
    private static final Map<String, Method> METHODS = new HashMap<>();

    private Reflect()
    {
    }

    /**
     * @param schema holding the type.
     * @param type   struct or select.
     * @param suffix "Decoder" or "Encoder".
     * @return the generated class.
     */
    static Class<?> generated(final Ir.Schema schema, final Ir.Type type, final String suffix)
    {
        final String javaName = type instanceof Ir.StructType s ? s.javaName : ((Ir.SelectType)type).javaName;
        try
        {
            return Class.forName(schema.javaPackage() + "." + javaName + suffix);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new AssertionError("no generated class " + javaName + suffix + " in " + schema.javaPackage(), ex);
        }
    }

    static Object newInstance(final Class<?> type)
    {
        try
        {
            return type.getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("cannot construct " + type.getName(), ex);
        }
    }

    /**
     * @param target     object.
     * @param name       method name.
     * @param paramTypes exact parameter types.
     * @return whether the method exists.
     */
    static boolean has(final Object target, final String name, final Class<?>... paramTypes)
    {
        return null != find(target.getClass(), name, paramTypes);
    }

    /**
     * Call a public method, rethrowing whatever it throws unwrapped.
     *
     * @param target     object.
     * @param name       method name.
     * @param paramTypes exact parameter types.
     * @param args       arguments.
     * @return what it returns.
     */
    static Object call(final Object target, final String name, final Class<?>[] paramTypes, final Object... args)
    {
        final Method method = find(target.getClass(), name, paramTypes);
        if (null == method)
        {
            throw new AssertionError(target.getClass().getSimpleName() + " has no method " + name +
                java.util.Arrays.toString(paramTypes));
        }
        try
        {
            return method.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException r)
            {
                throw r;
            }
            if (cause instanceof Error e)
            {
                throw e;
            }
            throw new AssertionError(cause);
        }
        catch (final IllegalAccessException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * Call a public method without arguments.
     *
     * @param target object.
     * @param name   method name.
     * @return what it returns.
     */
    static Object call(final Object target, final String name)
    {
        return call(target, name, new Class<?>[0]);
    }

    private static Method find(final Class<?> type, final String name, final Class<?>... paramTypes)
    {
        final StringBuilder key = new StringBuilder(type.getName()).append('#').append(name);
        for (final Class<?> p : paramTypes)
        {
            key.append(',').append(p.getName());
        }
        return METHODS.computeIfAbsent(key.toString(), k ->
        {
            try
            {
                return type.getMethod(name, paramTypes);
            }
            catch (final NoSuchMethodException ex)
            {
                return null;
            }
        });
    }
}
