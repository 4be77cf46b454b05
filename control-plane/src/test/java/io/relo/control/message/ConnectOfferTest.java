package io.relo.control.message;

import io.relo.control.message.ConnectOffer.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §5.1.2.1, §6.3 and §6.4: the ICE candidates a CONNECT carries, as RFC 5245 §15.1 candidate attributes.
 */
class ConnectOfferTest
{
    @Test
    void shouldOfferTheUdpHostCandidateOfTheListenAddress()
    {
        // the same text as the connect_data golden vector of the codecs module
        final Candidate host = Candidate.host("192.0.2.1", 6084);
        assertEquals("candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ host", host.toAttribute());
        assertEquals(2130706431L, host.priority(), "RFC 5245 §4.1.2.1: 126 << 24 | 65535 << 8 | 255");
        assertEquals(host, Candidate.parse(host.toAttribute()));
    }

    @Test
    void shouldParseAReflexiveCandidateWithItsBase()
    {
        final Candidate srflx =
            Candidate.parse("candidate:2 1 UDP 1694498815 198.51.100.7 49170 typ srflx raddr 192.0.2.1 rport 6084");
        assertEquals(new Candidate("2", 1, "UDP", 1694498815L, "198.51.100.7", 49170, "srflx", "192.0.2.1", 6084),
            srflx);
        assertEquals("candidate:2 1 UDP 1694498815 198.51.100.7 49170 typ srflx raddr 192.0.2.1 rport 6084",
            srflx.toAttribute());
    }

    @Test
    void shouldAcceptTheValueWithoutItsAttributeNameAndSkipExtensions()
    {
        assertEquals(Candidate.host("2001:db8::1", 7),
            Candidate.parse("1 1 UDP 2130706431 2001:db8::1 7 typ host generation 0 network-id 3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "candidate:",
        "candidate:1 1 UDP 2130706431 192.0.2.1 6084 host",
        "candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ",
        "candidate:1  1 UDP 2130706431 192.0.2.1 6084 typ host",
        "candidate:1 0 UDP 2130706431 192.0.2.1 6084 typ host",
        "candidate:1 257 UDP 2130706431 192.0.2.1 6084 typ host",
        "candidate:1 1 UDP 0 192.0.2.1 6084 typ host",
        "candidate:1 1 UDP 2147483648 192.0.2.1 6084 typ host",
        "candidate:1 1 UDP 99999999999 192.0.2.1 6084 typ host",
        "candidate:1 1 UDP 2130706431 192.0.2.1 65536 typ host",
        "candidate:1 1 UDP 2130706431 192.0.2.1 -1 typ host",
        "candidate:1 1 UDP 2130706431 peer.example.org 6084 typ host",
        "candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ host raddr",
        "candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ host raddr localhost rport 1",
        "candidate:1 1 UDP 2130706431 192.0.2.1 6084 typ host rport 70000",
        "candidate:1 1 U:DP 2130706431 192.0.2.1 6084 typ host",
        "candidate:f00t-bar 1 UDP 2130706431 192.0.2.1 6084 typ host",
        "candidate:123456789012345678901234567890123 1 UDP 2130706431 192.0.2.1 6084 typ host",
    })
    void shouldRefuseMalformedCandidatesWithAReason(final String text)
    {
        final StringBuilder reason = new StringBuilder();
        assertNull(Candidate.parse(text, reason));
        assertFalse(reason.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::1", "1::", "2001:db8::7", "fe80::1:2:3:4:5:6",
        "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "ABCD:ef01::"})
    void shouldTakeIpLiterals(final String address)
    {
        assertTrue(IpLiteral.isValid(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.2.01", "192..2.1", "1.2.3.4.", ".1.2.3.4",
        "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::", "g::1", "1:2:3:4:5:6:7:192.0.2.1",
        "::192.0.2", "fe80::1%eth0", "[::1]", "1:::2", "1.2.3.4::"})
    void shouldRefuseAnythingElseAsAnAddress(final String address)
    {
        assertFalse(IpLiteral.isValid(address));
    }

    @Test
    void shouldRefuseAnApplicationThatIsNotAPort()
    {
        assertThrows(IllegalArgumentException.class, () -> new ConnectOffer("u", "p", 65536, "f",
            ConnectOffer.ROLE_ACTPASS, List.of()));
    }
}
