package io.relo.fastpath.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unsigned 128-bit ring arithmetic of chord-128-2-8 (draft §7.1: "all math is modulo 2^128"), by example and against
 * a {@link BigInteger} oracle.
 */
class RingTest
{
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    static final BigInteger MAX = TWO_128.subtract(BigInteger.ONE);

    static BigInteger big(final long hi, final long lo)
    {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    static long hi(final BigInteger value)
    {
        return value.shiftRight(64).longValue();
    }

    static long lo(final BigInteger value)
    {
        return value.longValue();
    }

    static boolean inArc(final BigInteger x, final BigInteger start, final BigInteger end)
    {
        return Ring.inArc(hi(x), lo(x), hi(start), lo(start), hi(end), lo(end));
    }

    @Test
    void shouldCompareHighAndLowHalvesAsUnsignedNumbers()
    {
        assertTrue(Ring.compare(0, 0, 0, 1) < 0);
        assertTrue(Ring.compare(0, -1L, 1, 0) < 0, "0x0..0ffff < 0x1..0000: the high half decides first");
        assertTrue(Ring.compare(Long.MIN_VALUE, 0, Long.MAX_VALUE, -1L) > 0, "2^127 > 2^127 - 1");
        assertTrue(Ring.compare(5, -1L, 5, 1) > 0, "low half 2^64 - 1 > 1 when the high halves are equal");
        assertTrue(Ring.compare(-1L, -1L, 0, 0) > 0, "all ones is the largest id");
        assertEquals(0, Ring.compare(-7, 9, -7, 9));
    }

    @Test
    void shouldTreatTheArcFromAnIdToItselfAsTheWholeRing()
    {
        final BigInteger n = big(0x1234L, 0x5678L);
        for (final BigInteger x : new BigInteger[] {n, n.add(BigInteger.ONE), n.subtract(BigInteger.ONE),
            BigInteger.ZERO, MAX, TWO_64})
        {
            assertTrue(inArc(x, n, n), () -> x.toString(16) + " in (n, n]: a peer alone is responsible for all");
        }
        assertTrue(inArc(BigInteger.ZERO, MAX, MAX));
    }

    @Test
    void shouldExcludeTheStartAndIncludeTheEndOfAnArc()
    {
        final BigInteger start = big(1, 0);
        final BigInteger end = big(2, 0);
        assertFalse(inArc(start, start, end), "start is excluded");
        assertTrue(inArc(end, start, end), "end is included");
        assertTrue(inArc(start.add(BigInteger.ONE), start, end));
        assertFalse(inArc(end.add(BigInteger.ONE), start, end));
        assertFalse(inArc(BigInteger.ZERO, start, end));
    }

    @Test
    void shouldWrapAnArcAroundTwoToThe128()
    {
        final BigInteger start = MAX.subtract(BigInteger.ONE);
        final BigInteger end = BigInteger.ONE;
        assertTrue(inArc(MAX, start, end), "2^128 - 1 follows 2^128 - 2");
        assertTrue(inArc(BigInteger.ZERO, start, end), "0 follows 2^128 - 1");
        assertTrue(inArc(BigInteger.ONE, start, end));
        assertFalse(inArc(BigInteger.TWO, start, end));
        assertFalse(inArc(start, start, end));
        assertFalse(inArc(TWO_64, start, end), "the middle of the ring is outside the wrapped arc");
    }

    @Test
    void shouldHoldOnlyTheEndInTheArcBetweenAdjacentIds()
    {
        // (2^64 - 1, 2^64]: the low half carries into the high half.
        final BigInteger start = TWO_64.subtract(BigInteger.ONE);
        final BigInteger end = TWO_64;
        assertTrue(inArc(end, start, end));
        assertFalse(inArc(start, start, end));
        assertFalse(inArc(end.add(BigInteger.ONE), start, end));
        assertFalse(inArc(start.subtract(BigInteger.ONE), start, end));
        // (2^128 - 1, 0] across the wrap.
        assertTrue(inArc(BigInteger.ZERO, MAX, BigInteger.ZERO));
        assertFalse(inArc(MAX, MAX, BigInteger.ZERO));
        assertFalse(inArc(BigInteger.ONE, MAX, BigInteger.ZERO));
        // the complement (0, 2^128 - 1] holds everything but 0.
        assertTrue(inArc(MAX, BigInteger.ZERO, MAX));
        assertTrue(inArc(BigInteger.ONE, BigInteger.ZERO, MAX));
        assertFalse(inArc(BigInteger.ZERO, BigInteger.ZERO, MAX));
    }

    @Test
    void shouldMeasureClockwiseDistanceModuloTwoToThe128()
    {
        assertEquals(0L, Ring.distanceHi(-1L, -1L, 0, 0), "from 2^128 - 1 to 0 is one step");
        assertEquals(1L, Ring.distanceLo(-1L, 0));
        assertEquals(-1L, Ring.distanceHi(0, 1, 0, 0), "from 1 to 0 is 2^128 - 1 steps");
        assertEquals(-1L, Ring.distanceLo(1, 0));
        assertEquals(0L, Ring.distanceHi(3, -1L, 4, 0), "the borrow from the low half");
    }

    @Test
    void shouldRecogniseOnlyAllOnesAsTheWildcard()
    {
        assertTrue(Ring.isWildcard(-1L, -1L));
        assertFalse(Ring.isWildcard(-1L, -2L));
        assertFalse(Ring.isWildcard(Long.MAX_VALUE, -1L));
        assertFalse(Ring.isWildcard(0, 0));
        assertTrue(Ring.isWildcard(PeerId.WILDCARD.hi(), PeerId.WILDCARD.lo()));
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldAgreeWithBigIntegerArithmetic(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        final BigInteger a = id(random, null);
        final BigInteger b = id(random, a);
        final BigInteger x = id(random, random.nextBoolean() ? a : b);

        final String where = "a=" + a.toString(16) + " b=" + b.toString(16) + " x=" + x.toString(16);
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Ring.compare(hi(a), lo(a), hi(b), lo(b))), where);

        final BigInteger distance = b.subtract(a).mod(TWO_128);
        assertEquals(hi(distance), Ring.distanceHi(hi(a), lo(a), hi(b), lo(b)), where);
        assertEquals(lo(distance), Ring.distanceLo(lo(a), lo(b)), where);

        // x in (a, b] iff 0 < (x - a) mod 2^128 <= (b - a) mod 2^128, and (a, a] is the whole ring.
        final BigInteger dx = x.subtract(a).mod(TWO_128);
        final boolean expected = a.equals(b) || (dx.signum() > 0 && dx.compareTo(distance) <= 0);
        assertEquals(expected, inArc(x, a, b), where);
        // every id other than the arc's ends lies in exactly one of (a, b] and (b, a]
        if (!x.equals(a) && !x.equals(b) && !a.equals(b))
        {
            assertTrue(inArc(x, a, b) ^ inArc(x, b, a), where);
        }

        assertEquals(x.equals(MAX), Ring.isWildcard(hi(x), lo(x)), where);
    }

    /** Random ids biased towards the edges of the halves and the ring, and neighbours of another id. */
    static BigInteger id(final SplittableRandom random, final BigInteger near)
    {
        final int kind = random.nextInt(8);
        switch (kind)
        {
            case 0:
            {
                final BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, TWO_64.subtract(BigInteger.ONE),
                    TWO_64, TWO_64.add(BigInteger.ONE), TWO_128.shiftRight(1), TWO_128.shiftRight(1).subtract(
                    BigInteger.ONE), MAX, MAX.subtract(BigInteger.ONE)};
                return edges[random.nextInt(edges.length)];
            }
            case 1:
                if (null != near)
                {
                    return near.add(BigInteger.valueOf(random.nextInt(5) - 2)).mod(TWO_128);
                }
                return big(random.nextLong(), random.nextLong());
            case 2:
                // same high half as the neighbour, so that the low half decides
                return null == near ? big(random.nextLong(), -1L) : big(hi(near), random.nextLong());
            case 3:
                return near == null ? BigInteger.ZERO : near;
            default:
                return big(random.nextLong(), random.nextLong());
        }
    }
}
