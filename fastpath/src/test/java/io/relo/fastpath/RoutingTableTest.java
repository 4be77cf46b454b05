package io.relo.fastpath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's routing table: responsibility (draft §7.1) and the next-hop rule of draft §4.1.2.3.3 and §7.2, by
 * example and against a brute-force oracle over random chord-128-2-8 tables.
 */
class RoutingTableTest
{
    static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    /** An id with {@code hi} as its top 64 bits, for readable examples. */
    static long at(final int top8)
    {
        return (long)top8 << 56;
    }

    static RoutingTable table(final int selfTop8, final int predTop8)
    {
        final RoutingTable table = new RoutingTable(Forwarder.MAX_LINKS);
        table.local(at(selfTop8), 0, at(predTop8), 0);
        return table;
    }

    static int hop(final RoutingTable table, final int keyTop8)
    {
        return table.nextHop(at(keyTop8), 0);
    }

    @Test
    void shouldFindNoRouteInAnEmptyTable()
    {
        final RoutingTable table = table(0x50, 0x40);
        assertEquals(RoutingTable.NO_ROUTE, hop(table, 0x60));
        assertEquals(0, table.size());
    }

    @Test
    void shouldPreferADirectConnectionToTheKeyEvenIfItIsNotARouter()
    {
        final RoutingTable table = table(0x10, 0x08);
        assertTrue(table.put(at(0x20), 0, 1, true));
        assertTrue(table.put(at(0x60), 0, 2, true));
        assertTrue(table.put(at(0x70), 0, 9, false));
        assertEquals(9, hop(table, 0x70), "draft §4.1.2.3.3: a key in the connection table goes there directly");
        assertEquals(2, hop(table, 0x60), "a router that is the key itself");
    }

    @Test
    void shouldChooseTheRouterWithTheLargestIdAtOrBelowTheKey()
    {
        final RoutingTable table = table(0x10, 0x08);
        table.put(at(0x20), 0, 1, true);
        table.put(at(0x40), 0, 2, true);
        table.put(at(0x80), 0, 3, true);
        assertEquals(2, hop(table, 0x50));
        assertEquals(2, table.nextHop(at(0x80) - 1, -1L), "one below the next router");
        assertEquals(3, table.nextHop(at(0x80), 1), "one above a router");
        assertEquals(1, hop(table, 0x3F));
    }

    @Test
    void shouldWrapAroundToTheLargestRouterWhenTheKeyIsBelowEveryRouter()
    {
        final RoutingTable table = table(0x50, 0x40);
        table.put(at(0x60), 0, 1, true);
        table.put(at(0x80), 0, 2, true);
        table.put(at(0xC0), 0, 3, true);
        assertEquals(3, hop(table, 0x10), "0xC0.. is the largest id at or below 0x10.. modulo 2^128");
        assertEquals(3, table.nextHop(0, 0));
        assertEquals(3, table.nextHop(at(0x40), 0), "the predecessor's own id is not ours and wraps too");
    }

    @Test
    void shouldSendToTheSuccessorWhenThisPeerIsCloserToTheKeyThanEveryRouter()
    {
        final RoutingTable table = table(0x50, 0x40);
        table.put(at(0x10), 0, 1, true);
        table.put(at(0x30), 0, 2, true);
        table.put(at(0x70), 0, 3, true);
        table.put(at(0x90), 0, 4, true);
        // 0x30 is the largest router below 0x60, but this peer (0x50) lies between it and the key.
        assertEquals(3, hop(table, 0x60), "the successor 0x70 is responsible for (0x50, 0x70]");
        assertEquals(3, table.nextHop(at(0x50), 1), "the id just above this peer");
    }

    @Test
    void shouldWrapAroundToTheSuccessorPastTwoToThe128()
    {
        final RoutingTable table = table(0xF0, 0xE8);
        table.put(at(0x10), 0, 1, true);
        table.put(at(0x80), 0, 2, true);
        table.put(at(0xE0), 0, 3, true);
        assertEquals(1, hop(table, 0xF8), "successor 0x10 across 2^128");
        assertEquals(1, table.nextHop(-1L, -2L));
        assertEquals(1, table.nextHop(0, 0));
        assertEquals(1, table.nextHop(at(0x10), 0));
    }

    @Test
    void shouldNeverRouteOtherPeersTrafficThroughAPlainConnection()
    {
        // draft §5.1.2: after a CONNECT, A "MAY route messages which are directly addressed to B through that
        // channel but MUST NOT route messages through B to other peers".
        final RoutingTable table = table(0x10, 0x08);
        table.put(at(0x30), 0, 1, true);
        table.put(at(0x50), 0, 7, false);
        table.put(at(0x80), 0, 2, true);
        assertEquals(7, hop(table, 0x50), "addressed to the connected peer itself");
        assertEquals(1, hop(table, 0x60), "not through 0x50, although it is the closest entry below");
        assertEquals(1, table.nextHop(at(0x50), 1));
        assertEquals(1, table.nextHop(at(0x50), -1L));

        final RoutingTable plainOnly = table(0x10, 0x08);
        plainOnly.put(at(0x50), 0, 7, false);
        assertEquals(7, hop(plainOnly, 0x50));
        assertEquals(RoutingTable.NO_ROUTE, hop(plainOnly, 0x60), "plain connections alone route nothing else");
    }

    @Test
    void shouldForgetEveryEntryOfARemovedLink()
    {
        final RoutingTable table = table(0x50, 0x40);
        table.put(at(0x30), 0, 1, true);
        table.put(at(0x70), 0, 2, true);
        table.put(at(0x90), 0, 3, true);
        assertEquals(2, hop(table, 0x60));

        table.removeLink(2);
        assertEquals(2, table.size());
        assertEquals(2, table.routerCount());
        assertEquals(3, hop(table, 0x60), "the next successor takes over");
        assertEquals(3, hop(table, 0x70), "no direct connection to 0x70 any more");

        table.removeLink(42);
        assertEquals(2, table.size(), "removing an unknown link changes nothing");

        table.removeLink(1);
        table.removeLink(3);
        assertEquals(0, table.size());
        assertEquals(0, table.routerCount());
        assertEquals(RoutingTable.NO_ROUTE, hop(table, 0x60));
    }

    @Test
    void shouldMarkOnlyTheNamedPeersAsRouters()
    {
        final RoutingTable table = table(0x10, 0x08);
        table.put(at(0x30), 0, 1, true);
        table.put(at(0x50), 0, 2, true);
        table.put(at(0x80), 0, 3, false);
        assertEquals(2, hop(table, 0x60));

        final int missing = table.routers(new long[] {at(0x30), at(0x80), at(0x99)}, new long[] {0, 0, 0}, 3);
        assertEquals(1, missing, "0x99.. has no link");
        assertEquals(3, table.size());
        assertEquals(2, table.routerCount());
        assertEquals(1, hop(table, 0x60), "0x50.. is a plain connection now");
        assertEquals(3, hop(table, 0x90));
        assertEquals(2, hop(table, 0x50), "but still reachable directly");

        assertEquals(0, table.routers(new long[0], new long[0], 0));
        assertEquals(0, table.routerCount());
        assertEquals(RoutingTable.NO_ROUTE, hop(table, 0x60));
    }

    @Test
    void shouldUpdateAnEntryPutTwice()
    {
        final RoutingTable table = table(0x10, 0x08);
        table.put(at(0x30), 0, 1, true);
        table.put(at(0x30), 0, 5, false);
        assertEquals(1, table.size());
        assertEquals(0, table.routerCount());
        assertEquals(5, hop(table, 0x30));
        assertEquals(RoutingTable.NO_ROUTE, hop(table, 0x40));
        table.put(at(0x30), 0, 6, true);
        assertEquals(1, table.routerCount());
        assertEquals(6, hop(table, 0x40));
    }

    @Test
    void shouldRefuseAnEntryWhenFull()
    {
        final RoutingTable table = new RoutingTable(2);
        assertTrue(table.put(1, 1, 0, true));
        assertTrue(table.put(2, 2, 1, true));
        assertFalse(table.put(3, 3, 2, true));
        assertTrue(table.put(2, 2, 3, true), "an update needs no room");
        assertEquals(2, table.size());
    }

    @Test
    void shouldBeResponsibleFromThePredecessorExclusiveToItselfInclusive()
    {
        final RoutingTable table = table(0x50, 0x40);
        assertTrue(table.isResponsible(at(0x50), 0), "its own id");
        assertTrue(table.isResponsible(at(0x40), 1), "just above the predecessor");
        assertFalse(table.isResponsible(at(0x40), 0), "the predecessor's id");
        assertFalse(table.isResponsible(at(0x50), 1), "just above itself");

        final RoutingTable wrapping = table(0x10, 0xF0);
        assertTrue(wrapping.isResponsible(0, 0));
        assertTrue(wrapping.isResponsible(-1L, -2L));
        assertFalse(wrapping.isResponsible(at(0x80), 0));

        final RoutingTable alone = table(0x10, 0x10);
        assertTrue(alone.isResponsible(at(0x80), 0), "a peer that is its own predecessor owns the ring");
        assertTrue(alone.isResponsible(at(0x10), 0));
    }

    @Test
    void shouldBeResponsibleForTheAllOnesWildcard()
    {
        // draft §5.1.1: a PING may be addressed "to the anycast peer-id (all 1s)"; whoever receives it answers.
        final RoutingTable table = table(0x50, 0x40);
        assertTrue(table.isResponsible(-1L, -1L));
        assertFalse(table.isResponsible(-1L, -2L));
    }

    // ---------------------------------------------------------------------------------------- randomized

    static LongStream tables()
    {
        return LongStream.range(0, 300);
    }

    /**
     * A chord-128-2-8 table (draft §7.1: 3 predecessors, 3 successors, 8 fingers at 1/2, 1/4, ... 1/256 of the
     * ring) of a peer in a random overlay, plus a few plain connections, checked against brute force.
     */
    @ParameterizedTest(name = "table {0}")
    @MethodSource("tables")
    void shouldAgreeWithABruteForceOracleOnARandomChordTable(final long seed)
    {
        final Random random = new Random(seed);
        // enough peers that the 8 fingers rarely coincide with the 3 successors: 14 routers in most tables
        final Overlay overlay = new Overlay(random, 2048 + random.nextInt(2048));
        final int selfIndex = random.nextInt(overlay.size());
        final BigInteger self = overlay.id(selfIndex);
        final BigInteger pred = overlay.id(selfIndex - 1);

        final TreeSet<BigInteger> routers = new TreeSet<>();
        for (int i = 1; i <= 3; i++)
        {
            routers.add(overlay.id(selfIndex - i));
            routers.add(overlay.id(selfIndex + i));
        }
        for (int k = 1; k <= 8; k++)
        {
            routers.add(overlay.successorOf(self.add(TWO_128.shiftRight(k)).mod(TWO_128)));
        }
        routers.remove(self);
        final List<BigInteger> plain = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--)
        {
            final BigInteger peer = overlay.id(random.nextInt(overlay.size()));
            if (!peer.equals(self) && !routers.contains(peer) && !plain.contains(peer))
            {
                plain.add(peer);
            }
        }

        final List<Entry> entries = new ArrayList<>();
        int nextLink = random.nextInt(100);
        for (final BigInteger id : routers)
        {
            entries.add(new Entry(id, nextLink++, true));
        }
        for (final BigInteger id : plain)
        {
            entries.add(new Entry(id, nextLink++, false));
        }
        Collections.shuffle(entries, random);

        final RoutingTable table = new RoutingTable(Forwarder.MAX_LINKS);
        table.local(hi(self), lo(self), hi(pred), lo(pred));
        final boolean viaRoutersCommand = random.nextBoolean();
        for (final Entry entry : entries)
        {
            assertTrue(table.put(hi(entry.id), lo(entry.id), entry.link, !viaRoutersCommand && entry.router));
        }
        if (viaRoutersCommand)
        {
            final long[] his = new long[routers.size()];
            final long[] los = new long[routers.size()];
            int i = 0;
            for (final BigInteger id : routers)
            {
                his[i] = hi(id);
                los[i++] = lo(id);
            }
            assertEquals(0, table.routers(his, los, routers.size()));
        }
        assertEquals(entries.size(), table.size());
        assertEquals(routers.size(), table.routerCount());

        final List<BigInteger> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            keys.add(new BigInteger(128, random));
        }
        for (int i = -5; i <= 5; i++)
        {
            keys.add(overlay.id(selfIndex + i));
        }
        for (final Entry entry : entries)
        {
            keys.add(entry.id);
            keys.add(entry.id.add(BigInteger.ONE).mod(TWO_128));
            keys.add(entry.id.subtract(BigInteger.ONE).mod(TWO_128));
        }
        keys.add(self.add(BigInteger.ONE).mod(TWO_128));
        keys.add(BigInteger.ZERO);
        keys.add(TWO_128.subtract(BigInteger.TWO));

        final BigInteger successor = closestClockwise(self, routers);
        for (final BigInteger key : keys)
        {
            final Supplier<String> where = () -> "seed " + seed + " self " + self.toString(16) + " key " +
                key.toString(16);
            final boolean responsible = inArc(key, pred, self);
            assertEquals(responsible, table.isResponsible(hi(key), lo(key)), where);

            final int expected = oracleNextHop(self, entries, key);
            final int actual = table.nextHop(hi(key), lo(key));
            assertEquals(expected, actual, where);

            if (!responsible && !isEntry(entries, key))
            {
                // draft §4.1.2.3.3: a router "closer to the first entry than to itself", or the successor that
                // is responsible for the key as far as this peer can tell.
                final BigInteger hop = idOfLink(entries, actual);
                assertTrue(routers.contains(hop), () -> where.get() + ": routed through a router");
                final boolean closer = distance(hop, key).compareTo(distance(self, key)) < 0;
                final boolean successorOwnsKey = hop.equals(successor) && inArc(key, self, successor);
                assertTrue(closer || successorOwnsKey, () -> where.get() + ": hop " + hop.toString(16) +
                    " makes progress");
            }
        }
    }

    record Entry(BigInteger id, int link, boolean router)
    {
    }

    /** The sorted ids of every peer in a random overlay, held as longs; only those asked for become BigIntegers. */
    static final class Overlay
    {
        private final long[] his;
        private final long[] los;

        Overlay(final Random random, final int peers)
        {
            final long[] flipped = new long[peers];
            for (int i = 0; i < peers; i++)
            {
                flipped[i] = random.nextLong();
            }
            Arrays.sort(flipped); // with the sign bit flipped, signed order is the unsigned order of the ids
            his = Arrays.stream(flipped).distinct().map(hi -> hi ^ Long.MIN_VALUE).toArray();
            los = random.longs(his.length).toArray();
        }

        int size()
        {
            return his.length;
        }

        /** The id at a position, wrapping around the ring. */
        BigInteger id(final int index)
        {
            final int i = Math.floorMod(index, his.length);
            return big(his[i], los[i]);
        }

        /** The first peer at or after an id, clockwise. */
        BigInteger successorOf(final BigInteger target)
        {
            final long hi = hi(target);
            final long lo = lo(target);
            int low = 0;
            int high = his.length;
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                final int cmp = Long.compareUnsigned(his[mid], hi) != 0 ? Long.compareUnsigned(his[mid], hi) :
                    Long.compareUnsigned(los[mid], lo);
                if (cmp < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            return id(low);
        }
    }

    /** §7.2 by brute force: exact connection; else the router closest below the key; else the successor. */
    static int oracleNextHop(final BigInteger self, final List<Entry> entries, final BigInteger key)
    {
        for (final Entry entry : entries)
        {
            if (entry.id.equals(key))
            {
                return entry.link;
            }
        }
        Entry best = null;
        for (final Entry entry : entries)
        {
            if (entry.router && (null == best || distance(entry.id, key).compareTo(distance(best.id, key)) < 0))
            {
                best = entry;
            }
        }
        if (null == best)
        {
            return RoutingTable.NO_ROUTE;
        }
        if (distance(self, key).compareTo(distance(best.id, key)) < 0)
        {
            Entry successor = null;
            for (final Entry entry : entries)
            {
                if (entry.router &&
                    (null == successor || distance(self, entry.id).compareTo(distance(self, successor.id)) < 0))
                {
                    successor = entry;
                }
            }
            return successor.link;
        }
        return best.link;
    }

    static BigInteger closestClockwise(final BigInteger from, final TreeSet<BigInteger> ids)
    {
        final BigInteger above = ids.higher(from);
        return null == above ? ids.first() : above;
    }

    static boolean isEntry(final List<Entry> entries, final BigInteger id)
    {
        return entries.stream().anyMatch(entry -> entry.id.equals(id));
    }

    static BigInteger idOfLink(final List<Entry> entries, final int link)
    {
        return entries.stream().filter(entry -> entry.link == link).findFirst().orElseThrow().id;
    }

    /** Clockwise distance (to - from) mod 2^128. */
    static BigInteger distance(final BigInteger from, final BigInteger to)
    {
        return to.subtract(from).mod(TWO_128);
    }

    /** x in (start, end], with (n, n] the whole ring. */
    static boolean inArc(final BigInteger x, final BigInteger start, final BigInteger end)
    {
        if (start.equals(end))
        {
            return true;
        }
        final BigInteger dx = distance(start, x);
        return dx.signum() > 0 && dx.compareTo(distance(start, end)) <= 0;
    }

    static BigInteger big(final long hi, final long lo)
    {
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(hi >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
        return new BigInteger(1, bytes);
    }

    static long hi(final BigInteger id)
    {
        return id.shiftRight(64).longValue();
    }

    static long lo(final BigInteger id)
    {
        return id.longValue();
    }
}
