package io.relo.control.storage.journal;

/**
 * Configuration of a {@link Journal}: each setting is a system property name beside its default, overridable here.
 */
public final class JournalContext
{
    /** Bytes Chronicle maps at a time; the file grows by this much. A multiple of 4096. */
    public static final String CHUNK_SIZE_PROP_NAME = "relo.journal.chunk.size";
    public static final long CHUNK_SIZE_DEFAULT = 1024 * 1024;

    /** Whether every append also forces the file to the device (fdatasync): survives power loss, costs a flush. */
    public static final String FORCE_EACH_APPEND_PROP_NAME = "relo.journal.force.each.append";
    public static final boolean FORCE_EACH_APPEND_DEFAULT = false;

    /** {@link Journal#shouldCompact(long)} once the journal is this many times the size of the live records. */
    public static final String COMPACTION_RATIO_PROP_NAME = "relo.journal.compaction.ratio";
    public static final int COMPACTION_RATIO_DEFAULT = 4;

    /** ...and at least this many bytes, so that a small journal is never rewritten for little gain. */
    public static final String COMPACTION_MIN_BYTES_PROP_NAME = "relo.journal.compaction.min.bytes";
    public static final long COMPACTION_MIN_BYTES_DEFAULT = 4 * 1024 * 1024;

    private static final long PAGE = 4096;

    private long chunkSize = Long.getLong(CHUNK_SIZE_PROP_NAME, CHUNK_SIZE_DEFAULT);
    private boolean forceEachAppend = Boolean.parseBoolean(
        System.getProperty(FORCE_EACH_APPEND_PROP_NAME, Boolean.toString(FORCE_EACH_APPEND_DEFAULT)));
    private int compactionRatio = Integer.getInteger(COMPACTION_RATIO_PROP_NAME, COMPACTION_RATIO_DEFAULT);
    private long compactionMinBytes = Long.getLong(COMPACTION_MIN_BYTES_PROP_NAME, COMPACTION_MIN_BYTES_DEFAULT);

    /**
     * @return bytes mapped at a time.
     */
    public long chunkSize()
    {
        return chunkSize;
    }

    /**
     * @param chunkSize bytes mapped at a time: a positive multiple of 4096.
     * @return this.
     */
    public JournalContext chunkSize(final long chunkSize)
    {
        this.chunkSize = chunkSize;
        return this;
    }

    /**
     * @return whether every append forces the file to the device.
     */
    public boolean forceEachAppend()
    {
        return forceEachAppend;
    }

    /**
     * @param forceEachAppend whether every append forces the file to the device.
     * @return this.
     */
    public JournalContext forceEachAppend(final boolean forceEachAppend)
    {
        this.forceEachAppend = forceEachAppend;
        return this;
    }

    /**
     * @return how many times the live size the journal may grow to before compaction is due.
     */
    public int compactionRatio()
    {
        return compactionRatio;
    }

    /**
     * @param compactionRatio how many times the live size the journal may grow to, at least 2.
     * @return this.
     */
    public JournalContext compactionRatio(final int compactionRatio)
    {
        this.compactionRatio = compactionRatio;
        return this;
    }

    /**
     * @return the journal size below which compaction is never due.
     */
    public long compactionMinBytes()
    {
        return compactionMinBytes;
    }

    /**
     * @param compactionMinBytes the journal size below which compaction is never due.
     * @return this.
     */
    public JournalContext compactionMinBytes(final long compactionMinBytes)
    {
        this.compactionMinBytes = compactionMinBytes;
        return this;
    }

    /**
     * Reject settings the journal cannot work with, naming the property to fix.
     *
     * @return this.
     */
    JournalContext validate()
    {
        if (chunkSize <= 0 || 0 != chunkSize % PAGE)
        {
            throw new IllegalArgumentException(CHUNK_SIZE_PROP_NAME + "=" + chunkSize +
                ": the journal's chunk size must be a positive multiple of " + PAGE);
        }
        if (compactionRatio < 2)
        {
            throw new IllegalArgumentException(COMPACTION_RATIO_PROP_NAME + "=" + compactionRatio +
                ": compaction needs a ratio of at least 2, or it would rewrite the journal on every change");
        }
        if (compactionMinBytes < 0)
        {
            throw new IllegalArgumentException(COMPACTION_MIN_BYTES_PROP_NAME + "=" + compactionMinBytes +
                ": must not be negative");
        }
        return this;
    }
}
