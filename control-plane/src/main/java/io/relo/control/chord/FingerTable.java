package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The finger table of chord-128-2-8 (draft §7.1, §7.4): entry i, for i from 1 to 8, is the peer responsible for
 * n + 2^(128-i): half-way round the ring, then a quarter, an eighth, and so on.
 * <p>
 * The draft fixes 8 entries; a table of more entries exists only for the simulator's labelled experiment of what
 * finger count a larger overlay would need.
 */
public final class FingerTable
{
    /** Entries in the finger table of chord-128-2-8. */
    public static final int SIZE = 8;

    /** Most entries a table can have: every target n + 2^(128-i) must fall in the high 64 bits. */
    public static final int MAX_SIZE = 64;

    private final PeerId self;
    private final PeerId[] entries;

    /**
     * @param self this peer's id.
     */
    public FingerTable(final PeerId self)
    {
        this(self, SIZE);
    }

    /**
     * @param self this peer's id.
     * @param size entries, {@link #SIZE} for chord-128-2-8; more only for experiments.
     */
    public FingerTable(final PeerId self, final int size)
    {
        if (size < 1 || size > MAX_SIZE)
        {
            throw new IllegalArgumentException("a finger table has 1.." + MAX_SIZE + " entries, not " + size);
        }
        this.self = self;
        entries = new PeerId[size];
    }

    /**
     * @return number of entries, 8 for chord-128-2-8.
     */
    public int size()
    {
        return entries.length;
    }

    /**
     * draft §7.4: the id a finger is looked up at, n + 2^(numBitsInPeerId - i).
     *
     * @param i finger number, 1 to {@link #size()}.
     * @return the target id.
     */
    public PeerId target(final int i)
    {
        if (i < 1 || i > entries.length)
        {
            throw new IllegalArgumentException("finger " + i + " is outside 1.." + entries.length);
        }
        final int bit = 128 - i;
        // Add 2^bit to the 128-bit id; all fingers fall in the high 64 bits (MAX_SIZE).
        final long addHi = 1L << (bit - 64);
        return new PeerId(self.hi() + addHi, self.lo());
    }

    /**
     * @param i    finger number, 1 to {@link #size()}.
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
     * @param i finger number, 1 to {@link #size()}.
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
        for (int i = 0; i < entries.length; i++)
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
     * @param peer a peer.
     * @return whether any entry holds it.
     */
    public boolean contains(final PeerId peer)
    {
        for (final PeerId entry : entries)
        {
            if (peer.equals(entry))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether no entry holds a peer.
     */
    public boolean isEmpty()
    {
        for (final PeerId entry : entries)
        {
            if (null != entry)
            {
                return false;
            }
        }
        return true;
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
