package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §7.1: the three closest peers on each side, checked against a sorted list of the whole ring.
 */
class NeighborTableTest
{
    static PeerId id(final long hi)
    {
        return new PeerId(hi, 0);
    }

    @Test
    void shouldKeepTheThreeClosestOnEachSideAndNeverItself()
    {
        final NeighborTable table = new NeighborTable(id(50));
        for (final long hi : new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90})
        {
            table.add(id(hi));
        }
        assertEquals(List.of(id(40), id(30), id(20)), table.predecessors());
        assertEquals(List.of(id(60), id(70), id(80)), table.successors());
        assertFalse(table.contains(id(50)));
        assertTrue(table.isResponsible(id(45)));
        assertTrue(table.isResponsible(id(50)));
        assertFalse(table.isResponsible(id(40)));
        assertFalse(table.isResponsible(id(51)));
    }

    @Test
    void shouldWrapAroundTheRing()
    {
        final NeighborTable table = new NeighborTable(new PeerId(0, 5));
        table.add(new PeerId(-1L, -1L));
        table.add(new PeerId(0, 9));
        assertEquals(new PeerId(-1L, -1L), table.predecessor());
        assertEquals(new PeerId(0, 9), table.successor());
        assertTrue(table.isResponsible(new PeerId(0, 0)), "0 lies in (2^128-1, 5]");
    }

    @Test
    void shouldHoldOnePeerOnBothSidesOfATwoPeerRing()
    {
        final NeighborTable table = new NeighborTable(id(10));
        assertTrue(table.isResponsible(id(99)), "alone, a peer is responsible for the whole ring");
        assertTrue(table.add(id(20)));
        assertEquals(id(20), table.predecessor());
        assertEquals(id(20), table.successor());
        assertFalse(table.add(id(20)), "adding twice changes nothing");
        assertTrue(table.remove(id(20)));
        assertEquals(0, table.successorCount());
        assertEquals(0, table.predecessorCount());
    }

    static LongStream seeds()
    {
        return new Random(7).longs(200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldMatchASortedListOracle(final long seed)
    {
        final Random random = new Random(seed);
        final List<PeerId> ring = new ArrayList<>();
        final int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++)
        {
            ring.add(new PeerId(random.nextLong(), random.nextLong()));
        }
        final PeerId self = ring.get(0);
        final NeighborTable table = new NeighborTable(self);
        final List<PeerId> offered = new ArrayList<>(ring);
        Collections.shuffle(offered, random);
        offered.forEach(table::add);

        Collections.sort(ring);
        final int at = ring.indexOf(self);
        final int others = ring.size() - 1;
        final List<PeerId> expectedSuccessors = new ArrayList<>();
        final List<PeerId> expectedPredecessors = new ArrayList<>();
        for (int i = 1; i <= Math.min(3, others); i++)
        {
            expectedSuccessors.add(ring.get((at + i) % ring.size()));
            expectedPredecessors.add(ring.get(((at - i) % ring.size() + ring.size()) % ring.size()));
        }
        assertEquals(expectedSuccessors, table.successors());
        assertEquals(expectedPredecessors, table.predecessors());

        final PeerId k = new PeerId(random.nextLong(), random.nextLong());
        assertEquals(oracleResponsible(ring, k).equals(self), table.isResponsible(k));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldSayWhetherAnOfferWouldChangeTheTableWithoutChangingIt(final long seed)
    {
        final Random random = new Random(seed);
        final NeighborTable table = new NeighborTable(new PeerId(random.nextLong(), random.nextLong()));
        final int n = random.nextInt(10);
        final List<PeerId> known = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            known.add(new PeerId(random.nextLong(), random.nextLong()));
            table.add(known.get(i));
        }
        final List<PeerId> offers = new ArrayList<>(known);
        offers.add(table.self());
        for (int i = 0; i < 10; i++)
        {
            offers.add(new PeerId(random.nextLong(), random.nextLong()));
        }
        for (final PeerId offer : offers)
        {
            final String before = table.toString();
            assertEquals(table.copy().add(offer), table.wouldAdd(offer), offer + " offered to " + table);
            assertEquals(before, table.toString(), "wouldAdd left the table as it was");
        }
    }

    /** The responsible peer is the first at or after k on the ring. */
    static PeerId oracleResponsible(final List<PeerId> sorted, final PeerId k)
    {
        final BigInteger key = unsigned(k);
        for (final PeerId p : sorted)
        {
            if (unsigned(p).compareTo(key) >= 0)
            {
                return p;
            }
        }
        return sorted.get(0);
    }

    static BigInteger unsigned(final PeerId p)
    {
        return new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(p.hi()).putLong(p.lo()).array());
    }
}
