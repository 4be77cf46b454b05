package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Resource names, such as a SIP AOR, mapped to the resource-ids that place them on the ring (wire-format.md §4.8).
 */
public final class ResourceId
{
    private static final String DIGEST = "SHA-1";

    private ResourceId()
    {
    }

    /**
     * draft §7: chord-128-2-8 "uses a 128 bit hash function" and names none; relo takes the first 128 bits of SHA-1
     * over the UTF-8 name, as RFC 6940 later fixed it.
     *
     * @param name the resource name.
     * @return its resource-id.
     */
    public static PeerId of(final String name)
    {
        final byte[] hash;
        try
        {
            hash = MessageDigest.getInstance(DIGEST).digest(name.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform must provide " + DIGEST, ex);
        }
        return new PeerId(bigEndianLong(hash, 0), bigEndianLong(hash, 8));
    }

    private static long bigEndianLong(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }
}
