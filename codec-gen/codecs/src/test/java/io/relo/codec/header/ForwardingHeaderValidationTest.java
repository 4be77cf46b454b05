package io.relo.codec.header;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;

import static io.relo.codec.header.HeaderFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each {@link FrameStatus} comes from a minimal bad frame and says precisely what is wrong; no truncation passes.
 */
class ForwardingHeaderValidationTest
{
    /** The 28-byte fixed header of a valid version 1 frame with empty lists and Length 28. */
    private static final String FIXED = "52454C4F 70B1BCFD 20 01 0000 01 00001C 0102030405060708 00 00 0000";

    private static final List<byte[]> GOLDEN = List.of(
        HeaderFrames.RECURSIVE,
        HeaderFrames.RECURSIVE_FORWARDED_BY_D,
        HeaderFrames.RECURSIVE_STRIPPED,
        HeaderFrames.LAST_FRAGMENT,
        HeaderFrames.EXPERIMENTAL,
        HeaderFrames.ROUTE_LOG,
        HeaderFrames.ROUTE_LOG_APPENDED);

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();

    @Test
    void shouldAcceptMinimalHeader()
    {
        assertStatus(FrameStatus.OK, "frame of 28 bytes is well formed", hex(FIXED));
    }

    @Test
    void shouldRejectWindowOutsideBufferWithoutReading()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);

        assertEquals(FrameStatus.BAD_WINDOW, header.wrap(buffer, 20, 28).validate());
        assertEquals(
            "window of 28 bytes at buffer index 20 does not lie inside the buffer of 40 bytes; " +
            "pass the offset and length of the received datagram",
            FrameStatus.describe(FrameStatus.BAD_WINDOW, header));
        assertEquals(FrameStatus.BAD_WINDOW, header.wrap(buffer, -1, 28).validate());
        assertEquals(FrameStatus.BAD_WINDOW, header.wrap(buffer, 0, -1).validate());
        assertEquals(FrameStatus.BAD_WINDOW, header.wrap(buffer, Integer.MAX_VALUE, 28).validate());
    }

    @Test
    void shouldRejectDatagramShorterThanFixedHeader()
    {
        assertStatus(
            FrameStatus.TOO_SHORT,
            "datagram of 27 bytes is shorter than the 28-byte forwarding header (draft §4.1)",
            Arrays.copyOf(hex(FIXED), 27));
    }

    @Test
    void shouldRejectBadMagic()
    {
        final byte[] frame = hex(FIXED);
        frame[3] = 'P';

        assertStatus(
            FrameStatus.BAD_MAGIC,
            "bad magic 0x52454C50, expected \"RELO\" (0x52454C4F); this datagram is not a RELOAD message",
            frame);
    }

    @Test
    void shouldRejectOtherVersionWhateverTheExpBit()
    {
        final byte[] frame = hex(FIXED);
        frame[12] = 0x02;
        assertStatus(
            FrameStatus.BAD_VERSION,
            "version 2 is not supported; this peer speaks RELOAD version 1 (draft §4.1)",
            frame);

        frame[12] = (byte)0x80;
        assertStatus(
            FrameStatus.BAD_VERSION,
            "version 0 (EXP set) is not supported; this peer speaks RELOAD version 1 (draft §4.1)",
            frame);

        frame[12] = (byte)0x81;
        assertStatus(FrameStatus.OK, "frame of 28 bytes is well formed", frame);
    }

    @Test
    void shouldRejectLengthThatDisagreesWithDatagram()
    {
        final byte[] frame = Arrays.copyOf(hex(FIXED), 120);
        frame[15] = (byte)200;
        assertStatus(FrameStatus.BAD_LENGTH, "Length field says 200 bytes but the datagram has 120", frame);

        frame[15] = 119;
        assertStatus(FrameStatus.BAD_LENGTH, "Length field says 119 bytes but the datagram has 120", frame);

        frame[13] = 0x01;
        frame[15] = 120;
        assertStatus(FrameStatus.BAD_LENGTH, "Length field says 65656 bytes but the datagram has 120", frame);
    }

    @Test
    void shouldRejectLengthShorterThanFixedHeader()
    {
        final byte[] frame = hex(FIXED);
        frame[15] = 12;

        assertStatus(
            FrameStatus.BAD_LENGTH,
            "Length field says 12 bytes, less than the 28-byte forwarding header it includes",
            frame);
    }

    @Test
    void shouldRejectRouteListRunningPastDatagram()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 120));
        frame[24] = 40;

        assertStatus(
            FrameStatus.ROUTE_LIST_OVERRUN,
            "route list (40 ids) runs past the end of the datagram at byte 668 > 120",
            frame);
    }

    @Test
    void shouldAcceptRouteListEndingExactlyAtDatagramEnd()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 28 + 5 * 16));
        frame[24] = 5;

        assertStatus(FrameStatus.OK, "frame of 108 bytes is well formed", frame);
        assertEquals(header.offset() + 108, header.contentsOffset());
    }

    @Test
    void shouldRejectViaListRunningPastDatagram()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 100));
        frame[24] = 2;
        frame[25] = 3;

        assertStatus(
            FrameStatus.VIA_LIST_OVERRUN,
            "via list (3 ids) runs past the end of the datagram at byte 108 > 100",
            frame);
    }

    @Test
    void shouldRejectRouteLogLengthRunningPastDatagram()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 29));
        frame[27] = 0x01;

        assertStatus(
            FrameStatus.ROUTE_LOG_OVERRUN,
            "ROUTE-LOG flag is set but the route log's 2-byte length at byte 28 runs past the end of the datagram " +
            "at byte 30 > 29",
            frame);
    }

    @Test
    void shouldTreatMissingRouteLogAsOverrunWhenFlagIsSet()
    {
        final byte[] frame = hex(FIXED);
        frame[27] = 0x01;

        assertStatus(
            FrameStatus.ROUTE_LOG_OVERRUN,
            "ROUTE-LOG flag is set but the route log's 2-byte length at byte 28 runs past the end of the datagram " +
            "at byte 30 > 28",
            frame);
    }

    @Test
    void shouldRejectRouteLogEntriesRunningPastDatagram()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 100));
        frame[24] = 1;
        frame[25] = 1;
        frame[27] = 0x01;
        frame[60] = 0x01;
        frame[61] = 0x2C;

        assertStatus(
            FrameStatus.ROUTE_LOG_OVERRUN,
            "route log (300 bytes of entries) runs past the end of the datagram at byte 362 > 100",
            frame);
    }

    @Test
    void shouldRejectRouteLogOverDraftBound()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 28 + 2 + 65001));
        frame[27] = 0x01;
        frame[28] = (byte)0xFD;
        frame[29] = (byte)0xE9;

        assertStatus(
            FrameStatus.ROUTE_LOG_OVER_BOUND,
            "route log of 65001 bytes of entries exceeds the draft's bound of 65000 (draft §4.1.4)",
            frame);

        frame[29] = (byte)0xE8;
        assertStatus(FrameStatus.OK, "frame of 65030 bytes is well formed", withLength(Arrays.copyOf(frame, 65030)));
    }

    @Test
    void shouldIgnoreFlagBitsOtherThanRouteLog()
    {
        final byte[] frame = hex(FIXED);
        frame[26] = (byte)0xFF;
        frame[27] = (byte)0xFE;

        assertStatus(FrameStatus.OK, "frame of 28 bytes is well formed", frame);
        assertEquals(0xFFFE, header.flags());
        assertEquals(0, header.routeLogLength());
    }

    @Test
    void shouldNeverAcceptOrThrowOnAnyTruncationOfGoldenFrames()
    {
        for (final byte[] frame : GOLDEN)
        {
            for (int length = 0; length < frame.length; length++)
            {
                final int status = validateInWindow(frame, length);
                assertNotEquals(FrameStatus.OK, status, "truncated to " + length + " of " + frame.length);
                assertNotEquals("", FrameStatus.describe(status, header));
            }
            assertEquals(FrameStatus.OK, validateInWindow(frame, frame.length));
        }
    }

    @Test
    void shouldAcceptTruncationWithFixedUpLengthOnlyWhenWholePrefixRemains()
    {
        for (final byte[] frame : GOLDEN)
        {
            // independent of the code under test: fixed part, 16 bytes per id, and the route log if flagged
            final int routeLogStart = 28 + 16 * ((frame[24] & 0xFF) + (frame[25] & 0xFF));
            final int prefixLength = (frame[27] & 1) == 0 ? routeLogStart :
                routeLogStart + 2 + (((frame[routeLogStart] & 0xFF) << 8) | (frame[routeLogStart + 1] & 0xFF));

            for (int length = 0; length <= frame.length; length++)
            {
                final byte[] truncated = Arrays.copyOf(frame, length);
                if (length >= 16)
                {
                    withLength(truncated);
                }
                final int status = validateInWindow(truncated, length);
                assertNotEquals("", FrameStatus.describe(status, header));
                if (length >= prefixLength)
                {
                    assertEquals(FrameStatus.OK, status, "length " + length);
                }
                else
                {
                    assertNotEquals(FrameStatus.OK, status, "length " + length + " < prefix " + prefixLength);
                }
            }
        }
    }

    @Test
    void shouldRefuseRewritesOnReadOnlyBuffer()
    {
        final byte[] frame = HeaderFrames.RECURSIVE.clone();
        final UnsafeBuffer delegate = new UnsafeBuffer(frame);
        final DirectBuffer readOnlyBuffer = (DirectBuffer)Proxy.newProxyInstance(
            DirectBuffer.class.getClassLoader(),
            new Class<?>[]{ DirectBuffer.class },
            (proxy, method, args) -> method.invoke(delegate, args));
        header.wrap(readOnlyBuffer, 0, frame.length);

        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(0x20, header.ttl());
        assertThrows(IllegalStateException.class, () -> header.ttl(1));
        assertThrows(IllegalStateException.class, header::stripFirstRouteId);
        assertArrayEquals(HeaderFrames.RECURSIVE, frame);
    }

    @Test
    void shouldReportRewriteLimits()
    {
        final byte[] frame = HeaderFrames.RECURSIVE;
        final UnsafeBuffer buffer = new UnsafeBuffer(frame.clone());
        header.wrap(buffer, 0, frame.length);

        assertEquals(FrameStatus.NO_HEADROOM, header.appendViaId(1, 2));
        assertEquals(
            "only 0 bytes of headroom before the frame; receive datagrams at an offset that leaves room for the " +
            "via entries and route log entries this peer adds",
            FrameStatus.describe(FrameStatus.NO_HEADROOM, header));
        assertEquals(FrameStatus.NO_ROUTE_LOG, header.appendRouteLogEntry(buffer, 0, 1));
        assertEquals(
            "ROUTE-LOG flag is clear, there is no route log to append to",
            FrameStatus.describe(FrameStatus.NO_ROUTE_LOG, header));
        assertArrayEqualsFrame(frame, buffer);

        buffer.putByte(25, (byte)0xFF);
        assertEquals(FrameStatus.VIA_LIST_FULL, header.appendViaId(1, 2));
        assertEquals(
            "via list already holds 255 ids, the most its 1-byte count can say",
            FrameStatus.describe(FrameStatus.VIA_LIST_FULL, header));
    }

    @Test
    void shouldRefuseToGrowPastMaximumMessageLength()
    {
        final int length = ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH;
        final int headroom = 16;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[headroom + length]);
        buffer.putBytes(headroom, hex(FIXED));
        buffer.putByte(headroom + 13, (byte)0xFF);
        buffer.putByte(headroom + 14, (byte)0xFF);
        buffer.putByte(headroom + 15, (byte)0xFF);
        header.wrap(buffer, headroom, length);
        assertEquals(FrameStatus.OK, header.validate());

        assertEquals(FrameStatus.MESSAGE_TOO_LONG, header.appendViaId(1, 2));
        assertEquals(
            "message of 16777215 bytes cannot grow: its Length would pass the 16777215-byte limit of a 24-bit field",
            FrameStatus.describe(FrameStatus.MESSAGE_TOO_LONG, header));
    }

    @Test
    void shouldRefuseRouteLogEntryPastDraftBound()
    {
        final byte[] frame = withLength(Arrays.copyOf(hex(FIXED), 28 + 2 + 64999));
        frame[27] = 0x01;
        frame[28] = (byte)0xFD;
        frame[29] = (byte)0xE7;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 + frame.length]);
        buffer.putBytes(8, frame);
        header.wrap(buffer, 8, frame.length);
        assertEquals(FrameStatus.OK, header.validate());

        assertEquals(FrameStatus.ROUTE_LOG_FULL, header.appendRouteLogEntry(buffer, 0, 2));
        assertEquals(
            "route log of 64999 bytes of entries has no room for another entry under the draft's bound of 65000 " +
            "(draft §4.1.4)",
            FrameStatus.describe(FrameStatus.ROUTE_LOG_FULL, header));
        assertEquals(FrameStatus.OK, header.appendRouteLogEntry(buffer, 0, 1));
        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(2 + 65000, header.routeLogLength());
    }

    @Test
    void shouldNameEveryStatus()
    {
        for (int status = 0; status < FrameStatus.STATUS_COUNT; status++)
        {
            assertNotEquals("status " + status, FrameStatus.name(status));
        }
        assertEquals("BAD_MAGIC", FrameStatus.name(FrameStatus.BAD_MAGIC));
        assertEquals("ROUTE_LOG_FULL", FrameStatus.name(FrameStatus.ROUTE_LOG_FULL));
        assertEquals("status 99", FrameStatus.name(99));
        assertEquals("unknown frame status 99", FrameStatus.describe(99, header));
    }

    @Test
    void shouldNotAllocateWhenValidatingAndReading()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer[] buffers = new UnsafeBuffer[GOLDEN.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = new UnsafeBuffer(GOLDEN.get(i));
        }
        long sink = readAll(buffers, 10_000);

        // one allocation per frame would show as megabytes; a one-off few kB (class loading or deoptimisation
        // while the JIT settles) can land in any window, so the quietest of several windows must be exactly zero
        long fewestAllocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && fewestAllocated != 0; attempt++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            sink += readAll(buffers, 10_000);
            fewestAllocated = Math.min(fewestAllocated, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertEquals(0, fewestAllocated, "bytes allocated by wrap, validate and getters (sink " + sink + ")");
    }

    private long readAll(final UnsafeBuffer[] buffers, final int rounds)
    {
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (final UnsafeBuffer buffer : buffers)
            {
                header.wrap(buffer, 0, buffer.capacity());
                sink += header.validate();
                sink += header.magic() + header.overlay() + header.ttl() + header.routing() + header.fragmentOffset() +
                    header.fragmentByteOffset() + header.version() + header.length() + header.transactionId() +
                    header.flags() + header.routeLogLength() + header.contentsOffset() + header.contentsLength() +
                    header.prefixLength() + header.frameLength();
                sink += (header.isFragment() ? 1 : 0) + (header.isLastFragment() ? 2 : 0) +
                    (header.isExperimental() ? 4 : 0) + (header.routeLogFlag() ? 8 : 0);
                for (int i = 0, n = header.routeListCount(); i < n; i++)
                {
                    sink += header.routeIdHi(i) ^ header.routeIdLo(i);
                }
                for (int i = 0, n = header.viaListCount(); i < n; i++)
                {
                    sink += header.viaIdHi(i) ^ header.viaIdLo(i);
                }
            }
        }
        return sink;
    }

    private int validateInWindow(final byte[] frame, final int length)
    {
        // the datagram sits inside a larger buffer of garbage; any read outside it fails the test
        final byte[] bytes = new byte[8 + length + 300];
        Arrays.fill(bytes, (byte)0xA5);
        System.arraycopy(frame, 0, bytes, 8, length);
        return header.wrap(new WindowCheckingBuffer(bytes, 8, length), 8, length).validate();
    }

    private void assertStatus(final int expected, final String description, final byte[] frame)
    {
        final int status = validateInWindow(frame, frame.length);
        assertEquals(FrameStatus.name(expected), FrameStatus.name(status));
        assertEquals(description, FrameStatus.describe(status, header));
    }

    private static void assertArrayEqualsFrame(final byte[] expected, final UnsafeBuffer buffer)
    {
        final byte[] actual = new byte[expected.length];
        buffer.getBytes(0, actual);
        assertArrayEquals(expected, actual);
    }

    private static byte[] withLength(final byte[] frame)
    {
        frame[13] = (byte)(frame.length >>> 16);
        frame[14] = (byte)(frame.length >>> 8);
        frame[15] = (byte)frame.length;
        return frame;
    }
}
