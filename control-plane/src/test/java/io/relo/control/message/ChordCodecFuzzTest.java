package io.relo.control.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.control.chord.ChordMessage;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Jazzer fuzz target for {@link ChordCodec}: arbitrary bytes must never make a decode throw, every refusal must say
 * why, and whatever decodes must come back unchanged from its own encoding.
 * <p>
 * Under plain {@code mvn test} it replays the seeds in {@code ChordCodecFuzzTestInputs/decode/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl control-plane -Dtest=ChordCodecFuzzTest}.
 */
class ChordCodecFuzzTest
{
    /** Below this every string of a frame re-encodes within its 65000-byte bound, whatever its UTF-8 repairs. */
    private static final int REENCODE_LIMIT = 16_000;

    private final ChordCodec codec = new ChordCodec(ChordCodecTest.OVERLAY);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

    @FuzzTest
    void decode(final byte[] data)
    {
        // an exact-size buffer, so that a read past the frame trips Agrona's bounds checks
        final UnsafeBuffer frame = new UnsafeBuffer(data);

        final ChordMessage message = codec.decode(frame, 0, data.length, 0, 0);
        checkOutcome(null != message);
        if (null != message && data.length < REENCODE_LIMIT)
        {
            final ChordMessage again = codec.decode(out, 0, codec.encode(message, out, 0), 0, 0);
            ChordCodecTest.assertSameMessage(message, again);
        }

        final ConnectMessage connect = codec.decodeConnect(frame, 0, data.length, 0, 0);
        checkOutcome(null != connect);
        if (null != connect && data.length < REENCODE_LIMIT)
        {
            final ConnectMessage again = codec.decodeConnect(out, 0, codec.encodeConnect(connect, out, 0), 0, 0);
            if (!connect.equals(again))
            {
                throw new AssertionError("CONNECT changed on re-encoding: " + connect + " became " + again);
            }
        }

        // the previous hop only lengthens the via list
        final ChordMessage delivered = codec.decode(frame, 0, data.length, 0x0123L, 0x4567L);
        if ((null == delivered) != (null == message) ||
            (null != delivered && delivered.via().size() != message.via().size() + 1))
        {
            throw new AssertionError("a previous hop changed the outcome: " + codec.lastError());
        }
        if (null != delivered && !delivered.via().subList(0, message.via().size()).equals(message.via()))
        {
            throw new AssertionError("a previous hop changed the via list " + message.via());
        }
    }

    private void checkOutcome(final boolean decoded)
    {
        if (decoded != (ChordCodec.Status.DECODED == codec.lastStatus()))
        {
            throw new AssertionError("status " + codec.lastStatus() + " disagrees with the value returned");
        }
        if (codec.lastError().isEmpty())
        {
            throw new AssertionError("status " + codec.lastStatus() + " with no reason");
        }
    }
}
