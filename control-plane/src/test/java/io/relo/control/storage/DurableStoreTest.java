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
 * generation for generation, tombstones included, through compactions, expiry and a torn last record.
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
                        assertEquals(reference.totalTombstones(), store.totalTombstones(), where + " tombstones");
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
        // A cut that drops only the record's trailing zeros (its tombstone count, its padding) leaves it whole, as
        // the file reads zeros past its end: cut before its last non-zero byte.
        int lastNonZero = (int)sizeAfter - 1;
        while (image[lastNonZero] == 0)
        {
            lastNonZero--;
        }
        assertTrue(lastNonZero > sizeBefore + 100, "the last record holds a value");
        int cuts = 0;
        for (long cut = sizeBefore + 1; cut <= lastNonZero; cut += 1 + random.nextInt(4))
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

    @Test
    void shouldKeepATombstoneAcrossAReopenUntilTheRemovedValueWouldHaveExpired() throws IOException
    {
        final PeerId resource = RESOURCES[1];
        final long storageTime = START_MS / 1000;
        final DictionaryEntry removed = dictionaryEntry(1, storageTime, 100);
        try (DurableStore store = open(dir, START_MS))
        {
            assertTrue(store.store(STORERS[0], resource, List.of(new StoreTypeData(DataStoreModelTest.DICT, 0,
                List.of(removed, dictionaryEntry(2, storageTime, 100)))), START_MS).ok());
            assertTrue(store.remove(STORERS[1], resource, List.of(new FetchTypeData(DataStoreModelTest.DICT, 0,
                new FetchDataReference.Dictionary(List.of(removed.key())))), START_MS).ok());
        }
        try (DurableStore store = open(dir, START_MS + 50_000))
        {
            assertEquals(1, store.totalTombstones());
            assertTrue(store.isRemoved(resource, DataStoreModelTest.DICT, removed));
            final StoreResult pushedBack = store.merge(STORERS[2], resource, DataStoreModelTest.DICT, removed,
                START_MS + 50_000);
            assertEquals(io.relo.codec.ResponseCode.PRECONDITION_FAILED, pushedBack.code(), pushedBack.reason());
            assertEquals(1, store.slots(START_MS + 50_000).get(0).values().size(), "key 2 only");
        }
        // Reopened after the removed value would have expired: replay drops the tombstone.
        try (DurableStore store = open(dir, (storageTime + 100) * 1000))
        {
            assertEquals(0, store.totalTombstones());
            assertTrue(store.merge(STORERS[2], resource, DataStoreModelTest.DICT, dictionaryEntry(1, storageTime, 200),
                (storageTime + 100) * 1000).ok(), "nothing left to refuse it");
        }
    }

    @Test
    void shouldCompactAwayExpiredTombstonesAndKeepLiveOnes() throws IOException
    {
        final PeerId resource = RESOURCES[2];
        final long storageTime = START_MS / 1000;
        final DictionaryEntry shortLived = dictionaryEntry(1, storageTime, 10);
        final DictionaryEntry longLived = dictionaryEntry(2, storageTime, 1000);
        final long afterShortMs = (storageTime + 10) * 1000;
        try (DurableStore store = open(dir, START_MS))
        {
            assertTrue(store.store(STORERS[0], resource, List.of(new StoreTypeData(DataStoreModelTest.DICT, 0,
                List.of(shortLived, longLived))), START_MS).ok());
            assertTrue(store.remove(STORERS[0], resource, List.of(new FetchTypeData(DataStoreModelTest.DICT, 0,
                FetchDataReference.Dictionary.WILDCARD)), START_MS).ok());
            assertEquals(2, store.totalTombstones());
            // churn elsewhere until the journal compacts, after the short-lived value would have expired
            for (int i = 0; store.compactions() == 0; i++)
            {
                assertTrue(i < 1000, "never compacted");
                assertTrue(store.store(STORERS[1], RESOURCES[0], List.of(new StoreTypeData(DataStoreModelTest.SINGLE,
                    0, List.of(new SingleValueEntry(StoredValue.of(storageTime + 10 + i, 1000, bytes(3),
                    Opaque.EMPTY))))), afterShortMs).ok());
            }
            assertEquals(1, store.totalTombstones());
        }
        // Reopened at a time before the short-lived value's expiry: only what the compaction kept comes back.
        try (DurableStore store = open(dir, START_MS))
        {
            assertEquals(1, store.totalTombstones());
            assertTrue(store.isRemoved(resource, DataStoreModelTest.DICT, longLived), "the live tombstone was kept");
            assertTrue(!store.isRemoved(resource, DataStoreModelTest.DICT, shortLived), "the expired one was dropped");
        }
    }

    @Test
    void shouldReplayAJournalWrittenBeforeTombstones() throws IOException
    {
        final PeerId resource = RESOURCES[3];
        // A version 1 slot record: one single value, no tombstone section.
        final org.agrona.ExpandableArrayBuffer record = new org.agrona.ExpandableArrayBuffer(128);
        final java.nio.ByteOrder order = java.nio.ByteOrder.LITTLE_ENDIAN;
        record.putByte(0, (byte)DurableStore.RECORD_VERSION_WITHOUT_TOMBSTONES);
        record.putInt(4, DataStoreModelTest.SINGLE, order);
        record.putLong(8, resource.hi(), order);
        record.putLong(16, resource.lo(), order);
        record.putLong(24, 7, order);
        record.putLong(32, 7, order);
        record.putInt(40, 1, order);
        record.putLong(44, STORERS[0].hi(), order);
        record.putLong(52, STORERS[0].lo(), order);
        record.putByte(60, (byte)DataModel.SINGLE_VALUE.code());
        record.putInt(61, (int)(START_MS / 1000), order);
        record.putInt(65, 1000, order);
        record.putInt(69, 2, order);
        record.putBytes(73, new byte[] {2, 2});
        record.putInt(75, 0, order);
        try (Journal journal = Journal.open(dir, compactingJournal()))
        {
            journal.replay((type, buffer, offset, length) ->
            {
            });
            journal.append(DurableStore.SLOT_RECORD_TYPE, record, 0, 79);
        }
        try (DurableStore store = open(dir, START_MS))
        {
            assertEquals(JournalRecovery.Outcome.CLEAN, store.recovery().outcome());
            final List<Slot> slots = store.slots(START_MS);
            assertEquals(1, slots.size());
            assertEquals(7, slots.get(0).generation());
            assertEquals(bytes(2), slots.get(0).values().get(0).data().value().value());
            assertEquals(0, store.totalTombstones());
            // and what it writes now is version 2, tombstones included, which it reads back
            assertTrue(store.remove(STORERS[0], resource, List.of(new FetchTypeData(DataStoreModelTest.SINGLE, 0,
                FetchDataReference.SingleValue.INSTANCE)), START_MS).ok());
        }
        try (DurableStore store = open(dir, START_MS))
        {
            assertEquals(List.of(), store.slots(START_MS));
            assertEquals(1, store.totalTombstones());
        }
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
