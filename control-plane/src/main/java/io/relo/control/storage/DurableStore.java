package io.relo.control.storage;

import io.relo.control.storage.journal.Journal;
import io.relo.control.storage.journal.JournalContext;
import io.relo.control.storage.journal.JournalDescriptor;
import io.relo.control.storage.journal.JournalException;
import io.relo.control.storage.journal.JournalRecovery;
import io.relo.fastpath.ring.PeerId;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link DataStore} made durable by a {@link Journal} in a data directory: every change is journaled before its
 * result is returned, so the caller answers 200 only after the change survives {@code kill -9}.
 * <p>
 * <b>Records.</b> After a change to a slot (resource-id, type-id) the slot's whole state, its values and its
 * tombstones (the positions a REMOVE erased, see {@link DataStore}), is appended, so replay applies records in order
 * and the last one for a slot wins; a slot left with neither gets an empty record. Expiry writes nothing: replay drops
 * the values and tombstones that have expired by the time of the restart, and a compaction leaves out empty slots.
 * Every record carries the store's generation counter, and a compacted journal starts with a counter record, so a
 * restarted store never repeats a generation a fetcher may hold. Payloads are little-endian:
 * <pre>
 *   Slot record (journal type 1)                     Counter record (journal type 2)
 *    0  version (1 or 2)   u8                          0  version (1 or 2)   u8
 *    1  reserved           3 bytes                     1  reserved           7 bytes
 *    4  type-id            i32                         8  generation counter i64
 *    8  resource-id hi     i64
 *   16  resource-id lo     i64
 *   24  generation         i64
 *   32  generation counter i64
 *   40  value count        i32
 *   44  values, each:
 *         storer hi i64, storer lo i64, data model u8 (1 single, 2 array, 3 dictionary),
 *         storage time u32, lifetime u32,
 *         array: index i32 | dictionary: key length i32, key bytes | single value: nothing,
 *         value length i32, value bytes, signature length i32, signature bytes
 *   version 2 only, after the values:
 *       tombstone count    i32
 *       tombstones, each:
 *         storer hi i64, storer lo i64, data model u8, storage time u32, lifetime u32 (the erased value's),
 *         array: index i32 | dictionary: key length i32, key bytes | single value: nothing
 * </pre>
 * This code writes version 2 and reads both; a version 1 record has no tombstones. An older relo refuses version 2
 * rather than misread it.
 * Not thread-safe: the conductor owns it, as it owns the {@link DataStore}.
 */
public final class DurableStore implements SlotStore, AutoCloseable
{
    /** Journal record type of a slot's state. */
    public static final int SLOT_RECORD_TYPE = 1;
    /** Journal record type of the generation counter alone. */
    public static final int COUNTER_RECORD_TYPE = 2;
    /** The record version this code writes: slot records end with the slot's tombstones. */
    public static final int RECORD_VERSION = 2;
    /** The first record version, without tombstones, which this code still reads. */
    public static final int RECORD_VERSION_WITHOUT_TOMBSTONES = 1;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 0;
    private static final int TYPE_OFFSET = 4;
    private static final int RESOURCE_HI_OFFSET = 8;
    private static final int RESOURCE_LO_OFFSET = 16;
    private static final int GENERATION_OFFSET = 24;
    private static final int COUNTER_OFFSET = 32;
    private static final int COUNT_OFFSET = 40;
    private static final int VALUES_OFFSET = 44;
    /** Storer (16), data model (1), storage time (4), lifetime (4): what a value and a tombstone both begin with. */
    private static final int ENTRY_HEAD_LENGTH = 25;
    private static final int COUNTER_RECORD_COUNTER_OFFSET = 8;
    private static final int COUNTER_RECORD_LENGTH = 16;

    private record SlotKey(PeerId resource, int type)
    {
    }

    private final KindRegistry kinds;
    private final DataStore store;
    private final Journal journal;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    /** Framed bytes of each slot's last record, summed in liveBytes: what a compacted journal would hold. */
    private final HashMap<SlotKey, Integer> liveLengths = new HashMap<>();
    private long liveBytes = JournalDescriptor.framedLength(COUNTER_RECORD_LENGTH);
    private JournalRecovery recovery;
    private long skippedRecords;
    private long compactions;

    private DurableStore(final KindRegistry kinds, final DataStoreContext context, final Journal journal)
    {
        this.kinds = kinds;
        this.store = new DataStore(kinds, context);
        this.journal = journal;
    }

    /**
     * Open the store of a data directory with the default journal settings, recovering it from its journal.
     *
     * @param dataDir the peer's data directory, created if missing.
     * @param kinds   the kinds this peer stores.
     * @param context the store's limits.
     * @param nowMs   epoch milliseconds; values expired by then are dropped.
     * @return the recovered store.
     * @throws IOException if the journal cannot be opened or recovered.
     */
    public static DurableStore open(
        final Path dataDir, final KindRegistry kinds, final DataStoreContext context, final long nowMs)
        throws IOException
    {
        return open(dataDir, kinds, context, new JournalContext(), nowMs);
    }

    /**
     * Open the store of a data directory, recovering it from its journal.
     *
     * @param dataDir        the peer's data directory, created if missing.
     * @param kinds          the kinds this peer stores.
     * @param context        the store's limits.
     * @param journalContext the journal's settings.
     * @param nowMs          epoch milliseconds; values expired by then are dropped.
     * @return the recovered store.
     * @throws IOException if the journal cannot be opened or recovered.
     */
    public static DurableStore open(
        final Path dataDir, final KindRegistry kinds, final DataStoreContext context,
        final JournalContext journalContext, final long nowMs) throws IOException
    {
        final Journal journal = Journal.open(dataDir, journalContext);
        try
        {
            final DurableStore durable = new DurableStore(kinds, context, journal);
            durable.recovery = journal.replay(durable::onRecord);
            durable.store.expire(nowMs);
            return durable;
        }
        catch (final UncheckedIOException ex)
        {
            journal.close();
            throw ex.getCause();
        }
        catch (final IOException | RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
    }

    /**
     * STORE as {@link DataStore#store}, journaling every slot it changed before returning.
     *
     * @param storer   the peer the request comes from.
     * @param resource the resource-id.
     * @param request  one element per kind.
     * @param nowMs    epoch milliseconds.
     * @return the store's answer, durable when 200.
     */
    @Override
    public StoreResult store(
        final PeerId storer, final PeerId resource, final List<StoreTypeData> request, final long nowMs)
    {
        final long[] before = new long[request.size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = store.generation(resource, request.get(i).type());
        }
        final StoreResult result = store.store(storer, resource, request, nowMs);
        journalChanges(resource, result, before, nowMs);
        return result;
    }

    /**
     * REMOVE as {@link DataStore#remove}, journaling every slot it changed before returning.
     *
     * @param requester the peer the request comes from.
     * @param resource  the resource-id.
     * @param request   one element per kind.
     * @param nowMs     epoch milliseconds.
     * @return the store's answer, durable when 200.
     */
    @Override
    public StoreResult remove(
        final PeerId requester, final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        final long[] before = new long[request.size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = store.generation(resource, request.get(i).type());
        }
        final StoreResult result = store.remove(requester, resource, request, nowMs);
        journalChanges(resource, result, before, nowMs);
        return result;
    }

    /**
     * Replica merge as {@link DataStore#merge}, journaling the slot if the value was taken.
     *
     * @param storer   the value's original storer.
     * @param resource the resource-id.
     * @param type     the type-id.
     * @param data     the value at its address.
     * @param nowMs    epoch milliseconds.
     * @return the store's answer, durable when 200.
     */
    public StoreResult merge(
        final PeerId storer, final PeerId resource, final int type, final StoredData data, final long nowMs)
    {
        return merge(storer, resource, type, data, nowMs, true);
    }

    /**
     * Replica merge as {@link DataStore#merge(PeerId, PeerId, int, StoredData, long, boolean)}, journaling the slot if
     * the value was taken.
     *
     * @param storer      the peer charged for the value.
     * @param resource    the resource-id.
     * @param type        the type-id.
     * @param data        the value at its address.
     * @param nowMs       epoch milliseconds.
     * @param storerQuota whether the storer's quota applies.
     * @return the store's answer, durable when 200.
     */
    @Override
    public StoreResult merge(
        final PeerId storer, final PeerId resource, final int type, final StoredData data, final long nowMs,
        final boolean storerQuota)
    {
        final long[] before = {store.generation(resource, type)};
        final StoreResult result = store.merge(storer, resource, type, data, nowMs, storerQuota);
        journalChanges(resource, result, before, nowMs);
        return result;
    }

    /**
     * Forget the arc (start, end] as {@link DataStore#deleteArc}, journaling an empty record per slot dropped.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @param nowMs          epoch milliseconds; expired values are dropped first.
     * @return the number of values dropped, not counting expired ones.
     */
    @Override
    public int deleteArc(final PeerId startExclusive, final PeerId endInclusive, final long nowMs)
    {
        store.expire(nowMs);
        final List<DataStore.Image> doomed = store.imagesInArc(startExclusive, endInclusive);
        final int dropped = store.deleteArc(startExclusive, endInclusive);
        for (final DataStore.Image image : doomed)
        {
            appendSlot(new DataStore.Image(image.resource(), image.type(), 0, List.of(), List.of()));
        }
        compactIfDue(nowMs);
        return dropped;
    }

    /**
     * FETCH as {@link DataStore#fetch}; journals nothing.
     *
     * @param resource the resource-id.
     * @param request  one element per kind.
     * @param nowMs    epoch milliseconds.
     * @return the store's answer.
     */
    @Override
    public FetchResult fetch(final PeerId resource, final List<FetchTypeData> request, final long nowMs)
    {
        return store.fetch(resource, request, nowMs);
    }

    /**
     * FIND as {@link DataStore#find}; journals nothing.
     *
     * @param resource    the resource-id asked about.
     * @param types       the type-ids.
     * @param responsible whether this peer is responsible for a resource-id.
     * @param nowMs       epoch milliseconds.
     * @return the store's answer.
     */
    @Override
    public FindResult find(
        final PeerId resource, final int[] types, final Predicate<PeerId> responsible, final long nowMs)
    {
        return store.find(resource, types, responsible, nowMs);
    }

    /**
     * Every slot, as {@link DataStore#slots}.
     *
     * @param nowMs epoch milliseconds; expired values are dropped first.
     * @return the slots in (resource-id, type-id) order.
     */
    public List<Slot> slots(final long nowMs)
    {
        return store.slots(nowMs);
    }

    /**
     * The slots of an arc, as {@link DataStore#slotsInArc}.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @param nowMs          epoch milliseconds; expired values are dropped first.
     * @return the slots in (resource-id, type-id) order.
     */
    @Override
    public List<Slot> slotsInArc(final PeerId startExclusive, final PeerId endInclusive, final long nowMs)
    {
        return store.slotsInArc(startExclusive, endInclusive, nowMs);
    }

    @Override
    public void generationsInArc(
        final PeerId startExclusive, final PeerId endInclusive, final long nowMs,
        final java.util.function.ObjLongConsumer<PeerId> slot)
    {
        store.generationsInArc(startExclusive, endInclusive, nowMs, slot);
    }

    @Override
    public int slotCount()
    {
        return store.slotCount();
    }

    @Override
    public List<Slot> slotsAt(final PeerId resource, final long nowMs)
    {
        return store.slotsAt(resource, nowMs);
    }

    /**
     * @param resource a resource-id.
     * @param type     a type-id.
     * @return the slot's generation counter, 0 when it holds nothing.
     */
    @Override
    public long generation(final PeerId resource, final int type)
    {
        return store.generation(resource, type);
    }

    @Override
    public boolean isRemoved(final PeerId resource, final int type, final StoredData data)
    {
        return store.isRemoved(resource, type, data);
    }

    /**
     * @return the tombstones held, for tests.
     */
    long totalTombstones()
    {
        return store.totalTombstones();
    }

    /**
     * @return what replaying the journal found when the store was opened; {@link JournalRecovery#describe()} is the
     * log line.
     */
    public JournalRecovery recovery()
    {
        return recovery;
    }

    /**
     * @return records replayed at open that were skipped because their kind is no longer registered.
     */
    public long skippedRecords()
    {
        return skippedRecords;
    }

    /**
     * @return compactions since the store was opened.
     */
    public long compactions()
    {
        return compactions;
    }

    /**
     * @return the journal's size in bytes.
     */
    public long journalSize()
    {
        return journal.size();
    }

    /**
     * Make every change so far survive a power loss too (an {@code fdatasync}); see {@link Journal#force()}.
     *
     * @throws IOException if the device reports a failure.
     */
    public void force() throws IOException
    {
        journal.force();
    }

    /**
     * Close the journal; changes already returned stay durable.
     */
    public void close()
    {
        journal.close();
    }

    /**
     * @return the last generation drawn, for tests of its recovery.
     */
    long generationCounter()
    {
        return store.generationCounter();
    }

    private void journalChanges(final PeerId resource, final StoreResult result, final long[] before, final long nowMs)
    {
        if (!result.ok())
        {
            return;
        }
        boolean appended = false;
        final List<StoreTypeResponse> generations = result.generations();
        for (int i = 0; i < generations.size(); i++)
        {
            // every change draws a new generation or empties the slot (generation 0); anything else changed nothing
            final StoreTypeResponse response = generations.get(i);
            if (response.generation() != before[i])
            {
                appendSlot(store.image(resource, response.type()));
                appended = true;
            }
        }
        if (appended)
        {
            compactIfDue(nowMs);
        }
    }

    private void appendSlot(final DataStore.Image image)
    {
        final int length = encodeSlot(image);
        journal.append(SLOT_RECORD_TYPE, buffer, 0, length);
        account(new SlotKey(image.resource(), image.type()), image.isEmpty() ? 0 : length);
    }

    private void compactIfDue(final long nowMs)
    {
        if (!journal.shouldCompact(liveBytes))
        {
            return;
        }
        final List<DataStore.Image> live = store.images(nowMs);
        liveLengths.clear();
        liveBytes = JournalDescriptor.framedLength(COUNTER_RECORD_LENGTH);
        try
        {
            journal.compact((sink) ->
            {
                buffer.putByte(VERSION_OFFSET, (byte)RECORD_VERSION);
                buffer.setMemory(VERSION_OFFSET + 1, COUNTER_RECORD_COUNTER_OFFSET - 1, (byte)0);
                buffer.putLong(COUNTER_RECORD_COUNTER_OFFSET, store.generationCounter(), ORDER);
                sink.onRecord(COUNTER_RECORD_TYPE, buffer, 0, COUNTER_RECORD_LENGTH);
                for (final DataStore.Image image : live)
                {
                    final int length = encodeSlot(image);
                    sink.onRecord(SLOT_RECORD_TYPE, buffer, 0, length);
                    account(new SlotKey(image.resource(), image.type()), length);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(journal.file() + ": compaction failed; the old journal stays in use", ex);
        }
        compactions++;
    }

    /**
     * Track the framed size of a slot's last record; 0 for an empty record, which a compaction leaves out.
     */
    private void account(final SlotKey key, final int payloadLength)
    {
        final Integer old = payloadLength == 0 ? liveLengths.remove(key) :
            liveLengths.put(key, JournalDescriptor.framedLength(payloadLength));
        if (old != null)
        {
            liveBytes -= old;
        }
        if (payloadLength != 0)
        {
            liveBytes += JournalDescriptor.framedLength(payloadLength);
        }
    }

    private int encodeSlot(final DataStore.Image image)
    {
        final ExpandableArrayBuffer buffer = this.buffer;
        buffer.putByte(VERSION_OFFSET, (byte)RECORD_VERSION);
        buffer.setMemory(VERSION_OFFSET + 1, TYPE_OFFSET - 1, (byte)0);
        buffer.putInt(TYPE_OFFSET, image.type(), ORDER);
        buffer.putLong(RESOURCE_HI_OFFSET, image.resource().hi(), ORDER);
        buffer.putLong(RESOURCE_LO_OFFSET, image.resource().lo(), ORDER);
        buffer.putLong(GENERATION_OFFSET, image.generation(), ORDER);
        buffer.putLong(COUNTER_OFFSET, store.generationCounter(), ORDER);
        buffer.putInt(COUNT_OFFSET, image.values().size(), ORDER);
        int at = VALUES_OFFSET;
        for (final HeldData held : image.values())
        {
            at = putEntry(at, held);
            at = putOpaque(at, held.data().value().value());
            at = putOpaque(at, held.data().value().signature());
        }
        buffer.putInt(at, image.tombstones().size(), ORDER);
        at += 4;
        for (final HeldData tombstone : image.tombstones())
        {
            at = putEntry(at, tombstone);
        }
        return at;
    }

    /** Storer, data model, storage time, lifetime and address: what a value and a tombstone both record. */
    private int putEntry(final int start, final HeldData held)
    {
        final StoredData data = held.data();
        final StoredValue value = data.value();
        buffer.putLong(start, held.storer().hi(), ORDER);
        buffer.putLong(start + 8, held.storer().lo(), ORDER);
        buffer.putByte(start + 16, (byte)data.model().code());
        buffer.putInt(start + 17, (int)value.storageTime(), ORDER);
        buffer.putInt(start + 21, (int)value.lifetime(), ORDER);
        int at = start + ENTRY_HEAD_LENGTH;
        if (data instanceof ArrayEntry entry)
        {
            buffer.putInt(at, entry.index(), ORDER);
            at += 4;
        }
        else if (data instanceof DictionaryEntry entry)
        {
            at = putOpaque(at, entry.key());
        }
        return at;
    }

    private int putOpaque(final int at, final Opaque opaque)
    {
        buffer.putInt(at, opaque.length(), ORDER);
        buffer.putBytes(at + 4, opaque.toByteArray());
        return at + 4 + opaque.length();
    }

    private void onRecord(final int type, final DirectBuffer record, final int offset, final int length)
    {
        final int version = record.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (version != RECORD_VERSION && version != RECORD_VERSION_WITHOUT_TOMBSTONES)
        {
            throw unreadable(journal.file() + ": a store record of version " + version + " but this relo " +
                "reads versions " + RECORD_VERSION_WITHOUT_TOMBSTONES + " and " + RECORD_VERSION + ": run the relo " +
                "version that wrote it, or move the journal away");
        }
        if (type == COUNTER_RECORD_TYPE)
        {
            store.advanceGenerationCounter(record.getLong(offset + COUNTER_RECORD_COUNTER_OFFSET, ORDER));
            return;
        }
        if (type != SLOT_RECORD_TYPE)
        {
            throw unreadable(journal.file() + ": record type " + type + " is not a store record: " +
                "the data directory belongs to another program or relo version");
        }
        store.advanceGenerationCounter(record.getLong(offset + COUNTER_OFFSET, ORDER));
        final int kind = record.getInt(offset + TYPE_OFFSET, ORDER);
        if (kinds.kind(kind) == null)
        {
            // a kind dropped from the configuration: its values can no longer be served
            skippedRecords++;
            return;
        }
        final PeerId resource = new PeerId(
            record.getLong(offset + RESOURCE_HI_OFFSET, ORDER), record.getLong(offset + RESOURCE_LO_OFFSET, ORDER));
        final int count = record.getInt(offset + COUNT_OFFSET, ORDER);
        final List<HeldData> values = new ArrayList<>(count);
        final int[] at = {offset + VALUES_OFFSET};
        for (int i = 0; i < count; i++)
        {
            values.add(getEntry(record, at, true));
        }
        final List<HeldData> tombstones = new ArrayList<>();
        if (version == RECORD_VERSION)
        {
            final int tombstoneCount = record.getInt(at[0], ORDER);
            at[0] += 4;
            for (int i = 0; i < tombstoneCount; i++)
            {
                tombstones.add(getEntry(record, at, false));
            }
        }
        if (at[0] != offset + length)
        {
            throw unreadable(journal.file() + ": a store record of " + length + " bytes holds " +
                (at[0] - offset) + " bytes of values and tombstones, so it was not written by this relo version");
        }
        store.restore(resource, kind, record.getLong(offset + GENERATION_OFFSET, ORDER), values, tombstones);
        account(new SlotKey(resource, kind), values.isEmpty() && tombstones.isEmpty() ? 0 : length);
    }

    /**
     * Read one value (with its data and signature) or one tombstone (a nonexistent value) at at[0], moving at[0]
     * past it.
     */
    private static HeldData getEntry(final DirectBuffer record, final int[] at, final boolean exists)
    {
        int position = at[0];
        final PeerId storer = new PeerId(record.getLong(position, ORDER), record.getLong(position + 8, ORDER));
        final int model = record.getByte(position + 16);
        final long storageTime = record.getInt(position + 17, ORDER) & 0xFFFF_FFFFL;
        final long lifetime = record.getInt(position + 21, ORDER) & 0xFFFF_FFFFL;
        position += ENTRY_HEAD_LENGTH;
        int index = 0;
        Opaque key = null;
        if (model == DataModel.ARRAY.code())
        {
            index = record.getInt(position, ORDER);
            position += 4;
        }
        else if (model == DataModel.DICTIONARY.code())
        {
            key = getOpaque(record, position);
            position += 4 + key.length();
        }
        final StoredValue value;
        if (exists)
        {
            final Opaque data = getOpaque(record, position);
            position += 4 + data.length();
            final Opaque signature = getOpaque(record, position);
            position += 4 + signature.length();
            value = StoredValue.of(storageTime, lifetime, data, signature);
        }
        else
        {
            value = new StoredValue(storageTime, lifetime, Opaque.EMPTY, Opaque.EMPTY, false);
        }
        at[0] = position;
        return new HeldData(storer, model == DataModel.ARRAY.code() ? new ArrayEntry(index, value) :
            key != null ? new DictionaryEntry(key, value) : new SingleValueEntry(value));
    }

    private static UncheckedIOException unreadable(final String message)
    {
        // the record handler may not throw checked exceptions: open unwraps this
        return new UncheckedIOException(new JournalException(message));
    }

    private static Opaque getOpaque(final DirectBuffer record, final int at)
    {
        return Opaque.copyOf(record, at + 4, record.getInt(at, ORDER));
    }
}
