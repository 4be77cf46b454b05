package io.relo.control.storage;

import io.relo.codec.KindId;
import io.relo.control.storage.journal.JournalContext;
import io.relo.fastpath.ring.PeerId;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child process of {@link DurableStoreCrashTest}: recovers a {@link DurableStore}, then STOREs random values
 * until killed, printing {@code ack <resource> <type> <address> <storage time> <compactions so far>} after each STORE returned 200.
 * <p>
 * Argument: the data directory. Prints {@code start <slots recovered>} first. Storage times count up from one more
 * than the newest recovered, so every STORE replaces what it hits; each value's bytes follow from its storage time.
 */
public final class DurableStoreCrashMain
{
    /** The store's clock: fixed, so nothing expires. */
    static final long NOW_MS = 1_000_000_000L;
    /** The first storage time, in seconds. */
    static final long FIRST_STORAGE_TIME = NOW_MS / 1000;
    /** Long enough that nothing expires at {@link #NOW_MS}. */
    static final long LIFETIME = 1_000_000;
    /** Resource-ids the child stores at. */
    static final int RESOURCES = 8;
    /** Dictionary keys and array indices the child uses. */
    static final int ADDRESSES = 10;
    /** STOREs a child makes at most, so that a forgotten child ends by itself. */
    static final long MAX_STORES = 200_000;

    private DurableStoreCrashMain()
    {
    }

    /**
     * @param args the data directory.
     * @throws IOException if the store cannot be opened.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = System.out;
        try (DurableStore store = open(Path.of(args[0])))
        {
            long storageTime = FIRST_STORAGE_TIME;
            final List<Slot> slots = store.slots(NOW_MS);
            for (final Slot slot : slots)
            {
                for (final HeldData held : slot.values())
                {
                    storageTime = Math.max(storageTime, held.data().value().storageTime() + 1);
                }
            }
            out.println("start " + slots.size());
            out.flush();
            final SplittableRandom random = new SplittableRandom(System.nanoTime());
            for (long i = 0; i < MAX_STORES; i++, storageTime++)
            {
                final int resource = random.nextInt(RESOURCES);
                final int type = KindId.SIP_REGISTRATION + random.nextInt(3);
                final int address = type == KindId.TURN_SERVICE ? 0 : random.nextInt(ADDRESSES);
                final StoredValue value = StoredValue.of(storageTime, LIFETIME, value(storageTime), Opaque.EMPTY);
                final StoredData data = type == KindId.SIP_REGISTRATION ? new DictionaryEntry(key(address), value) :
                    type == KindId.CERTIFICATE ? new ArrayEntry(address, value) : new SingleValueEntry(value);
                final StoreResult result = store.store(storer(random.nextInt(3)), resource(resource),
                    List.of(new StoreTypeData(type, 0, List.of(data))), NOW_MS);
                if (!result.ok())
                {
                    out.println("failed " + result.reason());
                    out.flush();
                    System.exit(3);
                }
                // the acknowledgement: only now may the client believe the value is kept
                out.println("ack " + resource + " " + type + " " + address + " " + storageTime + " " + store.compactions());
                out.flush();
            }
        }
    }

    static DurableStore open(final Path dataDir) throws IOException
    {
        // small chunks and early compaction, so that kills also land in chunk growth and compaction
        return DurableStore.open(dataDir, KindRegistry.withDraftKinds(), new DataStoreContext(),
            new JournalContext().chunkSize(64 * 1024).compactionMinBytes(32 * 1024).compactionRatio(2), NOW_MS);
    }

    static PeerId resource(final int index)
    {
        return new PeerId(0x1000L * (index + 1), index);
    }

    static PeerId storer(final int index)
    {
        return new PeerId(0xABCDL, index);
    }

    static Opaque key(final int address)
    {
        return Opaque.copyOf(new byte[] {'k', (byte)address});
    }

    /**
     * @param storageTime a value's storage time.
     * @return its bytes: 1 to 200 of a pattern that starts with the storage time.
     */
    static Opaque value(final long storageTime)
    {
        final byte[] bytes = new byte[1 + (int)(storageTime % 200)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)((storageTime >>> (8 * (i % 8))) + i);
        }
        return Opaque.copyOf(bytes);
    }
}
