package io.relo.codecgen;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Calls methods of classes compiled at test time, matching by name, arity and (boxed) argument types.
 */
final class Reflect
{
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
        int.class, Integer.class, long.class, Long.class, boolean.class, Boolean.class, short.class, Short.class,
        byte.class, Byte.class);

    private Reflect()
    {
    }

    static Object newInstance(final ClassLoader loader, final String className)
    {
        try
        {
            return loader.loadClass(className).getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("cannot instantiate " + className, ex);
        }
    }

    static Object call(final Object target, final String name, final Object... args)
    {
        for (final Method method : target.getClass().getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == args.length && matches(method, args))
            {
                try
                {
                    return method.invoke(target, args);
                }
                catch (final InvocationTargetException ex)
                {
                    if (ex.getCause() instanceof RuntimeException re)
                    {
                        throw re;
                    }
                    throw new AssertionError(ex.getCause());
                }
                catch (final IllegalAccessException ex)
                {
                    throw new AssertionError(ex);
                }
            }
        }
        throw new AssertionError("no method " + name + " with " + args.length + " matching arguments on " +
            target.getClass().getName());
    }

    private static boolean matches(final Method method, final Object[] args)
    {
        final Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++)
        {
            final Class<?> type = types[i].isPrimitive() ? BOXES.get(types[i]) : types[i];
            if (null != args[i] && !type.isInstance(args[i]))
            {
                return false;
            }
        }
        return true;
    }
}
