package io.relo.control.storage;

import io.relo.codec.KindId;
import io.relo.codec.ResponseCode;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StoragePeers on a model ring whose neighbour tables are the sorted ring of live peers: the draft §7.3 replication,
 * the §7.4 transfer, the §7.5.2 pushes and deletion, and the §4.4 kept responses.
 */
class StoragePeerTest
{
    private static final long T1_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long REPAIR_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final int TURN = KindId.TURN_SERVICE;

    /** Delivers each message to the peer its route names, or to the resource's responsible peer. */
    private final class Ring
    {
        final TreeMap<PeerId, StoragePeer> peers = new TreeMap<>();
        final ArrayDeque<StorageMessage> inFlight = new ArrayDeque<>();
        final java.util.Set<PeerId> dead = new java.util.HashSet<>();
        final Random random = new Random(7);
        long nowNs;
        long nowMs = NOW_MS;
        int delivered;

        StoragePeer add(final PeerId id)
        {
            return add(id, new DataStore(KindRegistry.withDraftKinds(), new DataStoreContext()));
        }

        /** A peer (re)started on a store, such as the one it held when it died: its journal. */
        StoragePeer add(final PeerId id, final SlotStore store)
        {
            final PeerId self = id;
            final StoragePeer peer = new StoragePeer(id, store, message -> inFlight.add(new StorageMessage(message.route(),
                List.of(self), message.ttl(), message.transactionId(), message.body())), random, T1_NS, REPAIR_NS,
                nowNs);
            peers.put(id, peer);
            dead.remove(id);
            return peer;
        }

        void kill(final PeerId id)
        {
            dead.add(id);
            peers.remove(id);
        }

        /** Every peer's neighbour table is the sorted ring: three predecessors and three successors. */
        void settle()
        {
            final List<PeerId> ids = new ArrayList<>(peers.keySet());
            for (int i = 0; i < ids.size(); i++)
            {
                final List<PeerId> preds = new ArrayList<>();
                final List<PeerId> succs = new ArrayList<>();
                for (int k = 1; k <= Math.min(3, ids.size() - 1); k++)
                {
                    preds.add(ids.get(Math.floorMod(i - k, ids.size())));
                    succs.add(ids.get((i + k) % ids.size()));
                }
                peers.get(ids.get(i)).onTopology(true, preds, succs, nowMs);
            }
        }

        PeerId responsible(final PeerId resource)
        {
            final PeerId at = peers.ceilingKey(resource);
            return null == at ? peers.firstKey() : at;
        }

        /** Run until nothing moves, advancing time by T1 whenever the network is idle. */
        void run(final long forNs)
        {
            final long until = nowNs + forNs;
            while (nowNs < until)
            {
                while (!inFlight.isEmpty())
                {
                    deliver(inFlight.poll());
                }
                for (final StoragePeer peer : new ArrayList<>(peers.values()))
                {
                    peer.poll(nowNs, nowMs);
                }
                if (inFlight.isEmpty())
                {
                    nowNs += T1_NS / 4;
                }
            }
        }

        private void deliver(final StorageMessage message)
        {
            final PeerId to = message.route().get(0);
            final StoragePeer direct = peers.get(to);
            final StoragePeer target = null != direct ? direct : peers.get(responsible(to));
            if (null == target || dead.contains(to))
            {
                return;
            }
            delivered++;
            target.onMessage(new StorageMessage(message.route().subList(1, message.route().size()), message.via(),
                message.ttl() - 1, message.transactionId(), message.body()), to, nowNs, nowMs);
        }
    }

    private final Ring ring = new Ring();

    private static PeerId id(final long hi)
    {
        return new PeerId(hi << 56, 0);
    }

    private static StorageMessage.StoreRequest turn(final PeerId resource, final long storageTime, final String text)
    {
        return new StorageMessage.StoreRequest(resource, List.of(new StoreTypeData(TURN, 0, List.of(
            new SingleValueEntry(StoredValue.of(NOW_MS / 1000 + storageTime, 86_400, Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8)),
                Opaque.EMPTY))))));
    }

    private static String held(final StoragePeer peer, final PeerId resource)
    {
        final FetchResult result = peer.store().fetch(resource, List.of(new FetchTypeData(TURN, -1L,
            FetchDataReference.SingleValue.INSTANCE)), NOW_MS);
        final StoredValue value = result.responses().get(0).values().get(0).value();
        return value.exists() ? new String(value.value().toByteArray(), StandardCharsets.UTF_8) : null;
    }

    private StorageMessage.Body request(final StoragePeer from, final StorageMessage.Body body)
    {
        final StorageMessage.Body[] answer = new StorageMessage.Body[1];
        from.request(body, (a, hops) -> answer[0] = a, ring.nowNs);
        ring.run(TimeUnit.SECONDS.toNanos(1));
        return answer[0];
    }

    private void ringOf(final int... his)
    {
        for (final int hi : his)
        {
            ring.add(id(hi));
        }
        ring.settle();
        ring.run(T1_NS);
    }

    @Test
    void shouldStoreAtTheResponsiblePeerAndItsTwoSuccessors()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = id(35).lo() == 0 ? new PeerId(id(35).hi(), 1) : id(35);
        final StorageMessage.Body answer = request(ring.peers.get(id(10)), turn(resource, 100, "a"));

        assertInstanceOf(StorageMessage.StoreAnswer.class, answer);
        assertEquals("a", held(ring.peers.get(id(40)), resource), "responsible peer");
        assertEquals("a", held(ring.peers.get(id(50)), resource), "first successor (draft §7.3)");
        assertEquals("a", held(ring.peers.get(id(60)), resource), "second successor (draft §7.3)");
        assertEquals(null, held(ring.peers.get(id(70)), resource));
        assertEquals(null, held(ring.peers.get(id(30)), resource));
    }

    /** Tables of 50 and 60 that do not know 40: each refuses 40's replicas (draft §7.3). */
    private void replicasThatDoNotKnowForty()
    {
        ring.peers.get(id(50)).onTopology(true, List.of(id(30), id(20), id(10)), List.of(id(60), id(70), id(80)),
            ring.nowMs);
        ring.peers.get(id(60)).onTopology(true, List.of(id(50), id(30), id(20)), List.of(id(70), id(80), id(10)),
            ring.nowMs);
    }

    @Test
    void shouldAnswerAStoreOnlyOnceAReplicaAcceptedItAskingAgainWhileTheTablesDisagree()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        replicasThatDoNotKnowForty();
        final PeerId resource = new PeerId(id(35).hi(), 1);
        final StorageMessage.Body[] answer = new StorageMessage.Body[1];
        ring.peers.get(id(10)).request(turn(resource, 100, "a"), (a, hops) -> answer[0] = a, ring.nowNs);
        ring.run(10 * T1_NS);

        assertEquals(null, answer[0], "no 200 while the value has one copy: both replicas refused it");
        assertEquals("a", held(ring.peers.get(id(40)), resource));
        assertEquals(null, held(ring.peers.get(id(50)), resource));

        ring.settle(); // the tables agree again: 40 is the predecessor of 50
        ring.run(10 * T1_NS);

        assertInstanceOf(StorageMessage.StoreAnswer.class, answer[0], "asked again, the replicas accepted");
        assertEquals("a", held(ring.peers.get(id(50)), resource));
        assertEquals("a", held(ring.peers.get(id(60)), resource));
    }

    @Test
    void shouldAnswer408WhenNoReplicaAcceptsTheStore()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        replicasThatDoNotKnowForty();
        final PeerId resource = new PeerId(id(35).hi(), 1);
        final StorageMessage.Body[] answer = new StorageMessage.Body[1];
        ring.peers.get(id(10)).request(turn(resource, 100, "a"), (a, hops) -> answer[0] = a, ring.nowNs);
        ring.run((StoragePeer.REPLICA_GIVE_UP_T1 + 4) * T1_NS);

        final StorageMessage.ErrorAnswer error = assertInstanceOf(StorageMessage.ErrorAnswer.class, answer[0]);
        assertEquals(ResponseCode.REQUEST_TIMEOUT, error.code(), error.reason());
        assertEquals("a", held(ring.peers.get(id(40)), resource), "held by the responsible peer, not rolled back");
        assertEquals(1L, ring.peers.get(id(40)).counters().snapshot().get("answered 408: no replica accepted"));
    }

    @Test
    void shouldAnswerAStoreWhenOneReplicaAcceptsAndTheOtherIsDead()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        ring.kill(id(60)); // 40's table still names it: the failure is not yet detected
        final PeerId resource = new PeerId(id(35).hi(), 1);
        final StorageMessage.Body[] answer = new StorageMessage.Body[1];
        ring.peers.get(id(10)).request(turn(resource, 100, "a"), (a, hops) -> answer[0] = a, ring.nowNs);
        ring.run(6 * T1_NS);

        assertInstanceOf(StorageMessage.StoreAnswer.class, answer[0], "two copies: 40 and 50");
        assertEquals("a", held(ring.peers.get(id(50)), resource));
    }

    @Test
    void shouldPushARangeAgainSoonAfterTheNewPredecessorRefusedIt()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        ring.kill(id(40));
        ring.settle();
        ring.run(T1_NS);

        // 40 restarts with nothing; 50 names it as predecessor at once and pushes its range, but 40's own table
        // still places a predecessor past the resource, so it refuses (draft §7.3)
        final StoragePeer restarted = ring.add(id(40));
        ring.settle();
        final List<PeerId> successors = List.of(id(50), id(60), id(70));
        restarted.onTopology(true, List.of(new PeerId(id(38).hi(), 0), id(30), id(20)), successors, ring.nowMs);
        ring.run(2 * T1_NS);
        assertEquals(null, held(restarted, resource), "refused while its table disagrees");

        restarted.onTopology(true, List.of(id(30), id(20), id(10)), successors, ring.nowMs);
        ring.run(TimeUnit.SECONDS.toNanos(1)); // well before the next repair, REPAIR_NS away

        assertEquals("a", held(restarted, resource), "the refused push was sent again after 4 x T1");
    }

    @Test
    void shouldQueueAPushOnceHoweverOftenTheTableChangesBeforeItIsSent()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        for (int i = 0; i < 20; i++)
        {
            request(ring.peers.get(id(10)), turn(new PeerId(id(35).hi(), i + 1), 100, "v" + i));
        }
        final StoragePeer forty = ring.peers.get(id(40));
        final List<PeerId> predecessors = List.of(id(30), id(20), id(10));
        for (int change = 0; change < 10; change++)
        {
            // flapping successors, as while a peer restarts: each change queues the range for new members
            final List<PeerId> successors = change % 2 == 0 ? List.of(id(60), id(70), id(80)) :
                List.of(id(50), id(60), id(70));
            forty.onTopology(true, predecessors, successors, ring.nowMs);
        }

        final long queued = forty.snapshot().get("pushes queued");
        assertTrue(queued > 0, "the flapping queued pushes");
        assertTrue(queued <= 20 * 3, "each (peer, resource) once, not once per change: " + queued);
    }

    @Test
    void shouldFetchTheValueAfterTheResponsiblePeerDiesAndCompleteTheNewReplicaSet()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));

        ring.kill(id(40));
        ring.settle();
        ring.run(REPAIR_NS);

        final StorageMessage.Body answer = request(ring.peers.get(id(80)), new StorageMessage.FetchRequest(resource,
            List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE))));
        final StorageMessage.FetchAnswer fetched = assertInstanceOf(StorageMessage.FetchAnswer.class, answer);
        assertEquals("a", new String(fetched.responses().get(0).values().get(0).value().value().toByteArray(),
            StandardCharsets.UTF_8));
        assertEquals("a", held(ring.peers.get(id(50)), resource), "new responsible peer");
        assertEquals("a", held(ring.peers.get(id(60)), resource));
        assertEquals("a", held(ring.peers.get(id(70)), resource), "the new member of the replica set got a copy");
    }

    @Test
    void shouldTransferTheJoiningPeersRangeAndForgetDataThreePredecessorsAway()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(33).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        assertEquals("a", held(ring.peers.get(id(60)), resource));

        ring.add(id(36));
        ring.settle();
        ring.run((StoragePeer.FORGET_AFTER_STABLE_REPAIRS + 2) * REPAIR_NS);

        assertEquals("a", held(ring.peers.get(id(36)), resource), "draft §7.4: the joining peer's range moved to it");
        assertEquals("a", held(ring.peers.get(id(40)), resource));
        assertEquals("a", held(ring.peers.get(id(50)), resource));
        assertEquals(null, held(ring.peers.get(id(60)), resource),
            "draft §7.5.2: three predecessors (50, 40, 36) lie between 60 and the resource");
        assertTrue(ring.peers.get(id(60)).counters().valuesForgotten() > 0);
    }

    @Test
    void shouldAcceptTheAdmittingPeersTransferBeforeItKnowsItIsPlaced()
    {
        ringOf(10, 20, 30);
        final PeerId resource = new PeerId(id(15).hi(), 1);
        final StoragePeer joining = ring.add(id(16));
        joining.onTopology(false, List.of(), List.of(id(20), id(30)), ring.nowMs);
        // draft §7.4: the admitting peer (20, the joining peer's successor) STOREs the joining peer's range.
        ring.inFlight.add(new StorageMessage(List.of(id(16)), List.of(id(20)), 100, 43L, turn(resource, 100, "t")));
        ring.run(T1_NS);

        assertEquals("t", held(joining, resource));
    }

    @Test
    void shouldGiveARestartedResponsiblePeerItsRangeBack()
    {
        ringOf(10, 20, 30, 40, 50);
        final PeerId resource = new PeerId(id(25).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        // The responsible peer dies and comes back with the same id and an empty store (a journal lost or older).
        ring.kill(id(30));
        ring.settle();
        ring.run(T1_NS);
        ring.add(id(30));
        ring.settle();
        ring.run(REPAIR_NS + T1_NS);

        assertEquals("a", held(ring.peers.get(id(30)), resource));
    }

    @Test
    void shouldNotForgetAReplicaWhileItsPredecessorListStillNamesADeadPeer()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        final StoragePeer second = ring.peers.get(id(60));
        assertEquals("a", held(second, resource));

        // Peer 55 died before 60's table noticed: listed, the third predecessor is 40, not 30, for three repairs.
        second.onTopology(true, List.of(id(55), id(50), id(40)), List.of(id(70), id(80), id(10)), ring.nowMs);
        ring.run((StoragePeer.FORGET_AFTER_STABLE_REPAIRS - 1) * REPAIR_NS);
        assertEquals("a", held(second, resource), "a stale table does not delete");
        ring.settle();
        ring.run((StoragePeer.FORGET_AFTER_STABLE_REPAIRS + 2) * REPAIR_NS);

        assertEquals("a", held(second, resource), "draft §7.3: 60 is the second successor of 40, which holds it");
        assertEquals(null, held(ring.peers.get(id(70)), resource), "draft §7.5.2: 70 forgets it");
    }

    @Test
    void shouldHandAValueToItsResponsiblePeerBeforeForgettingIt()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        // Peer 80 acknowledged a value while it was in a ring of its own; the ring it is in now has 40 responsible.
        final StoragePeer stray = ring.peers.get(id(80));
        stray.store().store(id(80), resource, turn(resource, 100, "only").data(), ring.nowMs);
        assertEquals(null, held(ring.peers.get(id(40)), resource));

        ring.run((StoragePeer.FORGET_AFTER_STABLE_REPAIRS + 3) * REPAIR_NS);

        assertEquals("only", held(ring.peers.get(id(40)), resource), "handed to the responsible peer");
        assertEquals("only", held(ring.peers.get(id(50)), resource), "and replicated by it");
        assertEquals(null, held(stray, resource), "draft §7.5.2: then forgotten");
    }

    @Test
    void shouldGiveAPeerRestartedFromAnOlderJournalTheNewerValue()
    {
        ringOf(10, 20, 30, 40, 50, 60);
        final PeerId resource = new PeerId(id(25).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "old"));
        ring.kill(id(30));
        ring.settle();
        ring.run(T1_NS);
        request(ring.peers.get(id(10)), turn(resource, 200, "new"));
        assertEquals("new", held(ring.peers.get(id(40)), resource));

        // Peer 30 comes back with its journal: the old value. It pushes that to its replica set, which holds newer.
        final StoragePeer restarted = ring.add(id(30));
        restarted.store().store(id(10), resource, turn(resource, 100, "old").data(), ring.nowMs);
        ring.settle();
        ring.run(2 * REPAIR_NS);

        assertEquals("new", held(restarted, resource), "draft §3.7: the newest storage time wins everywhere");
    }

    @Test
    void shouldRefuseAReplicaFromAPeerThatIsNotAResponsiblePredecessor()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final StoragePeer outsider = ring.peers.get(id(10));
        final PeerId resource = new PeerId(id(35).hi(), 1);
        // A STORE addressed to peer 60 (a replica) from peer 10, which is not its predecessor.
        ring.inFlight.add(new StorageMessage(List.of(id(60)), List.of(id(10)), 100, 42L, turn(resource, 100, "x")));
        ring.run(T1_NS);

        assertEquals(null, held(ring.peers.get(id(60)), resource));
        assertTrue(ring.peers.get(id(60)).snapshot().get("replica requests refused here") == 1);
        assertFalse(outsider.snapshot().get("STOREs served") > 0);
    }

    @Test
    void shouldAnswerARetransmittedStoreWithTheKeptResponseNotAnother412()
    {
        ringOf(10, 20, 30, 40);
        final PeerId resource = new PeerId(id(25).hi(), 1);
        final StoragePeer responsible = ring.peers.get(id(30));
        final StorageMessage request = new StorageMessage(List.of(), List.of(id(10)), 100, 77L,
            turn(resource, 100, "a"));
        responsible.onMessage(request, resource, ring.nowNs, ring.nowMs);
        ring.run(T1_NS);
        responsible.onMessage(request, resource, ring.nowNs, ring.nowMs);
        ring.run(T1_NS);

        final long stores = responsible.snapshot().get("STOREs served");
        assertEquals(1, stores, "draft §4.4: served once");
        assertEquals(1, responsible.snapshot().get("retransmissions answered from the kept response"));
    }

    @Test
    void shouldReplicateASlotLargerThanOneRequestInPieces()
    {
        ringOf(10, 20, 30, 40, 50);
        final PeerId aor = new PeerId(id(25).hi(), 1);
        final List<StoredData> entries = new ArrayList<>();
        for (int k = 0; k < 10; k++)
        {
            entries.add(new DictionaryEntry(Opaque.copyOf(("c" + k).getBytes(StandardCharsets.UTF_8)),
                StoredValue.of(NOW_MS / 1000, 3600, Opaque.copyOf(new byte[9000]), Opaque.EMPTY)));
        }
        final StorageMessage.Body answer = request(ring.peers.get(id(10)), new StorageMessage.StoreRequest(aor,
            List.of(new StoreTypeData(KindId.SIP_REGISTRATION, 0, entries))));

        assertInstanceOf(StorageMessage.StoreAnswer.class, answer);
        final StoragePeer responsible = ring.peers.get(id(30));
        assertTrue(responsible.counters().replicasSent() >= 6, "90 KB to each of two replicas in 32 KB pieces: " +
            responsible.counters().replicasSent());
        for (final int replica : new int[] {40, 50})
        {
            final FetchResult held = ring.peers.get(id(replica)).store().fetch(aor, List.of(new FetchTypeData(
                KindId.SIP_REGISTRATION, -1L, FetchDataReference.Dictionary.WILDCARD)), NOW_MS);
            assertEquals(10, held.responses().get(0).values().size(), "replica " + replica);
        }
        assertEquals(0, responsible.snapshot().get("answers sent before the replicas answered"));
    }

    @Test
    void shouldReplicateARemove()
    {
        ringOf(10, 20, 30, 40, 50);
        final PeerId resource = new PeerId(id(25).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        assertEquals("a", held(ring.peers.get(id(50)), resource));

        final StorageMessage.Body answer = request(ring.peers.get(id(10)), new StorageMessage.RemoveRequest(resource,
            List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE))));

        assertInstanceOf(StorageMessage.RemoveAnswer.class, answer);
        assertEquals(null, held(ring.peers.get(id(30)), resource));
        assertEquals(null, held(ring.peers.get(id(40)), resource));
        assertEquals(null, held(ring.peers.get(id(50)), resource));
    }

    private StorageMessage.Body removeTurn(final PeerId resource)
    {
        return request(ring.peers.get(id(10)), new StorageMessage.RemoveRequest(resource,
            List.of(new FetchTypeData(TURN, 0, FetchDataReference.SingleValue.INSTANCE))));
    }

    private StoredValue fetchTurn(final PeerId resource)
    {
        final StorageMessage.Body answer = request(ring.peers.get(id(80)), new StorageMessage.FetchRequest(resource,
            List.of(new FetchTypeData(TURN, -1L, FetchDataReference.SingleValue.INSTANCE))));
        return assertInstanceOf(StorageMessage.FetchAnswer.class, answer).responses().get(0).values().get(0).value();
    }

    @Test
    void shouldNotResurrectARemovedValueWhenAReplicaThatMissedTheRemoveBecomesResponsible()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        // Replica 50 is down during the REMOVE; 70 takes its place in 40's replica set and gets the value.
        final SlotStore journalOf50 = ring.peers.get(id(50)).store();
        ring.kill(id(50));
        ring.settle();
        ring.run(REPAIR_NS + T1_NS);
        assertEquals("a", held(ring.peers.get(id(70)), resource));
        assertInstanceOf(StorageMessage.RemoveAnswer.class, removeTurn(resource));
        assertEquals(null, held(ring.peers.get(id(70)), resource));

        // 50 restarts on its journal, still holding the value, and pushes its predecessor's range back to 40.
        final StoragePeer restarted = ring.add(id(50), journalOf50);
        assertEquals("a", held(restarted, resource));
        ring.settle();
        ring.run(2 * REPAIR_NS);
        assertEquals(null, held(ring.peers.get(id(40)), resource), "refused by 40's tombstone");
        assertTrue(ring.peers.get(id(40)).snapshot().get("REMOVEs sent back to a peer that pushed a removed value") > 0);
        assertEquals(null, held(restarted, resource), "40 sent the REMOVE back to the peer that missed it");

        // Failover: 40 dies and 50, which missed the REMOVE, becomes responsible.
        ring.kill(id(40));
        ring.settle();
        ring.run(2 * REPAIR_NS);

        assertFalse(fetchTurn(resource).exists(), "draft §5.2.1.1: a removed value is not reinserted");
        for (final int peer : new int[] {50, 60, 70})
        {
            assertEquals(null, held(ring.peers.get(id(peer)), resource), "peer " + peer);
        }
    }

    @Test
    void shouldNotResurrectARemovedValuePushedByAPeerThatMissedTheRemoveAfterTheResponsiblePeerDied()
    {
        ringOf(10, 20, 30, 40, 50, 60, 70, 80);
        final PeerId resource = new PeerId(id(35).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        final SlotStore journalOf50 = ring.peers.get(id(50)).store();
        ring.kill(id(50));
        ring.settle();
        ring.run(REPAIR_NS + T1_NS);
        assertInstanceOf(StorageMessage.RemoveAnswer.class, removeTurn(resource));
        // The responsible peer dies too: 60, holding the tombstone, takes the range over.
        ring.kill(id(40));
        ring.settle();
        ring.run(REPAIR_NS + T1_NS);

        // 50 comes back responsible, holding the removed value, and pushes it to its replica set (60, 70).
        final StoragePeer restarted = ring.add(id(50), journalOf50);
        ring.settle();
        ring.run(2 * REPAIR_NS);

        assertFalse(fetchTurn(resource).exists(), "draft §5.2.1.1: a removed value is not reinserted");
        assertEquals(null, held(restarted, resource), "the replicas' tombstones refused it and sent the REMOVE back");
        assertEquals(null, held(ring.peers.get(id(60)), resource));
        assertEquals(null, held(ring.peers.get(id(70)), resource));
    }

    @Test
    void shouldStoreANewerValueAtARemovedPositionEverywhere()
    {
        ringOf(10, 20, 30, 40, 50);
        final PeerId resource = new PeerId(id(25).hi(), 1);
        request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        removeTurn(resource);

        final StorageMessage.Body replay = request(ring.peers.get(id(10)), turn(resource, 100, "a"));
        assertEquals(ResponseCode.PRECONDITION_FAILED, assertInstanceOf(StorageMessage.ErrorAnswer.class, replay)
            .code(), "draft §10.5.3: not later than the removed value");
        assertInstanceOf(StorageMessage.StoreAnswer.class, request(ring.peers.get(id(10)), turn(resource, 101, "b")));

        for (final int peer : new int[] {30, 40, 50})
        {
            assertEquals("b", held(ring.peers.get(id(peer)), resource), "peer " + peer);
        }
    }

    @Test
    void shouldAnswer408WhenNoPeerAnswers()
    {
        final List<StorageMessage> sent = new ArrayList<>();
        final StoragePeer lonely = new StoragePeer(id(10), new DataStore(KindRegistry.withDraftKinds(),
            new DataStoreContext()), sent::add, new Random(1), T1_NS, REPAIR_NS, 0);
        final StorageMessage.Body[] answer = new StorageMessage.Body[1];
        lonely.request(turn(new PeerId(id(15).hi(), 1), 100, "a"), (a, hops) -> answer[0] = a, 0);
        for (long t = 0; t <= 70 * T1_NS; t += T1_NS / 4)
        {
            lonely.poll(t, NOW_MS);
        }

        final StorageMessage.ErrorAnswer error = assertInstanceOf(StorageMessage.ErrorAnswer.class, answer[0]);
        assertEquals(ResponseCode.REQUEST_TIMEOUT, error.code());
        assertTrue(sent.size() > 3, "draft §4.4: retransmitted with the same transaction id: " + sent.size());
        assertEquals(1, sent.stream().mapToLong(StorageMessage::transactionId).distinct().count());
    }

    /** Seeded churn on the model ring: every acknowledged value survives while no three consecutive peers fail. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldLoseNoAcknowledgedValueUnderSeededChurn(final long seed)
    {
        final Random random = new Random(seed);
        final List<PeerId> everyone = new ArrayList<>();
        for (int i = 0; i < 16; i++)
        {
            final PeerId peer = new PeerId(random.nextLong(), random.nextLong());
            everyone.add(peer);
            ring.add(peer);
        }
        ring.settle();
        final TreeMap<PeerId, String> acknowledged = new TreeMap<>();
        for (int cycle = 0; cycle < 20; cycle++)
        {
            for (int i = 0; i < 20; i++)
            {
                final PeerId resource = new PeerId(random.nextLong(), random.nextLong());
                final String text = "v" + cycle + "-" + i;
                final List<PeerId> live = new ArrayList<>(ring.peers.keySet());
                if (request(ring.peers.get(live.get(random.nextInt(live.size()))),
                    turn(resource, 1000 + cycle, text)) instanceof StorageMessage.StoreAnswer)
                {
                    acknowledged.put(resource, text);
                }
            }
            // Kill one peer, or bring a dead one back with an empty store; never two neighbours at once.
            final List<PeerId> live = new ArrayList<>(ring.peers.keySet());
            if (live.size() > 12 && random.nextBoolean())
            {
                ring.kill(live.get(random.nextInt(live.size())));
            }
            else
            {
                for (final PeerId peer : everyone)
                {
                    if (!ring.peers.containsKey(peer))
                    {
                        ring.add(peer);
                        break;
                    }
                }
            }
            ring.settle();
            ring.run(REPAIR_NS + T1_NS);
        }
        int lost = 0;
        for (final var entry : acknowledged.entrySet())
        {
            final StoragePeer responsible = ring.peers.get(ring.responsible(entry.getKey()));
            if (!entry.getValue().equals(held(responsible, entry.getKey())))
            {
                lost++;
            }
        }
        assertTrue(acknowledged.size() > 350, "most stores were acknowledged: " + acknowledged.size());
        assertEquals(0, lost, "acknowledged values lost out of " + acknowledged.size());
    }
}
