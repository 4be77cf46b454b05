package io.relo.control.message;

/**
 * The fragment reassembler's counters. Every frame given to {@link FragmentReassembler#onFrame} is counted in
 * FRAMES_RECEIVED and ends in exactly one outcome: passed through (FRAMES_UNFRAGMENTED), kept (FRAGMENTS_BUFFERED,
 * FRAGMENTS_DUPLICATE), completing a message (MESSAGES_REASSEMBLED) or dropped for one reason (DROP_*). Every message
 * started (MESSAGES_STARTED) ends reassembled, expired (MESSAGES_EXPIRED) or discarded (MESSAGES_DISCARDED), or is
 * still in progress.
 */
public enum ReassemblyCounter
{
    FRAMES_RECEIVED(0, "Frames received"),
    FRAMES_UNFRAGMENTED(1, "Frames not fragmented, passed through"),
    FRAGMENTS_BUFFERED(2, "Fragments buffered, message still incomplete"),
    FRAGMENTS_DUPLICATE(3, "Fragments whose bytes were all held already (duplicates, agreeing overlaps)"),
    MESSAGES_REASSEMBLED(4, "Fragments that completed a message"),
    DROP_BAD_FRAME(5, "Dropped: forwarding header malformed"),
    DROP_BAD_FRAGMENT_FIELDS(6, "Dropped: LFRG or a fragment offset without FRAG"),
    DROP_EMPTY_FRAGMENT(7, "Dropped: fragment with no contents"),
    DROP_MISALIGNED(8, "Dropped: fragment other than the last not a multiple of 8 bytes"),
    DROP_TOO_LONG(9, "Dropped: fragment ends beyond the largest message contents"),
    DROP_END_CONFLICT(10, "Dropped: fragment disagrees with the end given by LFRG"),
    DROP_OVERLAP_CONFLICT(11, "Dropped with its whole message: overlapping bytes disagree"),
    DROP_SENDER_CAP(12, "Dropped with its whole message: originator's memory cap reached"),
    DROP_GLOBAL_CAP(13, "Dropped with its whole message: global memory cap reached"),
    MESSAGES_STARTED(14, "Messages whose first fragment arrived"),
    MESSAGES_EXPIRED(15, "Messages timed out incomplete"),
    MESSAGES_DISCARDED(16, "Messages discarded incomplete (overlap conflict or memory cap)");

    private final int id;
    private final String label;

    ReassemblyCounter(final int id, final String label)
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
