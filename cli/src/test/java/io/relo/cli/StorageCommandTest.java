package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.StorageMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the four storage commands share: the overlay, the peer to go through, the resource and the kinds.
 */
class StorageCommandTest
{
    private static final String DOCUMENT = String.join("\n",
        "<overlays xmlns=\"urn:ietf:params:xml:ns:p2p:overlay\">",
        "  <overlay name=\"first.relo.example\">",
        "    <dht name=\"chord-128-2-8\"/>",
        "    <bootstrap-peer address=\"127.0.0.1\" port=\"7001\"/>",
        "  </overlay>",
        "  <overlay name=\"lab.relo.example\">",
        "    <dht name=\"chord-128-2-8\"/>",
        "    <bootstrap-peer address=\"127.0.0.1\" port=\"7001\"/>",
        "    <chord-128-2-8-update-frequency>5</chord-128-2-8-update-frequency>",
        "    <chord-128-2-8-ping-frequency>30</chord-128-2-8-ping-frequency>",
        "  </overlay>",
        "</overlays>", "");

    @TempDir
    private Path temp;

    private final FakeStorage storage = new FakeStorage()
        .answering(new StorageMessage.FindAnswer(List.of(new FindTypeData(KindId.CERTIFICATE, FindTypeData.NONE))), 1);

    private CommandRun find(final String... options)
    {
        final String[] args = new String[5 + options.length];
        System.arraycopy(new String[]{"find", "--resource", "r", "--kind", "certificate"}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        return storage.relo(args);
    }

    private Path document() throws IOException
    {
        final Path file = temp.resolve("overlay.xml");
        Files.writeString(file, DOCUMENT);
        return file;
    }

    @Test
    void shouldTakeTheOverlayNameAndIntervalsFromTheConfigurationDocument() throws IOException
    {
        final CommandRun run = find("--via", "[::1]:7001", "--config", document().toString(), "--overlay",
            "lab.relo.example", "--t1-ms", "200", "--timeout", "3");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals("lab.relo.example", storage.overlayName);
        assertEquals("[0:0:0:0:0:0:0:1]:7001", storage.via.toString());
        assertEquals(TimeUnit.SECONDS.toNanos(5), storage.timing.updateIntervalNs());
        assertEquals(TimeUnit.SECONDS.toNanos(30), storage.timing.fingerIntervalNs());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), storage.timing.t1Ns());
        assertEquals(3000, storage.admitTimeoutMs);
        assertEquals(1, storage.closes);
    }

    @Test
    void shouldTakeTheFirstOverlayOfTheDocumentByDefault() throws IOException
    {
        final CommandRun run = find("--via", "127.0.0.1:7001", "--config", document().toString());

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals("first.relo.example", storage.overlayName);
    }

    @Test
    void shouldAnnouncePlaintextLabModeOnStderr()
    {
        final CommandRun run = find("--via", "127.0.0.1:7001", "--overlay-name", "lab");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.err().startsWith(PeerCommand.PLAINTEXT_WARNING + ": this client's link to 127.0.0.1:7001 " +
            "is UDP without DTLS"), run.err());
    }

    @Test
    void shouldRefuseToGuessTheOverlay() throws IOException
    {
        assertUsage("give the overlay with --config overlay.xml or --overlay-name NAME",
            "--via", "127.0.0.1:7001");
        assertUsage("give either --config or --overlay-name, not both",
            "--via", "127.0.0.1:7001", "--overlay-name", "lab", "--config", document().toString());
        assertUsage("--overlay picks an overlay of a --config document",
            "--via", "127.0.0.1:7001", "--overlay", "lab");
        assertUsage("port 0 is outside 1..65535", "--via", "127.0.0.1:0", "--overlay-name", "lab");
        assertUsage("Missing required option: '--via=HOST:PORT'", "--overlay-name", "lab");
        assertEquals(0, storage.connects);
    }

    @Test
    void shouldExitTwoForAnOverlayTheDocumentDoesNotHaveOrCannotBeRead() throws IOException
    {
        final CommandRun missing = find("--via", "127.0.0.1:7001", "--config", document().toString(), "--overlay",
            "other");
        assertEquals(Relo.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("has no overlay named 'other'; it has [first.relo.example, " +
            "lab.relo.example]"), missing.err());

        final CommandRun unreadable = find("--via", "127.0.0.1:7001", "--config",
            temp.resolve("nothing.xml").toString());
        assertEquals(Relo.EXIT_USAGE, unreadable.exitCode());
        assertTrue(unreadable.err().contains("relo find: cannot read "), unreadable.err());
        assertEquals(0, storage.connects);
    }

    @Test
    void shouldTakeAResourceNameOrAResourceIdButNotBoth()
    {
        final CommandRun both = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "r", "--resource-id", "50000000000000000000000000000000", "--kind", "1");
        assertEquals(Relo.EXIT_USAGE, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        final CommandRun badId = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource-id", "5000", "--kind", "1");
        assertEquals(Relo.EXIT_USAGE, badId.exitCode());
        assertTrue(badId.err().contains("a peer-id is 32 hex digits"), badId.err());

        final CommandRun neither = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--kind", "1");
        assertEquals(Relo.EXIT_USAGE, neither.exitCode());
        assertTrue(neither.err().contains("Missing required argument"), neither.err());
        assertEquals(0, storage.connects);
    }

    @Test
    void shouldParseKindsByNameInAnyCaseOrByTypeId()
    {
        assertEquals(KindId.SIP_REGISTRATION, KindOption.parse("SIP_Registration").typeId());
        assertEquals(KindId.TURN_SERVICE, KindOption.parse("turn-service").kind().typeId());
        assertEquals(KindId.CERTIFICATE, KindOption.parse("3").typeId());
        assertEquals(0xabcdef, KindOption.parse("0xABCDEF").typeId());
        assertNull(KindOption.parse("0x9").kind());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KindOption.parse("0x1000000")).getMessage()
            .contains("does not fit a uint24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KindOption.parse("7up")).getMessage()
            .contains("is not a number"));
    }

    @Test
    void shouldListTheStorageCommandsInHelp()
    {
        final CommandRun run = CommandRun.relo("--help");

        for (final String command : List.of("store", "fetch", "remove", "find"))
        {
            assertTrue(run.out().contains("  " + command + "  "), command + " in " + run.out());
        }
    }

    private void assertUsage(final String message, final String... options)
    {
        final CommandRun run = find(options);
        assertEquals(Relo.EXIT_USAGE, run.exitCode(), String.join(" ", options));
        assertTrue(run.err().contains(message), message + " in " + run.err());
    }
}
