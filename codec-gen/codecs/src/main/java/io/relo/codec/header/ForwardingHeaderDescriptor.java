package io.relo.codec.header;

/**
 * Layout of the RELOAD forwarding header of draft §4.1: offsets, widths, masks and limits, all big-endian.
 * <pre>
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |       R       |       E       |       L       |       O       |
 * 4  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           Overlay                             |
 * 8  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |               |               |F|L|                           |
 *    |      TTL      |    Routing    |R|F|      Fragment Offset      |
 *    |               |               |A|R|                           |
 *    |               |               |G|G|                           |
 * 12 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |E|             |                                               |
 *    |X|  Version    |                    Length                     |
 *    |P|             |                                               |
 * 16 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                        Transaction ID                         |
 *    +                                                               +
 *    |                                                               |
 * 24 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |     Route     |      Via      |                               |
 *    |     List      |      List     |            Flags              |
 *    |     Length    |     Length    |                               |
 * 28 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                                                               |
 *    //                          Route List                         //
 *    |                                                               |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                                                               |
 *    //                           Via List                          //
 *    |                                                               |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                                                               |
 *    //                          Route Log                          //
 *    |                                                               |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The fixed part is {@link #HEADER_LENGTH} bytes. The route list and via list follow as counts of
 * {@link #PEER_ID_LENGTH}-byte peer-ids; the route log is present only when {@link #ROUTE_LOG_FLAG} is set and is a
 * 2-byte byte length followed by that many bytes of entries. The message contents start right after. The fixed part,
 * the two lists and the route log together are the "header prefix", which a forwarder rewrites in place.
 */
public final class ForwardingHeaderDescriptor
{
    /** draft §4.1: "The first four bytes identify this message as a RELOAD message", ASCII "RELO". */
    public static final int MAGIC = 0x52454C4F;

    /** Offset of the 32-bit magic. */
    public static final int MAGIC_OFFSET = 0;

    /** Offset of the 32-bit CRC-32 of the overlay name, see {@link OverlayName}. */
    public static final int OVERLAY_OFFSET = 4;

    /** Offset of the 8-bit TTL. */
    public static final int TTL_OFFSET = 8;

    /** Offset of the 8-bit routing type, see {@code io.relo.codec.Routing}. */
    public static final int ROUTING_OFFSET = 9;

    /** Offset of the 16-bit word holding FRAG, LFRG and the 14-bit fragment offset. */
    public static final int FRAGMENT_OFFSET = 10;

    /** FRAG bit in the 16-bit fragment word: this message is a fragment. */
    public static final int FRAG_FLAG = 0x8000;

    /** LFRG bit in the 16-bit fragment word: this is the last fragment of a message. */
    public static final int LAST_FRAGMENT_FLAG = 0x4000;

    /** Fragment offset bits in the 16-bit fragment word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x3FFF;

    /**
     * Bytes per unit of the fragment offset field. The draft leaves the encoding open (§4.1 "Open Issue"); relo
     * counts in 8-byte units into the reassembled message contents, so the last fragment can start at 131,064.
     */
    public static final int FRAGMENT_OFFSET_UNIT = 8;

    /** Shift that turns a fragment offset field into bytes: {@code 1 << 3 == FRAGMENT_OFFSET_UNIT}. */
    public static final int FRAGMENT_OFFSET_SHIFT = 3;

    /** Offset of the byte holding EXP and the 7-bit version. */
    public static final int VERSION_OFFSET = 12;

    /** EXP bit in the version byte: a private, in-house protocol version. */
    public static final int EXP_FLAG = 0x80;

    /** Version bits in the version byte. */
    public static final int VERSION_MASK = 0x7F;

    /** draft §4.1: "Version1.0 : 0x1", the only version this codec speaks. */
    public static final int VERSION_1 = 1;

    /** Offset of the 24-bit Length: bytes in the whole message, header included. */
    public static final int LENGTH_OFFSET = 13;

    /** Offset of the 64-bit transaction id. */
    public static final int TRANSACTION_ID_OFFSET = 16;

    /** Offset of the 8-bit route list length, a count of peer-ids. */
    public static final int ROUTE_LIST_LENGTH_OFFSET = 24;

    /** Offset of the 8-bit via list length, a count of peer-ids. */
    public static final int VIA_LIST_LENGTH_OFFSET = 25;

    /** Offset of the 16-bit flags word. */
    public static final int FLAGS_OFFSET = 26;

    /** draft §4.1: "ROUTE-LOG : 0x1", the route log follows the via list. */
    public static final int ROUTE_LOG_FLAG = 0x1;

    /** Length of the fixed part of the header; the route list starts here. */
    public static final int HEADER_LENGTH = 28;

    /** Offset of the first route list entry. */
    public static final int ROUTE_LIST_OFFSET = HEADER_LENGTH;

    /** Bytes in a peer-id: chord-128-2-8 ids are 128 bits. */
    public static final int PEER_ID_LENGTH = 16;

    /** Largest count a uint8 list length can hold. */
    public static final int MAX_LIST_COUNT = 0xFF;

    /** Width of the route log's byte length prefix ({@code route_log_entry entries<65000>}). */
    public static final int ROUTE_LOG_LENGTH_FIELD_LENGTH = 2;

    /** draft §4.1.4: {@code route_log_entry entries<65000>}, the most bytes of entries a route log holds. */
    public static final int MAX_ROUTE_LOG_ENTRIES_LENGTH = 65000;

    /** The most bytes a 24-bit Length can describe, 2^24 - 1. */
    public static final int MAX_MESSAGE_LENGTH = 0xFF_FFFF;

    private ForwardingHeaderDescriptor()
    {
    }
}
