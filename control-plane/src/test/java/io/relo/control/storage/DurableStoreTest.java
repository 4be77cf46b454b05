package io.relo.control.storage;

import io.relo.control.storage.journal.Journal;
import io.relo.control.storage.journal.JournalContext;
import io.relo.control.storage.journal.JournalRecovery;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.relo.control.storage.DataStoreModelTest.RESOURCES;
import static io.relo.control.storage.DataStoreModelTest.STORERS;
import static io.relo.control.storage.DataStoreModelTest.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DurableStore}: the store it reopens from its journal equals the one that wrote it, slot for slot and
 * generation for generation, through compactions, expiry and a torn last record.
 */
class DurableStoreTest
{
    static final long START_MS = 1_000_000;

    @TempDir
    Path dir;

    static JournalContext compactingJournal()
    {
        // compaction as soon as the journal is twice the live records, so that the sequences compact often
        return new JournalContext().chunkSize(64 * 1024).compactionMinBytes(0).compactionRatio(2);
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReopenToTheSameSlotsAndGenerationsAfterRandomChanges(final long seed) throws IOException
    {
        final Path peer = dir.resolve("peer-" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final ReferenceStore reference = new ReferenceStore(DataStoreModelTest.registry(), DataStoreModelTest.limits());
        DurableStore store = open(peer, START_MS);
        long nowMs = START_MS;
        long maxNowMs = nowMs;
        long compactions = 0;
        int reopens = 0;
        try
        {
            for (int step = 0; step < 300; step++)
            {
                nowMs += random.nextInt(10) == 0 ? -random.nextInt(2000) : random.nextInt(1500);
                maxNowMs = Math.max(maxNowMs, nowMs);
                final String where = "seed " + seed + " step " + step + " at " + nowMs;
                switch (DataStoreModelTest.pick(random))
                {
                    case STORE ->
                    {
                        final PeerId storer = STORERS[random.nextInt(STORERS.length)];
                        final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                        final List<StoreTypeData> request =
                            DataStoreModelTest.storeRequest(random, reference, resource, nowMs);
                        final ReferenceStore.Answer expected = reference.store(storer, resource, request, nowMs);
                        final StoreResult actual = store.store(storer, resource, request, nowMs);
                        assertEquals(expected.code(), actual.code(), where + " STORE: " + actual.reason());
                        assertEquals(expected.payload(), actual.generations(), where + " STORE");
                    }
                    case REMOVE, FETCH ->
                    {
                        final PeerId requester = STORERS[random.nextInt(STORERS.length)];
                        final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                        final List<FetchTypeData> request =
                            DataStoreModelTest.fetchRequest(random, reference, resource, true);
                        final ReferenceStore.Answer expected = reference.remove(requester, resource, request, nowMs);
                        final StoreResult actual = store.remove(requester, resource, request, nowMs);
                        assertEquals(expected.code(), actual.code(), where + " REMOVE: " + actual.reason());
                        assertEquals(expected.payload(), actual.generations(), where + " REMOVE");
                    }
                    case MERGE ->
                    {
                        final PeerId storer = STORERS[random.nextInt(STORERS.length)];
                        final PeerId resource = RESOURCES[random.nextInt(RESOURCES.length)];
                        final int type = TYPES[random.nextInt(TYPES.length)];
                        final StoredData data =
                            DataStoreModelTest.storedData(random, reference, resource, type, nowMs, true);
                        final ReferenceStore.Answer expected = reference.merge(storer, resource, type, data, nowMs);
                        final StoreResult actual = store.merge(storer, resource, type, data, nowMs);
                        assertEquals(expected.code(), actual.code(), where + " MERGE: " + actual.reason());
                        assertEquals(expected.payload(), actual.generations(), where + " MERGE");
                    }
                    case DELETE_ARC ->
                    {
                        final PeerId start = DataStoreModelTest.near(random, RESOURCES[random.nextInt(RESOURCES.length)]);
                        final PeerId end = DataStoreModelTest.near(random, RESOURCES[random.nextInt(RESOURCES.length)]);
                        reference.expire(nowMs);
                        assertEquals(reference.deleteArc(start, end), store.deleteArc(start, end, nowMs), where);
                    }
                    case EXPIRE -> assertEquals(reference.slots(nowMs), store.slots(nowMs), where);
                    case FIND, SLOTS ->
                    {
                        // restart: recover at the latest time seen, since values dropped then stay dropped
                        compactions += store.compactions();
                        final List<Slot> before = store.slots(maxNowMs);
                        final long counter = store.generationCounter();
                        store.close();
                        store = open(peer, maxNowMs);
                        reopens++;
                        assertEquals(JournalRecovery.Outcome.CLEAN, store.recovery().outcome(), where);
                        assertEquals(before, store.slots(maxNowMs), where + " after reopening");
                        assertEquals(counter, store.generationCounter(), where + " generation counter");
                        assertEquals(reference.slots(maxNowMs), store.slots(maxNowMs), where);
                    }
                    default -> throw new AssertionError();
                }
            }
            compactions += store.compactions();
            final List<Slot> last = store.slots(maxNowMs);
            final long counter = store.generationCounter();
            store.close();
            store = open(peer, maxNowMs);
            assertEquals(last, store.slots(maxNowMs), "seed " + seed + " at the end");
            assertEquals(counter, store.generationCounter(), "seed " + seed + " generation counter at the end");
            assertTrue(reopens > 0, "seed " + seed + " never reopened mid-sequence");
            assertTrue(compactions > 0, "seed " + seed + " never compacted");
        }
        finally
        {
            store.close();
        }
    }

    @Test
    void shouldDropValuesThatExpiredWhileTheStoreWasDown() throws IOException
    {
        final PeerId resource = RESOURCES[0];
        final long storageTime = START_MS / 1000;
        long generationBefore;
        try (DurableStore store = open(dir, START_MS))
        {
            assertTrue(store.store(STORERS[0], resource, List.of(
                new StoreTypeData(DataStoreModelTest.DICT, 0, List.of(
                    dictionaryEntry(1, storageTime, 10), dictionaryEntry(2, storageTime, 100))),
                new StoreTypeData(DataStoreModelTest.SINGLE, 0, List.of(
                    new SingleValueEntry(StoredValue.of(storageTime, 10, bytes(7), Opaque.EMPTY))))),
                START_MS).ok());
            generationBefore = store.generationCounter();
        }
        try (DurableStore store = open(dir, START_MS + 10_000))
        {
            final List<Slot> slots = store.slots(START_MS + 10_000);
            assertEquals(1, slots.size(), slots.toString());
            assertEquals(DataStoreModelTest.DICT, slots.get(0).type());
            assertEquals(List.of(dictionaryEntry(2, storageTime, 100)),
                slots.get(0).values().stream().map(HeldData::data).toList());
            assertEquals(0, store.generation(resource, DataStoreModelTest.SINGLE));
            final StoreResult again = store.store(STORERS[0], resource, List.of(
                new StoreTypeData(DataStoreModelTest.SINGLE, 0, List.of(
                    new SingleValueEntry(StoredValue.of(storageTime + 11, 10, bytes(8), Opaque.EMPTY))))),
                START_MS + 11_000);
            assertTrue(again.ok(), again.reason());
            assertTrue(again.generations().get(0).generation() > generationBefore,
                "a generation drawn before the restart is never drawn again");
        }
    }

    @Test
    void shouldRecoverTheStateBeforeTheLastChangeWhenItsRecordIsTorn() throws IOException
    {
        final Path source = dir.resolve("source");
        final SplittableRandom random = new SplittableRandom(5);
        final List<Slot> beforeLast;
        final long sizeBefore;
        final long sizeAfter;
        // no compaction, so that the last change is the journal's last record
        final JournalContext journal = new JournalContext().chunkSize(64 * 1024);
        try (DurableStore store = open(source, journal, START_MS))
        {
            for (int i = 0; i < 10; i++)
            {
                assertTrue(store.store(STORERS[i % 3], RESOURCES[i % RESOURCES.length], List.of(
                    new StoreTypeData(DataStoreModelTest.DICT, 0, List.of(
                        dictionaryEntry(i % 4, START_MS / 1000 + i, 1000)))), START_MS).ok());
            }
            beforeLast = store.slots(START_MS);
            sizeBefore = store.journalSize();
            final StoreResult last = store.store(STORERS[1], RESOURCES[2], List.of(
                new StoreTypeData(DataStoreModelTest.ARRAY, 0, List.of(
                    new ArrayEntry(3, StoredValue.of(START_MS / 1000, 1000, bytes(6), bytes(3)))))),
                START_MS);
            assertTrue(last.ok(), last.reason());
            sizeAfter = store.journalSize();
            assertNotEquals(beforeLast, store.slots(START_MS));
        }
        final byte[] image = Files.readAllBytes(source.resolve(Journal.FILE_NAME));
        int cuts = 0;
        // the record's frame ends less than 8 bytes before sizeAfter (padding to 8): cut before that
        for (long cut = sizeBefore + 1; cut <= sizeAfter - 8; cut += 1 + random.nextInt(4))
        {
            final Path peer = dir.resolve("cut-" + cut);
            Files.createDirectories(peer);
            Files.write(peer.resolve(Journal.FILE_NAME), Arrays.copyOf(image, (int)cut));
            try (DurableStore store = open(peer, journal, START_MS))
            {
                assertNotEquals(JournalRecovery.Outcome.CORRUPT, store.recovery().outcome(), "cut at " + cut);
                assertEquals(sizeBefore, store.recovery().validLength(), "cut at " + cut);
                assertEquals(beforeLast, store.slots(START_MS), "cut at " + cut);
            }
            cuts++;
        }
        assertTrue(cuts > 5, "cuts " + cuts);
    }

    static DictionaryEntry dictionaryEntry(final int key, final long storageTime, final long lifetime)
    {
        return new DictionaryEntry(Opaque.copyOf(new byte[] {(byte)key}),
            StoredValue.of(storageTime, lifetime, bytes(key + 1), Opaque.EMPTY));
    }

    static Opaque bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)length);
        return Opaque.copyOf(bytes);
    }

    private static DurableStore open(final Path peer, final long nowMs) throws IOException
    {
        return open(peer, compactingJournal(), nowMs);
    }

    private static DurableStore open(final Path peer, final JournalContext journal, final long nowMs)
        throws IOException
    {
        return DurableStore.open(peer, DataStoreModelTest.registry(), DataStoreModelTest.limits(), journal, nowMs);
    }
}
