package io.relo.control.storage;

import io.relo.control.storage.journal.JournalRecovery;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM STOREs into a {@link DurableStore} and acknowledges each 200 until it is killed with SIGKILL; the store
 * reopened from its data directory must hold every acknowledged value, or a newer one at the same address.
 */
class DurableStoreCrashTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldKeepEveryAcknowledgedStoreThroughKillNine() throws Exception
    {
        final Path peer = dir.resolve("peer");
        final Path stderr = dir.resolve("child.err");
        // newest acknowledged storage time by "resource type address"
        final Map<String, Long> acknowledged = new HashMap<>();
        int recoveredSlots = 0;
        long compactions = 0;
        // kill right after start, and twice in the thick of storing and compacting
        for (final int acksBeforeKill : new int[] {1, 700, 3000})
        {
            final Process child = new ProcessBuilder(childCommand(peer)).redirectError(stderr.toFile()).start();
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("start " + recoveredSlots, out.readLine(), () -> "the child recovers what we " +
                    "recovered; " + readQuietly(stderr));
                int acks = 0;
                String line;
                while (acks < acksBeforeKill && null != (line = out.readLine()))
                {
                    assertTrue(line.startsWith("ack "), line);
                    final String[] fields = line.split(" ");
                    acknowledged.put(fields[1] + " " + fields[2] + " " + fields[3], Long.parseLong(fields[4]));
                    compactions = Math.max(compactions, Long.parseLong(fields[5]));
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
            recoveredSlots = assertAcknowledgedValuesKept(peer, acknowledged);
        }
        assertTrue(compactions > 0, "the children never compacted, so no kill could land in a compaction");
    }

    private static int assertAcknowledgedValuesKept(final Path peer, final Map<String, Long> acknowledged)
        throws IOException
    {
        try (DurableStore store = DurableStoreCrashMain.open(peer))
        {
            final JournalRecovery recovery = store.recovery();
            assertNotEquals(JournalRecovery.Outcome.CORRUPT, recovery.outcome(), recovery.describe());
            final Map<String, StoredValue> held = new HashMap<>();
            final List<Slot> slots = store.slots(DurableStoreCrashMain.NOW_MS);
            for (final Slot slot : slots)
            {
                final int resource = (int)slot.resource().lo();
                for (final HeldData value : slot.values())
                {
                    held.put(resource + " " + slot.type() + " " + address(value.data()), value.data().value());
                }
            }
            for (final Map.Entry<String, Long> ack : acknowledged.entrySet())
            {
                final StoredValue value = held.get(ack.getKey());
                assertNotNull(value, "acknowledged " + ack + " is gone; " + recovery.describe());
                assertTrue(value.storageTime() >= ack.getValue(), "acknowledged " + ack + " was replaced by the " +
                    "older " + value.storageTime() + "; " + recovery.describe());
                assertEquals(DurableStoreCrashMain.value(value.storageTime()), value.value(), ack.getKey());
            }
            return slots.size();
        }
    }

    private static int address(final StoredData data)
    {
        if (data instanceof ArrayEntry entry)
        {
            return entry.index();
        }
        return data instanceof DictionaryEntry entry ? entry.key().byteAt(1) : 0;
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
        command.add(DurableStoreCrashMain.class.getName());
        command.add(peer.toString());
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
