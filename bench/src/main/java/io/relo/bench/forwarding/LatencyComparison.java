package io.relo.bench.forwarding;

import org.HdrHistogram.Histogram;

/**
 * Added latency per hop at each reported percentile: (chain's value - direct's value) / hops, both histograms in
 * nanoseconds and recorded in the same way at the same offered rate.
 */
public final class LatencyComparison
{
    /** Percentiles every report gives; 100 is the maximum. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};
    /** Their names, in the same order. */
    public static final String[] NAMES = {"p50", "p90", "p99", "p99.9", "max"};

    private LatencyComparison()
    {
    }

    /**
     * @param histogram  in ns.
     * @param percentile 0 to 100, 100 meaning the maximum.
     * @return the value there, in ns.
     */
    public static long at(final Histogram histogram, final double percentile)
    {
        return percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
    }

    /**
     * @param chain      histogram across the chain.
     * @param direct     histogram of the direct run.
     * @param hops       hops of the chain beyond the direct run's.
     * @param percentile 0 to 100.
     * @return added ns per hop at that percentile.
     */
    public static double perHop(final Histogram chain, final Histogram direct, final int hops, final double percentile)
    {
        return (at(chain, percentile) - at(direct, percentile)) / (double)hops;
    }
}
