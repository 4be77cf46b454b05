package io.relo.codec;

/**
 * Values of the {@code algorithm} field of a signature (draft §4.2.3: "RSA-SHA1 (0x01) or RSA-SHA-256 (0x02)").
 * <p>
 * Choice: relo adds ECDSA over P-256 with SHA-256 as 0x03, the extension its P-256 certificates sign with.
 */
public final class SignatureAlgorithm
{
    /** draft §4.2.3: RSA-SHA1. */
    public static final int RSA_SHA1 = 1;
    /** draft §4.2.3: RSA-SHA-256. */
    public static final int RSA_SHA256 = 2;
    /** Choice, an extension: ECDSA on P-256 with SHA-256, for P-256 certificates. */
    public static final int ECDSA_P256_SHA256 = 3;

    private SignatureAlgorithm()
    {
    }

    /**
     * @param algorithm an algorithm field value.
     * @return its name, such as "RSA-SHA256", or "algorithm 9" for one relo does not define.
     */
    public static String name(final int algorithm)
    {
        switch (algorithm)
        {
            case RSA_SHA1:
                return "RSA-SHA1";
            case RSA_SHA256:
                return "RSA-SHA256";
            case ECDSA_P256_SHA256:
                return "ECDSA-P256-SHA256";
            default:
                return "algorithm " + algorithm;
        }
    }
}
