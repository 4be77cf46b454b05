package io.relo.control.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventQueueTest
{
    @Test
    void shouldRunEventsByTimeThenInTheOrderTheyWereBooked()
    {
        final EventQueue queue = new EventQueue();
        final List<String> ran = new ArrayList<>();
        queue.add(30, () -> ran.add("c"));
        queue.add(10, () -> ran.add("a1"));
        queue.add(20, () -> ran.add("b"));
        queue.add(10, () -> ran.add("a2"));
        queue.add(10, () -> ran.add("a3"));

        while (!queue.isEmpty())
        {
            queue.poll().run();
        }

        assertEquals(List.of("a1", "a2", "a3", "b", "c"), ran);
    }

    @Test
    void shouldKeepTheOrderOfAPriorityQueueOverManyInterleavedEvents()
    {
        // Far more events than the initial capacity, with many equal times, booked while others are taken, as the
        // simulator books them: never before the time of the last event taken.
        final EventQueue queue = new EventQueue();
        final Random random = new Random(42);
        final List<long[]> ran = new ArrayList<>();
        long booked = 0;
        long now = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final long at = now + random.nextInt(50);
            final long order = booked++;
            queue.add(at, () -> ran.add(new long[] {at, order}));
            if (random.nextInt(3) == 0)
            {
                now = queue.nextNs();
                queue.poll().run();
            }
        }
        while (!queue.isEmpty())
        {
            queue.poll().run();
        }

        assertEquals(20_000, ran.size());
        for (int i = 1; i < ran.size(); i++)
        {
            final long[] before = ran.get(i - 1);
            final long[] after = ran.get(i);
            // Bookings are never earlier than the last event taken, so times never go back, and ties keep order.
            assertTrue(before[0] < after[0] || (before[0] == after[0] && before[1] < after[1]), "event " + i);
        }
        assertEquals(0, queue.size());
    }
}
