package io.relo.fastpath.ring;

/**
 * A 128-bit peer-id or resource-id as a value, for configuration, the control plane and tools. The forwarder works
 * on raw (hi, lo) pairs instead.
 *
 * @param hi most significant 64 bits.
 * @param lo least significant 64 bits.
 */
public record PeerId(long hi, long lo) implements Comparable<PeerId>
{
    /** The all-ones anycast id of draft §5.1.1. */
    public static final PeerId WILDCARD = new PeerId(-1L, -1L);

    /**
     * Parse 32 hex digits, as printed by {@link #toString()}.
     *
     * @param text the digits; a leading "0x" is allowed.
     * @return the id.
     * @throws IllegalArgumentException saying what is wrong with the text.
     */
    public static PeerId parse(final String text)
    {
        final String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() != 32)
        {
            throw new IllegalArgumentException("a peer-id is 32 hex digits (128 bits), got " + digits.length() +
                " characters: \"" + text + "\"");
        }
        for (int i = 0; i < 32; i++)
        {
            // Character.digit also takes full-width and other Unicode digits: a peer-id is ASCII hex only.
            final char c = digits.charAt(i);
            if (c > 0x7F || Character.digit(c, 16) < 0)
            {
                throw new IllegalArgumentException("a peer-id is 32 hex digits, but character " + (i + 1) + " of \"" +
                    text + "\" is '" + digits.charAt(i) + "'");
            }
        }
        return new PeerId(Long.parseUnsignedLong(digits.substring(0, 16), 16),
            Long.parseUnsignedLong(digits.substring(16), 16));
    }

    /**
     * @return the id just before this one round the ring (modulo 2^128): (previous, this] holds this id alone.
     */
    public PeerId previous()
    {
        return new PeerId(lo == 0L ? hi - 1 : hi, lo - 1);
    }

    @Override
    public int compareTo(final PeerId other)
    {
        return Ring.compare(hi, lo, other.hi, other.lo);
    }

    /**
     * @return 32 lower-case hex digits.
     */
    @Override
    public String toString()
    {
        return String.format("%016x%016x", hi, lo);
    }
}
