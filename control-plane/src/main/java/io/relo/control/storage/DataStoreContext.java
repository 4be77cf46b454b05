package io.relo.control.storage;

/**
 * Limits of a {@link DataStore}: each is a system property name beside its default, overridable here. The limits
 * keep a peer's memory bounded whatever its requesters do (draft §10.5.2).
 */
public final class DataStoreContext
{
    /** Bytes (values, keys and signatures) one storing peer may hold here. */
    public static final String STORER_MAX_BYTES_PROP_NAME = "relo.storage.storer.max.bytes";
    public static final long STORER_MAX_BYTES_DEFAULT = 1024 * 1024;

    /** Values one storing peer may hold here. */
    public static final String STORER_MAX_VALUES_PROP_NAME = "relo.storage.storer.max.values";
    public static final long STORER_MAX_VALUES_DEFAULT = 1000;

    /** Bytes the whole store may hold. */
    public static final String MAX_BYTES_PROP_NAME = "relo.storage.max.bytes";
    public static final long MAX_BYTES_DEFAULT = 64 * 1024 * 1024;

    /** Values the whole store may hold. */
    public static final String MAX_VALUES_PROP_NAME = "relo.storage.max.values";
    public static final long MAX_VALUES_DEFAULT = 100_000;

    private long storerMaxBytes = Long.getLong(STORER_MAX_BYTES_PROP_NAME, STORER_MAX_BYTES_DEFAULT);
    private long storerMaxValues = Long.getLong(STORER_MAX_VALUES_PROP_NAME, STORER_MAX_VALUES_DEFAULT);
    private long maxBytes = Long.getLong(MAX_BYTES_PROP_NAME, MAX_BYTES_DEFAULT);
    private long maxValues = Long.getLong(MAX_VALUES_PROP_NAME, MAX_VALUES_DEFAULT);

    /**
     * @param bytes the most bytes one storing peer may hold.
     * @return this.
     */
    public DataStoreContext storerMaxBytes(final long bytes)
    {
        this.storerMaxBytes = bytes;
        return this;
    }

    /**
     * @return the most bytes one storing peer may hold.
     */
    public long storerMaxBytes()
    {
        return storerMaxBytes;
    }

    /**
     * @param values the most values one storing peer may hold.
     * @return this.
     */
    public DataStoreContext storerMaxValues(final long values)
    {
        this.storerMaxValues = values;
        return this;
    }

    /**
     * @return the most values one storing peer may hold.
     */
    public long storerMaxValues()
    {
        return storerMaxValues;
    }

    /**
     * @param bytes the most bytes the store may hold.
     * @return this.
     */
    public DataStoreContext maxBytes(final long bytes)
    {
        this.maxBytes = bytes;
        return this;
    }

    /**
     * @return the most bytes the store may hold.
     */
    public long maxBytes()
    {
        return maxBytes;
    }

    /**
     * @param values the most values the store may hold.
     * @return this.
     */
    public DataStoreContext maxValues(final long values)
    {
        this.maxValues = values;
        return this;
    }

    /**
     * @return the most values the store may hold.
     */
    public long maxValues()
    {
        return maxValues;
    }
}
