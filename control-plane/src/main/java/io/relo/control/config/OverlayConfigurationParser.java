package io.relo.control.config;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads an overlay configuration document (draft §8.2) and refuses it with the line and what to change, for example
 * "overlay config line 12: &lt;bootstrap-peer&gt; needs a port". External entities and DTDs are refused: the
 * document comes over the network.
 * <p>
 * Choices where the draft is loose (docs/wire-format.md, "Overlay configuration"): the root is one {@code overlay}
 * element or an {@code overlays} element holding several; root-cert holds base64 DER; {@code multicast-bootstrap}
 * takes address and port attributes (the draft's example writes {@code <multicast-bootstrap="192.0.2.99" ...>}, which
 * is not well-formed XML); the Chord frequencies are child elements in seconds.
 */
public final class OverlayConfigurationParser
{
    private static final String SOURCE = "overlay config";

    private OverlayConfigurationParser()
    {
    }

    /**
     * Parse a whole document.
     *
     * @param in the document.
     * @return each overlay it configures, in document order.
     * @throws IOException                  if it cannot be read.
     * @throws OverlayConfigurationException saying where and what is wrong.
     */
    public static List<OverlayConfiguration> parse(final InputStream in) throws IOException
    {
        final SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        final Handler handler = new Handler();
        try
        {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.newSAXParser().parse(new InputSource(in), handler);
        }
        catch (final SAXParseException ex)
        {
            if (ex.getException() instanceof OverlayConfigurationException oce)
            {
                throw oce;
            }
            throw new OverlayConfigurationException(SOURCE + " line " + ex.getLineNumber() + ": " +
                ex.getMessage() + " (the document must be well-formed XML)", ex);
        }
        catch (final SAXException ex)
        {
            if (ex.getException() instanceof OverlayConfigurationException oce)
            {
                throw oce;
            }
            if (ex instanceof WrappedConfigurationException w)
            {
                throw w.cause;
            }
            throw new OverlayConfigurationException(SOURCE + ": " + ex.getMessage(), ex);
        }
        catch (final ParserConfigurationException ex)
        {
            throw new IllegalStateException("the JDK's XML parser lacks a required feature", ex);
        }
        if (handler.overlays.isEmpty())
        {
            throw new OverlayConfigurationException(SOURCE + ": no <overlay> element in namespace " +
                OverlayConfiguration.NAMESPACE);
        }
        return handler.overlays;
    }

    private static final class WrappedConfigurationException extends SAXException
    {
        private static final long serialVersionUID = 1L;
        private final OverlayConfigurationException cause;

        WrappedConfigurationException(final OverlayConfigurationException cause)
        {
            super(cause.getMessage());
            this.cause = cause;
        }
    }

    private static final class Handler extends DefaultHandler
    {
        private final List<OverlayConfiguration> overlays = new ArrayList<>();
        private Locator locator;
        private final StringBuilder text = new StringBuilder();
        private int depth;
        private boolean inOverlay;
        private int overlayLine;
        private String name;
        private long expiration;
        private String dht;
        private List<byte[]> rootCerts;
        private List<String> usages;
        private List<URI> credentialServers;
        private List<InetSocketAddress> bootstrapPeers;
        private List<InetSocketAddress> multicast;
        private long updateFrequency;
        private long pingFrequency;

        @Override
        public void setDocumentLocator(final Locator locator)
        {
            this.locator = locator;
        }

        private WrappedConfigurationException error(final String message)
        {
            return new WrappedConfigurationException(new OverlayConfigurationException(
                SOURCE + " line " + (null == locator ? 0 : locator.getLineNumber()) + ": " + message));
        }

        @Override
        public void startElement(final String uri, final String local, final String qName, final Attributes atts)
            throws SAXException
        {
            depth++;
            text.setLength(0);
            if (!OverlayConfiguration.NAMESPACE.equals(uri))
            {
                throw error("<" + qName + "> is not in namespace " + OverlayConfiguration.NAMESPACE +
                    "; add xmlns=\"" + OverlayConfiguration.NAMESPACE + "\" to the root element");
            }
            if (!inOverlay)
            {
                if (local.equals("overlays") && depth == 1)
                {
                    return;
                }
                if (!local.equals("overlay"))
                {
                    throw error("<" + local + "> must be inside <overlay>");
                }
                startOverlay(atts);
                return;
            }
            switch (local)
            {
                case "dht":
                    dht = required(atts, local, "name");
                    if (!OverlayConfiguration.CHORD.equals(dht))
                    {
                        throw error("<dht name=\"" + dht + "\"> is not supported; relo implements " +
                            OverlayConfiguration.CHORD);
                    }
                    break;
                case "required-usage":
                    usages.add(required(atts, local, "name"));
                    break;
                case "credential-server":
                    credentialServers.add(httpsUrl(required(atts, local, "url")));
                    break;
                case "bootstrap-peer":
                    bootstrapPeers.add(address(atts, local));
                    break;
                case "multicast-bootstrap":
                    multicast.add(address(atts, local));
                    break;
                case "root-cert":
                case "chord-128-2-8-update-frequency":
                case "chord-128-2-8-ping-frequency":
                    break;
                default:
                    throw error("unknown element <" + local + "> in <overlay>; expected dht, root-cert, " +
                        "required-usage, credential-server, bootstrap-peer, multicast-bootstrap, " +
                        "chord-128-2-8-update-frequency or chord-128-2-8-ping-frequency");
            }
        }

        private void startOverlay(final Attributes atts) throws SAXException
        {
            inOverlay = true;
            overlayLine = locator.getLineNumber();
            name = required(atts, "overlay", "name");
            final String exp = atts.getValue("expiration");
            expiration = null == exp ? 0 : positive("overlay", "expiration", exp);
            dht = null;
            rootCerts = new ArrayList<>();
            usages = new ArrayList<>();
            credentialServers = new ArrayList<>();
            bootstrapPeers = new ArrayList<>();
            multicast = new ArrayList<>();
            updateFrequency = OverlayConfiguration.UPDATE_FREQUENCY_DEFAULT_SECONDS;
            pingFrequency = OverlayConfiguration.PING_FREQUENCY_DEFAULT_SECONDS;
        }

        @Override
        public void characters(final char[] ch, final int start, final int length)
        {
            text.append(ch, start, length);
        }

        @Override
        public void endElement(final String uri, final String local, final String qName) throws SAXException
        {
            depth--;
            final String body = text.toString().strip();
            text.setLength(0);
            switch (local)
            {
                case "root-cert":
                    try
                    {
                        rootCerts.add(Base64.getMimeDecoder().decode(body));
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        throw error("<root-cert> must hold a base64-encoded DER certificate: " + ex.getMessage());
                    }
                    break;
                case "chord-128-2-8-update-frequency":
                    updateFrequency = positive(local, "content", body);
                    break;
                case "chord-128-2-8-ping-frequency":
                    pingFrequency = positive(local, "content", body);
                    break;
                case "overlay":
                    if (null == dht)
                    {
                        throw new WrappedConfigurationException(new OverlayConfigurationException(SOURCE + " line " +
                            overlayLine + ": <overlay name=\"" + name + "\"> needs <dht name=\"" +
                            OverlayConfiguration.CHORD + "\"/>"));
                    }
                    if (bootstrapPeers.isEmpty() && multicast.isEmpty())
                    {
                        throw new WrappedConfigurationException(new OverlayConfigurationException(SOURCE + " line " +
                            overlayLine + ": <overlay name=\"" + name + "\"> needs at least one <bootstrap-peer " +
                            "address=\"...\" port=\"...\"/> or <multicast-bootstrap .../>"));
                    }
                    overlays.add(new OverlayConfiguration(name, expiration, dht, List.copyOf(rootCerts),
                        List.copyOf(usages), List.copyOf(credentialServers), List.copyOf(bootstrapPeers),
                        List.copyOf(multicast), updateFrequency, pingFrequency));
                    inOverlay = false;
                    break;
                default:
                    break;
            }
        }

        private String required(final Attributes atts, final String element, final String attribute)
            throws SAXException
        {
            final String value = atts.getValue(attribute);
            if (null == value || value.isBlank())
            {
                throw error("<" + element + "> needs a " + attribute);
            }
            return value.strip();
        }

        private long positive(final String element, final String what, final String value) throws SAXException
        {
            try
            {
                final long n = Long.parseLong(value.strip());
                if (n <= 0)
                {
                    throw error("<" + element + "> " + what + " must be a positive number of seconds, not " + n);
                }
                return n;
            }
            catch (final NumberFormatException ex)
            {
                throw error("<" + element + "> " + what + " must be a number of seconds, not \"" + value + "\"");
            }
        }

        private URI httpsUrl(final String url) throws SAXException
        {
            try
            {
                final URI uri = new URI(url);
                if (!"https".equals(null == uri.getScheme() ? null : uri.getScheme().toLowerCase(Locale.ROOT)))
                {
                    throw error("<credential-server url=\"" + url + "\"> must be an https: URL (draft §8.2)");
                }
                return uri;
            }
            catch (final URISyntaxException ex)
            {
                throw error("<credential-server url=\"" + url + "\"> is not a URL: " + ex.getMessage());
            }
        }

        private InetSocketAddress address(final Attributes atts, final String element) throws SAXException
        {
            final String host = required(atts, element, "address");
            final String portText = atts.getValue("port");
            if (null == portText)
            {
                throw error("<" + element + "> needs a port");
            }
            final int port;
            try
            {
                port = Integer.parseInt(portText.strip());
            }
            catch (final NumberFormatException ex)
            {
                throw error("<" + element + "> port \"" + portText + "\" is not a number");
            }
            if (port < 1 || port > 65535)
            {
                throw error("<" + element + "> port " + port + " is outside 1..65535");
            }
            if (!host.matches("[0-9.]+|[0-9a-fA-F:]+"))
            {
                throw error("<" + element + "> address \"" + host + "\" must be an IP address, not a host name");
            }
            try
            {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            }
            catch (final UnknownHostException ex)
            {
                throw error("<" + element + "> address \"" + host + "\" is not a valid IP address");
            }
        }
    }
}
