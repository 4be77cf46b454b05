package io.relo.codec.message;

import io.relo.codec.CommonHeader;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.RouteLogDecoder;
import io.relo.codec.RouteLogEntryDecoder;
import io.relo.codec.Routing;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.codec.runtime.Printing;
import org.agrona.DirectBuffer;

/**
 * Flyweight over one whole RELOAD frame that validates every part of it: the forwarding header (draft §4.1), the route
 * log when ROUTE-LOG is set (§4.1.4), the message contents (§4.2.1, §4.2.2), the payload its method calls for (§5),
 * and the signature that follows when bytes remain (§4.2.3).
 * <p>
 * Allocate one per agent and re-wrap it per frame. {@link #wrap(DirectBuffer, int, int)} never allocates and never
 * throws; the accessors are valid after it returns {@link #OK} (and, for the header and route log, {@link #FRAGMENT}).
 * Byte positions in error messages are buffer indices, which are frame offsets when the frame starts at index 0.
 * {@link #describeError()} and {@link #appendTo(StringBuilder)} allocate and are for tools and logs.
 */
public final class MessageDecoder
{
    /** The frame is a whole, well-formed message. */
    public static final int OK = 0;

    /** The header is well formed and FRAG is set: the contents are a piece of a message and are not decoded. */
    public static final int FRAGMENT = 1;

    /** The forwarding header is malformed; {@link #headerStatus()} holds the {@link FrameStatus}. */
    public static final int BAD_HEADER = 2;

    /** ROUTE-LOG is set and the route log's entries do not decode. */
    public static final int BAD_ROUTE_LOG = 3;

    /** The message contents after the header prefix do not decode. */
    public static final int BAD_CONTENTS = 4;

    /** The payload does not decode as the structure its method calls for; {@link #payload()} says why. */
    public static final int BAD_PAYLOAD = 5;

    /** Bytes follow the message contents and they are not exactly one signature. */
    public static final int BAD_SIGNATURE = 6;

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final DecodeError error = new DecodeError();
    private final RouteLogDecoder routeLog = new RouteLogDecoder(error);
    private final MessageContentsDecoder contents = new MessageContentsDecoder(error);
    private final SignatureDecoder signature = new SignatureDecoder(error);
    private final PayloadDecoder payload = new PayloadDecoder(error);

    private int status = BAD_HEADER;
    private int headerStatus = FrameStatus.BAD_WINDOW;
    private boolean hasSignature;

    /**
     * Wrap a datagram that should hold exactly one frame and validate all of it.
     *
     * @param buffer holding the datagram.
     * @param offset buffer index of its first byte.
     * @param length bytes in the datagram.
     * @return {@link #OK}, {@link #FRAGMENT}, or the first part found malformed: {@link #BAD_HEADER},
     *         {@link #BAD_ROUTE_LOG}, {@link #BAD_CONTENTS}, {@link #BAD_PAYLOAD} or {@link #BAD_SIGNATURE}.
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        hasSignature = false;
        error.reset();

        final ForwardingHeaderFlyweight header = this.header;
        header.wrap(buffer, offset, length);
        headerStatus = header.validate();
        if (headerStatus != FrameStatus.OK)
        {
            return status = BAD_HEADER;
        }

        if (header.routeLogFlag())
        {
            final int routeLogOffset = header.routeLogOffset();
            if (routeLog.wrapExactly(buffer, routeLogOffset, routeLogOffset + header.routeLogLength()) < 0)
            {
                return status = BAD_ROUTE_LOG;
            }
        }

        if (header.isFragment())
        {
            return status = FRAGMENT;
        }

        final int frameEnd = offset + length;
        final int contentsOffset = header.contentsOffset();
        final int contentsLength = contents.wrap(buffer, contentsOffset, frameEnd);
        if (contentsLength < 0)
        {
            return status = BAD_CONTENTS;
        }

        final int codeWord = contents.code();
        final int code = CommonHeader.code(codeWord);
        final int payloadOffset = contents.payloadOffset();
        final int payloadLength = contents.payloadLength();
        // a response's code is its response code; the method it answers is echoed in the reserved bits
        final int payloadStatus = CommonHeader.isResponse(codeWord) ?
            payload.wrapResponse(buffer, payloadOffset, payloadLength, contents.reserved(), code) :
            payload.wrapRequest(buffer, payloadOffset, payloadLength, code);
        if (payloadStatus != PayloadDecoder.OK)
        {
            return status = BAD_PAYLOAD;
        }

        // draft §4.2.3: a signature follows the contents; relo reads one iff bytes remain, and it must fill them.
        final int signatureOffset = contentsOffset + contentsLength;
        if (signatureOffset < frameEnd)
        {
            if (signature.wrapExactly(buffer, signatureOffset, frameEnd) < 0)
            {
                return status = BAD_SIGNATURE;
            }
            hasSignature = true;
        }

        return status = OK;
    }

    /**
     * @return the result of the last {@link #wrap(DirectBuffer, int, int)}.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the {@link FrameStatus} of the forwarding header, {@link FrameStatus#OK} unless status is
     *         {@link #BAD_HEADER}.
     */
    public int headerStatus()
    {
        return headerStatus;
    }

    /**
     * @return the error of the route log, contents, payload or signature decoders, which share it.
     */
    public DecodeError error()
    {
        return error;
    }

    /**
     * @return the forwarding header flyweight, wrapped over the frame.
     */
    public ForwardingHeaderFlyweight header()
    {
        return header;
    }

    /**
     * @return true when ROUTE-LOG is set and {@link #routeLog()} is wrapped over the route log.
     */
    public boolean hasRouteLog()
    {
        return header.routeLogFlag();
    }

    /**
     * @return the route log decoder; valid when {@link #hasRouteLog()}.
     */
    public RouteLogDecoder routeLog()
    {
        return routeLog;
    }

    /**
     * @return the message contents decoder.
     */
    public MessageContentsDecoder contents()
    {
        return contents;
    }

    /**
     * @return the payload decoder, wrapped over the contents' payload.
     */
    public PayloadDecoder payload()
    {
        return payload;
    }

    /**
     * @return true when a signature follows the message contents.
     */
    public boolean hasSignature()
    {
        return hasSignature;
    }

    /**
     * @return the signature decoder; valid when {@link #hasSignature()}.
     */
    public SignatureDecoder signature()
    {
        return signature;
    }

    /**
     * @return buffer index of the first payload byte.
     */
    public int payloadOffset()
    {
        return contents.payloadOffset();
    }

    /**
     * @return bytes of payload.
     */
    public int payloadLength()
    {
        return contents.payloadLength();
    }

    /**
     * @return true when the R/r bit of the code word is set.
     */
    public boolean isResponse()
    {
        return CommonHeader.isResponse(contents.code());
    }

    /**
     * @return the 15-bit code: a {@link MethodCode} in a request, a {@link ResponseCode} in a response.
     */
    public int code()
    {
        return CommonHeader.code(contents.code());
    }

    /**
     * @return the method of a request, or for a response the method it answers, echoed in the reserved bits.
     */
    public int method()
    {
        return isResponse() ? contents.reserved() : CommonHeader.code(contents.code());
    }

    /**
     * A sentence saying what is wrong with the frame and in which part, such as "payload of STORE request:
     * store_request.store_data: 70 bytes declared at byte 60 run past the end of the enclosing structure at byte 100".
     *
     * @return the message; allocates.
     */
    public String describeError()
    {
        switch (status)
        {
            case OK:
                return "frame of " + header.frameLength() + " bytes is a well-formed message";
            case FRAGMENT:
                return "frame of " + header.frameLength() + " bytes is a well-formed fragment";
            case BAD_HEADER:
                return FrameStatus.describe(headerStatus, header);
            case BAD_ROUTE_LOG:
                return "route log: " + error.message();
            case BAD_CONTENTS:
                return "message contents: " + error.message();
            case BAD_PAYLOAD:
                return payload.status() == PayloadDecoder.UNKNOWN_METHOD ?
                    "message contents: " + payload.describeError() :
                    "payload of " + payload.describeMessage() + ": " + payload.describeError();
            case BAD_SIGNATURE:
                return "signature after the message contents: " + error.message();
            default:
                return "unknown message status " + status;
        }
    }

    /**
     * Print every part of the frame last wrapped successfully, field by field.
     *
     * @param sb to append to.
     * @return sb; allocates.
     */
    public StringBuilder appendTo(final StringBuilder sb)
    {
        if (status != OK && status != FRAGMENT)
        {
            return sb.append("malformed frame: ").append(describeError()).append('\n');
        }
        appendHeader(sb);
        appendRouteLog(sb);
        if (status == FRAGMENT)
        {
            return sb.append("message contents: a fragment of ").append(header.contentsLength())
                .append(" bytes for reassembled byte offset ").append(header.fragmentByteOffset())
                .append("; reassemble the message to decode it (draft §4.1.3)\n");
        }
        appendContents(sb);
        appendSignature(sb);
        return sb;
    }

    private void appendHeader(final StringBuilder sb)
    {
        final ForwardingHeaderFlyweight header = this.header;
        final int frameOffset = header.offset();
        final int routeCount = header.routeListCount();
        final int viaCount = header.viaListCount();
        sb.append("forwarding header: ").append(header.prefixLength()).append(" bytes (")
            .append(ForwardingHeaderDescriptor.HEADER_LENGTH).append(" fixed + ")
            .append(routeCount * ForwardingHeaderDescriptor.PEER_ID_LENGTH).append(" route list + ")
            .append(viaCount * ForwardingHeaderDescriptor.PEER_ID_LENGTH).append(" via list + ")
            .append(header.routeLogLength()).append(" route log)\n");
        sb.append("  overlay: 0x").append(hex(header.overlay(), 8)).append('\n');
        sb.append("  ttl: ").append(header.ttl()).append('\n');
        sb.append("  routing: ").append(header.routing()).append(" (").append(Routing.name(header.routing()))
            .append(")\n");
        sb.append("  fragment: FRAG=").append(header.isFragment() ? 1 : 0)
            .append(" LFRG=").append(header.isLastFragment() ? 1 : 0)
            .append(" offset=").append(header.fragmentOffset());
        if (header.fragmentOffset() != 0)
        {
            sb.append(" (").append(header.fragmentByteOffset()).append(" bytes)");
        }
        sb.append('\n');
        sb.append("  version: ").append(header.version()).append(" EXP=").append(header.isExperimental() ? 1 : 0)
            .append('\n');
        sb.append("  length: ").append(header.length()).append('\n');
        sb.append("  transaction id: 0x").append(hex(header.transactionId(), 16)).append('\n');
        sb.append("  route list: ").append(routeCount).append(routeCount == 1 ? " id\n" : " ids\n");
        for (int i = 0; i < routeCount; i++)
        {
            sb.append("    [").append(i).append("] ");
            Printing.appendId(sb, header.routeIdHi(i), header.routeIdLo(i)).append('\n');
        }
        sb.append("  via list: ").append(viaCount).append(viaCount == 1 ? " id\n" : " ids\n");
        for (int i = 0; i < viaCount; i++)
        {
            sb.append("    [").append(i).append("] ");
            Printing.appendId(sb, header.viaIdHi(i), header.viaIdLo(i)).append('\n');
        }
        final int flags = header.flags();
        sb.append("  flags: 0x").append(hex(flags, 4));
        if (flags != 0)
        {
            sb.append(" (");
            if ((flags & ForwardingHeaderDescriptor.ROUTE_LOG_FLAG) != 0)
            {
                sb.append("ROUTE-LOG");
            }
            final int unknown = flags & ~ForwardingHeaderDescriptor.ROUTE_LOG_FLAG;
            if (unknown != 0)
            {
                sb.append((flags & ForwardingHeaderDescriptor.ROUTE_LOG_FLAG) != 0 ? ", " : "")
                    .append("unknown bits 0x").append(hex(unknown, 4));
            }
            sb.append(')');
        }
        sb.append('\n');
        sb.append("  (message contents start at byte ").append(header.contentsOffset() - frameOffset).append(")\n");
    }

    private void appendRouteLog(final StringBuilder sb)
    {
        if (!header.routeLogFlag())
        {
            return;
        }
        final int count = routeLog.entriesCount();
        sb.append("route log: ").append(count).append(count == 1 ? " entry, " : " entries, ")
            .append(routeLog.entriesLength()).append(" bytes\n");
        final DecoderCursor<RouteLogEntryDecoder> entries = routeLog.entries();
        int index = 0;
        while (entries.hasNext())
        {
            sb.append("  [").append(index++).append("] ");
            entries.next().appendTo(sb, "      ");
        }
    }

    private void appendContents(final StringBuilder sb)
    {
        final int code = code();
        final int method = method();
        sb.append("message contents: ").append(contents.encodedLength()).append(" bytes\n");
        if (isResponse())
        {
            sb.append("  response: ").append(code).append(' ').append(ResponseCode.reasonPhrase(code))
                .append(" to ").append(MethodCode.name(method)).append(" (method ").append(method)
                .append(" echoed in the reserved field)\n");
        }
        else
        {
            sb.append("  request: ").append(MethodCode.name(method)).append(" (method ").append(method).append(")\n");
            if (contents.reserved() != 0)
            {
                sb.append("  reserved: ").append(contents.reserved()).append(" (relo writes 0 in requests)\n");
            }
        }
        sb.append("  payload: ").append(payloadLength()).append(payloadLength() == 1 ? " byte, " : " bytes, ")
            .append(payload.structureName()).append('\n');
        payload.appendTo(sb, "    ");
    }

    private void appendSignature(final StringBuilder sb)
    {
        if (!hasSignature)
        {
            sb.append("signature: none\n");
            return;
        }
        sb.append("signature: ").append(signature.encodedLength()).append(" bytes\n");
        StoredDataPrinter.appendSignature(sb, "  ", signature);
    }

    private static String hex(final long value, final int digits)
    {
        final String hex = Long.toHexString(value);
        if (hex.length() >= digits)
        {
            return hex.substring(hex.length() - digits);
        }
        return "0".repeat(digits - hex.length()) + hex;
    }
}
