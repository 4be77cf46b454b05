package io.relo.cli;

import io.relo.bench.report.HtmlReport;
import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.chord.RingOracle;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.DynamicCompositeAgent;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The overlay part of {@code relo demo}: sixteen whole peers (forwarder and control conductor each) in this process
 * on UDP loopback, all forwarders on one shared agent thread and all conductors on another, with backoff idle. They
 * bootstrap, join and stabilise over the wire; then PINGs to random resource ids are routed over the ring and each
 * answer is checked against a sorted-ring oracle.
 */
final class OverlayDemo
{
    /** Fast Chord timers so that the demo settles in seconds: UPDATE every second, finger PINGs every 3 s. */
    static final ControlConductor.Timing TIMING = new ControlConductor.Timing(TimeUnit.SECONDS.toNanos(1),
        TimeUnit.SECONDS.toNanos(3), TimeUnit.MILLISECONDS.toNanos(100));
    private static final String OVERLAY = "demo.relo.example";

    /**
     * What the run showed.
     *
     * @param ring        the peers, sorted round the ring.
     * @param fingers     each peer's fingers 1 to 8 (null where unknown).
     * @param joinMs      each peer's join time: from its start to being placed, in milliseconds.
     * @param settleMs    from the first start until every neighbour table matched the oracle, or -1.
     * @param pings       PINGs sent.
     * @param answered    PINGs answered by the peer the oracle names responsible.
     * @param wrong       PINGs answered by another peer.
     * @param hops        PINGs by the hop count of their answer.
     * @param drops       forwarder drops summed over the peers, by counter label, non-zero only.
     * @param pingRate    PINGs offered per second.
     * @param pingLatency PING round trips from the intended send time, ns.
     * @param storage     the storage phase, or null when it did not run.
     */
    record Result(
        List<PeerId> ring, Map<PeerId, List<PeerId>> fingers, Map<PeerId, Long> joinMs, long settleMs, int pings,
        int answered, int wrong, Map<Integer, Integer> hops, Map<String, Long> drops, int pingRate,
        Histogram pingLatency, StorageDemo.Result storage)
    {
        double meanHops()
        {
            long sum = 0;
            long n = 0;
            for (final Map.Entry<Integer, Integer> e : hops.entrySet())
            {
                sum += (long)e.getKey() * e.getValue();
                n += e.getValue();
            }
            return n == 0 ? 0 : (double)sum / n;
        }
    }

    private OverlayDemo()
    {
    }

    /**
     * Form the overlay, route the PINGs, stop every peer.
     *
     * @param out   progress lines.
     * @param peers how many peers.
     * @param pings how many PINGs.
     * @param seed    peer-ids, PING keys and senders.
     * @param storage the storage phase's size and load; PINGs are offered at its rate too. No STOREs: no phase.
     * @return the figures.
     * @throws InterruptedException if interrupted.
     * @throws IOException          if the peers' data directories cannot be made.
     */
    static Result run(
        final PrintWriter out, final int peers, final int pings, final long seed, final StorageDemo.Settings storage)
        throws InterruptedException, IOException
    {
        final Random random = new Random(seed);
        final DynamicCompositeAgent forwarders = new DynamicCompositeAgent("demo-forwarders");
        final DynamicCompositeAgent conductors = new DynamicCompositeAgent("demo-conductors");
        final AgentRunner forwarderRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace,
            null, forwarders);
        final AgentRunner conductorRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace,
            null, conductors);
        AgentRunner.startOnThread(forwarderRunner);
        AgentRunner.startOnThread(conductorRunner);
        final Map<PeerId, PeerNode> nodes = new LinkedHashMap<>();
        final Set<PeerId> killed = ConcurrentHashMap.newKeySet();
        // every peer journals its store (Chronicle Bytes) in a directory of its own, removed afterwards
        final Path dataRoot = Files.createTempDirectory("relo-demo-peers");
        final Map<PeerId, Long> startedNs = new ConcurrentHashMap<>();
        final Map<PeerId, Long> joinMs = new ConcurrentHashMap<>();
        final long t0 = System.nanoTime();
        try
        {
            InetSocketAddress bootstrap = null;
            for (int i = 0; i < peers; i++)
            {
                final PeerId id = new PeerId(random.nextLong(), random.nextLong());
                final PeerNode node = new PeerNode(id, OVERLAY, new InetSocketAddress("127.0.0.1", 0),
                    null == bootstrap ? List.of() : List.of(bootstrap), dataRoot.resolve("peer-" + i), TIMING,
                    new Random(random.nextLong()), Runnable::run, line ->
                    {
                        if (line.startsWith("joined"))
                        {
                            final long ms = (System.nanoTime() - startedNs.get(id)) / 1_000_000;
                            joinMs.put(id, ms);
                            synchronized (out)
                            {
                                out.printf(Locale.ROOT, "  %6.2f s  peer %2d/%d %s joined in %d ms%n",
                                    (System.nanoTime() - t0) / 1e9, joinMs.size(), peers, id, ms);
                                out.flush();
                            }
                        }
                    });
                if (null == bootstrap)
                {
                    bootstrap = node.address();
                }
                nodes.put(id, node);
                startedNs.put(id, System.nanoTime());
                add(forwarders, node.forwarder());
                add(conductors, node.conductor());
                Thread.sleep(150);
            }
            final List<PeerId> ring = new ArrayList<>(nodes.keySet());
            Collections.sort(ring);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (null != mismatch(ring, nodes) && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            final String mismatch = mismatch(ring, nodes);
            final long settleMs = null == mismatch ? (System.nanoTime() - t0) / 1_000_000 : -1;
            if (null != mismatch)
            {
                out.println("  the ring did not settle within 60 s: " + mismatch);
            }
            else
            {
                out.printf(Locale.ROOT, "  %6.2f s  every neighbour table matches the sorted ring%n", settleMs / 1e3);
            }
            out.flush();

            final AtomicInteger answered = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();
            final Map<Integer, Integer> hops = new ConcurrentHashMap<>();
            final CountDownLatch done = new CountDownLatch(pings);
            final Histogram pingLatency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
            // open loop at the storage phase's rate, latency from the intended send time: the storage baseline
            final OfferedSchedule schedule = new OfferedSchedule(storage.rate(), storage.window());
            for (int i = 0; i < pings; i++)
            {
                final PeerId key = new PeerId(random.nextLong(), random.nextLong());
                final PeerId expected = RingOracle.responsible(ring, key);
                final ControlConductor from = nodes.get(ring.get(random.nextInt(ring.size()))).conductor();
                final long intendedNs = schedule.awaitSlot(i);
                from.lookup(key, (k, code, responsible, h) ->
                {
                    // conductor thread, shared by every conductor: one writer
                    pingLatency.recordValue(
                        Math.min(System.nanoTime() - intendedNs, pingLatency.getHighestTrackableValue()));
                    if (expected.equals(responsible))
                    {
                        answered.incrementAndGet();
                        hops.merge(h, 1, Integer::sum);
                    }
                    else if (null != responsible)
                    {
                        wrong.incrementAndGet();
                    }
                    schedule.done();
                    done.countDown();
                });
            }
            done.await(30, TimeUnit.SECONDS);
            final Map<PeerId, List<PeerId>> fingers = new LinkedHashMap<>();
            for (final PeerId id : ring)
            {
                fingers.put(id, nodes.get(id).conductor().status().fingers());
            }
            final Map<String, Long> drops = new LinkedHashMap<>();
            StorageDemo.Result stored = null;
            if (storage.stores() > 0)
            {
                stored = StorageDemo.run(out, storage, new StorageDemo.Overlay()
                {
                    public List<PeerId> live()
                    {
                        final List<PeerId> live = new ArrayList<>(ring);
                        live.removeAll(killed);
                        return live;
                    }

                    public ControlConductor conductor(final PeerId id)
                    {
                        return nodes.get(id).conductor();
                    }

                    public void kill(final PeerId id)
                    {
                        final PeerNode node = nodes.get(id);
                        addDrops(node, drops); // the forwarder unmaps its counters file when removed
                        remove(conductors, node.conductor());
                        remove(forwarders, node.forwarder());
                        killed.add(id);
                        node.close();
                    }

                    public String mismatch()
                    {
                        return OverlayDemo.mismatch(live(), nodes);
                    }

                    public Map<String, Long> storageCounters()
                    {
                        final Map<String, Long> sum = new LinkedHashMap<>();
                        for (final PeerNode node : nodes.values())
                        {
                            node.conductor().storageCounters().forEach((name, value) -> sum.merge(name, value,
                                Long::sum));
                        }
                        return sum;
                    }
                }, random.nextLong());
            }
            for (final PeerId id : ring)
            {
                if (!killed.contains(id))
                {
                    addDrops(nodes.get(id), drops);
                }
            }
            return new Result(ring, fingers, new LinkedHashMap<>(joinMs), settleMs, pings, answered.get(),
                wrong.get(), new java.util.TreeMap<>(hops), drops, storage.rate(), pingLatency, stored);
        }
        finally
        {
            for (final Map.Entry<PeerId, PeerNode> e : nodes.entrySet())
            {
                if (!killed.contains(e.getKey()))
                {
                    e.getValue().conductor().leave();
                }
            }
            Thread.sleep(200);
            CloseHelper.closeAll(conductorRunner, forwarderRunner);
            for (final Map.Entry<PeerId, PeerNode> e : nodes.entrySet())
            {
                if (!killed.contains(e.getKey()))
                {
                    CloseHelper.close(e.getValue());
                }
            }
            deleteRecursively(dataRoot);
        }
    }

    private static void addDrops(final PeerNode node, final Map<String, Long> drops)
    {
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            final long value = node.forwarderContext().counterValue(counter);
            if (counter.name().startsWith("DROP_") && value > 0)
            {
                drops.merge(counter.label(), value, Long::sum);
            }
        }
    }

    private static void deleteRecursively(final Path root)
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // a temporary directory left behind costs nothing worth failing the demo for
        }
    }

    private static void remove(final DynamicCompositeAgent composite, final Agent agent)
    {
        while (!composite.tryRemove(agent))
        {
            Thread.yield();
        }
        while (composite.hasRemoveAgentCompleted() == Boolean.FALSE)
        {
            Thread.yield();
        }
    }

    private static void add(final DynamicCompositeAgent composite, final Agent agent)
    {
        while (!composite.tryAdd(agent))
        {
            Thread.yield();
        }
        while (composite.hasAddAgentCompleted() == Boolean.FALSE)
        {
            Thread.yield();
        }
    }

    /** The first peer whose neighbour table differs from the sorted ring's, described, or null. */
    static String mismatch(final List<PeerId> ring, final Map<PeerId, PeerNode> nodes)
    {
        return RingOracle.mismatch(ring,
            id -> nodes.get(id).conductor().status().joined() ? nodes.get(id).conductor().status().predecessors() : null,
            id -> nodes.get(id).conductor().status().successors());
    }

    /**
     * Print the figures.
     *
     * @param result the run.
     * @param out    where to.
     */
    static void print(final Result result, final PrintWriter out)
    {
        out.println();
        out.printf(Locale.ROOT, "PINGs to random resource ids: %d sent, %d answered by the responsible peer " +
            "(%.1f%%), %d by another peer, %d unanswered%n", result.pings(), result.answered(),
            100.0 * result.answered() / result.pings(), result.wrong(),
            result.pings() - result.answered() - result.wrong());
        out.printf(Locale.ROOT, "hops: mean %.2f;", result.meanHops());
        result.hops().forEach((h, n) -> out.print(" " + h + " hop" + (h == 1 ? "" : "s") + ": " + n));
        out.println();
        final List<Long> joins = new ArrayList<>(result.joinMs().values());
        Collections.sort(joins);
        if (!joins.isEmpty())
        {
            out.println("join time: median " + joins.get(joins.size() / 2) + " ms, max " + joins.get(joins.size() - 1) +
                " ms (from a peer's start to its admission)");
        }
        final Histogram ping = result.pingLatency();
        out.printf(Locale.ROOT, "PING round trip, offered open loop at %,d/s, from the intended send time: p50 %.1f " +
            "us, p99 %.1f us, max %.1f us%n", result.pingRate(), ping.getValueAtPercentile(50) / 1e3,
            ping.getValueAtPercentile(99) / 1e3, ping.getMaxValue() / 1e3);
        out.println("forwarder drops: " + (result.drops().isEmpty() ? "none" : result.drops().toString()));
        out.flush();
    }

    /**
     * Add the overlay's section to the demo's HTML report.
     *
     * @param result the run.
     * @param html   the report.
     */
    static void report(final Result result, final HtmlReport html)
    {
        html.heading(2, "Overlay: " + result.ring().size() + " peers, chord-128-2-8, UDP loopback, plaintext lab mode");
        html.list(List.of(
            "every peer is a relo Forwarder and ControlConductor in this process; all forwarders share one agent " +
                "thread and all conductors another, with backoff idle strategies",
            String.format(Locale.ROOT, "%d PINGs to random resource ids from random peers: %d (%.1f%%) answered " +
                "by the peer a sorted-ring oracle names responsible, mean %.2f hops", result.pings(),
                result.answered(), 100.0 * result.answered() / result.pings(), result.meanHops()),
            "ring settled (every neighbour table equal to the oracle's) " +
                (result.settleMs() < 0 ? "not within 60 s" : result.settleMs() + " ms after the first peer started")));
        html.heading(3, "Hop counts");
        html.svg(bars(result.hops().keySet().stream().map(h -> h + "").toList(),
            new ArrayList<>(result.hops().values().stream().map(Integer::longValue).toList()), "hops", "PINGs"));
        html.heading(3, "Join times");
        final List<String> labels = new ArrayList<>();
        final List<Long> values = new ArrayList<>();
        int i = 1;
        for (final Map.Entry<PeerId, Long> e : result.joinMs().entrySet())
        {
            labels.add("" + i++);
            values.add(e.getValue());
        }
        html.svg(bars(labels, values, "peer, in order of joining", "ms to join"));
        html.heading(3, "The ring and each peer's fingers");
        html.svg(ring(result));
    }

    static String bars(final List<String> labels, final List<Long> values, final String xTitle, final String yTitle)
    {
        final int width = 640;
        final int height = 260;
        final int left = 60;
        final int bottom = 40;
        final long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        final double slot = (width - left - 10.0) / Math.max(1, values.size());
        final StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
            .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"")
            .append(width - 10).append("\" y2=\"").append(height - bottom).append("\" stroke=\"black\"/>");
        for (int i = 0; i < values.size(); i++)
        {
            final double h = (height - bottom - 20.0) * values.get(i) / max;
            final double x = left + i * slot + slot * 0.1;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" " +
                "fill=\"#4878a8\"/>", x, height - bottom - h, slot * 0.8, h));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x + slot * 0.4, height - bottom + 14, HtmlReport.escape(labels.get(i))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
                x + slot * 0.4, height - bottom - h - 3, values.get(i)));
        }
        svg.append("<text x=\"").append(width / 2).append("\" y=\"").append(height - 5)
            .append("\" text-anchor=\"middle\">").append(HtmlReport.escape(xTitle)).append("</text>");
        svg.append("<text x=\"14\" y=\"").append(height / 2).append("\" transform=\"rotate(-90 14 ")
            .append(height / 2).append(")\" text-anchor=\"middle\">").append(HtmlReport.escape(yTitle))
            .append("</text>");
        return svg.append("</svg>").toString();
    }

    /** Peers on a circle at their place in the id space, a chord from each to each of its fingers. */
    static String ring(final Result result)
    {
        final int size = 520;
        final double c = size / 2.0;
        final double r = size / 2.0 - 50;
        final StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size).append("\" height=\"")
            .append(size).append("\" font-family=\"monospace\" font-size=\"9\">");
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" " +
            "stroke=\"#999\"/>", c, c, r));
        for (final PeerId id : result.ring())
        {
            final double[] from = point(id, c, r);
            for (final PeerId finger : result.fingers().get(id).stream().filter(Objects::nonNull).distinct().toList())
            {
                final double[] to = point(finger, c, r);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" " +
                    "stroke=\"#c05030\" stroke-opacity=\"0.35\"/>", from[0], from[1], to[0], to[1]));
            }
        }
        for (final PeerId id : result.ring())
        {
            final double[] p = point(id, c, r);
            final double[] label = point(id, c, r + 24);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#4878a8\"/>",
                p[0], p[1]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                label[0], label[1] + 3, id.toString().substring(0, 4)));
        }
        return svg.append("</svg>").toString();
    }

    private static double[] point(final PeerId id, final double c, final double r)
    {
        // the top 53 bits of the id give its angle; 0 at twelve o'clock, clockwise
        final double fraction = (id.hi() >>> 11) / (double)(1L << 53);
        final double angle = 2 * Math.PI * fraction;
        return new double[] {c + r * Math.sin(angle), c - r * Math.cos(angle)};
    }
}
