package io.relo.control.sim;

import io.relo.codec.KindId;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The stores and fetches of {@code relo sim --stores N}: STOREs of single values at new resources and updates of
 * acknowledged ones with newer storage times, FETCHes of acknowledged resources judged against the newest
 * acknowledged storage time when issued (stale if older, lost if gone), a final FETCH of every acknowledged resource,
 * and the crashes of three consecutive peers within one repair interval, outside which the goal of 0 lost holds.
 */
public final class StorageWorkload
{
    /** Lifetime of every stored value: longer than any run. */
    private static final long LIFETIME_SECONDS = 30L * 24 * 3600;
    /** Share of STOREs that update an acknowledged resource rather than create one. */
    private static final double UPDATE_SHARE = 0.3;

    /**
     * What the workload measured.
     *
     * @param stores             STOREs issued.
     * @param acknowledged       STOREs answered 200.
     * @param storeErrors        other answers, by code (408: no answer).
     * @param fetchesDuring      FETCHes issued while peers churned.
     * @param staleDuring        of those, answers older than the newest acknowledged value when issued.
     * @param missingDuring      of those, answers with no value.
     * @param fetchErrorsDuring  of those, error answers, by code.
     * @param resources          resources with an acknowledged value at the end.
     * @param lostAfter          of those, not found by the final FETCH.
     * @param staleAfter         of those, found older than the newest acknowledged value.
     * @param finalErrors        final FETCHes answered with an error, by code.
     * @param tripleFailures     times three consecutive peers had crashed within one repair interval.
     * @param repairSeconds      the repair interval.
     * @param slowTriples        times three consecutive peers had crashed within one repair interval plus the
     *                           64 x T1 a failure takes to be noticed: the window in which a crash is not yet
     *                           repaired.
     * @param slowSeconds        that window.
     * @param storageMessages    storage messages originated in the whole run.
     */
    public record Report(
        int stores, int acknowledged, Map<Integer, Integer> storeErrors, int fetchesDuring, int staleDuring,
        int missingDuring, Map<Integer, Integer> fetchErrorsDuring, int resources, int lostAfter, int staleAfter,
        Map<Integer, Integer> finalErrors, int tripleFailures, double repairSeconds, int slowTriples,
        double slowSeconds, long storageMessages)
    {
    }

    private record Crash(PeerId id, long atNs)
    {
    }

    private final SimNetwork network;
    private final Random random;
    private final long repairNs;
    private final long slowNs;
    private final long baseSeconds;
    /** Per resource: the newest storage time acknowledged. */
    private final TreeMap<PeerId, Long> newestAcknowledged = new TreeMap<>();
    private final List<PeerId> acknowledgedResources = new ArrayList<>();
    /** Per resource: the newest storage time issued, so that an update is always newer. */
    private final TreeMap<PeerId, Long> newestIssued = new TreeMap<>();
    private final ArrayDeque<Crash> recentCrashes = new ArrayDeque<>();
    private final TreeMap<Integer, Integer> storeErrors = new TreeMap<>();
    private final TreeMap<Integer, Integer> fetchErrors = new TreeMap<>();
    private final TreeMap<Integer, Integer> finalErrors = new TreeMap<>();
    private int stores;
    private int acknowledged;
    private int fetches;
    private int stale;
    private int missing;
    private int pending;
    private int tripleFailures;
    private int slowTriples;
    private int lostAfter;
    private int staleAfter;

    StorageWorkload(final SimNetwork network, final Random random, final long repairNs, final long t1Ns)
    {
        this.network = network;
        this.random = random;
        this.repairNs = repairNs;
        this.slowNs = repairNs + 64 * t1Ns;
        this.baseSeconds = SimNetwork.EPOCH_MS / 1000;
    }

    /** Issue one STORE from a peer: a new resource, or an update of an acknowledged one. */
    void store(final PeerId from)
    {
        final PeerId resource = !acknowledgedResources.isEmpty() && random.nextDouble() < UPDATE_SHARE ?
            acknowledgedResources.get(random.nextInt(acknowledgedResources.size())) :
            new PeerId(random.nextLong(), random.nextLong());
        final long storageTime = Math.max(baseSeconds + network.nowNs() / 1_000_000_000L,
            newestIssued.getOrDefault(resource, 0L) + 1);
        newestIssued.put(resource, storageTime);
        final byte[] value = (resource + "@" + storageTime).getBytes(StandardCharsets.US_ASCII);
        final StorageMessage.StoreRequest request = new StorageMessage.StoreRequest(resource, List.of(
            new StoreTypeData(KindId.TURN_SERVICE, 0, List.of(new SingleValueEntry(StoredValue.of(storageTime,
                LIFETIME_SECONDS, Opaque.copyOf(value), Opaque.EMPTY))))));
        stores++;
        pending++;
        network.storageRequest(from, request, (answer, hops) ->
        {
            pending--;
            if (answer instanceof StorageMessage.StoreAnswer)
            {
                acknowledged++;
                final Long before = newestAcknowledged.put(resource, Math.max(storageTime,
                    newestAcknowledged.getOrDefault(resource, 0L)));
                if (null == before)
                {
                    acknowledgedResources.add(resource);
                }
            }
            else
            {
                storeErrors.merge(((StorageMessage.ErrorAnswer)answer).code(), 1, Integer::sum);
            }
        });
    }

    /** Issue one FETCH of an acknowledged resource, judged against what was acknowledged when it was issued. */
    void fetch(final PeerId from)
    {
        if (acknowledgedResources.isEmpty())
        {
            return;
        }
        final PeerId resource = acknowledgedResources.get(random.nextInt(acknowledgedResources.size()));
        final long expected = newestAcknowledged.get(resource);
        fetches++;
        pending++;
        fetch(from, resource, storageTime ->
        {
            pending--;
            if (storageTime == MISSING)
            {
                missing++;
            }
            else if (storageTime < expected)
            {
                stale++;
            }
        }, fetchErrors);
    }

    /** FETCH every acknowledged resource once, counting what is lost or older than acknowledged. */
    void verifyAll(final java.util.function.Supplier<PeerId> from)
    {
        for (final Map.Entry<PeerId, Long> entry : newestAcknowledged.entrySet())
        {
            final long expected = entry.getValue();
            pending++;
            fetch(from.get(), entry.getKey(), storageTime ->
            {
                pending--;
                if (storageTime == MISSING)
                {
                    lostAfter++;
                }
                else if (storageTime < expected)
                {
                    staleAfter++;
                }
            }, finalErrors);
        }
    }

    private static final long MISSING = -1;

    private void fetch(
        final PeerId from, final PeerId resource, final java.util.function.LongConsumer storageTime,
        final TreeMap<Integer, Integer> errors)
    {
        final StorageMessage.FetchRequest request = new StorageMessage.FetchRequest(resource, List.of(
            new FetchTypeData(KindId.TURN_SERVICE, 0, FetchDataReference.SingleValue.INSTANCE)));
        network.storageRequest(from, request, (answer, hops) ->
        {
            if (answer instanceof StorageMessage.FetchAnswer fetched && !fetched.responses().isEmpty() &&
                !fetched.responses().get(0).values().isEmpty())
            {
                final StoredValue value = fetched.responses().get(0).values().get(0).value();
                storageTime.accept(value.exists() ? value.storageTime() : MISSING);
            }
            else if (answer instanceof StorageMessage.ErrorAnswer error)
            {
                errors.merge(error.code(), 1, Integer::sum);
                pending--;
            }
            else
            {
                storageTime.accept(MISSING);
            }
        });
    }

    /**
     * A peer is about to crash: count it when it makes three consecutive crashed peers within one repair interval.
     *
     * @param victim the peer.
     * @param ring   the live peers, sorted, the victim among them.
     */
    void onCrash(final PeerId victim, final PeerId[] ring)
    {
        final long now = network.nowNs();
        while (!recentCrashes.isEmpty() && now - recentCrashes.peekFirst().atNs() > slowNs)
        {
            recentCrashes.pollFirst();
        }
        recentCrashes.addLast(new Crash(victim, now));
        if (consecutive(victim, ring, repairNs))
        {
            tripleFailures++;
        }
        if (consecutive(victim, ring, slowNs))
        {
            slowTriples++;
        }
    }

    /** Whether the victim and two ring neighbours crashed within the window: three consecutive peers down. */
    private boolean consecutive(final PeerId victim, final PeerId[] ring, final long windowNs)
    {
        final long now = network.nowNs();
        final java.util.TreeSet<PeerId> recent = new java.util.TreeSet<>();
        for (final Crash crash : recentCrashes)
        {
            if (now - crash.atNs() <= windowNs)
            {
                recent.add(crash.id());
            }
        }
        // The ring as it was before these crashes: live peers and the recently crashed ones.
        final java.util.TreeSet<PeerId> before = new java.util.TreeSet<>(java.util.Arrays.asList(ring));
        before.addAll(recent);
        final List<PeerId> sorted = new ArrayList<>(before);
        final int at = sorted.indexOf(victim);
        final int n = sorted.size();
        for (int start = at - 2; start <= at; start++)
        {
            boolean all = true;
            for (int k = 0; k < 3; k++)
            {
                all &= recent.contains(sorted.get(Math.floorMod(start + k, n)));
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return requests still waiting for an answer.
     */
    int pending()
    {
        return pending;
    }

    Report report()
    {
        return new Report(stores, acknowledged, Map.copyOf(storeErrors), fetches, stale, missing,
            Map.copyOf(fetchErrors), newestAcknowledged.size(), lostAfter, staleAfter, Map.copyOf(finalErrors),
            tripleFailures, repairNs / 1e9, slowTriples, slowNs / 1e9, network.storageMessages());
    }
}
