package io.relo.bench.report;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a latency histogram recorded in nanoseconds as an HdrHistogram percentile distribution (.hgrm) in
 * microseconds, the text HdrHistogram's plotter and tools read.
 */
public final class Hgrm
{
    /** Percentile reporting ticks per half distance, as HdrHistogram's own examples use. */
    public static final int TICKS_PER_HALF_DISTANCE = 5;

    private Hgrm()
    {
    }

    /**
     * @param file      to write.
     * @param histogram in nanoseconds.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII))
        {
            histogram.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, 1000.0);
        }
    }
}
