package io.relo.bench.forwarding;

import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator and the sink of a bench chain on one thread: each duty cycle takes what arrived at the sink,
 * then sends what the load calls for. At a fixed rate the frames' intended send times are evenly spaced from the
 * start whatever happens, and a frame's latency is recorded against its intended time: a generator held back by the
 * chain sends its backlog late and those frames count their wait (coordinated omission corrected, as in
 * HdrHistogram's own guidance for paced open-loop load). Saturating, it keeps a window of frames in flight.
 */
public final class EndpointAgent implements Agent, FrameHandler
{
    /** Most frames sent per duty cycle, so a generator catching up still lets the sink run. */
    public static final int SEND_BURST = 16;
    /** Most frames taken from the sink per duty cycle. */
    public static final int POLL_LIMIT = 64;
    /** Least time between two runs of the media driver's duty cycle on this thread, for IPC runs. */
    public static final long DRIVER_DUTY_INTERVAL_NS = 100_000;
    /** At a fixed rate the driver runs only when the next send is at least this far off... */
    public static final long DRIVER_DUTY_GAP_NS = 5_000;
    /** ...unless this long has passed since it last ran. */
    public static final long DRIVER_DUTY_DEADLINE_NS = 1_000_000;
    /** Highest latency the histogram tracks; larger values are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);

    private final EndpointPorts.Sender sender;
    private final EndpointPorts.Source source;
    private final UnsafeBuffer frame;
    private final int frameLength;
    private final int expectedLength;
    private final int expectedVia;
    private final OfferedLoad load;
    private final long rate;
    private final int window;
    private final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final EmbeddedAeron aeron;
    private AgentInvoker driver;
    private long lastDriverDutyNs;
    private long pollTimeNs;

    private long startNs;
    private long measureStartNs;
    private long measureEndNs;

    private boolean generating = true;
    private long nextSequence;
    private long nextSendTime;
    private long sentInWindow;
    private long sendFailures;

    private long received;
    private long receivedInWindow;
    private long malformed;
    private long outOfOrder;
    private long gaps;
    private long probesSent;
    private long probesReceived;
    private long expectedSequence;

    private final AtomicLong sentPublished = new AtomicLong();
    private final AtomicLong receivedPublished = new AtomicLong();
    private final AtomicLong malformedPublished = new AtomicLong();
    private volatile boolean doneGenerating;

    /**
     * @param sender      towards the first node.
     * @param source      from the last node.
     * @param frame       holding a {@link BenchFrame} at index 0; the agent stamps it before each send.
     * @param frameLength of that frame.
     * @param hops        forwarders the frames cross, each adding one via entry; 0 for relays and direct runs.
     * @param load        how to offer.
     * @param aeron       whose media driver this thread runs while the agent runs; null for UDP.
     */
    public EndpointAgent(
        final EndpointPorts.Sender sender,
        final EndpointPorts.Source source,
        final UnsafeBuffer frame,
        final int frameLength,
        final int hops,
        final OfferedLoad load,
        final EmbeddedAeron aeron)
    {
        this.aeron = aeron;
        this.sender = sender;
        this.source = source;
        this.frame = frame;
        this.frameLength = frameLength;
        this.expectedVia = hops;
        this.expectedLength = frameLength + hops * 16;
        this.load = load;
        this.rate = load.ratePerSecond();
        this.window = load.window();
    }

    /**
     * Set the schedule; call before the agent's thread starts.
     *
     * @param startNs    System.nanoTime of the first intended send.
     * @param warmupNs   time before measuring starts.
     * @param durationNs time measured; sending stops at its end.
     */
    public void schedule(final long startNs, final long warmupNs, final long durationNs)
    {
        this.startNs = startNs;
        this.nextSendTime = startNs;
        this.measureStartNs = startNs + warmupNs;
        this.measureEndNs = measureStartNs + durationNs;
    }

    @Override
    public String roleName()
    {
        return "relo-bench-endpoints";
    }

    @Override
    public void onStart()
    {
        if (null != aeron)
        {
            driver = aeron.acquireDriver();
        }
    }

    @Override
    public int doWork()
    {
        // a saturating run times arrivals by the cycle, sparing a clock read per frame; a latency run reads it per frame
        final long now = System.nanoTime();
        pollTimeNs = now;
        int work = source.poll(this, POLL_LIMIT);
        if (generating)
        {
            work += load.isFixedRate() ? sendPaced(now) : sendWindowed(now);
        }
        if (isDriverDue(now))
        {
            lastDriverDutyNs = now;
            work += driver.invoke();
        }
        if (work > 0)
        {
            sentPublished.lazySet(nextSequence);
            receivedPublished.lazySet(received);
            malformedPublished.lazySet(malformed);
        }
        return work;
    }

    /**
     * The driver's duty cycle cleans the log buffers behind the readers, work proportional to the traffic that would
     * run on a core of its own in a deployment. At a fixed rate it runs in a gap, with nothing in flight and the next
     * send not due for a while, so that it delays no frame; when no gap comes it runs anyway, so publishers never
     * stall.
     */
    private boolean isDriverDue(final long now)
    {
        if (null == driver)
        {
            return false;
        }
        final long sinceLast = now - lastDriverDutyNs;
        if (sinceLast < DRIVER_DUTY_INTERVAL_NS)
        {
            return false;
        }
        if (rate == 0 || sinceLast >= DRIVER_DUTY_DEADLINE_NS)
        {
            return true;
        }
        return nextSequence == received + malformed && nextSendTime - now >= DRIVER_DUTY_GAP_NS;
    }

    @Override
    public void onClose()
    {
        if (null != driver)
        {
            driver = null;
            aeron.releaseDriver();
        }
    }

    private int sendPaced(final long now)
    {
        int sent = 0;
        while (sent < SEND_BURST)
        {
            final long sendTime = nextSendTime;
            if (sendTime >= measureEndNs)
            {
                stopGenerating();
                break;
            }
            if (sendTime > now)
            {
                break;
            }
            BenchFrame.stamp(frame, 0, frameLength, nextSequence, sendTime);
            if (!sender.send(frame, 0, frameLength))
            {
                sendFailures++;
                break;
            }
            sentInWindow += sendTime >= measureStartNs ? 1 : 0;
            nextSequence++;
            // from the start each time, so rounding never drifts the schedule
            nextSendTime = startNs + nextSequence * 1_000_000_000L / rate;
            sent++;
        }
        return sent;
    }

    private int sendWindowed(final long now)
    {
        if (now >= measureEndNs)
        {
            stopGenerating();
            return 0;
        }
        int sent = 0;
        while (sent < SEND_BURST && nextSequence - received - malformed < window)
        {
            BenchFrame.stamp(frame, 0, frameLength, nextSequence, now);
            if (!sender.send(frame, 0, frameLength))
            {
                sendFailures++;
                break;
            }
            sentInWindow += now >= measureStartNs ? 1 : 0;
            nextSequence++;
            sent++;
        }
        return sent;
    }

    private void stopGenerating()
    {
        generating = false;
        sentPublished.lazySet(nextSequence);
        doneGenerating = true;
    }

    @Override
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final long now = rate > 0 ? System.nanoTime() : pollTimeNs;
        final long sequence = BenchFrame.sequence(buffer, offset, length);
        if (sequence == BenchFrame.PROBE_SEQUENCE)
        {
            probesReceived++;
            return;
        }
        final ForwardingHeaderFlyweight header = this.header.wrap(buffer, offset, length);
        if (length != expectedLength || header.validate() != FrameStatus.OK || header.viaListCount() != expectedVia)
        {
            malformed++;
            return;
        }
        if (sequence != expectedSequence)
        {
            if (sequence < expectedSequence)
            {
                outOfOrder++;
            }
            else
            {
                gaps += sequence - expectedSequence;
            }
        }
        expectedSequence = Math.max(expectedSequence, sequence + 1);
        received++;
        receivedInWindow += now >= measureStartNs && now < measureEndNs ? 1 : 0;
        if (rate > 0)
        {
            final long sendTime = BenchFrame.sendTime(buffer, offset, length);
            if (sendTime >= measureStartNs && sendTime < measureEndNs)
            {
                histogram.recordValue(Math.min(Math.max(now - sendTime, 0), HIGHEST_TRACKABLE_NS));
            }
        }
    }

    /**
     * Send one probe and wait up to {@code timeoutNs} for a probe to arrive, on the calling thread, before the agent
     * runs.
     *
     * @param timeoutNs how long to wait.
     * @return true if a probe crossed the chain.
     */
    boolean probe(final long timeoutNs)
    {
        BenchFrame.stamp(frame, 0, frameLength, BenchFrame.PROBE_SEQUENCE, System.nanoTime());
        if (sender.send(frame, 0, frameLength))
        {
            probesSent++;
        }
        final long before = probesReceived;
        return pollProbes(System.nanoTime() + timeoutNs, before + 1);
    }

    /**
     * Wait for every probe sent to arrive, so that none crosses the chain once the run is counting.
     *
     * @param timeoutNs how long to wait.
     * @return true if none is still in flight.
     */
    boolean awaitProbes(final long timeoutNs)
    {
        return pollProbes(System.nanoTime() + timeoutNs, probesSent);
    }

    private boolean pollProbes(final long deadline, final long target)
    {
        while (probesReceived < target)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            source.poll(this, POLL_LIMIT);
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * @return frames sent so far, readable from any thread.
     */
    public long sent()
    {
        return sentPublished.get();
    }

    /**
     * @return frames received intact so far, readable from any thread.
     */
    public long received()
    {
        return receivedPublished.get();
    }

    /**
     * @return frames received malformed so far, readable from any thread.
     */
    public long malformed()
    {
        return malformedPublished.get();
    }

    /**
     * @return true once the generator has sent every frame of the schedule.
     */
    public boolean isDoneGenerating()
    {
        return doneGenerating;
    }

    /**
     * @return latency histogram in ns; read once the agent's thread has stopped.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    /**
     * @return the load offered.
     */
    public OfferedLoad load()
    {
        return load;
    }

    /**
     * The agent's tallies, read once its thread has stopped.
     *
     * @param sent             frames sent, probes excluded.
     * @param sentInWindow     of those, sent with an intended (fixed rate) or actual (saturating) time in the window.
     * @param received         frames that arrived intact.
     * @param receivedInWindow of those, arrived during the measured window.
     * @param malformed        frames that arrived with the wrong length, header or via count.
     * @param outOfOrder       frames that arrived after a later one.
     * @param gaps             sequence numbers skipped at the time (lost or, if they arrive later, reordered).
     * @param sendFailures     sends the first link refused (back pressure), each retried later.
     * @param scheduled        frames the schedule intended in the measured window (fixed rate; else 0).
     */
    public record Tally(
        long sent,
        long sentInWindow,
        long received,
        long receivedInWindow,
        long malformed,
        long outOfOrder,
        long gaps,
        long sendFailures,
        long scheduled)
    {
    }

    /**
     * @return the tallies; call once the agent's thread has stopped.
     */
    public Tally tally()
    {
        final long scheduled = rate > 0 ? ceilDiv(measureEndNs - startNs) - ceilDiv(measureStartNs - startNs) : 0;
        return new Tally(nextSequence, sentInWindow, received, receivedInWindow, malformed, outOfOrder, gaps,
            sendFailures, scheduled);
    }

    /** Frames whose intended send time is before {@code elapsedNs} after the start. */
    private long ceilDiv(final long elapsedNs)
    {
        return (long)Math.ceil(elapsedNs * (double)rate / 1e9);
    }
}
