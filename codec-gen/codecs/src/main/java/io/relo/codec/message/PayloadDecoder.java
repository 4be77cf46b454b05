package io.relo.codec.message;

import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.ConnectDataDecoder;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.FetchRequestDecoder;
import io.relo.codec.FetchResponseDecoder;
import io.relo.codec.FindRequestDecoder;
import io.relo.codec.FindTypeDataDecoder;
import io.relo.codec.JoinRequestDecoder;
import io.relo.codec.KindId;
import io.relo.codec.LeaveRequestDecoder;
import io.relo.codec.MethodCode;
import io.relo.codec.PingRequestDecoder;
import io.relo.codec.PingResponseDecoder;
import io.relo.codec.ResponseCode;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoreTypeResponseDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.TunnelDataDecoder;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.Decoder;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.codec.runtime.Printing;
import org.agrona.DirectBuffer;

/**
 * Flyweight that validates the payload of a message with the decoder its method and direction call for, and prints it.
 * <p>
 * Which structure a payload holds is decided in one place, {@link #payloadType(int, boolean, int)}. Responses whose
 * payload is a sequence "packed end to end" are walked element by element up to the end of the payload, so a short
 * last element is an error. Wrapping never allocates or throws; {@link #describeError()} and
 * {@link #appendTo(StringBuilder, String)} allocate and are for tools and logs.
 */
public final class PayloadDecoder
{
    /** The payload is well formed. */
    public static final int OK = 0;

    /** The payload's bytes do not decode as its structure; {@link #error()} says where. */
    public static final int MALFORMED = 1;

    /** The method (or, in a response, the method echoed in the reserved bits) is not one relo knows. */
    public static final int UNKNOWN_METHOD = 2;

    /** The payload must be empty for this method and direction, and it is not. */
    public static final int NOT_EMPTY = 3;

    // What a payload holds; see payloadType.
    private static final int EMPTY = 0;
    private static final int PING_REQUEST = 1;
    private static final int PING_RESPONSE = 2;
    private static final int CONNECT_DATA = 3;
    private static final int TUNNEL_DATA = 4;
    private static final int STORE_REQUEST = 5;
    private static final int STORE_TYPE_RESPONSES = 6;
    private static final int FETCH_REQUEST = 7;
    private static final int FETCH_RESPONSES = 8;
    private static final int FIND_REQUEST = 9;
    private static final int FIND_TYPE_DATA_LIST = 10;
    private static final int JOIN_REQUEST = 11;
    private static final int LEAVE_REQUEST = 12;
    private static final int CHORD_UPDATE = 13;
    private static final int ERROR_RESPONSE = 14;
    private static final int UNKNOWN = -1;

    private final DecodeError error;
    private final PingRequestDecoder pingRequest;
    private final PingResponseDecoder pingResponse;
    private final ConnectDataDecoder connectData;
    private final TunnelDataDecoder tunnelData;
    private final StoreRequestDecoder storeRequest;
    private final StoreTypeResponseDecoder storeTypeResponse;
    private final FetchRequestDecoder fetchRequest;
    private final FetchResponseDecoder fetchResponse;
    private final StoredDataDecoder storedData;
    private final FindRequestDecoder findRequest;
    private final FindTypeDataDecoder findTypeData;
    private final JoinRequestDecoder joinRequest;
    private final LeaveRequestDecoder leaveRequest;
    private final ChordUpdateDecoder chordUpdate;
    private final ErrorResponseDecoder errorResponse;
    private StoredDataPrinter storedDataPrinter;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int method;
    private boolean isResponse;
    private int responseCode;
    private int type = UNKNOWN;
    private int status = OK;
    private int elementCount;

    /**
     * A payload decoder with its own {@link DecodeError}.
     */
    public PayloadDecoder()
    {
        this(new DecodeError());
    }

    /**
     * @param error shared with the decoder of the enclosing message.
     */
    public PayloadDecoder(final DecodeError error)
    {
        this.error = error;
        pingRequest = new PingRequestDecoder(error);
        pingResponse = new PingResponseDecoder(error);
        connectData = new ConnectDataDecoder(error);
        tunnelData = new TunnelDataDecoder(error);
        storeRequest = new StoreRequestDecoder(error);
        storeTypeResponse = new StoreTypeResponseDecoder(error);
        fetchRequest = new FetchRequestDecoder(error);
        fetchResponse = new FetchResponseDecoder(error);
        storedData = new StoredDataDecoder(error);
        findRequest = new FindRequestDecoder(error);
        findTypeData = new FindTypeDataDecoder(error);
        joinRequest = new JoinRequestDecoder(error);
        leaveRequest = new LeaveRequestDecoder(error);
        chordUpdate = new ChordUpdateDecoder(error);
        errorResponse = new ErrorResponseDecoder(error);
    }

    /**
     * Validate the payload of a request.
     *
     * @param buffer holding the payload.
     * @param offset buffer index of its first byte.
     * @param length bytes in the payload.
     * @param method the request's {@link MethodCode}.
     * @return {@link #OK}, {@link #MALFORMED}, {@link #UNKNOWN_METHOD} or {@link #NOT_EMPTY}.
     */
    public int wrapRequest(final DirectBuffer buffer, final int offset, final int length, final int method)
    {
        return wrap(buffer, offset, length, method, false, 0);
    }

    /**
     * Validate the payload of a response.
     *
     * @param buffer       holding the payload.
     * @param offset       buffer index of its first byte.
     * @param length       bytes in the payload.
     * @param method       the {@link MethodCode} of the request answered.
     * @param responseCode the response's {@link ResponseCode}.
     * @return {@link #OK}, {@link #MALFORMED}, {@link #UNKNOWN_METHOD} or {@link #NOT_EMPTY}.
     */
    public int wrapResponse(
        final DirectBuffer buffer, final int offset, final int length, final int method, final int responseCode)
    {
        return wrap(buffer, offset, length, method, true, responseCode);
    }

    private int wrap(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int method,
        final boolean isResponse,
        final int responseCode)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.method = method;
        this.isResponse = isResponse;
        this.responseCode = responseCode;
        this.elementCount = 0;
        type = payloadType(method, isResponse, responseCode);
        status = validate(buffer, offset, offset + length);
        return status;
    }

    /**
     * Which structure the payload of a message holds, the one place that maps methods to payloads.
     *
     * @param method       the request's method, or in a response the method it answers.
     * @param isResponse   true for a response.
     * @param responseCode the response code, ignored for a request.
     * @return one of the private payload types, or {@link #UNKNOWN}.
     */
    private static int payloadType(final int method, final boolean isResponse, final int responseCode)
    {
        // draft §4.3: every response other than 200 carries an error_response, whatever the method.
        if (isResponse && responseCode != ResponseCode.OK)
        {
            return ERROR_RESPONSE;
        }
        switch (method)
        {
            case MethodCode.PING: // draft §5.1.1.1, §5.1.1.2
                return isResponse ? PING_RESPONSE : PING_REQUEST;
            case MethodCode.CONNECT: // draft §5.1.2.1: request and response carry the same structure
                return CONNECT_DATA;
            case MethodCode.TUNNEL: // draft §5.1.3.1; the response carries nothing
                return isResponse ? EMPTY : TUNNEL_DATA;
            case MethodCode.STORE: // draft §5.2.1.1, §5.2.1.2
                return isResponse ? STORE_TYPE_RESPONSES : STORE_REQUEST;
            case MethodCode.FETCH: // draft §5.2.2.1, §5.2.2.2
                return isResponse ? FETCH_RESPONSES : FETCH_REQUEST;
            case MethodCode.REMOVE: // draft §5.2.3: a fetch_request, answered like a STORE
                return isResponse ? STORE_TYPE_RESPONSES : FETCH_REQUEST;
            case MethodCode.FIND: // draft §5.2.4.1, §5.2.4.2
                return isResponse ? FIND_TYPE_DATA_LIST : FIND_REQUEST;
            case MethodCode.JOIN: // draft §5.3.1
                return isResponse ? EMPTY : JOIN_REQUEST;
            case MethodCode.LEAVE: // draft §5.3.2
                return isResponse ? EMPTY : LEAVE_REQUEST;
            case MethodCode.UPDATE: // draft §5.3.3 with the chord-128-2-8 payload of §7.5
                return isResponse ? EMPTY : CHORD_UPDATE;
            default:
                return UNKNOWN;
        }
    }

    private int validate(final DirectBuffer buffer, final int offset, final int end)
    {
        switch (type)
        {
            case EMPTY:
                return offset == end ? OK : NOT_EMPTY;
            case PING_REQUEST:
                return checked(pingRequest.wrapExactly(buffer, offset, end));
            case PING_RESPONSE:
                return checked(pingResponse.wrapExactly(buffer, offset, end));
            case CONNECT_DATA:
                return checked(connectData.wrapExactly(buffer, offset, end));
            case TUNNEL_DATA:
                return checked(tunnelData.wrapExactly(buffer, offset, end));
            case STORE_REQUEST:
                return checked(storeRequest.wrapExactly(buffer, offset, end));
            case STORE_TYPE_RESPONSES:
                return validateSequence(storeTypeResponse, buffer, offset, end);
            case FETCH_REQUEST:
                return checked(fetchRequest.wrapExactly(buffer, offset, end));
            case FETCH_RESPONSES:
                return validateFetchResponses(buffer, offset, end);
            case FIND_REQUEST:
                return checked(findRequest.wrapExactly(buffer, offset, end));
            case FIND_TYPE_DATA_LIST:
                return validateSequence(findTypeData, buffer, offset, end);
            case JOIN_REQUEST:
                return checked(joinRequest.wrapExactly(buffer, offset, end));
            case LEAVE_REQUEST:
                return checked(leaveRequest.wrapExactly(buffer, offset, end));
            case CHORD_UPDATE:
                return checked(chordUpdate.wrapExactly(buffer, offset, end));
            case ERROR_RESPONSE:
                return checked(errorResponse.wrapExactly(buffer, offset, end));
            default:
                return UNKNOWN_METHOD;
        }
    }

    private static int checked(final int wrapped)
    {
        return wrapped < 0 ? MALFORMED : OK;
    }

    private int validateSequence(final Decoder element, final DirectBuffer buffer, final int offset, final int end)
    {
        int count = 0;
        for (int position = offset; position < end; count++)
        {
            final int elementLength = element.wrap(buffer, position, end);
            if (elementLength < 0)
            {
                return MALFORMED;
            }
            position += elementLength;
        }
        elementCount = count;
        return OK;
    }

    private int validateFetchResponses(final DirectBuffer buffer, final int offset, final int end)
    {
        int count = 0;
        for (int position = offset; position < end; count++)
        {
            final int elementLength = fetchResponse.wrap(buffer, position, end);
            if (elementLength < 0)
            {
                return MALFORMED;
            }
            // relo: fetch_response.stored_data holds stored_data values end to end (wire-format.md)
            final int valuesOffset = fetchResponse.storedDataOffset();
            final int valuesEnd = valuesOffset + fetchResponse.storedDataLength();
            if (validateSequence(storedData, buffer, valuesOffset, valuesEnd) != OK)
            {
                return MALFORMED;
            }
            position += elementLength;
        }
        elementCount = count;
        return OK;
    }

    /**
     * @return the result of the last wrap.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the error shared with the enclosing message's decoder, set when {@link #status()} is {@link #MALFORMED}.
     */
    public DecodeError error()
    {
        return error;
    }

    /**
     * @return buffer index of the first byte of the payload last wrapped.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return bytes in the payload last wrapped.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the method of the request, or the one a response answers.
     */
    public int method()
    {
        return method;
    }

    /**
     * @return true when the payload last wrapped belongs to a response.
     */
    public boolean isResponse()
    {
        return isResponse;
    }

    /**
     * @return for a response payload that is a sequence packed end to end, its number of elements; else 0.
     */
    public int elementCount()
    {
        return elementCount;
    }

    /**
     * What the payload belongs to, such as "STORE request", "FETCH response" or "404 Not Found response to FETCH".
     *
     * @return the phrase; allocates.
     */
    public String describeMessage()
    {
        if (!isResponse)
        {
            return MethodCode.name(method) + " request";
        }
        if (responseCode != ResponseCode.OK)
        {
            return responseCode + " " + ResponseCode.reasonPhrase(responseCode) + " response to " +
                MethodCode.name(method);
        }
        return MethodCode.name(method) + " response";
    }

    /**
     * The schema name of the structure the payload holds, such as "store_request" or "store_type_response packed end
     * to end".
     *
     * @return the name, or "nothing" for an empty payload; allocates.
     */
    public String structureName()
    {
        switch (type)
        {
            case EMPTY:
                return "nothing";
            case PING_REQUEST:
                return PingRequestDecoder.NAME;
            case PING_RESPONSE:
                return PingResponseDecoder.NAME;
            case CONNECT_DATA:
                return ConnectDataDecoder.NAME;
            case TUNNEL_DATA:
                return TunnelDataDecoder.NAME;
            case STORE_REQUEST:
                return StoreRequestDecoder.NAME;
            case STORE_TYPE_RESPONSES:
                return StoreTypeResponseDecoder.NAME + " packed end to end";
            case FETCH_REQUEST:
                return FetchRequestDecoder.NAME;
            case FETCH_RESPONSES:
                return FetchResponseDecoder.NAME + " packed end to end";
            case FIND_REQUEST:
                return FindRequestDecoder.NAME;
            case FIND_TYPE_DATA_LIST:
                return FindTypeDataDecoder.NAME + " packed end to end";
            case JOIN_REQUEST:
                return JoinRequestDecoder.NAME;
            case LEAVE_REQUEST:
                return LeaveRequestDecoder.NAME;
            case CHORD_UPDATE:
                return ChordUpdateDecoder.NAME;
            case ERROR_RESPONSE:
                return ErrorResponseDecoder.NAME;
            default:
                return "unknown";
        }
    }

    /**
     * A sentence saying what is wrong with the payload last wrapped.
     *
     * @return the message, or "payload is well formed"; allocates.
     */
    public String describeError()
    {
        switch (status)
        {
            case OK:
                return "payload is well formed";
            case MALFORMED:
                return error.message();
            case UNKNOWN_METHOD:
                return isResponse ?
                    "the reserved field of a 200 response names method " + method + ", which is not one relo " +
                    "knows (" + MethodCode.PING + " PING to " + MethodCode.UPDATE + " UPDATE), so its payload " +
                    "cannot be decoded; a response echoes the method of the request it answers" :
                    "method " + method + " is not one relo knows (" + MethodCode.PING + " PING to " +
                    MethodCode.UPDATE + " UPDATE), so its payload cannot be decoded";
            case NOT_EMPTY:
                return MethodCode.name(method) + (isResponse ? " responses" : " requests") +
                    " carry no payload, but this one has " + length +
                    (length == 1 ? " byte" : " bytes") + " at byte " + offset;
            default:
                return "unknown payload status " + status;
        }
    }

    /**
     * Print the payload last wrapped successfully: the generated decoders' printers, with the data values of stored
     * data decoded by their kind's data model.
     *
     * @param sb     to append to.
     * @param indent before each line.
     * @return sb; allocates.
     */
    public StringBuilder appendTo(final StringBuilder sb, final String indent)
    {
        if (status != OK)
        {
            return sb.append(indent).append("(not decoded: ").append(describeError()).append(")\n");
        }
        final int end = offset + length;
        switch (type)
        {
            case EMPTY:
                return sb.append(indent).append("(empty)\n");
            case PING_REQUEST:
                return pingRequest.appendTo(sb.append(indent), indent + "  ");
            case PING_RESPONSE:
                return pingResponse.appendTo(sb.append(indent), indent + "  ");
            case CONNECT_DATA:
                return connectData.appendTo(sb.append(indent), indent + "  ");
            case TUNNEL_DATA:
                return tunnelData.appendTo(sb.append(indent), indent + "  ");
            case STORE_REQUEST:
                return appendStoreRequest(sb, indent);
            case STORE_TYPE_RESPONSES:
                return appendStoreTypeResponses(sb, indent, end);
            case FETCH_REQUEST:
                return fetchRequest.appendTo(sb.append(indent), indent + "  ");
            case FETCH_RESPONSES:
                return appendFetchResponses(sb, indent, end);
            case FIND_REQUEST:
                return findRequest.appendTo(sb.append(indent), indent + "  ");
            case FIND_TYPE_DATA_LIST:
                return appendFindTypeData(sb, indent, end);
            case JOIN_REQUEST:
                return joinRequest.appendTo(sb.append(indent), indent + "  ");
            case LEAVE_REQUEST:
                return leaveRequest.appendTo(sb.append(indent), indent + "  ");
            case CHORD_UPDATE:
                return chordUpdate.appendTo(sb.append(indent), indent + "  ");
            case ERROR_RESPONSE:
                return errorResponse.appendTo(sb.append(indent), indent + "  ");
            default:
                return sb;
        }
    }

    private StringBuilder appendStoreTypeResponses(final StringBuilder sb, final String indent, final int end)
    {
        int index = 0;
        for (int position = offset; position < end; index++)
        {
            position += storeTypeResponse.wrap(buffer, position, end);
            final String inner = indent + "    ";
            final int kind = storeTypeResponse.type();
            sb.append(indent).append('[').append(index).append("] ").append(StoreTypeResponseDecoder.NAME).append('\n');
            sb.append(inner).append("type: ").append(kind).append(" (").append(KindId.name(kind)).append(")\n");
            sb.append(inner).append("generation: ").append(Long.toUnsignedString(storeTypeResponse.generation()))
                .append('\n');
        }
        return sb;
    }

    private StringBuilder appendFindTypeData(final StringBuilder sb, final String indent, final int end)
    {
        int index = 0;
        for (int position = offset; position < end; index++)
        {
            position += findTypeData.wrap(buffer, position, end);
            final String inner = indent + "    ";
            final int kind = findTypeData.type();
            sb.append(indent).append('[').append(index).append("] ").append(FindTypeDataDecoder.NAME).append('\n');
            sb.append(inner).append("type: ").append(kind).append(" (").append(KindId.name(kind)).append(")\n");
            sb.append(inner).append("closest_resource: ");
            Printing.appendId(sb, findTypeData.closestResourceHi(), findTypeData.closestResourceLo()).append('\n');
        }
        return sb;
    }

    private StringBuilder appendStoreRequest(final StringBuilder sb, final String indent)
    {
        final StoredDataPrinter printer = storedDataPrinter();
        sb.append(indent).append(StoreRequestDecoder.NAME).append('\n');
        sb.append(indent).append("  resource: ");
        Printing.appendId(sb, storeRequest.resourceHi(), storeRequest.resourceLo()).append('\n');
        sb.append(indent).append("  store_data: ").append(storeRequest.storeDataCount()).append(" of ")
            .append(StoreTypeDataDecoder.NAME).append(", ").append(storeRequest.storeDataLength()).append(" bytes\n");
        final DecoderCursor<StoreTypeDataDecoder> typeData = storeRequest.storeData();
        int index = 0;
        while (typeData.hasNext())
        {
            final StoreTypeDataDecoder data = typeData.next();
            final String inner = indent + "      ";
            sb.append(indent).append("    [").append(index++).append("] ").append(StoreTypeDataDecoder.NAME)
                .append('\n');
            sb.append(inner).append("type: ").append(data.type()).append(" (").append(KindId.name(data.type()))
                .append(")\n");
            sb.append(inner).append("generation: ").append(Long.toUnsignedString(data.generation())).append('\n');
            sb.append(inner).append("values: ").append(data.valuesCount()).append(" of ")
                .append(StoredDataDecoder.NAME).append(", ").append(data.valuesLength()).append(" bytes\n");
            final DecoderCursor<StoredDataDecoder> values = data.values();
            int valueIndex = 0;
            while (values.hasNext())
            {
                sb.append(inner).append("  [").append(valueIndex++).append("] ");
                printer.appendTo(sb, inner + "      ", values.next(), data.type());
            }
        }
        return sb;
    }

    private StringBuilder appendFetchResponses(final StringBuilder sb, final String indent, final int end)
    {
        final StoredDataPrinter printer = storedDataPrinter();
        int index = 0;
        for (int position = offset; position < end; index++)
        {
            position += fetchResponse.wrap(buffer, position, end);
            final String inner = indent + "    ";
            final int kind = fetchResponse.type();
            sb.append(indent).append('[').append(index).append("] ").append(FetchResponseDecoder.NAME).append('\n');
            sb.append(inner).append("type: ").append(kind).append(" (").append(KindId.name(kind)).append(")\n");
            sb.append(inner).append("generation: ").append(Long.toUnsignedString(fetchResponse.generation()))
                .append('\n');
            final int valuesOffset = fetchResponse.storedDataOffset();
            final int valuesEnd = valuesOffset + fetchResponse.storedDataLength();
            int count = 0;
            for (int at = valuesOffset; at < valuesEnd; count++)
            {
                at += storedData.wrap(buffer, at, valuesEnd);
            }
            sb.append(inner).append("stored_data: ").append(count).append(" of ").append(StoredDataDecoder.NAME)
                .append(" packed end to end, ").append(fetchResponse.storedDataLength()).append(" bytes\n");
            int valueIndex = 0;
            for (int at = valuesOffset; at < valuesEnd; valueIndex++)
            {
                at += storedData.wrap(buffer, at, valuesEnd);
                sb.append(inner).append("  [").append(valueIndex).append("] ");
                printer.appendTo(sb, inner + "      ", storedData, kind);
            }
        }
        return sb;
    }

    private StoredDataPrinter storedDataPrinter()
    {
        if (null == storedDataPrinter)
        {
            storedDataPrinter = new StoredDataPrinter();
        }
        return storedDataPrinter;
    }
}
