package io.relo.cli;

import io.relo.bench.forwarding.LatencyComparison;
import io.relo.bench.report.HtmlReport;
import io.relo.bench.report.PercentilePlot;
import io.relo.codec.KindId;
import io.relo.control.ControlConductor;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The storage part of {@code relo demo}: on the formed overlay, STOREs of distinct TURN-SERVICE single values (draft
 * §5.2.1) from the peers at a fixed offered rate, two non-adjacent peers killed part way, then a FETCH of every
 * acknowledged value (§5.2.2), checked against what was acknowledged. Latency is measured from each request's
 * intended send time into HdrHistograms, so a stalled overlay shows in the tail instead of slowing the offered load.
 */
final class StorageDemo
{
    /** Values are held an hour (draft §5.2.1: lifetime in seconds). */
    static final long LIFETIME_SECONDS = 3600;
    static final int MIN_VALUE_BYTES = 64;
    static final int MAX_VALUE_BYTES = 200;
    /** A first FETCH that misses is tried once more after this long, to tell a late copy from a lost one. */
    static final long RETRY_AFTER_MS = 2000;
    private static final List<FetchTypeData> FETCH_TURN = List.of(
        new FetchTypeData(KindId.TURN_SERVICE, 0, FetchDataReference.SingleValue.INSTANCE));
    /** After the STOREs, the FETCHes wait at most this long for the ring to settle (Chord's business, reported). */
    static final long RING_WAIT_SECONDS = 10;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(120);
    /** Error code for an answer that is neither the 200 asked for nor an error answer. */
    static final int UNEXPECTED = -1;

    /**
     * The phase's size and load.
     *
     * @param stores how many STOREs (and so at most how many FETCHes).
     * @param rate   requests per second offered, for STOREs and FETCHes alike.
     * @param window the most requests outstanding at once.
     * @param killAt the fraction of the STOREs after which two peers are killed.
     */
    record Settings(int stores, int rate, int window, double killAt)
    {
    }

    /** The overlay the phase runs on. */
    interface Overlay
    {
        /**
         * @return the live peers, sorted round the ring.
         */
        List<PeerId> live();

        /**
         * @param id a live peer.
         * @return its conductor.
         */
        ControlConductor conductor(PeerId id);

        /**
         * Stop a peer without a word to the others: remove its agents and close it.
         *
         * @param id a live peer.
         */
        void kill(PeerId id);

        /**
         * @return the first live peer whose neighbour table differs from the sorted ring's, or null.
         */
        String mismatch();

        /**
         * @return the storage counters of every peer started, killed ones as they were when they died, summed.
         */
        Map<String, Long> storageCounters();
    }

    /**
     * What the phase showed.
     *
     * @param settings       as asked.
     * @param pingLatency    PINGs over the same overlay just before the STOREs, at the same rate, ns: the baseline.
     * @param victims        the peers killed.
     * @param killedAfter    STOREs issued before the kill.
     * @param ringSettleMs   from the kill until every live neighbour table matched the oracle, or -1.
     * @param acknowledged   STOREs answered 200.
     * @param storeErrors    STOREs answered otherwise, by response code.
     * @param storeLatency   from intended send time to answer, ns.
     * @param storeSeconds   from the first intended send to the last answer.
     * @param fetches        FETCHes of acknowledged values in the measured pass.
     * @param fetchErrors    FETCHes of the measured pass answered with an error, by response code.
     * @param fetchMissing   FETCHes of the measured pass that found no value.
     * @param fetchDifferent FETCHes of the measured pass that found other content.
     * @param fetchLatency   from intended send time to answer, ns.
     * @param fetchSeconds   from the first intended send to the last answer.
     * @param retried        values fetched again because the measured pass did not find them.
     * @param lost           acknowledged values not fetched back with the acknowledged content after the retry.
     * @param stale          of those, values fetched with other, older content.
     * @param reasons        the first error answer's reason by method and code.
     * @param counters       the storage counters summed over the peers.
     * @param threads        names of the threads alive while the STOREs ran.
     * @param maxOutstanding the most requests outstanding at once, STOREs then FETCHes.
     */
    record Result(
        Settings settings, Histogram pingLatency, List<PeerId> victims, int killedAfter, long ringSettleMs,
        int acknowledged, Map<Integer, Integer> storeErrors, Histogram storeLatency, double storeSeconds, int fetches,
        Map<Integer, Integer> fetchErrors, int fetchMissing, int fetchDifferent, Histogram fetchLatency,
        double fetchSeconds, int retried, int lost, int stale, Map<String, String> reasons,
        Map<String, Long> counters, List<String> threads, int[] maxOutstanding)
    {
        double storesPerSecond()
        {
            return storeSeconds > 0 ? settings.stores() / storeSeconds : 0;
        }

        double fetchesPerSecond()
        {
            return fetchSeconds > 0 ? fetches / fetchSeconds : 0;
        }
    }

    private StorageDemo()
    {
    }

    /**
     * Two non-adjacent peers of a ring, chosen before any request so that none of them issues one.
     *
     * @param ring the peers, sorted.
     * @return the victims, none when the ring is too small to lose two peers and keep three copies' worth.
     */
    static List<PeerId> victims(final List<PeerId> ring)
    {
        if (ring.size() < 6)
        {
            return List.of();
        }
        return List.of(ring.get(1), ring.get(1 + ring.size() / 2));
    }

    /**
     * Run the STOREs, the kill and the FETCHes.
     *
     * @param out      progress lines.
     * @param settings size and load.
     * @param overlay  formed and settled.
     * @param seed     resources, contents and issuing peers.
     * @return the figures.
     * @throws InterruptedException if interrupted.
     */
    static Result run(final PrintWriter out, final Settings settings, final Overlay overlay, final long seed)
        throws InterruptedException
    {
        final Random random = new Random(seed);
        final int n = settings.stores();
        final List<PeerId> victims = victims(overlay.live());
        final List<PeerId> issuers = new ArrayList<>(overlay.live());
        issuers.removeAll(victims);
        final PeerId[] resources = new PeerId[n];
        final byte[][] contents = new byte[n][];
        final long[] storageTimes = new long[n];
        final boolean[] acknowledged = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            resources[i] = new PeerId(random.nextLong(), random.nextLong());
            final byte[] content = new byte[MIN_VALUE_BYTES + random.nextInt(MAX_VALUE_BYTES - MIN_VALUE_BYTES + 1)];
            random.nextBytes(content);
            contents[i] = content;
        }

        // the baseline: PINGs over the same warmed-up overlay at the same offered rate, just before the STOREs
        final int pings = Math.max(200, Math.min(2000, n / 5));
        final Histogram pingLatency = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final int[] pingAnswered = new int[1];
        final OfferedSchedule pingSchedule = new OfferedSchedule(settings.rate(), settings.window());
        for (int i = 0; i < pings; i++)
        {
            final PeerId key = new PeerId(random.nextLong(), random.nextLong());
            final ControlConductor from = overlay.conductor(issuers.get(random.nextInt(issuers.size())));
            final long intendedNs = pingSchedule.awaitSlot(i);
            from.lookup(key, (k, code, responsible, hops) ->
            {
                pingLatency.recordValue(Math.min(System.nanoTime() - intendedNs, HIGHEST_TRACKABLE_NS));
                pingAnswered[0] += null == responsible ? 0 : 1;
                pingSchedule.done();
            });
        }
        pingSchedule.drain(120);
        out.printf(Locale.ROOT, "  baseline: %,d PINGs at %,d/s, %,d answered, p50 %.1f us, p99 %.1f us%n", pings,
            settings.rate(), pingAnswered[0], pingLatency.getValueAtPercentile(50) / 1e3,
            pingLatency.getValueAtPercentile(99) / 1e3);

        // STOREs at the offered rate; the kill after killAt of them
        final int killAfter = victims.isEmpty() ? -1 : (int)(n * settings.killAt());
        final Histogram storeLatency = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final Map<Integer, Integer> storeErrors = new ConcurrentHashMap<>();
        final Map<String, String> reasons = new ConcurrentHashMap<>();
        final long[] lastAnswerNs = new long[2];
        final OfferedSchedule stores = new OfferedSchedule(settings.rate(), settings.window());
        long killedAtNs = 0;
        List<String> threads = List.of();
        out.printf(Locale.ROOT, "  storing %,d values at %,d/s from %d peers%s%n", n, settings.rate(), issuers.size(),
            victims.isEmpty() ? "" : "; peers " + victims.get(0) + " and " + victims.get(1) + " die after " +
            killAfter);
        out.flush();
        for (int i = 0; i < n; i++)
        {
            if (i == killAfter)
            {
                threads = threadNames();
                for (final PeerId victim : victims)
                {
                    overlay.kill(victim);
                }
                killedAtNs = System.nanoTime();
                out.printf(Locale.ROOT, "  %6.2f s  killed %s and %s after %,d STOREs%n",
                    (killedAtNs - stores.startNs()) / 1e9, victims.get(0), victims.get(1), killAfter);
                out.flush();
            }
            final int index = i;
            final long storageTime = System.currentTimeMillis() / 1000;
            storageTimes[i] = storageTime;
            final List<StoreTypeData> data = List.of(new StoreTypeData(KindId.TURN_SERVICE, 0, List.of(
                new SingleValueEntry(StoredValue.of(storageTime, LIFETIME_SECONDS, Opaque.copyOf(contents[i]),
                    Opaque.EMPTY)))));
            final ControlConductor from = overlay.conductor(issuers.get(random.nextInt(issuers.size())));
            final long intendedNs = stores.awaitSlot(i);
            from.store(resources[i], data, (answer, hops) ->
            {
                // conductor thread: every conductor shares it, so the histogram has one writer
                final long now = System.nanoTime();
                storeLatency.recordValue(Math.min(now - intendedNs, HIGHEST_TRACKABLE_NS));
                if (answer instanceof StorageMessage.StoreAnswer)
                {
                    acknowledged[index] = true;
                }
                else
                {
                    storeErrors.merge(code(answer), 1, Integer::sum);
                    reasons.putIfAbsent("STORE " + code(answer), reason(answer));
                }
                lastAnswerNs[0] = Math.max(lastAnswerNs[0], now);
                stores.done();
            });
        }
        if (threads.isEmpty())
        {
            threads = threadNames();
        }
        final boolean storesDrained = stores.drain(120);
        final double storeSeconds = (lastAnswerNs[0] - stores.startNs()) / 1e9;
        int acked = 0;
        for (final boolean a : acknowledged)
        {
            acked += a ? 1 : 0;
        }
        out.printf(Locale.ROOT, "  %6.2f s  %,d STOREs answered, %,d acknowledged%s%n",
            (System.nanoTime() - stores.startNs()) / 1e9, storeLatency.getTotalCount(), acked,
            storesDrained ? "" : "; some never answered");
        out.flush();

        long ringSettleMs = -1;
        if (!victims.isEmpty())
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RING_WAIT_SECONDS);
            while (null != overlay.mismatch() && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            if (null == overlay.mismatch())
            {
                ringSettleMs = (System.nanoTime() - killedAtNs) / 1_000_000;
            }
            out.println("  ring after the kill: " + (ringSettleMs < 0 ? "not settled within " + RING_WAIT_SECONDS + " s: " +
                overlay.mismatch() : "every neighbour table matches the sorted ring " + ringSettleMs +
                " ms after the kill"));
            out.flush();
        }

        // FETCH every acknowledged value at the offered rate, from the surviving peers
        final int[] toFetch = new int[acked];
        for (int i = 0, k = 0; i < n; i++)
        {
            if (acknowledged[i])
            {
                toFetch[k++] = i;
            }
        }
        final List<PeerId> survivors = overlay.live();
        final Histogram fetchLatency = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final Map<Integer, Integer> fetchErrors = new ConcurrentHashMap<>();
        final int[] outcome = new int[n]; // 0 asked, 1 right content, 2 missing, 3 other content, 4 error
        final OfferedSchedule fetches = new OfferedSchedule(settings.rate(), settings.window());
        for (int k = 0; k < toFetch.length; k++)
        {
            final int index = toFetch[k];
            final ControlConductor from = overlay.conductor(survivors.get(random.nextInt(survivors.size())));
            final long intendedNs = fetches.awaitSlot(k);
            from.fetch(resources[index], FETCH_TURN, (answer, hops) ->
            {
                final long now = System.nanoTime();
                fetchLatency.recordValue(Math.min(now - intendedNs, HIGHEST_TRACKABLE_NS));
                outcome[index] = check(answer, contents[index]);
                if (outcome[index] == 4)
                {
                    fetchErrors.merge(code(answer), 1, Integer::sum);
                    reasons.putIfAbsent("FETCH " + code(answer), reason(answer));
                }
                lastAnswerNs[1] = Math.max(lastAnswerNs[1], now);
                fetches.done();
            });
        }
        final boolean fetchesDrained = fetches.drain(120);
        final double fetchSeconds = (lastAnswerNs[1] - fetches.startNs()) / 1e9;
        int missing = 0;
        int different = 0;
        final List<Integer> again = new ArrayList<>();
        for (final int index : toFetch)
        {
            missing += outcome[index] == 2 ? 1 : 0;
            different += outcome[index] == 3 ? 1 : 0;
            if (outcome[index] != 1)
            {
                again.add(index);
            }
        }
        out.printf(Locale.ROOT, "  %6.2f s  %,d FETCHes answered: %,d with the acknowledged content, %,d found " +
            "nothing, %,d other content, %,d errors%s%n", (System.nanoTime() - fetches.startNs()) / 1e9,
            fetchLatency.getTotalCount(), toFetch.length - again.size(), missing, different,
            fetchErrors.values().stream().mapToInt(Integer::intValue).sum(), fetchesDrained ? "" :
            "; some never answered");
        out.flush();

        // what the measured pass did not find, once more, closed loop: a late copy, or a lost value
        if (!again.isEmpty())
        {
            Thread.sleep(RETRY_AFTER_MS);
            final OfferedSchedule retries = new OfferedSchedule(settings.rate(), settings.window());
            for (int k = 0; k < again.size(); k++)
            {
                final int index = again.get(k);
                outcome[index] = 0;
                final ControlConductor from = overlay.conductor(survivors.get(random.nextInt(survivors.size())));
                retries.awaitSlot(k);
                from.fetch(resources[index], FETCH_TURN, (answer, hops) ->
                {
                    outcome[index] = check(answer, contents[index]);
                    retries.done();
                });
            }
            retries.drain(120);
        }
        int lost = 0;
        int stale = 0;
        for (final int index : again)
        {
            if (outcome[index] != 1)
            {
                lost++;
                stale += outcome[index] == 3 ? 1 : 0;
            }
        }
        return new Result(settings, pingLatency, victims, killAfter, ringSettleMs, acked, new TreeMap<>(storeErrors),
            storeLatency, storeSeconds, toFetch.length, new TreeMap<>(fetchErrors), missing, different, fetchLatency,
            fetchSeconds, again.size(), lost, stale, new TreeMap<>(reasons), overlay.storageCounters(), threads,
            new int[] {stores.maxOutstanding(), fetches.maxOutstanding()});
    }

    /** 1 the expected content, 2 no value, 3 other content, 4 an error answer. */
    private static int check(final StorageMessage.Body answer, final byte[] expected)
    {
        if (!(answer instanceof StorageMessage.FetchAnswer fetch))
        {
            return 4;
        }
        for (final FetchResponse response : fetch.responses())
        {
            if (response.type() == KindId.TURN_SERVICE && !response.values().isEmpty())
            {
                final StoredValue value = response.values().get(0).value();
                if (!value.exists())
                {
                    return 2;
                }
                return Arrays.equals(expected, value.value().toByteArray()) ? 1 : 3;
            }
        }
        return 2;
    }

    private static String reason(final StorageMessage.Body answer)
    {
        return answer instanceof StorageMessage.ErrorAnswer error ? error.reason() : String.valueOf(answer);
    }

    private static int code(final StorageMessage.Body answer)
    {
        return answer instanceof StorageMessage.ErrorAnswer error ? error.code() : UNEXPECTED;
    }

    private static List<String> threadNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            names.add(thread.getName() + (thread.isDaemon() ? " (daemon)" : ""));
        }
        names.sort(null);
        return names;
    }

    /**
     * Print the figures.
     *
     * @param result the phase.
     * @param out    where to.
     */
    static void print(final Result result, final PrintWriter out)
    {
        final Histogram ping = result.pingLatency();
        final Settings settings = result.settings();
        out.println();
        out.printf(Locale.ROOT, "Storage: %,d STOREs of distinct TURN-SERVICE values (%d-%d bytes) at %,d/s " +
            "offered, at most %d outstanding%n", settings.stores(), MIN_VALUE_BYTES, MAX_VALUE_BYTES,
            settings.rate(), settings.window());
        out.printf(Locale.ROOT, "values lost: %d of %,d acknowledged (goal 0); stale (other content): %d%n",
            result.lost(), result.acknowledged(), result.stale());
        out.printf(Locale.ROOT, "STOREs: %,d acknowledged, errors %s; achieved %,.0f/s of %,d/s offered (%.1f s " +
            "from the first intended send to the last answer; at most %d outstanding)%n", result.acknowledged(),
            codes(result.storeErrors()), result.storesPerSecond(), settings.rate(), result.storeSeconds(),
            result.maxOutstanding()[0]);
        out.printf(Locale.ROOT, "FETCHes: %,d of acknowledged values; first pass: %,d found nothing, %,d other " +
            "content, errors %s; %,d fetched again %d ms later; achieved %,.0f/s of %,d/s offered (%.1f s, at most " +
            "%d outstanding)%n", result.fetches(), result.fetchMissing(), result.fetchDifferent(),
            codes(result.fetchErrors()), result.retried(), RETRY_AFTER_MS, result.fetchesPerSecond(), settings.rate(),
            result.fetchSeconds(), result.maxOutstanding()[1]);
        if (!result.victims().isEmpty())
        {
            out.println("killed after " + result.killedAfter() + " STOREs: " + result.victims().get(0) + ", " +
                result.victims().get(1) + " (not adjacent, issued no requests); ring settled " +
                (result.ringSettleMs() < 0 ? "not within " + RING_WAIT_SECONDS + " s after the STOREs" : result.ringSettleMs() + " ms after the kill"));
        }
        out.println("latency from intended send time, us    p50       p90       p99     p99.9       max");
        row(out, "PING (baseline, before the STOREs)", ping);
        row(out, "STORE (200 once a replica accepted)", result.storeLatency());
        row(out, "FETCH", result.fetchLatency());
        out.printf(Locale.ROOT, "STORE / PING: p50 %s, p99 %s   FETCH / PING: p50 %s, p99 %s%n",
            ratio(result.storeLatency(), ping, 50), ratio(result.storeLatency(), ping, 99),
            ratio(result.fetchLatency(), ping, 50), ratio(result.fetchLatency(), ping, 99));
        result.reasons().forEach((what, reason) -> out.println("first " + what + " error: " + reason));
        out.println("storage counters, summed over the peers: " + nonZero(result.counters()));
        out.println("threads alive during the STOREs: " + result.threads().size() + " " + result.threads());
        out.flush();
    }

    private static void row(final PrintWriter out, final String label, final Histogram histogram)
    {
        out.printf(Locale.ROOT, "  %-36s", label);
        for (final double percentile : LatencyComparison.PERCENTILES)
        {
            out.printf(Locale.ROOT, " %9.1f", LatencyComparison.at(histogram, percentile) / 1000.0);
        }
        out.println();
    }

    static String ratio(final Histogram histogram, final Histogram baseline, final double percentile)
    {
        final long base = LatencyComparison.at(baseline, percentile);
        return base <= 0 || histogram.getTotalCount() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx",
            (double)LatencyComparison.at(histogram, percentile) / base);
    }

    static String codes(final Map<Integer, Integer> errors)
    {
        if (errors.isEmpty())
        {
            return "none";
        }
        final StringBuilder sb = new StringBuilder();
        errors.forEach((code, count) -> sb.append(sb.isEmpty() ? "" : ", ")
            .append(code == UNEXPECTED ? "unexpected answer" : code).append(": ").append(count));
        return sb.toString();
    }

    private static Map<String, Long> nonZero(final Map<String, Long> counters)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((name, value) ->
        {
            if (value != 0)
            {
                values.put(name, value);
            }
        });
        return values;
    }

    /**
     * @param result the phase.
     * @return the latency plot: PING, STORE and FETCH by percentile.
     */
    static String plot(final Result result)
    {
        final Histogram ping = result.pingLatency();
        return new PercentilePlot("Overlay requests: latency by percentile, from the intended send time")
            .add("PING", ping)
            .add("STORE", result.storeLatency())
            .add("FETCH", result.fetchLatency())
            .toSvg();
    }

    /**
     * Add the storage section to the demo's HTML report.
     *
     * @param result the phase.
     * @param html   the report.
     */
    static void report(final Result result, final HtmlReport html)
    {
        final Histogram ping = result.pingLatency();
        final Settings settings = result.settings();
        html.heading(2, String.format(Locale.ROOT, "Storage: %,d STOREs and FETCHes at %,d/s offered, two peers " +
            "killed", settings.stores(), settings.rate()));
        final List<String> items = new ArrayList<>();
        items.add(String.format(Locale.ROOT, "values lost: %d of %,d acknowledged (goal 0); stale (other content): " +
            "%d", result.lost(), result.acknowledged(), result.stale()));
        items.add(String.format(Locale.ROOT, "STOREs of distinct TURN-SERVICE single values of %d-%d bytes " +
            "(lifetime %d s) from the peers that were not to die, open loop at %,d/s, at most %d outstanding: " +
            "%,d acknowledged, errors by code: %s; achieved %,.0f/s", MIN_VALUE_BYTES, MAX_VALUE_BYTES,
            LIFETIME_SECONDS, settings.rate(), settings.window(), result.acknowledged(), codes(result.storeErrors()),
            result.storesPerSecond()));
        if (!result.victims().isEmpty())
        {
            items.add("after " + result.killedAfter() + " STOREs, peers " + result.victims().get(0) + " and " +
                result.victims().get(1) + " (not adjacent) were killed: agents removed, sockets closed, no LEAVE; " +
                "ring settled " + (result.ringSettleMs() < 0 ? "not within " + RING_WAIT_SECONDS + " s after the STOREs" : result.ringSettleMs() +
                " ms later"));
        }
        items.add(String.format(Locale.ROOT, "FETCH of every acknowledged value from the survivors at %,d/s: " +
            "first pass %,d found nothing, %,d other content, errors by code: %s; achieved %,.0f/s; %,d fetched " +
            "again %d ms later", settings.rate(), result.fetchMissing(), result.fetchDifferent(),
            codes(result.fetchErrors()), result.fetchesPerSecond(), result.retried(), RETRY_AFTER_MS));
        items.add("latency: from each request's intended send time to its answer on the conductor thread " +
            "(coordinated omission corrected); the baseline is PING, the overlay's bare request and answer, " +
            String.format(Locale.ROOT, "%,d of them", ping.getTotalCount()) + " over the same ring at the same rate " +
            "just before the STOREs (the earlier PING phase ran on a cold JVM); store.hgrm, fetch.hgrm, " +
            "ping-baseline.hgrm and the PING phase's ping.hgrm beside this page, in microseconds");
        items.add("threads alive during the STOREs: " + result.threads().size() + " (" +
            String.join(", ", result.threads()) + "); the forwarders' and conductors' threads use backoff idle");
        result.reasons().forEach((what, reason) -> items.add("first " + what + " error: " + reason));
        html.list(items);
        final List<List<String>> rows = new ArrayList<>();
        rows.add(latencyRow("PING", ping, null));
        rows.add(latencyRow("STORE", result.storeLatency(), ping));
        rows.add(latencyRow("FETCH", result.fetchLatency(), ping));
        html.table(List.of("", "count", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us", "p50 / PING",
            "p99 / PING"), rows);
        html.svg(plot(result));
        final List<String> counters = new ArrayList<>();
        nonZero(result.counters()).forEach((name, value) -> counters.add(name + ": " + value));
        html.heading(3, "Storage counters, summed over the peers");
        html.list(counters);
    }

    private static List<String> latencyRow(final String label, final Histogram histogram, final Histogram baseline)
    {
        final List<String> row = new ArrayList<>(List.of(label, String.format(Locale.ROOT, "%,d",
            histogram.getTotalCount())));
        for (final double percentile : LatencyComparison.PERCENTILES)
        {
            row.add(String.format(Locale.ROOT, "%.1f", LatencyComparison.at(histogram, percentile) / 1000.0));
        }
        row.add(null == baseline ? "-" : ratio(histogram, baseline, 50));
        row.add(null == baseline ? "-" : ratio(histogram, baseline, 99));
        return row;
    }
}
