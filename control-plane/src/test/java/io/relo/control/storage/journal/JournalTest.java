package io.relo.control.storage.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.relo.control.storage.journal.JournalImages.collectInto;
import static io.relo.control.storage.journal.JournalImages.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    static final long CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    static JournalContext context()
    {
        return new JournalContext().chunkSize(CHUNK);
    }

    @Test
    void shouldReplayEveryRecordInOrderAfterReopening() throws IOException
    {
        final Random random = new Random(42);
        final List<String> appended = new ArrayList<>();
        long size;
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            size = journal.size();
            for (int i = 0; i < 600; i++)
            {
                // sizes from empty to several pages, so that records straddle the 64 KiB chunks every way
                final byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(9000) : random.nextInt(64)];
                random.nextBytes(payload);
                final int type = random.nextInt(JournalDescriptor.MAX_TYPE + 1);
                size = journal.append(type, payload);
                appended.add(entry(type, payload));
            }
            assertEquals(600, journal.records());
            assertEquals(size, journal.size());
        }

        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(replayed));
            assertEquals(JournalRecovery.Outcome.CLEAN, recovery.outcome(), recovery.describe());
            assertEquals(600, recovery.records());
            assertEquals(size, recovery.validLength());
            assertEquals(0, recovery.discardedBytes());
        }
        assertEquals(appended, replayed);
        final byte[] image = Files.readAllBytes(dir.resolve(Journal.FILE_NAME));
        final JournalImages.Parsed parsed = JournalImages.parse(image, JournalImages.scanLimit(image, CHUNK));
        assertEquals(appended, parsed.records(), "the file matches the documented layout");
        assertEquals(size, parsed.validLength());
    }

    @Test
    void shouldReplayARecordSpanningSeveralChunks() throws IOException
    {
        final byte[] large = new byte[5 * (int)CHUNK + 123];
        new Random(7).nextBytes(large);
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            journal.append(1, new byte[] {1, 2, 3});
            journal.append(2, large);
            journal.append(3, new byte[0]);
        }
        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(replayed));
        }
        assertEquals(List.of(entry(1, new byte[] {1, 2, 3}), entry(2, large), entry(3, new byte[0])), replayed);
    }

    @Test
    void shouldAppendThePartOfABufferItIsGiven() throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[] {9, 8, 7, 6, 5});
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            journal.append(77, buffer, 1, 3);
        }
        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(replayed));
        }
        assertEquals(List.of(entry(77, new byte[] {8, 7, 6})), replayed);
    }

    @Test
    void shouldCreateAnEmptyJournalThroughTheCompactionFile() throws IOException
    {
        final Path dataDir = dir.resolve("new").resolve("peer");
        try (Journal journal = Journal.open(dataDir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(new ArrayList<>()));
            assertEquals(JournalRecovery.Outcome.CLEAN, recovery.outcome());
            assertEquals(0, recovery.records());
            assertEquals(JournalDescriptor.FILE_HEADER_LENGTH, journal.size());
            assertNull(recovery.discardedCopy());
        }
        assertTrue(Files.exists(dataDir.resolve(Journal.FILE_NAME)));
        assertFalse(Files.exists(dataDir.resolve(Journal.COMPACTION_FILE_NAME)));
    }

    @Test
    void shouldRefuseToAppendBeforeReplayOrAfterClose() throws IOException
    {
        final Journal journal = Journal.open(dir, context());
        final IllegalStateException early = assertThrows(IllegalStateException.class,
            () -> journal.append(1, new byte[1]));
        assertTrue(early.getMessage().contains("replay the journal before appending"), early.getMessage());
        assertThrows(IllegalStateException.class, journal::size);
        journal.replay(collectInto(new ArrayList<>()));
        journal.append(1, new byte[1]);
        journal.close();
        final IllegalStateException late = assertThrows(IllegalStateException.class,
            () -> journal.append(1, new byte[1]));
        assertTrue(late.getMessage().contains("closed"), late.getMessage());
    }

    @Test
    void shouldRejectTypesAndPayloadsOutOfRange() throws IOException
    {
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            assertThrows(IllegalArgumentException.class, () -> journal.append(-1, new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> journal.append(JournalDescriptor.MAX_TYPE + 1,
                new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> journal.append(1,
                new UnsafeBuffer(new byte[8]), 0, JournalDescriptor.MAX_PAYLOAD_LENGTH + 1));
            assertEquals(0, journal.records(), "a rejected record leaves nothing behind");
        }
    }

    @Test
    void shouldRefuseFilesThatAreNotJournalsSayingWhatToDo() throws IOException
    {
        final Path file = dir.resolve(Journal.FILE_NAME);

        Files.write(file, new byte[5]);
        assertTrue(assertThrows(JournalException.class, () -> Journal.open(dir, context())).getMessage()
            .contains("move it away"));

        Files.writeString(file, "# my notes, not a journal at all\n");
        assertTrue(assertThrows(JournalException.class, () -> Journal.open(dir, context())).getMessage()
            .contains("not a relo journal"));

        final byte[] damaged = JournalImages.fileHeader();
        damaged[9] ^= 1;
        Files.write(file, damaged);
        assertTrue(assertThrows(JournalException.class, () -> Journal.open(dir, context())).getMessage()
            .contains("fails its checksum"));

        final byte[] future = JournalImages.fileHeader();
        future[8] = 2;
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(future, 0, 12);
        java.nio.ByteBuffer.wrap(future).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, (int)crc.getValue());
        Files.write(file, future);
        assertTrue(assertThrows(JournalException.class, () -> Journal.open(dir, context())).getMessage()
            .contains("journal format 2"));
        assertEquals(JournalImages.FILE_HEADER, Files.size(file), "a refused file is left as it was");
    }

    @Test
    void shouldBeUsableFromAnotherThreadThanTheOneThatOpenedIt() throws Exception
    {
        // Chronicle's MappedBytes rejects a second thread while the first is alive unless its check is off
        final ExecutorService other = Executors.newSingleThreadExecutor();
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            journal.append(1, new byte[] {1});
            final Future<Long> appended = other.submit(() -> journal.append(2, new byte[] {2}));
            assertTrue(appended.get() > 0);
            journal.append(3, new byte[] {3});
        }
        finally
        {
            other.shutdownNow();
        }
        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(replayed));
        }
        assertEquals(List.of(entry(1, new byte[] {1}), entry(2, new byte[] {2}), entry(3, new byte[] {3})),
            replayed);
    }

    @Test
    void shouldNotGrowTheFileByReopeningIt() throws IOException
    {
        // reading up to the file's length would map the next chunk, and Chronicle grows the file to hold it
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            journal.append(1, new byte[(int)CHUNK - 100]);
        }
        final long length = Files.size(dir.resolve(Journal.FILE_NAME));
        for (int i = 0; i < 3; i++)
        {
            try (Journal journal = Journal.open(dir, context()))
            {
                assertEquals(1, journal.replay(collectInto(new ArrayList<>())).records());
            }
            assertEquals(length, Files.size(dir.resolve(Journal.FILE_NAME)));
        }
    }

    @Test
    void shouldKeepRecordsAppendedWithAForceEach() throws IOException
    {
        final List<String> appended = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context().forceEachAppend(true)))
        {
            journal.replay(collectInto(new ArrayList<>()));
            for (int i = 0; i < 5; i++)
            {
                final byte[] payload = {(byte)i, (byte)(i * 3)};
                journal.append(i, payload);
                appended.add(entry(i, payload));
            }
            journal.force();
        }
        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            journal.replay(collectInto(replayed));
        }
        assertEquals(appended, replayed);
    }

    @Test
    void shouldAskForCompactionOnceTheJournalOutgrowsTheLiveRecords() throws IOException
    {
        try (Journal journal = Journal.open(dir, context().compactionRatio(4).compactionMinBytes(900)))
        {
            journal.replay(collectInto(new ArrayList<>()));
            final byte[] payload = new byte[100];
            final int framed = JournalDescriptor.framedLength(payload.length);
            assertEquals(112, framed);
            for (int i = 0; i < 8; i++)
            {
                journal.append(1, payload);
            }
            final long records = journal.size() - JournalDescriptor.FILE_HEADER_LENGTH;
            assertEquals(8 * framed, records);
            assertFalse(journal.shouldCompact(2 * framed), "4 times the live size is not yet more than 4 times");
            assertTrue(journal.shouldCompact(2 * framed - 1));
            assertTrue(journal.shouldCompact(0));
        }
        try (Journal journal = Journal.open(dir, context().compactionRatio(4).compactionMinBytes(1_000_000)))
        {
            journal.replay(collectInto(new ArrayList<>()));
            assertFalse(journal.shouldCompact(0), "below the minimum size compaction is never due");
        }
    }

    @Test
    void shouldRejectAChunkSizeThatIsNotWholePages()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Journal.open(dir, new JournalContext().chunkSize(10_000)));
        assertTrue(ex.getMessage().contains(JournalContext.CHUNK_SIZE_PROP_NAME), ex.getMessage());
    }
}
