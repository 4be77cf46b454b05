package io.relo.codec.header;

import java.util.zip.CRC32;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The overlay field of the forwarding header computed from an overlay name (draft §4.1: "The CRC-32 checksum MUST be
 * used to convert the variable length string representing the overlay name into a 32bit value").
 * <p>
 * The draft names no CRC-32 variant; relo uses CRC-32/ISO-HDLC, the one of {@link CRC32}, zlib and IEEE 802.3
 * (polynomial 0x04C11DB7 reflected, init and xorout 0xFFFFFFFF), over the UTF-8 bytes of the name exactly as
 * configured, with no case folding or trimming. Hash once when the overlay is configured, not per frame.
 */
public final class OverlayName
{
    private OverlayName()
    {
    }

    /**
     * @param name of the overlay, as configured.
     * @return the 32-bit value carried in the overlay field; compare with
     *         {@link ForwardingHeaderFlyweight#overlay()}.
     */
    public static int hash(final String name)
    {
        final CRC32 crc = new CRC32();
        crc.update(name.getBytes(UTF_8));
        return (int)crc.getValue();
    }
}
