package io.relo.control.chord;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.relo.control.chord.NeighborTableTest.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft §7.5.2: the three cases of a received UPDATE.
 */
class UpdateRuleTest
{
    /** Peer 50 on a ring of 10, 20, ..., 90. */
    static NeighborTable tableOf50()
    {
        final NeighborTable table = new NeighborTable(id(50));
        for (final long hi : new long[] {20, 30, 40, 60, 70, 80})
        {
            table.add(id(hi));
        }
        return table;
    }

    @Test
    void shouldChangeNothingWhenTheUpdateMatchesTheTable()
    {
        // Case 1: 40's view (10, 20, 30 | 40 | 50, 60, 70) agrees with 50's table.
        final UpdateRule.Decision decision = UpdateRule.examine(tableOf50(), id(40),
            List.of(id(30), id(20), id(10)), List.of(id(50), id(60), id(70)));
        assertTrue(decision.noChange(), decision.toString());
    }

    @Test
    void shouldConnectToCloserPeers()
    {
        // Case 2: a new peer 55 joined between 50 and 60; 60 reports it as its predecessor.
        final UpdateRule.Decision decision = UpdateRule.examine(tableOf50(), id(60),
            List.of(id(55), id(50), id(40)), List.of(id(70), id(80), id(90)));
        assertEquals(Set.of(id(55)), decision.closer());
        assertTrue(decision.questionable().isEmpty());
    }

    @Test
    void shouldPingNeighboursTheSenderBracketsUsWithout()
    {
        // Case 3: 40 lists successors 50, 70, 80: the arc (10..80) brackets 50, and 60 is missing from it.
        final UpdateRule.Decision decision = UpdateRule.examine(tableOf50(), id(40),
            List.of(id(30), id(20), id(10)), List.of(id(50), id(70), id(80)));
        assertEquals(Set.of(id(60)), decision.questionable());
        assertTrue(decision.closer().isEmpty());
    }

    @Test
    void shouldNotSuspectNeighboursFromAFarAwayUpdate()
    {
        // Peers far away list nothing near 50: their arc does not bracket 50, so nothing is questionable.
        final UpdateRule.Decision decision = UpdateRule.examine(tableOf50(), id(0x7000_0000_0000_0000L),
            List.of(id(0x6000_0000_0000_0000L)), List.of(id(0x7100_0000_0000_0000L)));
        assertTrue(decision.questionable().isEmpty());
    }

    @Test
    void shouldFillFreeSlotsOfASmallRing()
    {
        final NeighborTable table = new NeighborTable(id(50));
        final UpdateRule.Decision decision = UpdateRule.examine(table, id(60), List.of(id(50)), List.of(id(70)));
        assertEquals(Set.of(id(60), id(70)), decision.closer());
    }
}
