package io.relo.control.storage.journal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
import static io.relo.control.storage.journal.JournalDescriptor.MAX_PAYLOAD_LENGTH;
import static io.relo.control.storage.journal.JournalDescriptor.MAX_TYPE;
import static io.relo.control.storage.journal.JournalDescriptor.RECORD_MAGIC;
import static io.relo.control.storage.journal.JournalDescriptor.TYPE_OFFSET;

/**
 * Frames records into a mapped journal file at its end: the journal's appends and a compaction's output both go
 * through here.
 */
final class JournalWriter implements RecordHandler
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final MappedJournalFile file;
    private final CRC32C crc = new CRC32C();
    // the whole frame is built on the heap first: CRC32C runs over a byte[] and the file gets one copy
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(1024);
    private long position;
    private long records;

    /**
     * @param file     the file to append to.
     * @param position where the next record goes; every byte from here on is zero.
     * @param records  records already before it.
     */
    JournalWriter(final MappedJournalFile file, final long position, final long records)
    {
        this.file = file;
        this.position = position;
        this.records = records;
    }

    /**
     * Write the file header of a new journal file.
     *
     * @param file a new, all-zero file.
     */
    static void writeFileHeader(final MappedJournalFile file)
    {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[FILE_HEADER_LENGTH]);
        header.putLong(FILE_MAGIC_OFFSET, FILE_MAGIC, ORDER);
        header.putInt(FILE_VERSION_OFFSET, FILE_VERSION, ORDER);
        header.putInt(FILE_CHECKSUM_OFFSET, fileHeaderChecksum(header.byteArray()), ORDER);
        file.cover(FILE_HEADER_LENGTH - 1);
        file.write(0, header, 0, FILE_HEADER_LENGTH);
    }

    /**
     * @param header at least the first {@link JournalDescriptor#FILE_CHECKSUM_OFFSET} bytes of a file header.
     * @return the checksum its header should carry.
     */
    static int fileHeaderChecksum(final byte[] header)
    {
        final CRC32C crc = new CRC32C();
        crc.update(header, 0, FILE_CHECKSUM_OFFSET);
        return (int)crc.getValue();
    }

    /**
     * Append one record: the header in one store, then the payload, then the checksum with a release store.
     *
     * @param type    0 to {@link JournalDescriptor#MAX_TYPE}.
     * @param payload holds the payload.
     * @param offset  where the payload starts.
     * @param length  bytes of payload, at most {@link JournalDescriptor#MAX_PAYLOAD_LENGTH}.
     * @return the position after the record: the journal's new size.
     */
    long append(final int type, final DirectBuffer payload, final int offset, final int length)
    {
        if (type < 0 || type > MAX_TYPE)
        {
            throw new IllegalArgumentException("record type " + type + " is outside 0.." + MAX_TYPE);
        }
        if (length < 0 || length > MAX_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException("record payload of " + length + " bytes is outside 0.." +
                MAX_PAYLOAD_LENGTH);
        }
        final int frameLength = HEADER_LENGTH + length;
        final ExpandableArrayBuffer frame = this.frame;
        frame.putInt(FRAME_LENGTH_OFFSET, frameLength, ORDER);
        frame.putShort(MAGIC_OFFSET, RECORD_MAGIC, ORDER);
        frame.putShort(TYPE_OFFSET, (short)type, ORDER);
        frame.putBytes(HEADER_LENGTH, payload, offset, length);
        crc.reset();
        crc.update(frame.byteArray(), FRAME_LENGTH_OFFSET, frameLength - FRAME_LENGTH_OFFSET);

        final long at = position;
        file.cover(at + frameLength - 1);
        file.putLongAfterInt(at, frame.getLong(FRAME_LENGTH_OFFSET, ORDER));
        // a process killed from here on leaves a known frame length and a zero checksum: a torn record
        VarHandle.storeStoreFence();
        file.write(at + HEADER_LENGTH, frame, HEADER_LENGTH, length);
        file.putIntRelease(at + CHECKSUM_OFFSET, (int)crc.getValue());

        position = at + JournalDescriptor.align(frameLength);
        records++;
        return position;
    }

    /**
     * Append a record handed over by a {@link LiveRecords} source.
     */
    public void onRecord(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        append(type, buffer, offset, length);
    }

    long position()
    {
        return position;
    }

    long records()
    {
        return records;
    }
}
