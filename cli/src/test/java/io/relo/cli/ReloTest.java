package io.relo.cli;

import org.junit.jupiter.api.Test;

import static io.relo.cli.CommandRun.relo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReloTest
{
    @Test
    void shouldExitTwoWithPicocliErrorOnUnknownSubcommand()
    {
        final CommandRun run = relo("frobnicate");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Unmatched argument at index 0: 'frobnicate'"), run.err());
        // picocli prints the usage, or suggests the nearest subcommand when one is close enough
        assertTrue(run.err().contains("Usage: relo") || run.err().contains("Did you mean: relo "), run.err());
    }

    @Test
    void shouldListSubcommandsInHelp()
    {
        final CommandRun run = relo("--help");

        assertEquals(Relo.EXIT_OK, run.exitCode());
        assertTrue(run.out().contains("  decode  "), run.out());
        assertTrue(run.out().contains("  demo    "), run.out());
        assertTrue(run.out().contains("  forwarder  "), run.out());
        assertTrue(run.out().contains("  stat  "), run.out());
    }

    @Test
    void shouldPrintTheBuiltVersion()
    {
        final CommandRun run = relo("--version");

        assertEquals(Relo.EXIT_OK, run.exitCode());
        assertTrue(run.out().startsWith("relo "), run.out());
        assertFalse(run.out().contains("${") || run.out().contains("unknown version"), run.out());
    }

    @Test
    void shouldAskForASubcommandWhenGivenNone()
    {
        final CommandRun run = relo();

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().startsWith("relo: name a subcommand"), run.err());
    }
}
