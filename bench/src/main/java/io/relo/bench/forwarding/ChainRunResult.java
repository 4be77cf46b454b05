package io.relo.bench.forwarding;

import io.relo.fastpath.ForwarderCounter;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one run of the harness measured.
 *
 * @param spec                   the run.
 * @param frameLength            bytes of each frame as the generator sent it.
 * @param deliveredFrameLength   bytes as the sink received it (forwarders add one via entry per hop).
 * @param tally                  the generator's and sink's counts.
 * @param measuredSeconds        length of the measured window.
 * @param latency                one-way latency in ns of the frames intended in the window (fixed rate; else empty).
 * @param counters               forwarder counters summed over the chain, from after the probe to the end.
 * @param chainFramesInWindow    frames the chain's thread forwarded or relayed in the window, all hops together.
 * @param chainAllocatedBytes    bytes the chain's thread allocated in the window, -1 if the JVM cannot tell.
 * @param endpointAllocatedBytes bytes the generator-and-sink thread allocated in the window, -1 if unknown.
 * @param relayDrops             datagrams raw UDP relays failed to send, and their I/O errors.
 * @param errors                 errors reported by the chain's agents and runners.
 * @param threads                every thread alive during the run.
 * @param generatorKeptUp        false if frames intended in the window were still unsent when the run ended.
 * @param endpointIdleFraction   duty cycles of the generator-and-sink thread that found no work, whole run.
 * @param chainIdleFraction      duty cycles of the chain's thread that found no work, whole run; NaN if none.
 * @param endpointBusyFraction   time the generator-and-sink thread spent in cycles that did work (saturating runs).
 * @param chainBusyFraction      time the chain's thread spent in cycles that did work (saturating runs).
 */
public record ChainRunResult(
    ChainSpec spec,
    int frameLength,
    int deliveredFrameLength,
    EndpointAgent.Tally tally,
    double measuredSeconds,
    Histogram latency,
    Map<ForwarderCounter, Long> counters,
    long chainFramesInWindow,
    long chainAllocatedBytes,
    long endpointAllocatedBytes,
    long relayDrops,
    List<String> errors,
    List<ThreadRole> threads,
    boolean generatorKeptUp,
    double endpointIdleFraction,
    double chainIdleFraction,
    double endpointBusyFraction,
    double chainBusyFraction)
{
    /**
     * @return frames that arrived at the sink per second of the window.
     */
    public double deliveredPerSecond()
    {
        return tally.receivedInWindow() / measuredSeconds;
    }

    /**
     * @return frames sent per second of the window.
     */
    public double offeredPerSecond()
    {
        return tally.sentInWindow() / measuredSeconds;
    }

    /**
     * @return frames sent that neither arrived nor arrived malformed by the end of the run.
     */
    public long lost()
    {
        return tally.sent() - tally.received() - tally.malformed();
    }

    /**
     * @param counter a forwarder counter.
     * @return whether it counts frames dropped for one reason (refused commands are not frames).
     */
    public static boolean isFrameDrop(final ForwarderCounter counter)
    {
        return counter.name().startsWith("DROP_") && counter != ForwarderCounter.DROP_BAD_COMMAND;
    }

    /**
     * @return frames the forwarders dropped, every reason together.
     */
    public long forwarderDrops()
    {
        long drops = 0;
        for (final Map.Entry<ForwarderCounter, Long> entry : counters.entrySet())
        {
            if (isFrameDrop(entry.getKey()))
            {
                drops += entry.getValue();
            }
        }
        return drops;
    }

    /**
     * @return bytes the chain's thread allocated per frame it forwarded in the window, NaN if unknown.
     */
    public double allocatedBytesPerFrame()
    {
        return chainAllocatedBytes < 0 || chainFramesInWindow == 0 ?
            Double.NaN : (double)chainAllocatedBytes / chainFramesInWindow;
    }

    /**
     * @return threads that busy-spin.
     */
    public long spinningThreads()
    {
        return threads.stream().filter(ThreadRole::spins).count();
    }
}
