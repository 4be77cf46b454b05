package io.relo.control.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.control.storage.StorageMessage;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Jazzer fuzz target for {@link StorageCodec}: arbitrary bytes must never make a decode throw, every refusal must say
 * why, and whatever decodes must come back unchanged from its own encoding.
 * <p>
 * Under plain {@code mvn test} it replays the seeds in {@code StorageCodecFuzzTestInputs/decode/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl control-plane -Dtest=StorageCodecFuzzTest}.
 */
class StorageCodecFuzzTest
{
    /** Below this every reason phrase of a frame re-encodes within its 65000-byte bound, whatever its UTF-8 repairs. */
    private static final int REENCODE_LIMIT = 16_000;

    private final StorageCodec codec = new StorageCodec(ChordCodecTest.OVERLAY, StorageCodecTest.MODELS);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

    @FuzzTest
    void decode(final byte[] data)
    {
        // an exact-size buffer, so that a read past the frame trips Agrona's bounds checks
        final UnsafeBuffer frame = new UnsafeBuffer(data);

        final StorageMessage message = codec.decode(frame, 0, data.length, 0, 0);
        if ((null != message) != (StorageCodec.Status.DECODED == codec.lastStatus()))
        {
            throw new AssertionError("status " + codec.lastStatus() + " disagrees with the value returned");
        }
        if (codec.lastError().isEmpty())
        {
            throw new AssertionError("status " + codec.lastStatus() + " with no reason");
        }
        if (null != message && data.length < REENCODE_LIMIT)
        {
            final int length = codec.encode(message, out, 0);
            if (length < 0)
            {
                throw new AssertionError("a decoded message does not encode again: " + codec.lastError());
            }
            final StorageMessage again = codec.decode(out, 0, length, 0, 0);
            if (!message.equals(again))
            {
                throw new AssertionError("changed on re-encoding: " + message + " became " + again + ": " +
                    codec.lastError());
            }
        }

        // the previous hop only lengthens the via list
        final StorageMessage delivered = codec.decode(frame, 0, data.length, 0x0123L, 0x4567L);
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
}
