package io.relo.control.message;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.1.2.3.1: private ids of route-list compression are handed out, refreshed, expired and bounded, and the
 * forwarder (a recording sink here) ends up holding exactly the live ones even when it refuses changes for a while.
 */
class CompressionStateTest
{
    static final long MS = 1_000_000L;
    static final long LIFETIME = 1_000 * MS;
    static final long A = 0x1000_0000_0000_0000L;
    static final long B = 0x2000_0000_0000_0000L;
    static final long C = 0x3000_0000_0000_0000L;

    /** Stands in for the forwarder: keeps what it was told, refuses while told to, logs every call. */
    static final class RecordingSink implements CompressionState.Sink
    {
        final Map<PeerId, List<PeerId>> table = new HashMap<>();
        final List<String> log = new ArrayList<>();
        boolean accepting = true;
        int largestTable;

        @Override
        public boolean add(final long keyHi, final long keyLo, final long[] hi, final long[] lo, final int count)
        {
            final PeerId key = new PeerId(keyHi, keyLo);
            if (!accepting)
            {
                log.add("refused add " + key);
                return false;
            }
            final List<PeerId> ids = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                ids.add(new PeerId(hi[i], lo[i]));
            }
            assertNull(table.put(key, ids), "added twice: " + key);
            largestTable = Math.max(largestTable, table.size());
            log.add("add " + key);
            return true;
        }

        @Override
        public boolean remove(final long keyHi, final long keyLo)
        {
            final PeerId key = new PeerId(keyHi, keyLo);
            if (!accepting)
            {
                log.add("refused remove " + key);
                return false;
            }
            assertNotNull(table.remove(key), "removed what was never added: " + key);
            log.add("remove " + key);
            return true;
        }
    }

    /** Returns the longs it was given, in order, then zeros. */
    static final class ScriptedRandom implements RandomGenerator
    {
        private final long[] values;
        private int next;

        ScriptedRandom(final long... values)
        {
            this.values = values;
        }

        @Override
        public long nextLong()
        {
            return next < values.length ? values[next++] : 0;
        }
    }

    final RecordingSink sink = new RecordingSink();
    long now = 5_000 * MS;

    CompressionState state(final int capacity)
    {
        return new CompressionState(capacity, LIFETIME, new SplittableRandom(42), sink);
    }

    static PeerId allocate(final CompressionState state, final long now, final long... his)
    {
        final long[] los = new long[his.length];
        Arrays.fill(los, 7);
        return state.allocate(his, los, his.length, now);
    }

    @Test
    void shouldAllocateAPrivateIdAndInstallItInTheForwarder()
    {
        final CompressionState state = state(4);
        final PeerId key = allocate(state, now, C, B, A);
        assertNotNull(key);
        assertEquals(List.of(new PeerId(C, 7), new PeerId(B, 7), new PeerId(A, 7)), sink.table.get(key));
        assertTrue(state.contains(key.hi(), key.lo()));
        assertTrue(state.isInstalled(key.hi(), key.lo()));
        assertEquals(1, state.size());
        assertEquals(0, state.pendingCount());
        assertFalse(state.contains(key.hi() + 1, key.lo()), "both halves of the key must match");
    }

    @Test
    void shouldRemoveAPrivateIdWhenItsLifetimeEnds()
    {
        final CompressionState state = state(4);
        final PeerId key = allocate(state, now, A);
        assertEquals(0, state.poll(now + LIFETIME - 1));
        assertTrue(state.isInstalled(key.hi(), key.lo()));
        assertEquals(2, state.poll(now + LIFETIME), "one retired, one removal taken");
        assertFalse(state.contains(key.hi(), key.lo()));
        assertFalse(state.touch(key.hi(), key.lo(), now + LIFETIME), "an expired id cannot be revived");
        assertTrue(sink.table.isEmpty());
        assertEquals(0, state.size());
    }

    @Test
    void shouldLiveAnotherLifetimeFromItsLastUse()
    {
        final CompressionState state = state(4);
        final PeerId key = allocate(state, now, A);
        final PeerId other = allocate(state, now, B);
        assertTrue(state.touch(key.hi(), key.lo(), now + LIFETIME / 2));
        state.poll(now + LIFETIME);
        assertTrue(state.isInstalled(key.hi(), key.lo()));
        assertFalse(state.contains(other.hi(), other.lo()), "the one not used expired");
        state.poll(now + LIFETIME / 2 + LIFETIME - 1);
        assertTrue(state.isInstalled(key.hi(), key.lo()));
        state.poll(now + LIFETIME / 2 + LIFETIME);
        assertFalse(state.contains(key.hi(), key.lo()));
        assertTrue(sink.table.isEmpty());
    }

    @Test
    void shouldRefuseToAllocateWhenFullUntilAnEntryIsGone()
    {
        final CompressionState state = state(3);
        final PeerId first = allocate(state, now, A);
        allocate(state, now, B);
        allocate(state, now, C);
        assertTrue(state.isFull());
        assertNull(allocate(state, now, A));
        assertEquals(1, state.refusedCount());
        assertEquals(3, sink.table.size());

        assertTrue(state.release(first.hi(), first.lo()));
        assertFalse(state.release(first.hi(), first.lo()), "released once");
        assertNotNull(allocate(state, now, A));
        assertEquals(3, sink.table.size());

        assertNotNull(allocate(state, now + LIFETIME, A), "allocating expires what is due first");
        assertEquals(1, state.size());
    }

    @Test
    void shouldOfferARefusedAdditionAgainOnTheNextPoll()
    {
        final CompressionState state = state(4);
        sink.accepting = false;
        final PeerId key = allocate(state, now, A, B);
        assertNotNull(key, "the id is handed out even though the forwarder has not taken it yet");
        assertTrue(state.contains(key.hi(), key.lo()));
        assertFalse(state.isInstalled(key.hi(), key.lo()));
        assertEquals(1, state.pendingCount());
        assertEquals(0, state.poll(now + MS));
        assertTrue(sink.table.isEmpty());

        sink.accepting = true;
        assertEquals(1, state.poll(now + 2 * MS));
        assertTrue(state.isInstalled(key.hi(), key.lo()));
        assertEquals(List.of(new PeerId(A, 7), new PeerId(B, 7)), sink.table.get(key));
        assertEquals(0, state.pendingCount());
    }

    @Test
    void shouldHoldTheSlotOfARefusedRemovalSoTheForwarderNeverOverflows()
    {
        final CompressionState state = state(1);
        final PeerId first = allocate(state, now, A);
        sink.accepting = false;
        assertTrue(state.release(first.hi(), first.lo()));
        assertFalse(state.contains(first.hi(), first.lo()));
        assertEquals(1, state.pendingCount());
        assertTrue(state.isFull(), "the removal has not reached the forwarder");
        assertNull(allocate(state, now, B));

        sink.accepting = true;
        state.poll(now);
        assertTrue(sink.table.isEmpty());
        final PeerId second = allocate(state, now, B);
        assertNotNull(second);
        assertEquals(1, sink.largestTable);
        assertEquals(List.of("add " + first, "refused remove " + first, "refused remove " + first, "remove " + first,
            "add " + second), sink.log, "offered on release, again on the refused allocation, taken on the poll");
    }

    @Test
    void shouldCancelAnAdditionNeverTakenWhenTheIdGoesAway()
    {
        final CompressionState state = state(2);
        sink.accepting = false;
        final PeerId released = allocate(state, now, A);
        final PeerId expired = allocate(state, now, B);
        assertTrue(state.release(released.hi(), released.lo()));
        state.poll(now + LIFETIME);
        assertEquals(0, state.pendingCount());
        assertEquals(0, state.size());

        sink.accepting = true;
        final PeerId kept = allocate(state, now + LIFETIME, C);
        assertTrue(state.isInstalled(kept.hi(), kept.lo()));
        assertEquals(Map.of(kept, List.of(new PeerId(C, 7))), sink.table);
        assertFalse(sink.log.contains("add " + released));
        assertFalse(sink.log.contains("add " + expired));
    }

    @Test
    void shouldOfferChangesInTheOrderTheyWereMade()
    {
        final CompressionState state = state(4);
        final PeerId first = allocate(state, now, A);
        sink.accepting = false;
        state.release(first.hi(), first.lo());
        final PeerId second = allocate(state, now, B);
        final PeerId third = allocate(state, now, C);
        sink.log.clear();
        sink.accepting = true;
        assertEquals(3, state.poll(now));
        assertEquals(List.of("remove " + first, "add " + second, "add " + third), sink.log);
    }

    @Test
    void shouldSkipReservedAndCollidingIds()
    {
        final CompressionState state = new CompressionState(4, LIFETIME, new ScriptedRandom(
            0, 0,       // draft §2: peer-id 0 is reserved
            -1, -1,     // the wildcard
            5, 7,       // taken
            5, 7,       // equal to the first
            9, 7,       // shares its low half with the first
            8, 9),      // taken
            sink);
        assertEquals(new PeerId(5, 7), allocate(state, now, A));
        assertEquals(new PeerId(8, 9), allocate(state, now, B));
    }

    @Test
    void shouldGiveUpOnARandomGeneratorThatOnlyRepeatsItself()
    {
        final CompressionState state = new CompressionState(4, LIFETIME, new ScriptedRandom(), sink);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocate(state, now, A));
        assertTrue(e.getMessage().contains("randomness"), e.getMessage());
        assertEquals(0, state.size());
    }

    @Test
    void shouldRejectListsItCannotHold()
    {
        final CompressionState state = state(4);
        assertThrows(IllegalArgumentException.class, () -> state.allocate(new long[0], new long[0], 0, now));
        final long[] many = new long[CompressionState.MAX_IDS + 1];
        assertThrows(IllegalArgumentException.class, () -> state.allocate(many, many, many.length, now));
        assertThrows(IllegalArgumentException.class, () -> state.allocate(new long[2], new long[1], 2, now));
        assertThrows(IllegalArgumentException.class,
            () -> new CompressionState(0, LIFETIME, new SplittableRandom(), sink));
        assertThrows(IllegalArgumentException.class, () -> new CompressionState(4, 0, new SplittableRandom(), sink));
        assertTrue(sink.log.isEmpty());
    }

    static LongStream seeds()
    {
        return LongStream.range(0, 50);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldLeaveTheForwarderHoldingExactlyTheLiveIdsWhateverItRefused(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int capacity = 1 + random.nextInt(16);
        final CompressionState state = new CompressionState(capacity, LIFETIME, random.split(), sink);
        final Map<PeerId, List<PeerId>> handedOut = new HashMap<>();
        final Set<PeerId> everHandedOut = new HashSet<>();
        final List<PeerId> keys = new ArrayList<>();
        for (int step = 0; step < 500; step++)
        {
            sink.accepting = random.nextInt(10) < 6;
            now += random.nextLong(LIFETIME / 4);
            final int op = random.nextInt(4);
            if (op == 0)
            {
                final int count = 1 + random.nextInt(CompressionState.MAX_IDS);
                final long[] hi = new long[count];
                final long[] lo = new long[count];
                final List<PeerId> ids = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    hi[i] = random.nextLong();
                    lo[i] = random.nextLong();
                    ids.add(new PeerId(hi[i], lo[i]));
                }
                final boolean full = state.isFull();
                final PeerId key = state.allocate(hi, lo, count, now);
                if (key != null)
                {
                    assertTrue(everHandedOut.add(key), "never the same id twice");
                    assertNotEquals(PeerId.WILDCARD, key);
                    assertNotEquals(new PeerId(0, 0), key);
                    handedOut.put(key, ids);
                    keys.add(key);
                }
                else
                {
                    assertTrue(full, "refused only when full");
                }
            }
            else if (op == 1 && !keys.isEmpty())
            {
                final PeerId key = keys.get(random.nextInt(keys.size()));
                assertEquals(state.contains(key.hi(), key.lo()), state.touch(key.hi(), key.lo(), now));
            }
            else if (op == 2 && !keys.isEmpty())
            {
                final PeerId key = keys.get(random.nextInt(keys.size()));
                state.release(key.hi(), key.lo());
            }
            else
            {
                state.poll(now);
            }
            assertTrue(sink.table.size() <= capacity, "the forwarder's table never overflows");
            assertTrue(state.size() <= capacity);
        }

        sink.accepting = true;
        state.poll(now);
        assertEquals(0, state.pendingCount());
        final Map<PeerId, List<PeerId>> live = new HashMap<>();
        for (final PeerId key : keys)
        {
            if (state.contains(key.hi(), key.lo()))
            {
                assertTrue(state.isInstalled(key.hi(), key.lo()));
                live.put(key, handedOut.get(key));
            }
        }
        assertEquals(live, sink.table, "seed " + seed);
        assertEquals(live.size(), state.size());
    }
}
