package io.relo.codec.message;

import io.relo.codec.CommonHeader;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.OverlayName;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.ToIntBiFunction;

/**
 * Frames for tests whose payload or tail a test controls byte by byte.
 */
final class TestFrames
{
    static final long PEER_HI = 0x0123456789abcdefL;
    static final long PEER_LO = 0x0fedcba987654321L;

    private TestFrames()
    {
    }

    /**
     * @param codeWord the common header's code word, see {@link CommonHeader}.
     * @param reserved the reserved bits.
     * @param payload  writes the payload at an offset and returns its length.
     * @param trailing bytes appended after the message contents, where a signature would go.
     * @return a frame with one route list id whose Length covers everything written.
     */
    static byte[] frame(
        final int codeWord,
        final int reserved,
        final ToIntBiFunction<MutableDirectBuffer, Integer> payload,
        final byte[] trailing)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .overlay(OverlayName.hash("test.example.org"))
            .ttl(64)
            .routing(Routing.RECURSIVE)
            .transactionId(0x1122334455667788L)
            .routeList(new long[]{PEER_HI, PEER_LO}, 1);
        final int contentsOffset = header.contentsOffset();
        final MessageContentsEncoder contents = new MessageContentsEncoder().wrap(buffer, contentsOffset)
            .code(codeWord)
            .reserved(reserved);
        final int payloadStart = contents.payloadBegin();
        contents.payloadEnd(payloadStart + payload.applyAsInt(buffer, payloadStart));
        final int contentsLength = contents.finish();
        buffer.putBytes(contentsOffset + contentsLength, trailing);
        final int frameLength = header.finish(contentsLength + trailing.length);
        final byte[] frame = new byte[frameLength];
        buffer.getBytes(0, frame);
        return frame;
    }

    /**
     * @param codeWord the common header's code word.
     * @param reserved the reserved bits.
     * @param payload  the payload's bytes.
     * @return a frame carrying them, with nothing after the contents.
     */
    static byte[] frame(final int codeWord, final int reserved, final byte[] payload)
    {
        return frame(codeWord, reserved, payload, new byte[0]);
    }

    /**
     * @param codeWord the common header's code word.
     * @param reserved the reserved bits.
     * @param payload  the payload's bytes.
     * @param trailing bytes appended after the message contents, where a signature would go.
     * @return a frame carrying them.
     */
    static byte[] frame(final int codeWord, final int reserved, final byte[] payload, final byte[] trailing)
    {
        return frame(codeWord, reserved, (buffer, offset) ->
        {
            buffer.putBytes(offset, payload);
            return payload.length;
        }, trailing);
    }

    /**
     * @return the byte index of the first payload byte of a frame built here: header, one route id, then the
     *         4-byte common header and the 4-byte payload length.
     */
    static int payloadOffset()
    {
        return 28 + 16 + CommonHeader.LENGTH + 4;
    }
}
