package io.relo.control.message;

/**
 * Syntax check for textual IPv4 and IPv6 addresses, so that an address received from the network is never handed to
 * a resolver: {@code InetAddress.getByName} would look up anything that is not a literal.
 */
final class IpLiteral
{
    private static final int IPV6_GROUPS = 8;

    private IpLiteral()
    {
    }

    /**
     * @param text to check.
     * @return true for a dotted-quad IPv4 address (no leading zeros) or an RFC 4291 §2.2 IPv6 address without zone.
     */
    static boolean isValid(final String text)
    {
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text, 0, text.length());
    }

    private static boolean isIpv4(final String text, final int start, final int end)
    {
        int octets = 0;
        int position = start;
        while (true)
        {
            int digits = 0;
            int value = 0;
            while (position < end && text.charAt(position) >= '0' && text.charAt(position) <= '9')
            {
                value = value * 10 + (text.charAt(position) - '0');
                digits++;
                position++;
                if (digits > 3)
                {
                    return false;
                }
            }
            // a leading zero reads as octal to some parsers, so "010" is refused rather than guessed at
            if (0 == digits || value > 255 || (digits > 1 && '0' == text.charAt(position - digits)))
            {
                return false;
            }
            octets++;
            if (position == end)
            {
                return 4 == octets;
            }
            if ('.' != text.charAt(position) || 4 == octets)
            {
                return false;
            }
            position++;
        }
    }

    private static boolean isIpv6(final String text)
    {
        final int length = text.length();
        final int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0)
        {
            return false;
        }
        if (gap < 0)
        {
            return IPV6_GROUPS == groups(text, 0, length, true);
        }
        final int head = 0 == gap ? 0 : groups(text, 0, gap, false);
        final int tail = gap + 2 == length ? 0 : groups(text, gap + 2, length, true);
        // "::" stands for at least one group of zeros
        return head >= 0 && tail >= 0 && head + tail < IPV6_GROUPS;
    }

    /**
     * Count the 16-bit groups of {@code text[start, end)}, separated by single colons; the last may be an IPv4
     * address worth two groups when {@code last} says the range ends the address.
     *
     * @return the number of groups, or -1 when the range is not well formed.
     */
    private static int groups(final String text, final int start, final int end, final boolean last)
    {
        int count = 0;
        int groupStart = start;
        for (int i = start; i <= end; i++)
        {
            if (i == end || ':' == text.charAt(i))
            {
                final int groupLength = i - groupStart;
                if (last && i == end && text.indexOf('.', groupStart) >= 0 && text.indexOf('.', groupStart) < end)
                {
                    return isIpv4(text, groupStart, end) ? count + 2 : -1;
                }
                if (groupLength < 1 || groupLength > 4 || !isHex(text, groupStart, i))
                {
                    return -1;
                }
                count++;
                groupStart = i + 1;
            }
        }
        return count;
    }

    private static boolean isHex(final String text, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }
        return true;
    }
}
