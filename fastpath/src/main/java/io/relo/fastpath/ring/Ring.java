package io.relo.fastpath.ring;

/**
 * Arithmetic on the 128-bit identifier ring of chord-128-2-8 (draft §7.1), with ids held as two longs (hi, lo)
 * compared as unsigned numbers modulo 2^128. Allocation-free, for the forwarder and the control plane alike.
 */
public final class Ring
{
    private Ring()
    {
    }

    /**
     * Unsigned comparison of two 128-bit ids.
     *
     * @param aHi high 64 bits of a.
     * @param aLo low 64 bits of a.
     * @param bHi high 64 bits of b.
     * @param bLo low 64 bits of b.
     * @return negative, zero or positive as a is below, equal to or above b.
     */
    public static int compare(final long aHi, final long aLo, final long bHi, final long bLo)
    {
        final int hi = Long.compareUnsigned(aHi, bHi);
        return hi != 0 ? hi : Long.compareUnsigned(aLo, bLo);
    }

    /**
     * High 64 bits of (to - from) mod 2^128: the clockwise distance from {@code from} to {@code to}.
     *
     * @param fromHi high 64 bits of the start.
     * @param fromLo low 64 bits of the start.
     * @param toHi   high 64 bits of the end.
     * @param toLo   low 64 bits of the end.
     * @return high 64 bits of the distance.
     */
    public static long distanceHi(final long fromHi, final long fromLo, final long toHi, final long toLo)
    {
        final long borrow = Long.compareUnsigned(toLo, fromLo) < 0 ? 1 : 0;
        return toHi - fromHi - borrow;
    }

    /**
     * Low 64 bits of (to - from) mod 2^128.
     *
     * @param fromLo low 64 bits of the start.
     * @param toLo   low 64 bits of the end.
     * @return low 64 bits of the distance.
     */
    public static long distanceLo(final long fromLo, final long toLo)
    {
        return toLo - fromLo;
    }

    /**
     * Whether x lies in the half-open arc (start, end] going clockwise; (n, n] is the whole ring, as for a peer that
     * is alone (draft §7.1: a peer is responsible for the ids between its predecessor and itself).
     *
     * @param xHi     high 64 bits of x.
     * @param xLo     low 64 bits of x.
     * @param startHi high 64 bits of the exclusive start.
     * @param startLo low 64 bits of the exclusive start.
     * @param endHi   high 64 bits of the inclusive end.
     * @param endLo   low 64 bits of the inclusive end.
     * @return true if start &lt; x &lt;= end on the ring.
     */
    public static boolean inArc(
        final long xHi, final long xLo, final long startHi, final long startLo, final long endHi, final long endLo)
    {
        // x is in (start, end] iff 0 < x - start <= end - start, with (start, start] the whole ring.
        final long dxHi = distanceHi(startHi, startLo, xHi, xLo);
        final long dxLo = xLo - startLo;
        final long deHi = distanceHi(startHi, startLo, endHi, endLo);
        final long deLo = endLo - startLo;
        if (deHi == 0 && deLo == 0)
        {
            return true;
        }
        if (dxHi == 0 && dxLo == 0)
        {
            return false;
        }
        return compare(dxHi, dxLo, deHi, deLo) <= 0;
    }

    /**
     * @param hi high 64 bits.
     * @param lo low 64 bits.
     * @return whether the id is the all-ones wildcard of draft §5.1.1 ("the anycast peer-id (all 1s)").
     */
    public static boolean isWildcard(final long hi, final long lo)
    {
        return hi == -1L && lo == -1L;
    }
}
