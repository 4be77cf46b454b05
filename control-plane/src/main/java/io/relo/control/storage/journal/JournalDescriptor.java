package io.relo.control.storage.journal;

/**
 * Layout of a journal file and of the records in it; every integer is little-endian.
 * <p>
 * The file starts with a 16-byte header, then records follow one another, each starting on an 8-byte boundary.
 * Every byte after the last record is zero: the file grows in zero-filled chunks and recovery wipes whatever a
 * crash left behind, so a zero record header marks the end.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 File Magic "RELOJRNL" (8 ASCII)               |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |  8
 *  +---------------------------------------------------------------+
 *  |                 CRC32C of File Header bytes 0..11             | 12
 *  +---------------------------------------------------------------+
 *  |                     Records, 8-byte aligned                  ...  16
 * </pre>
 * A record:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        CRC32C of bytes 4 .. Frame Length - 1 (written last)   |  0
 *  +---------------------------------------------------------------+
 *  |               Frame Length (header + payload bytes)           |  4
 *  +-------------------------------+-------------------------------+
 *  |         Magic 0x4A52 "RJ"     |              Type             |  8
 *  +-------------------------------+-------------------------------+
 *  |                         Payload                              ... 12
 *  +---------------------------------------------------------------+
 *  |              Zero padding to an 8-byte boundary              ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The checksum covers the frame length, magic, type and payload. An append stores bytes 4..11 in one 8-byte store,
 * then the payload, then the checksum with a release store, so a process killed part way leaves a checksum of zero
 * over a frame whose length is already known; see {@link Journal} for how recovery uses that.
 */
public final class JournalDescriptor
{
    /** "RELOJRNL" read as a little-endian long. */
    public static final long FILE_MAGIC = 0x4C4E524A4F4C4552L;
    /** The one format version this code reads and writes. */
    public static final int FILE_VERSION = 1;
    /** Offset of the file magic. */
    public static final int FILE_MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int FILE_VERSION_OFFSET = 8;
    /** Offset of the file header's checksum. */
    public static final int FILE_CHECKSUM_OFFSET = 12;
    /** Bytes of the file header; the first record starts here. */
    public static final int FILE_HEADER_LENGTH = 16;

    /** Offset of a record's CRC32C. */
    public static final int CHECKSUM_OFFSET = 0;
    /** Offset of a record's frame length. */
    public static final int FRAME_LENGTH_OFFSET = 4;
    /** Offset of a record's magic. */
    public static final int MAGIC_OFFSET = 8;
    /** Offset of a record's type. */
    public static final int TYPE_OFFSET = 10;
    /** Bytes of a record header; the payload starts here. */
    public static final int HEADER_LENGTH = 12;
    /** The magic of every record: "RJ". */
    public static final short RECORD_MAGIC = 0x4A52;
    /** Records start on multiples of this. */
    public static final int ALIGNMENT = 8;
    /** The largest type a record can carry. */
    public static final int MAX_TYPE = 0xFFFF;
    /** The largest payload a record can carry; bounds what a damaged length field can make recovery read. */
    public static final int MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;

    private JournalDescriptor()
    {
    }

    /**
     * Bytes a record with this payload occupies in the file, padding included: what a store sums over its live
     * values to compare with the journal's size.
     *
     * @param payloadLength bytes of payload.
     * @return header, payload and padding bytes.
     */
    public static int framedLength(final int payloadLength)
    {
        return align(HEADER_LENGTH + payloadLength);
    }

    /**
     * @param frameLength a record's frame length.
     * @return the frame length rounded up to {@link #ALIGNMENT}.
     */
    public static int align(final int frameLength)
    {
        return (frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * @param frameLength a record's frame length field.
     * @return whether a record of this frame length could have been written.
     */
    public static boolean isPlausibleFrameLength(final int frameLength)
    {
        return frameLength >= HEADER_LENGTH && frameLength <= HEADER_LENGTH + MAX_PAYLOAD_LENGTH;
    }
}
