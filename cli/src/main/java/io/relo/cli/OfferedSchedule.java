package io.relo.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop schedule for the overlay demo's requests: request i is intended at start + i / rate whatever happens,
 * with at most a window of them outstanding. A request held back by the window goes out late, and its latency is
 * measured from the intended time, which corrects coordinated omission.
 */
final class OfferedSchedule
{
    private final long startNs;
    private final double intervalNs;
    private final int window;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile int maxOutstanding;

    /**
     * @param ratePerSecond requests per second offered.
     * @param window        the most requests outstanding at once.
     */
    OfferedSchedule(final int ratePerSecond, final int window)
    {
        this.intervalNs = 1e9 / ratePerSecond;
        this.window = window;
        this.startNs = System.nanoTime();
    }

    /**
     * Wait for request i's intended time and a free place in the window, and take the place.
     *
     * @param i the request's index.
     * @return its intended send time, to measure latency from.
     */
    long awaitSlot(final int i)
    {
        final long intendedNs = intendedNs(i);
        long now;
        while ((now = System.nanoTime()) < intendedNs)
        {
            LockSupport.parkNanos(intendedNs - now);
        }
        while (outstanding.get() >= window)
        {
            LockSupport.parkNanos(20_000);
        }
        final int n = outstanding.incrementAndGet();
        if (n > maxOutstanding)
        {
            maxOutstanding = n;
        }
        return intendedNs;
    }

    /**
     * @param i a request's index.
     * @return its intended send time.
     */
    long intendedNs(final int i)
    {
        return startNs + (long)(i * intervalNs);
    }

    /** A request ended: its place in the window is free. Any thread. */
    void done()
    {
        outstanding.decrementAndGet();
    }

    /**
     * Wait until every request has ended.
     *
     * @param timeoutSeconds at most this long.
     * @return whether all ended.
     */
    boolean drain(final long timeoutSeconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (outstanding.get() > 0)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /**
     * @return the schedule's start.
     */
    long startNs()
    {
        return startNs;
    }

    /**
     * @return the most requests that were outstanding at once.
     */
    int maxOutstanding()
    {
        return maxOutstanding;
    }
}
