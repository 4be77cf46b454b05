package io.relo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The argument checks of {@code relo forwarder}: each refusal exits 2 with a message naming the option and the
 * expected form. Running forwarders are covered by StandaloneForwarderTest and ForwarderSystemTest.
 */
class ForwarderCommandTest
{
    private static final String SELF = "20000000000000000000000000000000";
    private static final String PRED = "10000000000000000000000000000000";
    private static final String PEER = "30000000000000000000000000000000";

    private static CommandRun forwarder(final String... replacements)
    {
        final List<String> args = new ArrayList<>(List.of("forwarder", "--overlay", "lab", "--id", SELF, "--pred",
            PRED, "--listen", "127.0.0.1:0", "--plaintext", "--link", PEER + "@127.0.0.1:9", "--idle", "backoff"));
        for (int i = 0; i < replacements.length; i += 2)
        {
            final int at = args.indexOf(replacements[i]);
            if (null == replacements[i + 1])
            {
                args.remove(at);
            }
            else
            {
                args.set(at + 1, replacements[i + 1]);
            }
        }
        return relo(args.toArray(new String[0]));
    }

    @Test
    void shouldRefuseToStartWithoutPlaintextSayingWhy()
    {
        final CommandRun run = forwarder("--plaintext", null);

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo forwarder: --plaintext is required. Links will be DTLS by default " +
            "once security lands;"), run.err());
        assertTrue(run.err().contains("--plaintext acknowledges an unprotected lab link"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldGiveThePeerIdParseMessageForABadId()
    {
        final CommandRun run = forwarder("--id", "2000000000000000000000000000000g");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Invalid value for option '--id': a peer-id is 32 hex digits, but character " +
            "32 of \"2000000000000000000000000000000g\" is 'g'"), run.err());
    }

    @Test
    void shouldGiveThePeerIdParseMessageForAShortPredecessor()
    {
        final CommandRun run = forwarder("--pred", "1000");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Invalid value for option '--pred': a peer-id is 32 hex digits (128 bits), " +
            "got 4 characters: \"1000\""), run.err());
    }

    @Test
    void shouldNameTheOptionAndTheFormOfABadListenAddress()
    {
        final CommandRun missingPort = forwarder("--listen", "127.0.0.1");
        assertEquals(Relo.EXIT_USAGE, missingPort.exitCode());
        assertTrue(missingPort.err().startsWith("Invalid value for option '--listen': expected HOST:PORT, e.g. " +
            "127.0.0.1:6084 or [::1]:6084, got \"127.0.0.1\""), missingPort.err());

        final CommandRun badPort = forwarder("--listen", "127.0.0.1:70000");
        assertTrue(badPort.err().startsWith("Invalid value for option '--listen': port 70000 is outside 0..65535"),
            badPort.err());

        final CommandRun bareIpv6 = forwarder("--listen", "::1:4000");
        assertTrue(bareIpv6.err().startsWith("Invalid value for option '--listen': put an IPv6 host in brackets"),
            bareIpv6.err());
    }

    @Test
    void shouldNameTheOptionAndTheFormOfABadLink()
    {
        final CommandRun noAt = forwarder("--link", PEER);
        assertEquals(Relo.EXIT_USAGE, noAt.exitCode());
        assertTrue(noAt.err().contains("Invalid value for option '--link'"), noAt.err());
        assertTrue(noAt.err().contains("expected HEX32@HOST:PORT"), noAt.err());

        final CommandRun portZero = forwarder("--link", PEER + "@127.0.0.1:0");
        assertTrue(portZero.err().contains("port 0 is outside 1..65535"), portZero.err());
        assertTrue(portZero.err().contains("(the form is HEX32@HOST:PORT"), portZero.err());

        final CommandRun badId = forwarder("--link", "30@127.0.0.1:9");
        assertTrue(badId.err().contains("a peer-id is 32 hex digits (128 bits), got 2 characters"), badId.err());
    }

    @Test
    void shouldRefuseALinkToItselfAndAPeerLinkedTwice()
    {
        final CommandRun self = forwarder("--link", SELF + "@127.0.0.1:9");
        assertEquals(Relo.EXIT_USAGE, self.exitCode());
        assertTrue(self.err().startsWith("relo forwarder: --link " + SELF + "@127.0.0.1:9 names this forwarder's " +
            "own --id"), self.err());

        final List<String> args = new ArrayList<>(Arrays.asList("forwarder", "--overlay", "lab", "--id", SELF,
            "--pred", PRED, "--listen", "127.0.0.1:0", "--plaintext", "--link", PEER + "@127.0.0.1:9", "--link",
            PEER + "@127.0.0.1:10"));
        final CommandRun twice = relo(args.toArray(new String[0]));
        assertEquals(Relo.EXIT_USAGE, twice.exitCode());
        assertTrue(twice.err().startsWith("relo forwarder: peer " + PEER + " is given in two --link options"),
            twice.err());
    }

    @Test
    void shouldRefuseAnUnknownIdleStrategy()
    {
        final CommandRun run = forwarder("--idle", "yield");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo forwarder: --idle is busy or backoff, not 'yield'"), run.err());
    }

    @Test
    void shouldRequireEveryOptionOfTheInterface()
    {
        final CommandRun run = relo("forwarder", "--plaintext");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Missing required options:"), run.err());
        for (final String option : List.of("--overlay", "--id", "--pred", "--listen", "--link"))
        {
            assertTrue(run.err().contains("'" + option + "="), option + " in " + run.err());
        }
    }

    @Test
    void shouldSayCannotListenWhenThePortIsInUse(@TempDir final Path dir) throws Exception
    {
        try (DatagramChannel taken = DatagramChannel.open())
        {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();

            final CommandRun run = forwarder("--listen", "127.0.0.1:" + port, "--idle", "backoff");
            final CommandRun withDir = relo("forwarder", "--overlay", "lab", "--id", SELF, "--pred", PRED, "--listen",
                "127.0.0.1:" + port, "--plaintext", "--link", PEER + "@127.0.0.1:9", "--dir", dir.toString());

            for (final CommandRun r : List.of(run, withDir))
            {
                assertEquals(Relo.EXIT_USAGE, r.exitCode());
                assertEquals("relo forwarder: cannot listen on UDP 127.0.0.1:" + port +
                    ": Address already in use (is another process using the port?)\n", r.err());
                assertEquals("", r.out());
            }
        }
    }
}
