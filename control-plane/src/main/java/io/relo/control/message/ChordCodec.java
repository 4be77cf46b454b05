package io.relo.control.message;

import io.relo.codec.CandidateDecoder;
import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.ChordUpdateEncoder;
import io.relo.codec.ConnectDataDecoder;
import io.relo.codec.ConnectDataEncoder;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.ErrorResponseEncoder;
import io.relo.codec.JoinRequestDecoder;
import io.relo.codec.JoinRequestEncoder;
import io.relo.codec.LeaveRequestDecoder;
import io.relo.codec.LeaveRequestEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.PingInfoDataDecoder;
import io.relo.codec.PingInfoDataEncoder;
import io.relo.codec.PingInfoSelectDecoder;
import io.relo.codec.PingInfoTypes;
import io.relo.codec.PingRequestDecoder;
import io.relo.codec.PingRequestEncoder;
import io.relo.codec.PingResponseDecoder;
import io.relo.codec.PingResponseEncoder;
import io.relo.codec.ResponseCode;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.message.MessageDecoder;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.control.chord.ChordMessage;
import io.relo.control.chord.ChordMessage.Body;
import io.relo.control.chord.ChordMessage.ErrorResponse;
import io.relo.control.chord.ChordMessage.JoinRequest;
import io.relo.control.chord.ChordMessage.JoinResponse;
import io.relo.control.chord.ChordMessage.LeaveRequest;
import io.relo.control.chord.ChordMessage.LeaveResponse;
import io.relo.control.chord.ChordMessage.PingRequest;
import io.relo.control.chord.ChordMessage.PingResponse;
import io.relo.control.chord.ChordMessage.UpdateRequest;
import io.relo.control.chord.ChordMessage.UpdateResponse;
import io.relo.fastpath.ring.PeerId;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_LIST_COUNT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.PEER_ID_LENGTH;
import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Maps {@link ChordMessage}s and {@link ConnectMessage}s to and from RELOAD frames: the forwarding header of draft
 * §4.1, the message contents of §4.2 and the payloads of PING (§5.1.1), CONNECT (§5.1.2), JOIN and LEAVE (§5.3),
 * UPDATE (chord_update, §7.5) and error responses (§4.3), as docs/wire-format.md §3 lays them out.
 * <p>
 * One per agent; not thread safe. Decoding never throws on what arrives from the network: it returns null and
 * leaves the reason in {@link #lastStatus()}, {@link #lastMethod()} and {@link #lastError()}. Encoding throws
 * {@link IllegalArgumentException} for a value the wire cannot carry (the generated encoders throw
 * {@link IllegalStateException} for a string or byte field over its bound). Both allocate: this is control-plane code.
 */
public final class ChordCodec
{
    /** Outcome of the last decode. */
    public enum Status
    {
        /** The frame was decoded into the value returned. */
        DECODED,

        /** The frame is not a whole, well-formed message; {@link #lastError()} says what is wrong and where. */
        MALFORMED,

        /**
         * The frame is well formed up to its method, which this decode does not handle; {@link #lastMethod()} names
         * it so that the caller can hand the frame to the handler of that method.
         */
        UNSUPPORTED_METHOD,

        /**
         * {@link #decodeConnect} was given an error response: those are decoded by {@link #decode}, whatever the
         * method they answer.
         */
        ERROR_RESPONSE
    }

    /** draft §7.5: {@code peer_id predecessors<255>} is 255 bytes, so it holds at most 15 peer-ids. */
    public static final int MAX_UPDATE_PEERS = 255 / PEER_ID_LENGTH;

    /** Method of a frame whose message contents did not decode. */
    public static final int NO_METHOD = -1;

    private static final byte[] EMPTY = new byte[0];

    private final MessageBuilder builder;
    private final MessageDecoder decoder = new MessageDecoder();
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(1024);
    private final long[] routeIds = new long[2 * MAX_LIST_COUNT];
    private final long[] viaIds = new long[2 * MAX_LIST_COUNT];

    private final PingRequestEncoder pingRequestEncoder = new PingRequestEncoder();
    private final PingResponseEncoder pingResponseEncoder = new PingResponseEncoder();
    private final JoinRequestEncoder joinRequestEncoder = new JoinRequestEncoder();
    private final LeaveRequestEncoder leaveRequestEncoder = new LeaveRequestEncoder();
    private final ChordUpdateEncoder chordUpdateEncoder = new ChordUpdateEncoder();
    private final ErrorResponseEncoder errorResponseEncoder = new ErrorResponseEncoder();
    private final ConnectDataEncoder connectDataEncoder = new ConnectDataEncoder();

    private final PingRequestDecoder pingRequestDecoder = new PingRequestDecoder();
    private final PingResponseDecoder pingResponseDecoder = new PingResponseDecoder();
    private final JoinRequestDecoder joinRequestDecoder = new JoinRequestDecoder();
    private final LeaveRequestDecoder leaveRequestDecoder = new LeaveRequestDecoder();
    private final ChordUpdateDecoder chordUpdateDecoder = new ChordUpdateDecoder();
    private final ErrorResponseDecoder errorResponseDecoder = new ErrorResponseDecoder();
    private final ConnectDataDecoder connectDataDecoder = new ConnectDataDecoder();

    private Status status = Status.MALFORMED;
    private int method = NO_METHOD;
    private String error = "nothing decoded yet";

    /**
     * @param overlayHash CRC-32 of the overlay name (draft §4.1), written into every frame encoded.
     */
    public ChordCodec(final int overlayHash)
    {
        builder = new MessageBuilder(overlayHash);
    }

    /**
     * Encode a message with its route list, via list, TTL and transaction id as they are: a request this peer
     * originates (via list empty), or a response whose route is {@link ChordMessage#reversed(List)} of the request's
     * via list (draft §4.1.2.2).
     *
     * @param message to encode.
     * @param out     buffer to write the frame into, with room for it.
     * @param offset  where the frame starts.
     * @return the frame's length.
     * @throws IllegalArgumentException when a list or value does not fit its field.
     */
    public int encode(final ChordMessage message, final MutableDirectBuffer out, final int offset)
    {
        final Body body = message.body();
        final int payloadLength = encodePayload(body);
        return builder.message(out, offset, message.ttl(), message.transactionId(),
            ids(message.route(), routeIds, "route list"), message.route().size(),
            ids(message.via(), viaIds, "via list"), message.via().size(),
            method(body), responseCode(body), payload, 0, payloadLength);
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
     *         Requests and 200 responses decode for PING, JOIN, LEAVE and UPDATE; error responses decode whatever
     *         method they answer (draft §4.3 gives them all one payload), as an {@link ErrorResponse} naming it.
     */
    public ChordMessage decode(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo)
    {
        if (!wrap(buffer, offset, length))
        {
            return null;
        }

        final Body body;
        if (isErrorResponse())
        {
            body = decodeError();
        }
        else if (MethodCode.PING == method || MethodCode.JOIN == method || MethodCode.LEAVE == method ||
            MethodCode.UPDATE == method)
        {
            body = decoder.isResponse() ? okResponse() : decodeRequest();
        }
        else
        {
            return unsupported("a Chord maintenance message (PING, JOIN, LEAVE, UPDATE) or an error response");
        }
        if (null == body)
        {
            return null;
        }

        final ForwardingHeaderFlyweight header = decoder.header();
        return decoded(new ChordMessage(route(header), via(header, previousHi, previousLo), header.ttl(),
            header.transactionId(), body));
    }

    /**
     * Encode a CONNECT request or response from its value, with the route list, via list, TTL and transaction id it
     * holds.
     *
     * @param message to encode.
     * @param out     buffer to write the frame into, with room for it.
     * @param offset  where the frame starts.
     * @return the frame's length.
     * @throws IllegalArgumentException when a list or value does not fit its field.
     */
    public int encodeConnect(final ConnectMessage message, final MutableDirectBuffer out, final int offset)
    {
        final int payloadLength = encodeConnectData(message.offer());
        return builder.message(out, offset, message.ttl(), message.transactionId(),
            ids(message.route(), routeIds, "route list"), message.route().size(),
            ids(message.via(), viaIds, "via list"), message.via().size(),
            MethodCode.CONNECT, message.response() ? ResponseCode.OK : MessageBuilder.REQUEST,
            payload, 0, payloadLength);
    }

    /**
     * Answer a CONNECT request delivered to this peer with this peer's own offer: the response retraces the
     * request's via list and copies its route log (draft §4.1.2.2, §4.1.4, {@link MessageBuilder#response}).
     *
     * @param request       buffer holding the delivered request frame.
     * @param requestOffset its first byte.
     * @param requestLength its length.
     * @param previousHi    high 64 bits of the peer the request came from, as the forwarder delivered it.
     * @param previousLo    low 64 bits of that peer.
     * @param answer        this peer's connect_data.
     * @param out           buffer to write the response into; not the request's bytes.
     * @param offset        where the response starts.
     * @return the response's length.
     * @throws IllegalArgumentException when the request is not a well-formed CONNECT request.
     */
    public int encodeConnectResponse(
        final DirectBuffer request,
        final int requestOffset,
        final int requestLength,
        final long previousHi,
        final long previousLo,
        final ConnectOffer answer,
        final MutableDirectBuffer out,
        final int offset)
    {
        if (MessageDecoder.OK != decoder.wrap(request, requestOffset, requestLength) || decoder.isResponse() ||
            MethodCode.CONNECT != decoder.method())
        {
            throw new IllegalArgumentException("a CONNECT response answers a well-formed CONNECT request, but the " +
                "frame given is " + (MessageDecoder.OK == decoder.status() ?
                decoder.payload().describeMessage() : "malformed: " + decoder.describeError()));
        }
        final int payloadLength = encodeConnectData(answer);
        return builder.response(out, offset, decoder.header(), previousHi, previousLo, MethodCode.CONNECT,
            ResponseCode.OK, payload, 0, payloadLength);
    }

    /**
     * Decode a CONNECT request or 200 response the forwarder delivered to this peer.
     *
     * @param buffer     holding the frame.
     * @param offset     its first byte.
     * @param length     its length.
     * @param previousHi high 64 bits of the peer it came from; (0, 0) for a frame this peer originated.
     * @param previousLo low 64 bits of that peer.
     * @return the message, with the previous hop appended to the via list; or null, see {@link #lastStatus()}.
     */
    public ConnectMessage decodeConnect(
        final DirectBuffer buffer, final int offset, final int length, final long previousHi, final long previousLo)
    {
        if (!wrap(buffer, offset, length))
        {
            return null;
        }
        if (isErrorResponse())
        {
            status = Status.ERROR_RESPONSE;
            error = decoder.payload().describeMessage() + ": decode it with decode(), which handles every error " +
                "response";
            return null;
        }
        if (MethodCode.CONNECT != method)
        {
            return unsupported("a CONNECT request or response");
        }
        if (MessageDecoder.OK != decoder.status())
        {
            return malformed(decoder.describeError());
        }

        final int payloadOffset = decoder.payloadOffset();
        if (connectDataDecoder.wrapExactly(buffer, payloadOffset, payloadOffset + decoder.payloadLength()) < 0)
        {
            return malformed("payload of CONNECT: " + connectDataDecoder.error().message());
        }
        final ConnectDataDecoder data = connectDataDecoder;
        final List<ConnectOffer.Candidate> candidates = new ArrayList<>(data.candidateListCount());
        final DecoderCursor<CandidateDecoder> cursor = data.candidateList();
        final StringBuilder reason = new StringBuilder();
        while (cursor.hasNext())
        {
            final ConnectOffer.Candidate candidate =
                ConnectOffer.Candidate.parse(cursor.next().candidateString(), reason);
            if (null == candidate)
            {
                return malformed("payload of CONNECT: candidate " + (candidates.size() + 1) + " of " +
                    data.candidateListCount() + ": " + reason);
            }
            candidates.add(candidate);
        }
        final ConnectOffer offer = new ConnectOffer(
            data.ufrag(), data.password(), data.application(), data.fingerprint(), data.role(), candidates);

        final ForwardingHeaderFlyweight header = decoder.header();
        return decoded(new ConnectMessage(route(header), via(header, previousHi, previousLo), header.ttl(),
            header.transactionId(), decoder.isResponse(), offer));
    }

    /**
     * draft §4.3: the error_info of a 302 is the peer-id to retry at.
     *
     * @param target the peer the request should be redirected to.
     * @return its 16 bytes, most significant first.
     */
    public static byte[] redirectInfo(final PeerId target)
    {
        final byte[] info = new byte[PEER_ID_LENGTH];
        final UnsafeBuffer buffer = new UnsafeBuffer(info);
        buffer.putLong(0, target.hi(), BIG_ENDIAN);
        buffer.putLong(8, target.lo(), BIG_ENDIAN);
        return info;
    }

    /**
     * draft §4.3: the peer a 302 redirects to.
     *
     * @param response an error response.
     * @return the peer-id in its error_info, or null when it is not a 302 carrying exactly 16 bytes.
     */
    public static PeerId redirectTarget(final ErrorResponse response)
    {
        final byte[] info = response.errorInfo();
        if (ResponseCode.MOVED_TEMPORARILY != response.code() || PEER_ID_LENGTH != info.length)
        {
            return null;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(info);
        return new PeerId(buffer.getLong(0, BIG_ENDIAN), buffer.getLong(8, BIG_ENDIAN));
    }

    /**
     * @return outcome of the last decode.
     */
    public Status lastStatus()
    {
        return status;
    }

    /**
     * @return the method of the last frame decoded, for a response the method it answers (docs/wire-format.md §3.2),
     *         or {@link #NO_METHOD} when its message contents did not decode.
     */
    public int lastMethod()
    {
        return method;
    }

    /**
     * @return what the last decode found wrong, such as "payload of UPDATE request: chord_update.predecessors: ...",
     *         or what it decoded.
     */
    public String lastError()
    {
        return error;
    }

    private boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        method = NO_METHOD;
        final int messageStatus = decoder.wrap(buffer, offset, length);
        switch (messageStatus)
        {
            case MessageDecoder.BAD_HEADER:
            case MessageDecoder.BAD_ROUTE_LOG:
            case MessageDecoder.BAD_CONTENTS:
                malformed(decoder.describeError());
                return false;
            case MessageDecoder.FRAGMENT:
                malformed("frame is a fragment of " + decoder.header().contentsLength() +
                    " bytes; reassemble the message before decoding it (draft §4.1.3)");
                return false;
            default:
                // the contents decoded, so the method is known even when the payload or signature is bad
                method = decoder.method();
                return true;
        }
    }

    private boolean isErrorResponse()
    {
        return decoder.isResponse() && ResponseCode.OK != decoder.code();
    }

    private Body decodeError()
    {
        if (MessageDecoder.OK != decoder.status())
        {
            return malformed(decoder.describeError());
        }
        final ErrorResponseDecoder e = errorResponseDecoder;
        final int payloadOffset = decoder.payloadOffset();
        if (e.wrapExactly(decoder.header().buffer(), payloadOffset, payloadOffset + decoder.payloadLength()) < 0)
        {
            return malformed("payload of an error response: " + e.error().message());
        }
        return new ErrorResponse(method, decoder.code(), e.reasonPhrase(), e.errorInfoBytes());
    }

    private Body okResponse()
    {
        if (MessageDecoder.OK != decoder.status())
        {
            return malformed(decoder.describeError());
        }
        switch (method)
        {
            case MethodCode.PING:
                return decodePingResponse();
            case MethodCode.JOIN:
                return new JoinResponse();
            case MethodCode.LEAVE:
                return new LeaveResponse();
            default:
                return new UpdateResponse();
        }
    }

    private Body decodeRequest()
    {
        if (MessageDecoder.OK != decoder.status())
        {
            return malformed(decoder.describeError());
        }
        final DirectBuffer buffer = decoder.header().buffer();
        final int offset = decoder.payloadOffset();
        final int limit = offset + decoder.payloadLength();
        switch (method)
        {
            case MethodCode.PING:
            {
                final PingRequestDecoder d = pingRequestDecoder;
                if (d.wrapExactly(buffer, offset, limit) < 0)
                {
                    return malformed("payload of PING request: " + d.error().message());
                }
                // draft §5.1.1.2: the responder answers what it recognizes, so unknown info types are not an error
                boolean responsibleSet = false;
                boolean numResources = false;
                for (int i = 0, count = d.pingInfoCount(); i < count; i++)
                {
                    responsibleSet |= PingInfoTypes.INFO_RESPONSIBLE_TYPE == d.pingInfo(i);
                    numResources |= PingInfoTypes.INFO_NUM_RESOURCES_TYPE == d.pingInfo(i);
                }
                return new PingRequest(responsibleSet, numResources);
            }
            case MethodCode.JOIN:
            {
                final JoinRequestDecoder d = joinRequestDecoder;
                if (d.wrapExactly(buffer, offset, limit) < 0)
                {
                    return malformed("payload of JOIN request: " + d.error().message());
                }
                // chord-128-2-8 defines no dht_specific_data (draft §7.4), so any is ignored
                return new JoinRequest(new PeerId(d.desiredPeerIdHi(), d.desiredPeerIdLo()));
            }
            case MethodCode.LEAVE:
            {
                final LeaveRequestDecoder d = leaveRequestDecoder;
                if (d.wrapExactly(buffer, offset, limit) < 0)
                {
                    return malformed("payload of LEAVE request: " + d.error().message());
                }
                return new LeaveRequest(new PeerId(d.leavingPeerIdHi(), d.leavingPeerIdLo()));
            }
            default:
            {
                final ChordUpdateDecoder d = chordUpdateDecoder;
                if (d.wrapExactly(buffer, offset, limit) < 0)
                {
                    return malformed("payload of UPDATE request: " + d.error().message());
                }
                final List<PeerId> predecessors = new ArrayList<>(d.predecessorsCount());
                for (int i = 0, count = d.predecessorsCount(); i < count; i++)
                {
                    predecessors.add(new PeerId(d.predecessorsHi(i), d.predecessorsLo(i)));
                }
                final List<PeerId> successors = new ArrayList<>(d.successorsCount());
                for (int i = 0, count = d.successorsCount(); i < count; i++)
                {
                    successors.add(new PeerId(d.successorsHi(i), d.successorsLo(i)));
                }
                return new UpdateRequest(predecessors, successors);
            }
        }
    }

    private Body decodePingResponse()
    {
        final PingResponseDecoder d = pingResponseDecoder;
        final int offset = decoder.payloadOffset();
        if (d.wrapExactly(decoder.header().buffer(), offset, offset + decoder.payloadLength()) < 0)
        {
            return malformed("payload of PING response: " + d.error().message());
        }
        long responsiblePpb = -1;
        long numResources = -1;
        final DecoderCursor<PingInfoDataDecoder> infos = d.infos();
        while (infos.hasNext())
        {
            // a repeated type keeps its first value: the responder answers each type it was asked once (§5.1.1.2)
            final PingInfoSelectDecoder info = infos.next().info();
            if (PingInfoTypes.INFO_RESPONSIBLE_TYPE == info.type() && responsiblePpb < 0)
            {
                responsiblePpb = info.responsiblePpb();
            }
            else if (PingInfoTypes.INFO_NUM_RESOURCES_TYPE == info.type() && numResources < 0)
            {
                numResources = info.numResources();
            }
        }
        return new PingResponse(d.responseId(), responsiblePpb, numResources);
    }

    /**
     * The method of a body: the request's, or the one a response answers.
     */
    private static int method(final Body body)
    {
        if (body instanceof PingRequest || body instanceof PingResponse)
        {
            return MethodCode.PING;
        }
        if (body instanceof JoinRequest || body instanceof JoinResponse)
        {
            return MethodCode.JOIN;
        }
        if (body instanceof LeaveRequest || body instanceof LeaveResponse)
        {
            return MethodCode.LEAVE;
        }
        if (body instanceof UpdateRequest || body instanceof UpdateResponse)
        {
            return MethodCode.UPDATE;
        }
        return ((ErrorResponse)body).method();
    }

    private static int responseCode(final Body body)
    {
        if (body instanceof ErrorResponse)
        {
            // draft §4.3: a 200 carries the method's own payload, so it cannot be sent as an error_response
            final int code = ((ErrorResponse)body).code();
            if (ResponseCode.OK == code)
            {
                throw new IllegalArgumentException("an ErrorResponse has a code other than 200 (draft §4.3)");
            }
            return code;
        }
        return body.isResponse() ? ResponseCode.OK : MessageBuilder.REQUEST;
    }

    /**
     * Write the payload of a body into {@link #payload}, the one place that maps bodies to payloads
     * (docs/wire-format.md §3.4).
     *
     * @return its length.
     */
    private int encodePayload(final Body body)
    {
        if (body instanceof PingRequest)
        {
            // draft §5.1.1.1: RESPONSIBLE-SET 0x01, NUM-RESOURCES 0x02
            final PingRequest ping = (PingRequest)body;
            final PingRequestEncoder e = pingRequestEncoder.wrap(payload, 0).pingInfoBegin();
            if (ping.responsibleSet())
            {
                e.pingInfoAdd(PingInfoTypes.INFO_RESPONSIBLE_TYPE);
            }
            if (ping.numResources())
            {
                e.pingInfoAdd(PingInfoTypes.INFO_NUM_RESOURCES_TYPE);
            }
            return e.pingInfoEnd().finish();
        }
        if (body instanceof PingResponse)
        {
            // draft §5.1.1.2: one ping_info_data per value answered; -1 means not asked
            final PingResponse ping = (PingResponse)body;
            final PingResponseEncoder e = pingResponseEncoder.wrap(payload, 0).responseId(ping.responseId())
                .infosBegin();
            if (ping.responsiblePpb() >= 0)
            {
                final PingInfoDataEncoder info = e.infosNext();
                info.info().infoResponsibleType().responsiblePpb(uint32("responsiblePpb", ping.responsiblePpb()));
            }
            if (ping.numResources() >= 0)
            {
                final PingInfoDataEncoder info = e.infosNext();
                info.info().infoNumResourcesType().numResources(uint32("numResources", ping.numResources()));
            }
            return e.infosEnd().finish();
        }
        if (body instanceof JoinRequest)
        {
            final PeerId joining = ((JoinRequest)body).joining();
            return joinRequestEncoder.wrap(payload, 0).desiredPeerId(joining.hi(), joining.lo()).dhtSpecificData(EMPTY)
                .finish();
        }
        if (body instanceof LeaveRequest)
        {
            final PeerId leaving = ((LeaveRequest)body).leaving();
            return leaveRequestEncoder.wrap(payload, 0).leavingPeerId(leaving.hi(), leaving.lo())
                .dhtSpecificData(EMPTY).finish();
        }
        if (body instanceof UpdateRequest)
        {
            final UpdateRequest update = (UpdateRequest)body;
            final List<PeerId> predecessors = checkUpdatePeers("predecessors", update.predecessors());
            final List<PeerId> successors = checkUpdatePeers("successors", update.successors());
            final ChordUpdateEncoder e = chordUpdateEncoder.wrap(payload, 0).predecessorsBegin();
            for (int i = 0, size = predecessors.size(); i < size; i++)
            {
                e.predecessorsAdd(predecessors.get(i).hi(), predecessors.get(i).lo());
            }
            e.predecessorsEnd().successorsBegin();
            for (int i = 0, size = successors.size(); i < size; i++)
            {
                e.successorsAdd(successors.get(i).hi(), successors.get(i).lo());
            }
            return e.successorsEnd().finish();
        }
        if (body instanceof ErrorResponse)
        {
            final ErrorResponse response = (ErrorResponse)body;
            return errorResponseEncoder.wrap(payload, 0).reasonPhrase(response.reason())
                .errorInfo(response.errorInfo()).finish();
        }
        // draft §5.3: JOIN, LEAVE and UPDATE answer success with nothing
        return 0;
    }

    private int encodeConnectData(final ConnectOffer offer)
    {
        final ConnectDataEncoder e = connectDataEncoder.wrap(payload, 0).ufrag(offer.ufrag())
            .password(offer.password()).application(offer.application()).fingerprint(offer.fingerprint())
            .role(offer.role()).candidateListBegin();
        final List<ConnectOffer.Candidate> candidates = offer.candidates();
        for (int i = 0, size = candidates.size(); i < size; i++)
        {
            e.candidateListNext().candidateString(candidates.get(i).toAttribute());
        }
        return e.candidateListEnd().finish();
    }

    private static List<PeerId> checkUpdatePeers(final String name, final List<PeerId> peers)
    {
        if (peers.size() > MAX_UPDATE_PEERS)
        {
            throw new IllegalArgumentException("an UPDATE carries at most " + MAX_UPDATE_PEERS + " " + name +
                ": chord_update." + name + "<255> counts bytes (draft §7.5, docs/wire-format.md §1.1), got " +
                peers.size());
        }
        return peers;
    }

    private static long uint32(final String name, final long value)
    {
        if (value > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException(name + " " + value + " does not fit the uint32 of draft §5.1.1.2");
        }
        return value;
    }

    static long[] ids(final List<PeerId> list, final long[] ids, final String name)
    {
        final int size = list.size();
        if (size > MAX_LIST_COUNT)
        {
            throw new IllegalArgumentException("a " + name + " holds at most " + MAX_LIST_COUNT +
                " peer-ids (draft §4.1), got " + size);
        }
        for (int i = 0; i < size; i++)
        {
            final PeerId id = list.get(i);
            ids[2 * i] = id.hi();
            ids[2 * i + 1] = id.lo();
        }
        return ids;
    }

    static List<PeerId> route(final ForwardingHeaderFlyweight header)
    {
        final int count = header.routeListCount();
        final List<PeerId> route = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            route.add(new PeerId(header.routeIdHi(i), header.routeIdLo(i)));
        }
        return route;
    }

    /**
     * draft §4.1.2.3.3: the via list as the message would carry it had this peer forwarded it, the previous hop last,
     * so that its first entry is the originator and reversing it routes the response.
     */
    static List<PeerId> via(final ForwardingHeaderFlyweight header, final long previousHi, final long previousLo)
    {
        final int count = header.viaListCount();
        final List<PeerId> via = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++)
        {
            via.add(new PeerId(header.viaIdHi(i), header.viaIdLo(i)));
        }
        if (0 != previousHi || 0 != previousLo)
        {
            via.add(new PeerId(previousHi, previousLo));
        }
        return via;
    }

    private <T> T decoded(final T value)
    {
        status = Status.DECODED;
        error = "decoded " + (decoder.isResponse() ?
            decoder.code() + " response to " + MethodCode.name(method) : MethodCode.name(method) + " request");
        return value;
    }

    private <T> T malformed(final String reason)
    {
        status = Status.MALFORMED;
        error = reason;
        return null;
    }

    private <T> T unsupported(final String expected)
    {
        status = Status.UNSUPPORTED_METHOD;
        error = (decoder.isResponse() ? "response to " : "request of ") + MethodCode.name(method) + " is not " +
            expected + "; hand it to the handler of its method";
        return null;
    }
}
