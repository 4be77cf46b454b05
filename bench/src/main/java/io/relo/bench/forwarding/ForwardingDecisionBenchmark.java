package io.relo.bench.forwarding;

import io.relo.bench.codec.baseline.MalformedMessageException;
import io.relo.bench.forwarding.baseline.ObjectForwardingDecision;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One forwarding decision per operation: validate the header, look the destination up in a 14-entry neighbour and
 * finger table, and rewrite the frame for the next hop (TTL, via list). {@code flyweight} is the relo fastpath's way
 * ({@link FlyweightForwardingDecision}: flyweight, {@link io.relo.fastpath.RoutingTable}, rewrite in place);
 * {@code objectBaseline} parses into objects, looks up in a TreeMap of BigIntegers and builds a new frame
 * ({@link ObjectForwardingDecision}). Each operation first puts the next of 16 frames in place with the same small
 * copy on both paths, so lookups vary and the rewrite always starts from an unrewritten frame; {@code restoreOnly}
 * measures that copy alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
// Agrona 2.x UnsafeBuffer needs jdk.internal.misc (docs/benchmarks.md)
@Fork(value = 2, jvmArgsAppend = { "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED" })
@Threads(1)
@State(Scope.Thread)
public class ForwardingDecisionBenchmark
{
    private DecisionFixture fixture;
    private FlyweightForwardingDecision flyweight;
    private ObjectForwardingDecision object;
    private UnsafeBuffer buffer;
    private ByteBuffer byteBuffer;
    private byte[] previousHop;
    private long previousHi;
    private long previousLo;
    private int frameLength;
    private int next;

    /**
     * Build the tables and frames, and check both paths forward every frame to the same link.
     *
     * @throws MalformedMessageException if the baseline refuses a frame, which would make the run meaningless.
     */
    @Setup(Level.Trial)
    public void setUp() throws MalformedMessageException
    {
        fixture = new DecisionFixture();
        flyweight = new FlyweightForwardingDecision(fixture.routingTable(), BenchFrame.OVERLAY_HASH);
        object = new ObjectForwardingDecision(fixture.objectRoutingTable(), BenchFrame.OVERLAY_HASH);
        buffer = fixture.buffer();
        byteBuffer = fixture.byteBuffer();
        previousHop = fixture.previousHop();
        previousHi = fixture.previousHi();
        previousLo = fixture.previousLo();
        frameLength = fixture.frameLength();
        for (int i = 0; i < DecisionFixture.DESTINATIONS; i++)
        {
            fixture.restore(i);
            final int link = flyweight.forward(
                buffer, DecisionFixture.FRAME_OFFSET, frameLength, previousHi, previousLo);
            fixture.restore(i);
            final int baselineLink = object.forward(datagram(), previousHop).link();
            if (link < 0 || link != baselineLink)
            {
                throw new IllegalStateException("destination " + i + ": flyweight link " + link + ", baseline " +
                    baselineLink);
            }
        }
    }

    private ByteBuffer datagram()
    {
        byteBuffer.clear().limit(DecisionFixture.FRAME_OFFSET + frameLength).position(DecisionFixture.FRAME_OFFSET);
        return byteBuffer;
    }

    private int nextDestination()
    {
        final int destination = next;
        next = (destination + 1) & (DecisionFixture.DESTINATIONS - 1);
        return destination;
    }

    /**
     * Validate, route and rewrite in place with the fastpath's flyweight and routing table.
     *
     * @return the link chosen.
     */
    @Benchmark
    public int flyweight()
    {
        fixture.restore(nextDestination());
        return flyweight.forward(buffer, DecisionFixture.FRAME_OFFSET, frameLength, previousHi, previousLo);
    }

    /**
     * Parse into objects, route through a TreeMap of BigIntegers and build the outgoing frame as a new byte[].
     *
     * @return the decision, link and new frame.
     * @throws MalformedMessageException never for the benchmark frames.
     */
    @Benchmark
    public ObjectForwardingDecision.Decision objectBaseline() throws MalformedMessageException
    {
        fixture.restore(nextDestination());
        return object.forward(datagram(), previousHop);
    }

    /**
     * Only put the next frame in place: the share of both figures that is the benchmark's own reset, not the
     * decision.
     *
     * @return a byte of the restored frame.
     */
    @Benchmark
    public byte restoreOnly()
    {
        fixture.restore(nextDestination());
        return buffer.getByte(DecisionFixture.FRAME_OFFSET + 40);
    }
}
