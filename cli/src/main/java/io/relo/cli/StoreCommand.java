package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.codec.MethodCode;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DataModel;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code relo store}: STORE one value of one kind at a resource (draft §5.2.1) through a client node.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "STORE one value of one kind at a resource (draft §5.2.1), through a client node admitted by the peer at " +
            "--via (draft §3.2.3).",
        "A value replaces the one at its address only with a later storage time: the storage time defaults to " +
            "this second, so a second store to the same address within one second needs --storage-time.",
        "Exit status: 0 on 200, 1 when the overlay answers an error or does not answer, 2 for bad arguments."
    })
final class StoreCommand extends StorageCommand
{
    /** Seconds a value stays valid by default. */
    static final long LIFETIME_DEFAULT_SECONDS = 3600;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = KindOption.Converter.class,
        order = 6, description = "sip-registration, turn-service, certificate, or a type-id such as 0x2.")
    KindOption kind;

    @ArgGroup(exclusive = true, multiplicity = "1", order = 7)
    ValueOption value;

    @Option(names = "--index", paramLabel = "I", order = 8,
        description = "Array kinds: the index to store at; -1 appends (the default).")
    Integer index;

    @ArgGroup(exclusive = true, order = 9)
    KeyOption key;

    @Option(names = "--lifetime", paramLabel = "S", defaultValue = "3600", order = 10,
        description = "Seconds the value stays valid after its storage time (default: ${DEFAULT-VALUE}).")
    long lifetime;

    @Option(names = "--generation", paramLabel = "G", defaultValue = "0", order = 11,
        description = "Store only if the kind's generation is G (draft §5.2.1.1); 0, the default, stores " +
            "whatever it is.")
    long generation;

    @Option(names = "--storage-time", paramLabel = "S", order = 12,
        description = "Storage time in seconds since the Unix epoch (default: now); it must be later than that of " +
            "the value replaced.")
    Long storageTime;

    private final LongSupplier epochSeconds;
    private StoredData data;

    /** The value: UTF-8 text or hex. */
    static final class ValueOption
    {
        @Option(names = "--value", required = true, paramLabel = "TEXT", order = 7,
            converter = OpaqueConverters.Text.class,
            description = "The value as UTF-8 text.")
        Opaque text;

        @Option(names = "--value-hex", required = true, paramLabel = "HEX", order = 7,
            converter = OpaqueConverters.Hex.class,
            description = "The value as hex bytes.")
        Opaque hex;

        Opaque bytes()
        {
            return null != text ? text : hex;
        }
    }

    /** A dictionary key: UTF-8 text or hex. */
    static final class KeyOption
    {
        @Option(names = "--key", required = true, paramLabel = "K", order = 9,
            converter = OpaqueConverters.Text.class,
            description = "Dictionary kinds: the key, as UTF-8 text (required for them).")
        Opaque text;

        @Option(names = "--key-hex", required = true, paramLabel = "HEX", order = 9,
            converter = OpaqueConverters.Hex.class,
            description = "Dictionary kinds: the key as hex bytes.")
        Opaque hex;

        Opaque bytes()
        {
            return null != text ? text : hex;
        }
    }

    StoreCommand()
    {
        this(ClientNode::connect, () -> System.currentTimeMillis() / 1000);
    }

    StoreCommand(final StorageConnector connector, final LongSupplier epochSeconds)
    {
        super(connector);
        this.epochSeconds = epochSeconds;
    }

    @Override
    String name()
    {
        return "store";
    }

    @Override
    int method()
    {
        return MethodCode.STORE;
    }

    @Override
    void check()
    {
        final DataModel model = modelOf(kind);
        if (null != index && model != DataModel.ARRAY)
        {
            throw usage("--index is for array kinds; " + kind.isA());
        }
        if (null != index && index < ArrayEntry.APPEND)
        {
            throw usage("--index " + index + ": give -1 to append or an index from 0");
        }
        if (model == DataModel.DICTIONARY && null == key)
        {
            throw usage(kind.label() + " is a dictionary: give the value's --key K (or --key-hex HEX)");
        }
        if (model != DataModel.DICTIONARY && null != key)
        {
            throw usage("--key is for dictionary kinds; " + kind.isA());
        }
        if (lifetime < 0 || lifetime > UINT32_MAX)
        {
            throw usage("--lifetime " + lifetime + " is outside 0.." + UINT32_MAX + " seconds (uint32)");
        }
        if (null != storageTime && (storageTime < 0 || storageTime > UINT32_MAX))
        {
            throw usage("--storage-time " + storageTime + " is outside 0.." + UINT32_MAX + " seconds (uint32)");
        }
        if (generation < 0)
        {
            throw usage("--generation " + generation + " is negative; 0 stores whatever the generation is");
        }
    }

    /**
     * @return the value to store, at its address.
     */
    StoredData data()
    {
        if (null == data)
        {
            data = newData();
        }
        return data;
    }

    private StoredData newData()
    {
        final StoredValue stored = StoredValue.of(null != storageTime ? storageTime : epochSeconds.getAsLong(),
            lifetime, value.bytes(), Opaque.EMPTY);
        switch (kind.kind().model())
        {
            case ARRAY:
                return new ArrayEntry(null != index ? index : ArrayEntry.APPEND, stored);
            case DICTIONARY:
                return new DictionaryEntry(key.bytes(), stored);
            default:
                return new SingleValueEntry(stored);
        }
    }

    @Override
    void send(final StorageClient client, final PeerId resource, final StorageClient.Reply reply)
    {
        client.store(resource, List.of(new StoreTypeData(kind.typeId(), generation, List.of(data()))), reply);
    }

    @Override
    void print(final StorageMessage.Body answer, final PrintWriter out)
    {
        out.println("  kind        " + kind.label() + ", " + kind.kind().model().label());
        out.println("  stored      " + StorageReport.line(data()));
        for (final StoreTypeResponse response : ((StorageMessage.StoreAnswer)answer).generations())
        {
            out.println("  generation  " + Long.toUnsignedString(response.generation()) +
                (response.type() == kind.typeId() ? "" : " of " + KindOption.label(response.type())));
        }
    }

    @Override
    void write(final StorageMessage.Body answer, final JsonWriter json)
    {
        json.field("kind", kind.typeId()).field("kind_name", kind.kind().name());
        json.name("stored");
        StorageReport.write(data(), json);
        json.name("generations");
        StorageReport.generations(((StorageMessage.StoreAnswer)answer).generations(), json);
    }

    @Override
    String hint(final StorageMessage.ErrorAnswer error)
    {
        if (null == storageTime && error.reason().contains("storage time"))
        {
            return "the storage time defaults to this second: a second store to the same address within one " +
                "second needs --storage-time with a later value";
        }
        return null;
    }
}
