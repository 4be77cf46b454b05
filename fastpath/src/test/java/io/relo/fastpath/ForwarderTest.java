package io.relo.fastpath;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.fastpath.command.Deliveries;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarding rules of draft §4.1.2.3, on one forwarder with stub peers.
 */
class ForwarderTest
{
    // Peers of the draft's example in §4.1.2.3.3, placed around the ring in order A < B < C < D < E.
    static final long A = 0x1000_0000_0000_0000L;
    static final long B = 0x2000_0000_0000_0000L;
    static final long C = 0x3000_0000_0000_0000L;
    static final long D = 0x4000_0000_0000_0000L;
    static final long E = 0x5000_0000_0000_0000L;
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

    /** Forwarder D, responsible for (C, D], linked to C (link 3) and E (link 5). */
    static ForwarderHarness peerD()
    {
        final ForwarderHarness d = new ForwarderHarness(D, 7, C, 7);
        d.link(3, C, 7, true);
        d.link(5, E, 7, true);
        return d;
    }

    @Test
    void shouldForwardToEAppendingCToTheViaListAsTheDraftExampleDoes()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(20, Routing.RECURSIVE, ids(E), ids(A, B), CONTENTS));

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
            assertArrayEquals(CONTENTS, Arrays.copyOfRange(toE.get(0), h.contentsOffset(), toE.get(0).length));
            assertEquals(1, d.count(ForwarderCounter.FRAMES_FORWARDED));
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
            assertEquals(1, d.count(ForwarderCounter.ROUTE_IDS_STRIPPED));
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
            assertEquals(Deliveries.REASON_LOCAL, delivery.reason());
            assertEquals(3, delivery.linkId());
            assertEquals(C, delivery.previousHi());
            final ForwardingHeaderFlyweight h = ForwarderHarness.parse(delivery.bytes());
            assertEquals(0, h.routeListCount());
            assertEquals(2, h.viaListCount());
            assertEquals(20, h.ttl(), "a delivered frame keeps its TTL");
            assertTrue(d.sent(3).isEmpty() && d.sent(5).isEmpty());
        }
    }

    @Test
    void shouldDropFrameWhenTtlReachesZero()
    {
        try (ForwarderHarness d = peerD())
        {
            d.receive(3, ForwarderHarness.frame(0, Routing.RECURSIVE, ids(E), ids(), CONTENTS));
            assertTrue(d.sent(5).isEmpty());
            assertEquals(1, d.count(ForwarderCounter.DROP_TTL_EXPIRED));
        }
    }
}
