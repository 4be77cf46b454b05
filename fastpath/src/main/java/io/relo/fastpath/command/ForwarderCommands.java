package io.relo.fastpath.command;

/**
 * Layouts of the commands the control plane puts on the forwarder's command ring buffer; each constant is a message
 * type id followed by the offsets of its fields. Ids are 128-bit pairs of longs; lengths and counts are ints.
 */
public final class ForwarderCommands
{
    /** Set this peer's id and its predecessor: it is responsible for (predecessor, self]. */
    public static final int SET_LOCAL = 1;
    public static final int SET_LOCAL_SELF_HI = 0;
    public static final int SET_LOCAL_SELF_LO = 8;
    public static final int SET_LOCAL_PREDECESSOR_HI = 16;
    public static final int SET_LOCAL_PREDECESSOR_LO = 24;
    public static final int SET_LOCAL_LENGTH = 32;

    /** Accept frames of an overlay (its CRC-32 hash). */
    public static final int ADD_OVERLAY = 2;
    public static final int ADD_OVERLAY_HASH = 0;
    public static final int ADD_OVERLAY_LENGTH = 4;

    /** This peer's encoded route_log_entry, appended when ROUTE-LOG is set (draft §4.1.4). */
    public static final int SET_ROUTE_LOG_ENTRY = 3;
    public static final int SET_ROUTE_LOG_ENTRY_LENGTH = 0;
    public static final int SET_ROUTE_LOG_ENTRY_BYTES = 8;

    /** Common prefix of the ADD_*_LINK commands. */
    public static final int LINK_ID = 0;
    public static final int LINK_ROUTABLE = 4;
    public static final int LINK_PEER_HI = 8;
    public static final int LINK_PEER_LO = 16;
    public static final int LINK_SPECIFIC = 24;

    /** Add a UDP link: port, then the host as ASCII to the end of the message. */
    public static final int ADD_UDP_LINK = 10;
    public static final int ADD_UDP_LINK_PORT = LINK_SPECIFIC;
    public static final int ADD_UDP_LINK_HOST = LINK_SPECIFIC + 4;

    /** Add an Aeron link: send stream, receive stream, then the channel as ASCII to the end of the message. */
    public static final int ADD_IPC_LINK = 11;
    public static final int ADD_IPC_LINK_SEND_STREAM = LINK_SPECIFIC;
    public static final int ADD_IPC_LINK_RECEIVE_STREAM = LINK_SPECIFIC + 4;
    public static final int ADD_IPC_LINK_CHANNEL = LINK_SPECIFIC + 8;

    /** Add an in-memory link: outbound pipe id, inbound pipe id. */
    public static final int ADD_MEMORY_LINK = 12;
    public static final int ADD_MEMORY_LINK_OUTBOUND = LINK_SPECIFIC;
    public static final int ADD_MEMORY_LINK_INBOUND = LINK_SPECIFIC + 4;
    public static final int ADD_MEMORY_LINK_LENGTH = LINK_SPECIFIC + 8;

    /** Remove a link. */
    public static final int REMOVE_LINK = 13;
    public static final int REMOVE_LINK_ID = 0;
    public static final int REMOVE_LINK_LENGTH = 4;

    /** Replace the set of neighbours and fingers: a count, then the ids. */
    public static final int SET_ROUTERS = 14;
    public static final int SET_ROUTERS_COUNT = 0;
    public static final int SET_ROUTERS_IDS = 8;

    /** Add a compression entry: private id, count, then the ids it stands for. */
    public static final int ADD_COMPRESSION = 20;
    public static final int ADD_COMPRESSION_KEY_HI = 0;
    public static final int ADD_COMPRESSION_KEY_LO = 8;
    public static final int ADD_COMPRESSION_COUNT = 16;
    public static final int ADD_COMPRESSION_IDS = 24;

    /** Remove a compression entry. */
    public static final int REMOVE_COMPRESSION = 21;
    public static final int REMOVE_COMPRESSION_KEY_HI = 0;
    public static final int REMOVE_COMPRESSION_KEY_LO = 8;
    public static final int REMOVE_COMPRESSION_LENGTH = 16;

    /** Send a frame as it is on one link. */
    public static final int SEND_ON_LINK = 30;
    public static final int SEND_ON_LINK_ID = 0;
    public static final int SEND_ON_LINK_FRAME_LENGTH = 4;
    public static final int SEND_ON_LINK_FRAME = 8;

    /** Route a frame this peer originates by its route list. */
    public static final int ROUTE_FRAME = 31;
    public static final int ROUTE_FRAME_FRAME_LENGTH = 0;
    public static final int ROUTE_FRAME_FRAME = 8;

    private ForwarderCommands()
    {
    }
}
