package io.relo.bench.forwarding;

/**
 * How the load generator offers frames: open loop at a fixed rate (for latency, recorded against each frame's
 * intended send time so that coordinated omission is corrected), or closed loop keeping a window of frames in flight
 * (for the most a chain sustains without loss).
 */
public final class OfferedLoad
{
    private final long ratePerSecond;
    private final int window;

    private OfferedLoad(final long ratePerSecond, final int window)
    {
        this.ratePerSecond = ratePerSecond;
        this.window = window;
    }

    /**
     * @param ratePerSecond frames per second, evenly spaced.
     * @return an open-loop load.
     */
    public static OfferedLoad fixedRate(final long ratePerSecond)
    {
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000L)
        {
            throw new IllegalArgumentException("offered rate must be 1 to 1e9 frames/s, not " + ratePerSecond);
        }
        return new OfferedLoad(ratePerSecond, 0);
    }

    /**
     * @param window most frames sent and not yet received; keep it below what the smallest queue on the path holds.
     * @return a closed-loop, saturating load.
     */
    public static OfferedLoad saturating(final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("window must be at least 1 frame, not " + window);
        }
        return new OfferedLoad(0, window);
    }

    /**
     * @return true for an open-loop load at a fixed rate.
     */
    public boolean isFixedRate()
    {
        return ratePerSecond > 0;
    }

    /**
     * @return frames per second of a fixed-rate load, else 0.
     */
    public long ratePerSecond()
    {
        return ratePerSecond;
    }

    /**
     * @return nanoseconds between intended send times of a fixed-rate load.
     */
    public double intervalNs()
    {
        return 1e9 / ratePerSecond;
    }

    /**
     * @return frames in flight of a saturating load, else 0.
     */
    public int window()
    {
        return window;
    }

    /**
     * @return e.g. "fixed rate 100000 frames/s" or "saturating, window 256 frames".
     */
    public String describe()
    {
        return isFixedRate() ?
            "fixed rate " + ratePerSecond + " frames/s, open loop, latency against intended send time" :
            "saturating, closed loop with at most " + window + " frames in flight";
    }
}
