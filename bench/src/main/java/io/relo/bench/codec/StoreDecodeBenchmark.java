package io.relo.bench.codec;

import io.relo.bench.codec.baseline.MalformedMessageException;
import io.relo.bench.codec.baseline.Message;
import io.relo.bench.codec.baseline.StoreMessageFields;
import org.agrona.BufferUtil;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Decodes and validates one whole STORE request frame ({@link StoreFrame}) per operation, with the relo flyweights
 * and with an object-per-structure baseline of the kind typical Java RELOAD stacks use, both handing the same fields
 * to the Blackhole: every field ({@code flyweight}, {@code objectBaseline}), or only the store's kind, number of
 * values and storage times ({@code flyweightValidateOnly}, {@code objectBaselineValidateOnly}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
// Agrona 2.x UnsafeBuffer needs jdk.internal.misc (docs/benchmarks.md)
@Fork(value = 2, jvmArgsAppend = { "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED" })
@Threads(1)
@State(Scope.Thread)
public class StoreDecodeBenchmark
{
    private static final int FRAME_ALIGNMENT = 64;

    private final FlyweightStoreReader reader = new FlyweightStoreReader();
    private final BlackholeFieldSink sink = new BlackholeFieldSink();
    private UnsafeBuffer frame;
    private ByteBuffer frameByteBuffer;
    private int frameLength;

    /**
     * Write the frame once, off heap, and check both paths accept it before measuring either.
     *
     * @param blackhole the same sink the benchmarks use, so the readers' call sites only ever see one sink type.
     * @throws MalformedMessageException if the baseline refuses the frame, which would make the run meaningless.
     */
    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole) throws MalformedMessageException
    {
        frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(StoreFrame.CAPACITY, FRAME_ALIGNMENT));
        frameLength = StoreFrame.encode(frame, 0);
        // the same memory, as an NIO receive path would hand it to an object decoder
        frameByteBuffer = frame.byteBuffer().duplicate();

        final int status = reader.read(frame, 0, frameLength, sink.wrap(blackhole));
        if (FlyweightStoreReader.OK != status)
        {
            throw new IllegalStateException("flyweight refused the benchmark frame: status " + status + ", " +
                reader.error().message());
        }
        StoreMessageFields.emit(Message.parse(frameByteBuffer.clear().limit(frameLength)), sink.wrap(blackhole));
        if (FlyweightStoreReader.OK != reader.validate(frame, 0, frameLength, sink.wrap(blackhole)))
        {
            throw new IllegalStateException("flyweight validation refused the benchmark frame: " +
                reader.error().message());
        }
    }

    /**
     * Validate the frame and read every field with the relo flyweights, in place.
     *
     * @param blackhole receiving the fields.
     * @return the reader's status, {@link FlyweightStoreReader#OK}.
     */
    @Benchmark
    public int flyweight(final Blackhole blackhole)
    {
        return reader.read(frame, 0, frameLength, sink.wrap(blackhole));
    }

    /**
     * Parse the frame into objects, validating it on the way, then read every field from the objects.
     *
     * @param blackhole receiving the fields.
     * @throws MalformedMessageException never for the benchmark frame.
     */
    @Benchmark
    public void objectBaseline(final Blackhole blackhole) throws MalformedMessageException
    {
        final Message message = Message.parse(frameByteBuffer.clear().limit(frameLength));
        StoreMessageFields.emit(message, sink.wrap(blackhole));
    }

    /**
     * Validate the whole frame with the relo flyweights, in place, reading only the store's kind, number of values
     * and their storage times.
     *
     * @param blackhole receiving those fields.
     * @return the reader's status, {@link FlyweightStoreReader#OK}.
     */
    @Benchmark
    public int flyweightValidateOnly(final Blackhole blackhole)
    {
        return reader.validate(frame, 0, frameLength, sink.wrap(blackhole));
    }

    /**
     * Parse the frame into objects, which validates all of it, then read only the store's kind, number of values and
     * their storage times.
     *
     * @param blackhole receiving those fields.
     * @throws MalformedMessageException never for the benchmark frame.
     */
    @Benchmark
    public void objectBaselineValidateOnly(final Blackhole blackhole) throws MalformedMessageException
    {
        final Message message = Message.parse(frameByteBuffer.clear().limit(frameLength));
        StoreMessageFields.emitStorageTimes(message, sink.wrap(blackhole));
    }
}
