package io.relo.bench.forwarding;

import org.agrona.concurrent.Agent;

/**
 * Wraps an agent to count its duty cycles and those that found no work, so a run can say which of its two threads
 * was saturated: the one that is almost never idle is the bottleneck.
 */
public final class DutyCycleCounter implements Agent
{
    private final Agent delegate;
    private long cycles;
    private long idleCycles;

    /**
     * @param delegate the agent doing the work.
     */
    public DutyCycleCounter(final Agent delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        final int work = delegate.doWork();
        cycles++;
        idleCycles += work == 0 ? 1 : 0;
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
}
