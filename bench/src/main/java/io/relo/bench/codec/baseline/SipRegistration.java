package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.relo.bench.codec.baseline.Reads.ID_LENGTH;

/**
 * The SipRegistration of RFC 7904 §3.2 as an object: a URI, or contact preferences and a destination list of 16-byte
 * ids.
 */
public final class SipRegistration
{
    /** RFC 7904 §3.2: sip_registration_uri. */
    public static final int URI = 1;
    /** RFC 7904 §3.2: sip_registration_route. */
    public static final int ROUTE = 2;

    private final int type;
    private final int length;
    private final byte[] uri;
    private final byte[] contactPrefs;
    private final List<byte[]> destinations;

    SipRegistration(
        final int type, final int length, final byte[] uri, final byte[] contactPrefs, final List<byte[]> destinations)
    {
        this.type = type;
        this.length = length;
        this.uri = uri;
        this.contactPrefs = contactPrefs;
        this.destinations = destinations;
    }

    /**
     * @param buffer positioned at the registration.
     * @return the registration; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed or the type is unknown.
     */
    public static SipRegistration parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int type = Reads.uint8(buffer, "SipRegistration.type");
        final int length = Reads.uint16(buffer, "SipRegistration.length");
        if (length > buffer.remaining())
        {
            throw new MalformedMessageException(
                "SipRegistration.length: " + length + " bytes run past the end, only " + buffer.remaining() + " remain");
        }
        final int savedLimit = buffer.limit();
        buffer.limit(buffer.position() + length);
        byte[] uri = null;
        byte[] contactPrefs = null;
        List<byte[]> destinations = null;
        switch (type)
        {
            case URI:
                uri = Reads.opaque(buffer, 2, 0xFFFF, "SipRegistrationData.uri");
                break;

            case ROUTE:
            {
                contactPrefs = Reads.opaque(buffer, 2, 0xFFFF, "SipRegistrationData.contact_prefs");
                final int listLength = Reads.vectorLength(buffer, 2, 0xFFFF, "SipRegistrationData.destination_list");
                if (listLength < 3)
                {
                    throw new MalformedMessageException(
                        "SipRegistrationData.destination_list: " + listLength + " bytes, fewer than its minimum of 3");
                }
                if (listLength % ID_LENGTH != 0)
                {
                    throw new MalformedMessageException(
                        "SipRegistrationData.destination_list: " + listLength + " bytes is not a whole number of ids");
                }
                final int count = listLength / ID_LENGTH;
                destinations = new ArrayList<>(count);
                for (int i = 0; i < count; i++)
                {
                    final byte[] id = new byte[ID_LENGTH];
                    buffer.get(id);
                    destinations.add(id);
                }
                break;
            }

            default:
                throw new MalformedMessageException("SipRegistration.type: unknown type " + type);
        }
        Reads.requireEnd(buffer, "SipRegistration (its length field disagrees with its contents)");
        buffer.limit(savedLimit);
        return new SipRegistration(type, length, uri, contactPrefs, destinations);
    }

    public int type()
    {
        return type;
    }

    public int length()
    {
        return length;
    }

    /**
     * @return the URI of a {@link #URI} registration, else null.
     */
    public byte[] uri()
    {
        return uri;
    }

    /**
     * @return the contact preferences of a {@link #ROUTE} registration, else null.
     */
    public byte[] contactPrefs()
    {
        return contactPrefs;
    }

    /**
     * @return the destination list of a {@link #ROUTE} registration, else null.
     */
    public List<byte[]> destinations()
    {
        return destinations;
    }
}
