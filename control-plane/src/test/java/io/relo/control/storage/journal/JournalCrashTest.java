package io.relo.control.storage.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends and acknowledges records until it is killed with SIGKILL; every acknowledged record must come
 * back intact, and recovery must find nothing worse than an interrupted append.
 */
class JournalCrashTest
{
    static final long CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldKeepEveryAcknowledgedRecordThroughKillNine() throws Exception
    {
        final Path peer = dir.resolve("peer");
        final Path stderr = dir.resolve("child.err");
        long recovered = 0;
        // kill right after start, and in the thick of appending twice
        for (final int acksBeforeKill : new int[] {1, 400, 2000})
        {
            final Process child = new ProcessBuilder(childCommand(peer))
                .redirectError(stderr.toFile())
                .start();
            long lastAck = -1;
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("start " + recovered, out.readLine(), () -> "the child recovers what we recovered; " +
                    readQuietly(stderr));
                int acks = 0;
                String line;
                while (acks < acksBeforeKill && null != (line = out.readLine()))
                {
                    assertTrue(line.startsWith("ack "), line);
                    lastAck = Long.parseLong(line.substring(4));
                    acks++;
                }
                assertEquals(acksBeforeKill, acks, () -> "the child died early: " + readQuietly(stderr));
                child.destroyForcibly();
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
                assertNotEquals(0, child.exitValue(), "killed, not finished");
            }
            finally
            {
                child.destroyForcibly();
            }

            final JournalRecovery recovery = recoverAndCheck(peer);
            assertTrue(recovery.records() > lastAck, "acknowledged up to " + lastAck + ", " + recovery.describe());
            if (JournalRecovery.Outcome.CLEAN != recovery.outcome())
            {
                assertEquals(JournalRecovery.Outcome.TORN_TAIL, recovery.outcome(), recovery.describe());
                assertTrue(recovery.appendInterrupted(), "a kill can only interrupt an append: " +
                    recovery.describe());
            }
            final byte[] image = Files.readAllBytes(peer.resolve(Journal.FILE_NAME));
            assertEquals(recovery.validLength(), JournalImages.endOfNonZero(image, recovery.validLength(),
                image.length), "nothing after the last good record is left to be trusted later");
            recovered = recovery.records();
        }
    }

    private static JournalRecovery recoverAndCheck(final Path peer) throws IOException
    {
        final long[] next = {0};
        try (Journal journal = Journal.open(peer, new JournalContext().chunkSize(CHUNK)))
        {
            return journal.replay((type, buffer, offset, length) ->
            {
                final long sequence = next[0]++;
                assertEquals(JournalAppenderMain.type(sequence), type, "type of record " + sequence);
                final byte[] payload = JournalImages.bytes(buffer, offset, length);
                assertTrue(Arrays.equals(JournalAppenderMain.payload(sequence), payload), "record " + sequence);
            });
        }
    }

    private static List<String> childCommand(final Path peer)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmFlags().trim().split("\\s+")));
        // a light JVM: the machine is shared with the build
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:CICompilerCount=1"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalAppenderMain.class.getName());
        command.add(peer.toString());
        command.add(Long.toString(CHUNK));
        return command;
    }

    private static String jvmFlags()
    {
        final String flags = System.getProperty("relo.jvm.flags");
        if (null != flags && !flags.isBlank())
        {
            return flags;
        }
        // surefire passes the flags as its argLine only: read them where the build keeps them
        try
        {
            final Matcher m = Pattern.compile("<relo\\.jvm\\.flags>(.*)</relo\\.jvm\\.flags>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
            if (!m.find())
            {
                throw new IllegalStateException("no <relo.jvm.flags> in ../pom.xml");
            }
            return m.group(1);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("set -Drelo.jvm.flags or run from the control-plane directory", ex);
        }
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }
}
