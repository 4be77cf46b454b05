package io.relo.bench.forwarding;

/**
 * What stands between the load generator and the sink.
 */
public enum ChainKind
{
    /** Nothing: the generator sends straight to the sink (0 hops), the baseline for added latency per hop. */
    DIRECT("direct"),
    /** Relays that poll and send on with no RELOAD processing, the baseline for forwarding throughput. */
    RAW_RELAY("raw relay"),
    /** relo {@link io.relo.fastpath.Forwarder}s, each routing by the draft's rules. */
    FORWARDER("forwarder");

    private final String title;

    ChainKind(final String title)
    {
        this.title = title;
    }

    /**
     * @return name for people.
     */
    public String title()
    {
        return title;
    }
}
