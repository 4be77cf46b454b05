package io.relo.bench.codec.baseline;

import io.relo.codec.MethodCode;

import java.nio.ByteBuffer;

/**
 * A received STORE request as objects: forwarding header, message contents, the parsed store_request payload and the
 * optional message signature.
 */
public final class Message
{
    // draft §4.2.1: a request has R/r clear and the method in the code bits
    private static final int STORE_REQUEST_CODE = MethodCode.STORE;

    private final ForwardingHeader header;
    private final MessageContents contents;
    private final StoreRequest storeRequest;
    private final Signature signature;

    Message(
        final ForwardingHeader header,
        final MessageContents contents,
        final StoreRequest storeRequest,
        final Signature signature)
    {
        this.header = header;
        this.contents = contents;
        this.storeRequest = storeRequest;
        this.signature = signature;
    }

    /**
     * Parse and validate a whole STORE request datagram.
     *
     * @param datagram between its position and limit.
     * @return the message.
     * @throws MalformedMessageException if any part is malformed or it is not a STORE request.
     */
    public static Message parse(final ByteBuffer datagram) throws MalformedMessageException
    {
        final ForwardingHeader header = ForwardingHeader.parse(datagram);
        final MessageContents contents = MessageContents.parse(datagram);
        if (contents.code() != STORE_REQUEST_CODE)
        {
            throw new MalformedMessageException(
                "message_contents.code: 0x" + Integer.toHexString(contents.code()) + " is not a STORE request");
        }

        // a message signature follows the contents iff bytes remain before Length
        Signature signature = null;
        if (datagram.hasRemaining())
        {
            signature = Signature.parse(datagram);
            Reads.requireEnd(datagram, "signature");
        }

        final ByteBuffer payload = ByteBuffer.wrap(contents.payload());
        final StoreRequest storeRequest = StoreRequest.parse(payload);
        Reads.requireEnd(payload, "store_request");

        return new Message(header, contents, storeRequest, signature);
    }

    public ForwardingHeader header()
    {
        return header;
    }

    public MessageContents contents()
    {
        return contents;
    }

    public StoreRequest storeRequest()
    {
        return storeRequest;
    }

    /**
     * @return the message signature, or null when none follows the contents.
     */
    public Signature signature()
    {
        return signature;
    }
}
