package io.relo.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common header of draft §4.2.1 and relo's echo of the answered method in a response's reserved bits.
 */
class CommonHeaderTest
{
    @Test
    void shouldEncodeRequestWordWithRBitClear()
    {
        final int word = CommonHeader.requestWord(MethodCode.STORE);

        assertEquals(0x0004, word);
        assertFalse(CommonHeader.isResponse(word));
        assertEquals(MethodCode.STORE, CommonHeader.code(word));
    }

    @Test
    void shouldEncodeResponseWordWithRBitSet()
    {
        final int word = CommonHeader.responseWord(ResponseCode.MOVED_TEMPORARILY);

        assertEquals(0x812E, word);
        assertTrue(CommonHeader.isResponse(word));
        assertEquals(302, CommonHeader.code(word));
    }

    @Test
    void shouldWriteRequestWithZeroReservedBits()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[6]);
        buffer.setMemory(0, 6, (byte)0xFF);

        CommonHeader.putRequest(buffer, 1, MethodCode.FETCH);

        // R/r 0, code 5 | reserved 0
        assertArrayEquals(new byte[]{ (byte)0xFF, 0x00, 0x05, 0x00, 0x00, (byte)0xFF }, buffer.byteArray());
        assertEquals(0x0005, CommonHeader.codeWord(buffer, 1));
        assertEquals(0, CommonHeader.reserved(buffer, 1));
    }

    @Test
    void shouldEchoAnsweredMethodInReservedBitsOfResponse()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);

        CommonHeader.putResponse(buffer, 0, ResponseCode.OK, MethodCode.FETCH);

        // R/r 1, code 200 = 0x80C8 | reserved = FETCH
        assertArrayEquals(new byte[]{ (byte)0x80, (byte)0xC8, 0x00, 0x05 }, buffer.byteArray());
        final int word = CommonHeader.codeWord(buffer, 0);
        assertTrue(CommonHeader.isResponse(word));
        assertEquals(ResponseCode.OK, CommonHeader.code(word));
        assertEquals(MethodCode.FETCH, CommonHeader.reserved(buffer, 0));
    }

    @Test
    void shouldRefuseCodesWiderThanFifteenBits()
    {
        assertThrows(IllegalArgumentException.class, () -> CommonHeader.requestWord(0x8000));
        assertThrows(IllegalArgumentException.class, () -> CommonHeader.responseWord(-1));
        assertThrows(
            IllegalArgumentException.class,
            () -> CommonHeader.putResponse(new UnsafeBuffer(new byte[4]), 0, ResponseCode.OK, 0x8000));
    }

    @Test
    void shouldNameCodePoints()
    {
        assertEquals("PING", MethodCode.name(MethodCode.PING));
        assertEquals("UPDATE", MethodCode.name(MethodCode.UPDATE));
        assertEquals("method 0", MethodCode.name(0));
        assertEquals("method 77", MethodCode.name(77));
        assertEquals("Moved Temporarily", ResponseCode.reasonPhrase(ResponseCode.MOVED_TEMPORARILY));
        assertEquals("Incompatible with Overlay", ResponseCode.reasonPhrase(ResponseCode.INCOMPATIBLE_WITH_OVERLAY));
        assertEquals("UnWilling To Proxy", ResponseCode.reasonPhrase(ResponseCode.UNWILLING_TO_PROXY));
        assertEquals("response code 777", ResponseCode.reasonPhrase(777));
        assertEquals("RECURSIVE", Routing.name(Routing.RECURSIVE));
        assertEquals("routing 7", Routing.name(7));
        assertEquals("SIP-REGISTRATION", KindId.name(KindId.SIP_REGISTRATION));
        assertEquals("kind 0x1234", KindId.name(0x1234));
        assertEquals("ECDSA-P256-SHA256", SignatureAlgorithm.name(SignatureAlgorithm.ECDSA_P256_SHA256));
        assertEquals("algorithm 9", SignatureAlgorithm.name(9));
    }

    @Test
    void shouldKeepWireValuesOfChoicesMadeWhereTheDraftAssignsNone()
    {
        // changing any of these breaks interoperability with deployed relo peers; see docs/wire-format.md
        final int[] methods = {
            MethodCode.PING, MethodCode.CONNECT, MethodCode.TUNNEL, MethodCode.STORE, MethodCode.FETCH,
            MethodCode.REMOVE, MethodCode.FIND, MethodCode.JOIN, MethodCode.LEAVE, MethodCode.UPDATE };
        for (int i = 0; i < methods.length; i++)
        {
            assertEquals(i + 1, methods[i]);
        }
        assertEquals(2, KindId.TURN_SERVICE);
        assertEquals(3, KindId.CERTIFICATE);
        assertEquals(3, SignatureAlgorithm.ECDSA_P256_SHA256);
    }
}
