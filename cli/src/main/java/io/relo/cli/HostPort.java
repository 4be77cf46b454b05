package io.relo.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A UDP address given on the command line as {@code HOST:PORT}, resolved once when parsed so a bad name is a usage
 * error rather than a link the forwarder later refuses.
 *
 * @param host    as given, without IPv6 brackets.
 * @param address the resolved address and port.
 */
record HostPort(String host, InetSocketAddress address)
{
    /** The form to quote in error messages. */
    static final String FORM = "HOST:PORT, e.g. 127.0.0.1:6084 or [::1]:6084";

    /**
     * @param text      HOST:PORT, with an IPv6 host in brackets.
     * @param allowZero whether port 0 (any free port) is acceptable.
     * @return the resolved address.
     * @throws IllegalArgumentException saying what is wrong and which form is expected.
     */
    static HostPort parse(final String text, final boolean allowZero)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw new IllegalArgumentException("expected " + FORM + ", got \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("["))
        {
            if (!host.endsWith("]") || host.length() < 3)
            {
                throw new IllegalArgumentException("an IPv6 host needs both brackets: expected " + FORM + ", got \"" +
                    text + "\"");
            }
            host = host.substring(1, host.length() - 1);
        }
        else if (host.indexOf(':') >= 0)
        {
            throw new IllegalArgumentException("put an IPv6 host in brackets: expected " + FORM + ", got \"" + text +
                "\"");
        }
        final String portText = text.substring(colon + 1);
        final int port;
        try
        {
            port = Integer.parseInt(portText);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port \"" + portText + "\" is not a number: expected " + FORM +
                ", got \"" + text + "\"");
        }
        final int lowest = allowZero ? 0 : 1;
        if (port < lowest || port > 65535)
        {
            throw new IllegalArgumentException("port " + port + " is outside " + lowest + "..65535" +
                (allowZero ? " (0 picks a free port)" : "") + ", in \"" + text + "\"");
        }
        try
        {
            return new HostPort(host, new InetSocketAddress(InetAddress.getByName(host), port));
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("unknown host \"" + host + "\" in \"" + text +
                "\": give an IP address or a name this machine resolves");
        }
    }

    /**
     * @param address a bound or resolved address.
     * @return it as HOST:PORT, IPv6 in brackets, so it can be pasted back into an option.
     */
    static String format(final InetSocketAddress address)
    {
        final String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public String toString()
    {
        return format(address);
    }
}
