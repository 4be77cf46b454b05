package io.relo.control.message;

import io.relo.codec.ArrayEntryDecoder;
import io.relo.codec.ArrayEntryEncoder;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.DictionaryEntryEncoder;
import io.relo.codec.DictionaryKeyDecoder;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.ErrorResponseEncoder;
import io.relo.codec.FetchArrayReferenceDecoder;
import io.relo.codec.FetchDataReferenceDecoder;
import io.relo.codec.FetchDataReferenceEncoder;
import io.relo.codec.FetchDictionaryReferenceEncoder;
import io.relo.codec.FetchRequestDecoder;
import io.relo.codec.FetchRequestEncoder;
import io.relo.codec.FetchResponseDecoder;
import io.relo.codec.FetchResponseEncoder;
import io.relo.codec.FetchTypeDataDecoder;
import io.relo.codec.FindRequestDecoder;
import io.relo.codec.FindRequestEncoder;
import io.relo.codec.FindTypeDataDecoder;
import io.relo.codec.FindTypeDataEncoder;
import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.SingleValueEntryDecoder;
import io.relo.codec.SingleValueEntryEncoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreRequestEncoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoreTypeDataEncoder;
import io.relo.codec.StoreTypeResponseDecoder;
import io.relo.codec.StoreTypeResponseEncoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.StoredDataEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.message.MessageDecoder;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DataModel;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.Kind;
import io.relo.control.storage.KindRegistry;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StorageMessage.Body;
import io.relo.control.storage.StorageMessage.ErrorAnswer;
import io.relo.control.storage.StorageMessage.FetchAnswer;
import io.relo.control.storage.StorageMessage.FetchRequest;
import io.relo.control.storage.StorageMessage.FindAnswer;
import io.relo.control.storage.StorageMessage.FindRequest;
import io.relo.control.storage.StorageMessage.RemoveAnswer;
import io.relo.control.storage.StorageMessage.RemoveRequest;
import io.relo.control.storage.StorageMessage.StoreAnswer;
import io.relo.control.storage.StorageMessage.StoreRequest;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_LIST_COUNT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.PEER_ID_LENGTH;

/**
 * Maps {@link StorageMessage}s to and from RELOAD frames: the forwarding header of draft §4.1, the message contents
 * of §4.2, the STORE, FETCH, REMOVE and FIND payloads of §5.2 and error responses (§4.3), as docs/wire-format.md §3
 * and §4 lay them out.
 * <p>
 * One per agent; not thread safe. Decoding never throws on what arrives from the network: it returns null and
 * leaves the reason in {@link #lastStatus()}, {@link #lastMethod()} and {@link #lastError()}. Encoding returns -1
 * with {@link Status#TOO_LARGE} when a vector would pass its bound (wire-format.md §4.7), so that the caller can
 * answer 500 or split, and throws {@link IllegalArgumentException} for a value the wire cannot carry at all. Both
 * allocate: this is control-plane code.
 */
public final class StorageCodec
{
    /** Outcome of the last encode or decode. */
    public enum Status
    {
        /** The frame was decoded into the value returned. */
        DECODED,

        /** The message was encoded into the frame whose length was returned. */
        ENCODED,

        /** The frame is not a whole, well-formed message; {@link #lastError()} says what is wrong and where. */
        MALFORMED,

        /**
         * The frame is well formed up to its method, which is not STORE, FETCH, REMOVE or FIND; {@link #lastMethod()}
         * names it so that the caller can hand the frame to the handler of that method.
         */
        UNSUPPORTED_METHOD,

        /**
         * A STORE request or FETCH answer carries values of a type-id whose data model this peer does not know, so
         * they cannot be parsed (wire-format.md §4.7); {@link #lastMethod()} names the method, and a peer answers
         * such a request with 412 (wire-format.md §4.5).
         */
        UNKNOWN_KIND,

        /** The message does not fit a vector bound of the wire; nothing was encoded (wire-format.md §4.7). */
        TOO_LARGE
    }

    /** Method of a frame whose message contents did not decode. */
    public static final int NO_METHOD = ChordCodec.NO_METHOD;

    /** draft §5.2.1.1, §5.2.2.2: the {@code <65000>} bound of every storage vector, in bytes. */
    public static final int MAX_VECTOR_LENGTH = 65000;

    /** draft §5.2.4.1: {@code type_id ids<255>} holds at most 85 three-byte type-ids. */
    public static final int MAX_FIND_TYPES = 255 / 3;

    /** A {@code store_type_response}: a three-byte type-id and an eight-byte generation (draft §5.2.1.2). */
    private static final int STORE_TYPE_RESPONSE_LENGTH = 3 + 8;

    /** Forwarding header without its lists, and the code, reserved and payload length of the contents. */
    private static final int FIXED_FRAME_LENGTH = 28 + 8;

    private final MessageBuilder builder;
    private final IntFunction<DataModel> models;
    private final MessageDecoder decoder = new MessageDecoder();
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(1024);
    private final long[] routeIds = new long[2 * MAX_LIST_COUNT];
    private final long[] viaIds = new long[2 * MAX_LIST_COUNT];

    private final StoreRequestEncoder storeRequestEncoder = new StoreRequestEncoder();
    private final FetchRequestEncoder fetchRequestEncoder = new FetchRequestEncoder();
    private final FindRequestEncoder findRequestEncoder = new FindRequestEncoder();
    private final StoreTypeResponseEncoder storeTypeResponseEncoder = new StoreTypeResponseEncoder();
    private final FetchResponseEncoder fetchResponseEncoder = new FetchResponseEncoder();
    private final StoredDataEncoder packedStoredDataEncoder = new StoredDataEncoder();
    private final FindTypeDataEncoder findTypeDataEncoder = new FindTypeDataEncoder();
    private final ErrorResponseEncoder errorResponseEncoder = new ErrorResponseEncoder();
    private final SingleValueEntryEncoder singleValueEntryEncoder = new SingleValueEntryEncoder();
    private final ArrayEntryEncoder arrayEntryEncoder = new ArrayEntryEncoder();
    private final DictionaryEntryEncoder dictionaryEntryEncoder = new DictionaryEntryEncoder();

    private final StoreRequestDecoder storeRequestDecoder = new StoreRequestDecoder();
    private final FetchRequestDecoder fetchRequestDecoder = new FetchRequestDecoder();
    private final FindRequestDecoder findRequestDecoder = new FindRequestDecoder();
    private final StoreTypeResponseDecoder storeTypeResponseDecoder = new StoreTypeResponseDecoder();
    private final FetchResponseDecoder fetchResponseDecoder = new FetchResponseDecoder();
    private final StoredDataDecoder storedDataDecoder = new StoredDataDecoder();
    private final FindTypeDataDecoder findTypeDataDecoder = new FindTypeDataDecoder();
    private final ErrorResponseDecoder errorResponseDecoder = new ErrorResponseDecoder();
    private final SingleValueEntryDecoder singleValueEntryDecoder = new SingleValueEntryDecoder();
    private final ArrayEntryDecoder arrayEntryDecoder = new ArrayEntryDecoder();
    private final DictionaryEntryDecoder dictionaryEntryDecoder = new DictionaryEntryDecoder();

    private Status status = Status.MALFORMED;
    private int method = NO_METHOD;
    private String error = "nothing decoded yet";

    /**
     * @param overlayHash CRC-32 of the overlay name (draft §4.1), written into every frame encoded.
     * @param models      the data model of a type-id, or null for one this peer does not know: the wire does not say
     *                    how a stored value is laid out, its kind does (draft §5.2.1, wire-format.md §1.2).
     */
    public StorageCodec(final int overlayHash, final IntFunction<DataModel> models)
    {
        builder = new MessageBuilder(overlayHash);
        this.models = models;
    }

    /**
     * @param kinds the kinds this peer knows.
     * @return the data model of each of their type-ids, null for any other, as the constructor takes it.
     */
    public static IntFunction<DataModel> modelsOf(final KindRegistry kinds)
    {
        return (typeId) ->
        {
            final Kind kind = kinds.kind(typeId);
            return null == kind ? null : kind.model();
        };
    }

    /**
     * Encode a message with its route list, via list, TTL and transaction id as they are: a request this peer
     * originates (via list empty), or a response whose route is {@link StorageMessage#reversedVia()} of the request.
     *
     * @param message to encode.
     * @param out     buffer to write the frame into, with room for it.
     * @param offset  where the frame starts.
     * @return the frame's length, or -1 with {@link Status#TOO_LARGE} when it does not fit a bound of the wire
     *         (such as 65000 bytes of values for one kind of a FETCH answer, wire-format.md §4.7).
     * @throws IllegalArgumentException when a value cannot be written at all: a type-id over 24 bits, a list over
     *                                  255 peer-ids, a 200 {@link ErrorAnswer}, values of a data model other than
     *                                  their kind's.
     */
    public int encode(final StorageMessage message, final MutableDirectBuffer out, final int offset)
    {
        final Body body = message.body();
        method = body.method();
        final long[] route = ChordCodec.ids(message.route(), routeIds, "route list");
        final long[] via = ChordCodec.ids(message.via(), viaIds, "via list");
        final int code = responseCode(body);
        final int payloadLength;
        try
        {
            payloadLength = encodePayload(body);
        }
        catch (final TooLarge ex)
        {
            status = Status.TOO_LARGE;
            error = ex.getMessage();
            return -1;
        }
        final int frameLength =
            FIXED_FRAME_LENGTH + PEER_ID_LENGTH * (message.route().size() + message.via().size()) + payloadLength;
        if (frameLength > MAX_MESSAGE_LENGTH)
        {
            status = Status.TOO_LARGE;
            error = describe(body) + " needs a frame of " + frameLength + " bytes; draft §4.1's 24-bit length " +
                "allows " + MAX_MESSAGE_LENGTH + ": split it";
            return -1;
        }
        final int length = builder.message(out, offset, message.ttl(), message.transactionId(),
            route, message.route().size(), via, message.via().size(), method, code, payload, 0, payloadLength);
        status = Status.ENCODED;
        error = "encoded " + describe(body) + " in " + length + " bytes";
        return length;
    }

    /**
     * Decode a frame the forwarder delivered to this peer.
     *
     * @param buffer     holding the frame.
     * @param offset     its first byte.
     * @param length     its length.
     * @param previousHi high 64 bits of the peer it came from; (0, 0) for a frame this peer originated.
     * @param previousLo low 64 bits of that peer.
     * @return the message, with the previous hop appended to the via list; or null, see {@link #lastStatus()}.
     *         Requests and 200 responses decode for STORE, FETCH, REMOVE and FIND; any other code decodes as an
     *         {@link ErrorAnswer} naming the method it answers.
     */
    public StorageMessage decode(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo)
    {
        method = NO_METHOD;
        switch (decoder.wrap(buffer, offset, length))
        {
            case MessageDecoder.BAD_HEADER:
            case MessageDecoder.BAD_ROUTE_LOG:
            case MessageDecoder.BAD_CONTENTS:
                return malformed(decoder.describeError());
            case MessageDecoder.FRAGMENT:
                return malformed("frame is a fragment of " + decoder.header().contentsLength() +
                    " bytes; reassemble the message before decoding it (draft §4.1.3)");
            default:
                // the contents decoded, so the method is known even when the payload or signature is bad
                method = decoder.method();
        }
        if (MethodCode.STORE != method && MethodCode.FETCH != method && MethodCode.REMOVE != method &&
            MethodCode.FIND != method)
        {
            status = Status.UNSUPPORTED_METHOD;
            error = (decoder.isResponse() ? "response to " : "request of ") + MethodCode.name(method) +
                " is not a STORE, FETCH, REMOVE or FIND message; hand it to the handler of its method";
            return null;
        }
        if (MessageDecoder.OK != decoder.status())
        {
            return malformed(decoder.describeError());
        }

        final Body body;
        if (!decoder.isResponse())
        {
            body = decodeRequest();
        }
        else if (ResponseCode.OK != decoder.code())
        {
            body = decodeError();
        }
        else
        {
            body = decodeAnswer();
        }
        if (null == body)
        {
            return null;
        }

        final ForwardingHeaderFlyweight header = decoder.header();
        status = Status.DECODED;
        error = "decoded " + describe(body);
        return new StorageMessage(ChordCodec.route(header), ChordCodec.via(header, previousHi, previousLo),
            header.ttl(), header.transactionId(), body);
    }

    /**
     * @return outcome of the last encode or decode.
     */
    public Status lastStatus()
    {
        return status;
    }

    /**
     * @return the method of the last message encoded or frame decoded, for a response the method it answers
     *         (docs/wire-format.md §3.2), or {@link #NO_METHOD} when a frame's message contents did not decode.
     */
    public int lastMethod()
    {
        return method;
    }

    /**
     * @return what the last decode or encode found wrong, such as "payload of STORE request: store_type_data 1
     *         (type-id 0x2) value 1: single_value_entry: ...", or what it did.
     */
    public String lastError()
    {
        return error;
    }

    private Body decodeRequest()
    {
        final DirectBuffer buffer = decoder.header().buffer();
        final int offset = decoder.payloadOffset();
        final int limit = offset + decoder.payloadLength();
        if (MethodCode.STORE == method)
        {
            final StoreRequestDecoder d = storeRequestDecoder;
            if (d.wrapExactly(buffer, offset, limit) < 0)
            {
                return malformed("payload of STORE request: " + d.error().message());
            }
            final List<StoreTypeData> data = new ArrayList<>();
            final DecoderCursor<StoreTypeDataDecoder> cursor = d.storeData();
            while (cursor.hasNext())
            {
                final StoreTypeDataDecoder kind = cursor.next();
                final int type = kind.type();
                final String where = "payload of STORE request: store_type_data " + (data.size() + 1) +
                    " (type-id " + typeName(type) + ")";
                final List<StoredData> values = storedData(
                    buffer, kind.valuesOffset(), kind.valuesOffset() + kind.valuesLength(), type, where);
                if (null == values)
                {
                    return null;
                }
                data.add(new StoreTypeData(type, kind.generation(), values));
            }
            return new StoreRequest(new PeerId(d.resourceHi(), d.resourceLo()), data);
        }
        if (MethodCode.FIND == method)
        {
            final FindRequestDecoder d = findRequestDecoder;
            if (d.wrapExactly(buffer, offset, limit) < 0)
            {
                return malformed("payload of FIND request: " + d.error().message());
            }
            final List<Integer> types = new ArrayList<>(d.idsCount());
            for (int i = 0, count = d.idsCount(); i < count; i++)
            {
                types.add(d.ids(i));
            }
            return new FindRequest(new PeerId(d.resourceHi(), d.resourceLo()), types);
        }

        // draft §5.2.3: REMOVE has "exactly the same syntax" as FETCH
        final FetchRequestDecoder d = fetchRequestDecoder;
        if (d.wrapExactly(buffer, offset, limit) < 0)
        {
            return malformed("payload of " + MethodCode.name(method) + " request: " + d.error().message());
        }
        final List<FetchTypeData> data = new ArrayList<>();
        final DecoderCursor<FetchTypeDataDecoder> cursor = d.fetchData();
        while (cursor.hasNext())
        {
            final FetchTypeDataDecoder kind = cursor.next();
            data.add(new FetchTypeData(kind.type(), kind.generation(), reference(kind.reference())));
        }
        final PeerId resource = new PeerId(d.resourceHi(), d.resourceLo());
        return MethodCode.FETCH == method ? new FetchRequest(resource, data) : new RemoveRequest(resource, data);
    }

    /**
     * wire-format.md §4.2: the reference says its own data model; whether that is the kind's is the store's rule.
     */
    private static FetchDataReference reference(final FetchDataReferenceDecoder reference)
    {
        switch (reference.type())
        {
            case io.relo.codec.DataModel.ARRAY_MODEL:
            {
                final FetchArrayReferenceDecoder array = reference.array();
                return new FetchDataReference.Array(array.first(), array.last());
            }
            case io.relo.codec.DataModel.DICTIONARY_MODEL:
            {
                final List<Opaque> keys = new ArrayList<>();
                final DecoderCursor<DictionaryKeyDecoder> cursor = reference.dictionary().dictionaryKeys();
                while (cursor.hasNext())
                {
                    final DictionaryKeyDecoder key = cursor.next();
                    keys.add(Opaque.copyOf(key.buffer(), key.keyValueOffset(), key.keyValueLength()));
                }
                return new FetchDataReference.Dictionary(keys);
            }
            default:
                // the select decoder refused any other case (wire-format.md §1.5)
                return FetchDataReference.SingleValue.INSTANCE;
        }
    }

    private Body decodeAnswer()
    {
        final DirectBuffer buffer = decoder.header().buffer();
        final int offset = decoder.payloadOffset();
        final int limit = offset + decoder.payloadLength();
        if (MethodCode.STORE == method || MethodCode.REMOVE == method)
        {
            // draft §5.2.1.2, §5.2.3.4: store_type_response packed end to end
            final List<StoreTypeResponse> generations = generations(buffer, offset, limit);
            if (null == generations)
            {
                return malformed("payload of 200 response to " + MethodCode.name(method) + ": " +
                    storeTypeResponseDecoder.error().message());
            }
            return MethodCode.STORE == method ? new StoreAnswer(generations) : new RemoveAnswer(generations);
        }
        if (MethodCode.FIND == method)
        {
            // draft §5.2.4.2: find_type_data packed end to end
            final List<FindTypeData> answers = new ArrayList<>();
            final FindTypeDataDecoder d = findTypeDataDecoder;
            for (int at = offset; at < limit; )
            {
                final int length = d.wrap(buffer, at, limit);
                if (length < 0)
                {
                    return malformed("payload of 200 response to FIND: find_type_data " + (answers.size() + 1) +
                        ": " + d.error().message());
                }
                answers.add(new FindTypeData(d.type(), new PeerId(d.closestResourceHi(), d.closestResourceLo())));
                at += length;
            }
            return new FindAnswer(answers);
        }

        // draft §5.2.2.2: fetch_response packed end to end, each holding stored_data packed end to end
        final List<FetchResponse> responses = new ArrayList<>();
        final FetchResponseDecoder d = fetchResponseDecoder;
        for (int at = offset; at < limit; )
        {
            final int length = d.wrap(buffer, at, limit);
            final String where = "payload of 200 response to FETCH: fetch_response " + (responses.size() + 1);
            if (length < 0)
            {
                return malformed(where + ": " + d.error().message());
            }
            // read the fields before the values are parsed: parsing does not re-wrap d, but keeps this obvious
            final int type = d.type();
            final long generation = d.generation();
            final int valuesOffset = d.storedDataOffset();
            final List<StoredData> values = storedData(buffer, valuesOffset, valuesOffset + d.storedDataLength(),
                type, where + " (type-id " + typeName(type) + ")");
            if (null == values)
            {
                return null;
            }
            responses.add(new FetchResponse(type, generation, values));
            at += length;
        }
        return new FetchAnswer(responses);
    }

    /**
     * draft §4.3, §5.2.1.2: any code but 200 carries error_response; a 412 to STORE or REMOVE carries the current
     * generations in its error_info (wire-format.md §4.6).
     */
    private Body decodeError()
    {
        final ErrorResponseDecoder e = errorResponseDecoder;
        final int offset = decoder.payloadOffset();
        final DirectBuffer buffer = decoder.header().buffer();
        if (e.wrapExactly(buffer, offset, offset + decoder.payloadLength()) < 0)
        {
            return malformed("payload of an error response: " + e.error().message());
        }
        List<StoreTypeResponse> generations = List.of();
        if (carriesGenerations(method, decoder.code()))
        {
            final int info = e.errorInfoOffset();
            final List<StoreTypeResponse> packed = generations(buffer, info, info + e.errorInfoLength());
            generations = null == packed ? List.of() : packed;
        }
        return new ErrorAnswer(method, decoder.code(), e.reasonPhrase(), generations);
    }

    /**
     * wire-format.md §4.6: only a 412 to STORE or REMOVE says which generations are current.
     */
    private static boolean carriesGenerations(final int method, final int code)
    {
        return ResponseCode.PRECONDITION_FAILED == code && (MethodCode.STORE == method || MethodCode.REMOVE == method);
    }

    /**
     * @return the store_type_response values filling [offset, limit), or null when they do not, with the reason in
     *         the decoder's error.
     */
    private List<StoreTypeResponse> generations(final DirectBuffer buffer, final int offset, final int limit)
    {
        final List<StoreTypeResponse> generations = new ArrayList<>();
        final StoreTypeResponseDecoder d = storeTypeResponseDecoder;
        for (int at = offset; at < limit; )
        {
            final int length = d.wrap(buffer, at, limit);
            if (length < 0)
            {
                return null;
            }
            generations.add(new StoreTypeResponse(d.type(), d.generation()));
            at += length;
        }
        return generations;
    }

    /**
     * draft §5.2.1.1: stored_data values packed end to end in [offset, limit), each data-value parsed as the entry
     * of the kind's data model (wire-format.md §1.2, §4.7).
     *
     * @return the values, or null with the status set.
     */
    private List<StoredData> storedData(
        final DirectBuffer buffer, final int offset, final int limit, final int type, final String where)
    {
        if (offset == limit)
        {
            // a cache hit or an empty STORE needs no data model (draft §5.2.2.2)
            return List.of();
        }
        final DataModel model = models.apply(type);
        if (null == model)
        {
            status = Status.UNKNOWN_KIND;
            error = where + ": type-id " + typeName(type) + " is not a kind this peer knows, so its values " +
                "cannot be parsed; a request naming it is answered with 412 (wire-format.md §4.5, §4.7)";
            return null;
        }
        final List<StoredData> values = new ArrayList<>();
        final StoredDataDecoder d = storedDataDecoder;
        for (int at = offset; at < limit; )
        {
            final int length = d.wrap(buffer, at, limit);
            if (length < 0)
            {
                return malformed(where + ": value " + (values.size() + 1) + ": " + d.error().message());
            }
            final StoredData value = entry(buffer, d, model);
            if (null == value)
            {
                return malformed(where + ": value " + (values.size() + 1) + " is not a " + model.label() +
                    " entry: " + entryError(model));
            }
            values.add(value);
            at += length;
        }
        return values;
    }

    private StoredData entry(final DirectBuffer buffer, final StoredDataDecoder data, final DataModel model)
    {
        final int offset = data.dataValueOffset();
        final int limit = offset + data.dataValueLength();
        switch (model)
        {
            case SINGLE_VALUE:
            {
                final SingleValueEntryDecoder e = singleValueEntryDecoder;
                return e.wrapExactly(buffer, offset, limit) < 0 ? null :
                    new SingleValueEntry(value(buffer, data, e.valueOffset(), e.valueLength()));
            }
            case ARRAY:
            {
                final ArrayEntryDecoder e = arrayEntryDecoder;
                return e.wrapExactly(buffer, offset, limit) < 0 ? null :
                    new ArrayEntry(e.index(), value(buffer, data, e.valueOffset(), e.valueLength()));
            }
            default:
            {
                final DictionaryEntryDecoder e = dictionaryEntryDecoder;
                return e.wrapExactly(buffer, offset, limit) < 0 ? null :
                    new DictionaryEntry(Opaque.copyOf(buffer, e.keyOffset(), e.keyLength()),
                    value(buffer, data, e.valueOffset(), e.valueLength()));
            }
        }
    }

    private String entryError(final DataModel model)
    {
        switch (model)
        {
            case SINGLE_VALUE:
                return singleValueEntryDecoder.error().message();
            case ARRAY:
                return arrayEntryDecoder.error().message();
            default:
                return dictionaryEntryDecoder.error().message();
        }
    }

    /**
     * draft §5.2.2.2: "A nonexistent value is represented as a value with an empty data value portion and no
     * signature"; relo also writes its times as 0, and reads only that as nonexistent (wire-format.md §4.7).
     */
    private static StoredValue value(
        final DirectBuffer buffer, final StoredDataDecoder data, final int valueOffset, final int valueLength)
    {
        final long storageTime = data.storageTime();
        final long lifetime = data.lifetime();
        final int signatureLength = data.signatureLength();
        if (0 == valueLength && 0 == signatureLength && 0 == storageTime && 0 == lifetime)
        {
            return StoredValue.NONEXISTENT;
        }
        return StoredValue.of(storageTime, lifetime, Opaque.copyOf(buffer, valueOffset, valueLength),
            Opaque.copyOf(buffer, data.signatureOffset(), signatureLength));
    }

    private static int responseCode(final Body body)
    {
        if (body instanceof ErrorAnswer answer)
        {
            final int method = answer.method();
            if (MethodCode.STORE != method && MethodCode.FETCH != method && MethodCode.REMOVE != method &&
                MethodCode.FIND != method)
            {
                throw new IllegalArgumentException("an ErrorAnswer answers STORE, FETCH, REMOVE or FIND, not " +
                    MethodCode.name(method) + ": encode other methods' errors with their own codec");
            }
            // draft §4.3: a 200 carries the method's own payload, so it cannot be sent as an error_response
            if (ResponseCode.OK == answer.code())
            {
                throw new IllegalArgumentException("an ErrorAnswer has a code other than 200 (draft §4.3)");
            }
            if (!answer.generations().isEmpty() && !carriesGenerations(method, answer.code()))
            {
                throw new IllegalArgumentException("only a 412 to STORE or REMOVE carries generations " +
                    "(wire-format.md §4.6), not a " + answer.code() + " to " + MethodCode.name(method));
            }
            return answer.code();
        }
        return body.isResponse() ? ResponseCode.OK : MessageBuilder.REQUEST;
    }

    /**
     * Write the payload of a body into {@link #payload}, the one place that maps storage bodies to payloads
     * (docs/wire-format.md §3.4).
     *
     * @return its length.
     * @throws TooLarge when a vector passes its bound.
     */
    private int encodePayload(final Body body)
    {
        if (body instanceof StoreRequest store)
        {
            final StoreRequestEncoder e = storeRequestEncoder.wrap(payload, 0)
                .resource(store.resource().hi(), store.resource().lo()).storeDataBegin();
            final int start = e.limit();
            for (final StoreTypeData data : store.data())
            {
                checkModels(data.type(), data.values());
                final StoreTypeDataEncoder kind = e.storeDataNext().type(typeId(data.type()))
                    .generation(data.generation()).valuesBegin();
                final int valuesStart = kind.limit();
                for (final StoredData value : data.values())
                {
                    putStoredData(kind.valuesNext(), value);
                }
                checkBound(kind.limit() - valuesStart, "store_type_data.values of type-id " + typeName(data.type()),
                    "store fewer values of it per request");
                kind.valuesEnd();
            }
            checkBound(e.limit() - start, "store_request.store_data", "store fewer kinds or values per request");
            return e.storeDataEnd().finish();
        }
        if (body instanceof FetchRequest fetch)
        {
            return encodeFetchRequest(fetch.resource(), fetch.data());
        }
        if (body instanceof RemoveRequest remove)
        {
            return encodeFetchRequest(remove.resource(), remove.data());
        }
        if (body instanceof FindRequest find)
        {
            final List<Integer> types = find.types();
            if (types.size() > MAX_FIND_TYPES)
            {
                throw new TooLarge("find_request.ids<255> holds at most " + MAX_FIND_TYPES + " type-ids, got " +
                    types.size() + ": send several FINDs");
            }
            final FindRequestEncoder e = findRequestEncoder.wrap(payload, 0)
                .resource(find.resource().hi(), find.resource().lo()).idsBegin();
            for (int i = 0, size = types.size(); i < size; i++)
            {
                e.idsAdd(typeId(types.get(i)));
            }
            return e.idsEnd().finish();
        }
        if (body instanceof StoreAnswer answer)
        {
            return putGenerations(answer.generations(), 0);
        }
        if (body instanceof RemoveAnswer answer)
        {
            return putGenerations(answer.generations(), 0);
        }
        if (body instanceof FetchAnswer answer)
        {
            int at = 0;
            for (final FetchResponse response : answer.responses())
            {
                checkModels(response.type(), response.values());
                final FetchResponseEncoder e = fetchResponseEncoder.wrap(payload, at).type(typeId(response.type()))
                    .generation(response.generation());
                final int start = e.storedDataBegin();
                int end = start;
                for (final StoredData value : response.values())
                {
                    end += putStoredData(packedStoredDataEncoder.wrap(payload, end), value).finish();
                }
                checkBound(end - start, "fetch_response.stored_data of type-id " + typeName(response.type()),
                    "answer 500 or split the fetch (wire-format.md §4.4)");
                at += e.storedDataEnd(end).finish();
            }
            return at;
        }
        if (body instanceof FindAnswer answer)
        {
            int at = 0;
            for (final FindTypeData data : answer.answers())
            {
                at += findTypeDataEncoder.wrap(payload, at).type(typeId(data.type()))
                    .closestResource(data.closestResource().hi(), data.closestResource().lo()).finish();
            }
            return at;
        }

        final ErrorAnswer answer = (ErrorAnswer)body;
        final int reasonLength = answer.reason().getBytes(StandardCharsets.UTF_8).length;
        checkBound(reasonLength, "error_response.reason_phrase", "shorten the reason");
        final ErrorResponseEncoder e = errorResponseEncoder.wrap(payload, 0).reasonPhrase(answer.reason());
        final int start = e.errorInfoBegin();
        final int end = putGenerations(answer.generations(), start);
        checkBound(end - start, "error_response.error_info", "report fewer generations");
        return e.errorInfoEnd(end).finish();
    }

    private int encodeFetchRequest(final PeerId resource, final List<FetchTypeData> data)
    {
        final FetchRequestEncoder e = fetchRequestEncoder.wrap(payload, 0).resource(resource.hi(), resource.lo())
            .fetchDataBegin();
        final int start = e.limit();
        for (final FetchTypeData kind : data)
        {
            final FetchDataReferenceEncoder reference = e.fetchDataNext().type(typeId(kind.type()))
                .generation(kind.generation()).reference();
            final FetchDataReference wanted = kind.reference();
            if (wanted instanceof FetchDataReference.Array array)
            {
                reference.arrayModel().array().first(array.first()).last(array.last());
            }
            else if (wanted instanceof FetchDataReference.Dictionary dictionary)
            {
                final FetchDictionaryReferenceEncoder keys = reference.dictionaryModel().dictionary()
                    .dictionaryKeysBegin();
                final int keysStart = keys.limit();
                for (final Opaque key : dictionary.keys())
                {
                    checkBound(key.length(), "dictionary_key.key_value", "use a shorter key");
                    keys.dictionaryKeysNext().keyValue(key.toByteArray());
                }
                checkBound(keys.limit() - keysStart, "fetch_dictionary_reference.dictionary_keys of type-id " +
                    typeName(kind.type()), "ask for fewer keys per request");
                keys.dictionaryKeysEnd();
            }
            else
            {
                reference.singleValueModel();
            }
        }
        checkBound(e.limit() - start, "fetch_request.fetch_data", "ask for fewer kinds per request");
        return e.fetchDataEnd().finish();
    }

    /**
     * draft §5.2.1.2: store_type_response packed end to end from {@code at} in {@link #payload}.
     *
     * @return one past the last byte written.
     */
    private int putGenerations(final List<StoreTypeResponse> generations, final int at)
    {
        int end = at;
        for (final StoreTypeResponse generation : generations)
        {
            end += storeTypeResponseEncoder.wrap(payload, end).type(typeId(generation.type()))
                .generation(generation.generation()).finish();
        }
        return end;
    }

    /**
     * draft §5.2.1.1: the fields of one stored_data; the data-value holds the entry of the value's data model, and
     * a nonexistent value is written with no value, no signature and times of 0 (wire-format.md §4.7).
     */
    private StoredDataEncoder putStoredData(final StoredDataEncoder e, final StoredData data)
    {
        final StoredValue value = data.value();
        final boolean exists = value.exists();
        checkBound(value.value().length(), "the value of a " + data.model().label() + " entry",
            "store a shorter value");
        e.storageTime(exists ? value.storageTime() : 0).lifetime(exists ? value.lifetime() : 0);
        final MutableDirectBuffer buffer = e.buffer();
        final int at = e.dataValueBegin();
        final int length;
        if (data instanceof ArrayEntry entry)
        {
            length = arrayEntryEncoder.wrap(buffer, at).index(entry.index()).value(value.value().toByteArray())
                .finish();
        }
        else if (data instanceof DictionaryEntry entry)
        {
            checkBound(entry.key().length(), "dictionary_entry.key", "use a shorter key");
            length = dictionaryEntryEncoder.wrap(buffer, at).key(entry.key().toByteArray())
                .value(value.value().toByteArray()).finish();
        }
        else
        {
            length = singleValueEntryEncoder.wrap(buffer, at).value(value.value().toByteArray()).finish();
        }
        return e.dataValueEnd(at + length).signature(value.signature().toByteArray());
    }

    /**
     * The wire does not say a value's data model, its kind does: values written in another model would be read
     * as that one, or refused (wire-format.md §4.7).
     *
     * @return the kind's data model, or null when this peer does not know the kind.
     */
    private DataModel checkModels(final int type, final List<StoredData> values)
    {
        final DataModel model = models.apply(type);
        for (int i = 0, size = values.size(); i < size; i++)
        {
            final DataModel valueModel = values.get(i).model();
            final DataModel expected = null == model ? values.get(0).model() : model;
            if (valueModel != expected)
            {
                throw new IllegalArgumentException("value " + (i + 1) + " of type-id " + typeName(type) + " is a " +
                    valueModel.label() + " entry, but " + (null == model ? "value 1 is a " : "the kind takes ") +
                    expected.label() + " entries: the wire does not carry the data model (wire-format.md §4.7)");
            }
        }
        return model;
    }

    private static int typeId(final int type)
    {
        if (type < 0 || type > KindId.MAX_KIND_ID)
        {
            throw new IllegalArgumentException("type-id " + type + " does not fit the uint24 of draft §5.2.1.1");
        }
        return type;
    }

    private static void checkBound(final int length, final String field, final String advice)
    {
        if (length > MAX_VECTOR_LENGTH)
        {
            throw new TooLarge(field + " needs " + length + " bytes, over its bound of " + MAX_VECTOR_LENGTH +
                " (draft §5.2): " + advice);
        }
    }

    private static String typeName(final int type)
    {
        return "0x" + Integer.toHexString(type);
    }

    private static String describe(final Body body)
    {
        if (body instanceof ErrorAnswer answer)
        {
            return answer.code() + " response to " + MethodCode.name(answer.method());
        }
        return body.isResponse() ? "200 response to " + MethodCode.name(body.method()) :
            MethodCode.name(body.method()) + " request";
    }

    private <T> T malformed(final String reason)
    {
        status = Status.MALFORMED;
        error = reason;
        return null;
    }

    /**
     * Unwinds an encode whose message passes a bound of the wire, however deep the vector.
     */
    private static final class TooLarge extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        TooLarge(final String message)
        {
            super(message, null, false, false);
        }
    }
}
