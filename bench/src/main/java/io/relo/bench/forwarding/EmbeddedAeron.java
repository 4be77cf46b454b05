package io.relo.bench.forwarding;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An embedded Aeron media driver in a directory of its own under /dev/shm, and one client connected to it: the
 * transport of the harness's IPC chains.
 * <p>
 * The driver runs in INVOKER mode rather than on a thread of its own. On 2 cores, two busy-spinning threads starve a
 * SHARED driver thread (shared/library-notes.md); IPC publishers then stop at a publisher limit nobody advances and
 * report back pressure. So during a run the generator-and-sink thread runs the driver's duty cycle
 * ({@link #acquireDriver()}, see {@link EndpointAgent}), and between runs a keeper thread does, once a millisecond, so
 * that client commands complete and neither side times the other out. The keeper blocks on a lock while a run holds
 * the driver, so it never wakes during a measurement. The duty cycle's main work under load is cleaning the log
 * buffers behind the readers, which in a deployment runs on the driver's own core.
 */
public final class EmbeddedAeron implements AutoCloseable
{
    /** Term length of the harness's IPC streams; the publisher window is half of it. */
    public static final int TERM_LENGTH_DEFAULT = 16 * 1024 * 1024;
    /** How often the keeper runs the driver between runs. */
    public static final long KEEPER_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final MediaDriver driver;
    private final AgentInvoker driverInvoker;
    private final Aeron aeron;
    private final ReentrantLock driverLock = new ReentrantLock();
    private final Thread keeper;
    private volatile boolean running = true;
    private final AtomicInteger nextStreamBlock = new AtomicInteger(1);
    private final String channel;

    /**
     * Launch the driver, start its keeper and connect the client, for streams of {@link #TERM_LENGTH_DEFAULT}.
     */
    public EmbeddedAeron()
    {
        this(TERM_LENGTH_DEFAULT);
    }

    /**
     * Launch the driver, start its keeper and connect the client.
     *
     * @param termLength of every IPC stream of the harness: a power of two from 64 KiB.
     */
    public EmbeddedAeron(final int termLength)
    {
        channel = "aeron:ipc?term-length=" + termLength;
        final File shm = new File("/dev/shm");
        final String parent = shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        final String dir = parent + File.separator + "relo-bench-" + ProcessHandle.current().pid() + "-" +
            INSTANCES.incrementAndGet();
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.INVOKER)
            .ipcTermBufferLength(termLength)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .aeronDirectoryName(dir));
        driverInvoker = driver.sharedAgentInvoker();
        keeper = new Thread(this::keep, "aeron-driver-keeper");
        keeper.setDaemon(true);
        keeper.start();
        Aeron client = null;
        try
        {
            client = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        }
        finally
        {
            if (null == client)
            {
                stopKeeper();
                driver.close();
            }
        }
        aeron = client;
    }

    private void keep()
    {
        while (running)
        {
            driverLock.lock();
            try
            {
                if (running)
                {
                    driverInvoker.invoke();
                }
            }
            finally
            {
                driverLock.unlock();
            }
            LockSupport.parkNanos(KEEPER_INTERVAL_NS);
        }
    }

    /**
     * Take over the driver's duty cycle on the calling thread until {@link #releaseDriver()} on the same thread.
     *
     * @return the invoker to call from the duty cycle.
     */
    public AgentInvoker acquireDriver()
    {
        driverLock.lock();
        return driverInvoker;
    }

    /**
     * Hand the driver's duty cycle back to the keeper.
     */
    public void releaseDriver()
    {
        driverLock.unlock();
    }

    /**
     * @return the channel of every IPC stream of the harness.
     */
    public String channel()
    {
        return channel;
    }

    /**
     * @return the connected client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return the first of 100 stream ids no earlier run used, so that no run sees another's leftover images.
     */
    public int nextStreamBlock()
    {
        return 100 * nextStreamBlock.getAndIncrement();
    }

    /**
     * @return the threads the driver and client add to a run.
     */
    public List<ThreadRole> threads()
    {
        return List.of(
            new ThreadRole(keeper.getName(), "media driver duty cycle (INVOKER mode) between runs; blocked on a " +
                "lock during a run, when the generator-and-sink thread runs the driver", "parks 1 ms", false),
            new ThreadRole("aeron-client-conductor", "Aeron client conductor: keepalives, image changes",
                aeron.context().idleStrategy().getClass().getSimpleName(), false));
    }

    private void stopKeeper()
    {
        running = false;
        LockSupport.unpark(keeper);
        try
        {
            keeper.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        // the client's close waits on the driver, so the keeper runs until the client is gone
        CloseHelper.close(aeron);
        stopKeeper();
        CloseHelper.close(driver);
    }
}
