package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Resource names to resource-ids (wire-format.md §4.8). The expected ids were computed outside relo, with python3:
 * {@code hashlib.sha1(name.encode('utf-8')).hexdigest()[:32]}.
 */
class ResourceIdTest
{
    @Test
    void shouldTakeTheFirst128BitsOfSha1OverTheName()
    {
        assertEquals(PeerId.parse("3d8919f349a11acb2521d400cfcd5a4f"), ResourceId.of("sip:alice@dht.example.org"));
        assertEquals(PeerId.parse("522b276a356bdf39013dfabea2cd43e1"), ResourceId.of("alice"));
    }

    @Test
    void shouldKeepTheTopBitOfEachHalfAsAnUnsignedRingPosition()
    {
        // 8fe3d6571f55867c eee408874553198e: both halves have their top bit set
        assertEquals(new PeerId(0x8fe3d6571f55867cL, 0xeee408874553198eL), ResourceId.of("relo"));
    }

    @Test
    void shouldHashTheNameAsUtf8()
    {
        assertEquals(PeerId.parse("ba27e16193c6e130a29afab669934313"), ResourceId.of("sip:jos\u00e9@dht.example.org"));
    }

    @Test
    void shouldMapTheEmptyNameToTheStartOfSha1OfNothing()
    {
        assertEquals(PeerId.parse("da39a3ee5e6b4b0d3255bfef95601890"), ResourceId.of(""));
    }
}
