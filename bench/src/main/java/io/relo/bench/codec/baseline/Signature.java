package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;

/**
 * The signature of draft §4.2.3 as an object: algorithm, signature value and signer identity.
 */
public final class Signature
{
    private final int algorithm;
    private final byte[] signatureValue;
    private final SignerIdentity identity;

    Signature(final int algorithm, final byte[] signatureValue, final SignerIdentity identity)
    {
        this.algorithm = algorithm;
        this.signatureValue = signatureValue;
        this.identity = identity;
    }

    /**
     * @param buffer positioned at the signature.
     * @return the signature; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed.
     */
    public static Signature parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int algorithm = Reads.uint8(buffer, "signature.algorithm");
        final byte[] signatureValue = Reads.opaque(buffer, 2, 65000, "signature.signature_value");
        final SignerIdentity identity = SignerIdentity.parse(buffer);
        return new Signature(algorithm, signatureValue, identity);
    }

    public int algorithm()
    {
        return algorithm;
    }

    public byte[] signatureValue()
    {
        return signatureValue;
    }

    public SignerIdentity identity()
    {
        return identity;
    }
}
