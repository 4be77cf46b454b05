package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.codec.MethodCode;
import io.relo.control.storage.DataModel;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoredData;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code relo fetch}: FETCH the values of one kind at a resource (draft §5.2.2) through a client node.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "FETCH the values of one kind at a resource (draft §5.2.2), through a client node admitted by the peer at " +
            "--via (draft §3.2.3).",
        "Without --index, --range or --key it fetches every value: the whole array or every key of a dictionary.",
        "Exit status: 0 on 200, 1 when the overlay answers an error or does not answer, 2 for bad arguments."
    })
final class FetchCommand extends StorageCommand
{
    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = KindOption.Converter.class,
        order = 6, description = "sip-registration, turn-service, certificate, or a type-id such as 0x2.")
    KindOption kind;

    @Option(names = "--index", paramLabel = "I", order = 7,
        description = "Array kinds: one index; -1 is the final element.")
    Integer index;

    @Option(names = "--range", paramLabel = "A:B", converter = RangeConverter.class, order = 8,
        description = "Array kinds: indices A to B inclusive; -1 is the final element (default: 0:-1, every value).")
    FetchDataReference.Array range;

    @Option(names = "--key", paramLabel = "K", converter = OpaqueConverters.Text.class, order = 9,
        description = "Dictionary kinds: a key as UTF-8 text; repeat for several (default: every key).")
    List<Opaque> keys = new ArrayList<>();

    @Option(names = "--key-hex", paramLabel = "HEX", converter = OpaqueConverters.Hex.class, order = 10,
        description = "Dictionary kinds: a key as hex bytes; repeatable.")
    List<Opaque> hexKeys = new ArrayList<>();

    @Option(names = "--generation", paramLabel = "G", defaultValue = "0", order = 11,
        description = "The generation you last saw: if it is still current, the answer carries no values " +
            "(draft §5.2.2.2; default ${DEFAULT-VALUE}).")
    long generation;

    FetchCommand()
    {
        this(ClientNode::connect);
    }

    FetchCommand(final StorageConnector connector)
    {
        super(connector);
    }

    @Override
    String name()
    {
        return "fetch";
    }

    @Override
    int method()
    {
        return MethodCode.FETCH;
    }

    @Override
    void check()
    {
        reference(this, kind, index, range, keys, hexKeys);
        if (generation < 0)
        {
            throw usage("--generation " + generation + " is negative");
        }
    }

    /**
     * Check the addressing options against the kind's data model and build the reference (draft §5.2.2.1).
     *
     * @param command the fetch or remove.
     * @param kind    its --kind.
     * @param index   --index, or null.
     * @param range   --range, or null.
     * @param keys    --key values.
     * @param hexKeys --key-hex values.
     * @return the reference.
     * @throws CommandLine.ParameterException for an option the kind's data model has no use for.
     */
    static FetchDataReference reference(
        final StorageCommand command,
        final KindOption kind,
        final Integer index,
        final FetchDataReference.Array range,
        final List<Opaque> keys,
        final List<Opaque> hexKeys)
    {
        final DataModel model = command.modelOf(kind);
        final boolean hasKeys = !keys.isEmpty() || !hexKeys.isEmpty();
        if ((null != index || null != range) && model != DataModel.ARRAY)
        {
            throw command.usage((null != index ? "--index" : "--range") + " is for array kinds; " +
                kind.isA());
        }
        if (hasKeys && model != DataModel.DICTIONARY)
        {
            throw command.usage("--key is for dictionary kinds; " + kind.isA());
        }
        if (null != index && null != range)
        {
            throw command.usage("give --index or --range, not both");
        }
        if (null != index && index < FetchDataReference.Array.FINAL)
        {
            throw command.usage("--index " + index + ": give an index from 0, or -1 for the final element");
        }
        switch (model)
        {
            case ARRAY:
                return null != index ? new FetchDataReference.Array(index, index) :
                    null != range ? range : new FetchDataReference.Array(0, FetchDataReference.Array.FINAL);
            case DICTIONARY:
                final List<Opaque> all = new ArrayList<>(keys);
                all.addAll(hexKeys);
                return new FetchDataReference.Dictionary(all);
            default:
                return FetchDataReference.SingleValue.INSTANCE;
        }
    }

    @Override
    void send(final StorageClient client, final PeerId resource, final StorageClient.Reply reply)
    {
        client.fetch(resource, List.of(new FetchTypeData(kind.typeId(), generation,
            reference(this, kind, index, range, keys, hexKeys))), reply);
    }

    @Override
    void print(final StorageMessage.Body answer, final PrintWriter out)
    {
        for (final FetchResponse response : ((StorageMessage.FetchAnswer)answer).responses())
        {
            final int count = response.values().size();
            out.println("  kind        " + KindOption.label(response.type()) +
                (null == KindOption.KINDS.kind(response.type()) ? "" :
                    ", " + KindOption.KINDS.kind(response.type()).model().label()));
            out.println("  generation  " + Long.toUnsignedString(response.generation()));
            if (0 == count && generation != 0 && generation == response.generation())
            {
                out.println("  values      none sent: generation " + generation + " is still current, so the values " +
                    "you hold are up to date (draft §5.2.2.2)");
            }
            else if (0 == count && 0 == response.generation())
            {
                out.println("  values      none: the resource holds nothing of the kind (generation 0)");
            }
            else if (0 == count)
            {
                out.println("  values      none");
            }
            else
            {
                out.println("  values      " + count);
            }
            for (final StoredData data : response.values())
            {
                out.println("    " + StorageReport.line(data));
            }
        }
    }

    @Override
    void write(final StorageMessage.Body answer, final JsonWriter json)
    {
        json.name("kinds").beginArray();
        for (final FetchResponse response : ((StorageMessage.FetchAnswer)answer).responses())
        {
            json.beginObject()
                .field("kind", response.type())
                .field("kind_name", io.relo.codec.KindId.name(response.type()))
                .field("generation", response.generation());
            json.name("values").beginArray();
            for (final StoredData data : response.values())
            {
                StorageReport.write(data, json);
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    /**
     * Parses A:B, where either end may be -1 for the final element.
     */
    static final class RangeConverter implements CommandLine.ITypeConverter<FetchDataReference.Array>
    {
        @Override
        public FetchDataReference.Array convert(final String value)
        {
            final int colon = value.indexOf(':', 1);
            if (colon < 0)
            {
                throw new CommandLine.TypeConversionException("expected A:B, such as 0:3 or 2:-1 (-1 is the final " +
                    "element), got \"" + value + "\"");
            }
            final int first;
            final int last;
            try
            {
                first = Integer.parseInt(value.substring(0, colon));
                last = Integer.parseInt(value.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.TypeConversionException("expected A:B with whole numbers, such as 0:3 or " +
                    "2:-1, got \"" + value + "\"");
            }
            if (first < FetchDataReference.Array.FINAL || last < FetchDataReference.Array.FINAL)
            {
                throw new CommandLine.TypeConversionException("range " + value + ": indices are from 0, or -1 for " +
                    "the final element");
            }
            if (first >= 0 && last >= 0 && first > last)
            {
                throw new CommandLine.TypeConversionException("range " + value + " starts after it ends (draft " +
                    "§5.2.2.1: the beginning MUST be earlier than the end)");
            }
            return new FetchDataReference.Array(first, last);
        }
    }
}
