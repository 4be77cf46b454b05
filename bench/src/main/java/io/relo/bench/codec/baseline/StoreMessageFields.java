package io.relo.bench.codec.baseline;

import io.relo.bench.codec.FieldSink;

import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Hands every field of a parsed {@link Message} to a {@link FieldSink}, in the same order as
 * {@link io.relo.bench.codec.FlyweightStoreReader} reads them from the wire, so both paths touch the same fields.
 * Indexed loops keep iterators out of the baseline's allocation figures: they belong to the consumer, not the parser.
 */
public final class StoreMessageFields
{
    private StoreMessageFields()
    {
    }

    /**
     * @param message parsed by {@link Message#parse(java.nio.ByteBuffer)}.
     * @param sink    receiving every field.
     */
    public static void emit(final Message message, final FieldSink sink)
    {
        emitHeader(message.header(), sink);

        final MessageContents contents = message.contents();
        sink.value(contents.code());
        sink.value(contents.reserved());
        sink.bytes(contents.payload());

        final StoreRequest request = message.storeRequest();
        sink.bytes(request.resource());
        final List<StoreTypeData> storeData = request.storeData();
        sink.value(storeData.size());
        for (int i = 0, size = storeData.size(); i < size; i++)
        {
            final StoreTypeData typeData = storeData.get(i);
            sink.value(typeData.kind());
            sink.value(typeData.generation());
            final List<StoredData> values = typeData.values();
            sink.value(values.size());
            for (int j = 0, count = values.size(); j < count; j++)
            {
                final StoredData value = values.get(j);
                emitStoredData(value, sink);
            }
        }

        final Signature signature = message.signature();
        sink.value(null != signature ? 1 : 0);
        if (null != signature)
        {
            emitSignature(signature, sink);
        }
    }

    /**
     * Hand over only the store's kind, its number of values and each value's storage time, the fields
     * {@link io.relo.bench.codec.FlyweightStoreReader#validate} reads.
     *
     * @param message parsed by {@link Message#parse(java.nio.ByteBuffer)}, which validated all of it.
     * @param sink    receiving those fields.
     */
    public static void emitStorageTimes(final Message message, final FieldSink sink)
    {
        final List<StoreTypeData> storeData = message.storeRequest().storeData();
        for (int i = 0, size = storeData.size(); i < size; i++)
        {
            final StoreTypeData typeData = storeData.get(i);
            sink.value(typeData.kind());
            final List<StoredData> values = typeData.values();
            sink.value(values.size());
            for (int j = 0, count = values.size(); j < count; j++)
            {
                sink.value(values.get(j).storageTime());
            }
        }
    }

    private static void emitHeader(final ForwardingHeader header, final FieldSink sink)
    {
        sink.value(header.overlay());
        sink.value(header.ttl());
        sink.value(header.routing());
        sink.value(header.isFragment() ? 1 : 0);
        sink.value(header.isLastFragment() ? 1 : 0);
        sink.value(header.fragmentOffset());
        sink.value(header.isExperimental() ? 1 : 0);
        sink.value(header.version());
        sink.value(header.length());
        sink.value(header.transactionId());
        final List<byte[]> routeList = header.routeList();
        sink.value(routeList.size());
        for (int i = 0, size = routeList.size(); i < size; i++)
        {
            final byte[] id = routeList.get(i);
            sink.bytes(id);
        }
        final List<byte[]> viaList = header.viaList();
        sink.value(viaList.size());
        for (int i = 0, size = viaList.size(); i < size; i++)
        {
            final byte[] id = viaList.get(i);
            sink.bytes(id);
        }
        sink.value(header.flags());
        if (null != header.routeLog())
        {
            sink.bytes(header.routeLog());
        }
    }

    private static void emitStoredData(final StoredData value, final FieldSink sink)
    {
        sink.value(value.length());
        sink.value(value.storageTime());
        sink.value(value.lifetime());
        sink.bytes(value.dataValue());

        final DictionaryEntry entry = value.dictionaryEntry();
        if (null != entry)
        {
            sink.bytes(entry.key());
            sink.bytes(entry.value());
            final SipRegistration registration = value.sipRegistration();
            sink.value(registration.type());
            sink.value(registration.length());
            if (SipRegistration.URI == registration.type())
            {
                sink.bytes(registration.uri());
            }
            else
            {
                sink.bytes(registration.contactPrefs());
                final List<byte[]> destinations = registration.destinations();
                sink.value(destinations.size());
                for (int i = 0, size = destinations.size(); i < size; i++)
                {
                    final byte[] id = destinations.get(i);
                    sink.bytes(id);
                }
            }
        }

        sink.bytes(value.signatureBlob());
        final Signature signature = value.signature();
        if (null != signature)
        {
            emitSignature(signature, sink);
        }
    }

    private static void emitSignature(final Signature signature, final FieldSink sink)
    {
        sink.value(signature.algorithm());
        sink.bytes(signature.signatureValue());
        final SignerIdentity identity = signature.identity();
        sink.value(identity.type());
        switch (identity.type())
        {
            case SignerIdentity.PEER:
                sink.bytes(identity.peerId());
                break;

            case SignerIdentity.NAME:
                sink.bytes(identity.name().getBytes(UTF_8));
                break;

            default:
                sink.bytes(identity.certificate());
                break;
        }
    }
}
