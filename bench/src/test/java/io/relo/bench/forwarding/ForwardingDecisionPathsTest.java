package io.relo.bench.forwarding;

import io.relo.bench.codec.baseline.MalformedMessageException;
import io.relo.bench.forwarding.baseline.ObjectForwardingDecision;
import io.relo.bench.forwarding.baseline.ObjectRoutingTable;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.fastpath.RoutingTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingDecisionPathsTest
{
    private final DecisionFixture fixture = new DecisionFixture();
    private final FlyweightForwardingDecision flyweight =
        new FlyweightForwardingDecision(fixture.routingTable(), BenchFrame.OVERLAY_HASH);
    private final ObjectForwardingDecision object =
        new ObjectForwardingDecision(fixture.objectRoutingTable(), BenchFrame.OVERLAY_HASH);
    private final UnsafeBuffer buffer = fixture.buffer();

    @Test
    void shouldChooseTheSameLinkAndWriteTheSameFrameOnBothPaths() throws MalformedMessageException
    {
        final int length = fixture.frameLength();
        for (int i = 0; i < DecisionFixture.DESTINATIONS; i++)
        {
            fixture.restore(i);
            final ObjectForwardingDecision.Decision baseline = object.forward(datagram(length), fixture.previousHop());
            fixture.restore(i);
            final int link = flyweight.forward(
                buffer, DecisionFixture.FRAME_OFFSET, length, fixture.previousHi(), fixture.previousLo());

            assertTrue(link >= 0 && link < DecisionFixture.TABLE_SIZE, "destination " + i + ": " + link);
            assertEquals(baseline.link(), link, "destination " + i);
            final ForwardingHeaderFlyweight header = flyweight.header();
            final byte[] rewritten = new byte[header.frameLength()];
            buffer.getBytes(header.offset(), rewritten);
            assertArrayEquals(baseline.frame(), rewritten, "destination " + i);

            // the draft §4.1.2.3.3 rewrite: TTL down by one, previous hop appended, everything else as it came
            assertEquals(length + 16, rewritten.length);
            assertEquals(DecisionFixture.FRAME_OFFSET - 16, header.offset());
            assertEquals(BenchFrame.INITIAL_TTL - 1, header.ttl());
            assertEquals(DecisionFixture.VIA_BEFORE + 1, header.viaListCount());
            assertEquals(fixture.previousHi(), header.viaIdHi(DecisionFixture.VIA_BEFORE));
            assertEquals(fixture.previousLo(), header.viaIdLo(DecisionFixture.VIA_BEFORE));
        }
    }

    @Test
    void shouldRouteEveryIdAlikeInBothTables()
    {
        final RoutingTable table = fixture.routingTable();
        final ObjectRoutingTable objectTable = fixture.objectRoutingTable();
        final Random random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long hi = random.nextLong();
            final long lo = random.nextLong();
            final java.math.BigInteger id = ObjectRoutingTable.id(hi, lo);
            assertEquals(table.isResponsible(hi, lo), objectTable.isResponsible(id), id.toString(16));
            assertEquals(table.nextHop(hi, lo), objectTable.nextHop(id).link(), id.toString(16));
        }
    }

    @Test
    void shouldRefuseTheSameFramesOnBothPaths() throws MalformedMessageException
    {
        final int length = fixture.frameLength();
        for (int cut = 0; cut < length; cut++)
        {
            fixture.restore(0);
            final int truncated = cut;
            assertEquals(FlyweightForwardingDecision.BAD_FRAME, flyweight.forward(
                buffer, DecisionFixture.FRAME_OFFSET, truncated, fixture.previousHi(), fixture.previousLo()));
            assertThrows(MalformedMessageException.class,
                () -> object.forward(datagram(truncated), fixture.previousHop()), "cut to " + truncated);
        }

        fixture.restore(0);
        buffer.putByte(DecisionFixture.FRAME_OFFSET + ForwardingHeaderDescriptor.TTL_OFFSET, (byte)0);
        assertEquals(FlyweightForwardingDecision.TTL_EXPIRED, object.forward(datagram(length), fixture.previousHop())
            .link());
        assertEquals(FlyweightForwardingDecision.TTL_EXPIRED, flyweight.forward(
            buffer, DecisionFixture.FRAME_OFFSET, length, fixture.previousHi(), fixture.previousLo()));

        fixture.restore(0);
        buffer.putInt(DecisionFixture.FRAME_OFFSET + ForwardingHeaderDescriptor.OVERLAY_OFFSET, 0x0BAD0BAD);
        assertEquals(FlyweightForwardingDecision.UNKNOWN_OVERLAY,
            object.forward(datagram(length), fixture.previousHop()).link());
        assertEquals(FlyweightForwardingDecision.UNKNOWN_OVERLAY, flyweight.forward(
            buffer, DecisionFixture.FRAME_OFFSET, length, fixture.previousHi(), fixture.previousLo()));
        fixture.restore(0);
        buffer.putInt(DecisionFixture.FRAME_OFFSET + ForwardingHeaderDescriptor.OVERLAY_OFFSET,
            BenchFrame.OVERLAY_HASH, java.nio.ByteOrder.BIG_ENDIAN);
    }

    @Test
    void shouldNotAllocateOnTheFlyweightPath()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int length = fixture.frameLength();
        int links = 0;
        for (int i = 0; i < 50_000; i++)
        {
            fixture.restore(i & 15);
            links += flyweight.forward(
                buffer, DecisionFixture.FRAME_OFFSET, length, fixture.previousHi(), fixture.previousLo());
        }
        final int decisions = 200_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < decisions; i++)
        {
            fixture.restore(i & 15);
            links += flyweight.forward(
                buffer, DecisionFixture.FRAME_OFFSET, length, fixture.previousHi(), fixture.previousLo());
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(links > 0);
        assertTrue(allocated < decisions, allocated + " bytes allocated by " + decisions + " decisions");
    }

    private ByteBuffer datagram(final int length)
    {
        final ByteBuffer datagram = fixture.byteBuffer();
        datagram.limit(DecisionFixture.FRAME_OFFSET + length).position(DecisionFixture.FRAME_OFFSET);
        return datagram;
    }
}
