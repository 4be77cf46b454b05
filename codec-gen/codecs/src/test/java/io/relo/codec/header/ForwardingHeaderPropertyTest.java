package io.relo.codec.header;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Properties over seeded random inputs: valid headers round-trip and survive rewrites, and arbitrary bytes get the
 * status an independent reading of draft §4.1 gives them, without a throw or a read outside the datagram.
 */
class ForwardingHeaderPropertyTest
{
    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder();

    static LongStream seeds()
    {
        final Random random = new Random(42);
        return LongStream.generate(random::nextLong).limit(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRoundTripRandomValidHeader(final long seed)
    {
        final Random random = new Random(seed);
        final RandomHeader expected = RandomHeader.next(random);
        final byte[] reference = expected.referenceEncoding();
        final int offset = random.nextInt(64);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + reference.length + 16]);
        final int frameLength = expected.encode(encoder, buffer, offset);

        assertEquals(reference.length, frameLength);
        final byte[] encoded = new byte[frameLength];
        buffer.getBytes(offset, encoded);
        assertArrayEquals(reference, encoded, "seed " + seed);

        final byte[] padded = new byte[offset + frameLength + 16];
        System.arraycopy(encoded, 0, padded, offset, frameLength);
        header.wrap(new WindowCheckingBuffer(padded, offset, frameLength), offset, frameLength);
        assertEquals(FrameStatus.OK, header.validate(), () -> FrameStatus.describe(header.validate(), header));
        expected.assertDecodes(header, offset);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldKeepFrameValidAndContentsInPlaceAcrossRewrites(final long seed)
    {
        final Random random = new Random(seed);
        final RandomHeader original = RandomHeader.next(random);
        final byte[] frame = original.referenceEncoding();
        final int headroom = 16 + 40 + random.nextInt(400);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[headroom + frame.length]);
        buffer.putBytes(headroom, frame);
        final int end = headroom + frame.length;
        header.wrap(buffer, headroom, frame.length);
        assertEquals(FrameStatus.OK, header.validate());

        final long viaHi = random.nextLong();
        final long viaLo = random.nextLong();
        final int viaStatus = header.appendViaId(viaHi, viaLo);
        if (original.viaIds.length / 2 == 255)
        {
            assertEquals(FrameStatus.VIA_LIST_FULL, viaStatus);
        }
        else
        {
            assertEquals(FrameStatus.OK, viaStatus);
            assertEquals(FrameStatus.OK, header.validate());
            assertEquals(original.viaIds.length / 2 + 1, header.viaListCount());
            assertEquals(viaHi, header.viaIdHi(header.viaListCount() - 1));
            assertEquals(viaLo, header.viaIdLo(header.viaListCount() - 1));
        }

        if (original.routeLog != null && random.nextBoolean())
        {
            final byte[] entry = new byte[random.nextInt(40)];
            random.nextBytes(entry);
            assertEquals(FrameStatus.OK, header.appendRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            assertEquals(FrameStatus.OK, header.validate());
            final byte[] log = new byte[entry.length];
            buffer.getBytes(header.contentsOffset() - entry.length, log);
            assertArrayEquals(entry, log);
            assertEquals(2 + original.routeLog.length + entry.length, header.routeLogLength());
        }

        final int routeCount = original.routeIds.length / 2;
        if (routeCount > 0)
        {
            assertEquals(FrameStatus.OK, header.stripFirstRouteId());
            assertEquals(FrameStatus.OK, header.validate());
            assertEquals(routeCount - 1, header.routeListCount());
            for (int i = 0; i < routeCount - 1; i++)
            {
                assertEquals(original.routeIds[2 * (i + 1)], header.routeIdHi(i));
                assertEquals(original.routeIds[2 * (i + 1) + 1], header.routeIdLo(i));
            }
        }
        else
        {
            assertEquals(FrameStatus.ROUTE_LIST_EMPTY, header.stripFirstRouteId());
        }

        // the frame still ends where the datagram did, and the contents never moved
        assertEquals(end, header.offset() + header.frameLength());
        assertEquals(end - original.contents.length, header.contentsOffset());
        final byte[] contents = new byte[original.contents.length];
        buffer.getBytes(header.contentsOffset(), contents);
        assertArrayEquals(original.contents, contents);
        assertEquals(original.transactionId, header.transactionId());
        for (int i = 0; i < original.viaIds.length / 2; i++)
        {
            assertEquals(original.viaIds[2 * i], header.viaIdHi(i));
            assertEquals(original.viaIds[2 * i + 1], header.viaIdLo(i));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldGiveArbitraryBytesTheStatusTheDraftGivesThem(final long seed)
    {
        final Random random = new Random(seed);
        for (int round = 0; round < 20; round++)
        {
            final byte[] frame = arbitraryFrame(random);
            final int offset = random.nextInt(8);
            final byte[] padded = new byte[offset + frame.length + random.nextInt(64)];
            Arrays.fill(padded, (byte)random.nextInt());
            System.arraycopy(frame, 0, padded, offset, frame.length);

            final int status = header.wrap(new WindowCheckingBuffer(padded, offset, frame.length), offset, frame.length)
                .validate();

            assertEquals(FrameStatus.name(referenceStatus(frame)), FrameStatus.name(status), "seed " + seed);
            assertNotEquals("", FrameStatus.describe(status, header));
            if (FrameStatus.OK == status)
            {
                touchEveryAccessor(header);
            }
        }
    }

    private static byte[] arbitraryFrame(final Random random)
    {
        switch (random.nextInt(3))
        {
            case 0:
            {
                // noise
                final byte[] frame = new byte[random.nextInt(200)];
                random.nextBytes(frame);
                return frame;
            }
            case 1:
            {
                // noise with a plausible fixed header, so the list and route log checks get exercised
                final byte[] frame = new byte[28 + random.nextInt(300)];
                random.nextBytes(frame);
                ByteBuffer.wrap(frame).putInt(0, ForwardingHeaderDescriptor.MAGIC);
                frame[12] = (byte)(random.nextBoolean() ? 0x01 : 0x81);
                putLength(frame, random.nextInt(10) == 0 ? random.nextInt(400) : frame.length);
                frame[24] = (byte)random.nextInt(random.nextBoolean() ? 256 : 8);
                frame[25] = (byte)random.nextInt(random.nextBoolean() ? 256 : 8);
                return frame;
            }
            default:
            {
                // a valid frame with one byte changed or the tail cut off
                final byte[] frame = RandomHeader.next(random).referenceEncoding();
                if (random.nextBoolean())
                {
                    frame[random.nextInt(Math.min(frame.length, 64))] = (byte)random.nextInt();
                    return frame;
                }
                final byte[] cut = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                if (cut.length >= 16 && random.nextBoolean())
                {
                    putLength(cut, cut.length);
                }
                return cut;
            }
        }
    }

    /**
     * draft §4.1 and §4.1.4 read straight off a byte array, independently of the flyweight.
     */
    private static int referenceStatus(final byte[] frame)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(frame);
        if (frame.length < 28)
        {
            return FrameStatus.TOO_SHORT;
        }
        if (bytes.getInt(0) != 0x52454C4F)
        {
            return FrameStatus.BAD_MAGIC;
        }
        if ((frame[12] & 0x7F) != 1)
        {
            return FrameStatus.BAD_VERSION;
        }
        if (((frame[13] & 0xFF) << 16 | (frame[14] & 0xFF) << 8 | (frame[15] & 0xFF)) != frame.length)
        {
            return FrameStatus.BAD_LENGTH;
        }
        final int routeEnd = 28 + 16 * (frame[24] & 0xFF);
        if (routeEnd > frame.length)
        {
            return FrameStatus.ROUTE_LIST_OVERRUN;
        }
        final int viaEnd = routeEnd + 16 * (frame[25] & 0xFF);
        if (viaEnd > frame.length)
        {
            return FrameStatus.VIA_LIST_OVERRUN;
        }
        if ((frame[27] & 1) != 0)
        {
            if (viaEnd + 2 > frame.length)
            {
                return FrameStatus.ROUTE_LOG_OVERRUN;
            }
            final int entries = bytes.getShort(viaEnd) & 0xFFFF;
            if (entries > 65000)
            {
                return FrameStatus.ROUTE_LOG_OVER_BOUND;
            }
            if (viaEnd + 2 + entries > frame.length)
            {
                return FrameStatus.ROUTE_LOG_OVERRUN;
            }
        }
        return FrameStatus.OK;
    }

    static long touchEveryAccessor(final ForwardingHeaderFlyweight header)
    {
        long sink = header.magic() + header.overlay() + header.ttl() + header.routing() + header.fragmentOffset() +
            header.fragmentByteOffset() + header.version() + header.length() + header.transactionId() +
            header.flags() + header.routeListOffset() + header.viaListOffset() + header.routeLogOffset() +
            header.routeLogLength() + header.contentsOffset() + header.contentsLength() + header.prefixLength() +
            header.frameLength() + header.offset();
        sink += (header.isFragment() ? 1 : 0) + (header.isLastFragment() ? 2 : 0) + (header.isExperimental() ? 4 : 0) +
            (header.routeLogFlag() ? 8 : 0);
        for (int i = 0, n = header.routeListCount(); i < n; i++)
        {
            sink += header.routeIdHi(i) ^ header.routeIdLo(i);
        }
        for (int i = 0, n = header.viaListCount(); i < n; i++)
        {
            sink += header.viaIdHi(i) ^ header.viaIdLo(i);
        }
        if (header.contentsOffset() + header.contentsLength() != header.offset() + header.frameLength())
        {
            throw new AssertionError("contents do not end at the end of the frame");
        }
        return sink;
    }

    private static void putLength(final byte[] frame, final int length)
    {
        frame[13] = (byte)(length >>> 16);
        frame[14] = (byte)(length >>> 8);
        frame[15] = (byte)length;
    }

    /**
     * A random valid header and contents, with an encoding built by {@link ByteBuffer} straight from draft §4.1.
     */
    static final class RandomHeader
    {
        int overlay;
        int ttl;
        int routing;
        boolean isFragment;
        boolean isLastFragment;
        int fragmentOffset;
        boolean experimental;
        long transactionId;
        long[] routeIds;
        long[] viaIds;
        byte[] routeLog;
        byte[] contents;

        static RandomHeader next(final Random random)
        {
            final RandomHeader h = new RandomHeader();
            h.overlay = random.nextInt();
            h.ttl = random.nextInt(256);
            h.routing = random.nextInt(256);
            h.isFragment = random.nextBoolean();
            h.isLastFragment = random.nextBoolean();
            h.fragmentOffset = random.nextInt(0x4000);
            h.experimental = random.nextInt(4) == 0;
            h.transactionId = random.nextLong();
            h.routeIds = randomIds(random);
            h.viaIds = randomIds(random);
            if (random.nextBoolean())
            {
                h.routeLog = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(300)];
                random.nextBytes(h.routeLog);
            }
            h.contents = new byte[random.nextInt(200)];
            random.nextBytes(h.contents);
            return h;
        }

        private static long[] randomIds(final Random random)
        {
            final int count = random.nextInt(8) == 0 ? (random.nextBoolean() ? 255 : random.nextInt(256)) :
                random.nextInt(6);
            final long[] ids = new long[2 * count];
            for (int i = 0; i < ids.length; i++)
            {
                ids[i] = random.nextLong();
            }
            return ids;
        }

        byte[] referenceEncoding()
        {
            final int routeLogLength = routeLog == null ? 0 : 2 + routeLog.length;
            final int length = 28 + 8 * (routeIds.length + viaIds.length) + routeLogLength + contents.length;
            final ByteBuffer bytes = ByteBuffer.allocate(length);
            bytes.put("RELO".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            bytes.putInt(overlay);
            bytes.put((byte)ttl);
            bytes.put((byte)routing);
            bytes.putShort((short)((isFragment ? 0x8000 : 0) | (isLastFragment ? 0x4000 : 0) | fragmentOffset));
            bytes.put((byte)((experimental ? 0x80 : 0) | 1));
            bytes.put((byte)(length >>> 16)).put((byte)(length >>> 8)).put((byte)length);
            bytes.putLong(transactionId);
            bytes.put((byte)(routeIds.length / 2));
            bytes.put((byte)(viaIds.length / 2));
            bytes.putShort((short)(routeLog == null ? 0 : 1));
            for (final long half : routeIds)
            {
                bytes.putLong(half);
            }
            for (final long half : viaIds)
            {
                bytes.putLong(half);
            }
            if (routeLog != null)
            {
                bytes.putShort((short)routeLog.length);
                bytes.put(routeLog);
            }
            bytes.put(contents);
            return bytes.array();
        }

        int encode(final ForwardingHeaderEncoder encoder, final UnsafeBuffer buffer, final int offset)
        {
            encoder.wrap(buffer, offset)
                .overlay(overlay)
                .ttl(ttl)
                .routing(routing)
                .fragment(isFragment, isLastFragment, fragmentOffset)
                .experimental(experimental)
                .transactionId(transactionId)
                .routeList(routeIds, routeIds.length / 2)
                .viaList(viaIds, viaIds.length / 2);
            if (routeLog != null)
            {
                encoder.routeLog(new UnsafeBuffer(routeLog), 0, routeLog.length);
            }
            buffer.putBytes(encoder.contentsOffset(), contents);
            return encoder.finish(contents.length);
        }

        void assertDecodes(final ForwardingHeaderFlyweight header, final int offset)
        {
            assertEquals(ForwardingHeaderDescriptor.MAGIC, header.magic());
            assertEquals(overlay, header.overlay());
            assertEquals(ttl, header.ttl());
            assertEquals(routing, header.routing());
            assertEquals(isFragment, header.isFragment());
            assertEquals(isLastFragment, header.isLastFragment());
            assertEquals(fragmentOffset, header.fragmentOffset());
            assertEquals(fragmentOffset * 8, header.fragmentByteOffset());
            assertEquals(experimental, header.isExperimental());
            assertEquals(1, header.version());
            assertEquals(header.frameLength(), header.length());
            assertEquals(transactionId, header.transactionId());
            assertEquals(routeIds.length / 2, header.routeListCount());
            assertEquals(viaIds.length / 2, header.viaListCount());
            assertEquals(routeLog != null, header.routeLogFlag());
            assertEquals(routeLog == null ? 0 : 1, header.flags());
            for (int i = 0; i < routeIds.length / 2; i++)
            {
                assertEquals(routeIds[2 * i], header.routeIdHi(i));
                assertEquals(routeIds[2 * i + 1], header.routeIdLo(i));
            }
            for (int i = 0; i < viaIds.length / 2; i++)
            {
                assertEquals(viaIds[2 * i], header.viaIdHi(i));
                assertEquals(viaIds[2 * i + 1], header.viaIdLo(i));
            }
            assertEquals(offset + 28, header.routeListOffset());
            assertEquals(offset + 28 + 8 * routeIds.length, header.viaListOffset());
            assertEquals(offset + 28 + 8 * (routeIds.length + viaIds.length), header.routeLogOffset());
            assertEquals(routeLog == null ? 0 : 2 + routeLog.length, header.routeLogLength());
            assertEquals(header.routeLogOffset() + header.routeLogLength(), header.contentsOffset());
            assertEquals(contents.length, header.contentsLength());
            final byte[] decodedContents = new byte[contents.length];
            header.buffer().getBytes(header.contentsOffset(), decodedContents);
            assertArrayEquals(contents, decodedContents);
        }
    }
}
