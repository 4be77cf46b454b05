package io.relo.bench.codec;

import org.agrona.DirectBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Feeds every field a frame reader touches to a JMH {@link Blackhole} so the JIT cannot drop the reads.
 * <p>
 * Allocate once per benchmark state and {@link #wrap(Blackhole)} the invocation's Blackhole, so that measuring
 * allocation sees the readers' allocations and not the sink's.
 */
public final class BlackholeFieldSink implements FieldSink
{
    private Blackhole blackhole;

    /**
     * @param blackhole JMH's sink for this invocation.
     * @return this for a fluent API.
     */
    public BlackholeFieldSink wrap(final Blackhole blackhole)
    {
        this.blackhole = blackhole;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public void value(final long value)
    {
        blackhole.consume(value);
    }

    /**
     * {@inheritDoc}
     */
    public void id(final long hi, final long lo)
    {
        blackhole.consume(hi);
        blackhole.consume(lo);
    }

    /**
     * {@inheritDoc}
     */
    public void bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        // a consumer of an in-place field gets where it is; the bytes stay put until it needs them
        blackhole.consume(offset);
        blackhole.consume(length);
    }

    /**
     * {@inheritDoc}
     */
    public void bytes(final byte[] bytes)
    {
        blackhole.consume(bytes);
    }
}
