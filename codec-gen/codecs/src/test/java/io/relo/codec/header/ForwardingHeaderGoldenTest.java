package io.relo.codec.header;

import io.relo.codec.Routing;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.relo.codec.header.ForwardingHeaderDescriptor.MAGIC;
import static io.relo.codec.header.HeaderFrames.A_HI;
import static io.relo.codec.header.HeaderFrames.A_LO;
import static io.relo.codec.header.HeaderFrames.B_HI;
import static io.relo.codec.header.HeaderFrames.B_LO;
import static io.relo.codec.header.HeaderFrames.C_HI;
import static io.relo.codec.header.HeaderFrames.C_LO;
import static io.relo.codec.header.HeaderFrames.DEST_HI;
import static io.relo.codec.header.HeaderFrames.DEST_LO;
import static io.relo.codec.header.HeaderFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes and encodes the hand-written frames of {@link HeaderFrames} byte for byte.
 */
class ForwardingHeaderGoldenTest
{
    private static final int HEADROOM = 64;

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder();

    @Test
    void shouldDecodeRecursiveFrameWithRouteListAndViaList()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.RECURSIVE);
        header.wrap(buffer, HEADROOM, HeaderFrames.RECURSIVE.length);

        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(MAGIC, header.magic());
        assertEquals(0x70B1BCFD, header.overlay());
        assertEquals(OverlayName.hash("relo.example.org"), header.overlay());
        assertEquals(0x20, header.ttl());
        assertEquals(Routing.RECURSIVE, header.routing());
        assertFalse(header.isFragment());
        assertFalse(header.isLastFragment());
        assertEquals(0, header.fragmentOffset());
        assertFalse(header.isExperimental());
        assertEquals(1, header.version());
        assertEquals(88, header.length());
        assertEquals(0x0102030405060708L, header.transactionId());
        assertEquals(1, header.routeListCount());
        assertEquals(2, header.viaListCount());
        assertEquals(0, header.flags());
        assertFalse(header.routeLogFlag());
        assertEquals(DEST_HI, header.routeIdHi(0));
        assertEquals(DEST_LO, header.routeIdLo(0));
        assertEquals(A_HI, header.viaIdHi(0));
        assertEquals(A_LO, header.viaIdLo(0));
        assertEquals(B_HI, header.viaIdHi(1));
        assertEquals(B_LO, header.viaIdLo(1));
        assertEquals(HEADROOM + 28, header.routeListOffset());
        assertEquals(HEADROOM + 44, header.viaListOffset());
        assertEquals(HEADROOM + 76, header.routeLogOffset());
        assertEquals(0, header.routeLogLength());
        assertEquals(HEADROOM + 76, header.contentsOffset());
        assertEquals(12, header.contentsLength());
        assertEquals(76, header.prefixLength());
        assertEquals(88, header.frameLength());
        assertEquals(HEADROOM, header.offset());
    }

    @Test
    void shouldEncodeRecursiveFrameByteForByte()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int offset = 7;
        encoder.wrap(buffer, offset)
            .overlay(OverlayName.hash("relo.example.org"))
            .ttl(0x20)
            .routing(Routing.RECURSIVE)
            .transactionId(0x0102030405060708L)
            .routeList(new long[]{ DEST_HI, DEST_LO }, 1)
            .viaList(new long[]{ A_HI, A_LO, B_HI, B_LO }, 2);
        assertEquals(offset + 76, encoder.contentsOffset());
        buffer.putBytes(encoder.contentsOffset(), HeaderFrames.RECURSIVE_CONTENTS);

        final int frameLength = encoder.finish(HeaderFrames.RECURSIVE_CONTENTS.length);

        assertFrame(HeaderFrames.RECURSIVE, buffer, offset, frameLength);
    }

    @Test
    void shouldEncodeViaListCopiedFromAnotherBuffer()
    {
        final UnsafeBuffer ids = new UnsafeBuffer(hex(
            "00",
            "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",
            "B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF"));
        final UnsafeBuffer dest = new UnsafeBuffer(hex("E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF"));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        encoder.wrap(buffer, 0)
            .overlay(0x70B1BCFD)
            .ttl(0x20)
            .routing(Routing.RECURSIVE)
            .transactionId(0x0102030405060708L)
            .routeList(dest, 0, 1)
            .viaList(ids, 1, 2);
        buffer.putBytes(encoder.contentsOffset(), HeaderFrames.RECURSIVE_CONTENTS);

        assertFrame(HeaderFrames.RECURSIVE, buffer, 0, encoder.finish(HeaderFrames.RECURSIVE_CONTENTS.length));
    }

    @Test
    void shouldDecodeLastFragment()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.LAST_FRAGMENT);
        header.wrap(buffer, HEADROOM, HeaderFrames.LAST_FRAGMENT.length);

        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(OverlayName.hash("chord.overlay.example.com"), header.overlay());
        assertEquals(0x10, header.ttl());
        assertEquals(Routing.UNSPECIFIED, header.routing());
        assertTrue(header.isFragment());
        assertTrue(header.isLastFragment());
        assertEquals(0x123, header.fragmentOffset());
        assertEquals(0x123 * 8, header.fragmentByteOffset());
        assertFalse(header.isExperimental());
        assertEquals(1, header.version());
        assertEquals(49, header.length());
        assertEquals(0xFFEEDDCCBBAA9988L, header.transactionId());
        assertEquals(1, header.routeListCount());
        assertEquals(0, header.viaListCount());
        assertEquals(DEST_HI, header.routeIdHi(0));
        assertEquals(DEST_LO, header.routeIdLo(0));
        assertEquals(header.viaListOffset(), header.routeLogOffset());
        assertEquals(HEADROOM + 44, header.contentsOffset());
        assertEquals(5, header.contentsLength());
    }

    @Test
    void shouldEncodeLastFragmentByteForByte()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        encoder.wrap(buffer, 0)
            .overlay(OverlayName.hash("chord.overlay.example.com"))
            .ttl(0x10)
            .routing(Routing.UNSPECIFIED)
            .fragment(true, true, 0x123)
            .transactionId(0xFFEEDDCCBBAA9988L)
            .routeList(new long[]{ DEST_HI, DEST_LO }, 1);
        buffer.putBytes(encoder.contentsOffset(), hex("11 22 33 44 55"));

        assertFrame(HeaderFrames.LAST_FRAGMENT, buffer, 0, encoder.finish(5));
    }

    @Test
    void shouldDecodeExperimentalVersionAsVersionOne()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.EXPERIMENTAL);
        header.wrap(buffer, HEADROOM, HeaderFrames.EXPERIMENTAL.length);

        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(0xCBF43926, header.overlay());
        assertEquals(1, header.ttl());
        assertEquals(Routing.ITERATIVE, header.routing());
        assertTrue(header.isExperimental());
        assertEquals(1, header.version());
        assertEquals(28, header.length());
        assertEquals(42L, header.transactionId());
        assertEquals(0, header.routeListCount());
        assertEquals(0, header.viaListCount());
        assertEquals(HEADROOM + 28, header.contentsOffset());
        assertEquals(0, header.contentsLength());
    }

    @Test
    void shouldEncodeExperimentalVersionByteForByte()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[28]);
        encoder.wrap(buffer, 0)
            .overlay(OverlayName.hash("123456789"))
            .ttl(1)
            .routing(Routing.ITERATIVE)
            .experimental(true)
            .transactionId(42L);

        assertFrame(HeaderFrames.EXPERIMENTAL, buffer, 0, encoder.finish(0));
    }

    @Test
    void shouldDecodeRouteLog()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.ROUTE_LOG);
        header.wrap(buffer, HEADROOM, HeaderFrames.ROUTE_LOG.length);

        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(0xFF, header.ttl());
        assertEquals(Routing.ITERATIVE, header.routing());
        assertEquals(72, header.length());
        assertEquals(0x8000000000000001L, header.transactionId());
        assertEquals(1, header.flags());
        assertTrue(header.routeLogFlag());
        assertEquals(DEST_HI, header.routeIdHi(0));
        assertEquals(A_LO, header.viaIdLo(0));
        assertEquals(HEADROOM + 60, header.routeLogOffset());
        assertEquals(8, header.routeLogLength());
        assertEquals(HEADROOM + 68, header.contentsOffset());
        assertEquals(4, header.contentsLength());
        assertEquals(68, header.prefixLength());
    }

    @Test
    void shouldEncodeRouteLogByteForByte()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        encoder.wrap(buffer, 3)
            .overlay(OverlayName.hash("relo.example.org"))
            .ttl(0xFF)
            .routing(Routing.ITERATIVE)
            .transactionId(0x8000000000000001L)
            .routeList(new long[]{ DEST_HI, DEST_LO }, 1)
            .viaList(new long[]{ A_HI, A_LO }, 1)
            .routeLog(new UnsafeBuffer(hex("01 02 03 04 05 06")), 0, 6);
        buffer.putBytes(encoder.contentsOffset(), hex("00 01 00 00"));

        assertFrame(HeaderFrames.ROUTE_LOG, buffer, 3, encoder.finish(4));
    }

    @Test
    void shouldForwardAsInDraftExampleByDecrementingTtlAndAppendingPreviousHop()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.RECURSIVE);
        header.wrap(buffer, HEADROOM, HeaderFrames.RECURSIVE.length);
        assertEquals(FrameStatus.OK, header.validate());

        header.ttl(header.ttl() - 1);
        assertEquals(FrameStatus.OK, header.appendViaId(C_HI, C_LO));

        assertEquals(HEADROOM - 16, header.offset());
        assertEquals(FrameStatus.OK, header.validate());
        assertFrame(HeaderFrames.RECURSIVE_FORWARDED_BY_D, buffer, header.offset(), header.frameLength());
        assertEquals(HEADROOM + HeaderFrames.RECURSIVE.length, header.offset() + header.frameLength());
    }

    @Test
    void shouldStripFirstRouteIdWithoutMovingContents()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.RECURSIVE);
        header.wrap(buffer, HEADROOM, HeaderFrames.RECURSIVE.length);
        assertEquals(FrameStatus.OK, header.validate());

        assertEquals(FrameStatus.OK, header.stripFirstRouteId());

        assertEquals(HEADROOM + 16, header.offset());
        assertEquals(FrameStatus.OK, header.validate());
        assertFrame(HeaderFrames.RECURSIVE_STRIPPED, buffer, header.offset(), header.frameLength());
        assertEquals(FrameStatus.ROUTE_LIST_EMPTY, header.stripFirstRouteId());
        assertFrame(HeaderFrames.RECURSIVE_STRIPPED, buffer, header.offset(), header.frameLength());
    }

    @Test
    void shouldAppendRouteLogEntryAtEndOfRouteLog()
    {
        final UnsafeBuffer buffer = withHeadroom(HeaderFrames.ROUTE_LOG);
        header.wrap(buffer, HEADROOM, HeaderFrames.ROUTE_LOG.length);
        assertEquals(FrameStatus.OK, header.validate());

        assertEquals(FrameStatus.OK, header.appendRouteLogEntry(new UnsafeBuffer(hex("FF 07 08 09")), 1, 3));

        assertEquals(HEADROOM - 3, header.offset());
        assertEquals(FrameStatus.OK, header.validate());
        assertFrame(HeaderFrames.ROUTE_LOG_APPENDED, buffer, header.offset(), header.frameLength());
    }

    private static UnsafeBuffer withHeadroom(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADROOM + frame.length + 32]);
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        buffer.putBytes(HEADROOM, frame);
        return buffer;
    }

    private static void assertFrame(
        final byte[] expected, final UnsafeBuffer buffer, final int offset, final int length)
    {
        final byte[] actual = new byte[length];
        buffer.getBytes(offset, actual);
        assertArrayEquals(expected, actual, () -> "expected " + hexOf(expected) + "\n but was " + hexOf(actual));
    }

    private static String hexOf(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02X ", b));
        }
        return sb.toString().trim();
    }
}
