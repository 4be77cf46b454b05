package io.relo.fastpath;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.link.FrameBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.relo.fastpath.ForwarderTest.A;
import static io.relo.fastpath.ForwarderTest.B;
import static io.relo.fastpath.ForwarderTest.C;
import static io.relo.fastpath.ForwarderTest.D;
import static io.relo.fastpath.ForwarderTest.E;
import static io.relo.fastpath.ForwarderTest.X;
import static io.relo.fastpath.ForwarderTest.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arbitrary bytes received on a link of a configured forwarder (in-memory links, route-list compression including a
 * loop, a route log entry): the duty cycle never throws, counts each datagram once in exactly one outcome, and
 * whatever it sends on or hands over is a well-formed frame carrying the received message contents unchanged.
 * <p>
 * Under plain {@code mvn test} the fuzz target replays the seeds in {@code ForwarderFuzzTestInputs/}; fuzz for real
 * with {@code JAZZER_FUZZ=1 mvn test -pl fastpath -Dtest=ForwarderFuzzTest}. The seeded property test below feeds
 * the same checks 1000 random datagrams and mutations of valid frames on every build.
 */
class ForwarderFuzzTest
{
    private static Rig rig;

    /** One configured forwarder shared by every input, as a long-running peer would see them. */
    static final class Rig implements AutoCloseable
    {
        final ForwarderHarness d = ForwarderTest.peerD();
        final ForwardingHeaderFlyweight input = new ForwardingHeaderFlyweight();

        Rig()
        {
            final long applied = d.count(ForwarderCounter.COMMANDS_APPLIED);
            assertTrue(d.proxy.addCompression(X, 7, new long[] {C, B, A}, new long[] {7, 7, 7}, 3));
            assertTrue(d.proxy.addCompression(Y, 7, new long[] {Y}, new long[] {7}, 1));
            final byte[] entry = ForwarderHarness.routeLogEntry("relo fuzz", D, 7, 7004);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            d.work();
            assertEquals(applied + 3, d.count(ForwarderCounter.COMMANDS_APPLIED));
        }

        void receive(final byte[] data)
        {
            final long received = d.count(ForwarderCounter.FRAMES_RECEIVED);
            final long outcomes = d.outcomes();
            d.receive(3, data);
            assertEquals(received + 1, d.count(ForwarderCounter.FRAMES_RECEIVED), "counted once");
            assertEquals(outcomes + 1, d.outcomes(), () -> "exactly one outcome:" + d.describeCounters());
            assertEquals(0, d.count(ForwarderCounter.ERRORS), "no errors on the frame path");
            d.assertBalanced();

            final List<byte[]> out = new ArrayList<>(d.sent(3));
            out.addAll(d.sent(5));
            for (final ForwarderHarness.Delivery delivery : d.delivered())
            {
                if (delivery.type() == Deliveries.FRAME)
                {
                    out.add(delivery.bytes());
                }
                else
                {
                    assertArrayEquals(data, delivery.bytes(), "STUN and DTLS are handed over as received");
                }
            }
            assertTrue(out.size() <= 1, "one datagram in, at most one frame out");
            if (out.isEmpty())
            {
                return;
            }
            input.wrap(new UnsafeBuffer(data), 0, data.length);
            assertEquals(FrameStatus.OK, input.validate(), "only a valid frame goes anywhere");
            final byte[] contents = Arrays.copyOfRange(data, input.contentsOffset(), data.length);
            final ForwardingHeaderFlyweight output = ForwarderHarness.parse(out.get(0));
            assertEquals(input.transactionId(), output.transactionId());
            assertEquals(input.overlay(), output.overlay());
            assertArrayEquals(contents, Arrays.copyOfRange(out.get(0), output.contentsOffset(), out.get(0).length),
                "the message contents are never touched");
        }

        @Override
        public void close()
        {
            d.close();
        }
    }

    static Rig rig()
    {
        if (null == rig)
        {
            rig = new Rig();
        }
        return rig;
    }

    @AfterAll
    static void closeRig()
    {
        if (null != rig)
        {
            rig.close();
            rig = null;
        }
    }

    @FuzzTest
    void receiveDatagram(final byte[] data)
    {
        // a link's datagrams never exceed what the network delivers; longer ones are cut to just past the limit
        rig().receive(data.length > FrameBuffer.MAX_FRAME_LENGTH + 1 ?
            Arrays.copyOf(data, FrameBuffer.MAX_FRAME_LENGTH + 1) : data);
    }

    static LongStream inputs()
    {
        return LongStream.range(0, 1000);
    }

    @ParameterizedTest(name = "input {0}")
    @MethodSource("inputs")
    void shouldCountEveryDatagramOnceAndNeverThrow(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + 3);
        rig().receive(datagram(random));
    }

    /** Random bytes, a random valid frame, or a valid frame mutated. */
    static byte[] datagram(final SplittableRandom random)
    {
        final int kind = random.nextInt(10);
        if (kind == 0)
        {
            final byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            return bytes;
        }
        if (kind == 1)
        {
            final byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length >= 4)
            {
                System.arraycopy("RELO".getBytes(), 0, bytes, 0, 4);
            }
            return bytes;
        }
        final byte[] frame = validFrame(random);
        return kind < 4 ? frame : mutate(frame, random);
    }

    static byte[] validFrame(final SplittableRandom random)
    {
        final long[] known = {A, B, C, D, E, X, Y, D - 1, E + 1, -1L};
        final long[] route = new long[2 * random.nextInt(5)];
        final long[] via = new long[2 * random.nextInt(4)];
        for (final long[] ids : new long[][] {route, via})
        {
            for (int i = 0; i < ids.length; i += 2)
            {
                final boolean pick = random.nextInt(4) != 0;
                ids[i] = pick ? known[random.nextInt(known.length)] : random.nextLong();
                ids[i + 1] = pick ? (ids[i] == -1L ? -1L : 7) : random.nextLong();
            }
        }
        final byte[] contents = new byte[random.nextInt(64)];
        random.nextBytes(contents);
        final byte[] routeLog = random.nextInt(3) == 0 ?
            ForwarderHarness.routeLogEntry("relo " + random.nextInt(10), random.nextLong(), 7, 7000) : null;
        return ForwarderHarness.frame(new ForwardingHeaderEncoder(), random.nextLong(), random.nextInt(4),
            random.nextInt(5) == 0 ? random.nextInt(256) : random.nextInt(3), route, via, routeLog, contents);
    }

    static byte[] mutate(final byte[] frame, final SplittableRandom random)
    {
        final byte[] bytes = frame.clone();
        switch (random.nextInt(6))
        {
            case 0:
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--)
                {
                    final int bit = random.nextInt(bytes.length * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }
                return bytes;
            case 1:
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2:
            {
                final int length = random.nextInt(4) == 0 ? random.nextInt(1 << 24) : bytes.length +
                    random.nextInt(65) - 32;
                bytes[13] = (byte)(length >>> 16);
                bytes[14] = (byte)(length >>> 8);
                bytes[15] = (byte)length;
                return bytes;
            }
            case 3:
                bytes[24 + random.nextInt(2)] = (byte)random.nextInt(256);
                return bytes;
            case 4:
                bytes[27] ^= 1; // ROUTE-LOG flipped: a route log appears or disappears
                return bytes;
            default:
            {
                final byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(40));
                for (int i = bytes.length; i < longer.length; i++)
                {
                    longer[i] = (byte)random.nextInt(256);
                }
                return longer;
            }
        }
    }
}
