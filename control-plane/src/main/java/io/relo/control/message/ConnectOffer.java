package io.relo.control.message;

import java.util.List;
import java.util.Objects;

/**
 * The connect_data of a CONNECT request or of its response (draft §5.1.2.1): the ICE offer or answer of one peer,
 * with its candidates parsed out of their attribute strings (draft §6.4).
 *
 * @param ufrag       ICE username fragment.
 * @param password    ICE password.
 * @param application IANA port of the protocol the connection will carry: {@link #APPLICATION_RELOAD},
 *                    {@link #APPLICATION_SIP} or {@link #APPLICATION_SIPS}.
 * @param fingerprint RFC 4572 fingerprint attribute value, "hash-func SP fingerprint", of the certificate the peer
 *                    will use on the connection.
 * @param role        RFC 4145 setup role of the TLS/DTLS handshake: {@link #ROLE_ACTIVE}, {@link #ROLE_PASSIVE} or
 *                    {@link #ROLE_ACTPASS}.
 * @param candidates  ICE candidates, in the order the peer prefers them.
 */
public record ConnectOffer(
    String ufrag, String password, int application, String fingerprint, String role, List<Candidate> candidates)
{
    /**
     * draft §5.1.2.1 leaves RELOAD's application number "TBD"; relo uses 6084, the port IANA assigned to RELOAD's
     * configuration service (reload-config).
     */
    public static final int APPLICATION_RELOAD = 6084;

    /** draft §5.1.2.1: SIP over UDP or TCP. */
    public static final int APPLICATION_SIP = 5060;

    /** draft §5.1.2.1: SIP over TLS. */
    public static final int APPLICATION_SIPS = 5061;

    /** RFC 4145 §4: this peer opens the handshake. */
    public static final String ROLE_ACTIVE = "active";

    /** RFC 4145 §4: this peer waits for the handshake. */
    public static final String ROLE_PASSIVE = "passive";

    /** RFC 4145 §4: either; the offerer's usual choice. */
    public static final String ROLE_ACTPASS = "actpass";

    /**
     * Check the fields and freeze the candidate list.
     */
    public ConnectOffer
    {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(role, "role");
        if (application < 0 || application > 0xFFFF)
        {
            throw new IllegalArgumentException("application " + application + " is not a 16-bit port number");
        }
        candidates = List.copyOf(candidates);
    }

    /**
     * One ICE candidate (draft §6.4: "IP address and port and transport protocol, priority, foundation, component ID,
     * type and related address"), carried in a {@code candidate} struct as the text of an ICE candidate attribute,
     * {@code candidate:<foundation> <component-id> <transport> <priority> <address> <port> typ <type>
     * [raddr <address>] [rport <port>]} (RFC 5245 §15.1, the draft's [I-D.ietf-mmusic-ice]).
     * <p>
     * relo accepts only IP literals as addresses, so that an address received in a CONNECT is never resolved.
     *
     * @param foundation     1 to 32 characters of ALPHA, DIGIT, '+' and '/'; equal for candidates of the same type,
     *                       base and transport (RFC 5245 §4.1.1.3).
     * @param componentId    1 to 256; RELOAD uses a single component, 1 (draft §6.3).
     * @param transport      "UDP", or an extension token such as "TCP".
     * @param priority       1 to 2^31 - 1 (RFC 5245 §4.1.2).
     * @param address        IPv4 or IPv6 literal.
     * @param port           0 to 65535.
     * @param type           "host", "srflx", "prflx", "relay" or an extension token.
     * @param relatedAddress IP literal of the base of a reflexive or relayed candidate, or "" for none.
     * @param relatedPort    its port, or {@link #NO_PORT}.
     */
    public record Candidate(
        String foundation,
        int componentId,
        String transport,
        long priority,
        String address,
        int port,
        String type,
        String relatedAddress,
        int relatedPort)
    {
        /** A related port that is absent. */
        public static final int NO_PORT = -1;

        /** RFC 5245 §4.1.1.1: a candidate on a local interface. */
        public static final String TYPE_HOST = "host";

        /** RFC 5245 §15.1: the only transport the base grammar names. */
        public static final String TRANSPORT_UDP = "UDP";

        /** RFC 5245 §4.1.2.2: the recommended type preference of host candidates. */
        public static final int HOST_TYPE_PREFERENCE = 126;

        /** RFC 5245 §4.1.2.2: the local preference of a peer with a single IP address. */
        public static final int SINGLE_ADDRESS_LOCAL_PREFERENCE = 65535;

        /** draft §6.3: RELOAD and SIP use one component. */
        public static final int RELOAD_COMPONENT = 1;

        static final String ATTRIBUTE_PREFIX = "candidate:";

        private static final long MAX_PRIORITY = (1L << 31) - 1;

        /**
         * Check the fields; an invalid one is a programming error on this side.
         */
        public Candidate
        {
            final String problem = problem(
                foundation, componentId, transport, priority, address, port, type, relatedAddress, relatedPort);
            if (null != problem)
            {
                throw new IllegalArgumentException(problem);
            }
        }

        /**
         * The UDP host candidate a peer offers for its listen address (draft §6.3, §6.4), the one candidate relo
         * gathers for now.
         *
         * @param address IP literal the forwarder's UDP socket listens on.
         * @param port    its port.
         * @return the candidate.
         */
        public static Candidate host(final String address, final int port)
        {
            // RFC 5245 §4.1.1.3: the foundation only has to tell apart candidates of different type, base or
            // transport, and a host candidate is alone in its offer.
            return new Candidate("1", RELOAD_COMPONENT, TRANSPORT_UDP,
                priority(HOST_TYPE_PREFERENCE, SINGLE_ADDRESS_LOCAL_PREFERENCE, RELOAD_COMPONENT),
                address, port, TYPE_HOST, "", NO_PORT);
        }

        /**
         * RFC 5245 §4.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component id).
         *
         * @param typePreference  0 to 126.
         * @param localPreference 0 to 65535.
         * @param componentId     1 to 256.
         * @return the priority.
         */
        public static long priority(final int typePreference, final int localPreference, final int componentId)
        {
            return ((long)typePreference << 24) + ((long)localPreference << 8) + (256 - componentId);
        }

        /**
         * @return the candidate attribute text of RFC 5245 §15.1, as carried in {@code candidate_string}.
         */
        public String toAttribute()
        {
            final StringBuilder sb = new StringBuilder(96).append(ATTRIBUTE_PREFIX)
                .append(foundation).append(' ').append(componentId).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
            if (!relatedAddress.isEmpty())
            {
                sb.append(" raddr ").append(relatedAddress);
            }
            if (NO_PORT != relatedPort)
            {
                sb.append(" rport ").append(relatedPort);
            }
            return sb.toString();
        }

        /**
         * Parse the text of a candidate attribute.
         *
         * @param text with or without the leading "candidate:".
         * @return the candidate.
         * @throws IllegalArgumentException saying what is wrong with the text.
         */
        public static Candidate parse(final String text)
        {
            final StringBuilder reason = new StringBuilder();
            final Candidate candidate = parse(text, reason);
            if (null == candidate)
            {
                throw new IllegalArgumentException(reason.toString());
            }
            return candidate;
        }

        /**
         * Parse the text of a candidate attribute received from the network without throwing. Extension attributes
         * (name and value pairs after the related address) are skipped.
         *
         * @param text   with or without the leading "candidate:".
         * @param reason where to append why the text is refused.
         * @return the candidate, or null with {@code reason} appended to.
         */
        static Candidate parse(final String text, final StringBuilder reason)
        {
            final String body = text.startsWith(ATTRIBUTE_PREFIX) ? text.substring(ATTRIBUTE_PREFIX.length()) : text;
            final String[] tokens = body.split(" ", -1);
            if (tokens.length < 8 || !"typ".equals(tokens[6]))
            {
                reason.append("candidate \"").append(text).append("\" is not \"candidate:<foundation> <component> ")
                    .append("<transport> <priority> <address> <port> typ <type> ...\" (RFC 5245 §15.1)");
                return null;
            }
            if ((tokens.length - 8) % 2 != 0)
            {
                reason.append("candidate \"").append(text).append("\" ends with a name that has no value");
                return null;
            }

            String relatedAddress = "";
            long relatedPort = NO_PORT;
            for (int i = 8; i < tokens.length; i += 2)
            {
                if ("raddr".equals(tokens[i]))
                {
                    relatedAddress = tokens[i + 1];
                }
                else if ("rport".equals(tokens[i]))
                {
                    relatedPort = number(tokens[i + 1], 5);
                    if (relatedPort < 0)
                    {
                        reason.append("candidate \"").append(text).append("\": rport \"").append(tokens[i + 1])
                            .append("\" is not a port number");
                        return null;
                    }
                }
            }

            final long componentId = number(tokens[1], 5);
            final long priority = number(tokens[3], 10);
            final long port = number(tokens[5], 5);
            if (componentId < 0 || priority < 0 || port < 0)
            {
                reason.append("candidate \"").append(text).append("\": component id \"").append(tokens[1])
                    .append("\", priority \"").append(tokens[3]).append("\" and port \"").append(tokens[5])
                    .append("\" must be decimal numbers of at most 5, 10 and 5 digits");
                return null;
            }
            final String problem = problem(tokens[0], componentId, tokens[2], priority, tokens[4], port, tokens[7],
                relatedAddress, relatedPort);
            if (null != problem)
            {
                reason.append("candidate \"").append(text).append("\": ").append(problem);
                return null;
            }
            return new Candidate(tokens[0], (int)componentId, tokens[2], priority, tokens[4], (int)port, tokens[7],
                relatedAddress, (int)relatedPort);
        }

        /**
         * What is wrong with a candidate's fields, the one place that checks them for both the constructor and the
         * parser.
         *
         * @return a sentence, or null when the fields are valid.
         */
        private static String problem(
            final String foundation,
            final long componentId,
            final String transport,
            final long priority,
            final String address,
            final long port,
            final String type,
            final String relatedAddress,
            final long relatedPort)
        {
            if (null == foundation || foundation.isEmpty() || foundation.length() > 32 || !isIceChars(foundation))
            {
                return "foundation \"" + foundation + "\" is not 1 to 32 of ALPHA, DIGIT, '+' and '/'";
            }
            if (componentId < 1 || componentId > 256)
            {
                return "component id " + componentId + " is outside 1..256";
            }
            if (null == transport || !isToken(transport))
            {
                return "transport \"" + transport + "\" is not a token such as UDP";
            }
            if (priority < 1 || priority > MAX_PRIORITY)
            {
                return "priority " + priority + " is outside 1..2^31-1";
            }
            if (null == address || !IpLiteral.isValid(address))
            {
                return "address \"" + address + "\" is not an IP address; relo does not resolve host names it is sent";
            }
            if (port < 0 || port > 0xFFFF)
            {
                return "port " + port + " is outside 0..65535";
            }
            if (null == type || !isToken(type))
            {
                return "type \"" + type + "\" is not a token such as host";
            }
            if (null == relatedAddress || (!relatedAddress.isEmpty() && !IpLiteral.isValid(relatedAddress)))
            {
                return "related address \"" + relatedAddress + "\" is not an IP address";
            }
            if (NO_PORT != relatedPort && (relatedPort < 0 || relatedPort > 0xFFFF))
            {
                return "related port " + relatedPort + " is outside 0..65535";
            }
            return null;
        }

        /**
         * @return the value of 1 to {@code maxDigits} decimal digits, or -1 (never a valid value) otherwise.
         */
        private static long number(final String text, final int maxDigits)
        {
            final int length = text.length();
            if (length < 1 || length > maxDigits)
            {
                return -1;
            }
            long value = 0;
            for (int i = 0; i < length; i++)
            {
                final char c = text.charAt(i);
                if (c < '0' || c > '9')
                {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static boolean isIceChars(final String text)
        {
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || '+' == c ||
                    '/' == c))
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * RFC 4566 §9 token: visible ASCII except {@code " ( ) , / : ; < = > ? @ [ \ ]}.
         */
        private static boolean isToken(final String text)
        {
            if (text.isEmpty())
            {
                return false;
            }
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c < 0x21 || c > 0x7E || "\"(),/:;<=>?@[\\]".indexOf(c) >= 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
