package io.relo.codec;

/**
 * Method codes carried in the code field of a request's common header (draft §4.2.1, methods of §5).
 * <p>
 * Choice: the draft names the methods but assigns them no numbers; relo numbers them in the order §5 defines them.
 */
public final class MethodCode
{
    /** draft §5.1.1. */
    public static final int PING = 1;
    /** draft §5.1.2. */
    public static final int CONNECT = 2;
    /** draft §5.1.3. */
    public static final int TUNNEL = 3;
    /** draft §5.2.1. */
    public static final int STORE = 4;
    /** draft §5.2.2. */
    public static final int FETCH = 5;
    /** draft §5.2.3. */
    public static final int REMOVE = 6;
    /** draft §5.2.4. */
    public static final int FIND = 7;
    /** draft §5.3.1. */
    public static final int JOIN = 8;
    /** draft §5.3.2. */
    public static final int LEAVE = 9;
    /** draft §5.3.3. */
    public static final int UPDATE = 10;

    /**
     * @param method a method code.
     * @return whether it is one of the storage methods of draft §5.2: STORE, FETCH, REMOVE or FIND.
     */
    public static boolean isStorage(final int method)
    {
        return method >= STORE && method <= FIND;
    }

    private static final String[] NAMES =
    {
        null, "PING", "CONNECT", "TUNNEL", "STORE", "FETCH", "REMOVE", "FIND", "JOIN", "LEAVE", "UPDATE"
    };

    private MethodCode()
    {
    }

    /**
     * @param method a method code.
     * @return its name, such as "PING", or "method 77" for a code relo does not define.
     */
    public static String name(final int method)
    {
        return method >= PING && method <= UPDATE ? NAMES[method] : "method " + method;
    }
}
