package io.relo.fastpath;

/**
 * The forwarder's counters. Every frame taken in, received on a link (FRAMES_RECEIVED) or handed over by the control
 * plane to send (FRAMES_ORIGINATED), ends in exactly one outcome counter: sent to a next hop (FRAMES_FORWARDED),
 * delivered, handed to the control plane (FRAMES_TO_CONTROL, STUN, DTLS, UNLINKED) or dropped for one reason (DROP_* except
 * DROP_BAD_COMMAND), so drops are always accounted for by reason.
 */
public enum ForwarderCounter
{
    FRAMES_RECEIVED(0, "Frames received"),
    BYTES_RECEIVED(1, "Bytes received"),
    FRAMES_FORWARDED(2, "Frames sent to a next hop (forwarded or originated)"),
    BYTES_FORWARDED(3, "Bytes sent to a next hop"),
    FRAMES_DELIVERED(4, "Frames delivered to this peer"),
    FRAMES_TO_CONTROL(5, "Frames handed to the control plane for a response (302, 499)"),
    STUN_TO_CONTROL(6, "STUN datagrams handed to the control plane"),
    DTLS_TO_CONTROL(7, "DTLS records handed to the control plane"),
    FRAMES_ORIGINATED(8, "Frames the control plane handed over to send or route"),
    ROUTE_IDS_STRIPPED(9, "Route list entries this peer was responsible for (stripped)"),
    PRIVATE_IDS_EXPANDED(10, "Private route ids expanded (route list compression)"),
    COMMANDS_APPLIED(11, "Commands applied"),
    DROP_BAD_MAGIC(12, "Dropped: bad magic"),
    DROP_BAD_VERSION(13, "Dropped: bad version"),
    DROP_BAD_LENGTH(14, "Dropped: bad length"),
    DROP_LIST_OVERRUN(15, "Dropped: route list, via list or route log overruns the frame"),
    DROP_UNKNOWN_OVERLAY(16, "Dropped: unknown overlay"),
    DROP_TTL_EXPIRED(17, "Dropped: TTL expired"),
    DROP_NO_ROUTE(18, "Dropped: no route"),
    DROP_UNKNOWN_SENDER(19, "Dropped: unknown sender"),
    DROP_QUEUE_FULL(20, "Dropped: control plane queue full"),
    DROP_BACK_PRESSURE(21, "Dropped: next hop link refused the frame"),
    DROP_NO_ROOM(22, "Dropped: header cannot grow (via list full, too long, no headroom, private-id loop)"),
    DROP_UNKNOWN_PROTOCOL(23, "Dropped: neither RELOAD, STUN nor DTLS"),
    DROP_BAD_COMMAND(24, "Commands refused"),
    ERRORS(25, "Errors (see the distinct error log)"),
    UNLINKED_TO_CONTROL(26, "Frames from an address with no link handed to the control plane (plaintext lab mode)");

    private final int id;
    private final String label;

    ForwarderCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return the counter's id, stable across releases so readers can rely on it.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return what the counter counts.
     */
    public String label()
    {
        return label;
    }
}
