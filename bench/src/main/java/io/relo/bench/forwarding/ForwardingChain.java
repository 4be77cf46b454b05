package io.relo.bench.forwarding;

import io.relo.fastpath.Forwarder;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.command.ForwarderProxy;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One chain of the harness in this process: a load generator, K nodes, and a sink, joined by Aeron IPC or UDP
 * loopback links. The generator and the sink share one thread ({@link EndpointAgent}); every node of the chain runs on
 * a second thread, several nodes in one {@link CompositeAgent} in chain order. Nodes are real relo
 * {@link Forwarder}s configured through their command ring like any peer's, or raw relays for the baselines.
 * <p>
 * Node n has id (n + 1) &lt;&lt; 56: the generator is node 0, the sink node K + 1, so each forwarder routes the sink's
 * id to its successor by the §7.2 rule and the last one reaches the sink over its direct link.
 */
public final class ForwardingChain implements AutoCloseable
{
    /** How long a chain has to pass its first frame before the run gives up. */
    public static final long PROBE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** How long after the window the run waits for frames still in flight. */
    public static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    /**
     * Hears how a run is going, on the thread that called {@link #run}, about four times a second.
     */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param spec     the run.
         * @param elapsed  seconds since the generator started.
         * @param total    seconds of warm-up and measurement.
         * @param sent     frames sent so far.
         * @param received frames received intact so far.
         * @param drops    frames the forwarders dropped so far.
         */
        void onProgress(ChainSpec spec, double elapsed, double total, long sent, long received, long drops);
    }

    private static final long PROGRESS_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final ChainSpec spec;
    private final EmbeddedAeron aeron;
    private final int hops;
    private final List<Forwarder> forwarders = new ArrayList<>();
    private final List<ForwarderContext> contexts = new ArrayList<>();
    private final List<Agent> nodes = new ArrayList<>();
    private final List<RawUdpRelay> udpRelays = new ArrayList<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final ErrorHandler errorHandler = this::onError;
    private final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BenchFrame.MAX_LENGTH, 64));
    private final int frameLength;
    private EndpointPorts.Sender sender;
    private EndpointPorts.Source source;
    private EndpointAgent endpoints;
    private AgentRunner chainRunner;
    private AgentRunner endpointRunner;
    private DutyCycleCounter chainCycles;
    private DutyCycleCounter endpointCycles;
    private boolean nodesStarted;

    /**
     * Build the chain a spec describes, ready to {@link #run(Progress)}.
     *
     * @param spec  the run.
     * @param aeron client of the embedded driver; needed for IPC runs only.
     * @throws IOException if a UDP socket cannot be opened.
     */
    public ForwardingChain(final ChainSpec spec, final EmbeddedAeron aeron) throws IOException
    {
        this.spec = spec;
        // a UDP run leaves the driver to its keeper: nothing of it is in the run's path
        this.aeron = spec.link() == LinkType.IPC ? aeron : null;
        this.hops = spec.hops();
        if (spec.link() == LinkType.IPC && null == aeron)
        {
            throw new IllegalArgumentException("run " + spec.name() + ": IPC chains need an embedded Aeron");
        }
        frameLength = BenchFrame.encode(frame, 0, idHi(hops + 1), idLo(hops + 1));
        try
        {
            if (spec.link() == LinkType.IPC)
            {
                buildIpc();
            }
            else
            {
                buildUdp();
            }
            configureForwarders();
            endpoints = new EndpointAgent(sender, source, frame, frameLength,
                spec.kind() == ChainKind.FORWARDER ? hops : 0, spec.load(), aeron);
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Build a chain, run it and close it.
     *
     * @param spec     the run.
     * @param aeron    client of the embedded driver, or null for UDP runs.
     * @param progress hears how it goes; may be null.
     * @return what it measured.
     * @throws IOException if a UDP socket cannot be opened.
     */
    public static ChainRunResult run(final ChainSpec spec, final EmbeddedAeron aeron, final Progress progress)
        throws IOException
    {
        try (ForwardingChain chain = new ForwardingChain(spec, aeron))
        {
            return chain.run(progress);
        }
    }

    static long idHi(final int node)
    {
        return (node + 1L) << 56;
    }

    static long idLo(final int node)
    {
        return 0x5EED_0000_0000_0000L | node;
    }

    private void buildIpc()
    {
        final int block = aeron.nextStreamBlock();
        final String channel = aeron.channel();
        // stream block + n carries node n to node n + 1; block + 50 + n the way back, which the bench never uses
        sender = new EndpointPorts.IpcSender(aeron.aeron().addExclusivePublication(channel, block));
        source = new EndpointPorts.IpcSource(aeron.aeron().addSubscription(channel, block + hops));
        for (int node = 1; node <= hops; node++)
        {
            if (spec.kind() == ChainKind.FORWARDER)
            {
                final ForwarderProxy proxy = newForwarder(node, new ForwarderContext().aeron(aeron.aeron()));
                proxy.addIpcLink(0, idHi(node - 1), idLo(node - 1), true, channel, block + 50 + node - 1,
                    block + node - 1);
                proxy.addIpcLink(1, idHi(node + 1), idLo(node + 1), true, channel, block + node, block + 50 + node);
            }
            else
            {
                nodes.add(new RawIpcRelay(aeron.aeron(), channel, block + node - 1, block + node,
                    block + 50 + node, block + 50 + node - 1, ForwarderContext.POLL_BURST_DEFAULT));
            }
        }
    }

    private void buildUdp() throws IOException
    {
        final EndpointPorts.UdpSender udpSender = new EndpointPorts.UdpSender(EndpointPorts.openLoopback(), frame);
        sender = udpSender;
        final EndpointPorts.UdpSource udpSource = new EndpointPorts.UdpSource(EndpointPorts.openLoopback());
        source = udpSource;

        final InetSocketAddress[] addresses = new InetSocketAddress[hops + 2];
        addresses[0] = udpSender.localAddress();
        addresses[hops + 1] = udpSource.localAddress();
        final ForwarderProxy[] proxies = new ForwarderProxy[hops + 1];
        for (int node = 1; node <= hops; node++)
        {
            if (spec.kind() == ChainKind.FORWARDER)
            {
                proxies[node] = newForwarder(node,
                    new ForwarderContext().udpListenAddress(new InetSocketAddress("127.0.0.1", 0)));
                addresses[node] = forwarders.get(node - 1).udpAddress();
            }
            else
            {
                final RawUdpRelay relay = new RawUdpRelay(ForwarderContext.POLL_BURST_DEFAULT);
                udpRelays.add(relay);
                nodes.add(relay);
                addresses[node] = relay.address();
            }
        }
        udpSender.connect(addresses[1]);
        udpSource.connect(addresses[hops]);
        for (int node = 1; node <= hops; node++)
        {
            final InetSocketAddress previous = addresses[node - 1];
            final InetSocketAddress next = addresses[node + 1];
            if (spec.kind() == ChainKind.FORWARDER)
            {
                proxies[node].addUdpLink(0, idHi(node - 1), idLo(node - 1), true, previous.getHostString(),
                    previous.getPort());
                proxies[node].addUdpLink(1, idHi(node + 1), idLo(node + 1), true, next.getHostString(),
                    next.getPort());
            }
            else
            {
                udpRelays.get(node - 1).connect(previous, next);
            }
        }
    }

    private ForwarderProxy newForwarder(final int node, final ForwarderContext ctx)
    {
        ctx.roleName("relo-forwarder-" + node).errorHandler(errorHandler);
        contexts.add(ctx);
        final Forwarder forwarder = new Forwarder(ctx);
        forwarders.add(forwarder);
        nodes.add(forwarder);
        final ForwarderProxy proxy = new ForwarderProxy(ctx.commandBuffer());
        // draft §7.1: node n is responsible for (node n - 1, node n]
        proxy.setLocal(idHi(node), idLo(node), idHi(node - 1), idLo(node - 1));
        proxy.addOverlay(BenchFrame.OVERLAY_HASH);
        return proxy;
    }

    /** Apply the queued commands on this thread, before the chain's thread exists. */
    private void configureForwarders()
    {
        final long commandsPerForwarder = 4;
        for (int i = 0; i < forwarders.size(); i++)
        {
            final Forwarder forwarder = forwarders.get(i);
            final ForwarderContext ctx = contexts.get(i);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ctx.counterValue(ForwarderCounter.COMMANDS_APPLIED) +
                ctx.counterValue(ForwarderCounter.DROP_BAD_COMMAND) < commandsPerForwarder)
            {
                forwarder.doWork();
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException(forwarder.roleName() + " did not apply its commands in 5 s");
                }
            }
            if (ctx.counterValue(ForwarderCounter.DROP_BAD_COMMAND) > 0)
            {
                throw new IllegalStateException(forwarder.roleName() + " refused its configuration: " + errors);
            }
        }
    }

    private void onError(final Throwable throwable)
    {
        if (errors.size() < 100)
        {
            errors.add(throwable.toString());
        }
    }

    /**
     * Start the threads, check a frame crosses the chain, offer the load for warm-up and duration, wait for what is
     * in flight, stop the threads, and gather the figures.
     *
     * @param progress hears how it goes; may be null.
     * @return what the run measured.
     */
    public ChainRunResult run(final Progress progress)
    {
        if (!nodes.isEmpty())
        {
            chainCycles = new DutyCycleCounter(nodes.size() == 1 ? nodes.get(0) : new CompositeAgent(nodes),
                !spec.load().isFixedRate());
            chainRunner = new AgentRunner(idleStrategy(spec.chainIdle()), errorHandler, null, chainCycles);
            AgentRunner.startOnThread(chainRunner, runnable -> new Thread(runnable, "relo-bench-chain"));
        }
        nodesStarted = true;
        probe();

        final long[] base = counterTotals();
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        final long measureStart = start + spec.warmupNs();
        final long measureEnd = measureStart + spec.durationNs();
        endpoints.schedule(start, spec.warmupNs(), spec.durationNs());
        endpointCycles = new DutyCycleCounter(endpoints, !spec.load().isFixedRate());
        endpointRunner = new AgentRunner(idleStrategy(spec.endpointIdle()), errorHandler, null, endpointCycles);
        AgentRunner.startOnThread(endpointRunner, runnable -> new Thread(runnable, "relo-bench-endpoints"));

        final com.sun.management.ThreadMXBean threadBean = threadBean();
        final double total = (measureEnd - start) / 1e9;
        sleepUntil(measureStart, start, total, progress, base);
        final long chainFramesBefore = chainFrames(base);
        final long chainBytesBefore = allocatedBytes(threadBean, chainRunner);
        final long endpointBytesBefore = allocatedBytes(threadBean, endpointRunner);
        sleepUntil(measureEnd, start, total, progress, base);
        final long chainFramesAfter = chainFrames(base);
        final long chainBytesAfter = allocatedBytes(threadBean, chainRunner);
        final long endpointBytesAfter = allocatedBytes(threadBean, endpointRunner);

        final long drainDeadline = measureEnd + DRAIN_TIMEOUT_NS;
        while (System.nanoTime() < drainDeadline &&
            !(endpoints.isDoneGenerating() && endpoints.received() + endpoints.malformed() >= endpoints.sent()))
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        final boolean keptUp = endpoints.isDoneGenerating();
        if (null != progress)
        {
            report(progress, total, total, base);
        }
        stopThreads();

        final long[] totals = counterTotals();
        final Map<ForwarderCounter, Long> counters = new EnumMap<>(ForwarderCounter.class);
        if (!forwarders.isEmpty())
        {
            for (final ForwarderCounter counter : ForwarderCounter.values())
            {
                counters.put(counter, totals[counter.ordinal()] - base[counter.ordinal()]);
            }
        }
        long relayDrops = 0;
        for (final RawUdpRelay relay : udpRelays)
        {
            relayDrops += relay.dropped();
        }
        final EndpointAgent.Tally tally = endpoints.tally();
        return new ChainRunResult(spec, frameLength,
            frameLength + (spec.kind() == ChainKind.FORWARDER ? 16 * hops : 0), tally, spec.durationNs() / 1e9,
            endpoints.histogram(), counters, chainFramesAfter - chainFramesBefore,
            difference(chainBytesBefore, chainBytesAfter), difference(endpointBytesBefore, endpointBytesAfter),
            relayDrops, List.copyOf(errors), threads(), keptUp, endpointCycles.idleFraction(),
            null == chainCycles ? Double.NaN : chainCycles.idleFraction(), endpointCycles.busyFraction(),
            null == chainCycles ? Double.NaN : chainCycles.busyFraction());
    }

    private void probe()
    {
        final long deadline = System.nanoTime() + PROBE_TIMEOUT_NS;
        while (!endpoints.probe(TimeUnit.MILLISECONDS.toNanos(2)))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("run " + spec.name() + ": no frame crossed the chain (" +
                    spec.describe() + ") in " + TimeUnit.NANOSECONDS.toSeconds(PROBE_TIMEOUT_NS) +
                    " s; errors: " + errors + "; counters: " + describeCounters());
            }
        }
        if (!endpoints.awaitProbes(TimeUnit.SECONDS.toNanos(1)))
        {
            errors.add("a probe sent before the run was lost");
        }
    }

    private void sleepUntil(
        final long deadline, final long start, final double total, final Progress progress, final long[] base)
    {
        while (true)
        {
            final long now = System.nanoTime();
            if (now >= deadline)
            {
                return;
            }
            LockSupport.parkNanos(Math.min(deadline - now, PROGRESS_INTERVAL_NS));
            if (null != progress && System.nanoTime() < deadline)
            {
                report(progress, (System.nanoTime() - start) / 1e9, total, base);
            }
        }
    }

    private void report(final Progress progress, final double elapsed, final double total, final long[] base)
    {
        // received first: both only grow, so the pair read in this order never shows more received than sent
        final long received = endpoints.received();
        progress.onProgress(spec, elapsed, total, endpoints.sent(), received, drops(base));
    }

    private long chainFrames(final long[] base)
    {
        if (!forwarders.isEmpty())
        {
            return counterTotals()[ForwarderCounter.FRAMES_FORWARDED.ordinal()] -
                base[ForwarderCounter.FRAMES_FORWARDED.ordinal()];
        }
        // a relay handles every frame once per hop
        return endpoints.received() * hops;
    }

    private long drops(final long[] base)
    {
        final long[] totals = counterTotals();
        long drops = 0;
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            if (ChainRunResult.isFrameDrop(counter))
            {
                drops += totals[counter.ordinal()] - base[counter.ordinal()];
            }
        }
        return drops;
    }

    private long[] counterTotals()
    {
        final long[] totals = new long[ForwarderCounter.values().length];
        for (final ForwarderContext ctx : contexts)
        {
            for (final ForwarderCounter counter : ForwarderCounter.values())
            {
                totals[counter.ordinal()] += ctx.counterValue(counter);
            }
        }
        return totals;
    }

    private String describeCounters()
    {
        final StringBuilder sb = new StringBuilder();
        final long[] totals = counterTotals();
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            if (totals[counter.ordinal()] != 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(counter.label()).append('=')
                    .append(totals[counter.ordinal()]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sunBean && sunBean.isThreadAllocatedMemorySupported())
        {
            sunBean.setThreadAllocatedMemoryEnabled(true);
            return sunBean;
        }
        return null;
    }

    private static long allocatedBytes(final com.sun.management.ThreadMXBean bean, final AgentRunner runner)
    {
        if (null == bean || null == runner || null == runner.thread())
        {
            return -1;
        }
        return bean.getThreadAllocatedBytes(runner.thread().getId());
    }

    private static long difference(final long before, final long after)
    {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    /**
     * @param name busy, yield, backoff or sleep.
     * @return the idle strategy the fastpath would use for that name.
     */
    static IdleStrategy idleStrategy(final String name)
    {
        return ForwarderContext.idleStrategy(name);
    }

    private List<ThreadRole> threads()
    {
        final List<ThreadRole> threads = new ArrayList<>();
        threads.add(new ThreadRole("relo-bench-endpoints", "load generator + sink" +
            (null == aeron ? "" : " + media driver duty cycle (every " + EndpointAgent.DRIVER_DUTY_INTERVAL_NS / 1000 +
            " us; at a fixed rate only in a gap between frames, or after " +
            EndpointAgent.DRIVER_DUTY_DEADLINE_NS / 1000 + " us)"), spec.endpointIdle(),
            idleStrategy(spec.endpointIdle()) instanceof BusySpinIdleStrategy));
        if (!nodes.isEmpty())
        {
            final String what = hops + " " + (spec.kind() == ChainKind.FORWARDER ? "relo Forwarder" : "raw relay") +
                (hops == 1 ? " agent" : " agents in one CompositeAgent, in chain order");
            threads.add(new ThreadRole("relo-bench-chain", what, spec.chainIdle(),
                idleStrategy(spec.chainIdle()) instanceof BusySpinIdleStrategy));
        }
        if (null != aeron)
        {
            threads.addAll(aeron.threads());
        }
        threads.add(new ThreadRole(Thread.currentThread().getName(),
            "orchestration: sleeps, samples counters every 250 ms", "parks", false));
        return threads;
    }

    private void stopThreads()
    {
        CloseHelper.closeAll(endpointRunner, chainRunner);
        endpointRunner = null;
        chainRunner = null;
    }

    @Override
    public void close()
    {
        stopThreads();
        if (!nodesStarted)
        {
            // the runner never took them over, so their onClose is still due
            for (final Agent node : nodes)
            {
                try
                {
                    node.onClose();
                }
                catch (final RuntimeException ex)
                {
                    errors.add(ex.toString());
                }
            }
        }
        nodes.clear();
        CloseHelper.closeAll(sender, source);
    }
}
