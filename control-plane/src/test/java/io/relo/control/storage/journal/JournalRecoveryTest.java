package io.relo.control.storage.journal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.relo.control.storage.journal.JournalImages.collectInto;
import static io.relo.control.storage.journal.JournalImages.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery from what a crash or a damaged disk leaves: a torn last record at every length, a damaged last record,
 * a damaged record in the middle.
 */
class JournalRecoveryTest
{
    static final long CHUNK = 64 * 1024;
    static final int RECORDS = 20;
    static final int LAST_PAYLOAD = 21;

    @TempDir
    Path dir;

    final List<String> written = new ArrayList<>();
    final List<Long> starts = new ArrayList<>();
    byte[] image;

    @BeforeEach
    void writeJournal() throws IOException
    {
        final Random random = new Random(3);
        final Path source = dir.resolve("source");
        try (Journal journal = Journal.open(source, context()))
        {
            journal.replay(collectInto(new ArrayList<>()));
            for (int i = 0; i < RECORDS; i++)
            {
                final byte[] payload = new byte[i == RECORDS - 1 ? LAST_PAYLOAD : 20 + random.nextInt(300)];
                random.nextBytes(payload);
                starts.add(journal.size());
                journal.append(i, payload);
                written.add(entry(i, payload));
            }
            starts.add(journal.size());
        }
        image = Files.readAllBytes(source.resolve(Journal.FILE_NAME));
    }

    static JournalContext context()
    {
        return new JournalContext().chunkSize(CHUNK);
    }

    @Test
    void shouldKeepExactlyTheCompleteRecordsWhenTheFileEndsInsideTheLastRecord() throws IOException
    {
        final long last = starts.get(RECORDS - 1);
        final long end = last + JournalImages.RECORD_HEADER + LAST_PAYLOAD;
        for (long cut = last; cut < end; cut++)
        {
            final Path peer = dir.resolve("cut-" + cut);
            Files.createDirectories(peer);
            Files.write(peer.resolve(Journal.FILE_NAME), Arrays.copyOf(image, (int)cut));

            final List<String> replayed = new ArrayList<>();
            final JournalRecovery recovery;
            try (Journal journal = Journal.open(peer, context()))
            {
                recovery = journal.replay(collectInto(replayed));
                journal.append(9999, new byte[] {4, 2});
            }
            assertEquals(written.subList(0, RECORDS - 1), replayed, "cut at " + cut);
            assertEquals(last, recovery.validLength());
            final long nonZero = JournalImages.endOfNonZero(image, last, cut) - last;
            assertEquals(nonZero, recovery.discardedBytes(), "cut at " + cut);
            assertEquals(0 == nonZero ? JournalRecovery.Outcome.CLEAN : JournalRecovery.Outcome.TORN_TAIL,
                recovery.outcome(), recovery.describe());

            assertReopensWith(peer, concat(written.subList(0, RECORDS - 1), entry(9999, new byte[] {4, 2})));
        }
    }

    @Test
    void shouldDiscardTheLastRecordWhenAnyOfItsBytesIsDamaged() throws IOException
    {
        final long last = starts.get(RECORDS - 1);
        final int frameLength = JournalImages.RECORD_HEADER + LAST_PAYLOAD;
        for (int i = 0; i < frameLength; i++)
        {
            final Path peer = dir.resolve("flip-" + i);
            Files.createDirectories(peer);
            final byte[] damaged = image.clone();
            damaged[(int)last + i] ^= (byte)(1 << (i % 8));
            Files.write(peer.resolve(Journal.FILE_NAME), damaged);

            final List<String> replayed = new ArrayList<>();
            final JournalRecovery recovery;
            try (Journal journal = Journal.open(peer, context()))
            {
                recovery = journal.replay(collectInto(replayed));
                journal.append(9999, new byte[] {7});
            }
            assertEquals(written.subList(0, RECORDS - 1), replayed, "byte " + i);
            assertEquals(last, recovery.validLength());
            assertNotEquals(JournalRecovery.Outcome.CLEAN, recovery.outcome(), "byte " + i);
            assertFalse(recovery.appendInterrupted(), "a written checksum: " + recovery.describe());
            assertNotNull(recovery.discardedCopy(), "damage to a written record is kept for the operator");
            final long end = JournalImages.endOfNonZero(damaged, last, damaged.length);
            assertArrayEquals(Arrays.copyOfRange(damaged, (int)last, (int)end),
                Files.readAllBytes(recovery.discardedCopy()));

            assertReopensWith(peer, concat(written.subList(0, RECORDS - 1), entry(9999, new byte[] {7})));
        }
    }

    @Test
    void shouldRecogniseAnAppendThatNeverStoredItsChecksum() throws IOException
    {
        // what kill -9 during an append leaves: header and payload stored, checksum (stored last) still zero
        final long last = starts.get(RECORDS - 1);
        final byte[] torn = image.clone();
        Arrays.fill(torn, (int)last, (int)last + 4, (byte)0);
        Arrays.fill(torn, (int)last + 20, (int)last + 33, (byte)0);
        Files.write(dir.resolve(Journal.FILE_NAME), torn);

        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(replayed));
            assertEquals(JournalRecovery.Outcome.TORN_TAIL, recovery.outcome());
            assertTrue(recovery.appendInterrupted(), recovery.describe());
            assertNull(recovery.discardedCopy(), "an unacknowledged append is not worth a copy");
            assertEquals(JournalImages.endOfNonZero(torn, last, torn.length) - last, recovery.discardedBytes());
            assertTrue(recovery.describe().contains("never acknowledged"), recovery.describe());
        }
        assertEquals(written.subList(0, RECORDS - 1), replayed);
        try (Stream<Path> files = Files.list(dir))
        {
            assertTrue(files.noneMatch((p) -> p.getFileName().toString().startsWith(Journal.DISCARDED_FILE_PREFIX)));
        }
    }

    @Test
    void shouldStopAtADamagedRecordInTheMiddleAndNeverTrustWhatFollows() throws IOException
    {
        final int bad = 8;
        final long start = starts.get(bad);
        final byte[] damaged = image.clone();
        damaged[(int)start + JournalImages.RECORD_HEADER + 5] ^= 0x10;
        Files.write(dir.resolve(Journal.FILE_NAME), damaged);

        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(replayed));
            assertEquals(JournalRecovery.Outcome.CORRUPT, recovery.outcome());
            assertEquals(bad, recovery.records());
            assertEquals(start, recovery.validLength());
            final long end = JournalImages.endOfNonZero(damaged, start, damaged.length);
            assertEquals(end - start, recovery.discardedBytes());
            assertTrue(end > starts.get(RECORDS - 1), "everything from the damage to the last record went");
            assertTrue(recovery.describe().contains("JOURNAL DAMAGED"), recovery.describe());
            assertArrayEquals(Arrays.copyOfRange(damaged, (int)start, (int)end),
                Files.readAllBytes(recovery.discardedCopy()), "the discarded records are kept aside");

            // a short record where the damaged one was, so that the later records would line up if not wiped
            journal.append(5, new byte[0]);
        }
        assertEquals(written.subList(0, bad), replayed);
        assertReopensWith(dir, concat(written.subList(0, bad), entry(5, new byte[0])));
        final byte[] after = Files.readAllBytes(dir.resolve(Journal.FILE_NAME));
        assertEquals(start + 16, JournalImages.endOfNonZero(after, start + 16, after.length),
            "nothing of the records after the damage is left in the journal");
    }

    @Test
    void shouldTreatNonZeroBytesAfterTheLastRecordAsATornTail() throws IOException
    {
        final long end = starts.get(RECORDS);
        final byte[] junk = image.clone();
        junk[(int)end + 6] = 1;
        Files.write(dir.resolve(Journal.FILE_NAME), junk);

        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(replayed));
            assertEquals(JournalRecovery.Outcome.TORN_TAIL, recovery.outcome(), "within a header's length");
            assertEquals(7, recovery.discardedBytes());
        }
        assertEquals(written, replayed);

        junk[(int)end + 6] = 0;
        junk[(int)end + 600] = 1;
        Files.write(dir.resolve(Journal.FILE_NAME), junk);
        try (Journal journal = Journal.open(dir, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(new ArrayList<>()));
            assertEquals(JournalRecovery.Outcome.CORRUPT, recovery.outcome(), "past any header: not our writing");
            assertEquals(601, recovery.discardedBytes());
            assertEquals(RECORDS, recovery.records());
        }
    }

    private void assertReopensWith(final Path peer, final List<String> expected) throws IOException
    {
        final List<String> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(peer, context()))
        {
            final JournalRecovery recovery = journal.replay(collectInto(replayed));
            assertEquals(JournalRecovery.Outcome.CLEAN, recovery.outcome(), recovery.describe());
        }
        assertEquals(expected, replayed);
    }

    private static List<String> concat(final List<String> records, final String one)
    {
        final List<String> all = new ArrayList<>(records);
        all.add(one);
        return all;
    }
}
