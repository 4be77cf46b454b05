package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.codec.MethodCode;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code relo remove}: REMOVE values of one kind at a resource (draft §5.2.3) through a client node.
 */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "REMOVE values of one kind at a resource (draft §5.2.3), through a client node admitted by the peer at " +
            "--via (draft §3.2.3).",
        "Without --index or --key it removes every value of the kind: the whole array or every key of a dictionary.",
        "Exit status: 0 on 200, 1 when the overlay answers an error or does not answer, 2 for bad arguments."
    })
final class RemoveCommand extends StorageCommand
{
    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = KindOption.Converter.class,
        order = 6, description = "sip-registration, turn-service, certificate, or a type-id such as 0x2.")
    KindOption kind;

    @Option(names = "--index", paramLabel = "I", order = 7,
        description = "Array kinds: the index to remove; -1 is the final element.")
    Integer index;

    @Option(names = "--key", paramLabel = "K", converter = OpaqueConverters.Text.class, order = 8,
        description = "Dictionary kinds: a key as UTF-8 text; repeat for several.")
    List<Opaque> keys = new ArrayList<>();

    @Option(names = "--key-hex", paramLabel = "HEX", converter = OpaqueConverters.Hex.class, order = 9,
        description = "Dictionary kinds: a key as hex bytes; repeatable.")
    List<Opaque> hexKeys = new ArrayList<>();

    @Option(names = "--generation", paramLabel = "G", defaultValue = "0", order = 10,
        description = "Remove only if the kind's generation is G (draft §5.2.3); 0, the default, removes " +
            "whatever it is.")
    long generation;

    RemoveCommand()
    {
        this(ClientNode::connect);
    }

    RemoveCommand(final StorageConnector connector)
    {
        super(connector);
    }

    @Override
    String name()
    {
        return "remove";
    }

    @Override
    int method()
    {
        return MethodCode.REMOVE;
    }

    @Override
    void check()
    {
        FetchCommand.reference(this, kind, index, null, keys, hexKeys);
        if (generation < 0)
        {
            throw usage("--generation " + generation + " is negative; 0 removes whatever the generation is");
        }
    }

    @Override
    void send(final StorageClient client, final PeerId resource, final StorageClient.Reply reply)
    {
        client.remove(resource, List.of(new FetchTypeData(kind.typeId(), generation,
            FetchCommand.reference(this, kind, index, null, keys, hexKeys))), reply);
    }

    @Override
    void print(final StorageMessage.Body answer, final PrintWriter out)
    {
        out.println("  kind        " + kind.label() + ", " + kind.kind().model().label());
        for (final StoreTypeResponse response : ((StorageMessage.RemoveAnswer)answer).generations())
        {
            out.println("  generation  " + Long.toUnsignedString(response.generation()) +
                (response.generation() == 0 ? " (nothing of the kind is left)" : "") +
                (response.type() == kind.typeId() ? "" : " of " + KindOption.label(response.type())));
        }
    }

    @Override
    void write(final StorageMessage.Body answer, final JsonWriter json)
    {
        json.field("kind", kind.typeId()).field("kind_name", kind.kind().name());
        json.name("generations");
        StorageReport.generations(((StorageMessage.RemoveAnswer)answer).generations(), json);
    }
}
