package io.relo.fastpath;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.OverlayName;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.link.InMemoryNetwork;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static io.relo.codec.header.ForwardingHeaderDescriptor.FLAGS_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.FRAGMENT_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.LENGTH_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.OVERLAY_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LIST_LENGTH_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VERSION_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VIA_LIST_LENGTH_OFFSET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The forwarding rules of draft §4.1.2.3 on one forwarder with stub peers: every frame's way out, and the counter it
 * ends in.
 */
class ForwarderTest
{
    // Peers of the draft's example in §4.1.2.3.3, placed around the ring in order A < B < C < D < E.
    static final long A = 0x1000_0000_0000_0000L;
    static final long B = 0x2000_0000_0000_0000L;
    static final long C = 0x3000_0000_0000_0000L;
    static final long D = 0x4000_0000_0000_0000L;
    static final long E = 0x5000_0000_0000_0000L;
    static final long F = 0x6000_0000_0000_0000L;
    /** A private id of route-list compression (draft §3.2.2, §4.1.2.3.1). */
    static final long X = 0x7777_0000_0000_0000L;
    static final long Y = 0x7778_0000_0000_0000L;
    static final byte[] CONTENTS = "message contents".getBytes();

    static long[] ids(final long... his)
    {
        final long[] pairs = new long[his.length * 2];
        for (int i = 0; i < his.length; i++)
        {
            pairs[2 * i] = his[i];
            pairs[2 * i + 1] = 7;
        }
        return pairs;
    }

    static long[] his(final long... his)
    {
        return his;
    }

    static long[] sevens(final int n)
    {
        final long[] lows = new long[n];
        Arrays.fill(lows, 7);
        return lows;
    }

    /** Forwarder D, responsible for (C, D], linked to C (link 3) and E (link 5). */
    static ForwarderHarness peerD()
    {
        return peerD(ctx -> {});
    }

    static ForwarderHarness peerD(final Consumer<ForwarderContext> configure)
    {
        final ForwarderHarness d = new ForwarderHarness(configure, D, 7, C, 7);
        d.link(3, C, 7, true);
        d.link(5, E, 7, true);
        return d;
    }

    static byte[] toE()
    {
        return ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(A, B), CONTENTS);
    }

    static byte[] copyWith(final byte[] frame, final int offset, final int... bytes)
    {
        final byte[] copy = frame.clone();
        for (int i = 0; i < bytes.length; i++)
        {
            copy[offset + i] = (byte)bytes[i];
        }
        return copy;
    }

    static byte[] withInt(final byte[] frame, final int offset, final int value)
    {
        return copyWith(frame, offset, value >>> 24, value >>> 16, value >>> 8, value);
    }

    static byte[] withLength(final byte[] frame, final int length)
    {
        return copyWith(frame, LENGTH_OFFSET, length >>> 16, length >>> 8, length);
    }

    static void assertNothingOut(final ForwarderHarness d)
    {
        assertTrue(d.sent(3).isEmpty(), "nothing sent to C");
        assertTrue(d.sent(5).isEmpty(), "nothing sent to E");
        assertTrue(d.delivered().isEmpty(), "nothing delivered");
    }

    /** Receive a frame that must be dropped for one reason and nothing else. */
    static void assertDropped(final ForwarderHarness d, final ForwarderCounter reason, final byte[] frame)
    {
        assertDroppedLeavingOutputs(d, reason, frame);
        assertNothingOut(d);
    }

    /** As {@link #assertDropped}, for tests that read the links and deliveries themselves. */
    static void assertDroppedLeavingOutputs(final ForwarderHarness d, final ForwarderCounter reason, final byte[] frame)
    {
        final long before = d.count(reason);
        final long received = d.count(ForwarderCounter.FRAMES_RECEIVED);
        final long outcomes = d.outcomes();
        d.receive(3, frame);
        assertEquals(received + 1, d.count(ForwarderCounter.FRAMES_RECEIVED));
        assertEquals(before + 1, d.count(reason), reason.label());
        assertEquals(outcomes + 1, d.outcomes(), "exactly one outcome");
        d.assertBalanced();
    }

    // ---------------------------------------------------------------------------------------- draft §4.1.2.3

    @Test
    void shouldForwardToEAppendingCToTheViaListAsTheDraftExampleDoes()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, toE());

            final List<byte[]> toE = d.sent(5);
            assertEquals(1, toE.size());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toE.get(0));
            assertEquals(19, h.ttl(), "TTL decremented");
            assertEquals(1, h.routeListCount());
            assertEquals(E, h.routeIdHi(0));
            assertEquals(3, h.viaListCount());
            assertEquals(A, h.viaIdHi(0));
            assertEquals(B, h.viaIdHi(1));
            assertEquals(C, h.viaIdHi(2), "the previous hop is appended to the via list");
            assertEquals(7, h.viaIdLo(2));
            assertEquals(ForwarderHarness.TRANSACTION_ID, h.transactionId());
            assertArrayEquals(CONTENTS, Arrays.copyOfRange(toE.get(0), h.contentsOffset(), toE.get(0).length));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertEquals(toE.get(0).length, d.count(ForwarderCounter.BYTES_FORWARDED));
            assertEquals(toE().length, d.count(ForwarderCounter.BYTES_RECEIVED));
            assertTrue(d.sent(3).isEmpty() && d.delivered().isEmpty());
            d.assertBalanced();
        }
    }

    @Test
    void shouldRouteTheResponseBackAlongTheReversedViaList()
    {
        try (ForwarderHarness d = peerD())
        {
            // E reverses the via list (A, B, C) and prepends D, its previous hop: route (D, C, B, A).
            d.receive(5, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, C, B, A), ids(), CONTENTS));

            final List<byte[]> toC = d.sent(3);
            assertEquals(1, toC.size());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toC.get(0));
            assertEquals(3, h.routeListCount(), "D stripped itself");
            assertEquals(C, h.routeIdHi(0));
            assertEquals(B, h.routeIdHi(1));
            assertEquals(A, h.routeIdHi(2));
            assertEquals(1, h.viaListCount());
            assertEquals(E, h.viaIdHi(0));
            assertEquals(19, h.ttl());
            assertEquals(1, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertTrue(d.sent(5).isEmpty());
            d.assertBalanced();
        }
    }

    @Test
    void shouldDeliverWhenTheRouteListIsExhaustedWithThePreviousHop()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D), ids(A, B), CONTENTS);
            d.receive(3, frame);

            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            final ForwarderHarness.Delivery delivery = deliveries.get(0);
            assertEquals(Deliveries.FRAME, delivery.type());
            assertEquals(Deliveries.REASON_LOCAL, delivery.reason());
            assertEquals(3, delivery.linkId());
            assertEquals(C, delivery.previousHi());
            assertEquals(7, delivery.previousLo());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(delivery.bytes());
            assertEquals(0, h.routeListCount());
            assertEquals(2, h.viaListCount());
            assertEquals(20, h.ttl(), "a delivered frame keeps its TTL");
            assertArrayEquals(ForwarderHarness.frame(20, Routing.RECURSIVE, ids(), ids(A, B), CONTENTS),
                delivery.bytes(), "the frame as received, less the stripped entry");
            assertTrue(d.sent(3).isEmpty() && d.sent(5).isEmpty());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_DELIVERED));
            assertEquals(1, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldDeliverAFrameWithAnEmptyRouteListAsItIs()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = ForwarderHarness.frame(0, Routing.RECURSIVE, ids(), ids(C), CONTENTS);
            d.receive(3, frame);
            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            assertArrayEquals(frame, deliveries.get(0).bytes());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_DELIVERED));
            assertEquals(0, d.count(ForwarderCounter.DROP_TTL_EXPIRED), "TTL 0 stops forwarding, not delivery");
            d.assertBalanced();
        }
    }

    @Test
    void shouldStripEveryLeadingIdThisPeerIsResponsibleForThenForwardByTheNext()
    {
        try (ForwarderHarness d = peerD())
        {
            // draft §4.1.2.1 source route: D itself, then an id D is also responsible for, then E, then A.
            final long[] route = {D, 7, D - 1, 0, E, 7, A, 7};
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, route, ids(), CONTENTS));

            final List<byte[]> toE = d.sent(5);
            assertEquals(1, toE.size());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toE.get(0));
            assertEquals(2, h.routeListCount());
            assertEquals(E, h.routeIdHi(0));
            assertEquals(A, h.routeIdHi(1));
            assertEquals(1, h.viaListCount());
            assertEquals(C, h.viaIdHi(0));
            assertEquals(2, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertTrue(d.delivered().isEmpty());
            d.assertBalanced();
        }
    }

    @Test
    void shouldSendALinkedPeersOwnIdToThatPeerEvenInsideThisPeersRange()
    {
        try (ForwarderHarness d = peerD())
        {
            // A joining peer J between C and D (draft §7.4), or a client of D (§3.2.3): D is responsible for J's id
            // by range, but J is linked, so J's own id goes to J; another id in the range is still D's.
            final long j = D - 0x100;
            d.link(9, j, 7, false);
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(j), ids(), CONTENTS));
            assertEquals(1, d.sent(9).size());
            assertTrue(d.delivered().isEmpty());
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(j - 1), ids(), CONTENTS));
            assertEquals(1, d.delivered().size());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldForwardTowardsAFarKeyByTheLargestRouterBelowIt()
    {
        try (ForwarderHarness d = peerD())
        {
            // A resource id past E: E is the largest router at or below it (draft §7.2).
            d.receive(3, ForwarderHarness.frame(20, Routing.UNSPECIFIED, ids(E + 0x100), ids(), CONTENTS));
            assertEquals(1, d.sent(5).size());
            // A key below every router wraps past 2^128: E is the largest router at or below A modulo 2^128.
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(A), ids(), CONTENTS));
            assertEquals(1, d.sent(5).size());
            // C's own id goes to C.
            d.receive(5, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(C), ids(), CONTENTS));
            assertEquals(1, d.sent(3).size());
            assertEquals(3, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    // ---------------------------------------------------------------------------------------- compression

    @Test
    void shouldExpandAPrivateIdIntoTheRouteItStandsForAsTheDraftExampleDoes()
    {
        try (ForwarderHarness d = peerD())
        {
            // draft §4.1.2.3.3: D compressed the via list (A, B, C) into X; E answers with route (D, X), and D
            // "MUST detect that X is a compressed entry, recover the via list (A, B, C), and reverse that to
            // produce the correct route list (C, B, A) before sending it to C".
            assertTrue(d.proxy.addCompression(X, 7, his(C, B, A), sevens(3), 3));
            d.work();
            d.receive(5, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, X), ids(), CONTENTS));

            final List<byte[]> toC = d.sent(3);
            assertEquals(1, toC.size());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toC.get(0));
            assertEquals(3, h.routeListCount());
            assertEquals(C, h.routeIdHi(0));
            assertEquals(B, h.routeIdHi(1));
            assertEquals(A, h.routeIdHi(2));
            assertEquals(7, h.routeIdLo(2));
            assertEquals(1, h.viaListCount());
            assertEquals(E, h.viaIdHi(0));
            assertArrayEquals(CONTENTS, Arrays.copyOfRange(toC.get(0), h.contentsOffset(), toC.get(0).length));
            assertEquals(1, d.count(ForwarderCounter.PRIVATE_IDS_EXPANDED));
            assertEquals(1, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldReExamineAnExpandedRouteWhichMayBeForThisPeer()
    {
        try (ForwarderHarness d = peerD())
        {
            // X stands for (D, Y) and Y for (E): expand, strip D, expand again, forward to E.
            assertTrue(d.proxy.addCompression(X, 7, his(D, Y), sevens(2), 2));
            assertTrue(d.proxy.addCompression(Y, 7, his(E), sevens(1), 1));
            d.work();
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(X), ids(), CONTENTS));

            final List<byte[]> toE = d.sent(5);
            assertEquals(1, toE.size());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toE.get(0));
            assertEquals(1, h.routeListCount());
            assertEquals(E, h.routeIdHi(0));
            assertEquals(2, d.count(ForwarderCounter.PRIVATE_IDS_EXPANDED));
            assertEquals(1, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldDropAFrameWhosePrivateIdsExpandInALoop()
    {
        try (ForwarderHarness d = peerD())
        {
            assertTrue(d.proxy.addCompression(X, 7, his(Y), sevens(1), 1));
            assertTrue(d.proxy.addCompression(Y, 7, his(X), sevens(1), 1));
            d.work();
            assertDropped(d, ForwarderCounter.DROP_NO_ROOM,
                ForwarderHarness.frame(20, Routing.RECURSIVE, ids(X), ids(), CONTENTS));
            assertEquals(Forwarder.MAX_EXPANSIONS_PER_FRAME, d.count(ForwarderCounter.PRIVATE_IDS_EXPANDED));
        }
    }

    @Test
    void shouldRouteAPrivateIdAsAnOrdinaryIdOnceItsEntryIsRemoved()
    {
        try (ForwarderHarness d = peerD())
        {
            assertTrue(d.proxy.addCompression(E + 1, 7, his(C), sevens(1), 1));
            assertTrue(d.proxy.removeCompression(E + 1, 7));
            d.work();
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E + 1), ids(), CONTENTS));
            assertEquals(1, d.sent(5).size(), "E + 1 is routed to E, the largest router below it");
            assertEquals(0, d.count(ForwarderCounter.PRIVATE_IDS_EXPANDED));
            d.assertBalanced();
        }
    }

    // ---------------------------------------------------------------------------------------- fragments, route log

    @Test
    void shouldForwardAFragmentWithItsFragmentBitsAndContentsUnchanged()
    {
        try (ForwarderHarness d = peerD())
        {
            for (final boolean last : new boolean[] {false, true})
            {
                // FRAG, LFRG and a 14-bit fragment offset of 0x2A5B
                final byte[] frame = copyWith(ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(A), CONTENTS),
                    FRAGMENT_OFFSET, 0x80 | (last ? 0x40 : 0) | 0x2A, 0x5B);
                d.receive(3, frame);

                final List<byte[]> out = d.sent(5);
                assertEquals(1, out.size());
                final byte[] forwarded = out.get(0);
                assertEquals(frame[FRAGMENT_OFFSET], forwarded[FRAGMENT_OFFSET], "FRAG, LFRG and offset high bits");
                assertEquals(frame[FRAGMENT_OFFSET + 1], forwarded[FRAGMENT_OFFSET + 1], "offset low bits");
                final ForwardingHeaderFlyweight h = ForwarderHarness.parse(forwarded);
                assertTrue(h.isFragment());
                assertEquals(last, h.isLastFragment());
                assertEquals(0x2A5B, h.fragmentOffset());
                assertArrayEquals(CONTENTS, Arrays.copyOfRange(forwarded, h.contentsOffset(), forwarded.length),
                    "intermediate peers SHOULD NOT reassemble (draft §4.1.3)");
            }
            assertEquals(2, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldDeliverAFragmentAddressedHereWholeForReassemblyAbove()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] fragment = copyWith(
                ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D), ids(A, B), CONTENTS), FRAGMENT_OFFSET, 0xC0, 3);
            d.receive(3, fragment);

            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            final byte[] expected = copyWith(
                ForwarderHarness.frame(20, Routing.RECURSIVE, ids(), ids(A, B), CONTENTS), FRAGMENT_OFFSET, 0xC0, 3);
            assertArrayEquals(expected, deliveries.get(0).bytes());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_DELIVERED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldAppendThisPeersRouteLogEntryWhenRouteLogIsSet()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] entry = ForwarderHarness.routeLogEntry("relo 0.1", D, 7, 7004);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            d.work();
            final byte[] frame = ForwarderHarness.frame(
                new ForwardingHeaderEncoder(), 1, 20, Routing.RECURSIVE, ids(E), ids(), new byte[0], CONTENTS);
            d.receive(3, frame);

            final List<byte[]> out = d.sent(5);
            assertEquals(1, out.size());
            final byte[] forwarded = out.get(0);
            assertEquals(frame.length + 16 + entry.length, forwarded.length, "one via id and one route log entry");
            final List<long[]> log = ForwarderHarness.routeLogIds(forwarded);
            assertEquals(1, log.size());
            assertArrayEquals(new long[] {D, 7}, log.get(0));
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(forwarded);
            assertArrayEquals(entry, Arrays.copyOfRange(forwarded, h.routeLogOffset() + 2, h.contentsOffset()));
            assertArrayEquals(CONTENTS, Arrays.copyOfRange(forwarded, h.contentsOffset(), forwarded.length));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldAppendNoRouteLogEntryWhenRouteLogIsClear()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] entry = ForwarderHarness.routeLogEntry("relo 0.1", D, 7, 7004);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            d.work();
            final byte[] frame = toE();
            d.receive(3, frame);

            final List<byte[]> out = d.sent(5);
            assertEquals(1, out.size());
            assertEquals(frame.length + 16, out.get(0).length, "only the via id grows the frame");
            assertFalse(ForwarderHarness.parse(out.get(0)).routeLogFlag());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldLogEachHopOfATwoHopChainInOrder()
    {
        // C (stub) -> D -> E -> F (stub), D and E real forwarders sharing one in-memory network.
        final InMemoryNetwork network = new InMemoryNetwork();
        try (ForwarderHarness d = new ForwarderHarness(network, 0, ctx -> {}, D, 7, C, 7);
            ForwarderHarness e = new ForwarderHarness(network, 1000, ctx -> {}, E, 7, D, 7))
        {
            d.link(3, C, 7, true);
            d.link(5, E, 7, true, 500, 501);
            e.link(4, D, 7, true, 501, 500);
            e.link(6, F, 7, true);
            final byte[] entryD = ForwarderHarness.routeLogEntry("relo D", D, 7, 7004);
            final byte[] entryE = ForwarderHarness.routeLogEntry("relo E", E, 7, 7005);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entryD), 0, entryD.length));
            assertTrue(e.proxy.setRouteLogEntry(new UnsafeBuffer(entryE), 0, entryE.length));
            d.work();
            e.work();

            d.receive(3, ForwarderHarness.frame(
                new ForwardingHeaderEncoder(), 1, 20, Routing.RECURSIVE, ids(F), ids(), new byte[0], CONTENTS));
            e.work();

            final List<byte[]> toF = e.sent(6);
            assertEquals(1, toF.size());
            final List<long[]> log = ForwarderHarness.routeLogIds(toF.get(0));
            assertEquals(2, log.size());
            assertArrayEquals(new long[] {D, 7}, log.get(0), "the first hop's entry first (draft §4.1.4)");
            assertArrayEquals(new long[] {E, 7}, log.get(1));
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(toF.get(0));
            assertEquals(2, h.viaListCount());
            assertEquals(C, h.viaIdHi(0));
            assertEquals(D, h.viaIdHi(1));
            assertEquals(18, h.ttl());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertEquals(1, e.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
            e.assertBalanced();
        }
    }

    // ---------------------------------------------------------------------------------------- routing types

    @Test
    void shouldHandAnIterativeRequestToTheControlPlaneNamingTheNextHop()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(20, Routing.ITERATIVE, ids(E + 5), ids(A), CONTENTS));

            assertTrue(d.sent(5).isEmpty() && d.sent(3).isEmpty(), "nothing forwarded");
            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            final ForwarderHarness.Delivery delivery = deliveries.get(0);
            assertEquals(Deliveries.REASON_ITERATIVE, delivery.reason());
            assertEquals(E, delivery.nextHi());
            assertEquals(7, delivery.nextLo());
            assertEquals(C, delivery.previousHi());
            assertEquals(3, delivery.linkId());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_TO_CONTROL));
            assertEquals(0, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldDeliverAnIterativeRequestAddressedToThisPeer()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(20, Routing.ITERATIVE, ids(D), ids(), CONTENTS));
            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            assertEquals(Deliveries.REASON_LOCAL, deliveries.get(0).reason());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_DELIVERED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldHandARoutingTypeItWillNotPerformToTheControlPlaneFor499()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(20, 7, ids(E), ids(), CONTENTS));

            assertTrue(d.sent(5).isEmpty());
            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            assertEquals(Deliveries.REASON_ROUTING_REFUSED, deliveries.get(0).reason());
            assertEquals(3, deliveries.get(0).linkId());
            assertEquals(1, d.count(ForwarderCounter.FRAMES_TO_CONTROL));
            d.assertBalanced();
        }
    }

    // ---------------------------------------------------------------------------------------- STUN and DTLS

    static byte[] stunBindingRequest()
    {
        final byte[] stun = new byte[20];
        stun[1] = 0x01; // Binding request
        stun[4] = 0x21;
        stun[5] = 0x12;
        stun[6] = (byte)0xA4;
        stun[7] = 0x42;
        for (int i = 8; i < 20; i++)
        {
            stun[i] = (byte)i;
        }
        return stun;
    }

    @Test
    void shouldHandStunAndDtlsOnALinkToTheControlPlane()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] stun = stunBindingRequest();
            final byte[] dtls = {22, (byte)0xFE, (byte)0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
            d.receive(3, stun);
            d.receive(5, dtls);

            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(2, deliveries.size());
            assertEquals(Deliveries.STUN, deliveries.get(0).type());
            assertEquals(3, deliveries.get(0).linkId());
            assertArrayEquals(stun, deliveries.get(0).bytes());
            assertEquals(Deliveries.DTLS, deliveries.get(1).type());
            assertEquals(5, deliveries.get(1).linkId());
            assertArrayEquals(dtls, deliveries.get(1).bytes());
            assertEquals(1, d.count(ForwarderCounter.STUN_TO_CONTROL));
            assertEquals(1, d.count(ForwarderCounter.DTLS_TO_CONTROL));
            assertTrue(d.sent(3).isEmpty() && d.sent(5).isEmpty());
            d.assertBalanced();
        }
    }

    // ---------------------------------------------------------------------------------------- drops

    @Test
    void shouldDropFrameWhenTtlReachesZero()
    {
        try (ForwarderHarness d = peerD())
        {
            assertDropped(d, ForwarderCounter.DROP_TTL_EXPIRED,
                ForwarderHarness.frame(0, Routing.RECURSIVE, ids(E), ids(), CONTENTS));
        }
    }

    @Test
    void shouldForwardAFrameWithTtlOneAsTtlZero()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(1, Routing.RECURSIVE, ids(E), ids(), CONTENTS));
            assertEquals(0, ForwarderHarness.parse(d.sent(5).get(0)).ttl());
            d.assertBalanced();
        }
    }

    @Test
    void shouldDropAFrameWithBadMagic()
    {
        try (ForwarderHarness d = peerD())
        {
            assertDropped(d, ForwarderCounter.DROP_BAD_MAGIC, copyWith(toE(), 3, 'X'));
        }
    }

    @Test
    void shouldDropAFrameOfAnOverlayThisPeerDoesNotServe()
    {
        try (ForwarderHarness d = peerD())
        {
            assertDropped(d, ForwarderCounter.DROP_UNKNOWN_OVERLAY,
                withInt(toE(), OVERLAY_OFFSET, OverlayName.hash("other.example.org")));
        }
    }

    @Test
    void shouldServeEveryOverlayItWasGiven()
    {
        try (ForwarderHarness d = peerD())
        {
            final int other = OverlayName.hash("other.example.org");
            assertTrue(d.proxy.addOverlay(other));
            d.work();
            d.receive(3, withInt(toE(), OVERLAY_OFFSET, other));
            assertEquals(1, d.sent(5).size());
            d.assertBalanced();
        }
    }

    @Test
    void shouldDropAFrameOfAnotherVersion()
    {
        try (ForwarderHarness d = peerD())
        {
            assertDropped(d, ForwarderCounter.DROP_BAD_VERSION, copyWith(toE(), VERSION_OFFSET, 2));
            assertDropped(d, ForwarderCounter.DROP_BAD_VERSION, copyWith(toE(), VERSION_OFFSET, 0x80));
        }
    }

    @Test
    void shouldDropAFrameWhoseLengthDisagreesWithTheDatagram()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = toE();
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, withLength(frame, frame.length + 1));
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, withLength(frame, frame.length - 1));
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, withLength(frame, 0));
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, Arrays.copyOf(frame, frame.length - 1));
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, Arrays.copyOf(frame, 27));
            assertDropped(d, ForwarderCounter.DROP_BAD_LENGTH, new byte[0]);
        }
    }

    @Test
    void shouldDropAFrameWhoseListsOrRouteLogOverrunIt()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = toE();
            assertDropped(d, ForwarderCounter.DROP_LIST_OVERRUN, copyWith(frame, ROUTE_LIST_LENGTH_OFFSET, 200));
            assertDropped(d, ForwarderCounter.DROP_LIST_OVERRUN, copyWith(frame, VIA_LIST_LENGTH_OFFSET, 200));
            // ROUTE-LOG set with no route log: the contents' first two bytes ("me") read as a length of 28005.
            assertDropped(d, ForwarderCounter.DROP_LIST_OVERRUN, copyWith(frame, FLAGS_OFFSET + 1, 1));
            // a route log length over the draft's bound of 65000
            final byte[] overBound = copyWith(frame, FLAGS_OFFSET + 1, 1);
            final int routeLog = ForwarderHarness.parse(frame).contentsOffset();
            overBound[routeLog] = (byte)0xFF;
            overBound[routeLog + 1] = (byte)0xFF;
            assertDropped(d, ForwarderCounter.DROP_LIST_OVERRUN, overBound);
        }
    }

    @Test
    void shouldDropAFrameWithNoRouteTowardsItsKey()
    {
        try (ForwarderHarness d = new ForwarderHarness(D, 7, C, 7))
        {
            d.link(3, C, 7, false);
            d.link(5, E, 7, false);
            assertDropped(d, ForwarderCounter.DROP_NO_ROUTE,
                ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E + 1), ids(), CONTENTS));
            // addressed to a connected peer itself, a plain connection carries it (draft §5.1.2)
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(), CONTENTS));
            assertEquals(1, d.sent(5).size());
            d.assertBalanced();
        }
    }

    @Test
    void shouldDropAFrameWhenTheViaListIsAlreadyFull()
    {
        try (ForwarderHarness d = peerD())
        {
            final long[] via = new long[2 * ForwardingHeaderDescriptor.MAX_LIST_COUNT];
            Arrays.fill(via, 9);
            assertDropped(d, ForwarderCounter.DROP_NO_ROOM,
                ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), via, CONTENTS));
        }
    }

    @Test
    void shouldDropAFrameWhenTheHeadroomCannotTakeTheViaId()
    {
        try (ForwarderHarness d = peerD(ctx -> ctx.headroom(8)))
        {
            assertDropped(d, ForwarderCounter.DROP_NO_ROOM, toE());
        }
    }

    @Test
    void shouldDropAFrameWhenTheHeadroomCannotTakeTheRouteLogEntry()
    {
        try (ForwarderHarness d = peerD(ctx -> ctx.headroom(24)))
        {
            final byte[] entry = ForwarderHarness.routeLogEntry("relo 0.1", D, 7, 7004);
            assertTrue(d.proxy.setRouteLogEntry(new UnsafeBuffer(entry), 0, entry.length));
            d.work();
            assertDropped(d, ForwarderCounter.DROP_NO_ROOM, ForwarderHarness.frame(
                new ForwardingHeaderEncoder(), 1, 20, Routing.RECURSIVE, ids(E), ids(), new byte[0], CONTENTS));
        }
    }

    @Test
    void shouldDropWhatIsNeitherReloadNorStunNorDtls()
    {
        try (ForwarderHarness d = peerD())
        {
            assertDropped(d, ForwarderCounter.DROP_UNKNOWN_PROTOCOL, new byte[] {(byte)0xFF, 1, 2, 3});
            assertDropped(d, ForwarderCounter.DROP_UNKNOWN_PROTOCOL, "GET / HTTP/1.1\r\n".getBytes());
            final byte[] noCookie = stunBindingRequest();
            noCookie[4] = 0;
            assertDropped(d, ForwarderCounter.DROP_UNKNOWN_PROTOCOL, noCookie);
        }
    }

    @Test
    void shouldDropWhenTheControlPlaneQueueIsFull()
    {
        final int capacity = 1024 * 1024;
        try (ForwarderHarness d = peerD(ctx -> ctx.deliveryBuffer(new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64))))))
        {
            final byte[] big = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D), ids(), new byte[60_000]);
            // each delivery is a ring record: 8-byte record header, delivery header, frame less D's entry
            final int record = BitUtil.align(8 + Deliveries.FRAME_FRAME + big.length - 16, 8);
            final int fits = capacity / record;
            for (int i = 0; i < fits; i++)
            {
                d.receive(3, big);
            }
            assertEquals(fits, d.count(ForwarderCounter.FRAMES_DELIVERED));
            assertDroppedLeavingOutputs(d, ForwarderCounter.DROP_QUEUE_FULL, big);
            assertEquals(fits, d.delivered().size(), "the control plane finds what fitted");
            assertTrue(d.sent(3).isEmpty() && d.sent(5).isEmpty());
            d.receive(3, big);
            assertEquals(fits + 1, d.count(ForwarderCounter.FRAMES_DELIVERED), "room again once read");
            d.assertBalanced();
        }
    }

    @Test
    void shouldRefuseADeliveryRingTooSmallForTheLargestFrame()
    {
        final ForwarderContext ctx = new ForwarderContext().deliveryBuffer(new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(4096 + RingBufferDescriptor.TRAILER_LENGTH, 64))));
        final IllegalStateException ex = assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains("delivery ring buffer"), ex.getMessage());
    }

    @Test
    void shouldDropWhenTheNextHopLinkIsFull()
    {
        try (ForwarderHarness d = new ForwarderHarness(new InMemoryNetwork(4096), 0, ctx -> {}, D, 7, C, 7))
        {
            d.link(3, C, 7, true);
            d.link(5, E, 7, true);
            final UnsafeBuffer junk = new UnsafeBuffer(new byte[200]);
            int filled = 0;
            for (final int size : new int[] {200, 1})
            {
                while (d.network.pipe(d.outPipe(5)).ring().write(1, junk, 0, size))
                {
                    filled++;
                }
            }
            assertDroppedLeavingOutputs(d, ForwarderCounter.DROP_BACK_PRESSURE, toE());
            assertEquals(filled, d.sent(5).size(), "only the junk that filled the pipe");
            assertTrue(d.sent(3).isEmpty() && d.delivered().isEmpty());
        }
    }

    @Test
    void shouldDropAFrameLargerThanTheNextHopLinkCanEverTakeWithoutThrowing()
    {
        try (ForwarderHarness d = new ForwarderHarness(new InMemoryNetwork(4096), 0, ctx -> {}, D, 7, C, 7))
        {
            d.link(3, C, 7, true);
            d.link(5, E, 7, true);
            // a 4 KiB pipe takes messages of at most 512 bytes: a 500-byte frame gets in, and grows by a via id
            final byte[] fits = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(), new byte[400]);
            d.receive(3, fits);
            assertEquals(1, d.sent(5).size());
            final byte[] growsTooBig = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(A), new byte[440]);
            assertEquals(500, growsTooBig.length);
            assertDropped(d, ForwarderCounter.DROP_BACK_PRESSURE, growsTooBig);
        }
    }

    @Test
    void shouldDropAReloadFrameFromAnAddressWithNoLink() throws IOException
    {
        try (ForwarderHarness d = new ForwarderHarness(
            ctx -> ctx.udpListenAddress(new InetSocketAddress("127.0.0.1", 0)), D, 7, C, 7);
            DatagramChannel linked = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)))
        {
            final InetSocketAddress linkedAddress = (InetSocketAddress)linked.getLocalAddress();
            assertTrue(d.proxy.addUdpLink(3, C, 7, true, "127.0.0.1", linkedAddress.getPort()));
            d.work();
            assertEquals("udp 127.0.0.1:" + linkedAddress.getPort(), d.forwarder.link(3).describe());
            d.link(5, E, 7, true);

            stranger.send(ByteBuffer.wrap(toE()), d.forwarder.udpAddress());
            workUntil(d, () -> d.count(ForwarderCounter.FRAMES_RECEIVED) == 1, "the stranger's frame");
            assertEquals(1, d.count(ForwarderCounter.DROP_UNKNOWN_SENDER));
            assertTrue(d.sent(5).isEmpty());

            // the same frame from the linked peer's address is C's, and goes on to E
            linked.send(ByteBuffer.wrap(toE()), d.forwarder.udpAddress());
            workUntil(d, () -> d.count(ForwarderCounter.FRAMES_RECEIVED) == 2, "the linked peer's frame");
            final List<byte[]> toE = d.sent(5);
            assertEquals(1, toE.size());
            assertEquals(C, ForwarderHarness.parse(toE.get(0)).viaIdHi(2), "the UDP link names the previous hop");
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldHandAReloadFrameFromAnAddressWithNoLinkToTheControlPlaneOnlyInLabMode() throws IOException
    {
        try (ForwarderHarness d = new ForwarderHarness(
            ctx -> ctx.udpListenAddress(new InetSocketAddress("127.0.0.1", 0)).acceptUnlinkedFrames(true), D, 7, C, 7);
            DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)))
        {
            final int port = ((InetSocketAddress)stranger.getLocalAddress()).getPort();
            final byte[] frame = toE();
            stranger.send(ByteBuffer.wrap(frame), d.forwarder.udpAddress());
            workUntil(d, () -> d.count(ForwarderCounter.FRAMES_RECEIVED) == 1, "the stranger's frame");

            final List<byte[]> seen = new ArrayList<>();
            d.ctx.deliveryBuffer().read((type, buffer, index, length) ->
            {
                assertEquals(Deliveries.UNLINKED_FRAME, type);
                assertEquals(-1, buffer.getInt(index + Deliveries.DATAGRAM_LINK_ID));
                assertEquals(port, buffer.getInt(index + Deliveries.DATAGRAM_PORT));
                final byte[] bytes = new byte[buffer.getInt(index + Deliveries.DATAGRAM_LENGTH)];
                buffer.getBytes(index + Deliveries.DATAGRAM_DATA, bytes);
                seen.add(bytes);
            });
            assertEquals(1, seen.size());
            assertArrayEquals(frame, seen.get(0), "handed over untouched");
            assertEquals(1, d.count(ForwarderCounter.UNLINKED_TO_CONTROL));
            assertEquals(0, d.count(ForwarderCounter.DROP_UNKNOWN_SENDER));
            d.assertBalanced();
        }
    }

    @Test
    void shouldHandStunFromAnAddressWithNoLinkToTheControlPlaneWithTheSender() throws IOException
    {
        try (ForwarderHarness d = new ForwarderHarness(
            ctx -> ctx.udpListenAddress(new InetSocketAddress("127.0.0.1", 0)), D, 7, C, 7);
            DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)))
        {
            final int port = ((InetSocketAddress)stranger.getLocalAddress()).getPort();
            stranger.send(ByteBuffer.wrap(stunBindingRequest()), d.forwarder.udpAddress());
            stranger.send(ByteBuffer.wrap(new byte[] {23, (byte)0xFE, (byte)0xFD, 0}), d.forwarder.udpAddress());
            workUntil(d, () -> d.count(ForwarderCounter.FRAMES_RECEIVED) == 2, "STUN and DTLS");

            final List<int[]> seen = new ArrayList<>();
            d.ctx.deliveryBuffer().read((type, buffer, index, length) ->
            {
                seen.add(new int[] {type, buffer.getInt(index + Deliveries.DATAGRAM_LINK_ID),
                    buffer.getInt(index + Deliveries.DATAGRAM_PORT),
                    buffer.getInt(index + Deliveries.DATAGRAM_ADDRESS + 12, ByteOrder.BIG_ENDIAN),
                    buffer.getShort(index + Deliveries.DATAGRAM_ADDRESS + 10)});
            });
            assertEquals(2, seen.size());
            assertArrayEquals(new int[] {Deliveries.STUN, -1, port, 0x7F000001, -1}, seen.get(0),
                "type, no link, sender port, 127.0.0.1 as IPv4-mapped IPv6");
            assertArrayEquals(new int[] {Deliveries.DTLS, -1, port, 0x7F000001, -1}, seen.get(1));
            assertEquals(1, d.count(ForwarderCounter.STUN_TO_CONTROL));
            assertEquals(1, d.count(ForwarderCounter.DTLS_TO_CONTROL));
            d.assertBalanced();
        }
    }

    static void workUntil(final ForwarderHarness d, final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out after 5 s waiting for " + what + "; counters: " + d.describeCounters());
            }
            d.forwarder.doWork();
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------------------------------- commands

    @Test
    void shouldSendAFrameUnchangedOnALinkForTheControlPlane()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(A), ids(), CONTENTS);
            assertTrue(d.proxy.sendOnLink(5, new UnsafeBuffer(frame), 0, frame.length));
            d.work();
            final List<byte[]> out = d.sent(5);
            assertEquals(1, out.size());
            assertArrayEquals(frame, out.get(0), "sent as it is, whatever its route list says");
            assertEquals(1, d.count(ForwarderCounter.FRAMES_ORIGINATED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            assertEquals(0, d.count(ForwarderCounter.FRAMES_RECEIVED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldRouteAFrameThisPeerOriginatesWithoutTouchingTtlOrVia()
    {
        try (ForwarderHarness d = peerD())
        {
            final byte[] frame = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D, E, F), ids(), CONTENTS);
            assertTrue(d.proxy.routeFrame(new UnsafeBuffer(frame), 0, frame.length));
            d.work();
            final List<byte[]> out = d.sent(5);
            assertEquals(1, out.size());
            assertArrayEquals(ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E, F), ids(), CONTENTS), out.get(0),
                "D stripped itself and added nothing: the via list starts empty (draft §4.1)");
            assertEquals(1, d.count(ForwarderCounter.FRAMES_ORIGINATED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
            d.assertBalanced();

            // a frame that resolves to this peer is delivered with no link
            final byte[] self = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(D), ids(), CONTENTS);
            assertTrue(d.proxy.routeFrame(new UnsafeBuffer(self), 0, self.length));
            d.work();
            final List<ForwarderHarness.Delivery> deliveries = d.delivered();
            assertEquals(1, deliveries.size());
            assertEquals(-1, deliveries.get(0).linkId());
            assertEquals(2, d.count(ForwarderCounter.FRAMES_ORIGINATED));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_DELIVERED));
            d.assertBalanced();
        }
    }

    @Test
    void shouldCountAnOriginatedFrameWithNoRouteAsADrop()
    {
        try (ForwarderHarness d = new ForwarderHarness(D, 7, C, 7))
        {
            final byte[] frame = ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(), CONTENTS);
            assertTrue(d.proxy.routeFrame(new UnsafeBuffer(frame), 0, frame.length));
            d.work();
            assertEquals(1, d.count(ForwarderCounter.FRAMES_ORIGINATED));
            assertEquals(1, d.count(ForwarderCounter.DROP_NO_ROUTE));
            d.assertBalanced();
        }
    }

    @Test
    void shouldRefuseCommandsItCannotApplyAndLogWhy(@TempDir final File dir)
    {
        try (ForwarderHarness d = peerD(ctx -> ctx.dir(dir)))
        {
            final long applied = d.count(ForwarderCounter.COMMANDS_APPLIED);
            assertTrue(d.proxy.addMemoryLink(3, F, 7, true, 90, 91));
            assertTrue(d.proxy.addMemoryLink(300, F, 7, true, 92, 93));
            assertTrue(d.proxy.addCompression(X, 7, new long[0], new long[0], 0));
            final byte[] garbage = {'R', 'E', 'L', 'O', 0, 0};
            assertTrue(d.proxy.routeFrame(new UnsafeBuffer(garbage), 0, garbage.length));
            assertTrue(d.proxy.removeLink(77));
            d.work();

            assertEquals(applied, d.count(ForwarderCounter.COMMANDS_APPLIED));
            assertEquals(5, d.count(ForwarderCounter.DROP_BAD_COMMAND));
            assertEquals(5, d.count(ForwarderCounter.ERRORS));
            assertEquals(C, d.forwarder.link(3).peerHi(), "link 3 still leads to C");
            assertEquals(0, d.count(ForwarderCounter.FRAMES_ORIGINATED), "a refused frame is not taken in");

            final StringBuilder log = new StringBuilder();
            final int distinct = ErrorLogReader.read(d.ctx.countersFile().errorLog(),
                (count, first, last, text) -> log.append(text).append('\n'));
            assertEquals(5, distinct, log.toString());
            final String text = log.toString();
            assertTrue(text.contains("link id 3 is in use (memory); remove it first"), text);
            assertTrue(text.contains("link id 300 is outside 0..255"), text);
            assertTrue(text.contains("a private id stands for 1 to 32 ids, not 0"), text);
            assertTrue(text.contains("control plane frame refused"), text);
            assertTrue(text.contains("no link 77 to remove"), text);
            d.assertBalanced();
        }
    }
}
