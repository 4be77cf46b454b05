package io.relo.bench.forwarding;

import org.agrona.concurrent.Agent;

/**
 * Wraps an agent to count its duty cycles and those that found no work and, when timed, the share of its time spent
 * in cycles that did work, so a run can say which of its two threads was saturated. Timing costs one System.nanoTime
 * per cycle, so only saturating runs, which measure no latency, turn it on.
 */
public final class DutyCycleCounter implements Agent
{
    private final Agent delegate;
    private final boolean timed;
    private long cycles;
    private long idleCycles;
    private long lastStartNs;
    private boolean lastCycleWorked;
    private long busyNs;
    private long totalNs;

    /**
     * @param delegate the agent doing the work.
     * @param timed    whether to measure busy time as well.
     */
    public DutyCycleCounter(final Agent delegate, final boolean timed)
    {
        this.delegate = delegate;
        this.timed = timed;
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        if (timed)
        {
            // the time since the last cycle began was that cycle's, plus the idle strategy's after it
            final long now = System.nanoTime();
            if (lastStartNs != 0)
            {
                final long elapsed = now - lastStartNs;
                totalNs += elapsed;
                busyNs += lastCycleWorked ? elapsed : 0;
            }
            lastStartNs = now;
        }
        final int work = delegate.doWork();
        cycles++;
        idleCycles += work == 0 ? 1 : 0;
        lastCycleWorked = work > 0;
        return work;
    }

    @Override
    public void onClose()
    {
        delegate.onClose();
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }

    /**
     * @return fraction of duty cycles that found no work; read once the agent's thread has stopped.
     */
    public double idleFraction()
    {
        return cycles == 0 ? Double.NaN : (double)idleCycles / cycles;
    }

    /**
     * @return fraction of the thread's time spent in cycles that did work, NaN when not timed; read once the agent's
     *         thread has stopped.
     */
    public double busyFraction()
    {
        return !timed || totalNs == 0 ? Double.NaN : (double)busyNs / totalNs;
    }
}
