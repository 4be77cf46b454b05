package io.relo.control.message;

import io.relo.codec.CommonHeader;
import io.relo.codec.ErrorResponseEncoder;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.ResponseCode;
import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the frames this peer originates: requests routed by a route list (draft §4.1.2.1) and responses routed back
 * along the request's via list (draft §4.1.2.2), with the route log copied when asked for (draft §4.1.4) and error
 * responses (draft §4.3). Messages are unsigned here; signing belongs to the security layer.
 */
public final class MessageBuilder
{
    /** docs/wire-format.md §2.6: the TTL a request starts with; the draft leaves it "TBD". */
    public static final int INITIAL_TTL = 100;

    /** The response code {@link #message} takes for a request, which has none. */
    public static final int REQUEST = -1;

    private static final long[] NO_IDS = new long[0];

    private final int overlayHash;
    private final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder();
    private final MessageContentsEncoder contents = new MessageContentsEncoder();
    private final ErrorResponseEncoder error = new ErrorResponseEncoder();
    private final long[] ids = new long[2 * 256];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[65_536]);

    /**
     * @param overlayHash CRC-32 of the overlay name (draft §4.1).
     */
    public MessageBuilder(final int overlayHash)
    {
        this.overlayHash = overlayHash;
    }

    /**
     * A request towards the ids of a route list: usually one peer-id or resource-id, several for source routing.
     *
     * @param out           buffer to write the frame into.
     * @param offset        where the frame starts.
     * @param transactionId unique per request; retransmissions reuse it (draft §4.4).
     * @param method        a {@link io.relo.codec.MethodCode}.
     * @param routeHi       high 64 bits of each route list id.
     * @param routeLo       low 64 bits of each route list id.
     * @param routeCount    number of ids, 1 to 255.
     * @param payload       the method's payload.
     * @param payloadOffset its first byte.
     * @param payloadLength its length.
     * @return the frame's length.
     */
    public int request(
        final MutableDirectBuffer out,
        final int offset,
        final long transactionId,
        final int method,
        final long[] routeHi,
        final long[] routeLo,
        final int routeCount,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        for (int i = 0; i < routeCount; i++)
        {
            ids[2 * i] = routeHi[i];
            ids[2 * i + 1] = routeLo[i];
        }
        return message(out, offset, INITIAL_TTL, transactionId, ids, routeCount, NO_IDS, 0, method, REQUEST,
            payload, payloadOffset, payloadLength);
    }

    /**
     * A message with every header field given: for a peer that sends a message it holds as a value, such as a
     * {@code ChordMessage}, whose route list, via list and TTL are already decided.
     *
     * @param out           buffer to write the frame into.
     * @param offset        where the frame starts.
     * @param ttl           0 to 255.
     * @param transactionId of the request, or of the request a response answers (draft §4.1).
     * @param routeIds      route list ids as (hi, lo) pairs: {@code routeIds[2 * i]} is the high half of entry i.
     * @param routeCount    number of route list ids, 0 to 255.
     * @param viaIds        via list ids as (hi, lo) pairs, oldest first.
     * @param viaCount      number of via list ids, 0 to 255.
     * @param method        a {@link io.relo.codec.MethodCode}: the request's, or the one a response answers.
     * @param responseCode  {@link #REQUEST} for a request, else 200 or an error code of draft §4.3.
     * @param payload       the method's payload.
     * @param payloadOffset its first byte.
     * @param payloadLength its length.
     * @return the frame's length.
     */
    public int message(
        final MutableDirectBuffer out,
        final int offset,
        final int ttl,
        final long transactionId,
        final long[] routeIds,
        final int routeCount,
        final long[] viaIds,
        final int viaCount,
        final int method,
        final int responseCode,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        header(out, offset, ttl, transactionId, routeIds, routeCount).viaList(viaIds, viaCount);
        final int contentsLength = contents(out, header.contentsOffset(), method, responseCode,
            payload, payloadOffset, payloadLength);
        return header.finish(contentsLength);
    }

    /**
     * A response to a request delivered to this peer. draft §4.1.2.2: its route list is the request's via list
     * reversed, with the previous hop (from which this peer received the request) in front, so the response
     * retraces the request's path; the transaction id is the request's (draft §4.1). When the request asked for a
     * route log, the log is copied into the response with the flag set (draft §4.1.4). The reserved bits name the
     * method answered (docs/wire-format.md §3.2).
     *
     * @param out           buffer to write the frame into.
     * @param offset        where the frame starts.
     * @param request       the delivered request's header, validated.
     * @param previousHi    high 64 bits of the previous hop, as the forwarder delivered it; (0, 0) for a request this
     *                      peer sent itself, which has no previous hop.
     * @param previousLo    low 64 bits of the previous hop.
     * @param method        the method answered.
     * @param code          200 or an error code of draft §4.3.
     * @param payload       the response payload.
     * @param payloadOffset its first byte.
     * @param payloadLength its length.
     * @return the frame's length.
     */
    public int response(
        final MutableDirectBuffer out,
        final int offset,
        final ForwardingHeaderFlyweight request,
        final long previousHi,
        final long previousLo,
        final int method,
        final int code,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int via = request.viaListCount();
        int count = 0;
        if (previousHi != 0 || previousLo != 0)
        {
            ids[0] = previousHi;
            ids[1] = previousLo;
            count = 1;
        }
        for (int i = via - 1; i >= 0; i--)
        {
            ids[2 * count] = request.viaIdHi(i);
            ids[2 * count + 1] = request.viaIdLo(i);
            count++;
        }
        header(out, offset, INITIAL_TTL, request.transactionId(), ids, count);
        if (request.routeLogFlag())
        {
            final int log = request.routeLogOffset() + 2;
            header.routeLog(request.buffer(), log, request.routeLogLength() - 2);
        }
        final int contentsLength = contents(out, header.contentsOffset(), method, code,
            payload, payloadOffset, payloadLength);
        return header.finish(contentsLength);
    }

    /**
     * An error response (draft §4.3) with the code's reason phrase.
     *
     * @param out        buffer to write the frame into.
     * @param offset     where the frame starts.
     * @param request    the delivered request's header, validated.
     * @param previousHi high 64 bits of the previous hop.
     * @param previousLo low 64 bits of the previous hop.
     * @param method     the method answered.
     * @param code       a {@link ResponseCode} other than 200.
     * @param errorInfo  draft §4.3: empty except for 302, where it is the peer-id to redirect to.
     * @return the frame's length.
     */
    public int errorResponse(
        final MutableDirectBuffer out,
        final int offset,
        final ForwardingHeaderFlyweight request,
        final long previousHi,
        final long previousLo,
        final int method,
        final int code,
        final byte[] errorInfo)
    {
        final int length = error.wrap(scratch, 0).reasonPhrase(ResponseCode.reasonPhrase(code)).errorInfo(errorInfo)
            .finish();
        return response(out, offset, request, previousHi, previousLo, method, code, scratch, 0, length);
    }

    private ForwardingHeaderEncoder header(
        final MutableDirectBuffer out,
        final int offset,
        final int ttl,
        final long transactionId,
        final long[] routeIds,
        final int routeCount)
    {
        return header.wrap(out, offset).overlay(overlayHash).ttl(ttl).routing(Routing.RECURSIVE)
            .transactionId(transactionId).routeList(routeIds, routeCount);
    }

    private int contents(
        final MutableDirectBuffer out,
        final int at,
        final int method,
        final int responseCode,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        // docs/wire-format.md §3.2: a response echoes the method it answers in the reserved bits; a request has 0.
        final boolean isResponse = REQUEST != responseCode;
        final int codeWord = isResponse ? CommonHeader.responseWord(responseCode) : CommonHeader.requestWord(method);
        final int reserved = isResponse ? method : 0;
        if (isResponse && (method < 0 || method > 0xFFFF))
        {
            throw new IllegalArgumentException("method " + method + " does not fit the 16-bit reserved field");
        }
        return contents.wrap(out, at).code(codeWord).reserved(reserved).payload(payload, payloadOffset, payloadLength)
            .finish();
    }
}
