package io.relo.control.message;

import io.relo.fastpath.CompressionTable;
import io.relo.fastpath.ring.PeerId;
import io.relo.fastpath.ring.Ring;
import org.agrona.collections.Long2LongHashMap;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The private ids of route-list compression that this peer hands out (draft §4.1.2.3.1, §4.1.2.3.3): each stands for
 * a list of ids for a limited time, and every change reaches the forwarder's table through a {@link Sink}, offered
 * again in order until it is taken, so the forwarder ends up holding exactly the live entries.
 * <p>
 * The rules, all here:
 * <ul>
 *     <li>draft §4.1.2.3.1: a peer that meets one of its private ids first on a route list "replaces that entry with
 *     the store local value that it indexes". The forwarder does that; this class decides what it holds.</li>
 *     <li>A private id is 128 random bits, so that no other peer can guess one and so that it cannot be mistaken for
 *     a real id (draft §4.1.2.3 examines private ids first). It is never a reserved peer-id (draft §2: "Peer-IDs 0
 *     and 2^N - 1 are reserved", the latter being the wildcard) and never equal, even in its low 64 bits, to an id
 *     held or still being removed, so a removal on its way to the forwarder can never take a new entry with it.</li>
 *     <li>draft §4.1.2.3.3: "if a peer is using list compression and then exits the overlay, the message cannot be
 *     forwarded", and likewise once an entry expires; the requester's retransmissions (draft §4.4) recover. An entry
 *     lives {@link #LIFETIME_DEFAULT_NS} unless used ({@link #touch}).</li>
 *     <li>At most {@code capacity} entries exist, counting those whose removal the sink has not taken yet, so a
 *     forwarder table of the same capacity never overflows.</li>
 * </ul>
 * Time is given, never read. One thread only.
 */
public final class CompressionState
{
    /**
     * Where changes go: the conductor implements it with {@code ForwarderProxy.addCompression} and
     * {@code removeCompression}.
     */
    public interface Sink
    {
        /**
         * Install a private id.
         *
         * @param keyHi high 64 bits of the private id.
         * @param keyLo low 64 bits of the private id.
         * @param hi    high 64 bits of the ids it stands for; read during the call only.
         * @param lo    low 64 bits of the ids it stands for; read during the call only.
         * @param count number of ids.
         * @return false if the change cannot be taken now (a full command ring); it is offered again later.
         */
        boolean add(long keyHi, long keyLo, long[] hi, long[] lo, int count);

        /**
         * Remove a private id installed by {@link #add}.
         *
         * @param keyHi high 64 bits of the private id.
         * @param keyLo low 64 bits of the private id.
         * @return false if the change cannot be taken now; it is offered again later.
         */
        boolean remove(long keyHi, long keyLo);
    }

    /** Most ids one private id stands for: what the forwarder's table holds per entry. */
    public static final int MAX_IDS = CompressionTable.MAX_IDS_PER_ENTRY;

    /**
     * How long an unused private id lives. It is handed out in a via list and comes back as the route list of the
     * response (draft §4.1.2.2), which the requester waits for at most 64 × T1 (draft §4.4, RFC 3261 timer F); an id
     * that outlives that can only be replayed. Use refreshes it.
     */
    public static final long LIFETIME_DEFAULT_NS = 64 * TransactionTable.T1_DEFAULT_NS;

    /** Draws of the random generator allowed per allocation before it is deemed broken. */
    static final int MAX_DRAWS = 64;

    private static final int FREE = 0;
    private static final int ADDING = 1;
    private static final int LIVE = 2;
    private static final int REMOVING = 3;

    private final int capacity;
    private final long lifetimeNs;
    private final RandomGenerator random;
    private final Sink sink;
    private final long[] keyHi;
    private final long[] keyLo;
    private final long[] expiresNs;
    private final int[] idCount;
    private final long[][] idsHi;
    private final long[][] idsLo;
    private final int[] state;
    private final boolean[] queued;
    private final int[] inState = new int[4];
    private final int[] free;
    private int freeCount;
    /** Slots with a change for the sink, oldest first; each slot at most once. */
    private final int[] queue;
    private int queueHead;
    private int queueSize;
    /** Low 64 bits of every key held or being removed, to its slot: they are kept unique. */
    private final Long2LongHashMap slotByKeyLo = new Long2LongHashMap(-1);
    /** No entry expires before this; a lower bound, since a refresh only pushes expiry later. */
    private long earliestExpiryNs;
    private long refused;

    /**
     * @param capacity   most private ids at once; no more than the forwarder's compression table holds.
     * @param lifetimeNs how long a private id lives after allocation or its last use.
     * @param random     source of private ids; a secure one in production.
     * @param sink       where additions and removals go.
     */
    public CompressionState(final int capacity, final long lifetimeNs, final RandomGenerator random, final Sink sink)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("compression capacity must be at least 1, got " + capacity);
        }
        if (lifetimeNs <= 0)
        {
            throw new IllegalArgumentException("private id lifetime must be positive, got " + lifetimeNs + "ns");
        }
        this.capacity = capacity;
        this.lifetimeNs = lifetimeNs;
        this.random = Objects.requireNonNull(random, "random");
        this.sink = Objects.requireNonNull(sink, "sink");
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        expiresNs = new long[capacity];
        idCount = new int[capacity];
        idsHi = new long[capacity][MAX_IDS];
        idsLo = new long[capacity][MAX_IDS];
        state = new int[capacity];
        queued = new boolean[capacity];
        queue = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        inState[FREE] = capacity;
    }

    /**
     * Hand out a new private id standing for a list of ids, and offer it to the sink. Expires due entries first, as
     * {@link #poll(long)} does.
     *
     * @param hi    high 64 bits of the ids.
     * @param lo    low 64 bits of the ids.
     * @param count number of ids, 1 to {@link #MAX_IDS}.
     * @param nowNs the current time.
     * @return the private id, or null when {@code capacity} entries exist: send the list uncompressed. The forwarder
     *         expands it once {@link #isInstalled(long, long)}.
     */
    public PeerId allocate(final long[] hi, final long[] lo, final int count, final long nowNs)
    {
        if (count < 1 || count > MAX_IDS || count > hi.length || count > lo.length)
        {
            throw new IllegalArgumentException("a private id stands for 1 to " + MAX_IDS + " ids given in both " +
                "arrays, got count " + count + " with arrays of " + hi.length + " and " + lo.length);
        }
        poll(nowNs);
        if (0 == freeCount)
        {
            refused++;
            return null;
        }

        long newHi = 0;
        long newLo = 0;
        boolean drawn = false;
        for (int draw = 0; draw < MAX_DRAWS && !drawn; draw++)
        {
            newHi = random.nextLong();
            newLo = random.nextLong();
            drawn = !isReserved(newHi, newLo) && !slotByKeyLo.containsKey(newLo);
        }
        if (!drawn)
        {
            throw new IllegalStateException("the random generator gave " + MAX_DRAWS + " private ids in a row that " +
                "are reserved or in use; give CompressionState a real source of randomness");
        }

        final int slot = free[--freeCount];
        keyHi[slot] = newHi;
        keyLo[slot] = newLo;
        idCount[slot] = count;
        System.arraycopy(hi, 0, idsHi[slot], 0, count);
        System.arraycopy(lo, 0, idsLo[slot], 0, count);
        expiresNs[slot] = nowNs + lifetimeNs;
        if (inState[ADDING] + inState[LIVE] == 0 || expiresNs[slot] - earliestExpiryNs < 0)
        {
            earliestExpiryNs = expiresNs[slot];
        }
        slotByKeyLo.put(newLo, slot);
        setState(slot, ADDING);
        enqueue(slot);
        drain();
        return new PeerId(newHi, newLo);
    }

    /**
     * A private id was used: it lives another lifetime from now.
     *
     * @param hi    high 64 bits of the private id.
     * @param lo    low 64 bits of the private id.
     * @param nowNs the current time.
     * @return false if it is not held (never handed out, expired or released).
     */
    public boolean touch(final long hi, final long lo, final long nowNs)
    {
        final int slot = heldSlot(hi, lo);
        if (slot < 0)
        {
            return false;
        }
        expiresNs[slot] = nowNs + lifetimeNs;
        return true;
    }

    /**
     * Give a private id up before it expires, e.g. when the transaction it served is over.
     *
     * @param hi high 64 bits of the private id.
     * @param lo low 64 bits of the private id.
     * @return false if it is not held.
     */
    public boolean release(final long hi, final long lo)
    {
        final int slot = heldSlot(hi, lo);
        if (slot < 0)
        {
            return false;
        }
        retire(slot);
        drain();
        return true;
    }

    /**
     * Retire the private ids whose lifetime is over, then offer the sink the changes it has not taken yet, in order.
     *
     * @param nowNs the current time.
     * @return entries retired plus changes the sink took, for a duty cycle's work count.
     */
    public int poll(final long nowNs)
    {
        int work = 0;
        if (inState[ADDING] + inState[LIVE] > 0 && nowNs - earliestExpiryNs >= 0)
        {
            long earliest = Long.MAX_VALUE;
            boolean any = false;
            for (int slot = 0; slot < capacity; slot++)
            {
                final int s = state[slot];
                if (s == ADDING || s == LIVE)
                {
                    if (nowNs - expiresNs[slot] >= 0)
                    {
                        retire(slot);
                        work++;
                    }
                    else if (!any || expiresNs[slot] - earliest < 0)
                    {
                        earliest = expiresNs[slot];
                        any = true;
                    }
                }
            }
            earliestExpiryNs = earliest;
        }
        return work + drain();
    }

    /**
     * @param hi high 64 bits of an id.
     * @param lo low 64 bits of an id.
     * @return whether it is a private id held, installed in the forwarder or on its way there.
     */
    public boolean contains(final long hi, final long lo)
    {
        return heldSlot(hi, lo) >= 0;
    }

    /**
     * @param hi high 64 bits of a private id.
     * @param lo low 64 bits of a private id.
     * @return whether the sink took it, so the forwarder expands it.
     */
    public boolean isInstalled(final long hi, final long lo)
    {
        final int slot = heldSlot(hi, lo);
        return slot >= 0 && state[slot] == LIVE;
    }

    /**
     * @return private ids held: installed or on their way to the forwarder.
     */
    public int size()
    {
        return inState[ADDING] + inState[LIVE];
    }

    /**
     * @return whether {@link #allocate} would refuse now: every slot is held or its removal not yet taken.
     */
    public boolean isFull()
    {
        return 0 == freeCount;
    }

    /**
     * @return changes the sink has not taken yet.
     */
    public int pendingCount()
    {
        return inState[ADDING] + inState[REMOVING];
    }

    /**
     * @return allocations refused because the state was full.
     */
    public long refusedCount()
    {
        return refused;
    }

    /**
     * @return most private ids at once.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * draft §2: peer-ids 0 and 2^N - 1 (the wildcard) are reserved.
     */
    private static boolean isReserved(final long hi, final long lo)
    {
        return (0 == hi && 0 == lo) || Ring.isWildcard(hi, lo);
    }

    private int heldSlot(final long hi, final long lo)
    {
        final int slot = (int)slotByKeyLo.get(lo);
        if (slot < 0 || keyHi[slot] != hi)
        {
            return -1;
        }
        final int s = state[slot];
        return s == ADDING || s == LIVE ? slot : -1;
    }

    private void retire(final int slot)
    {
        if (state[slot] == ADDING)
        {
            // the sink never took it, so there is nothing to undo: cancel both changes
            freeSlot(slot);
        }
        else
        {
            setState(slot, REMOVING);
            enqueue(slot);
        }
    }

    /**
     * @return changes the sink took.
     */
    private int drain()
    {
        int taken = 0;
        while (queueSize > 0)
        {
            final int slot = queue[queueHead];
            final int s = state[slot];
            if (s == ADDING)
            {
                if (!sink.add(keyHi[slot], keyLo[slot], idsHi[slot], idsLo[slot], idCount[slot]))
                {
                    break;
                }
                setState(slot, LIVE);
                taken++;
            }
            else if (s == REMOVING)
            {
                if (!sink.remove(keyHi[slot], keyLo[slot]))
                {
                    break;
                }
                freeSlot(slot);
                taken++;
            }
            // any other state: a change cancelled before the sink took it
            queued[slot] = false;
            queueHead = queueHead + 1 == capacity ? 0 : queueHead + 1;
            queueSize--;
        }
        return taken;
    }

    private void enqueue(final int slot)
    {
        if (!queued[slot])
        {
            queued[slot] = true;
            final int tail = queueHead + queueSize;
            queue[tail >= capacity ? tail - capacity : tail] = slot;
            queueSize++;
        }
    }

    private void freeSlot(final int slot)
    {
        slotByKeyLo.remove(keyLo[slot]);
        setState(slot, FREE);
        free[freeCount++] = slot;
    }

    private void setState(final int slot, final int newState)
    {
        inState[state[slot]]--;
        inState[newState]++;
        state[slot] = newState;
    }
}
