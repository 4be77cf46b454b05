package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The finger table of chord-128-2-8 (draft §7.1, §7.4): entry i, for i from 1 to 8, is the peer responsible for
 * n + 2^(128-i): half-way round the ring, then a quarter, an eighth, and so on.
 */
public final class FingerTable
{
    /** Entries in the finger table. */
    public static final int SIZE = 8;

    private final PeerId self;
    private final PeerId[] entries = new PeerId[SIZE];

    /**
     * @param self this peer's id.
     */
    public FingerTable(final PeerId self)
    {
        this.self = self;
    }

    /**
     * draft §7.4: the id a finger is looked up at, n + 2^(numBitsInPeerId - i).
     *
     * @param i finger number, 1 to 8.
     * @return the target id.
     */
    public PeerId target(final int i)
    {
        if (i < 1 || i > SIZE)
        {
            throw new IllegalArgumentException("finger " + i + " is outside 1.." + SIZE);
        }
        final int bit = 128 - i;
        // Add 2^bit to the 128-bit id; all fingers of chord-128-2-8 fall in the high 64 bits.
        final long addHi = 1L << (bit - 64);
        return new PeerId(self.hi() + addHi, self.lo());
    }

    /**
     * @param i    finger number, 1 to 8.
     * @param peer the peer responsible for the target, or null to clear.
     * @return whether the entry changed.
     */
    public boolean set(final int i, final PeerId peer)
    {
        final PeerId value = null == peer || peer.equals(self) ? null : peer;
        final PeerId old = entries[i - 1];
        entries[i - 1] = value;
        return null == old ? null != value : !old.equals(value);
    }

    /**
     * @param i finger number, 1 to 8.
     * @return the peer, or null when unknown.
     */
    public PeerId get(final int i)
    {
        return entries[i - 1];
    }

    /**
     * Clear every entry holding a peer that failed or left.
     *
     * @param peer gone.
     * @return whether any entry changed.
     */
    public boolean remove(final PeerId peer)
    {
        boolean changed = false;
        for (int i = 0; i < SIZE; i++)
        {
            if (peer.equals(entries[i]))
            {
                entries[i] = null;
                changed = true;
            }
        }
        return changed;
    }

    /**
     * @return the distinct peers in the table.
     */
    public Set<PeerId> peers()
    {
        final Set<PeerId> peers = new LinkedHashSet<>();
        for (final PeerId entry : entries)
        {
            if (null != entry)
            {
                peers.add(entry);
            }
        }
        return peers;
    }
}
