package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.codec.ResponseCode;
import io.relo.control.ControlConductor;
import io.relo.control.config.OverlayConfiguration;
import io.relo.control.config.OverlayConfigurationException;
import io.relo.control.config.OverlayConfigurationParser;
import io.relo.control.storage.DataModel;
import io.relo.control.storage.ResourceId;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code relo store}, {@code fetch}, {@code remove} and {@code find} share: the overlay and resource options,
 * a client node admitted by a running peer (draft §3.2.3), one request of draft §5.2 and its answer, printed for
 * people or as one JSON object.
 */
abstract class StorageCommand implements Callable<Integer>
{
    /** Beyond 64 × T1 the conductor has answered 408 itself (draft §4.4); this is the margin for it to do so. */
    static final long REPLY_MARGIN_MS = 2_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--via", required = true, paramLabel = "HOST:PORT", converter = ViaConverter.class, order = 1,
        description = "A running peer's UDP address: it admits this command's client node (draft §3.2.3).")
    HostPort via;

    @Option(names = "--config", paramLabel = "overlay.xml", order = 2,
        description = "Overlay configuration document (draft §8.2) giving the overlay name.")
    Path config;

    @Option(names = "--overlay", paramLabel = "NAME", order = 3,
        description = "With --config: which overlay of the document (default: the first).")
    String overlay;

    @Option(names = "--overlay-name", paramLabel = "NAME", order = 4,
        description = "The overlay name itself, instead of --config (for labs).")
    String overlayName;

    @ArgGroup(exclusive = true, multiplicity = "1", order = 5)
    ResourceOption resource;

    @Option(names = "--json", order = 20, description = "Print one JSON object on stdout instead of text.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "10", order = 21,
        description = "Seconds to wait for the peer at --via to admit the client (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--t1-ms", paramLabel = "MS", defaultValue = "500", order = 22,
        description = "RFC 3261 T1 (draft §4.4): a request with no answer after 64 × T1 is 408 (default: " +
            "${DEFAULT-VALUE}).")
    long t1Ms;

    @Option(names = {"-v", "--verbose"}, order = 23, description = "Print the client node's events on stderr.")
    boolean verbose;

    private final StorageConnector connector;

    /** The resource: a name hashed to its resource-id, or the id itself. */
    static final class ResourceOption
    {
        @Option(names = "--resource", required = true, paramLabel = "NAME", order = 5,
            description = "Resource name, such as sip:alice@example.org; its resource-id is the first 128 bits of " +
                "SHA-1 over its UTF-8 bytes (wire-format.md §4.8).")
        String name;

        @Option(names = "--resource-id", required = true, paramLabel = "HEX32", order = 5,
            converter = ForwarderCommand.PeerIdConverter.class, description = "The resource-id, 32 hex digits.")
        PeerId id;

        PeerId resourceId()
        {
            return null != id ? id : ResourceId.of(name);
        }

        String label()
        {
            return null != id ? id.toString() : name + " (" + ResourceId.of(name) + ")";
        }
    }

    /** One answer from the overlay. */
    record Answer(StorageMessage.Body body, int hops)
    {
    }

    StorageCommand(final StorageConnector connector)
    {
        this.connector = connector;
    }

    /**
     * @return the command's name, such as "store".
     */
    abstract String name();

    /**
     * @return the {@link io.relo.codec.MethodCode} of the request.
     */
    abstract int method();

    /**
     * Check the command's own options, before anything starts.
     *
     * @throws CommandLine.ParameterException saying which option is wrong and what to give.
     */
    abstract void check();

    /**
     * Send the request.
     *
     * @param client   the node's storage client.
     * @param resource the resource-id.
     * @param reply    told the outcome.
     */
    abstract void send(StorageClient client, PeerId resource, StorageClient.Reply reply);

    /**
     * Print a 200 answer for people, after the status and resource lines.
     *
     * @param answer of this command's method.
     * @param out    stdout.
     */
    abstract void print(StorageMessage.Body answer, PrintWriter out);

    /**
     * Write a 200 answer's fields into the open JSON object.
     *
     * @param answer of this command's method.
     * @param json   the open object.
     */
    abstract void write(StorageMessage.Body answer, JsonWriter json);

    /**
     * A hint for an error the user can fix, or null.
     *
     * @param error the answer.
     * @return one line, or null.
     */
    String hint(final StorageMessage.ErrorAnswer error)
    {
        return null;
    }

    @Override
    public final Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        check();
        if (timeoutSeconds <= 0 || t1Ms <= 0)
        {
            throw usage("--timeout and --t1-ms must be positive");
        }
        final OverlayConfiguration document = overlayDocument(err);
        if (null == document && null == overlayName)
        {
            return Relo.EXIT_USAGE;
        }
        final String overlay = null != document ? document.name() : overlayName;
        final ControlConductor.Timing timing = new ControlConductor.Timing(
            TimeUnit.SECONDS.toNanos(null != document ? document.updateFrequencySeconds() :
                OverlayConfiguration.UPDATE_FREQUENCY_DEFAULT_SECONDS),
            TimeUnit.SECONDS.toNanos(null != document ? document.pingFrequencySeconds() :
                OverlayConfiguration.PING_FREQUENCY_DEFAULT_SECONDS),
            TimeUnit.MILLISECONDS.toNanos(t1Ms));

        err.println(PeerCommand.PLAINTEXT_WARNING + ": this client's link to " + via + " is UDP without DTLS, " +
            "unencrypted and unauthenticated; use this only on a lab network until the security issue lands");
        err.flush();

        final Answer answer;
        try (StorageConnector.Session session = connector.connect(overlay, via, timing,
            TimeUnit.SECONDS.toMillis(timeoutSeconds), line -> log(err, line)))
        {
            final CompletableFuture<Answer> reply = new CompletableFuture<>();
            send(session.client(), resource.resourceId(), (body, hops) -> reply.complete(new Answer(body, hops)));
            answer = await(reply);
        }
        catch (final StorageConnector.NoAnswerException ex)
        {
            err.println("relo " + name() + ": " + ex.getMessage());
            err.flush();
            return Relo.EXIT_NOT_OK;
        }
        catch (final RuntimeException ex)
        {
            err.println("relo " + name() + ": cannot run a client node: " + ex.getMessage());
            err.flush();
            return Relo.EXIT_NOT_OK;
        }
        return report(overlay, answer, out, err);
    }

    private Answer await(final CompletableFuture<Answer> reply)
    {
        final long waitMs = 64 * t1Ms + REPLY_MARGIN_MS;
        try
        {
            return reply.get(waitMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            return new Answer(new StorageMessage.ErrorAnswer(method(), ResponseCode.REQUEST_TIMEOUT,
                "no answer within " + waitMs + " ms", List.of()), -1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Answer(new StorageMessage.ErrorAnswer(method(), ResponseCode.REQUEST_TIMEOUT,
                "interrupted while waiting for the answer", List.of()), -1);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex.getCause());
        }
    }

    private int report(final String overlay, final Answer answer, final PrintWriter out, final PrintWriter err)
    {
        final StorageMessage.Body body = answer.body();
        final StorageMessage.ErrorAnswer error = body instanceof StorageMessage.ErrorAnswer e ? e :
            !body.isResponse() || body.method() != method() ? new StorageMessage.ErrorAnswer(method(), 0,
                "the node answered with " + body.getClass().getSimpleName() + ", not an answer to " +
                    name().toUpperCase(java.util.Locale.ROOT), List.of()) : null;
        if (null != error)
        {
            err.println("relo " + name() + ": " + describe(error));
            for (final StoreTypeResponse generation : error.generations())
            {
                err.println("  current generation of " + KindOption.label(generation.type()) + ": " +
                    Long.toUnsignedString(generation.generation()));
            }
            final String hint = hint(error);
            if (null != hint)
            {
                err.println("  " + hint);
            }
            err.flush();
        }
        if (json)
        {
            final JsonWriter writer = new JsonWriter().beginObject()
                .field("command", name())
                .field("code", null != error ? error.code() : ResponseCode.OK)
                .field("reason", null != error ? error.reason() : ResponseCode.reasonPhrase(ResponseCode.OK))
                .field("hops", answer.hops())
                .field("overlay", overlay)
                .field("via", via.toString());
            writer.name("resource").beginObject()
                .field("name", resource.name)
                .field("id", resource.resourceId().toString())
                .endObject();
            if (null != error)
            {
                writer.name("generations");
                StorageReport.generations(error.generations(), writer);
            }
            else
            {
                write(body, writer);
            }
            out.print(writer.endObject());
            out.flush();
        }
        else if (null == error)
        {
            out.println("relo " + name() + ": 200 OK in " + answer.hops() + (answer.hops() == 1 ? " hop" : " hops"));
            out.println("  resource    " + resource.label());
            print(body, out);
            out.flush();
        }
        return null == error ? Relo.EXIT_OK : Relo.EXIT_NOT_OK;
    }

    /**
     * @param error an answer other than 200.
     * @return such as "412 Precondition Failed: generation 7 ...", with what a 408 means.
     */
    String describe(final StorageMessage.ErrorAnswer error)
    {
        final String phrase = ResponseCode.reasonPhrase(error.code());
        final String reason = error.reason().isEmpty() || error.reason().equals(phrase) ? "" : ": " + error.reason();
        if (error.code() == ResponseCode.REQUEST_TIMEOUT)
        {
            return error.code() + " " + phrase + reason + " (no answer came from the responsible peer within 64 × " +
                "T1 = " + (64 * t1Ms) / 1000.0 + " s; the peer at " + via + " admitted this client, so the " +
                "overlay beyond it did not answer)";
        }
        return error.code() == 0 ? error.reason() : error.code() + " " + phrase + reason;
    }

    /**
     * @param kind a --kind.
     * @return its data model.
     * @throws CommandLine.ParameterException for a type-id relo does not define, whose data model is unknown.
     */
    DataModel modelOf(final KindOption kind)
    {
        if (null == kind.kind())
        {
            throw usage("kind 0x" + Integer.toHexString(kind.typeId()) + " is not one relo defines, so its data " +
                "model is unknown; give " + KindOption.FORMS);
        }
        return kind.kind().model();
    }

    /**
     * @param message what is wrong with the options.
     * @return a usage error for picocli to print with the usage, exit 2.
     */
    CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), "relo " + name() + ": " + message);
    }

    private OverlayConfiguration overlayDocument(final PrintWriter err)
    {
        if (null == config)
        {
            if (null != overlay)
            {
                throw usage("--overlay picks an overlay of a --config document; without --config give " +
                    "--overlay-name NAME");
            }
            if (null == overlayName)
            {
                throw usage("give the overlay with --config overlay.xml or --overlay-name NAME: the forwarding " +
                    "header carries the overlay's hash (draft §4.1)");
            }
            return null;
        }
        if (null != overlayName)
        {
            throw usage("give either --config or --overlay-name, not both");
        }
        final List<OverlayConfiguration> overlays;
        try (InputStream in = Files.newInputStream(config))
        {
            overlays = OverlayConfigurationParser.parse(in);
        }
        catch (final OverlayConfigurationException ex)
        {
            err.println("relo " + name() + ": " + config + ": " + ex.getMessage());
            err.flush();
            return null;
        }
        catch (final IOException ex)
        {
            err.println("relo " + name() + ": cannot read " + config + ": " + ex.getMessage());
            err.flush();
            return null;
        }
        for (final OverlayConfiguration candidate : overlays)
        {
            if (null == overlay || candidate.name().equals(overlay))
            {
                return candidate;
            }
        }
        err.println("relo " + name() + ": " + config + " has no overlay named '" + overlay + "'; it has " +
            overlays.stream().map(OverlayConfiguration::name).toList());
        err.flush();
        return null;
    }

    private void log(final PrintWriter err, final String line)
    {
        if (verbose)
        {
            synchronized (err)
            {
                err.println(java.time.LocalTime.now().withNano(0) + " " + line);
                err.flush();
            }
        }
    }

    /**
     * Parses the --via HOST:PORT, which must name a port.
     */
    static final class ViaConverter implements CommandLine.ITypeConverter<HostPort>
    {
        @Override
        public HostPort convert(final String value)
        {
            try
            {
                return HostPort.parse(value, false);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
