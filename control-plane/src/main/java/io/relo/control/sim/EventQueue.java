package io.relo.control.sim;

import java.util.Arrays;

/**
 * The {@link SimNetwork}'s pending events as a binary min-heap over primitive keys: by time, then by order of
 * scheduling, so that events due at the same instant run in the order they were booked and a run is a function of
 * its seed. Cheaper than a {@code PriorityQueue} with a comparator over event objects at millions of events.
 */
final class EventQueue
{
    private long[] atNs = new long[1024];
    private long[] seqs = new long[1024];
    private Runnable[] actions = new Runnable[1024];
    private int size;
    private long nextSeq;

    /**
     * @param timeNs when the action is due.
     * @param action what to run then.
     */
    void add(final long timeNs, final Runnable action)
    {
        if (size == atNs.length)
        {
            final int capacity = size * 2;
            atNs = Arrays.copyOf(atNs, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            actions = Arrays.copyOf(actions, capacity);
        }
        final long seq = nextSeq++;
        int i = size++;
        // Sift up: move parents that come later down into the hole.
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!before(timeNs, seq, atNs[parent], seqs[parent]))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        atNs[i] = timeNs;
        seqs[i] = seq;
        actions[i] = action;
    }

    /**
     * @return whether no event is pending.
     */
    boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * @return when the earliest event is due; only valid when not empty.
     */
    long nextNs()
    {
        return atNs[0];
    }

    /**
     * @return the earliest event's action, removed; only valid when not empty.
     */
    Runnable poll()
    {
        final Runnable first = actions[0];
        final int last = --size;
        final long timeNs = atNs[last];
        final long seq = seqs[last];
        final Runnable action = actions[last];
        actions[last] = null;
        if (last > 0)
        {
            // Sift the last entry down from the root.
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= last)
                {
                    break;
                }
                if (child + 1 < last && before(atNs[child + 1], seqs[child + 1], atNs[child], seqs[child]))
                {
                    child++;
                }
                if (!before(atNs[child], seqs[child], timeNs, seq))
                {
                    break;
                }
                move(child, i);
                i = child;
            }
            atNs[i] = timeNs;
            seqs[i] = seq;
            actions[i] = action;
        }
        return first;
    }

    /**
     * @return number of pending events.
     */
    int size()
    {
        return size;
    }

    private void move(final int from, final int to)
    {
        atNs[to] = atNs[from];
        seqs[to] = seqs[from];
        actions[to] = actions[from];
    }

    private static boolean before(final long aNs, final long aSeq, final long bNs, final long bSeq)
    {
        return aNs < bNs || (aNs == bNs && aSeq < bSeq);
    }
}
