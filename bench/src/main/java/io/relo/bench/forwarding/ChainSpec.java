package io.relo.bench.forwarding;

import java.util.concurrent.TimeUnit;

/**
 * One run of the harness: which nodes stand between generator and sink, over which link, under which load, for how
 * long, and the idle strategy of each of the two working threads.
 *
 * @param name          identifies the run in output and file names, e.g. "ipc-4-hop-chain".
 * @param link          transport between all nodes.
 * @param kind          what the nodes are.
 * @param hops          nodes between generator and sink: 0 for {@link ChainKind#DIRECT}, else 1 to {@link #MAX_HOPS}.
 * @param load          how frames are offered.
 * @param warmupNs      time offered before measuring starts.
 * @param durationNs    time measured.
 * @param endpointIdle  idle strategy of the generator-and-sink thread: busy, yield, backoff or sleep.
 * @param chainIdle     idle strategy of the thread running every node of the chain.
 */
public record ChainSpec(
    String name,
    LinkType link,
    ChainKind kind,
    int hops,
    OfferedLoad load,
    long warmupNs,
    long durationNs,
    String endpointIdle,
    String chainIdle)
{
    /** Most nodes in one chain. */
    public static final int MAX_HOPS = 32;

    /**
     * Check the parts fit together.
     */
    public ChainSpec
    {
        if (kind == ChainKind.DIRECT ? hops != 0 : hops < 1 || hops > MAX_HOPS)
        {
            throw new IllegalArgumentException(kind == ChainKind.DIRECT ?
                "a direct run has 0 hops, not " + hops : "a chain has 1 to " + MAX_HOPS + " hops, not " + hops);
        }
        if (warmupNs < 0 || durationNs <= 0)
        {
            throw new IllegalArgumentException("run " + name + ": warm-up must be >= 0 and duration > 0");
        }
    }

    /**
     * @param name     of the run.
     * @param link     transport.
     * @param kind     what the nodes are.
     * @param hops     nodes in the chain.
     * @param load     how frames are offered.
     * @param warmup   seconds before measuring.
     * @param duration seconds measured.
     * @param endpointIdle idle strategy of the generator-and-sink thread.
     * @param chainIdle    idle strategy of the chain's thread.
     * @return the spec.
     */
    public static ChainSpec of(
        final String name,
        final LinkType link,
        final ChainKind kind,
        final int hops,
        final OfferedLoad load,
        final double warmup,
        final double duration,
        final String endpointIdle,
        final String chainIdle)
    {
        return new ChainSpec(name, link, kind, hops, load, seconds(warmup), seconds(duration), endpointIdle,
            chainIdle);
    }

    private static long seconds(final double seconds)
    {
        return (long)(seconds * TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * @return e.g. "Aeron IPC, 4 forwarders" or "UDP loopback, direct".
     */
    public String describe()
    {
        return link.title() + ", " + switch (kind)
        {
            case DIRECT -> "direct (0 hops)";
            case RAW_RELAY -> hops + (hops == 1 ? " raw relay" : " raw relays");
            case FORWARDER -> hops + (hops == 1 ? " forwarder" : " forwarders");
        };
    }
}
