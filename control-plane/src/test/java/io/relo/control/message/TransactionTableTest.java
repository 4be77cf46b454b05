package io.relo.control.message;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §4.4 with RFC 3261 §17.1.2.1 timers, on an injected clock.
 */
class TransactionTableTest
{
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<String> events = new ArrayList<>();
    long now = 1_000 * MS;

    TransactionTable<String> table(final boolean retransmit)
    {
        return new TransactionTable<>(500 * MS, 4000 * MS, retransmit, now, new TransactionTable.Listener<>()
        {
            @Override
            public void onRetransmit(final long transactionId, final String request)
            {
                events.add("retransmit " + request + " at " + (now / MS - 1000));
            }

            @Override
            public void onTimeout(final long transactionId, final String request)
            {
                events.add("timeout " + request + " at " + (now / MS - 1000));
            }
        });
    }

    void advanceTo(final TransactionTable<String> table, final long msAfterStart)
    {
        // Step 1 ms at a time like a duty cycle would; timers fire within one wheel tick of their deadline.
        while (now < (1000 + msAfterStart) * MS)
        {
            now += MS;
            table.poll(now);
        }
    }

    @Test
    void shouldRetransmitAtT1DoublingToT2ThenTimeOutAt64T1()
    {
        final TransactionTable<String> table = table(true);
        assertTrue(table.start(42, "PING", now));
        advanceTo(table, 33_000);

        // 500, 1500, 3500, 7500, 11500, ... every 4000 until 32000, then the timeout.
        final List<String> expected = new ArrayList<>();
        for (final long at : new long[] {500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500})
        {
            expected.add("retransmit PING at " + at);
        }
        expected.add("timeout PING at 32000");
        assertEquals(expected.size(), events.size(), events.toString());
        for (int i = 0; i < expected.size(); i++)
        {
            final String[] want = expected.get(i).split(" at ");
            final String[] got = events.get(i).split(" at ");
            assertEquals(want[0], got[0]);
            final long error = Long.parseLong(got[1]) - Long.parseLong(want[1]);
            assertTrue(error >= 0 && error <= 40, "event " + i + " due at " + want[1] + " fired at " + got[1]);
        }
        assertEquals(0, table.size());
    }

    @Test
    void shouldStopWhenTheResponseArrives()
    {
        final TransactionTable<String> table = table(true);
        table.start(7, "STORE", now);
        advanceTo(table, 600);
        assertEquals("STORE", table.complete(7));
        advanceTo(table, 40_000);
        assertEquals(1, events.size(), events.toString());
        assertNull(table.complete(7), "a second response matches nothing");
    }

    @Test
    void shouldOnlyTimeOutOverAReliableFirstHop()
    {
        final TransactionTable<String> table = table(false);
        table.start(9, "FETCH", now);
        advanceTo(table, 33_000);
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("timeout FETCH at 320"), events.toString());
    }

    @Test
    void shouldRefuseADuplicateTransactionId()
    {
        final TransactionTable<String> table = table(true);
        assertTrue(table.start(1, "a", now));
        assertFalse(table.start(1, "b", now));
        assertTrue(table.isPending(1));
    }

    @Test
    void shouldCatchUpWhenPolledRarely()
    {
        final TransactionTable<String> table = table(true);
        table.start(3, "JOIN", now);
        now += 10_000 * MS;
        table.poll(now);
        assertEquals(List.of("retransmit JOIN at 10000"), events,
            "after a stall the request is sent once, not once per missed interval");
        now += 30_000 * MS;
        table.poll(now);
        assertEquals("timeout JOIN at 40000", events.get(events.size() - 1));
        assertEquals(0, table.size());
    }
}
