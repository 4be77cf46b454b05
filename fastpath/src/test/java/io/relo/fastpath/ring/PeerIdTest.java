package io.relo.fastpath.ring;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing and printing 128-bit peer-ids as 32 hex digits, and their unsigned ring order.
 */
class PeerIdTest
{
    @Test
    void shouldParseThirtyTwoHexDigitsIntoHighAndLowHalves()
    {
        final PeerId id = PeerId.parse("0123456789abcdef8000000000000001");
        assertEquals(0x0123456789abcdefL, id.hi());
        assertEquals(0x8000000000000001L, id.lo());
    }

    @Test
    void shouldAcceptALeadingZeroXAndUpperCaseDigits()
    {
        assertEquals(new PeerId(-1L, 0xABCDL), PeerId.parse("0xFFFFFFFFFFFFFFFF000000000000ABCD"));
        assertEquals(new PeerId(-1L, 0xABCDL), PeerId.parse("0XffffffffffffffFF000000000000abcd"));
    }

    @Test
    void shouldPrintThirtyTwoLowerCaseDigitsThatParseBack()
    {
        assertEquals("00000000000000000000000000000000", new PeerId(0, 0).toString());
        assertEquals("ffffffffffffffffffffffffffffffff", PeerId.WILDCARD.toString());
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++)
        {
            final PeerId id = new PeerId(random.nextLong(), random.nextLong());
            final String text = id.toString();
            assertEquals(32, text.length());
            assertEquals(text.toLowerCase(), text);
            assertEquals(id, PeerId.parse(text));
        }
    }

    @Test
    void shouldRefuseTextOfTheWrongLengthSayingHowLongItIs()
    {
        final IllegalArgumentException shortId = assertThrows(IllegalArgumentException.class,
            () -> PeerId.parse("0123456789abcdef0123456789abcde"));
        assertEquals("a peer-id is 32 hex digits (128 bits), got 31 characters: \"0123456789abcdef0123456789abcde\"",
            shortId.getMessage());

        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> PeerId.parse("0x"));
        assertEquals("a peer-id is 32 hex digits (128 bits), got 0 characters: \"0x\"", empty.getMessage());

        final IllegalArgumentException padded = assertThrows(IllegalArgumentException.class,
            () -> PeerId.parse(" 0123456789abcdef0123456789abcdef"));
        assertEquals("a peer-id is 32 hex digits (128 bits), got 33 characters: \" 0123456789abcdef0123456789abcdef\"",
            padded.getMessage());
    }

    @Test
    void shouldRefuseANonHexCharacterNamingItsPosition()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PeerId.parse("0x0123g56789abcdef0123456789abcdef"));
        assertEquals("a peer-id is 32 hex digits, but character 5 of \"0x0123g56789abcdef0123456789abcdef\" is 'g'",
            ex.getMessage());

        final IllegalArgumentException sign = assertThrows(IllegalArgumentException.class,
            () -> PeerId.parse("-123456789abcdef0123456789abcdef"));
        assertEquals("a peer-id is 32 hex digits, but character 1 of \"-123456789abcdef0123456789abcdef\" is '-'",
            sign.getMessage());
    }

    @Test
    void shouldRefuseDigitsOutsideAscii()
    {
        // Character.digit accepts full-width and other Unicode digits; a peer-id is ASCII hex only.
        final String fullWidthA = "\uFF21123456789abcdef0123456789abcdef";
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PeerId.parse(fullWidthA));
        assertEquals("a peer-id is 32 hex digits, but character 1 of \"" + fullWidthA + "\" is '\uFF21'",
            ex.getMessage());

        final String arabicIndicThree = "0123456789abcdef0123456789abcde\u0663";
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(arabicIndicThree));
    }

    @Test
    void shouldOrderIdsAsUnsigned128BitRingPositions()
    {
        assertTrue(new PeerId(Long.MIN_VALUE, 0).compareTo(new PeerId(Long.MAX_VALUE, -1L)) > 0);
        assertTrue(new PeerId(0, -1L).compareTo(new PeerId(1, 0)) < 0);
        assertTrue(PeerId.WILDCARD.compareTo(new PeerId(-1L, -2L)) > 0);
        assertEquals(0, PeerId.parse("00000000000000010000000000000002").compareTo(new PeerId(1, 2)));
    }
}
