package io.relo.codec;

/**
 * Values of the forwarding header's Routing field, the routing the requester would like (draft §4.1).
 */
public final class Routing
{
    /** draft §4.1: "UNSPECIFIED : 0x00". */
    public static final int UNSPECIFIED = 0;
    /** draft §4.1: "RECURSIVE : 0x01". */
    public static final int RECURSIVE = 1;
    /** draft §4.1: "ITERATIVE : 0x02". */
    public static final int ITERATIVE = 2;

    private Routing()
    {
    }

    /**
     * @param routing a Routing field value.
     * @return its name, such as "RECURSIVE", or "routing 7" for a value the draft does not define.
     */
    public static String name(final int routing)
    {
        switch (routing)
        {
            case UNSPECIFIED:
                return "UNSPECIFIED";
            case RECURSIVE:
                return "RECURSIVE";
            case ITERATIVE:
                return "ITERATIVE";
            default:
                return "routing " + routing;
        }
    }
}
