package io.relo.control.storage.journal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.relo.control.storage.journal.JournalDescriptor.CHECKSUM_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_CHECKSUM_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_HEADER_LENGTH;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_MAGIC;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_MAGIC_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_VERSION;
import static io.relo.control.storage.journal.JournalDescriptor.FILE_VERSION_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.FRAME_LENGTH_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.HEADER_LENGTH;
import static io.relo.control.storage.journal.JournalDescriptor.MAGIC_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.RECORD_MAGIC;
import static io.relo.control.storage.journal.JournalDescriptor.TYPE_OFFSET;
import static io.relo.control.storage.journal.JournalDescriptor.isPlausibleFrameLength;

/**
 * An append-only journal of typed, opaque records in {@code journal.dat} of a data directory, memory-mapped through
 * Chronicle Bytes; the store appends each accepted change and replays the journal on start.
 * <p>
 * <b>Use.</b> {@link #open(Path, JournalContext)}, then {@link #replay(RecordHandler)} once (it is the recovery and
 * finds where appends continue), then {@link #append(int, DirectBuffer, int, int)} per change, and
 * {@link #compact(LiveRecords)} when {@link #shouldCompact(long)} says so. The file and record layout, with
 * diagrams, is in {@link JournalDescriptor}. Not thread-safe: one thread at a time, which may differ from the thread
 * that opened it.
 * <p>
 * <b>Durability.</b> An append is a copy into a shared mapping of the file, so once it returns the record is in the
 * kernel's page cache: it survives the death of the process ({@code kill -9}, a JVM crash) but not a power loss or a
 * kernel crash, which only {@link #force()} (an {@code fdatasync}) guards against, at the cost of a device flush per
 * call: measured on a virtual ext4 disk, about 1 µs for an unforced 200-byte append against 0.12-0.17 ms median
 * (worst tens of ms) with a force, so force once per batch of changes ({@link JournalContext#forceEachAppend()}
 * forces every append). Writing into a sparse, growing mapping on a full disk raises {@code SIGBUS}, which the JVM
 * reports as an {@link InternalError}: keep free space.
 * <p>
 * <b>Recovery</b> ({@link #replay(RecordHandler)}) reads records in order and verifies each one: plausible frame
 * length inside the file, magic, then CRC32C. It stops at the first record that fails, <i>never reading past it</i>,
 * and looks at the bytes from there to the last non-zero byte of the file:
 * <ul>
 *     <li>none: {@link JournalRecovery.Outcome#CLEAN};</li>
 *     <li>all within the bad record's own frame (or its header, when its length is implausible):
 *     {@link JournalRecovery.Outcome#TORN_TAIL}; with a zero checksum that is exactly a process killed during its
 *     append (the checksum is stored last), which never acknowledged the record;</li>
 *     <li>more after it: {@link JournalRecovery.Outcome#CORRUPT}, damage inside the journal. Replay stops there
 *     too, the safe choice: later records might be whole, but the store cannot tell what the lost record changed,
 *     and a store rebuilt from a prefix is a consistent older state that replicas will refresh.</li>
 * </ul>
 * Anything discarded other than an interrupted append is first copied to {@code journal.dat.discarded-*}; then the
 * bytes are zeroed (from the end backwards, so an interrupted wipe leaves a prefix of the same bad data) and forced,
 * and appends continue after the last good record. {@link JournalRecovery#describe()} is the log line.
 * <p>
 * <b>Compaction</b> writes the live records into {@code journal.dat.compacting}, forces it, renames it over
 * {@code journal.dat} (atomic) and forces the directory. {@code journal.dat} is therefore always a whole journal,
 * the old or the new one, and {@link #open} deletes any {@code journal.dat.compacting}: a crash while it is written
 * leaves a partial file, a crash before the rename a complete one that loses nothing by deletion (the old journal
 * holds the same live state), and after the rename the compaction is simply the journal. A new journal is created the
 * same way, so {@code journal.dat} never lacks its header.
 */
public final class Journal implements AutoCloseable
{
    /** The journal's file in the data directory. */
    public static final String FILE_NAME = "journal.dat";
    /** The file a compaction writes before renaming it over the journal. */
    public static final String COMPACTION_FILE_NAME = "journal.dat.compacting";
    /** Prefix of the files that keep a copy of discarded bytes. */
    public static final String DISCARDED_FILE_PREFIX = "journal.dat.discarded-";

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final LiveRecords NO_RECORDS = (sink) -> {};

    private final Path dataDir;
    private final Path file;
    private final JournalContext context;
    private final CRC32C crc = new CRC32C();
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(64 * 1024);
    private final UnsafeBuffer arrayPayload = new UnsafeBuffer(0, 0);
    private MappedJournalFile mapped;
    private JournalWriter writer;
    private boolean closed;

    private Journal(final Path dataDir, final Path file, final JournalContext context, final MappedJournalFile mapped)
    {
        this.dataDir = dataDir;
        this.file = file;
        this.context = context;
        this.mapped = mapped;
    }

    /**
     * Open the journal of a data directory with the default settings.
     *
     * @param dataDir the peer's data directory, created if missing.
     * @return the journal, to be replayed before anything is appended.
     * @throws IOException if the directory or file cannot be used, or {@link JournalException} for a file that is
     *                     not a journal this code reads.
     */
    public static Journal open(final Path dataDir) throws IOException
    {
        return open(dataDir, new JournalContext());
    }

    /**
     * Open the journal of a data directory, creating an empty one if it has none.
     *
     * @param dataDir the peer's data directory, created if missing.
     * @param context the settings.
     * @return the journal, to be replayed before anything is appended.
     * @throws IOException if the directory or file cannot be used, or {@link JournalException} for a file that is
     *                     not a journal this code reads.
     */
    public static Journal open(final Path dataDir, final JournalContext context) throws IOException
    {
        context.validate();
        Files.createDirectories(dataDir);
        // compaction protocol: journal.dat is always a whole journal; a compaction file is only ever left by a crash
        Files.deleteIfExists(dataDir.resolve(COMPACTION_FILE_NAME));
        final Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            writeCompactionFile(dataDir, context, NO_RECORDS);
            installCompactionFile(dataDir);
        }
        checkFileHeader(file);
        return new Journal(dataDir, file, context, MappedJournalFile.map(file, context.chunkSize()));
    }

    /**
     * Recover: hand every good record to the handler in order, stop at the first bad one, wipe what follows it and
     * make appends continue after the last good record.
     *
     * @param handler receives each good record.
     * @return what was recovered and discarded.
     * @throws IOException if a copy of discarded bytes cannot be written or the wipe cannot be forced.
     */
    public JournalRecovery replay(final RecordHandler handler) throws IOException
    {
        checkOpen();
        final MappedJournalFile mapped = this.mapped;
        final ExpandableArrayBuffer frame = this.frame;
        final long limit = mapped.limit();
        long position = FILE_HEADER_LENGTH;
        long records = 0;
        while (true)
        {
            frame.setMemory(0, HEADER_LENGTH, (byte)0);
            mapped.read(position, frame, 0, (int)Math.min(HEADER_LENGTH, limit - position));
            final int checksum = frame.getInt(CHECKSUM_OFFSET, ORDER);
            final int frameLength = frame.getInt(FRAME_LENGTH_OFFSET, ORDER);
            if (0 == checksum && 0 == frameLength)
            {
                break;
            }
            if (!isPlausibleFrameLength(frameLength) || frameLength > limit - position ||
                RECORD_MAGIC != frame.getShort(MAGIC_OFFSET, ORDER))
            {
                break;
            }
            mapped.read(position + HEADER_LENGTH, frame, HEADER_LENGTH, frameLength - HEADER_LENGTH);
            crc.reset();
            crc.update(frame.byteArray(), FRAME_LENGTH_OFFSET, frameLength - FRAME_LENGTH_OFFSET);
            if ((int)crc.getValue() != checksum)
            {
                break;
            }
            handler.onRecord(frame.getShort(TYPE_OFFSET, ORDER) & 0xFFFF, frame, HEADER_LENGTH,
                frameLength - HEADER_LENGTH);
            records++;
            position += JournalDescriptor.align(frameLength);
        }
        return recoverTail(position, records, limit);
    }

    /**
     * Append one record; once this returns the record survives the death of the process (see the class comment for
     * power loss).
     *
     * @param type    the record's type, 0 to {@link JournalDescriptor#MAX_TYPE}.
     * @param payload holds the payload.
     * @param offset  where the payload starts.
     * @param length  bytes of payload, at most {@link JournalDescriptor#MAX_PAYLOAD_LENGTH}.
     * @return the journal's size after the record.
     * @throws IllegalStateException    if the journal was not replayed or is closed.
     * @throws IllegalArgumentException if the type or length is out of range.
     * @throws UncheckedIOException     if {@link JournalContext#forceEachAppend()} is set and the force fails.
     */
    public long append(final int type, final DirectBuffer payload, final int offset, final int length)
    {
        final long size = writer().append(type, payload, offset, length);
        if (context.forceEachAppend())
        {
            try
            {
                mapped.force(false);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(file + ": force after append failed", ex);
            }
        }
        return size;
    }

    /**
     * Append one record whose payload is a whole array.
     *
     * @param type    the record's type, 0 to {@link JournalDescriptor#MAX_TYPE}.
     * @param payload the payload.
     * @return the journal's size after the record.
     * @see #append(int, DirectBuffer, int, int)
     */
    public long append(final int type, final byte[] payload)
    {
        arrayPayload.wrap(payload);
        return append(type, arrayPayload, 0, payload.length);
    }

    /**
     * Make every append so far survive a power loss: {@code fdatasync} of the file, which waits for the device.
     *
     * @throws IOException if the device reports a failure.
     */
    public void force() throws IOException
    {
        checkOpen();
        mapped.force(false);
    }

    /**
     * @param liveBytes what the live records would take, the sum of {@link JournalDescriptor#framedLength(int)} over
     *                  their payloads.
     * @return whether the journal has outgrown the live records by {@link JournalContext#compactionRatio()} and is at
     * least {@link JournalContext#compactionMinBytes()}.
     */
    public boolean shouldCompact(final long liveBytes)
    {
        final long size = size();
        return size >= context.compactionMinBytes() &&
            size - FILE_HEADER_LENGTH > context.compactionRatio() * Math.max(0, liveBytes);
    }

    /**
     * Replace the journal by one holding only the given records, atomically (see the class comment); on failure
     * before the switch the old journal stays in place and in use.
     *
     * @param live supplies the live records.
     * @return the size of the compacted journal.
     * @throws IOException if the compacted file cannot be written, forced or renamed.
     */
    public long compact(final LiveRecords live) throws IOException
    {
        writer();
        final Compacted compacted = writeCompactionFile(dataDir, context, live);
        installCompactionFile(dataDir);
        // journal.dat is now the compacted file; the old mapping still shows the old, unlinked one
        writer = null;
        mapped.close();
        mapped = null;
        try
        {
            mapped = MappedJournalFile.map(file, context.chunkSize());
        }
        catch (final IOException | RuntimeException ex)
        {
            closed = true;
            throw ex;
        }
        writer = new JournalWriter(mapped, compacted.length(), compacted.records());
        return compacted.length();
    }

    /**
     * @return the journal's size in bytes: file header and records.
     * @throws IllegalStateException if the journal was not replayed or is closed.
     */
    public long size()
    {
        return writer().position();
    }

    /**
     * @return records in the journal: replayed and appended since.
     * @throws IllegalStateException if the journal was not replayed or is closed.
     */
    public long records()
    {
        return writer().records();
    }

    /**
     * @return the journal's file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Unmap the file; appends already made stay in the page cache and reach the device in time.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            writer = null;
            if (null != mapped)
            {
                mapped.close();
                mapped = null;
            }
        }
    }

    /** A compacted journal file: its length and its records. */
    record Compacted(long length, long records)
    {
    }

    /**
     * Compaction steps 1 and 2: write the live records into the compaction file and force it with its length.
     *
     * @param dataDir the data directory.
     * @param context the settings.
     * @param live    supplies the records.
     * @return what was written.
     * @throws IOException if the file cannot be written; it is deleted then.
     */
    static Compacted writeCompactionFile(final Path dataDir, final JournalContext context, final LiveRecords live)
        throws IOException
    {
        final Path compaction = dataDir.resolve(COMPACTION_FILE_NAME);
        Files.deleteIfExists(compaction);
        boolean written = false;
        final MappedJournalFile out = MappedJournalFile.map(compaction, context.chunkSize());
        try
        {
            JournalWriter.writeFileHeader(out);
            final JournalWriter writer = new JournalWriter(out, FILE_HEADER_LENGTH, 0);
            live.forEach(writer);
            // contents and length on the device before the rename can make this file the journal
            out.force(true);
            written = true;
            return new Compacted(writer.position(), writer.records());
        }
        finally
        {
            out.close();
            if (!written)
            {
                Files.deleteIfExists(compaction);
            }
        }
    }

    /**
     * Compaction steps 3 and 4: rename the compaction file over the journal and force the directory.
     *
     * @param dataDir the data directory.
     * @throws IOException if the rename or the directory force fails.
     */
    static void installCompactionFile(final Path dataDir) throws IOException
    {
        Files.move(dataDir.resolve(COMPACTION_FILE_NAME), dataDir.resolve(FILE_NAME),
            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ))
        {
            // the rename itself survives a power loss only once the directory is on the device
            directory.force(true);
        }
    }

    private JournalRecovery recoverTail(final long position, final long records, final long limit) throws IOException
    {
        final int checksum = frame.getInt(CHECKSUM_OFFSET, ORDER);
        final int frameLength = frame.getInt(FRAME_LENGTH_OFFSET, ORDER);
        final boolean plausible = isPlausibleFrameLength(frameLength);
        final long end = mapped.endOfNonZero(position, limit);
        final long discarded = end - position;
        JournalRecovery.Outcome outcome = JournalRecovery.Outcome.CLEAN;
        boolean interrupted = false;
        Path copy = null;
        if (discarded > 0)
        {
            final long extent = plausible ? JournalDescriptor.align(frameLength) : HEADER_LENGTH;
            outcome = discarded <= extent ? JournalRecovery.Outcome.TORN_TAIL : JournalRecovery.Outcome.CORRUPT;
            interrupted = JournalRecovery.Outcome.TORN_TAIL == outcome && 0 == checksum && plausible &&
                RECORD_MAGIC == frame.getShort(MAGIC_OFFSET, ORDER);
            if (!interrupted)
            {
                copy = copyAside(position, end);
            }
            mapped.zero(position, end);
            // zeros on the device before any append lands after them, or a power loss could revive the bad bytes
            mapped.force(false);
        }
        writer = new JournalWriter(mapped, position, records);
        return new JournalRecovery(file, outcome, records, position, discarded, interrupted, copy);
    }

    private Path copyAside(final long from, final long to) throws IOException
    {
        Path copy = dataDir.resolve(DISCARDED_FILE_PREFIX + from + "-" + System.currentTimeMillis());
        for (int i = 1; Files.exists(copy); i++)
        {
            copy = dataDir.resolve(DISCARDED_FILE_PREFIX + from + "-" + System.currentTimeMillis() + "-" + i);
        }
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long at = from;
            while (at < to)
            {
                final int piece = (int)Math.min(frame.capacity(), to - at);
                mapped.read(at, frame, 0, piece);
                final ByteBuffer bytes = ByteBuffer.wrap(frame.byteArray(), 0, piece);
                while (bytes.hasRemaining())
                {
                    out.write(bytes);
                }
                at += piece;
            }
            out.force(true);
        }
        return copy;
    }

    private static void checkFileHeader(final Path file) throws IOException
    {
        final long size = Files.size(file);
        if (size < FILE_HEADER_LENGTH)
        {
            throw new JournalException(file + " holds " + size + " bytes, less than a journal header, so relo did " +
                "not write it (it creates journals whole, by rename): move it away to start with an empty store");
        }
        final byte[] header = new byte[FILE_HEADER_LENGTH];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining() && in.read(buffer) >= 0)
            {
                // read the header whole
            }
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(header);
        if (FILE_MAGIC != buffer.getLong(FILE_MAGIC_OFFSET, ORDER))
        {
            throw new JournalException(file + " does not start with \"RELOJRNL\", so it is not a relo journal: " +
                "check the data directory, or move the file away to start with an empty store");
        }
        if (JournalWriter.fileHeaderChecksum(header) != buffer.getInt(FILE_CHECKSUM_OFFSET, ORDER))
        {
            throw new JournalException(file + ": the journal header fails its checksum, so the disk damaged it: " +
                "move the file away to start with an empty store (replicas restore stored values)");
        }
        final int version = buffer.getInt(FILE_VERSION_OFFSET, ORDER);
        if (FILE_VERSION != version)
        {
            throw new JournalException(file + " is journal format " + version + " but this relo reads format " +
                FILE_VERSION + ": run the relo version that wrote it, or move the file away to start empty");
        }
    }

    private JournalWriter writer()
    {
        final JournalWriter writer = this.writer;
        if (null == writer)
        {
            checkOpen();
            throw new IllegalStateException(file + ": replay the journal before appending, compacting or asking " +
                "its size, since where its good records end is not known until then");
        }
        return writer;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(file + ": the journal is closed");
        }
    }
}
