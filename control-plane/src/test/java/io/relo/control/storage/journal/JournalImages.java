package io.relo.control.storage.journal;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The journal format as {@link JournalDescriptor} documents it, written again from the documentation for tests: it
 * builds journal images byte by byte and reads them back without the journal's own code.
 */
final class JournalImages
{
    static final int FILE_HEADER = 16;
    static final int RECORD_HEADER = 12;
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    static final int PAGE = 4096;

    private JournalImages()
    {
    }

    /**
     * What a journal image holds: its good records and where they end.
     *
     * @param records     "type:hex payload" of each good record.
     * @param validLength the position after the last good record.
     */
    record Parsed(List<String> records, long validLength)
    {
    }

    /**
     * @param type    a record type.
     * @param payload its payload.
     * @return how the tests compare records: "type:hex payload".
     */
    static String entry(final int type, final byte[] payload)
    {
        return type + ":" + HexFormat.of().formatHex(payload);
    }

    /**
     * @return a handler that adds each record to the list as {@link #entry(int, byte[])}.
     */
    static RecordHandler collectInto(final List<String> records)
    {
        return (type, buffer, offset, length) -> records.add(entry(type, bytes(buffer, offset, length)));
    }

    static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    /**
     * @return the 16-byte file header: "RELOJRNL", version 1, CRC32C of the first 12 bytes.
     */
    static byte[] fileHeader()
    {
        final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RELOJRNL".getBytes(StandardCharsets.US_ASCII)).putInt(1);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 12);
        header.putInt((int)crc.getValue());
        return header.array();
    }

    /**
     * @return one record as it sits in the file, padding included.
     */
    static byte[] frame(final int type, final byte[] payload)
    {
        final int frameLength = RECORD_HEADER + payload.length;
        final ByteBuffer frame = ByteBuffer.allocate((frameLength + 7) & ~7).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(0, 0).putInt(4, frameLength).putShort(8, (short)0x4A52).putShort(10, (short)type);
        frame.position(RECORD_HEADER);
        frame.put(payload);
        final CRC32C crc = new CRC32C();
        crc.update(frame.array(), 4, frameLength - 4);
        frame.putInt(0, (int)crc.getValue());
        return frame.array();
    }

    /**
     * The bytes recovery may read of a file this long: whole chunks, as the journal documents (a file of another
     * shape than k chunks plus the one-page overlap with a zero overlap is first extended to cover it).
     */
    static long scanLimit(final byte[] image, final long chunkSize)
    {
        final long length = image.length;
        if (length >= chunkSize + PAGE && 0 == (length - PAGE) % chunkSize &&
            endOfNonZero(image, length - PAGE, length) == length - PAGE)
        {
            return length - PAGE;
        }
        return Math.max(1, (length + chunkSize - 1) / chunkSize) * chunkSize;
    }

    /**
     * Read the good records of an image: frame length plausible and inside the limit, magic, then CRC32C over bytes
     * 4 .. frame length; stop at the first record that fails or at a zero header.
     */
    static Parsed parse(final byte[] image, final long limit)
    {
        final List<String> records = new ArrayList<>();
        long position = FILE_HEADER;
        while (true)
        {
            final int checksum = intAt(image, position);
            final int frameLength = intAt(image, position + 4);
            if (0 == checksum && 0 == frameLength)
            {
                break;
            }
            if (frameLength < RECORD_HEADER || frameLength > RECORD_HEADER + MAX_PAYLOAD ||
                position + frameLength > limit || 0x4A52 != (shortAt(image, position + 8)))
            {
                break;
            }
            final byte[] covered = new byte[frameLength - 4];
            for (int i = 0; i < covered.length; i++)
            {
                covered[i] = byteAt(image, position + 4 + i);
            }
            final CRC32C crc = new CRC32C();
            crc.update(covered);
            if ((int)crc.getValue() != checksum)
            {
                break;
            }
            final byte[] payload = new byte[frameLength - RECORD_HEADER];
            System.arraycopy(covered, RECORD_HEADER - 4, payload, 0, payload.length);
            records.add(entry(shortAt(image, position + 10), payload));
            position += (frameLength + 7) & ~7;
        }
        return new Parsed(records, position);
    }

    /**
     * @return the position after the last non-zero byte of {@code image[from, to)} (bytes past the image count as
     * zero), or {@code from}.
     */
    static long endOfNonZero(final byte[] image, final long from, final long to)
    {
        for (long i = Math.min(to, image.length) - 1; i >= from; i--)
        {
            if (0 != image[(int)i])
            {
                return i + 1;
            }
        }
        return from;
    }

    private static byte byteAt(final byte[] image, final long position)
    {
        return position < image.length ? image[(int)position] : 0;
    }

    private static int intAt(final byte[] image, final long position)
    {
        return (byteAt(image, position) & 0xFF) | (byteAt(image, position + 1) & 0xFF) << 8 |
            (byteAt(image, position + 2) & 0xFF) << 16 | (byteAt(image, position + 3) & 0xFF) << 24;
    }

    private static int shortAt(final byte[] image, final long position)
    {
        return (byteAt(image, position) & 0xFF) | (byteAt(image, position + 1) & 0xFF) << 8;
    }
}
