package io.relo.control.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * One {@code overlay} element of an overlay configuration document (draft §8.2, content type
 * {@code application/p2p-overlay+xml}).
 *
 * @param name                 the overlay name; its CRC-32 is the header's Overlay field.
 * @param expirationSeconds    how long the document stays valid, from when it was fetched.
 * @param dht                  the DHT algorithm; relo implements chord-128-2-8.
 * @param rootCertificates     DER-encoded X.509 trust anchors.
 * @param requiredUsages       usages every peer must support, e.g. SIP.
 * @param credentialServers    https URLs of credential servers; empty means no credentials are required.
 * @param bootstrapPeers       addresses of bootstrap peers.
 * @param multicastBootstraps  multicast addresses for bootstrap.
 * @param updateFrequencySeconds chord-128-2-8-update-frequency (draft §7.5.3), default about ten minutes.
 * @param pingFrequencySeconds   chord-128-2-8-ping-frequency (draft §7.5.3), default about an hour.
 */
public record OverlayConfiguration(
    String name,
    long expirationSeconds,
    String dht,
    List<byte[]> rootCertificates,
    List<String> requiredUsages,
    List<URI> credentialServers,
    List<InetSocketAddress> bootstrapPeers,
    List<InetSocketAddress> multicastBootstraps,
    long updateFrequencySeconds,
    long pingFrequencySeconds)
{
    /** The content type of the document (draft §8.2). */
    public static final String CONTENT_TYPE = "application/p2p-overlay+xml";
    /** The namespace of its elements (draft §8.2). */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:p2p:overlay";
    /** The only DHT relo implements (draft §7). */
    public static final String CHORD = "chord-128-2-8";
    /** draft §7.5.3: "about every ten minutes". */
    public static final long UPDATE_FREQUENCY_DEFAULT_SECONDS = 600;
    /** draft §7.5.3: "about every hour". */
    public static final long PING_FREQUENCY_DEFAULT_SECONDS = 3600;
}
