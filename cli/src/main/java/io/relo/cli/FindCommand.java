package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.codec.MethodCode;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code relo find}: FIND, for each kind, the closest resource-id holding it at the responsible peer (draft §5.2.4),
 * through a client node.
 */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "FIND, for each kind, the closest resource-id at or after the resource that holds it, on the peer " +
            "responsible for the resource (draft §5.2.4), through a client node admitted by the peer at --via.",
        "Exit status: 0 on 200, 1 when the overlay answers an error or does not answer, 2 for bad arguments."
    })
final class FindCommand extends StorageCommand
{
    @Option(names = "--kind", required = true, arity = "1..*", paramLabel = "KIND",
        converter = KindOption.Converter.class, order = 6,
        description = "One or more kinds: sip-registration, turn-service, certificate, or type-ids such as 0x2; " +
            "repeat the option or list them after it.")
    List<KindOption> kinds = new ArrayList<>();

    FindCommand()
    {
        this(ClientNode::connect);
    }

    FindCommand(final StorageConnector connector)
    {
        super(connector);
    }

    @Override
    String name()
    {
        return "find";
    }

    @Override
    int method()
    {
        return MethodCode.FIND;
    }

    @Override
    void check()
    {
        final List<Integer> types = types();
        if (types.stream().distinct().count() != types.size())
        {
            throw usage("each --kind may be given once (draft §5.2.4.1: \"Each value MUST only appear once\")");
        }
    }

    private List<Integer> types()
    {
        return kinds.stream().map(KindOption::typeId).toList();
    }

    @Override
    void send(final StorageClient client, final PeerId resource, final StorageClient.Reply reply)
    {
        client.find(resource, types(), reply);
    }

    @Override
    void print(final StorageMessage.Body answer, final PrintWriter out)
    {
        for (final FindTypeData data : ((StorageMessage.FindAnswer)answer).answers())
        {
            out.println("  " + pad(KindOption.label(data.type())) + (FindTypeData.NONE.equals(data.closestResource()) ?
                "none known" : "closest resource " + data.closestResource()));
        }
    }

    @Override
    void write(final StorageMessage.Body answer, final JsonWriter json)
    {
        json.name("kinds").beginArray();
        for (final FindTypeData data : ((StorageMessage.FindAnswer)answer).answers())
        {
            json.beginObject()
                .field("kind", data.type())
                .field("kind_name", io.relo.codec.KindId.name(data.type()))
                .field("closest_resource", FindTypeData.NONE.equals(data.closestResource()) ? null :
                    data.closestResource().toString())
                .endObject();
        }
        json.endArray();
    }

    private static String pad(final String label)
    {
        final StringBuilder sb = new StringBuilder(label);
        while (sb.length() < 26)
        {
            sb.append(' ');
        }
        return sb.append(' ').toString();
    }
}
