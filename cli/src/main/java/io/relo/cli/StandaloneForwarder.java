package io.relo.cli;

import io.relo.codec.header.OverlayName;
import io.relo.fastpath.CountersFile;
import io.relo.fastpath.Forwarder;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.command.ForwarderProxy;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.io.File;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Forwarder} configured once from the command line and run on its own thread, with no control plane: the
 * agent behind {@code relo forwarder}. What the forwarder hands to a control plane (frames for this peer, STUN, DTLS)
 * is taken off the delivery ring and discarded, having been counted by the forwarder.
 */
final class StandaloneForwarder implements Agent
{
    /** Deliveries discarded per duty cycle. */
    private static final int DRAIN_LIMIT = 64;
    /** Duty cycles allowed for the start-up commands to be applied. */
    private static final int CONFIGURE_CYCLES = 1_000;

    /**
     * One directly connected peer.
     *
     * @param peer    its id.
     * @param address where its datagrams come from and where frames for it go.
     */
    record Link(PeerId peer, HostPort address)
    {
    }

    /**
     * What the forwarder counted, taken on its own thread just before it closed.
     *
     * @param values by {@link ForwarderCounter} ordinal.
     * @param errors the distinct error log, one line per distinct error.
     */
    record Counters(long[] values, List<String> errors)
    {
        long value(final ForwarderCounter counter)
        {
            return values[counter.ordinal()];
        }
    }

    // no control plane: the forwarder has already counted each delivery by kind
    private static final MessageHandler DISCARD = (msgTypeId, buffer, index, length) -> {};

    private final ForwarderContext ctx;
    private final Forwarder forwarder;
    private final RingBuffer deliveries;
    private AgentRunner runner;
    private volatile Counters last;

    private StandaloneForwarder(final ForwarderContext ctx, final Forwarder forwarder)
    {
        this.ctx = ctx;
        this.forwarder = forwarder;
        this.deliveries = ctx.deliveryBuffer();
    }

    /**
     * Bind the listening address, create the counters file and apply the configuration; nothing runs yet.
     *
     * @param overlay   name of the overlay; its CRC-32 goes in the overlay field.
     * @param self      this peer's id.
     * @param pred      its predecessor: the peer is responsible for (pred, self].
     * @param listen    UDP address to bind; port 0 picks one.
     * @param links     directly connected peers, all routable.
     * @param idle      idle strategy name for {@link ForwarderContext#idleStrategy(String)}.
     * @param dir       directory for the counters file.
     * @return the configured forwarder, ready to {@link #start()}.
     * @throws IllegalStateException saying why it cannot run: address in use, directory not writable, a link
     *                               refused.
     */
    static StandaloneForwarder create(
        final String overlay,
        final PeerId self,
        final PeerId pred,
        final HostPort listen,
        final List<Link> links,
        final String idle,
        final File dir)
    {
        if (links.size() > Forwarder.MAX_LINKS)
        {
            throw new IllegalStateException("at most " + Forwarder.MAX_LINKS + " links, not " + links.size());
        }
        final ForwarderContext ctx = new ForwarderContext()
            .idleStrategyName(idle)
            .roleName("relo-forwarder-" + self)
            .udpListenAddress(listen.address())
            .dir(dir);
        final Forwarder forwarder;
        try
        {
            forwarder = new Forwarder(ctx);
        }
        catch (final IllegalStateException ex)
        {
            ctx.close();
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            ctx.close();
            throw new IllegalStateException("cannot create the counters file in " + dir + ": " + ex.getMessage(), ex);
        }

        final StandaloneForwarder standalone = new StandaloneForwarder(ctx, forwarder);
        try
        {
            standalone.configure(overlay, self, pred, links);
        }
        catch (final RuntimeException ex)
        {
            forwarder.onClose();
            throw ex;
        }
        return standalone;
    }

    private void configure(final String overlay, final PeerId self, final PeerId pred, final List<Link> links)
    {
        final ForwarderProxy proxy = new ForwarderProxy(ctx.commandBuffer());
        int commands = 0;
        commands += offer(proxy.setLocal(self.hi(), self.lo(), pred.hi(), pred.lo()));
        commands += offer(proxy.addOverlay(OverlayName.hash(overlay)));
        for (int i = 0; i < links.size(); i++)
        {
            final Link link = links.get(i);
            final InetSocketAddress address = link.address().address();
            // every --link is a direct neighbour, so it is routable (draft §7.2 picks among routable links)
            commands += offer(proxy.addUdpLink(i, link.peer().hi(), link.peer().lo(), true,
                address.getAddress().getHostAddress(), address.getPort()));
        }
        // applied here on the caller's thread, before the agent thread starts, so a refusal is a start-up error
        for (int cycle = 0; cycle < CONFIGURE_CYCLES && settled() < commands; cycle++)
        {
            forwarder.doWork();
        }
        if (ctx.counterValue(ForwarderCounter.DROP_BAD_COMMAND) > 0)
        {
            throw new IllegalStateException("the forwarder refused its configuration: " + String.join("; ",
                errors(ctx.countersFile().errorLog())));
        }
        if (settled() < commands)
        {
            throw new IllegalStateException("the forwarder applied " + settled() + " of " + commands +
                " configuration commands");
        }
    }

    private long settled()
    {
        return ctx.counterValue(ForwarderCounter.COMMANDS_APPLIED) +
            ctx.counterValue(ForwarderCounter.DROP_BAD_COMMAND);
    }

    private static int offer(final boolean offered)
    {
        if (!offered)
        {
            throw new IllegalStateException("the forwarder's command ring is full during start-up");
        }
        return 1;
    }

    /**
     * Run the agent on its own thread.
     */
    void start()
    {
        runner = new AgentRunner(ctx.idleStrategy(), ctx.errorHandler(), null, this);
        AgentRunner.startOnThread(runner);
    }

    /**
     * Stop the agent thread and release the sockets and the counters file.
     *
     * @return the counters as they were when the agent stopped.
     */
    Counters stop()
    {
        if (null != runner)
        {
            CloseHelper.close(runner);
        }
        else
        {
            onClose();
        }
        return last;
    }

    /**
     * @return the UDP address actually bound.
     */
    InetSocketAddress listenAddress()
    {
        return forwarder.udpAddress();
    }

    /**
     * @return the counters file, for its path and for reading counters while running.
     */
    CountersFile countersFile()
    {
        return ctx.countersFile();
    }

    /**
     * @return the forwarder's live counter values by ordinal (meaningful until {@link #stop()}).
     */
    long counterValue(final ForwarderCounter counter)
    {
        return ctx.counterValue(counter);
    }

    /**
     * @return bytes waiting on the delivery ring, which the agent drains.
     */
    int pendingDeliveries()
    {
        return deliveries.size();
    }

    @Override
    public int doWork()
    {
        return forwarder.doWork() + deliveries.read(DISCARD, DRAIN_LIMIT);
    }

    @Override
    public void onClose()
    {
        if (null != last)
        {
            return;
        }
        // Taken here, on the agent's thread after its last duty cycle and before the counters file is unmapped.
        final ForwarderCounter[] all = ForwarderCounter.values();
        final long[] values = new long[all.length];
        for (final ForwarderCounter counter : all)
        {
            values[counter.ordinal()] = ctx.counterValue(counter);
        }
        final List<String> errors = null == ctx.countersFile() ? List.of() : errors(ctx.countersFile().errorLog());
        last = new Counters(values, errors);
        forwarder.onClose();
    }

    @Override
    public String roleName()
    {
        return forwarder.roleName();
    }

    /**
     * @param errorLog a distinct error log.
     * @return one line per distinct error: count, first and last time, and the first line of the exception.
     */
    static List<String> errors(final AtomicBuffer errorLog)
    {
        final List<String> errors = new ArrayList<>();
        ErrorLogReader.read(errorLog, (count, firstMs, lastMs, encodedException) ->
        {
            final int newline = encodedException.indexOf('\n');
            errors.add(count + "x, first " + Instant.ofEpochMilli(firstMs) + ", last " + Instant.ofEpochMilli(lastMs) +
                ": " + (newline < 0 ? encodedException : encodedException.substring(0, newline)).strip());
        });
        return errors;
    }
}
