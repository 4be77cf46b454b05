package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;

/**
 * The message contents of draft §4.2 as an object: the code word, the reserved bits and a copy of the payload.
 */
public final class MessageContents
{
    private final int code;
    private final int reserved;
    private final byte[] payload;

    MessageContents(final int code, final int reserved, final byte[] payload)
    {
        this.code = code;
        this.reserved = reserved;
        this.payload = payload;
    }

    /**
     * @param buffer positioned at the contents.
     * @return the contents; the buffer's position is after them.
     * @throws MalformedMessageException if they run past the limit.
     */
    public static MessageContents parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int code = Reads.uint16(buffer, "message_contents.code");
        final int reserved = Reads.uint16(buffer, "message_contents.reserved");
        final byte[] payload = Reads.opaque(buffer, 4, 0xFFFF_FFFFL, "message_contents.payload");
        return new MessageContents(code, reserved, payload);
    }

    public int code()
    {
        return code;
    }

    public int reserved()
    {
        return reserved;
    }

    public byte[] payload()
    {
        return payload;
    }
}
