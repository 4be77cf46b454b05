package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §7.1, §7.4: finger i targets n + 2^(128-i), modulo 2^128.
 */
class FingerTableTest
{
    @Test
    void shouldTargetHalfQuarterEighthOfTheRing()
    {
        final FingerTable fingers = new FingerTable(new PeerId(0, 42));
        assertEquals(new PeerId(0x8000_0000_0000_0000L, 42), fingers.target(1));
        assertEquals(new PeerId(0x4000_0000_0000_0000L, 42), fingers.target(2));
        assertEquals(new PeerId(0x0100_0000_0000_0000L, 42), fingers.target(8));
        assertThrows(IllegalArgumentException.class, () -> fingers.target(9));
    }

    @Test
    void shouldReachFurtherDownTheRingWithMoreEntriesOnlyWhenAsked()
    {
        // Only the simulator's finger-count experiment builds more than chord-128-2-8's 8 entries.
        final FingerTable fingers = new FingerTable(new PeerId(0, 42), 16);
        assertEquals(16, fingers.size());
        assertEquals(FingerTable.SIZE, new FingerTable(new PeerId(0, 42)).size());
        assertEquals(new PeerId(0x0001_0000_0000_0000L, 42), fingers.target(16));
        assertThrows(IllegalArgumentException.class, () -> fingers.target(17));
        assertThrows(IllegalArgumentException.class,
            () -> new FingerTable(new PeerId(0, 42), FingerTable.MAX_SIZE + 1));
    }

    @Test
    void shouldWrapTargetsAroundTheRing()
    {
        final FingerTable fingers = new FingerTable(new PeerId(0xC000_0000_0000_0000L, 1));
        assertEquals(new PeerId(0x4000_0000_0000_0000L, 1), fingers.target(1), "3/4 + 1/2 wraps to 1/4");
    }

    @Test
    void shouldNeverHoldItselfAndForgetFailedPeers()
    {
        final PeerId self = new PeerId(5, 5);
        final FingerTable fingers = new FingerTable(self);
        assertFalse(fingers.set(1, self));
        assertNull(fingers.get(1));
        assertTrue(fingers.set(1, new PeerId(9, 9)));
        assertTrue(fingers.set(2, new PeerId(9, 9)));
        assertEquals(1, fingers.peers().size());
        assertTrue(fingers.contains(new PeerId(9, 9)));
        assertFalse(fingers.isEmpty());
        assertTrue(fingers.remove(new PeerId(9, 9)));
        assertTrue(fingers.peers().isEmpty());
        assertTrue(fingers.isEmpty());
        assertFalse(fingers.contains(new PeerId(9, 9)));
    }
}
