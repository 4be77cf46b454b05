package io.relo.cli;

import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.message.ExampleFrames;
import io.relo.codec.message.MessageDecoder;
import io.relo.codec.runtime.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.relo.cli.CommandRun.relo;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeCommandTest
{
    // the ping-request example as the demo prints it; if the example changes, this golden frame must not
    private static final String PING_REQUEST_HEX =
        "52454c4f fb24bf49 62010000 01000057 5f3a9c01 e2b7d468 01020000 c84f2a6d\n" +
        "19e07b53 2e6b0f94 a51c8d70 3f1c9a7e 52d04b86 9e2a61f0 c47d3b15 5b9e0d3a\n" +
        "7c26f184 d3047a95 e1b86c2f 00010000 00000003 020102\n";

    private static final String PING_REQUEST_DECODED = """
        frame: 87 bytes, a well-formed message
        forwarding header: 76 bytes (28 fixed + 16 route list + 32 via list + 0 route log)
          overlay: 0xfb24bf49
          ttl: 98
          routing: 1 (RECURSIVE)
          fragment: FRAG=0 LFRG=0 offset=0
          version: 1 EXP=0
          length: 87
          transaction id: 0x5f3a9c01e2b7d468
          route list: 1 id
            [0] c84f2a6d19e07b532e6b0f94a51c8d70
          via list: 2 ids
            [0] 3f1c9a7e52d04b869e2a61f0c47d3b15
            [1] 5b9e0d3a7c26f184d3047a95e1b86c2f
          flags: 0x0000
          (message contents start at byte 76)
        message contents: 11 bytes
          request: PING (method 1)
          payload: 3 bytes, ping_request
            ping_request
              ping_info: [1, 2]
        signature: none
        """;

    @Test
    void shouldPrintEveryFieldOfAGoldenFrameGivenAsHex()
    {
        final CommandRun run = relo("decode", PING_REQUEST_HEX);

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(PING_REQUEST_DECODED, run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldAcceptHexWithColonsAndALeadingZeroX()
    {
        final String compact = PING_REQUEST_HEX.replaceAll("\\s", "");
        final StringBuilder colons = new StringBuilder("0x");
        for (int i = 0; i < compact.length(); i += 2)
        {
            colons.append(i == 0 ? "" : ":").append(compact, i, i + 2);
        }

        final CommandRun run = relo("decode", colons.toString());

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(PING_REQUEST_DECODED, run.out());
    }

    @Test
    void shouldDecodeABinaryFile(@TempDir final Path directory) throws Exception
    {
        final Path file = directory.resolve("store-request.bin");
        Files.write(file, ExampleFrames.storeRequest());

        final CommandRun run = relo("decode", file.toString());

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("frame: " + ExampleFrames.storeRequest().length +
            " bytes, a well-formed message\n"), run.out());
        assertTrue(run.out().contains("\n  request: STORE (method 4)\n"), run.out());
        assertTrue(run.out().contains("uri as text: \"sip:sam@dht.example.org\""), run.out());
    }

    @Test
    void shouldDecodeBinaryFromStdin()
    {
        final InputStream stdin = System.in;
        try
        {
            System.setIn(new ByteArrayInputStream(ExampleFrames.notFoundResponse()));
            final CommandRun run = relo("decode", "-");

            assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("\n  response: 404 Not Found to FETCH"), run.out());
        }
        finally
        {
            System.setIn(stdin);
        }
    }

    @Test
    void shouldExitOneWithThePreciseReasonWhenTheRouteListRunsPastTheDatagram()
    {
        final byte[] frame = Arrays.copyOf(ExampleFrames.pingRequest(), 120);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        buffer.putByte(ForwardingHeaderDescriptor.ROUTE_LIST_LENGTH_OFFSET, (byte)40);
        Wire.putUint24(buffer, ForwardingHeaderDescriptor.LENGTH_OFFSET, 120);

        final CommandRun run = relo("decode", DemoCommand.hex(frame, ""));

        assertEquals(Relo.EXIT_MALFORMED, run.exitCode());
        assertEquals("relo decode: route list (40 ids) runs past the end of the datagram at byte 668 > 120\n",
            run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldExitOneNamingTheFieldOfAShortStorePayload()
    {
        final byte[] store = ExampleFrames.storeRequest();
        final MessageDecoder decoder = new MessageDecoder();
        assertEquals(MessageDecoder.OK, decoder.wrap(new UnsafeBuffer(store), 0, store.length));
        final int payloadOffset = decoder.payloadOffset();
        final int cut = payloadOffset + 40;
        final UnsafeBuffer buffer = new UnsafeBuffer(Arrays.copyOf(store, cut));
        Wire.putUint24(buffer, ForwardingHeaderDescriptor.LENGTH_OFFSET, cut);
        buffer.putInt(payloadOffset - 4, cut - payloadOffset, BIG_ENDIAN);

        final CommandRun run = relo("decode", DemoCommand.hex(buffer.byteArray(), ""));

        assertEquals(Relo.EXIT_MALFORMED, run.exitCode());
        final int storeDataAt = payloadOffset + 16;
        final int declared = buffer.getShort(storeDataAt, BIG_ENDIAN) & 0xFFFF;
        assertEquals("relo decode: payload of STORE request: store_request.store_data: " + declared +
            " bytes declared at byte " + storeDataAt + " run past the end of the enclosing structure at byte " + cut +
            "\n", run.err());
    }

    @Test
    void shouldExitTwoNamingABadHexDigitAndItsPosition()
    {
        final CommandRun run = relo("decode", "5245 4c4g");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo decode: 'g' at position 9 is not a hex digit;"), run.err());
        assertTrue(run.err().contains("Usage: relo decode"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldExitTwoSayingAFileIsMissing(@TempDir final Path directory)
    {
        final String missing = directory.resolve("no-such-frame.bin").toString();

        final CommandRun run = relo("decode", missing);

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo decode: no such file: " + missing + " "), run.err());
    }

    @Test
    void shouldExitTwoOnAnOddNumberOfHexDigits()
    {
        final CommandRun run = relo("decode", "52454");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo decode: odd number of hex digits"), run.err());
    }

    @Test
    void shouldExitOneOnAFrameShorterThanTheFixedHeader()
    {
        final CommandRun run = relo("decode", "52454c4f");

        assertEquals(Relo.EXIT_MALFORMED, run.exitCode());
        assertEquals("relo decode: datagram of 4 bytes is shorter than the 28-byte forwarding header (draft §4.1)\n",
            run.err());
    }
}
