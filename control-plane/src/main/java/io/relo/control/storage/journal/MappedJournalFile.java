package io.relo.control.storage.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A journal file mapped through Chronicle Bytes {@link MappedBytes}, accessed only in pieces that stay inside one
 * chunk.
 * <p>
 * Why pieces: Chronicle's offset-taking bulk reads use whichever chunk is current, so a copy that starts in another
 * chunk or crosses a chunk boundary reads the wrong memory (seen here: a SIGSEGV of the JVM). Each piece here takes
 * the address of its own chunk's mapping and copies with Agrona. A chunk's mapping also covers a page of the next
 * chunk (Chronicle's overlap), which lets an 8-byte record header field straddle a chunk boundary in one store.
 */
final class MappedJournalFile implements AutoCloseable
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Path path;
    private final MappedBytes bytes;
    private final long chunkSize;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    private MappedJournalFile(final Path path, final MappedBytes bytes)
    {
        this.path = path;
        this.bytes = bytes;
        this.chunkSize = bytes.mappedFile().chunkSize();
    }

    /**
     * Map a file, creating it if missing, and give it a length that {@link #limit()} can rely on.
     *
     * @param path      the file.
     * @param chunkSize bytes mapped at a time, a multiple of the page size.
     * @return the mapped file.
     * @throws IOException if the file cannot be opened or extended.
     */
    static MappedJournalFile map(final Path path, final long chunkSize) throws IOException
    {
        final MappedBytes bytes = MappedBytes.mappedBytes(path.toFile(), chunkSize);
        try
        {
            // the journal is confined to one thread at a time but may be opened on one and used on another, which
            // Chronicle's owner-thread check would reject while the opening thread is alive
            bytes.singleThreadedCheckDisabled(true);
            final long overlap = bytes.mappedFile().overlapSize();
            if (overlap < JournalDescriptor.ALIGNMENT)
            {
                throw new IOException(path + ": Chronicle chunk overlap " + overlap + " is below " +
                    JournalDescriptor.ALIGNMENT + " bytes");
            }
            normaliseLength(bytes.mappedFile().raf(), chunkSize, overlap);
            return new MappedJournalFile(path, bytes);
        }
        catch (final IOException | RuntimeException ex)
        {
            bytes.releaseLast();
            throw ex;
        }
    }

    /**
     * Touching chunk k grows a file to (k + 1) chunks plus the overlap, so files Chronicle grew have that shape, their
     * last overlap is all zero (a record touches the chunk of its last byte before writing), and a scan of whole
     * chunks never grows them. Any other file (copied, truncated) is extended once, with zeros, to that shape.
     */
    private static void normaliseLength(final RandomAccessFile raf, final long chunkSize, final long overlap)
        throws IOException
    {
        final long length = raf.length();
        final boolean shaped = length >= chunkSize + overlap && 0 == (length - overlap) % chunkSize &&
            isZero(raf.getChannel(), length - overlap, length);
        if (!shaped)
        {
            final long chunks = Math.max(1, (length + chunkSize - 1) / chunkSize);
            raf.setLength(chunks * chunkSize + overlap);
        }
    }

    private static boolean isZero(final FileChannel channel, final long from, final long to) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate((int)(to - from));
        long at = from;
        while (buffer.hasRemaining())
        {
            final int read = channel.read(buffer, at);
            if (read < 0)
            {
                break;
            }
            at += read;
        }
        buffer.flip();
        while (buffer.hasRemaining())
        {
            if (0 != buffer.get())
            {
                return false;
            }
        }
        return true;
    }

    Path path()
    {
        return path;
    }

    /**
     * @return the end of the whole chunks the file holds: every byte that can hold data is below it, and reading
     * below it never grows the file.
     */
    long limit()
    {
        final long chunks = (bytes.mappedFile().actualSize() - bytes.mappedFile().overlapSize()) / chunkSize;
        return chunks * chunkSize;
    }

    /**
     * Make the file hold the chunk of a position before anything is written there through a neighbouring chunk's
     * overlap, which keeps {@link #limit()} above every written byte.
     *
     * @param position a position about to be written.
     */
    void cover(final long position)
    {
        bytes.addressForWrite(position);
    }

    /**
     * Copy bytes of the file into a buffer, which grows if it is expandable.
     *
     * @param position  where in the file.
     * @param dst       the destination.
     * @param dstOffset where in the destination.
     * @param length    how many bytes.
     */
    void read(final long position, final MutableDirectBuffer dst, final int dstOffset, final int length)
    {
        long at = position;
        int done = 0;
        while (done < length)
        {
            final int piece = piece(at, length - done);
            view.wrap(bytes.addressForRead(at, piece), piece);
            view.getBytes(0, dst, dstOffset + done, piece);
            at += piece;
            done += piece;
        }
    }

    /**
     * Copy bytes of a buffer into the file.
     *
     * @param position  where in the file.
     * @param src       the source.
     * @param srcOffset where in the source.
     * @param length    how many bytes.
     */
    void write(final long position, final DirectBuffer src, final int srcOffset, final int length)
    {
        long at = position;
        int done = 0;
        while (done < length)
        {
            final int piece = piece(at, length - done);
            view.wrap(bytes.addressForWrite(at), piece);
            view.putBytes(0, src, srcOffset + done, piece);
            at += piece;
            done += piece;
        }
    }

    /**
     * Store a little-endian long at an 8-byte aligned position plus 4, in one store even across a chunk boundary.
     *
     * @param alignedPosition an 8-byte aligned position.
     * @param value           stored at {@code alignedPosition + 4}.
     */
    void putLongAfterInt(final long alignedPosition, final long value)
    {
        // alignedPosition + 4 is in the same chunk as alignedPosition, and its mapping's overlap covers the rest
        view.wrap(bytes.addressForWrite(alignedPosition), 2 * Long.BYTES);
        view.putLong(Integer.BYTES, value, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Store a little-endian int with release semantics, so every earlier store reaches the mapping first.
     *
     * @param alignedPosition a 4-byte aligned position.
     * @param value           the value.
     */
    void putIntRelease(final long alignedPosition, final int value)
    {
        view.wrap(bytes.addressForWrite(alignedPosition), Integer.BYTES);
        view.putIntOrdered(0, NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    /**
     * @param from the first position to look at.
     * @param to   the position after the last one to look at.
     * @return the position after the last non-zero byte in {@code [from, to)}, or {@code from} if all are zero.
     */
    long endOfNonZero(final long from, final long to)
    {
        long end = to;
        while (end > from)
        {
            final long start = Math.max(from, chunkStart(end - 1));
            final int piece = (int)(end - start);
            view.wrap(bytes.addressForRead(start, piece), piece);
            int i = piece;
            while (i >= Long.BYTES && 0 == view.getLong(i - Long.BYTES))
            {
                i -= Long.BYTES;
            }
            while (i > 0 && 0 == view.getByte(i - 1))
            {
                i--;
            }
            if (i > 0)
            {
                return start + i;
            }
            end = start;
        }
        return from;
    }

    /**
     * Zero {@code [from, to)} from the end backwards, so that an interrupted wipe leaves a prefix of what it was
     * wiping: a torn record stays a torn record.
     *
     * @param from the first position.
     * @param to   the position after the last.
     */
    void zero(final long from, final long to)
    {
        long end = to;
        while (end > from)
        {
            final long start = Math.max(from, chunkStart(end - 1));
            final int piece = (int)(end - start);
            view.wrap(bytes.addressForWrite(start), piece);
            view.setMemory(0, piece, (byte)0);
            end = start;
        }
    }

    /**
     * Write the file's dirty pages to the storage device ({@code fdatasync}, or {@code fsync} with metadata).
     *
     * @param metadata also the file's metadata.
     * @throws IOException if the device reports a failure.
     */
    void force(final boolean metadata) throws IOException
    {
        // fsync covers pages dirtied through the mapping; MappedBytes.sync() only syncs up to writePosition(),
        // which positional writes never move
        bytes.mappedFile().raf().getChannel().force(metadata);
    }

    /**
     * Unmap the file; the page cache keeps whatever was written.
     */
    public void close()
    {
        bytes.releaseLast();
    }

    private int piece(final long position, final int remaining)
    {
        return (int)Math.min(remaining, chunkSize - position % chunkSize);
    }

    private long chunkStart(final long position)
    {
        return position - position % chunkSize;
    }
}
