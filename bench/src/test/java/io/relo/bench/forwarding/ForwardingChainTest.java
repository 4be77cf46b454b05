package io.relo.bench.forwarding;

import io.relo.fastpath.ForwarderCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingChainTest
{
    private static EmbeddedAeron aeron;

    @BeforeAll
    static void launchDriver()
    {
        // small terms, so that every IPC run crosses term rotations, where an offer can return ADMIN_ACTION; the
        // publisher window (half a term) still holds about 100 ms of traffic at 20,000 frames/s for a sink
        // descheduled on a busy machine (at 256 KB, 40 ms was once too little while other builds shared the cores)
        aeron = new EmbeddedAeron(512 * 1024);
    }

    @AfterAll
    static void closeDriver()
    {
        aeron.close();
    }

    @Test
    void shouldCountEveryFrameSentThroughAnIpcChainOfForwardersAndRecordItsLatency() throws IOException
    {
        final ChainRunResult result = ForwardingChain.run(
            spec("ipc-2", LinkType.IPC, ChainKind.FORWARDER, 2, OfferedLoad.fixedRate(20_000)), aeron, null);

        assertDeliveredIntact(result);
        assertTrue(result.latency().getTotalCount() > 0);
        assertEquals(result.tally().sentInWindow(), result.latency().getTotalCount());
        // every frame crosses both forwarders, each adding its previous hop to the via list
        assertEquals(2 * result.tally().sent(), result.counters().get(ForwarderCounter.FRAMES_FORWARDED));
        assertEquals(0, result.forwarderDrops());
        assertEquals(result.frameLength() + 32, result.deliveredFrameLength());
    }

    @Test
    void shouldCountEveryFrameSentThroughAUdpChainOfForwarders() throws IOException
    {
        final ChainRunResult result = ForwardingChain.run(
            spec("udp-2", LinkType.UDP, ChainKind.FORWARDER, 2, OfferedLoad.fixedRate(10_000)), null, null);

        assertDeliveredIntact(result);
        assertTrue(result.latency().getTotalCount() > 0);
        assertEquals(2 * result.tally().sent(), result.counters().get(ForwarderCounter.FRAMES_FORWARDED));
        assertEquals(0, result.forwarderDrops());
    }

    @Test
    void shouldRelayEveryFrameOnTheBaselinesUnderASaturatingLoad() throws IOException
    {
        for (final LinkType link : LinkType.values())
        {
            final ChainRunResult result = ForwardingChain.run(
                spec("raw-" + link.key(), link, ChainKind.RAW_RELAY, 1, OfferedLoad.saturating(64)),
                link == LinkType.IPC ? aeron : null, null);

            assertDeliveredIntact(result);
            assertTrue(result.tally().receivedInWindow() > 0, link.key());
            assertEquals(0, result.latency().getTotalCount(), "a saturating load records no latency");
            assertEquals(result.frameLength(), result.deliveredFrameLength());
        }
    }

    @Test
    void shouldReportThreadsAndIdleStrategiesOfADirectRun() throws IOException
    {
        final ChainRunResult result = ForwardingChain.run(
            spec("ipc-direct", LinkType.IPC, ChainKind.DIRECT, 0, OfferedLoad.fixedRate(20_000)), aeron, null);

        assertDeliveredIntact(result);
        assertTrue(result.latency().getTotalCount() > 0);
        assertEquals(0, result.spinningThreads());
        assertTrue(result.threads().stream().anyMatch(t -> t.name().equals("relo-bench-endpoints") &&
            t.idleStrategy().equals("backoff")), result.threads().toString());
        assertTrue(result.threads().stream().noneMatch(t -> t.name().equals("relo-bench-chain")));
    }

    private static void assertDeliveredIntact(final ChainRunResult result)
    {
        final EndpointAgent.Tally tally = result.tally();
        assertTrue(result.generatorKeptUp(), result.spec().name());
        assertTrue(tally.sent() > 0, result.spec().name());
        assertEquals(tally.sent(), tally.received(), result.spec().name() + " " + tally + " " + result.counters());
        assertEquals(0, tally.malformed());
        assertEquals(0, tally.outOfOrder());
        assertEquals(0, tally.gaps());
        assertEquals(0, result.lost());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
    }

    private static ChainSpec spec(
        final String name, final LinkType link, final ChainKind kind, final int hops, final OfferedLoad load)
    {
        return ChainSpec.of(name, link, kind, hops, load, 0.1, 0.3, "backoff", "backoff");
    }
}
