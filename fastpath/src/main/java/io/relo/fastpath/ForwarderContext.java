package io.relo.fastpath;

import io.aeron.Aeron;
import io.relo.fastpath.command.Deliveries;
import io.relo.fastpath.link.FrameBuffer;
import io.relo.fastpath.link.InMemoryNetwork;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.LoggingErrorHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Configuration of a {@link Forwarder}: each setting is a system property name beside its default, overridable here.
 */
public final class ForwarderContext implements AutoCloseable
{
    /** Idle strategy: busy, yield, backoff or sleep. Busy spinning is for a dedicated peer on its own core. */
    public static final String IDLE_STRATEGY_PROP_NAME = "relo.fastpath.idle.strategy";
    public static final String IDLE_STRATEGY_DEFAULT = "busy";

    /** Bytes in front of each received frame that the header prefix can grow into. */
    public static final String HEADROOM_PROP_NAME = "relo.fastpath.headroom";
    public static final int HEADROOM_DEFAULT = 8192;

    /** Datagrams taken from one link per duty cycle, so that one busy link cannot starve the others. */
    public static final String POLL_BURST_PROP_NAME = "relo.fastpath.poll.burst";
    public static final int POLL_BURST_DEFAULT = 16;

    /** Commands applied per duty cycle. */
    public static final String COMMAND_BURST_PROP_NAME = "relo.fastpath.command.burst";
    public static final int COMMAND_BURST_DEFAULT = 16;

    /** Bytes of the command ring buffer (a power of two). */
    public static final String COMMAND_BUFFER_LENGTH_PROP_NAME = "relo.fastpath.command.buffer.length";
    public static final int COMMAND_BUFFER_LENGTH_DEFAULT = 1024 * 1024;

    /** Bytes of the delivery ring buffer towards the control plane (a power of two). */
    public static final String DELIVERY_BUFFER_LENGTH_PROP_NAME = "relo.fastpath.delivery.buffer.length";
    public static final int DELIVERY_BUFFER_LENGTH_DEFAULT = 4 * 1024 * 1024;

    /** Private ids of route-list compression held at once. */
    public static final String COMPRESSION_CAPACITY_PROP_NAME = "relo.fastpath.compression.capacity";
    public static final int COMPRESSION_CAPACITY_DEFAULT = 1024;

    private String idleStrategyName = System.getProperty(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
    private IdleStrategy idleStrategy;
    private int headroom = Integer.getInteger(HEADROOM_PROP_NAME, HEADROOM_DEFAULT);
    private int pollBurst = Integer.getInteger(POLL_BURST_PROP_NAME, POLL_BURST_DEFAULT);
    private int commandBurst = Integer.getInteger(COMMAND_BURST_PROP_NAME, COMMAND_BURST_DEFAULT);
    private int commandBufferLength = Integer.getInteger(COMMAND_BUFFER_LENGTH_PROP_NAME,
        COMMAND_BUFFER_LENGTH_DEFAULT);
    private int deliveryBufferLength = Integer.getInteger(DELIVERY_BUFFER_LENGTH_PROP_NAME,
        DELIVERY_BUFFER_LENGTH_DEFAULT);
    private int compressionCapacity = Integer.getInteger(COMPRESSION_CAPACITY_PROP_NAME,
        COMPRESSION_CAPACITY_DEFAULT);
    private String roleName = "relo-forwarder";
    private boolean acceptUnlinkedFrames;
    private File dir;
    private InetSocketAddress udpListenAddress;
    private Aeron aeron;
    private InMemoryNetwork inMemoryNetwork;
    private RingBuffer commandBuffer;
    private RingBuffer deliveryBuffer;
    private ErrorHandler errorHandler;
    private CountersFile countersFile;
    private AtomicCounter[] counters;
    private boolean concluded;

    /**
     * Fill in defaults and create what was not given: ring buffers, counters (in the directory's counters file when
     * a directory is set, else in memory), the distinct error log and the idle strategy. Called by the Forwarder.
     *
     * @return this.
     */
    public ForwarderContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        concluded = true;
        if (null == idleStrategy)
        {
            idleStrategy = idleStrategy(idleStrategyName);
        }
        if (null == commandBuffer)
        {
            commandBuffer = ringBuffer(commandBufferLength);
        }
        if (null == deliveryBuffer)
        {
            deliveryBuffer = ringBuffer(deliveryBufferLength);
        }
        checkDeliveryBuffer();
        final UnsafeBuffer metadata;
        final UnsafeBuffer values;
        final UnsafeBuffer errorLog;
        if (null != dir)
        {
            countersFile = CountersFile.create(dir, ProcessHandle.current().pid(), System.currentTimeMillis());
            metadata = countersFile.metadata();
            values = countersFile.values();
            errorLog = (UnsafeBuffer)countersFile.errorLog();
        }
        else
        {
            metadata = new UnsafeBuffer(new byte[CountersFile.MAX_COUNTERS * 512]);
            values = new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersFile.MAX_COUNTERS * 128, 64));
            errorLog = new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersFile.ERROR_LOG_LENGTH, 64));
        }
        final CountersManager manager = new CountersManager(metadata, values, StandardCharsets.US_ASCII);
        final ForwarderCounter[] all = ForwarderCounter.values();
        counters = new AtomicCounter[all.length];
        for (final ForwarderCounter counter : all)
        {
            counters[counter.ordinal()] = manager.newCounter(counter.label(), counter.id());
        }
        if (null == errorHandler)
        {
            final DistinctErrorLog log = new DistinctErrorLog(errorLog, SystemEpochClock.INSTANCE);
            final ErrorHandler logging = new LoggingErrorHandler(log);
            final AtomicCounter errors = counters[ForwarderCounter.ERRORS.ordinal()];
            errorHandler = throwable ->
            {
                errors.incrementRelease();
                logging.onError(throwable);
            };
        }
        return this;
    }

    /**
     * The forwarder hands whole frames to the control plane, and a frame may have grown into the headroom (an
     * expanded route list) before it is handed over; a ring that cannot hold the largest one would make the duty
     * cycle throw, so it is refused here instead.
     */
    private void checkDeliveryBuffer()
    {
        final int largest = Deliveries.FRAME_FRAME + headroom + FrameBuffer.MAX_FRAME_LENGTH;
        if (deliveryBuffer.maxMsgLength() < largest)
        {
            throw new IllegalStateException("the delivery ring buffer of " + deliveryBuffer.capacity() +
                " bytes takes messages of at most " + deliveryBuffer.maxMsgLength() + " bytes, but one delivery " +
                "can be " + largest + " (a " + FrameBuffer.MAX_FRAME_LENGTH + "-byte frame grown by up to " +
                headroom + " bytes of headroom); give it at least " +
                BitUtil.findNextPositivePowerOfTwo(largest * 8) + " bytes (" + DELIVERY_BUFFER_LENGTH_PROP_NAME + ")");
        }
    }

    private static RingBuffer ringBuffer(final int length)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(length + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /**
     * @return whether RELOAD frames from addresses with no link go to the control plane instead of being dropped.
     */
    public boolean acceptUnlinkedFrames()
    {
        return acceptUnlinkedFrames;
    }

    /**
     * Plaintext lab mode only: with no DTLS handshake to introduce a new peer, its first frame is the introduction
     * (docs/architecture.md, "Lab links"). Off by default: an unknown sender's frame is a counted drop.
     *
     * @param accept hand such frames to the control plane.
     * @return this.
     */
    public ForwarderContext acceptUnlinkedFrames(final boolean accept)
    {
        this.acceptUnlinkedFrames = accept;
        return this;
    }

    /**
     * @param name busy, yield, backoff or sleep.
     * @return a new idle strategy.
     * @throws IllegalArgumentException naming the choices.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "busy":
                return new BusySpinIdleStrategy();
            case "yield":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            case "sleep":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("idle strategy '" + name + "': choose busy, yield, backoff or sleep");
        }
    }

    /**
     * Release what conclude created: the counters file mapping.
     */
    @Override
    public void close()
    {
        CloseHelper.close(countersFile);
    }

    /**
     * @param name busy, yield, backoff or sleep.
     * @return this.
     */
    public ForwarderContext idleStrategyName(final String name)
    {
        idleStrategyName = name;
        return this;
    }

    /**
     * @return the idle strategy, after conclude.
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param idleStrategy to use instead of a named one.
     * @return this.
     */
    public ForwarderContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * @return bytes of headroom in front of received frames.
     */
    public int headroom()
    {
        return headroom;
    }

    /**
     * @param headroom bytes in front of received frames.
     * @return this.
     */
    public ForwarderContext headroom(final int headroom)
    {
        this.headroom = headroom;
        return this;
    }

    /**
     * @return datagrams taken per link per duty cycle.
     */
    public int pollBurst()
    {
        return pollBurst;
    }

    /**
     * @param pollBurst datagrams taken per link per duty cycle.
     * @return this.
     */
    public ForwarderContext pollBurst(final int pollBurst)
    {
        this.pollBurst = pollBurst;
        return this;
    }

    /**
     * @return commands applied per duty cycle.
     */
    public int commandBurst()
    {
        return commandBurst;
    }

    /**
     * @return private ids of compression held at once.
     */
    public int compressionCapacity()
    {
        return compressionCapacity;
    }

    /**
     * @param compressionCapacity private ids held at once.
     * @return this.
     */
    public ForwarderContext compressionCapacity(final int compressionCapacity)
    {
        this.compressionCapacity = compressionCapacity;
        return this;
    }

    /**
     * @return the agent's role name, e.g. for its thread.
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * @param roleName for the agent and its thread.
     * @return this.
     */
    public ForwarderContext roleName(final String roleName)
    {
        this.roleName = roleName;
        return this;
    }

    /**
     * @return the peer's directory holding the counters file, or null for in-memory counters.
     */
    public File dir()
    {
        return dir;
    }

    /**
     * @param dir the peer's directory, where {@link CountersFile#FILE_NAME} is created for {@code relo stat}.
     * @return this.
     */
    public ForwarderContext dir(final File dir)
    {
        this.dir = dir;
        return this;
    }

    /**
     * @return the UDP address to listen on, or null for no UDP.
     */
    public InetSocketAddress udpListenAddress()
    {
        return udpListenAddress;
    }

    /**
     * @param address UDP address to listen on; port 0 picks a free one.
     * @return this.
     */
    public ForwarderContext udpListenAddress(final InetSocketAddress address)
    {
        this.udpListenAddress = address;
        return this;
    }

    /**
     * @return the Aeron client for IPC links, or null.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param aeron client for IPC links; the caller owns and closes it.
     * @return this.
     */
    public ForwarderContext aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return this;
    }

    /**
     * @return the in-memory pipes for memory links, or null.
     */
    public InMemoryNetwork inMemoryNetwork()
    {
        return inMemoryNetwork;
    }

    /**
     * @param network in-memory pipes shared by the forwarders of this process.
     * @return this.
     */
    public ForwarderContext inMemoryNetwork(final InMemoryNetwork network)
    {
        this.inMemoryNetwork = network;
        return this;
    }

    /**
     * @return the command ring buffer, after conclude.
     */
    public RingBuffer commandBuffer()
    {
        return commandBuffer;
    }

    /**
     * @param commandBuffer ring buffer the control plane writes commands to.
     * @return this.
     */
    public ForwarderContext commandBuffer(final RingBuffer commandBuffer)
    {
        this.commandBuffer = commandBuffer;
        return this;
    }

    /**
     * @return the delivery ring buffer, after conclude.
     */
    public RingBuffer deliveryBuffer()
    {
        return deliveryBuffer;
    }

    /**
     * @param deliveryBuffer ring buffer the control plane reads deliveries from.
     * @return this.
     */
    public ForwarderContext deliveryBuffer(final RingBuffer deliveryBuffer)
    {
        this.deliveryBuffer = deliveryBuffer;
        return this;
    }

    /**
     * @return the error handler, after conclude.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler for errors on the forwarder's thread; by default the counted distinct error log.
     * @return this.
     */
    public ForwarderContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @return the counters by {@link ForwarderCounter} ordinal, after conclude.
     */
    public AtomicCounter[] counters()
    {
        return counters;
    }

    /**
     * @param counter which.
     * @return its current value, after conclude.
     */
    public long counterValue(final ForwarderCounter counter)
    {
        return counters[counter.ordinal()].get();
    }

    /**
     * @return the counters file when a directory was set, else null.
     */
    public CountersFile countersFile()
    {
        return countersFile;
    }
}
