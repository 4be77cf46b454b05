package io.relo.control.storage;

import io.relo.codec.KindId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kinds a peer knows (draft §5.2.1.1: "The type-id is known") and the limits a kind may carry.
 */
class KindRegistryTest
{
    @Test
    void shouldHoldTheDraftsKindsWithTheirDataModelsAndLimits()
    {
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        // wire-format.md §4.1: SIP-REGISTRATION 0x1 dictionary, TURN-SERVICE 0x2 single value, CERTIFICATE 0x3 array.
        assertEquals(List.of(
                new Kind(KindId.SIP_REGISTRATION, "SIP-REGISTRATION", DataModel.DICTIONARY, 10 * 1024, 10, true,
                    AccessPolicy.ALLOW_ALL),
                new Kind(KindId.TURN_SERVICE, "TURN-SERVICE", DataModel.SINGLE_VALUE, 256, 1, true,
                    AccessPolicy.ALLOW_ALL),
                new Kind(KindId.CERTIFICATE, "CERTIFICATE", DataModel.ARRAY, 1024, 10, true, AccessPolicy.ALLOW_ALL)),
            kinds.kinds());
        assertNull(kinds.kind(0x4));
    }

    @Test
    void shouldRefuseATypeIdRegisteredTwice()
    {
        final KindRegistry kinds = KindRegistry.withDraftKinds();
        final Kind again = new Kind(KindId.TURN_SERVICE, "MINE", DataModel.ARRAY, 10, 2, true, AccessPolicy.ALLOW_ALL);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> kinds.register(again));
        assertTrue(error.getMessage().contains("TURN-SERVICE"), error.getMessage());
        kinds.replace(again);
        assertSame(again, kinds.kind(KindId.TURN_SERVICE));
        assertThrows(IllegalArgumentException.class, () -> kinds.replace(
            new Kind(0x40, "NEW", DataModel.ARRAY, 10, 2, true, AccessPolicy.ALLOW_ALL)));
    }

    @Test
    void shouldRefuseLimitsTheWireCannotCarry()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new Kind(1 << 24, "WIDE", DataModel.ARRAY, 10, 2, true, AccessPolicy.ALLOW_ALL));
        assertThrows(IllegalArgumentException.class,
            () -> new Kind(5, "BIG", DataModel.ARRAY, 65001, 2, true, AccessPolicy.ALLOW_ALL));
        final IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
            () -> new Kind(5, "TWO", DataModel.SINGLE_VALUE, 10, 2, true, AccessPolicy.ALLOW_ALL));
        assertTrue(single.getMessage().contains("must be 1"), single.getMessage());
    }

    @Test
    void shouldRefuseTimesThatAreNotUint32()
    {
        assertThrows(IllegalArgumentException.class, () -> StoredValue.of(1L << 32, 0, Opaque.EMPTY, Opaque.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> StoredValue.of(0, -1, Opaque.EMPTY, Opaque.EMPTY));
        assertThrows(IllegalArgumentException.class,
            () -> new StoredValue(0, 0, Opaque.copyOf(new byte[] {1}), Opaque.EMPTY, false));
    }
}
