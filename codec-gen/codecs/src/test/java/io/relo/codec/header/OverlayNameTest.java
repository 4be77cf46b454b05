package io.relo.codec.header;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The overlay hash is CRC-32/ISO-HDLC of the UTF-8 name as configured; expected values come from Python's
 * {@code zlib.crc32}, not from the code under test.
 */
class OverlayNameTest
{
    @Test
    void shouldMatchCrc32CheckValue()
    {
        // the catalogued check value of CRC-32/ISO-HDLC
        assertEquals(0xCBF43926, OverlayName.hash("123456789"));
    }

    @Test
    void shouldHashOverlayNamesAsZlibDoes()
    {
        // python3 -c 'import zlib; print(hex(zlib.crc32(b"relo.example.org")))'
        assertEquals(0x70B1BCFD, OverlayName.hash("relo.example.org"));
        assertEquals(0x2C24D4D3, OverlayName.hash("chord.overlay.example.com"));
        assertEquals(0, OverlayName.hash(""));
    }

    @Test
    void shouldNotFoldCase()
    {
        assertEquals(0x9151CA33, OverlayName.hash("RELO.example.org"));
    }

    @Test
    void shouldHashUtf8BytesNotLatin1()
    {
        // zlib.crc32("überlay.example".encode("utf-8")); Latin-1 bytes would give 0x4B74970C
        assertEquals(0xE1AC0B3F, OverlayName.hash("\u00FCberlay.example"));
    }
}
