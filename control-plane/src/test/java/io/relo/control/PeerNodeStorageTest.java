package io.relo.control;

import io.relo.codec.KindId;
import io.relo.codec.ResponseCode;
import io.relo.control.chord.RingOracle;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage over the wire: ten whole peers on UDP loopback with journaled stores, STOREs and FETCHes from peers and
 * from a client (draft §5.2), replication to two successors (§7.3), and FETCHes that still find every value after
 * the responsible peers of some of them die (§7.5.2).
 */
class PeerNodeStorageTest
{
    private static final ControlConductor.Timing TIMING = new ControlConductor.Timing(
        TimeUnit.MILLISECONDS.toNanos(1000), TimeUnit.MILLISECONDS.toNanos(3000), TimeUnit.MILLISECONDS.toNanos(100));
    private static final int TURN = KindId.TURN_SERVICE;

    private final LoopbackOverlay overlay = new LoopbackOverlay("storage.test.relo", TIMING);

    @TempDir
    Path dir;

    @AfterEach
    void close()
    {
        overlay.close();
    }

    private static List<StoreTypeData> value(final String text, final long storageTime)
    {
        return List.of(new StoreTypeData(TURN, 0, List.of(new SingleValueEntry(StoredValue.of(storageTime, 3600,
            Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8)), Opaque.EMPTY)))));
    }

    private static StorageMessage.Body call(final java.util.function.Consumer<StorageClient.Reply> request)
        throws Exception
    {
        final CompletableFuture<StorageMessage.Body> answer = new CompletableFuture<>();
        request.accept((body, hops) -> answer.complete(body));
        return answer.get(30, TimeUnit.SECONDS);
    }

    private static String fetched(final StorageMessage.Body answer)
    {
        final StorageMessage.FetchAnswer fetch = assertInstanceOf(StorageMessage.FetchAnswer.class, answer,
            () -> "FETCH answered " + answer);
        final StoredValue value = fetch.responses().get(0).values().get(0).value();
        return value.exists() ? new String(value.value().toByteArray(), StandardCharsets.UTF_8) : null;
    }

    @Test
    void shouldStoreAndFetchOverUdpAndKeepEveryValueWhenTwoResponsiblePeersDie() throws Exception
    {
        final Random random = new Random(5);
        final PeerNode first = overlay.start(new PeerId(random.nextLong(), random.nextLong()), null,
            dir.resolve("p0"), random, false);
        for (int i = 1; i < 10; i++)
        {
            overlay.start(new PeerId(random.nextLong(), random.nextLong()), first.address(), dir.resolve("p" + i),
                random, false);
            Thread.sleep(100);
        }
        overlay.awaitRing(60);
        final PeerNode client = overlay.start(new PeerId(random.nextLong(), random.nextLong()), first.address(), null,
            random, true);
        LoopbackOverlay.await(() -> null != client.conductor().status().admittedBy(), 30, () -> "client admitted");

        final long now = System.currentTimeMillis() / 1000;
        final Map<PeerId, String> stored = new ConcurrentHashMap<>();
        final List<CompletableFuture<StorageMessage.Body>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final PeerId resource = new PeerId(random.nextLong(), random.nextLong());
            final String text = "value-" + i;
            final List<PeerId> live = overlay.live();
            final ControlConductor from = i % 4 == 0 ? client.conductor() :
                overlay.node(live.get(random.nextInt(live.size()))).conductor();
            final CompletableFuture<StorageMessage.Body> answer = new CompletableFuture<>();
            answers.add(answer);
            from.store(resource, value(text, now), (body, hops) ->
            {
                if (body instanceof StorageMessage.StoreAnswer)
                {
                    stored.put(resource, text);
                }
                answer.complete(body);
            });
        }
        for (final CompletableFuture<StorageMessage.Body> answer : answers)
        {
            assertInstanceOf(StorageMessage.StoreAnswer.class, answer.get(30, TimeUnit.SECONDS));
        }
        assertEquals(200, stored.size());
        for (final Map.Entry<PeerId, String> entry : stored.entrySet())
        {
            assertEquals(entry.getValue(), fetched(call(reply -> client.conductor().fetch(entry.getKey(),
                List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE)), reply))));
        }
        final long replicas = overlay.live().stream().mapToLong(id ->
            overlay.node(id).conductor().storageCounters().get("replica requests accepted")).sum();
        assertTrue(replicas >= 400, "draft §7.3: two replicas of each of 200 values, got " + replicas);

        // Kill two non-adjacent peers, neither the client's admitting peer.
        final List<PeerId> ring = overlay.live();
        final PeerId admitting = client.conductor().status().admittedBy();
        int victim = ring.indexOf(admitting) + 2;
        final List<PeerId> victims = List.of(ring.get(victim % ring.size()), ring.get((victim + 3) % ring.size()));
        for (final PeerId id : victims)
        {
            overlay.kill(overlay.node(id));
        }
        overlay.awaitRing(60);
        final List<PeerId> after = overlay.live();
        int theirs = 0;
        for (final Map.Entry<PeerId, String> entry : stored.entrySet())
        {
            if (victims.contains(RingOracle.responsible(ring, entry.getKey())))
            {
                theirs++;
            }
            final StorageMessage.Body answer = call(reply -> client.conductor().fetch(entry.getKey(),
                List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE)), reply));
            assertEquals(entry.getValue(), fetched(answer), "value at " + entry.getKey() + ", responsible now " +
                RingOracle.responsible(after, entry.getKey()));
        }
        assertTrue(theirs > 0, "some values were held by the peers that died");

        // The new replica sets are complete within one update interval of the ring's repair (draft §7.3, §7.5.2):
        // every value is held by its responsible peer and that peer's two successors, each asked directly.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TIMING.updateIntervalNs()));
        int missingCopies = 0;
        for (final Map.Entry<PeerId, String> entry : stored.entrySet())
        {
            final int at = after.indexOf(RingOracle.responsible(after, entry.getKey()));
            for (int k = 0; k < 3; k++)
            {
                final PeerId holder = after.get((at + k) % after.size());
                final StorageMessage.Body answer = call(reply -> client.conductor().fetchFrom(holder,
                    entry.getKey(), List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE)),
                    reply));
                if (!entry.getValue().equals(fetched(answer)))
                {
                    missingCopies++;
                }
            }
        }
        assertEquals(0, missingCopies, "copies missing from the replica sets one update interval after the repair");

        // A conditional STORE with a stale generation is refused with 412 and the current generation (§5.2.1.2).
        final PeerId resource = stored.keySet().iterator().next();
        final StorageMessage.Body refused = call(reply -> client.conductor().store(resource,
            List.of(new StoreTypeData(TURN, 12345, value("late", now + 1).get(0).values())), reply));
        final StorageMessage.ErrorAnswer error = assertInstanceOf(StorageMessage.ErrorAnswer.class, refused);
        assertEquals(ResponseCode.PRECONDITION_FAILED, error.code());
        assertEquals(1, error.generations().size());

        // Hostile input over the wire: a storage time rolled back is 412 (§10.5.3), a value over its kind's size 403
        // (§10.5.2), and neither changes what is held.
        final StorageMessage.Body rollback = call(reply -> client.conductor().store(resource, value("old", now - 10),
            reply));
        assertEquals(ResponseCode.PRECONDITION_FAILED,
            assertInstanceOf(StorageMessage.ErrorAnswer.class, rollback).code());
        final StorageMessage.Body oversized = call(reply -> client.conductor().store(resource,
            value("x".repeat(io.relo.control.storage.KindRegistry.TURN_SERVICE_MAX_VALUE_SIZE + 1), now + 5), reply));
        assertEquals(ResponseCode.FORBIDDEN, assertInstanceOf(StorageMessage.ErrorAnswer.class, oversized).code());
        assertEquals(stored.get(resource), fetched(call(reply -> client.conductor().fetch(resource,
            List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE)), reply))));

        // The draft's own limits (10 SIP registrations of up to 10 KB, §9.2.1) pass the 65,000-byte bound of a
        // fetch_response: the wildcard FETCH is answered 412 saying so (wire-format.md §4.7), not left to time out,
        // while a FETCH of one key works, and replicas of the big slot went out in pieces.
        final PeerId aor = new PeerId(random.nextLong(), random.nextLong());
        for (int half = 0; half < 2; half++)
        {
            final List<io.relo.control.storage.StoredData> entries = new ArrayList<>();
            for (int k = 0; k < 5; k++)
            {
                entries.add(new io.relo.control.storage.DictionaryEntry(Opaque.copyOf(("contact-" + half + k)
                    .getBytes(StandardCharsets.UTF_8)), StoredValue.of(now, 3600, Opaque.copyOf(new byte[9000]),
                    Opaque.EMPTY)));
            }
            assertInstanceOf(StorageMessage.StoreAnswer.class, call(reply -> client.conductor().store(aor,
                List.of(new StoreTypeData(KindId.SIP_REGISTRATION, 0, entries)), reply)));
        }
        final StorageMessage.ErrorAnswer tooLarge = assertInstanceOf(StorageMessage.ErrorAnswer.class,
            call(reply -> client.conductor().fetch(aor, List.of(new FetchTypeData(KindId.SIP_REGISTRATION, 0,
                FetchDataReference.Dictionary.WILDCARD)), reply)));
        assertEquals(ResponseCode.PRECONDITION_FAILED, tooLarge.code());
        final StorageMessage.FetchAnswer one = assertInstanceOf(StorageMessage.FetchAnswer.class,
            call(reply -> client.conductor().fetch(aor, List.of(new FetchTypeData(KindId.SIP_REGISTRATION, 0,
                new FetchDataReference.Dictionary(List.of(Opaque.copyOf("contact-13".getBytes(
                StandardCharsets.UTF_8)))))), reply)));
        assertEquals(9000, one.responses().get(0).values().get(0).value().value().length());
        final long tooLargeCount = overlay.live().stream().mapToLong(id -> overlay.node(id).conductor().counters()
            .snapshot().get("storage answers too large, sent as 412")).sum();
        // once, or once more for each retransmission of the FETCH, which gets the kept answer encoded again
        assertTrue(tooLargeCount >= 1, "the responsible peer counted the answer it could not send");
    }
}
