package io.relo.control.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * draft §8.2: the overlay configuration document, and the errors a person writing one gets.
 */
class OverlayConfigurationParserTest
{
    static List<OverlayConfiguration> parse(final String xml) throws IOException
    {
        return OverlayConfigurationParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static final String NS = "xmlns=\"urn:ietf:params:xml:ns:p2p:overlay\"";

    @Test
    void shouldReadTheDraftsExampleWithSeveralOverlays() throws IOException
    {
        final List<OverlayConfiguration> overlays = parse(String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<overlays " + NS + ">",
            "  <overlay name=\"chord.example.com\" expiration=\"86400\">",
            "    <dht name=\"chord-128-2-8\"/>",
            "    <root-cert>MAEC</root-cert>",
            "    <required-usage name=\"SIP\"/>",
            "    <credential-server url=\"https://www.example.com/csr\"/>",
            "    <bootstrap-peer address=\"192.0.2.2\" port=\"5678\"/>",
            "    <bootstrap-peer address=\"192.0.2.3\" port=\"5678\"/>",
            "    <multicast-bootstrap address=\"192.0.2.99\" port=\"5678\"/>",
            "    <chord-128-2-8-update-frequency>60</chord-128-2-8-update-frequency>",
            "    <chord-128-2-8-ping-frequency>300</chord-128-2-8-ping-frequency>",
            "  </overlay>",
            "  <overlay name=\"second.example.com\">",
            "    <dht name=\"chord-128-2-8\"/>",
            "    <bootstrap-peer address=\"2001:db8::1\" port=\"6084\"/>",
            "  </overlay>",
            "</overlays>"));
        assertEquals(2, overlays.size());
        final OverlayConfiguration first = overlays.get(0);
        assertEquals("chord.example.com", first.name());
        assertEquals(86400, first.expirationSeconds());
        assertEquals("chord-128-2-8", first.dht());
        assertArrayEquals(new byte[] {0x30, 0x01, 0x02}, first.rootCertificates().get(0));
        assertEquals(List.of("SIP"), first.requiredUsages());
        assertEquals(List.of(URI.create("https://www.example.com/csr")), first.credentialServers());
        assertEquals(List.of(new InetSocketAddress("192.0.2.2", 5678), new InetSocketAddress("192.0.2.3", 5678)),
            first.bootstrapPeers());
        assertEquals(List.of(new InetSocketAddress("192.0.2.99", 5678)), first.multicastBootstraps());
        assertEquals(60, first.updateFrequencySeconds());
        assertEquals(300, first.pingFrequencySeconds());
        final OverlayConfiguration second = overlays.get(1);
        assertEquals(OverlayConfiguration.UPDATE_FREQUENCY_DEFAULT_SECONDS, second.updateFrequencySeconds());
        assertEquals(new InetSocketAddress("2001:db8::1", 6084), second.bootstrapPeers().get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing port        | <bootstrap-peer address=\"192.0.2.2\"/>                 | overlay config line 4: <bootstrap-peer> needs a port",
        "port out of range   | <bootstrap-peer address=\"192.0.2.2\" port=\"70000\"/>  | overlay config line 4: <bootstrap-peer> port 70000 is outside 1..65535",
        "host name           | <bootstrap-peer address=\"boot.example\" port=\"1\"/>  | overlay config line 4: <bootstrap-peer> address \"boot.example\" must be an IP address, not a host name",
        "http credentials    | <credential-server url=\"http://x.example/csr\"/>       | overlay config line 4: <credential-server url=\"http://x.example/csr\"> must be an https: URL (draft §8.2)",
        "unknown element     | <bootstrap-node address=\"192.0.2.2\" port=\"1\"/>     | overlay config line 4: unknown element <bootstrap-node> in <overlay>",
        "bad frequency       | <chord-128-2-8-update-frequency>soon</chord-128-2-8-update-frequency> | overlay config line 4: <chord-128-2-8-update-frequency> content must be a number of seconds, not \"soon\"",
        "bad certificate     | <root-cert>not base64!</root-cert>                    | overlay config line 4: <root-cert> must hold a base64-encoded DER certificate"})
    void shouldSayWhereAndWhatIsWrong(final String what, final String element, final String expected)
    {
        final String xml = String.join("\n",
            "<overlay " + NS + " name=\"o.example\">",
            "  <dht name=\"chord-128-2-8\"/>",
            "  <bootstrap-peer address=\"192.0.2.9\" port=\"9\"/>",
            "  " + element,
            "</overlay>");
        final OverlayConfigurationException ex = assertThrows(OverlayConfigurationException.class, () -> parse(xml));
        assertEquals(true, ex.getMessage().startsWith(expected), what + ": " + ex.getMessage());
    }

    @Test
    void shouldRequireTheDhtAndABootstrapPeer()
    {
        final OverlayConfigurationException noDht = assertThrows(OverlayConfigurationException.class,
            () -> parse("<overlay " + NS + " name=\"o\">\n<bootstrap-peer address=\"192.0.2.1\" port=\"1\"/>\n</overlay>"));
        assertEquals("overlay config line 1: <overlay name=\"o\"> needs <dht name=\"chord-128-2-8\"/>", noDht.getMessage());
        final OverlayConfigurationException noBoot = assertThrows(OverlayConfigurationException.class,
            () -> parse("<overlay " + NS + " name=\"o\">\n<dht name=\"chord-128-2-8\"/>\n</overlay>"));
        assertEquals(true, noBoot.getMessage().contains("needs at least one <bootstrap-peer"), noBoot.getMessage());
    }

    @Test
    void shouldRefuseOtherDhtsNamespacesMalformedXmlAndDoctypes()
    {
        assertEquals("overlay config line 1: <dht name=\"kademlia\"> is not supported; relo implements chord-128-2-8",
            assertThrows(OverlayConfigurationException.class, () -> parse("<overlay " + NS +
                " name=\"o\"><dht name=\"kademlia\"/></overlay>")).getMessage());
        assertEquals(true, assertThrows(OverlayConfigurationException.class,
            () -> parse("<overlay name=\"o\"/>")).getMessage().contains("is not in namespace"));
        assertEquals(true, assertThrows(OverlayConfigurationException.class,
            () -> parse("<overlay " + NS + " name=\"o\">\n<dht></overlay>")).getMessage()
            .startsWith("overlay config line 2:"));
        // The draft's own example writes <multicast-bootstrap="..."> which is not XML: refused as such.
        assertEquals(true, assertThrows(OverlayConfigurationException.class,
            () -> parse("<overlay " + NS + " name=\"o\">\n<multicast-bootstrap=\"192.0.2.99\" port=\"5678\"/>" +
                "</overlay>")).getMessage().contains("well-formed XML"));
        // External entities would let a hostile enrollment server read local files.
        assertEquals(true, assertThrows(OverlayConfigurationException.class,
            () -> parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><overlay " + NS +
                " name=\"&e;\"/>")).getMessage().contains("DOCTYPE"));
    }
}
