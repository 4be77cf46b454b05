package io.relo.codec.golden;

import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.ChordUpdateEncoder;
import io.relo.codec.JoinRequestDecoder;
import io.relo.codec.JoinRequestEncoder;
import io.relo.codec.LeaveRequestDecoder;
import io.relo.codec.LeaveRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.relo.codec.golden.Golden.PEER_A;
import static io.relo.codec.golden.Golden.PEER_A_HI;
import static io.relo.codec.golden.Golden.PEER_A_LO;
import static io.relo.codec.golden.Golden.assertEncodes;
import static io.relo.codec.golden.Golden.assertWrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden vectors for overlay maintenance: JOIN and LEAVE (draft §5.3) and the UPDATE of chord-128-2-8 (§7.5).
 */
class OverlayMaintenanceGoldenTest
{
    /** draft §5.3.1: the default JOIN carries only the peer-id. */
    static final String JOIN_REQUEST =
        PEER_A +                // peer_id desired_peer_id
        "00000000";             // blob dht_specific_data: 4-byte length 0

    /** draft §5.3.2: the default LEAVE carries only the peer-id. */
    static final String LEAVE_REQUEST =
        PEER_A +                // peer_id leaving_peer_id
        "00000000";             // blob dht_specific_data: 4-byte length 0

    /** draft §7.5: the neighbour sets of peer 0x40..04, three on each side. */
    static final String CHORD_UPDATE =
        "30" +                  // peer_id predecessors<255>: 1-byte length 48 = 3 x 16
        "10000000000000000000000000000001" + // [0]
        "20000000000000000000000000000002" + // [1]
        "30000000000000000000000000000003" + // [2]
        "30" +                  // peer_id successors<255>: 1-byte length 48 = 3 x 16
        "50000000000000000000000000000005" + // [0]
        "60000000000000000000000000000006" + // [1]
        "70000000000000000000000000000007";  // [2]

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeJoinRequestWithEmptyDhtData(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, JOIN_REQUEST);
        final JoinRequestDecoder decoder = new JoinRequestDecoder();
        assertWrapped(20, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(PEER_A_HI, decoder.desiredPeerIdHi());
        assertEquals(PEER_A_LO, decoder.desiredPeerIdLo());
        assertEquals(0, decoder.dhtSpecificDataLength());

        assertEncodes(JOIN_REQUEST, offset, (buf, off) -> new JoinRequestEncoder().wrap(buf, off)
            .desiredPeerId(PEER_A_HI, PEER_A_LO).dhtSpecificData(new byte[0]).finish());
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeLeaveRequestWithEmptyDhtData(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, LEAVE_REQUEST);
        final LeaveRequestDecoder decoder = new LeaveRequestDecoder();
        assertWrapped(20, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(PEER_A_HI, decoder.leavingPeerIdHi());
        assertEquals(PEER_A_LO, decoder.leavingPeerIdLo());
        assertEquals(0, decoder.dhtSpecificDataLength());

        assertEncodes(LEAVE_REQUEST, offset, (buf, off) ->
        {
            final LeaveRequestEncoder encoder = new LeaveRequestEncoder().wrap(buf, off)
                .leavingPeerId(PEER_A_HI, PEER_A_LO);
            final int p = encoder.dhtSpecificDataBegin();
            return encoder.dhtSpecificDataEnd(p).finish();
        });
    }

    @ParameterizedTest(name = "at offset {0}")
    @ValueSource(ints = { 0, Golden.UNALIGNED_OFFSET })
    void shouldDecodeAndEncodeChordUpdateWithThreePredecessorsAndThreeSuccessors(final int offset)
    {
        final UnsafeBuffer buffer = Golden.at(offset, CHORD_UPDATE);
        final ChordUpdateDecoder decoder = new ChordUpdateDecoder();
        assertWrapped(98, decoder.wrapExactly(buffer, offset, buffer.capacity()), decoder);

        assertEquals(48, decoder.predecessorsLength());
        assertEquals(3, decoder.predecessorsCount());
        assertEquals(48, decoder.successorsLength());
        assertEquals(3, decoder.successorsCount());
        for (int i = 0; i < 3; i++)
        {
            assertEquals((long)(i + 1) << 60, decoder.predecessorsHi(i));
            assertEquals(i + 1, decoder.predecessorsLo(i));
            assertEquals((long)(i + 5) << 60, decoder.successorsHi(i));
            assertEquals(i + 5, decoder.successorsLo(i));
        }

        assertEncodes(CHORD_UPDATE, offset, (buf, off) -> new ChordUpdateEncoder().wrap(buf, off)
            .predecessorsBegin()
            .predecessorsAdd(0x1000000000000000L, 1L)
            .predecessorsAdd(0x2000000000000000L, 2L)
            .predecessorsAdd(0x3000000000000000L, 3L)
            .predecessorsEnd()
            .successorsBegin()
            .successorsAdd(0x5000000000000000L, 5L)
            .successorsAdd(0x6000000000000000L, 6L)
            .successorsAdd(0x7000000000000000L, 7L)
            .successorsEnd()
            .finish());
    }
}
