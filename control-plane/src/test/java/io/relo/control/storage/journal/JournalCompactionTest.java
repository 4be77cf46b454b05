package io.relo.control.storage.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.relo.control.storage.journal.JournalImages.collectInto;
import static io.relo.control.storage.journal.JournalImages.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction keeps exactly the live records, and a crash at any step of it leaves a whole journal: the old one
 * before the rename, the compacted one after.
 */
class JournalCompactionTest
{
    static final long CHUNK = 64 * 1024;
    static final int PUT = 1;
    static final int DELETE = 2;

    @TempDir
    Path dir;

    /** A toy store: key -> value, journalled as PUT (key, value) and DELETE (key) records. */
    final Map<Integer, byte[]> store = new TreeMap<>();
    final List<String> history = new ArrayList<>();

    static JournalContext context()
    {
        return new JournalContext().chunkSize(CHUNK).compactionRatio(3).compactionMinBytes(0);
    }

    @BeforeEach
    void writeHistory() throws IOException
    {
        final Random random = new Random(11);
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            for (int i = 0; i < 400; i++)
            {
                change(journal, random);
            }
        }
    }

    @Test
    void shouldReplayExactlyTheLiveRecordsAfterCompaction() throws IOException
    {
        final long before = Files.size(dir.resolve(Journal.FILE_NAME));
        final List<String> after = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            assertEquals(history, replay(journal));
            assertTrue(journal.shouldCompact(liveBytes()), "400 changes over 20 keys: mostly dead");
            final long size = journal.compact(this::live);
            assertEquals(size, journal.size());
            assertEquals(store.size(), journal.records());
            assertEquals(JournalDescriptor.FILE_HEADER_LENGTH + liveBytes(), size);
            assertFalse(journal.shouldCompact(liveBytes()));

            // the journal goes on after compaction
            final Random random = new Random(12);
            for (int i = 0; i < 30; i++)
            {
                after.add(change(journal, random));
            }
        }
        assertFalse(Files.exists(dir.resolve(Journal.COMPACTION_FILE_NAME)));
        assertTrue(Files.size(dir.resolve(Journal.FILE_NAME)) <= before);

        final List<String> expected = new ArrayList<>(liveEntriesBefore(after.size()));
        expected.addAll(after);
        try (Journal journal = Journal.open(dir, context()))
        {
            assertEquals(expected, replay(journal));
        }
    }

    @Test
    void shouldKeepTheOldJournalWhenACrashCutTheCompactionFileShort() throws IOException
    {
        try (Journal journal = Journal.open(dir, context()))
        {
            replay(journal);
            Journal.writeCompactionFile(dir, context(), this::live);
        }
        final Path compaction = dir.resolve(Journal.COMPACTION_FILE_NAME);
        final byte[] whole = Files.readAllBytes(compaction);
        Files.write(compaction, Arrays.copyOf(whole, (int)(JournalDescriptor.FILE_HEADER_LENGTH + liveBytes() / 2)));

        assertOpensWithTheOldJournal();
    }

    @Test
    void shouldKeepTheOldJournalWhenACrashLeftACompactionFileWithoutEvenAHeader() throws IOException
    {
        Files.write(dir.resolve(Journal.COMPACTION_FILE_NAME), new byte[] {'R', 'E', 'L'});

        assertOpensWithTheOldJournal();
    }

    @Test
    void shouldKeepTheOldJournalWhenACrashCameBeforeTheRename() throws IOException
    {
        try (Journal journal = Journal.open(dir, context()))
        {
            replay(journal);
            Journal.writeCompactionFile(dir, context(), this::live);
        }
        assertTrue(Files.exists(dir.resolve(Journal.COMPACTION_FILE_NAME)), "a complete compaction file, forced");

        assertOpensWithTheOldJournal();
    }

    @Test
    void shouldOpenTheCompactedJournalWhenACrashCameAfterTheRename() throws IOException
    {
        try (Journal journal = Journal.open(dir, context()))
        {
            replay(journal);
            Journal.writeCompactionFile(dir, context(), this::live);
            Journal.installCompactionFile(dir);
            // the process dies here: the old journal is still mapped, the new one never was
        }
        try (Journal journal = Journal.open(dir, context()))
        {
            assertEquals(liveEntriesBefore(0), replay(journal));
        }
    }

    @Test
    void shouldCarryOnWithTheOldJournalWhenTheLiveRecordsFail() throws IOException
    {
        final List<String> expected = new ArrayList<>(history);
        try (Journal journal = Journal.open(dir, context()))
        {
            replay(journal);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> journal.compact(
                (sink) ->
                {
                    sink.onRecord(PUT, new UnsafeBuffer(new byte[8]), 0, 8);
                    throw new IllegalStateException("store iteration failed");
                }));
            assertEquals("store iteration failed", ex.getMessage());
            assertFalse(Files.exists(dir.resolve(Journal.COMPACTION_FILE_NAME)));

            expected.add(change(journal, new Random(5)));
        }
        try (Journal journal = Journal.open(dir, context()))
        {
            assertEquals(expected, replay(journal));
        }
    }

    private void assertOpensWithTheOldJournal() throws IOException
    {
        try (Journal journal = Journal.open(dir, context()))
        {
            assertFalse(Files.exists(dir.resolve(Journal.COMPACTION_FILE_NAME)), "deleted on open");
            assertEquals(history, replay(journal));
        }
    }

    private String change(final Journal journal, final Random random)
    {
        final int key = random.nextInt(20);
        if (random.nextInt(4) == 0)
        {
            final byte[] payload = ByteBuffer.allocate(4).putInt(key).array();
            journal.append(DELETE, payload);
            store.remove(key);
            history.add(entry(DELETE, payload));
            return entry(DELETE, payload);
        }
        final byte[] value = new byte[random.nextInt(200)];
        random.nextBytes(value);
        final byte[] payload = ByteBuffer.allocate(4 + value.length).putInt(key).put(value).array();
        journal.append(PUT, payload);
        store.put(key, value);
        history.add(entry(PUT, payload));
        return entry(PUT, payload);
    }

    private void live(final RecordHandler sink)
    {
        for (final Map.Entry<Integer, byte[]> e : store.entrySet())
        {
            final byte[] payload = ByteBuffer.allocate(4 + e.getValue().length).putInt(e.getKey())
                .put(e.getValue()).array();
            sink.onRecord(PUT, new UnsafeBuffer(payload), 0, payload.length);
        }
    }

    private long liveBytes()
    {
        long bytes = 0;
        for (final byte[] value : store.values())
        {
            bytes += JournalDescriptor.framedLength(4 + value.length);
        }
        return bytes;
    }

    /** The live records as the compaction wrote them, from the history without its last {@code skip} changes. */
    private List<String> liveEntriesBefore(final int skip)
    {
        final Map<Integer, String> live = new TreeMap<>();
        for (final String change : history.subList(0, history.size() - skip))
        {
            final byte[] payload = java.util.HexFormat.of().parseHex(change.substring(2));
            final int key = ByteBuffer.wrap(payload).getInt();
            if (change.startsWith(PUT + ":"))
            {
                live.put(key, change);
            }
            else
            {
                live.remove(key);
            }
        }
        return new ArrayList<>(live.values());
    }

    private static List<String> replay(final Journal journal) throws IOException
    {
        final List<String> replayed = new ArrayList<>();
        final JournalRecovery recovery = journal.replay(collectInto(replayed));
        assertEquals(JournalRecovery.Outcome.CLEAN, recovery.outcome(), recovery.describe());
        return replayed;
    }
}
