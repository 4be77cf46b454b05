package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

import java.util.List;

/**
 * Everything held for one resource-id and kind — draft §10.5's "slot" — as replication reads it.
 *
 * @param resource   the resource-id.
 * @param type       the type-id.
 * @param generation the slot's generation counter.
 * @param values     its values in address order (index or key).
 */
public record Slot(PeerId resource, int type, long generation, List<HeldData> values)
{
    /**
     * Copies the list.
     */
    public Slot
    {
        values = List.copyOf(values);
    }
}
