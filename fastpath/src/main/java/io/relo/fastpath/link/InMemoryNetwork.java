package io.relo.fastpath.link;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-memory pipes of one process, by id, so that a command naming pipe ids can find them on the forwarder's
 * thread. Pipe A→B of one link is pipe B←A of its peer's link.
 */
public final class InMemoryNetwork
{
    /** Default bytes per pipe. */
    public static final int DEFAULT_PIPE_CAPACITY = 1024 * 1024;

    private final ConcurrentMap<Integer, InMemoryPipe> pipes = new ConcurrentHashMap<>();
    private final int pipeCapacity;

    /**
     * A network whose pipes hold {@link #DEFAULT_PIPE_CAPACITY} bytes each.
     */
    public InMemoryNetwork()
    {
        this(DEFAULT_PIPE_CAPACITY);
    }

    /**
     * @param pipeCapacity bytes per pipe.
     */
    public InMemoryNetwork(final int pipeCapacity)
    {
        this.pipeCapacity = pipeCapacity;
    }

    /**
     * @param id of the pipe.
     * @return the pipe, created on first use.
     */
    public InMemoryPipe pipe(final int id)
    {
        return pipes.computeIfAbsent(id, ignored -> new InMemoryPipe(pipeCapacity));
    }
}
