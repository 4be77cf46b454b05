package io.relo.control.message;

import io.relo.codec.MethodCode;
import io.relo.codec.TunnelDataEncoder;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.codec.message.ExampleFrames;
import io.relo.codec.message.MessageDecoder;
import io.relo.control.message.FragmentReassembler.Result;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.relo.control.message.ReassemblyCounter.DROP_BAD_FRAGMENT_FIELDS;
import static io.relo.control.message.ReassemblyCounter.DROP_BAD_FRAME;
import static io.relo.control.message.ReassemblyCounter.DROP_EMPTY_FRAGMENT;
import static io.relo.control.message.ReassemblyCounter.DROP_END_CONFLICT;
import static io.relo.control.message.ReassemblyCounter.DROP_GLOBAL_CAP;
import static io.relo.control.message.ReassemblyCounter.DROP_MISALIGNED;
import static io.relo.control.message.ReassemblyCounter.DROP_OVERLAP_CONFLICT;
import static io.relo.control.message.ReassemblyCounter.DROP_SENDER_CAP;
import static io.relo.control.message.ReassemblyCounter.DROP_TOO_LONG;
import static io.relo.control.message.ReassemblyCounter.FRAGMENTS_BUFFERED;
import static io.relo.control.message.ReassemblyCounter.FRAGMENTS_DUPLICATE;
import static io.relo.control.message.ReassemblyCounter.FRAMES_RECEIVED;
import static io.relo.control.message.ReassemblyCounter.FRAMES_UNFRAGMENTED;
import static io.relo.control.message.ReassemblyCounter.MESSAGES_DISCARDED;
import static io.relo.control.message.ReassemblyCounter.MESSAGES_EXPIRED;
import static io.relo.control.message.ReassemblyCounter.MESSAGES_REASSEMBLED;
import static io.relo.control.message.ReassemblyCounter.MESSAGES_STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.1.3: fragments of a message addressed to this peer are held until the message is whole, then rebuilt
 * into the frame that was cut; bad, conflicting, late and excessive fragments are counted drops.
 */
class FragmentReassemblerTest
{
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final long ORIGIN_HI = 0x3f1c9a7e52d04b86L;
    static final long ORIGIN_LO = 0x9e2a61f0c47d3b15L;
    static final int HEADROOM = 512 * 16;

    long now = 1_000 * SECOND;
    FragmentReassembler reassembler = new FragmentReassembler();

    /**
     * A TUNNEL request as delivered to its destination: a route list of one, a via list of {@code viaCount} hops.
     */
    static byte[] tunnelFrame(final Random random, final int pduLength, final int viaCount)
    {
        final byte[] pdu = new byte[pduLength];
        for (int i = 0; i < pduLength; i++)
        {
            pdu[i] = (byte)(' ' + random.nextInt(95));
        }
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[pduLength + 256]);
        final int payloadLength = new TunnelDataEncoder().wrap(payload, 0).application(5060)
            .dialogId("dialog-" + random.nextInt(1000)).applicationPdu(pdu).finish();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[HEADROOM + 1024 + payloadLength]);
        final int length = new MessageBuilder(OverlayName.hash("relo.example.org")).request(out, HEADROOM,
            random.nextLong(), MethodCode.TUNNEL, new long[] {random.nextLong()}, new long[] {random.nextLong()}, 1,
            payload, 0, payloadLength);
        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight().wrap(out, HEADROOM, length);
        for (int i = 0; i < viaCount; i++)
        {
            assertEquals(FrameStatus.OK, header.appendViaId(random.nextLong(), random.nextLong()));
        }
        final byte[] frame = new byte[header.frameLength()];
        out.getBytes(header.offset(), frame);
        return frame;
    }

    Result offer(final byte[] frame)
    {
        return offer(frame, ORIGIN_HI, ORIGIN_LO);
    }

    Result offer(final byte[] frame, final long originHi, final long originLo)
    {
        final Result result = reassembler.onFrame(new UnsafeBuffer(frame), 0, frame.length, originHi, originLo, now);
        assertBalanced(reassembler);
        return result;
    }

    byte[] reassembled()
    {
        final byte[] frame = new byte[reassembler.frameLength()];
        reassembler.frameBuffer().getBytes(0, frame);
        return frame;
    }

    static void assertBalanced(final FragmentReassembler r)
    {
        long outcomes = 0;
        for (final ReassemblyCounter counter : ReassemblyCounter.values())
        {
            if (counter != FRAMES_RECEIVED && counter != MESSAGES_STARTED && counter != MESSAGES_EXPIRED &&
                counter != MESSAGES_DISCARDED)
            {
                outcomes += r.count(counter);
            }
        }
        assertEquals(r.count(FRAMES_RECEIVED), outcomes, "every frame ends in exactly one outcome");
        assertEquals(r.count(MESSAGES_STARTED), r.count(MESSAGES_REASSEMBLED) + r.count(MESSAGES_EXPIRED) +
            r.count(MESSAGES_DISCARDED) + r.messagesInProgress(), "every message is accounted for");
        assertEquals(r.recountBytes(), r.bytesBuffered(), "accounting matches the buffers held");
    }

    void assertWholeAndDecodes(final byte[] original)
    {
        final byte[] frame = reassembled();
        assertArrayEquals(original, frame);
        final MessageDecoder decoder = new MessageDecoder();
        assertEquals(MessageDecoder.OK, decoder.wrap(new UnsafeBuffer(frame), 0, frame.length),
            decoder::describeError);
        assertEquals(0, reassembler.messagesInProgress());
        assertEquals(0, reassembler.bytesBuffered());
    }

    @Test
    void shouldPassAnUnfragmentedFrameThroughUntouched()
    {
        final byte[] frame = ExampleFrames.pingRequest();
        final byte[] copy = frame.clone();
        assertEquals(Result.UNFRAGMENTED, offer(frame));
        assertArrayEquals(copy, frame);
        assertEquals(1, reassembler.count(FRAMES_UNFRAGMENTED));
        assertEquals(0, reassembler.messagesInProgress());
    }

    @Test
    void shouldDropLastFragmentFlagOrOffsetWithoutFrag()
    {
        final byte[] lfrgOnly = ExampleFrames.pingRequest();
        lfrgOnly[ForwardingHeaderDescriptor.FRAGMENT_OFFSET] = 0x40;
        assertEquals(Result.DROPPED, offer(lfrgOnly));
        final byte[] offsetOnly = ExampleFrames.pingRequest();
        offsetOnly[ForwardingHeaderDescriptor.FRAGMENT_OFFSET + 1] = 0x01;
        assertEquals(Result.DROPPED, offer(offsetOnly));
        assertEquals(2, reassembler.count(DROP_BAD_FRAGMENT_FIELDS));
    }

    @Test
    void shouldCountMalformedFramesAndWindowsWithoutThrowing()
    {
        final byte[] frame = ExampleFrames.pingRequest();
        assertEquals(Result.DROPPED, reassembler.onFrame(new UnsafeBuffer(frame), 0, 20, ORIGIN_HI, ORIGIN_LO, now));
        assertEquals(Result.DROPPED,
            reassembler.onFrame(new UnsafeBuffer(frame), 8, frame.length, ORIGIN_HI, ORIGIN_LO, now));
        assertEquals(Result.DROPPED, reassembler.onFrame(new UnsafeBuffer(frame), -1, 4, ORIGIN_HI, ORIGIN_LO, now));
        assertEquals(3, reassembler.count(DROP_BAD_FRAME));
        assertBalanced(reassembler);
    }

    @Test
    void shouldReassembleEveryExampleFrameInOrderToTheOriginalBytes()
    {
        for (final ExampleFrames.Example example : ExampleFrames.all())
        {
            final byte[] original = example.frame();
            final List<byte[]> fragments = Fragments.split(original, 8);
            assertTrue(fragments.size() > 1, example.name());
            for (int i = 0; i < fragments.size() - 1; i++)
            {
                assertEquals(Result.PENDING, offer(fragments.get(i)), example.name() + " fragment " + i);
            }
            assertEquals(Result.COMPLETE, offer(fragments.get(fragments.size() - 1)), example.name());
            assertWholeAndDecodes(original);
        }
        assertEquals(ExampleFrames.all().size(), reassembler.count(MESSAGES_REASSEMBLED));
    }

    @Test
    void shouldReassembleWhenTheLastFragmentArrivesFirst()
    {
        final byte[] original = tunnelFrame(new Random(7), 20_000, 3);
        final List<byte[]> fragments = Fragments.split(original, 1_200);
        Collections.reverse(fragments);
        for (int i = 0; i < fragments.size() - 1; i++)
        {
            assertEquals(Result.PENDING, offer(fragments.get(i)));
        }
        assertEquals(Result.COMPLETE, offer(fragments.get(fragments.size() - 1)));
        assertWholeAndDecodes(original);
        assertEquals(fragments.size() - 1, reassembler.count(FRAGMENTS_BUFFERED));
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReassembleShuffledFragmentsWithDuplicates(final long seed)
    {
        final Random random = new Random(seed);
        final byte[] original = tunnelFrame(random, random.nextInt(12_000), random.nextInt(6));
        final List<byte[]> fragments = Fragments.split(original, 8 * (1 + random.nextInt(200)));
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fragments.size(); i++)
        {
            order.add(i);
            if (random.nextInt(4) == 0)
            {
                order.add(i);
            }
        }
        Collections.shuffle(order, random);

        final Set<Integer> seen = new HashSet<>();
        long duplicates = 0;
        for (final int index : order)
        {
            final boolean duplicate = !seen.add(index);
            duplicates += duplicate ? 1 : 0;
            final Result result = offer(fragments.get(index));
            if (seen.size() == fragments.size())
            {
                assertEquals(Result.COMPLETE, result, "seed " + seed);
                break;
            }
            assertEquals(Result.PENDING, result, "seed " + seed);
        }
        assertWholeAndDecodes(original);
        assertEquals(duplicates, reassembler.count(FRAGMENTS_DUPLICATE), "seed " + seed);
    }

    @Test
    void shouldCompleteAFragmentCarryingTheWholeMessageAndClearItsFlags()
    {
        final byte[] original = tunnelFrame(new Random(3), 100, 1);
        final List<byte[]> one = Fragments.split(original, 1 << 16);
        assertEquals(1, one.size());
        assertEquals(Result.COMPLETE, offer(one.get(0)));
        assertWholeAndDecodes(original);
    }

    @Test
    void shouldTreatDuplicatesAsIdempotent()
    {
        final byte[] original = tunnelFrame(new Random(4), 1_000, 2);
        final List<byte[]> fragments = Fragments.split(original, 256);
        assertEquals(Result.PENDING, offer(fragments.get(0)));
        final long held = reassembler.bytesBuffered();
        assertEquals(Result.PENDING, offer(fragments.get(0)));
        assertEquals(Result.PENDING, offer(fragments.get(0)));
        assertEquals(2, reassembler.count(FRAGMENTS_DUPLICATE));
        assertEquals(held, reassembler.bytesBuffered());
        for (int i = 1; i < fragments.size(); i++)
        {
            offer(fragments.get(i));
        }
        assertWholeAndDecodes(original);
    }

    @Test
    void shouldAcceptOverlapsThatAgreeFromTwoDifferentCuts()
    {
        // a retransmission re-fragmented by a hop with another MTU (draft §4.1.3) overlaps the first cut
        final byte[] original = tunnelFrame(new Random(5), 3_000, 2);
        final List<byte[]> byThousand = Fragments.split(original, 1_000);
        final List<byte[]> bySix = Fragments.split(original, 600);
        assertEquals(Result.PENDING, offer(byThousand.get(0)));
        assertEquals(Result.PENDING, offer(bySix.get(1)));
        assertEquals(Result.PENDING, offer(bySix.get(2)));
        for (int i = 1; i < byThousand.size() - 1; i++)
        {
            assertEquals(Result.PENDING, offer(byThousand.get(i)));
        }
        assertEquals(Result.COMPLETE, offer(byThousand.get(byThousand.size() - 1)));
        assertWholeAndDecodes(original);
    }

    @Test
    void shouldDropTheWholeMessageWhenOverlappingBytesDisagree()
    {
        final byte[] original = tunnelFrame(new Random(6), 500, 1);
        final byte[] contents = Fragments.contents(original);
        final byte[] altered = contents.clone();
        altered[40] ^= 1;
        assertEquals(Result.PENDING, offer(Fragments.piece(original, contents, 0, 48, false)));
        assertEquals(Result.PENDING, offer(Fragments.piece(original, contents, 48, 48, false)));
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, altered, 32, 16, false)));
        assertEquals(1, reassembler.count(DROP_OVERLAP_CONFLICT));
        assertEquals(1, reassembler.count(MESSAGES_DISCARDED));
        assertEquals(0, reassembler.messagesInProgress());
        assertEquals(0, reassembler.bytesBuffered());

        // the sender's retransmission starts afresh and completes
        for (final byte[] fragment : Fragments.split(original, 48))
        {
            offer(fragment);
        }
        assertWholeAndDecodes(original);
    }

    @Test
    void shouldRejectAFragmentOtherThanTheLastThatIsNotAMultipleOfEightBytes()
    {
        final byte[] original = tunnelFrame(new Random(8), 500, 0);
        final byte[] contents = Fragments.contents(original);
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, contents, 0, 12, false)));
        assertEquals(1, reassembler.count(DROP_MISALIGNED));
        assertEquals(0, reassembler.messagesInProgress());
    }

    @Test
    void shouldRejectAnEmptyFragment()
    {
        final byte[] original = tunnelFrame(new Random(9), 500, 0);
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, Fragments.contents(original), 8, 0, true)));
        assertEquals(1, reassembler.count(DROP_EMPTY_FRAGMENT));
    }

    @Test
    void shouldRejectFragmentsEndingBeyondTheLargestContents()
    {
        final byte[] original = tunnelFrame(new Random(10), 100, 0);
        final int lastStart = ForwardingHeaderDescriptor.FRAGMENT_OFFSET_MASK * 8;
        final byte[] huge = new byte[lastStart + FragmentReassembler.MAX_FRAGMENT_LENGTH + 8];
        assertEquals(Result.PENDING, offer(Fragments.piece(original, huge, lastStart,
            FragmentReassembler.MAX_FRAGMENT_LENGTH, true)), "the largest message the offset field allows");
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, huge, lastStart,
            FragmentReassembler.MAX_FRAGMENT_LENGTH + 1, true)));
        assertEquals(1, reassembler.count(DROP_TOO_LONG));

        reassembler = new FragmentReassembler(SECOND, 64, 1 << 20, 1 << 20);
        assertEquals(Result.PENDING, offer(Fragments.piece(original, huge, 56, 8, true)));
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, huge, 56, 16, false)));
        assertEquals(1, reassembler.count(DROP_TOO_LONG));
    }

    @Test
    void shouldRefuseASecondLastFragmentWithADifferentEndAndKeepWaiting()
    {
        final byte[] original = tunnelFrame(new Random(11), 300, 1);
        final byte[] contents = Fragments.contents(original);
        final int lastStart = (contents.length - 1) & ~7;
        final int lastLength = contents.length - lastStart;
        assertEquals(Result.PENDING, offer(Fragments.piece(original, contents, lastStart, lastLength, true)));
        final byte[] longer = Arrays.copyOf(contents, contents.length + 16);
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, longer, lastStart, lastLength + 8, true)));
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, longer, lastStart, 16, false)),
            "bytes past the known end");
        assertEquals(2, reassembler.count(DROP_END_CONFLICT));
        assertEquals(1, reassembler.messagesInProgress());

        assertEquals(Result.COMPLETE, offer(Fragments.piece(original, contents, 0, lastStart, false)));
        assertWholeAndDecodes(original);
    }

    @Test
    void shouldRefuseALastFragmentEndingBeforeBytesAlreadyHeld()
    {
        final byte[] original = tunnelFrame(new Random(12), 300, 0);
        final byte[] contents = Fragments.contents(original);
        assertEquals(Result.PENDING, offer(Fragments.piece(original, contents, 64, 64, false)));
        assertEquals(Result.DROPPED, offer(Fragments.piece(original, contents, 64, 20, true)));
        assertEquals(1, reassembler.count(DROP_END_CONFLICT));
    }

    @Test
    void shouldExpireAnIncompleteMessageAtTheTimeoutWhateverArrivesMeanwhile()
    {
        final byte[] original = tunnelFrame(new Random(13), 2_000, 1);
        final List<byte[]> fragments = Fragments.split(original, 512);
        final long start = now;
        assertEquals(Result.PENDING, offer(fragments.get(0)));
        now = start + 10 * SECOND;
        assertEquals(Result.PENDING, offer(fragments.get(1)), "a later fragment does not extend the deadline");
        assertEquals(0, reassembler.poll(start + FragmentReassembler.TIMEOUT_DEFAULT_NS - 1));
        assertEquals(1, reassembler.messagesInProgress());
        assertEquals(1, reassembler.poll(start + FragmentReassembler.TIMEOUT_DEFAULT_NS));
        assertEquals(1, reassembler.count(MESSAGES_EXPIRED));
        assertEquals(0, reassembler.messagesInProgress());
        assertEquals(0, reassembler.bytesBuffered());
        assertEquals(0, reassembler.bytesBuffered(ORIGIN_HI, ORIGIN_LO));

        now = start + FragmentReassembler.TIMEOUT_DEFAULT_NS;
        for (int i = 2; i < fragments.size(); i++)
        {
            assertEquals(Result.PENDING, offer(fragments.get(i)), "the first fragments are gone");
        }
        assertBalanced(reassembler);
    }

    @Test
    void shouldKeepMessagesOfTwoOriginatorsWithTheSameTransactionIdApart()
    {
        final byte[] first = tunnelFrame(new Random(14), 1_000, 1);
        final byte[] second = first.clone();
        final int pdu = second.length - 100;
        second[pdu] = (byte)(second[pdu] == 'x' ? 'y' : 'x');
        final List<byte[]> a = Fragments.split(first, 128);
        final List<byte[]> b = Fragments.split(second, 128);
        for (int i = 0; i < a.size() - 1; i++)
        {
            assertEquals(Result.PENDING, offer(a.get(i), 1, 1));
            assertEquals(Result.PENDING, offer(b.get(i), 2, 2));
        }
        assertEquals(Result.COMPLETE, offer(a.get(a.size() - 1), 1, 1));
        assertArrayEquals(first, reassembled());
        assertEquals(Result.COMPLETE, offer(b.get(b.size() - 1), 2, 2));
        assertArrayEquals(second, reassembled());
        assertEquals(0, reassembler.count(DROP_OVERLAP_CONFLICT));
    }

    @Test
    void shouldDropAMessageThatOutgrowsItsOriginatorsCapAndFreeItsMemory()
    {
        final long senderCap = 4_096;
        reassembler = new FragmentReassembler(SECOND, FragmentReassembler.MAX_CONTENTS_LENGTH_DEFAULT, senderCap,
            8 * senderCap);
        final List<byte[]> fragments = Fragments.split(tunnelFrame(new Random(15), 10_000, 1), 1_024);
        int accepted = 0;
        Result result = Result.PENDING;
        for (int i = 0; i < fragments.size() && result == Result.PENDING; i++)
        {
            result = offer(fragments.get(i));
            assertTrue(reassembler.bytesBuffered(ORIGIN_HI, ORIGIN_LO) <= senderCap);
            accepted += result == Result.PENDING ? 1 : 0;
        }
        assertEquals(Result.DROPPED, result);
        assertTrue(accepted >= 2, "the cap holds a few fragments, accepted " + accepted);
        assertEquals(1, reassembler.count(DROP_SENDER_CAP));
        assertEquals(1, reassembler.count(MESSAGES_DISCARDED));
        assertEquals(0, reassembler.bytesBuffered(ORIGIN_HI, ORIGIN_LO));
        assertEquals(0, reassembler.bytesBuffered());
    }

    @Test
    void shouldCapOneOriginatorWithoutStarvingAnother()
    {
        final long senderCap = 8_192;
        reassembler = new FragmentReassembler(SECOND, FragmentReassembler.MAX_CONTENTS_LENGTH_DEFAULT, senderCap,
            16 * senderCap);
        final Random random = new Random(16);
        int accepted = 0;
        while (reassembler.count(DROP_SENDER_CAP) == 0)
        {
            final List<byte[]> fragments = Fragments.split(tunnelFrame(random, 2_000, 0), 1_024);
            accepted += offer(fragments.get(0)) == Result.PENDING ? 1 : 0;
            assertTrue(reassembler.bytesBuffered(ORIGIN_HI, ORIGIN_LO) <= senderCap);
        }
        assertTrue(accepted >= 4, "the cap holds several messages, accepted " + accepted);
        assertEquals(accepted, reassembler.messagesInProgress(), "refusing a new message discards no other");

        final List<byte[]> other = Fragments.split(tunnelFrame(random, 2_000, 0), 1_024);
        assertEquals(Result.PENDING, offer(other.get(0), 5, 5));
        assertTrue(reassembler.bytesBuffered(5, 5) > 0);
    }

    @Test
    void shouldBoundMemoryUnderAFloodOfTinyFragmentsFromManyOriginators()
    {
        final long globalCap = 64 * 1024;
        reassembler = new FragmentReassembler(SECOND, FragmentReassembler.MAX_CONTENTS_LENGTH_DEFAULT, 4_096,
            globalCap);
        final byte[] template = tunnelFrame(new Random(17), 100, 1);
        final byte[] contents = Fragments.contents(template);
        final UnsafeBuffer buffer = new UnsafeBuffer(Fragments.piece(template, contents, 8, 8, false));
        for (int i = 0; i < 10_000; i++)
        {
            buffer.putLong(ForwardingHeaderDescriptor.TRANSACTION_ID_OFFSET, i);
            reassembler.onFrame(buffer, 0, buffer.capacity(), i % 7, i, now);
            assertTrue(reassembler.bytesBuffered() <= globalCap);
        }
        assertBalanced(reassembler);
        assertTrue(reassembler.count(DROP_GLOBAL_CAP) > 9_000);
        assertTrue(reassembler.messagesInProgress() <= globalCap / FragmentReassembler.MESSAGE_OVERHEAD_BYTES);

        now += SECOND;
        assertEquals(reassembler.count(MESSAGES_STARTED), reassembler.poll(now));
        assertEquals(0, reassembler.bytesBuffered());
        final List<byte[]> fragments = Fragments.split(template, 64);
        assertEquals(Result.PENDING, offer(fragments.get(0), 99, 99), "room again once the flood expired");
    }

    @Test
    void shouldRefuseAConfigurationThatCannotWork()
    {
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(0, 1_000, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(SECOND, 4, 10, 10));
        assertThrows(IllegalArgumentException.class,
            () -> new FragmentReassembler(SECOND, ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH, 10, 10));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new FragmentReassembler(SECOND, 1_000, 20, 10));
        assertFalse(e.getMessage().isEmpty());
    }
}
