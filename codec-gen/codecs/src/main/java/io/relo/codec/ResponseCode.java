package io.relo.codec;

/**
 * Response codes carried in the code field of a response's common header, with the reason phrases that draft §4.3
 * says an error response SHOULD carry.
 */
public final class ResponseCode
{
    /** draft §4.3: the request succeeded. */
    public static final int OK = 200;
    /** draft §4.3: retry at the peer-id in error_info; used for iterative routing. */
    public static final int MOVED_TEMPORARILY = 302;
    /** draft §4.3: the requester needs to sign and provide a certificate. */
    public static final int UNAUTHORIZED = 401;
    /** draft §4.3: the requester has no permission for this request. */
    public static final int FORBIDDEN = 403;
    /** draft §4.3: the resource or peer cannot be found or does not exist. */
    public static final int NOT_FOUND = 404;
    /** draft §4.3: no response arrived in a suitable time. */
    public static final int REQUEST_TIMEOUT = 408;
    /** draft §4.3: a precondition, such as a generation counter, was wrong. */
    public static final int PRECONDITION_FAILED = 412;
    /** draft §4.3: the receiver uses a different overlay, DHT algorithm or hash algorithm. */
    public static final int INCOMPATIBLE_WITH_OVERLAY = 498;
    /** draft §4.3: the receiver will not perform the Routing the header asks for. */
    public static final int UNWILLING_TO_PROXY = 499;

    private ResponseCode()
    {
    }

    /**
     * @param code a response code.
     * @return the draft §4.3 reason phrase, such as "Moved Temporarily", or "response code 777" for a code the draft
     *         does not define.
     */
    public static String reasonPhrase(final int code)
    {
        switch (code)
        {
            case OK:
                return "OK";
            case MOVED_TEMPORARILY:
                return "Moved Temporarily";
            case UNAUTHORIZED:
                return "Unauthorized";
            case FORBIDDEN:
                return "Forbidden";
            case NOT_FOUND:
                return "Not Found";
            case REQUEST_TIMEOUT:
                return "Request Timeout";
            case PRECONDITION_FAILED:
                return "Precondition Failed";
            case INCOMPATIBLE_WITH_OVERLAY:
                return "Incompatible with Overlay";
            case UNWILLING_TO_PROXY:
                return "UnWilling To Proxy";
            default:
                return "response code " + code;
        }
    }
}
