package io.relo.control.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.control.FuzzInput;
import io.relo.control.message.FragmentReassembler.Result;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz target for the reassembler: arbitrary sequences of fragments (well-formed headers with any flags,
 * offsets, lengths and bytes, corrupted frames, time passing) from three originators never make it throw, never let
 * the bytes it holds pass either cap or drift from the buffers it really holds, count every frame in exactly one
 * outcome, and only ever hand out whole, unfragmented, valid frames.
 * <p>
 * The input is read as operations; see {@link #run(byte[])}. Under plain {@code mvn test} the target replays the seeds
 * in {@code FragmentReassemblerFuzzTestInputs/fragments/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl control-plane -Dtest=FragmentReassemblerFuzzTest}. The seeded property test feeds
 * the same checks random inputs on every build.
 */
class FragmentReassemblerFuzzTest
{
    static final long SENDER_CAP = 3_000;
    static final long GLOBAL_CAP = 6_000;
    static final int MAX_CONTENTS = 2_048;
    static final long TIMEOUT_NS = 1_000_000_000L;
    static final int ORIGINATORS = 3;

    @FuzzTest
    void fragments(final byte[] data)
    {
        run(data);
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldHoldTheInvariantsForRandomOperations(final long seed)
    {
        final Random random = new Random(seed);
        final byte[] data = new byte[random.nextInt(4_096)];
        random.nextBytes(data);
        run(data);
    }

    /**
     * Each operation starts with a byte whose low two bits choose it: 0 and 1 send a fragment built from the next
     * bytes (originator, transaction, flags, offset, length); 2 flips one byte of the last frame sent and sends it
     * again; 3 lets time pass and polls. Contents bytes follow a pattern per message so that fragments agree unless
     * a flag corrupts one.
     */
    static void run(final byte[] data)
    {
        final FragmentReassembler reassembler = new FragmentReassembler(TIMEOUT_NS, MAX_CONTENTS, SENDER_CAP,
            GLOBAL_CAP);
        final FuzzInput in = new FuzzInput(data);
        final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64 * 1024]);
        final UnsafeBuffer routeLog = new UnsafeBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7});
        int frameLength = 0;
        long now = 0;
        while (in.hasMore())
        {
            final int op = in.next();
            long originator = 0;
            switch (op & 3)
            {
                case 0:
                case 1:
                {
                    originator = in.next() % ORIGINATORS;
                    final int transactionId = in.next() & 3;
                    final int flags = in.next();
                    final int offsetUnits = (flags & 0x04) != 0 ? (in.next() << 8 | in.next()) & 0x3FFF :
                        in.next() & 0x3F;
                    final int length = (in.next() & 0x3F) * 8 + ((flags & 0x08) != 0 ? in.next() & 7 : 0);
                    encoder.wrap(frame, 0).overlay(7).ttl(10).routing(1).transactionId(transactionId)
                        .fragment((flags & 0x40) == 0, (flags & 0x02) != 0, offsetUnits)
                        .routeList(new long[] {1, 2}, 1).viaList(new long[] {originator, originator}, 1);
                    if ((flags & 0x20) != 0)
                    {
                        encoder.routeLog(routeLog, 0, routeLog.capacity());
                    }
                    final int contentsOffset = encoder.contentsOffset();
                    final int start = offsetUnits * 8;
                    for (int i = 0; i < length; i++)
                    {
                        frame.putByte(contentsOffset + i, (byte)(transactionId * 31 + (start + i) * 7 + originator));
                    }
                    if ((flags & 0x10) != 0 && length > 0)
                    {
                        frame.putByte(contentsOffset + in.next() % length, (byte)in.next());
                    }
                    frameLength = encoder.finish(length);
                    break;
                }
                case 2:
                    if (frameLength > 0)
                    {
                        final int at = (in.next() << 8 | in.next()) % frameLength;
                        frame.putByte(at, (byte)(frame.getByte(at) ^ (1 << (op >>> 5))));
                    }
                    originator = (op >>> 2) % ORIGINATORS;
                    break;
                default:
                    now += in.next() * (TIMEOUT_NS / 8);
                    reassembler.poll(now);
                    checkInvariants(reassembler);
                    continue;
            }
            if (frameLength == 0)
            {
                continue;
            }
            final Result result = reassembler.onFrame(frame, 0, frameLength, originator, originator, now);
            checkInvariants(reassembler);
            if (result == Result.COMPLETE)
            {
                checkWhole(reassembler);
            }
        }
    }

    static void checkInvariants(final FragmentReassembler reassembler)
    {
        assertTrue(reassembler.bytesBuffered() <= GLOBAL_CAP, "global cap");
        for (int originator = 0; originator < ORIGINATORS; originator++)
        {
            assertTrue(reassembler.bytesBuffered(originator, originator) <= SENDER_CAP, "per-sender cap");
        }
        FragmentReassemblerTest.assertBalanced(reassembler);
    }

    static void checkWhole(final FragmentReassembler reassembler)
    {
        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight()
            .wrap(reassembler.frameBuffer(), 0, reassembler.frameLength());
        assertEquals(FrameStatus.OK, header.validate());
        assertFalse(header.isFragment());
        assertFalse(header.isLastFragment());
        assertEquals(0, header.fragmentOffset());
        assertTrue(header.contentsLength() > 0 && header.contentsLength() <= MAX_CONTENTS);
    }

}
