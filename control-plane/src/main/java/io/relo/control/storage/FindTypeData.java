package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

/**
 * The answer of a FIND for one kind (draft §5.2.4.2, {@code find_type_data}).
 *
 * @param type            the type-id.
 * @param closestResource the closest resource-id holding the kind, or {@link #NONE}.
 */
public record FindTypeData(int type, PeerId closestResource)
{
    /** draft §5.2.4.2: "This is 0 if no resource ID is known." */
    public static final PeerId NONE = new PeerId(0, 0);
}
