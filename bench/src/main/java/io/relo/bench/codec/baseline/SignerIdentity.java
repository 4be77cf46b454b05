package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The signer identity of draft §4.2.3 as an object: a peer-id, a name or a certificate.
 */
public final class SignerIdentity
{
    /** draft §4.2.3: signer_identity_peer. */
    public static final int PEER = 1;
    /** draft §4.2.3: signer_identity_name. */
    public static final int NAME = 2;
    /** draft §4.2.3: signer_identity_certificate. */
    public static final int CERTIFICATE = 3;

    private final int type;
    private final byte[] peerId;
    private final String name;
    private final byte[] certificate;

    SignerIdentity(final int type, final byte[] peerId, final String name, final byte[] certificate)
    {
        this.type = type;
        this.peerId = peerId;
        this.name = name;
        this.certificate = certificate;
    }

    /**
     * @param buffer positioned at the identity.
     * @return the identity; the buffer's position is after it.
     * @throws MalformedMessageException if it is truncated or its type is unknown.
     */
    public static SignerIdentity parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int type = Reads.uint8(buffer, "signer_identity.type");
        switch (type)
        {
            case PEER:
                return new SignerIdentity(type, Reads.id(buffer, "signer_identity.id"), null, null);

            case NAME:
                final byte[] name = Reads.opaque(buffer, 2, 65000, "signer_identity.signer_name");
                return new SignerIdentity(type, null, new String(name, UTF_8), null);

            case CERTIFICATE:
                return new SignerIdentity(
                    type, null, null, Reads.opaque(buffer, 2, 65000, "signer_identity.certificate"));

            default:
                throw new MalformedMessageException("signer_identity.type: unknown type " + type);
        }
    }

    public int type()
    {
        return type;
    }

    /**
     * @return the 16-byte peer-id of a {@link #PEER} identity, else null.
     */
    public byte[] peerId()
    {
        return peerId;
    }

    /**
     * @return the name of a {@link #NAME} identity, else null.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the certificate of a {@link #CERTIFICATE} identity, else null.
     */
    public byte[] certificate()
    {
        return certificate;
    }
}
