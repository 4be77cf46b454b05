package io.relo.codec.header;

/**
 * Forwarding header frames written by hand, field by field, from the figure of draft §4.1, never by the code under
 * test. Offsets in the comments are from the first byte of the frame.
 */
final class HeaderFrames
{
    /** Peer-id the route lists point at: the destination. */
    static final long DEST_HI = 0xE0E1E2E3E4E5E6E7L;
    static final long DEST_LO = 0xE8E9EAEBECEDEEEFL;

    /** Peer-ids A, B and C of the draft §4.1.2.3.3 example. */
    static final long A_HI = 0xA0A1A2A3A4A5A6A7L;
    static final long A_LO = 0xA8A9AAABACADAEAFL;
    static final long B_HI = 0xB0B1B2B3B4B5B6B7L;
    static final long B_LO = 0xB8B9BABBBCBDBEBFL;
    static final long C_HI = 0xC0C1C2C3C4C5C6C7L;
    static final long C_LO = 0xC8C9CACBCCCDCECFL;

    /** draft §4.1.2.3.3: what D receives from C with via list (A, B), a recursive PING towards DEST. */
    static final byte[] RECURSIVE = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "70 B1 BC FD",                                      // 4  overlay: CRC-32("relo.example.org")
        "20",                                               // 8  TTL 32
        "01",                                               // 9  routing RECURSIVE
        "00 00",                                            // 10 FRAG 0, LFRG 0, fragment offset 0
        "01",                                               // 12 EXP 0, version 1
        "00 00 58",                                         // 13 Length 88
        "01 02 03 04 05 06 07 08",                          // 16 transaction id
        "01",                                               // 24 route list length: 1 id
        "02",                                               // 25 via list length: 2 ids
        "00 00",                                            // 26 flags: ROUTE-LOG clear, so no route log
        "E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF",  // 28 route[0] = DEST
        "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",  // 44 via[0] = A
        "B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF",  // 60 via[1] = B
        "00 01 00 00",                                      // 76 contents: common header, PING request
        "00 00 00 04",                                      // 80 payload length 4
        "DE AD BE EF");                                     // 84 payload; 88 end

    /** The contents of {@link #RECURSIVE}, from byte 76. */
    static final byte[] RECURSIVE_CONTENTS = hex("00 01 00 00", "00 00 00 04", "DE AD BE EF");

    /** draft §4.1.2.3.3: what D forwards to E, TTL decremented and via list (A, B, C). */
    static final byte[] RECURSIVE_FORWARDED_BY_D = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "70 B1 BC FD",                                      // 4  overlay: CRC-32("relo.example.org")
        "1F",                                               // 8  TTL 31
        "01",                                               // 9  routing RECURSIVE
        "00 00",                                            // 10 not a fragment
        "01",                                               // 12 EXP 0, version 1
        "00 00 68",                                         // 13 Length 104
        "01 02 03 04 05 06 07 08",                          // 16 transaction id
        "01",                                               // 24 route list length: 1 id
        "03",                                               // 25 via list length: 3 ids
        "00 00",                                            // 26 flags
        "E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF",  // 28 route[0] = DEST
        "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",  // 44 via[0] = A
        "B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF",  // 60 via[1] = B
        "C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF",  // 76 via[2] = C
        "00 01 00 00",                                      // 92 contents, unchanged
        "00 00 00 04",
        "DE AD BE EF");                                     // 104 end

    /** draft §4.1.2.3.2: {@link #RECURSIVE} after DEST strips its own entry; the message is for DEST. */
    static final byte[] RECURSIVE_STRIPPED = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "70 B1 BC FD",                                      // 4  overlay
        "20",                                               // 8  TTL 32
        "01",                                               // 9  routing RECURSIVE
        "00 00",                                            // 10 not a fragment
        "01",                                               // 12 version 1
        "00 00 48",                                         // 13 Length 72
        "01 02 03 04 05 06 07 08",                          // 16 transaction id
        "00",                                               // 24 route list length: empty
        "02",                                               // 25 via list length: 2 ids
        "00 00",                                            // 26 flags
        "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",  // 28 via[0] = A
        "B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF",  // 44 via[1] = B
        "00 01 00 00",                                      // 60 contents, unchanged
        "00 00 00 04",
        "DE AD BE EF");                                     // 72 end

    /** The last fragment of a message, starting 291 units (2,328 bytes) into the reassembled contents. */
    static final byte[] LAST_FRAGMENT = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "2C 24 D4 D3",                                      // 4  overlay: CRC-32("chord.overlay.example.com")
        "10",                                               // 8  TTL 16
        "00",                                               // 9  routing UNSPECIFIED
        "C1 23",                                            // 10 FRAG 1, LFRG 1, fragment offset 0x123
        "01",                                               // 12 EXP 0, version 1
        "00 00 31",                                         // 13 Length 49
        "FF EE DD CC BB AA 99 88",                          // 16 transaction id
        "01",                                               // 24 route list length: 1 id
        "00",                                               // 25 via list length: empty
        "00 00",                                            // 26 flags
        "E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF",  // 28 route[0] = DEST
        "11 22 33 44 55");                                  // 44 5 bytes of the fragment; 49 end

    /** A bare header of a private protocol version: EXP set, no lists, no contents. */
    static final byte[] EXPERIMENTAL = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "CB F4 39 26",                                      // 4  overlay: CRC-32("123456789")
        "01",                                               // 8  TTL 1
        "02",                                               // 9  routing ITERATIVE
        "00 00",                                            // 10 not a fragment
        "81",                                               // 12 EXP 1, version 1
        "00 00 1C",                                         // 13 Length 28
        "00 00 00 00 00 00 00 2A",                          // 16 transaction id 42
        "00",                                               // 24 route list length: empty
        "00",                                               // 25 via list length: empty
        "00 00");                                           // 26 flags; 28 end

    /** A request with ROUTE-LOG set and a route log of 6 bytes of entries, opaque to the forwarding header. */
    static final byte[] ROUTE_LOG = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "70 B1 BC FD",                                      // 4  overlay: CRC-32("relo.example.org")
        "FF",                                               // 8  TTL 255
        "02",                                               // 9  routing ITERATIVE
        "00 00",                                            // 10 not a fragment
        "01",                                               // 12 EXP 0, version 1
        "00 00 48",                                         // 13 Length 72
        "80 00 00 00 00 00 00 01",                          // 16 transaction id, top bit set
        "01",                                               // 24 route list length: 1 id
        "01",                                               // 25 via list length: 1 id
        "00 01",                                            // 26 flags: ROUTE-LOG
        "E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF",  // 28 route[0] = DEST
        "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",  // 44 via[0] = A
        "00 06",                                            // 60 route log: 6 bytes of entries
        "01 02 03 04 05 06",                                // 62 route log entries
        "00 01 00 00");                                     // 68 contents: common header, PING request; 72 end

    /** {@link #ROUTE_LOG} after a hop appends a 3-byte route log entry. */
    static final byte[] ROUTE_LOG_APPENDED = hex(
        "52 45 4C 4F",                                      // 0  magic "RELO"
        "70 B1 BC FD",                                      // 4  overlay
        "FF",                                               // 8  TTL 255
        "02",                                               // 9  routing ITERATIVE
        "00 00",                                            // 10 not a fragment
        "01",                                               // 12 version 1
        "00 00 4B",                                         // 13 Length 75
        "80 00 00 00 00 00 00 01",                          // 16 transaction id
        "01",                                               // 24 route list length: 1 id
        "01",                                               // 25 via list length: 1 id
        "00 01",                                            // 26 flags: ROUTE-LOG
        "E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF",  // 28 route[0] = DEST
        "A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF",  // 44 via[0] = A
        "00 09",                                            // 60 route log: 9 bytes of entries
        "01 02 03 04 05 06 07 08 09",                       // 62 old entries, then the new one
        "00 01 00 00");                                     // 71 contents, unchanged; 75 end

    private HeaderFrames()
    {
    }

    /**
     * @param parts hex digits, spaces ignored.
     * @return the bytes.
     */
    static byte[] hex(final String... parts)
    {
        final String digits = String.join("", parts).replace(" ", "");
        if ((digits.length() & 1) != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + digits);
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
