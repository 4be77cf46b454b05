package io.relo.codec;

/**
 * Type-ids (uint24) naming the kinds of data stored in the overlay (draft §3.1.4, §5.2.1; RFC 7904 §9.1).
 * <p>
 * Choice: RFC 7904 §9.1 assigns SIP-REGISTRATION; draft-02 assigns no numbers for the TURN and certificate usages
 * (§3.7.3, §3.7.2), so relo numbers them next.
 */
public final class KindId
{
    /** RFC 7904 §9.1: SIP-REGISTRATION. */
    public static final int SIP_REGISTRATION = 0x1;
    /** Choice: the TURN service usage of draft §3.7.3. */
    public static final int TURN_SERVICE = 0x2;
    /** Choice: the certificate store usage of draft §3.7.2. */
    public static final int CERTIFICATE = 0x3;

    /** The most a uint24 type-id can hold. */
    public static final int MAX_KIND_ID = 0xFF_FFFF;

    private KindId()
    {
    }

    /**
     * @param kindId a type-id.
     * @return its name, such as "SIP-REGISTRATION", or "kind 0x1234" for one relo does not define.
     */
    public static String name(final int kindId)
    {
        switch (kindId)
        {
            case SIP_REGISTRATION:
                return "SIP-REGISTRATION";
            case TURN_SERVICE:
                return "TURN-SERVICE";
            case CERTIFICATE:
                return "CERTIFICATE";
            default:
                return "kind 0x" + Integer.toHexString(kindId);
        }
    }
}
