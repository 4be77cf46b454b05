package io.relo.cli;

import io.relo.bench.forwarding.ForwardingDemo;
import io.relo.bench.report.Hgrm;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.OverlayName;
import io.relo.codec.message.ExampleFrames;
import io.relo.codec.message.MessageDecoder;
import io.relo.codec.runtime.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * {@code relo demo}: chains of relo forwarders in this process, over Aeron IPC and over UDP loopback, carrying traffic
 * at a fixed rate with a progress line, then a table of throughput and per-hop latency percentiles, the counters, and
 * an HTML report with SVG percentile plots beside .hgrm files. It needs no arguments and takes about 20 seconds.
 * <p>
 * {@code relo demo --codecs} is the tour of the codecs instead: one frame per method family printed as hex and
 * decoded, each written to a file that {@code relo decode} reads back, malformed frames rejected, and the STORE
 * frame's decode timed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run chains of relo forwarders over Aeron IPC and UDP loopback in this process, no arguments needed.",
        "Offers frames at a fixed rate, prints throughput and per-hop latency percentiles and the counters, and " +
            "writes <DIR>/report.html with SVG percentile plots and an .hgrm file per latency run.",
        "With --codecs: tour the RELOAD codecs instead (example frames per method family, hex, decoded, " +
            "written to <DIR>/<name>.bin for 'relo decode')."
    })
final class DemoCommand implements Callable<Integer>
{
    private static final String INDENT = "    ";
    private static final int HEX_BYTES_PER_LINE = 32;
    private static final String TIMED_EXAMPLE = "store-request";

    @Spec
    private CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "target/relo-demo",
        description = "Directory for the report (or the codec tour's frames), created if missing (default: " +
            "${DEFAULT-VALUE}, relative to the current directory).")
    private Path outputDirectory;

    @Option(
        names = "--duration",
        paramLabel = "S",
        defaultValue = "3",
        description = "Seconds of each measured latency run; warm-up and throughput runs scale down with it " +
            "(default: ${DEFAULT-VALUE}).")
    private double duration;

    @Option(
        names = "--hops",
        paramLabel = "K",
        defaultValue = "3",
        description = "Forwarders in each chain (default: ${DEFAULT-VALUE}).")
    private int hops;

    @Option(
        names = "--idle",
        paramLabel = "STRATEGY",
        defaultValue = "yield",
        description = "Idle strategy of the two working threads: yield, backoff, sleep or busy (default: " +
            "${DEFAULT-VALUE}; busy spins both cores).")
    private String idle;

    @Option(
        names = "--peers",
        paramLabel = "N",
        defaultValue = "16",
        description = "Peers in the overlay (default: ${DEFAULT-VALUE}).")
    private int peers;

    @Option(
        names = "--pings",
        paramLabel = "N",
        defaultValue = "1000",
        description = "PINGs routed to random resource ids once the overlay has formed (default: ${DEFAULT-VALUE}).")
    private int pings;

    @Option(
        names = "--stores",
        paramLabel = "N",
        defaultValue = "10000",
        description = "Storage phase: STOREs of distinct values, then a FETCH of each one acknowledged; 0 skips the " +
            "phase (default: ${DEFAULT-VALUE}).")
    private int stores;

    @Option(
        names = "--store-rate",
        paramLabel = "R",
        defaultValue = "1000",
        description = "Requests per second offered, open loop, to the PINGs, the STOREs and the FETCHes (default: " +
            "${DEFAULT-VALUE}).")
    private int storeRate;

    @Option(
        names = "--store-window",
        paramLabel = "W",
        defaultValue = "256",
        description = "The most PINGs, STOREs or FETCHes outstanding at once (default: ${DEFAULT-VALUE}).")
    private int storeWindow;

    @Option(
        names = "--codecs",
        description = "Tour the codecs instead of running forwarders.")
    private boolean codecs;

    @Option(
        names = "--iterations",
        paramLabel = "N",
        defaultValue = "2000000",
        description = "Codec tour: frames to decode in the timing loop (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Override
    public Integer call() throws IOException
    {
        return codecs ? codecTour() : forwarding();
    }

    private Integer forwarding() throws IOException
    {
        final ForwardingDemo.Settings settings;
        try
        {
            settings = ForwardingDemo.Settings.of(duration, hops, idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "relo demo: " + ex.getMessage());
        }
        if (stores < 0 || storeRate < 1 || storeWindow < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "relo demo: --stores must be 0 or more, " +
                "--store-rate and --store-window at least 1; got " + stores + ", " + storeRate + " and " + storeWindow);
        }
        final StorageDemo.Settings storage = new StorageDemo.Settings(stores, storeRate, storeWindow, 0.4);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("relo demo: an overlay of " + peers + " peers in this process, over UDP loopback in plaintext " +
            "lab mode.");
        out.println("Each peer is a relo forwarder and control conductor; they bootstrap (draft §8.4), join " +
            "(§7.4), CONNECT (§5.1.2)");
        out.println("and stabilise (§7.5) over the wire, then " + pings + " PINGs go to random resource ids and " +
            "each answer is checked");
        out.println("against a sorted-ring oracle. Threads: all forwarders on one, all conductors on another, " +
            "backoff idle.");
        if (stores > 0)
        {
            out.println("Then " + stores + " STOREs of distinct values (draft §5.2.1, replicated to two successors, " +
                "§7.3) at " + storeRate + "/s, two peers");
            out.println("killed after 40% of them, and a FETCH (§5.2.2) of every acknowledged value, checked " +
                "against what was acknowledged.");
        }
        out.println();
        out.flush();
        final OverlayDemo.Result overlay;
        try
        {
            overlay = OverlayDemo.run(out, peers, pings, 2026, storage);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Relo.EXIT_USAGE;
        }
        OverlayDemo.print(overlay, out);
        if (null != overlay.storage())
        {
            StorageDemo.print(overlay.storage(), out);
        }
        out.println();
        out.println("relo demo: chains of " + hops + " relo forwarders in this process, over Aeron IPC and UDP " +
            "loopback.");
        out.println("A generator offers RELOAD frames at a fixed rate to the first forwarder; each forwarder " +
            "validates the header,");
        out.println("routes by the draft's rules, rewrites TTL and via list in place and sends on; a sink at the " +
            "end records each frame's");
        out.println("one-way latency. Threads: generator+sink on one, all forwarders on another, idle strategy '" +
            idle + "'.");
        out.println();
        out.flush();
        final ForwardingDemo.Result result =
            ForwardingDemo.run(settings, new ProgressPrinter(out, null != System.console()));
        ForwardingDemo.printTable(result, out);
        final java.util.List<Path> files = new java.util.ArrayList<>(ForwardingDemo.writeReport(result,
            outputDirectory, html ->
            {
                OverlayDemo.report(overlay, html);
                if (null != overlay.storage())
                {
                    StorageDemo.report(overlay.storage(), html);
                }
            }));
        Hgrm.write(outputDirectory.resolve("ping.hgrm"), overlay.pingLatency());
        files.add(outputDirectory.resolve("ping.hgrm"));
        if (null != overlay.storage())
        {
            Hgrm.write(outputDirectory.resolve("ping-baseline.hgrm"), overlay.storage().pingLatency());
            files.add(outputDirectory.resolve("ping-baseline.hgrm"));
            Hgrm.write(outputDirectory.resolve("store.hgrm"), overlay.storage().storeLatency());
            Hgrm.write(outputDirectory.resolve("fetch.hgrm"), overlay.storage().fetchLatency());
            Files.writeString(outputDirectory.resolve("storage-latency.svg"),
                StorageDemo.plot(overlay.storage()));
            files.add(outputDirectory.resolve("store.hgrm"));
            files.add(outputDirectory.resolve("fetch.hgrm"));
        }
        out.println();
        out.println("Report: " + outputDirectory.resolve("report.html") + " (SVG percentile plots), with " +
            (files.size() - 2) + " .hgrm files and demo.json beside it" + (null == overlay.storage() ? "." :
            ", and the storage latency plot in storage-latency.svg."));
        out.println("Benchmark figures against baselines: ./relo bench forwarding   Codec tour: ./relo demo --codecs");
        out.flush();
        if (overlay.answered() != overlay.pings())
        {
            spec.commandLine().getErr().println("relo demo: only " + overlay.answered() + " of " + overlay.pings() +
                " PINGs reached the responsible peer");
            return Relo.EXIT_FAILED;
        }
        if (null != overlay.storage() && overlay.storage().lost() > 0)
        {
            spec.commandLine().getErr().println("relo demo: " + overlay.storage().lost() + " of " +
                overlay.storage().acknowledged() + " acknowledged values were lost: not fetched back with the " +
                "acknowledged content (" + overlay.storage().stale() + " stale)");
            return Relo.EXIT_FAILED;
        }
        return Relo.EXIT_OK;
    }

    private Integer codecTour() throws IOException
    {
        if (iterations < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "relo demo: --iterations must be at least 1, not " + iterations);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final List<ExampleFrames.Example> examples = ExampleFrames.all();
        Files.createDirectories(outputDirectory);

        out.println("relo demo: a tour of the RELOAD codecs (draft-bryan-p2psip-reload-02, SIP usage of RFC 7904)");
        out.println("Every frame below is built with the generated encoders, then decoded and validated by the");
        out.println("same MessageDecoder that 'relo decode' uses. Overlay \"" + ExampleFrames.OVERLAY_NAME +
            "\" is CRC-32 0x" + String.format("%08x", OverlayName.hash(ExampleFrames.OVERLAY_NAME)) + ".");
        out.println("Signature values are filler bytes in a real signature structure: signing belongs to the");
        out.println("security layer, not the codecs.");
        out.println();

        final MessageDecoder decoder = new MessageDecoder();
        int index = 0;
        for (final ExampleFrames.Example example : examples)
        {
            index++;
            final byte[] frame = example.frame();
            final Path file = outputDirectory.resolve(example.name() + ".bin");
            Files.write(file, frame);
            out.println("[" + index + "/" + examples.size() + "] " + example.name() + ": " + example.title());
            out.println("  " + frame.length + " bytes, written to " + file);
            out.println("  hex:");
            out.print(hex(frame, INDENT));
            final int status = decoder.wrap(new UnsafeBuffer(frame), 0, frame.length);
            if (status != MessageDecoder.OK)
            {
                // the examples are built by the same codecs; a failure here is a bug, so say so loudly
                final PrintWriter err = spec.commandLine().getErr();
                err.println("relo demo: example " + example.name() + " does not decode: " + decoder.describeError());
                err.flush();
                return Relo.EXIT_MALFORMED;
            }
            out.println("  decoded:");
            out.print(indent(decoder.appendTo(new StringBuilder()).toString(), INDENT));
            out.println();
        }

        final byte[] store = ExampleFrames.byName(TIMED_EXAMPLE).frame();
        showRejections(out, decoder, store);
        time(out, decoder, store);

        out.println();
        out.println("Forwarding demo: ./relo demo (without --codecs) runs chains of forwarders.");
        out.println("Next: ./relo decode " + outputDirectory.resolve(TIMED_EXAMPLE + ".bin") +
            "   or paste any hex above: ./relo decode '52454c4f ...'");
        out.flush();
        return Relo.EXIT_OK;
    }

    private void showRejections(final PrintWriter out, final MessageDecoder decoder, final byte[] store)
    {
        out.println("Malformed frames are rejected with the part, field and byte that is wrong:");

        final byte[] cut = Arrays.copyOf(store, 100);
        decoder.wrap(new UnsafeBuffer(cut), 0, cut.length);
        out.println("  " + TIMED_EXAMPLE + " cut to " + cut.length + " bytes (the datagram lost its tail):");
        out.println("    relo decode: " + decoder.describeError());

        // the same cut, with Length and the payload length patched to match: now the STORE payload itself is short
        decoder.wrap(new UnsafeBuffer(store), 0, store.length);
        final int payloadOffset = decoder.payloadOffset();
        final int cutAt = payloadOffset + 100;
        final UnsafeBuffer consistent = new UnsafeBuffer(Arrays.copyOf(store, cutAt));
        Wire.putUint24(consistent, ForwardingHeaderDescriptor.LENGTH_OFFSET, cutAt);
        consistent.putInt(payloadOffset - 4, cutAt - payloadOffset, BIG_ENDIAN);
        decoder.wrap(consistent, 0, cutAt);
        out.println("  " + TIMED_EXAMPLE + " cut to " + cutAt + " bytes with Length and the payload length " +
            "patched to match:");
        out.println("    relo decode: " + decoder.describeError());
        out.println("  the patched frame as hex, to try with ./relo decode:");
        out.print(hex(consistent.byteArray(), INDENT));
        out.println();
    }

    private void time(final PrintWriter out, final MessageDecoder decoder, final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final int length = frame.length;
        int failures = 0;
        final int warmup = Math.min(iterations, 200_000);
        for (int i = 0; i < warmup; i++)
        {
            failures += decoder.wrap(buffer, 0, length);
        }
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            failures += decoder.wrap(buffer, 0, length);
        }
        final long elapsed = System.nanoTime() - start;
        if (failures != MessageDecoder.OK)
        {
            throw new IllegalStateException("the " + TIMED_EXAMPLE + " frame stopped decoding during timing");
        }

        out.println("Timing: decode + full validation (header, contents, payload, signature) of the " +
            TIMED_EXAMPLE + " frame, " + length + " bytes:");
        out.printf("  %.1f ns/op over %,d iterations after %,d warm-up, one thread, no allocation per frame%n",
            (double)elapsed / iterations, iterations, warmup);
        out.println("  A quick loop, not a benchmark: the JMH figure in perf-reports/ is the authoritative number.");
    }

    /**
     * @param bytes  to show.
     * @param indent before each line.
     * @return lowercase hex in 4-byte groups, {@link #HEX_BYTES_PER_LINE} bytes per line, which 'relo decode' parses
     *         back as it is.
     */
    static String hex(final byte[] bytes, final String indent)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i++)
        {
            if (i % HEX_BYTES_PER_LINE == 0)
            {
                sb.append(indent);
            }
            else if (i % 4 == 0)
            {
                sb.append(' ');
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
            if (i % HEX_BYTES_PER_LINE == HEX_BYTES_PER_LINE - 1 || i == bytes.length - 1)
            {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String indent(final String text, final String indent)
    {
        final StringBuilder sb = new StringBuilder(text.length() + 256);
        for (final String line : text.split("\n", -1))
        {
            if (!line.isEmpty())
            {
                sb.append(indent).append(line);
            }
            sb.append('\n');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
