package io.relo.fastpath.command;

/**
 * Layouts of what the forwarder puts on the delivery ring buffer for the control plane: frames addressed to this
 * peer, frames that need an error response the control plane builds, and STUN and DTLS datagrams.
 */
public final class Deliveries
{
    /** A RELOAD frame; see the REASON_* values. */
    public static final int FRAME = 1;
    public static final int FRAME_LINK_ID = 0;
    public static final int FRAME_REASON = 4;
    public static final int FRAME_PREVIOUS_HI = 8;
    public static final int FRAME_PREVIOUS_LO = 16;
    public static final int FRAME_NEXT_HOP_HI = 24;
    public static final int FRAME_NEXT_HOP_LO = 32;
    /**
     * For REASON_LOCAL the same field holds the destination: the last route entry stripped because this peer is
     * responsible for it (its own id, a resource-id, the wildcard), so that the control plane can tell a request for
     * this peer from one for an absent peer in its range (404); zero when nothing was stripped.
     */
    public static final int FRAME_DESTINATION_HI = FRAME_NEXT_HOP_HI;
    public static final int FRAME_DESTINATION_LO = FRAME_NEXT_HOP_LO;
    public static final int FRAME_LENGTH = 40;
    public static final int FRAME_FRAME = 48;

    /** The route list is exhausted here: the frame is for this peer (draft §4.1.2.3.2). */
    public static final int REASON_LOCAL = 0;
    /** ITERATIVE routing was asked for: answer 302 naming the next hop (draft §4.1, §4.3). */
    public static final int REASON_ITERATIVE = 1;
    /** A routing mode this peer will not perform: answer 499 (draft §4.1). */
    public static final int REASON_ROUTING_REFUSED = 2;

    /** A STUN message; LINK_ID is -1 when it came from an address with no link. */
    public static final int STUN = 2;
    /** A DTLS record; LINK_ID is -1 when it came from an address with no link. */
    public static final int DTLS = 3;
    /**
     * A RELOAD frame from an address with no link, handed over only in plaintext lab mode, where it is how a peer
     * first reaches a bootstrap peer (docs/architecture.md, "Lab links"); laid out as a datagram, LINK_ID -1.
     */
    public static final int UNLINKED_FRAME = 4;
    public static final int DATAGRAM_LINK_ID = 0;
    public static final int DATAGRAM_PORT = 4;
    /** The sender's address, IPv4 as IPv4-mapped IPv6, 16 bytes; zero for non-UDP links. */
    public static final int DATAGRAM_ADDRESS = 8;
    public static final int DATAGRAM_LENGTH = 24;
    public static final int DATAGRAM_DATA = 32;

    private Deliveries()
    {
    }
}
