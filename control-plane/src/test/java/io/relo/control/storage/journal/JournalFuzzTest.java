package io.relo.control.storage.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.control.FuzzInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.relo.control.storage.journal.JournalImages.collectInto;
import static io.relo.control.storage.journal.JournalImages.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz target for recovery: any bytes as a journal file make {@link Journal#replay(RecordHandler)} return,
 * never throw, with exactly the records the documented format says are good ({@link JournalImages}, written apart
 * from the journal's code), the right count of discarded bytes, and a journal that then appends and reopens cleanly.
 * A file whose header is not a journal's is refused with a {@link JournalException}, and only such a file.
 * <p>
 * The first input byte picks the file: 0, raw bytes after a valid file header; 1, valid records built from the input
 * and then damaged by it (so the fuzzer gets past the checksums); 2, raw bytes with no header. Under plain
 * {@code mvn test} the target replays the seeds in {@code JournalFuzzTestInputs/replay/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl control-plane -Dtest=JournalFuzzTest}. The seeded property test feeds the same
 * checks random inputs on every build.
 */
class JournalFuzzTest
{
    /** The smallest chunk, so that small files cross chunk boundaries. */
    static final long CHUNK = 4096;

    @FuzzTest
    void replay(final byte[] data) throws IOException
    {
        run(data);
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRecoverExactlyTheGoodRecordsOfRandomFiles(final long seed) throws IOException
    {
        final Random random = new Random(seed);
        final byte[] data = new byte[1 + random.nextInt(600)];
        random.nextBytes(data);
        // mostly records to damage, which random bytes would almost never get past the checksums to reach
        data[0] = (byte)(seed % 5 == 0 ? 0 : seed % 5 == 1 ? 2 : 1);
        run(data);
    }

    static void run(final byte[] data) throws IOException
    {
        final FuzzInput in = new FuzzInput(data);
        final int mode = in.next() % 3;
        final byte[] image = 1 == mode ? damagedRecords(in) : 0 == mode ? withHeader(in.rest()) : in.rest();
        final Path peer = Files.createTempDirectory("relo-journal-fuzz");
        try
        {
            Files.write(peer.resolve(Journal.FILE_NAME), image);
            check(peer, image, mode);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(peer))
            {
                for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(file);
                }
            }
        }
    }

    private static void check(final Path peer, final byte[] image, final int mode) throws IOException
    {
        final JournalContext context = new JournalContext().chunkSize(CHUNK);
        final Journal journal;
        try
        {
            journal = Journal.open(peer, context);
        }
        catch (final JournalException ex)
        {
            assertEquals(2, mode, "only a file without a valid header is refused: " + ex.getMessage());
            assertTrue(ex.getMessage().contains("move"), "says what to do: " + ex.getMessage());
            return;
        }

        final JournalImages.Parsed expected = JournalImages.parse(image, JournalImages.scanLimit(image, CHUNK));
        final List<String> replayed = new ArrayList<>();
        final JournalRecovery recovery;
        try (journal)
        {
            recovery = journal.replay(collectInto(replayed));
            journal.append(7, new byte[] {1, 2, 3});
        }
        assertEquals(expected.records(), replayed);
        assertEquals(expected.validLength(), recovery.validLength());
        assertEquals(expected.records().size(), recovery.records());
        final long discarded = JournalImages.endOfNonZero(image, expected.validLength(), image.length) -
            expected.validLength();
        assertEquals(discarded, recovery.discardedBytes());
        assertEquals(0 == discarded, JournalRecovery.Outcome.CLEAN == recovery.outcome(), recovery.describe());
        assertEquals(recovery.appendInterrupted(), null == recovery.discardedCopy() && discarded > 0);

        final byte[] after = Files.readAllBytes(peer.resolve(Journal.FILE_NAME));
        final long appendedEnd = recovery.validLength() + 16;
        assertEquals(appendedEnd, JournalImages.endOfNonZero(after, appendedEnd, after.length),
            "nothing after the new record: the discarded bytes are gone");

        final List<String> again = new ArrayList<>();
        try (Journal reopened = Journal.open(peer, context))
        {
            final JournalRecovery second = reopened.replay(collectInto(again));
            assertEquals(JournalRecovery.Outcome.CLEAN, second.outcome(), second.describe());
        }
        final List<String> withAppend = new ArrayList<>(expected.records());
        withAppend.add(entry(7, new byte[] {1, 2, 3}));
        assertEquals(withAppend, again);
        assertFalse(Files.exists(peer.resolve(Journal.COMPACTION_FILE_NAME)));
    }

    private static byte[] withHeader(final byte[] body)
    {
        final byte[] image = Arrays.copyOf(JournalImages.fileHeader(), JournalImages.FILE_HEADER + body.length);
        System.arraycopy(body, 0, image, JournalImages.FILE_HEADER, body.length);
        return image;
    }

    /**
     * Up to 11 records (type: 2 bytes, payload length: a byte times 1..40), then operations to the end of the input,
     * each an op byte and a 3-byte position past the file header: 0 truncates there, 1 flips a bit, 2 sets a byte, 3 zeroes a range.
     */
    private static byte[] damagedRecords(final FuzzInput in)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(JournalImages.fileHeader());
        final int count = in.next() % 12;
        for (int i = 0; i < count; i++)
        {
            final int type = in.next() | in.next() << 8;
            final byte[] payload = new byte[in.next() * (1 + in.next() % 40)];
            for (int j = 0; j < payload.length; j++)
            {
                payload[j] = (byte)(i * 31 + j * 7 + type);
            }
            out.writeBytes(JournalImages.frame(type, payload));
        }
        byte[] image = out.toByteArray();
        // the records only: a damaged file header is the raw mode's business
        while (in.hasMore() && image.length > JournalImages.FILE_HEADER)
        {
            final int op = in.next();
            final int at = JournalImages.FILE_HEADER +
                (in.next() << 16 | in.next() << 8 | in.next()) % (image.length - JournalImages.FILE_HEADER);
            switch (op & 3)
            {
                case 0:
                    image = Arrays.copyOf(image, at);
                    break;
                case 1:
                    image[at] ^= (byte)(1 << (op >>> 5));
                    break;
                case 2:
                    image[at] = (byte)in.next();
                    break;
                default:
                    Arrays.fill(image, at, Math.min(image.length, at + in.next()), (byte)0);
                    break;
            }
        }
        return image;
    }

}
