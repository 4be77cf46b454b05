package io.relo.control.chord;

import io.relo.codec.ResponseCode;
import io.relo.control.chord.ChordMessage.ErrorResponse;
import io.relo.control.chord.ChordMessage.JoinRequest;
import io.relo.control.chord.ChordMessage.JoinResponse;
import io.relo.control.chord.ChordMessage.LeaveRequest;
import io.relo.control.chord.ChordMessage.PingRequest;
import io.relo.control.chord.ChordMessage.PingResponse;
import io.relo.control.chord.ChordMessage.UpdateRequest;
import io.relo.control.chord.ChordMessage.UpdateResponse;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of draft §7, one at a time, on a single {@link ChordPeer} with an injected clock and a transport that
 * records what it asks for; the test plays every other peer by hand.
 */
class ChordPeerRulesTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long UPDATE = 10 * SECOND;
    private static final long FINGER = 60 * SECOND;
    private static final long T1 = TimeUnit.MILLISECONDS.toNanos(100);

    private static final PeerId N = new PeerId(0x4000_0000_0000_0000L, 0);
    private static final PeerId P1 = new PeerId(0x3000_0000_0000_0000L, 0);
    private static final PeerId P2 = new PeerId(0x2000_0000_0000_0000L, 0);
    private static final PeerId S1 = new PeerId(0x5000_0000_0000_0000L, 0);
    private static final PeerId S2 = new PeerId(0x6000_0000_0000_0000L, 0);
    private static final PeerId P3 = new PeerId(0x1000_0000_0000_0000L, 0);
    private static final PeerId S3 = new PeerId(0x7000_0000_0000_0000L, 0);
    private static final PeerId FAR_BEFORE = new PeerId(0x0800_0000_0000_0000L, 0);
    private static final PeerId FAR_AFTER = new PeerId(0x7800_0000_0000_0000L, 0);
    private static final PeerId BOOT = new PeerId(0x9000_0000_0000_0000L, 0);

    /** Records the peer's requests of the world. */
    static final class Recorder implements ChordTransport
    {
        final List<ChordMessage> sent = new ArrayList<>();
        final List<PeerId> connects = new ArrayList<>();
        final List<PeerId> disconnects = new ArrayList<>();
        PeerId predecessor;
        Set<PeerId> routers = Set.of();

        public void send(final ChordMessage message)
        {
            sent.add(message);
        }

        public void connect(final PeerId peer)
        {
            connects.add(peer);
        }

        public void disconnect(final PeerId peer)
        {
            disconnects.add(peer);
        }

        public void routing(final PeerId predecessor, final Collection<PeerId> routers)
        {
            this.predecessor = predecessor;
            this.routers = Set.copyOf(routers);
        }

        List<ChordMessage> take()
        {
            final List<ChordMessage> taken = new ArrayList<>(sent);
            sent.clear();
            return taken;
        }
    }

    private final Recorder transport = new Recorder();
    private long now = SECOND;

    private ChordPeer peer()
    {
        return new ChordPeer(N, transport, new Random(3), UPDATE, FINGER, T1, false, now);
    }

    /** A message from another peer, delivered here with its via list ending at the previous hop. */
    private static ChordMessage from(final PeerId origin, final long transactionId, final ChordMessage.Body body)
    {
        return new ChordMessage(List.of(), List.of(origin), 99, transactionId, body);
    }

    private static ChordMessage only(final List<ChordMessage> messages, final Class<?> body)
    {
        final List<ChordMessage> matching = messages.stream().filter(m -> body.isInstance(m.body())).toList();
        assertEquals(1, matching.size(), "one " + body.getSimpleName() + " in " + messages);
        return matching.get(0);
    }

    /** A peer N in a ring of nine that has settled: predecessors P1, P2, P3, successors S1, S2, S3, all linked. */
    private ChordPeer placed()
    {
        final ChordPeer peer = peer();
        peer.start(null, now);
        for (final PeerId other : List.of(P1, P2, P3, S1, S2, S3))
        {
            peer.onLinkUp(other, now);
        }
        peer.onMessage(from(S1, 1, new UpdateRequest(List.of(N, P1, P2), List.of(S2, S3, FAR_AFTER))), N, now);
        peer.onMessage(from(P1, 2, new UpdateRequest(List.of(P2, P3, FAR_BEFORE), List.of(N, S1, S2))), N, now);
        settle(peer);
        assertEquals(List.of(P1, P2, P3), peer.neighbors().predecessors());
        assertEquals(List.of(S1, S2, S3), peer.neighbors().successors());
        transport.take();
        return peer;
    }

    /** Link every peer it CONNECTs to and answer every request it sent as the addressee would, until quiet. */
    private void settle(final ChordPeer peer)
    {
        for (int round = 0; round < 20; round++)
        {
            final List<ChordMessage> sent = transport.take();
            // every CONNECT the peer asked for succeeds (draft §5.1.2)
            final List<PeerId> connects = new ArrayList<>(transport.connects);
            transport.connects.clear();
            for (final PeerId other : connects)
            {
                peer.onLinkUp(other, now);
            }
            if (sent.isEmpty() && connects.isEmpty())
            {
                return;
            }
            for (final ChordMessage m : sent)
            {
                final PeerId to = m.route().get(m.route().size() - 1);
                if (m.body() instanceof PingRequest)
                {
                    respond(peer, m, to, new PingResponse(0, -1, -1));
                }
                else if (m.body() instanceof UpdateRequest)
                {
                    respond(peer, m, to, new UpdateResponse());
                }
            }
        }
    }

    private void respond(final ChordPeer peer, final ChordMessage request, final PeerId responder,
        final ChordMessage.Body body)
    {
        peer.onMessage(new ChordMessage(List.of(), List.of(responder), 99, request.transactionId(), body), N, now);
    }

    @Test
    void shouldJoinStepByStepThroughTheBootstrapPeer()
    {
        final ChordPeer peer = peer();
        peer.onLinkUp(BOOT, now);
        peer.start(BOOT, now);
        // draft §7.4: until placed it answers for its own id only and routes everything through the bootstrap peer
        assertEquals(new PeerId(N.hi() - 1, -1L), transport.predecessor);
        assertEquals(Set.of(BOOT), transport.routers);
        final ChordMessage ping = only(transport.take(), PingRequest.class);
        assertEquals(List.of(BOOT, new PeerId(N.hi(), 1)), ping.route(), "PING n+1 through the bootstrap peer");

        // the peer responsible for n+1, the admitting peer, answers: CONNECT to it, then JOIN it
        respond(peer, ping, S1, new PingResponse(1, -1, -1));
        assertEquals(List.of(S1), transport.connects);
        final ChordMessage join = only(transport.take(), JoinRequest.class);
        assertEquals(List.of(S1), join.route());
        assertEquals(N, ((JoinRequest)join.body()).joining());
        assertFalse(peer.isJoined());

        respond(peer, join, S1, new JoinResponse());
        assertTrue(peer.isJoined());
        // the admitting peer's UPDATE labels this peer its predecessor and hands over the neighbour set
        peer.onLinkUp(S1, now);
        peer.onMessage(from(S1, 7, new UpdateRequest(List.of(N, P1), List.of(S2))), N, now);
        assertTrue(transport.sent.stream().anyMatch(m -> m.body() instanceof ChordMessage.UpdateResponse));
        settle(peer); // P1 and S2 answer the PINGs that check them before they enter (§7.5.2 case 2)
        assertEquals(P1, peer.neighbors().predecessor());
        assertEquals(S1, peer.neighbors().successor());

        // then it looks for its fingers: a PING to n + 2^(128-i) for each i
        now += UPDATE / 10;
        peer.poll(now);
        final Set<PeerId> targets = new HashSet<>();
        for (final ChordMessage m : transport.take())
        {
            if (m.body() instanceof PingRequest)
            {
                targets.add(m.route().get(0));
            }
        }
        final FingerTable table = new FingerTable(N);
        for (int i = 1; i <= FingerTable.SIZE; i++)
        {
            assertTrue(targets.contains(table.target(i)), "finger " + i + " target PINGed: " + targets);
        }
    }

    @Test
    void shouldAskForTheSuccessorAgainThroughANeighbourLearntWhileRejoiningWithItsOldId()
    {
        // A peer restarted with its id: the ring still lists it, so the PING n+1 through the bootstrap peer comes back
        // to it (draft §7.4) and is lost. Its former predecessor's UPDATE names its successor.
        final ChordPeer peer = peer();
        peer.onLinkUp(BOOT, now);
        peer.start(BOOT, now);
        final PeerId next = new PeerId(N.hi(), 1);
        final ChordMessage lost = only(transport.take(), PingRequest.class);
        assertEquals(List.of(BOOT, next), lost.route());
        peer.onLinkUp(P1, now);
        transport.take();
        peer.onMessage(from(P1, 5, new UpdateRequest(List.of(P2, P3), List.of(N, S1, S2))), N, now);
        // S1 answers the PING that checks it (§7.5.2 case 2) and enters once linked
        final ChordMessage probe = transport.take().stream().filter(m -> m.body() instanceof PingRequest &&
            m.route().equals(List.of(S1))).findFirst().orElseThrow();
        respond(peer, probe, S1, new PingResponse(2, -1, -1));
        transport.take();
        peer.onLinkUp(S1, now);
        assertEquals(S1, peer.neighbors().successor());

        // the PING n+1 goes again at once, routed by this peer's own table now (through its successor)
        final ChordMessage again = only(transport.take().stream().filter(m -> m.route().equals(List.of(next)))
            .toList(), PingRequest.class);
        respond(peer, again, S1, new PingResponse(3, -1, -1));
        final ChordMessage join = only(transport.take(), JoinRequest.class);
        assertEquals(List.of(S1), join.route(), "the admitting peer is the one that answered");
        respond(peer, join, S1, new JoinResponse());
        assertTrue(peer.isJoined());
    }

    @Test
    void shouldAskAPeerLinkedWhileRejoiningForItsView()
    {
        // draft §8.4: a restarted peer links to its cached peers besides its bootstrap peer; an UPDATE with its empty
        // view makes each answer with its neighbours (§7.5.2) instead of at its next periodic UPDATE.
        final ChordPeer peer = peer();
        peer.onLinkUp(BOOT, now);
        peer.start(BOOT, now);
        transport.take();
        peer.onLinkUp(S1, now);
        final ChordMessage update = only(transport.take(), UpdateRequest.class);
        assertEquals(List.of(S1), update.route());
        assertEquals(List.of(), ((UpdateRequest)update.body()).predecessors());
        assertEquals(List.of(), ((UpdateRequest)update.body()).successors());
    }

    @Test
    void shouldNotAskTheAdmittingPeerOfAFirstJoinForItsView()
    {
        final ChordPeer peer = peer();
        peer.onLinkUp(BOOT, now);
        peer.start(BOOT, now);
        respond(peer, only(transport.take(), PingRequest.class), S1, new PingResponse(1, -1, -1));
        peer.onLinkUp(S1, now); // the CONNECT before the JOIN
        final List<ChordMessage> sent = transport.take();
        only(sent, JoinRequest.class);
        assertTrue(sent.stream().noneMatch(m -> m.body() instanceof UpdateRequest), "no UPDATE before the JOIN");
    }

    @Test
    void shouldAdmitAJoiningPeerAsPredecessorAndUpdateItAndTheNeighbours()
    {
        final ChordPeer peer = placed();
        final PeerId joining = new PeerId(N.hi() - 0x100, 0);
        peer.onLinkUp(joining, now);
        peer.onMessage(from(joining, 9, new JoinRequest(joining)), N, now);

        final List<ChordMessage> sent = transport.take();
        assertInstanceOf(JoinResponse.class, sent.get(0).body(), "answered first");
        assertEquals(joining, peer.neighbors().predecessor(), "draft §7.4: the joining peer is the predecessor now");
        assertEquals(joining, transport.predecessor, "responsibility shrinks to (joining, n]");
        final Set<PeerId> updated = new HashSet<>();
        for (final ChordMessage m : sent)
        {
            if (m.body() instanceof UpdateRequest update)
            {
                updated.add(m.route().get(0));
                assertEquals(joining, update.predecessors().get(0));
            }
        }
        assertEquals(Set.of(joining, P1, P2, P3, S1, S2, S3), updated,
            "the joining peer and every neighbour, old or new");
    }

    @Test
    void shouldUpdateEveryRouterPeriodicallyWithRandomOffsets()
    {
        final ChordPeer peer = placed();
        final List<Long> rounds = new ArrayList<>();
        final long start = now;
        for (long t = now; t < start + 40 * UPDATE; t += SECOND / 10)
        {
            now = t;
            peer.poll(now);
            final List<ChordMessage> sent = transport.take();
            final long updates = sent.stream().filter(m -> m.body() instanceof UpdateRequest).count();
            if (updates > 0)
            {
                rounds.add(now);
                // draft §7.5.3: UPDATE every peer in the routing table; answer them so that none fails
                for (final ChordMessage m : sent)
                {
                    if (m.body() instanceof UpdateRequest)
                    {
                        respond(peer, m, m.route().get(0), new UpdateResponse());
                    }
                    else if (m.body() instanceof PingRequest)
                    {
                        respond(peer, m, S1, new PingResponse(0, -1, -1));
                    }
                }
                assertTrue(updates >= 4, "every neighbour is UPDATEd");
            }
        }
        final Set<Long> gaps = new HashSet<>();
        for (int i = 1; i < rounds.size(); i++)
        {
            final long gap = rounds.get(i) - rounds.get(i - 1);
            assertTrue(gap >= UPDATE / 2 - SECOND / 10 && gap <= 3 * UPDATE / 2 + SECOND / 10, "gap " + gap);
            gaps.add(gap / (SECOND / 10));
        }
        assertTrue(rounds.size() >= 25, rounds.size() + " rounds in 40 intervals");
        assertTrue(gaps.size() > 5, "random offsets, not a fixed period: " + gaps);
    }

    @Test
    void shouldRemoveANeighbourWhoseUpdateTimesOutAndTellTheOthers()
    {
        final ChordPeer peer = placed();
        now += 3 * UPDATE / 2 + SECOND;
        peer.poll(now);
        // everyone answers but S1
        for (final ChordMessage m : transport.take())
        {
            if (m.body() instanceof UpdateRequest && !m.route().get(0).equals(S1))
            {
                respond(peer, m, m.route().get(0), new UpdateResponse());
            }
        }
        now += 64 * T1 + SECOND / 10;
        peer.poll(now);
        // draft §7.5.1: the silent peer is removed and the remaining neighbours are told
        assertFalse(peer.neighbors().contains(S1));
        assertTrue(transport.disconnects.contains(S1));
        final Set<PeerId> told = new HashSet<>();
        for (final ChordMessage m : transport.take())
        {
            if (m.body() instanceof UpdateRequest update)
            {
                told.add(m.route().get(0));
                assertFalse(update.successors().contains(S1));
            }
        }
        assertTrue(told.containsAll(List.of(P1, P2, P3, S2, S3)), "UPDATEs to the remaining neighbours: " + told);
    }

    @Test
    void shouldConnectToACloserPeerAndAddItOnceItAnswers()
    {
        final ChordPeer peer = placed();
        final PeerId closer = new PeerId(N.hi() + 0x100, 0);
        // draft §7.5.2 case 2: S1's UPDATE names a peer between N and S1
        peer.onMessage(from(S1, 11, new UpdateRequest(List.of(closer, N, P1), List.of(S2, S3, FAR_AFTER))), N, now);
        assertTrue(transport.connects.contains(closer));
        final ChordMessage probe = transport.take().stream()
            .filter(m -> m.body() instanceof PingRequest && m.route().equals(List.of(closer))).findFirst().orElseThrow();
        assertFalse(peer.neighbors().contains(closer), "not before it answers");
        peer.onLinkUp(closer, now);
        respond(peer, probe, closer, new PingResponse(2, -1, -1));
        assertEquals(closer, peer.neighbors().successor());
        assertTrue(transport.take().stream().anyMatch(m -> m.body() instanceof UpdateRequest),
            "the change is announced");
    }

    @Test
    void shouldPingAQuestionablePeerAndRemoveItIfSilent()
    {
        final ChordPeer peer = placed();
        // draft §7.5.2 case 3: P1's successors bracket N without S1, so S1 may have failed: PING it
        peer.onMessage(from(P1, 12, new UpdateRequest(List.of(P2, P3, FAR_BEFORE), List.of(N, S2, S3))), N, now);
        final List<ChordMessage> sent = transport.take();
        final ChordMessage question = sent.stream()
            .filter(m -> m.body() instanceof PingRequest && m.route().equals(List.of(S1))).findFirst().orElseThrow();
        assertTrue(peer.neighbors().contains(S1), "kept until the PING fails");
        now += 64 * T1 + SECOND / 10;
        peer.poll(now);
        assertFalse(peer.neighbors().contains(S1), "removed: " + question);
    }

    @Test
    void shouldRemoveALeavingPeerAtOnce()
    {
        final ChordPeer peer = placed();
        peer.onMessage(from(S1, 13, new LeaveRequest(S1)), N, now);
        // draft §7.6: removed and the neighbours UPDATEd without waiting for any timeout
        assertFalse(peer.neighbors().contains(S1));
        final List<ChordMessage> sent = transport.take();
        assertInstanceOf(ChordMessage.LeaveResponse.class, sent.get(0).body());
        assertTrue(sent.stream().anyMatch(m -> m.body() instanceof UpdateRequest));
        // and UPDATE views sent before the LEAVE cannot bring it back
        peer.onMessage(from(S2, 14, new UpdateRequest(List.of(S1, N, P1), List.of(S3, FAR_AFTER))), N, now);
        assertFalse(peer.neighbors().contains(S1));
    }

    @Test
    void shouldAnswerAnUpdateForAnAbsentPeerWith404()
    {
        final ChordPeer peer = placed();
        final PeerId absent = new PeerId(N.hi() - 5, 0);
        peer.onMessage(from(S1, 15, new UpdateRequest(List.of(), List.of())), absent, now);
        final ChordMessage answer = transport.take().get(0);
        assertEquals(ResponseCode.NOT_FOUND, ((ErrorResponse)answer.body()).code());
        assertEquals(List.of(S1), answer.route());
    }

    @Test
    void shouldTellAPeerWithAStaleViewOfTheNeighboursItLacks()
    {
        final ChordPeer peer = placed();
        // P1's successors skip S1, which N knows, so N answers with its own UPDATE (the same view also makes N
        // question S1, which is case 3)
        peer.onMessage(from(P1, 16, new UpdateRequest(List.of(P2, P3, FAR_BEFORE), List.of(N, S2, S3))), N, now);
        final List<ChordMessage> toP1 = transport.take().stream()
            .filter(m -> m.body() instanceof UpdateRequest && m.route().equals(List.of(P1))).toList();
        assertEquals(1, toP1.size());
        assertTrue(((UpdateRequest)toP1.get(0).body()).successors().contains(S1));
        // the same stale view again within the interval is not answered again
        peer.onMessage(from(P1, 17, new UpdateRequest(List.of(P2, P3, FAR_BEFORE), List.of(N, S2, S3))), N, now);
        assertTrue(transport.take().stream()
            .noneMatch(m -> m.body() instanceof UpdateRequest && m.route().equals(List.of(P1))));
    }

    @Test
    void shouldAnswerARetransmittedJoinAgainWithoutAdmittingTwice()
    {
        // draft §4.4: retransmissions carry the same transaction id; over unreliable links (retransmit on) the
        // response is kept and sent again, and the request is not applied a second time
        final ChordPeer peer = new ChordPeer(N, transport, new Random(3), UPDATE, FINGER, T1, true, now);
        peer.start(null, now);
        final PeerId joining = new PeerId(N.hi() - 0x100, 0);
        peer.onLinkUp(joining, now);
        peer.onMessage(from(joining, 21, new JoinRequest(joining)), N, now);
        final List<ChordMessage> first = transport.take();
        assertInstanceOf(JoinResponse.class, first.get(0).body());
        final long updates = first.stream().filter(m -> m.body() instanceof UpdateRequest).count();
        assertTrue(updates > 0);

        peer.onMessage(from(joining, 21, new JoinRequest(joining)), N, now + T1);
        final List<ChordMessage> again = transport.take();
        assertEquals(List.of(first.get(0)), again, "the same response, and no second round of UPDATEs");
        assertEquals(1, peer.retransmissionsAnswered());
        // a different transaction from the same peer is a new request
        peer.onMessage(from(joining, 22, new PingRequest(false, false)), N, now + T1);
        assertInstanceOf(PingResponse.class, transport.take().get(0).body());
    }

    @Test
    void shouldReportResponsibleSetAndResourceCountInPingAnswers()
    {
        final ChordPeer peer = placed();
        peer.resourceCount(() -> 42);
        peer.onMessage(from(S1, 18, new PingRequest(true, true)), N, now);
        final PingResponse answer = (PingResponse)transport.take().get(0).body();
        // draft §5.1.1.2: (P1, N] is 1/16 of the ring
        assertEquals(62_500_000, answer.responsiblePpb());
        assertEquals(42, answer.numResources());
    }
}
