package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingOracleTest
{
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 50})
    void shouldAgreeWithALinearScanRoundTheRing(final int size)
    {
        final Random random = new Random(size);
        final List<PeerId> ring = new ArrayList<>();
        for (int i = 0; i < size; i++)
        {
            ring.add(new PeerId(random.nextLong(), random.nextLong()));
        }
        Collections.sort(ring);
        for (int i = 0; i < 500; i++)
        {
            final PeerId key = i < size ? ring.get(i) : new PeerId(random.nextLong(), random.nextLong());
            PeerId expected = ring.get(0);
            for (final PeerId id : ring)
            {
                if (id.compareTo(key) >= 0)
                {
                    expected = id;
                    break;
                }
            }
            assertEquals(expected, RingOracle.responsible(ring, key), "responsible for " + key);
        }
        for (int k = 0; k < size; k++)
        {
            final List<PeerId> successors = RingOracle.successors(ring, ring.get(k));
            assertEquals(Math.min(3, size - 1), successors.size());
            for (int j = 0; j < successors.size(); j++)
            {
                assertEquals(ring.get((k + j + 1) % size), successors.get(j));
                assertEquals(ring.get(((k - j - 1) % size + size) % size), RingOracle.predecessors(ring, ring.get(k))
                    .get(j));
            }
        }
        assertNull(RingOracle.mismatch(ring, id -> RingOracle.predecessors(ring, id),
            id -> RingOracle.successors(ring, id)));
        if (size > 2)
        {
            final String mismatch = RingOracle.mismatch(ring, id -> RingOracle.predecessors(ring, id),
                id -> RingOracle.successors(ring, id).subList(0, 1));
            assertTrue(mismatch.startsWith(ring.get(0) + " has predecessors"), mismatch);
        }
        assertTrue(RingOracle.mismatch(ring, id -> null, id -> List.of()).endsWith("has not joined"));
    }
}
