package io.relo.codec.header;

import static io.relo.codec.header.ForwardingHeaderDescriptor.HEADER_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAGIC;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_LIST_COUNT;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.MAX_ROUTE_LOG_ENTRIES_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.PEER_ID_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LIST_OFFSET;
import static io.relo.codec.header.ForwardingHeaderDescriptor.ROUTE_LOG_LENGTH_FIELD_LENGTH;
import static io.relo.codec.header.ForwardingHeaderDescriptor.VERSION_1;

/**
 * Result codes of {@link ForwardingHeaderFlyweight#validate()} and of its in-place rewrites, as plain ints so that the
 * forwarding path can count them in an array without allocating; {@link #describe(int, ForwardingHeaderFlyweight)}
 * turns one into a sentence for people.
 */
public final class FrameStatus
{
    /** The frame is well formed, or the rewrite was done. */
    public static final int OK = 0;

    /** The window given to {@code wrap} does not lie inside the buffer; nothing was read. */
    public static final int BAD_WINDOW = 1;

    /** The datagram is shorter than the fixed part of the forwarding header. */
    public static final int TOO_SHORT = 2;

    /** The first four bytes are not "RELO". */
    public static final int BAD_MAGIC = 3;

    /** The version is not 1 (the EXP bit is not looked at). */
    public static final int BAD_VERSION = 4;

    /** The Length field disagrees with the datagram, or is less than the fixed header. */
    public static final int BAD_LENGTH = 5;

    /** The route list runs past the end of the datagram. */
    public static final int ROUTE_LIST_OVERRUN = 6;

    /** The via list runs past the end of the datagram. */
    public static final int VIA_LIST_OVERRUN = 7;

    /** ROUTE-LOG is set and the route log's length prefix or entries run past the end of the datagram. */
    public static final int ROUTE_LOG_OVERRUN = 8;

    /** ROUTE-LOG is set and the route log's length prefix exceeds the draft's bound of 65000 bytes. */
    public static final int ROUTE_LOG_OVER_BOUND = 9;

    /** A rewrite needs to move the header prefix back further than the buffer has room before the frame. */
    public static final int NO_HEADROOM = 10;

    /** A rewrite needs a route list entry and the route list is empty. */
    public static final int ROUTE_LIST_EMPTY = 11;

    /** A rewrite would put a 256th peer-id on the via list, more than its uint8 count can say. */
    public static final int VIA_LIST_FULL = 12;

    /** A rewrite would make the message longer than its 24-bit Length can say. */
    public static final int MESSAGE_TOO_LONG = 13;

    /** A rewrite needs the route log and the ROUTE-LOG flag is clear. */
    public static final int NO_ROUTE_LOG = 14;

    /** A rewrite would make the route log longer than the draft's bound of 65000 bytes. */
    public static final int ROUTE_LOG_FULL = 15;

    /** Number of codes, for sizing arrays of counters indexed by status. */
    public static final int STATUS_COUNT = 16;

    private static final String[] NAMES =
    {
        "OK",
        "BAD_WINDOW",
        "TOO_SHORT",
        "BAD_MAGIC",
        "BAD_VERSION",
        "BAD_LENGTH",
        "ROUTE_LIST_OVERRUN",
        "VIA_LIST_OVERRUN",
        "ROUTE_LOG_OVERRUN",
        "ROUTE_LOG_OVER_BOUND",
        "NO_HEADROOM",
        "ROUTE_LIST_EMPTY",
        "VIA_LIST_FULL",
        "MESSAGE_TOO_LONG",
        "NO_ROUTE_LOG",
        "ROUTE_LOG_FULL",
    };

    private FrameStatus()
    {
    }

    /**
     * The constant's name, such as "BAD_MAGIC", for counter labels and logs.
     *
     * @param status a code of this class.
     * @return its name, or "status N" for a code this class does not define.
     */
    public static String name(final int status)
    {
        return status >= 0 && status < STATUS_COUNT ? NAMES[status] : "status " + status;
    }

    /**
     * A sentence a person can act on, saying what is wrong with the frame the header is wrapped over and where. It
     * reads only what the status says lies inside the frame, so it is safe on the header that produced the status.
     *
     * @param status returned by {@link ForwardingHeaderFlyweight#validate()} or a rewrite of {@code header}.
     * @param header the flyweight still wrapped over the frame.
     * @return the message; allocates, so keep it off the forwarding path.
     */
    public static String describe(final int status, final ForwardingHeaderFlyweight header)
    {
        final int length = header.frameLength();
        switch (status)
        {
            case OK:
                return "frame of " + length + " bytes is well formed";

            case BAD_WINDOW:
                return "window of " + length + " bytes at buffer index " + header.offset() +
                    " does not lie inside the buffer of " + header.buffer().capacity() + " bytes; pass the offset " +
                    "and length of the received datagram";

            case TOO_SHORT:
                return "datagram of " + length + " bytes is shorter than the " + HEADER_LENGTH +
                    "-byte forwarding header (draft §4.1)";

            case BAD_MAGIC:
                return "bad magic 0x" + hex8(header.magic()) + ", expected \"RELO\" (0x" + hex8(MAGIC) +
                    "); this datagram is not a RELOAD message";

            case BAD_VERSION:
                return "version " + header.version() + (header.isExperimental() ? " (EXP set)" : "") +
                    " is not supported; this peer speaks RELOAD version " + VERSION_1 + " (draft §4.1)";

            case BAD_LENGTH:
            {
                final int declared = header.length();
                if (declared < HEADER_LENGTH)
                {
                    return "Length field says " + declared + " bytes, less than the " + HEADER_LENGTH +
                        "-byte forwarding header it includes";
                }
                return "Length field says " + declared + " bytes but the datagram has " + length;
            }

            case ROUTE_LIST_OVERRUN:
            {
                final int count = header.routeListCount();
                return "route list (" + count + " ids) runs past the end of the datagram at byte " +
                    (ROUTE_LIST_OFFSET + count * PEER_ID_LENGTH) + " > " + length;
            }

            case VIA_LIST_OVERRUN:
            {
                final int count = header.viaListCount();
                final int start = ROUTE_LIST_OFFSET + header.routeListCount() * PEER_ID_LENGTH;
                return "via list (" + count + " ids) runs past the end of the datagram at byte " +
                    (start + count * PEER_ID_LENGTH) + " > " + length;
            }

            case ROUTE_LOG_OVERRUN:
            {
                final int start = header.routeLogOffset() - header.offset();
                if (start + ROUTE_LOG_LENGTH_FIELD_LENGTH > length)
                {
                    return "ROUTE-LOG flag is set but the route log's 2-byte length at byte " + start +
                        " runs past the end of the datagram at byte " + (start + ROUTE_LOG_LENGTH_FIELD_LENGTH) +
                        " > " + length;
                }
                final int entries = header.routeLogLength() - ROUTE_LOG_LENGTH_FIELD_LENGTH;
                return "route log (" + entries + " bytes of entries) runs past the end of the datagram at byte " +
                    (start + ROUTE_LOG_LENGTH_FIELD_LENGTH + entries) + " > " + length;
            }

            case ROUTE_LOG_OVER_BOUND:
                return "route log of " + (header.routeLogLength() - ROUTE_LOG_LENGTH_FIELD_LENGTH) +
                    " bytes of entries exceeds the draft's bound of " + MAX_ROUTE_LOG_ENTRIES_LENGTH +
                    " (draft §4.1.4)";

            case NO_HEADROOM:
                return "only " + header.offset() + " bytes of headroom before the frame; receive datagrams at an " +
                    "offset that leaves room for the via entries and route log entries this peer adds";

            case ROUTE_LIST_EMPTY:
                return "route list is empty, there is no entry to strip";

            case VIA_LIST_FULL:
                return "via list already holds " + MAX_LIST_COUNT + " ids, the most its 1-byte count can say";

            case MESSAGE_TOO_LONG:
                return "message of " + header.length() + " bytes cannot grow: its Length would pass the " +
                    MAX_MESSAGE_LENGTH + "-byte limit of a 24-bit field";

            case NO_ROUTE_LOG:
                return "ROUTE-LOG flag is clear, there is no route log to append to";

            case ROUTE_LOG_FULL:
                return "route log of " + (header.routeLogLength() - ROUTE_LOG_LENGTH_FIELD_LENGTH) +
                    " bytes of entries has no room for another entry under the draft's bound of " +
                    MAX_ROUTE_LOG_ENTRIES_LENGTH + " (draft §4.1.4)";

            default:
                return "unknown frame status " + status;
        }
    }

    private static String hex8(final int value)
    {
        final String hex = Integer.toHexString(value).toUpperCase();
        return "00000000".substring(hex.length()) + hex;
    }
}
