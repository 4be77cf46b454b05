package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;

/**
 * Reads the primitive types of the draft's presentation language from a big-endian {@link ByteBuffer} between its
 * position and limit, with a bounds check before every read that throws {@link MalformedMessageException}.
 */
final class Reads
{
    /** Bytes in a peer-id or resource-id. */
    static final int ID_LENGTH = 16;

    private Reads()
    {
    }

    static void require(final ByteBuffer buffer, final int bytes, final String field)
        throws MalformedMessageException
    {
        if (buffer.remaining() < bytes)
        {
            throw new MalformedMessageException(
                field + ": needs " + bytes + " bytes at " + buffer.position() + " but only " + buffer.remaining() +
                " remain");
        }
    }

    static int uint8(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, 1, field);
        return buffer.get() & 0xFF;
    }

    static int uint16(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, 2, field);
        return buffer.getShort() & 0xFFFF;
    }

    static int uint24(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, 3, field);
        return ((buffer.get() & 0xFF) << 16) | ((buffer.get() & 0xFF) << 8) | (buffer.get() & 0xFF);
    }

    static long uint32(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, 4, field);
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    static long uint64(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, 8, field);
        return buffer.getLong();
    }

    static byte[] id(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        require(buffer, ID_LENGTH, field);
        final byte[] id = new byte[ID_LENGTH];
        buffer.get(id);
        return id;
    }

    /**
     * Read the byte length prefix of a vector and check the vector fits its bound and the buffer.
     *
     * @param prefixLength 1, 2 or 4 bytes.
     * @param max          the bound the definition declares, in bytes.
     * @return bytes in the vector, which start at the buffer's position.
     */
    static int vectorLength(final ByteBuffer buffer, final int prefixLength, final long max, final String field)
        throws MalformedMessageException
    {
        final long length;
        switch (prefixLength)
        {
            case 1:
                length = uint8(buffer, field);
                break;
            case 2:
                length = uint16(buffer, field);
                break;
            default:
                length = uint32(buffer, field);
                break;
        }
        if (length > max)
        {
            throw new MalformedMessageException(field + ": vector of " + length + " bytes exceeds its bound of " + max);
        }
        if (length > buffer.remaining())
        {
            throw new MalformedMessageException(
                field + ": vector of " + length + " bytes runs past the end, only " + buffer.remaining() + " remain");
        }
        return (int)length;
    }

    static byte[] opaque(final ByteBuffer buffer, final int prefixLength, final long max, final String field)
        throws MalformedMessageException
    {
        final byte[] bytes = new byte[vectorLength(buffer, prefixLength, max, field)];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * A blob: a 4-byte byte length and the bytes.
     */
    static byte[] blob(final ByteBuffer buffer, final String field) throws MalformedMessageException
    {
        return opaque(buffer, 4, 0xFFFF_FFFFL, field);
    }

    static void requireEnd(final ByteBuffer buffer, final String struct) throws MalformedMessageException
    {
        if (buffer.hasRemaining())
        {
            throw new MalformedMessageException(
                struct + ": " + buffer.remaining() + " unexpected bytes after it at " + buffer.position());
        }
    }
}
