package io.relo.fastpath;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * A memory-mapped file in the peer's directory holding its counters and its distinct error log, so that a separate
 * process ({@code relo stat}) can read them live, as AeronStat reads an Aeron media driver.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic "RELC"                             |
 *  |                      Version                                  |
 *  |                      Metadata length                          |
 *  |                      Values length                            |
 *  |                      Error log length                         |
 *  |                      (reserved)                               |
 *  |                      PID (64 bits)                            |
 *  |                      Start time, ms since epoch (64 bits)     |
 *  +---------------------------------------------------------------+ 64
 *  |                      Counters metadata                       ...
 *  |                      Counters values                         ...
 *  |                      Distinct error log                      ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class CountersFile implements AutoCloseable
{
    /** Name of the file in the peer's directory. */
    public static final String FILE_NAME = "relo-counters.dat";
    /** "RELC". */
    public static final int MAGIC = 0x52454C43;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Bytes of the header. */
    public static final int HEADER_LENGTH = 64;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int METADATA_LENGTH_OFFSET = 8;
    public static final int VALUES_LENGTH_OFFSET = 12;
    public static final int ERROR_LOG_LENGTH_OFFSET = 16;
    public static final int PID_OFFSET = 24;
    public static final int START_TIME_OFFSET = 32;
    /** Counters the file has room for. */
    public static final int MAX_COUNTERS = 256;
    /** Bytes of the distinct error log. */
    public static final int ERROR_LOG_LENGTH = 64 * 1024;

    private final File file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final AtomicBuffer errorLog;

    private CountersFile(final File file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        header = new UnsafeBuffer(all, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        final int errorLogLength = header.getInt(ERROR_LOG_LENGTH_OFFSET);
        metadata = new UnsafeBuffer(all, HEADER_LENGTH, metadataLength);
        values = new UnsafeBuffer(all, HEADER_LENGTH + metadataLength, valuesLength);
        errorLog = new UnsafeBuffer(all, HEADER_LENGTH + metadataLength + valuesLength, errorLogLength);
    }

    /**
     * Create (or replace) the counters file in a directory.
     *
     * @param dir      the peer's directory; created if missing.
     * @param pid      of this process.
     * @param nowMs    start time.
     * @return the mapped file.
     */
    public static CountersFile create(final File dir, final long pid, final long nowMs)
    {
        IoUtil.ensureDirectoryExists(dir, "relo peer directory");
        final File file = new File(dir, FILE_NAME);
        final int metadataLength = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
        final int valuesLength = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
        final long total = HEADER_LENGTH + metadataLength + valuesLength + ERROR_LOG_LENGTH;
        IoUtil.deleteIfExists(file);
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, total);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(VERSION_OFFSET, VERSION);
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(ERROR_LOG_LENGTH_OFFSET, ERROR_LOG_LENGTH);
        header.putLong(PID_OFFSET, pid);
        header.putLong(START_TIME_OFFSET, nowMs);
        // Written last and ordered, so a reader that sees the magic sees a complete header.
        header.putIntVolatile(MAGIC_OFFSET, MAGIC);
        return new CountersFile(file, mapped);
    }

    /**
     * Map an existing counters file read-only, for reading by another process: a reader can never disturb the
     * counters of the process it watches.
     *
     * @param dir the peer's directory.
     * @return the mapped file; only its getters and readers may be used.
     * @throws IllegalStateException saying what is wrong with the directory or file.
     */
    public static CountersFile open(final File dir)
    {
        final File file = new File(dir, FILE_NAME);
        if (!file.exists())
        {
            throw new IllegalStateException("no " + FILE_NAME + " in " + dir.getAbsolutePath() +
                ": is a relo peer or forwarder running with --dir " + dir.getPath() + "?");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "relo counters");
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (header.getIntVolatile(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(file + " is not a relo counters file of version " + VERSION);
        }
        return new CountersFile(file, mapped);
    }

    /**
     * @return counters metadata, for a CountersManager or CountersReader.
     */
    public UnsafeBuffer metadata()
    {
        return metadata;
    }

    /**
     * @return counters values.
     */
    public UnsafeBuffer values()
    {
        return values;
    }

    /**
     * @return the buffer of the distinct error log.
     */
    public AtomicBuffer errorLog()
    {
        return errorLog;
    }

    /**
     * @return a reader over the counters.
     */
    public CountersReader reader()
    {
        return new CountersReader(metadata, values, StandardCharsets.US_ASCII);
    }

    /**
     * @return PID of the process that created the file.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return start time of that process, ms since the epoch.
     */
    public long startTimeMs()
    {
        return header.getLong(START_TIME_OFFSET);
    }

    /**
     * @return the file.
     */
    public File file()
    {
        return file;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
