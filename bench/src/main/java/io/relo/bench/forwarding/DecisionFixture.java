package io.relo.bench.forwarding;

import io.relo.bench.forwarding.baseline.ObjectRoutingTable;
import io.relo.fastpath.RoutingTable;
import io.relo.fastpath.ring.Ring;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * What both forwarding decision paths work on: one peer with a 14-entry neighbour and finger table, and frames
 * for {@value #DESTINATIONS} destinations it is not responsible for, each a {@link BenchFrame} that has already crossed
 * {@value #VIA_BEFORE} peers, held in one aligned direct buffer with headroom in front. Seeded, so every run and the
 * test see the same ids.
 */
public final class DecisionFixture
{
    /** Neighbours and fingers: 3 predecessors, 3 successors and 8 fingers, as a small Chord overlay has. */
    public static final int TABLE_SIZE = 14;
    /** Destinations cycled through, so that the lookups take different paths through the table. */
    public static final int DESTINATIONS = 16;
    /** Via entries each frame carries on arrival. */
    public static final int VIA_BEFORE = 2;
    /** Where frames start in the buffer; the rewrite grows the header into the bytes before. */
    public static final int FRAME_OFFSET = 64;

    private final long[] peerHi = new long[TABLE_SIZE];
    private final long[] peerLo = new long[TABLE_SIZE];
    private final long[] destinationHi = new long[DESTINATIONS];
    private final long[] destinationLo = new long[DESTINATIONS];
    private final long selfHi;
    private final long selfLo;
    private final long predecessorHi;
    private final long predecessorLo;
    private final UnsafeBuffer buffer;
    private final UnsafeBuffer templates;
    private final int frameLength;
    private final int prefixLength;

    /**
     * Draw the ids and write the frames.
     */
    public DecisionFixture()
    {
        final Random random = new Random(20261121L);
        selfHi = random.nextLong();
        selfLo = random.nextLong();
        int predecessor = 0;
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            peerHi[i] = random.nextLong();
            peerLo[i] = random.nextLong();
            // the predecessor is the peer closest before self going clockwise
            if (Ring.compare(
                Ring.distanceHi(peerHi[i], peerLo[i], selfHi, selfLo), Ring.distanceLo(peerLo[i], selfLo),
                Ring.distanceHi(peerHi[predecessor], peerLo[predecessor], selfHi, selfLo),
                Ring.distanceLo(peerLo[predecessor], selfLo)) < 0)
            {
                predecessor = i;
            }
        }
        predecessorHi = peerHi[predecessor];
        predecessorLo = peerLo[predecessor];

        final long[] via = new long[2 * VIA_BEFORE];
        for (int i = 0; i < via.length; i++)
        {
            via[i] = random.nextLong();
        }
        final RoutingTable table = routingTable();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[BenchFrame.MAX_LENGTH]);
        int length = 0;
        UnsafeBuffer written = null;
        for (int i = 0; i < DESTINATIONS; i++)
        {
            do
            {
                destinationHi[i] = random.nextLong();
                destinationLo[i] = random.nextLong();
            }
            while (table.isResponsible(destinationHi[i], destinationLo[i]));
            length = BenchFrame.encode(frame, 0, destinationHi[i], destinationLo[i], via);
            if (null == written)
            {
                written = new UnsafeBuffer(new byte[DESTINATIONS * length]);
            }
            written.putBytes(i * length, frame, 0, length);
        }
        frameLength = length;
        prefixLength = 28 + 16 * (1 + VIA_BEFORE);
        templates = written;
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(FRAME_OFFSET + BenchFrame.MAX_LENGTH, 64));
        buffer.putBytes(FRAME_OFFSET, templates, 0, frameLength);
    }

    /**
     * @return a fastpath routing table holding the 14 peers, every one routable, on links 0 to 13.
     */
    public RoutingTable routingTable()
    {
        final RoutingTable table = new RoutingTable(TABLE_SIZE);
        table.local(selfHi, selfLo, predecessorHi, predecessorLo);
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            table.put(peerHi[i], peerLo[i], i, true);
        }
        return table;
    }

    /**
     * @return the baseline's table holding the same peers on the same links.
     */
    public ObjectRoutingTable objectRoutingTable()
    {
        final ObjectRoutingTable table = new ObjectRoutingTable(
            ObjectRoutingTable.id(selfHi, selfLo), ObjectRoutingTable.id(predecessorHi, predecessorLo));
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            table.add(ObjectRoutingTable.id(peerHi[i], peerLo[i]), i);
        }
        return table;
    }

    /**
     * Put frame {@code destination} back at {@link #FRAME_OFFSET}. Only the header prefix (fixed header, route and
     * via lists) differs between the frames and only it moves in a rewrite, so this copies those few bytes.
     *
     * @param destination 0 to {@value #DESTINATIONS} - 1.
     */
    public void restore(final int destination)
    {
        buffer.putBytes(FRAME_OFFSET, templates, destination * frameLength, prefixLength);
    }

    /**
     * @return the direct buffer holding the frame at {@link #FRAME_OFFSET}.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return an NIO view of the same memory, as a receive path hands it to an object decoder.
     */
    public ByteBuffer byteBuffer()
    {
        return buffer.byteBuffer().duplicate();
    }

    /**
     * @return bytes of each frame on arrival.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * @return bytes restored per frame.
     */
    public int prefixLength()
    {
        return prefixLength;
    }

    /**
     * @return high 64 bits of the previous hop, the first peer of the table.
     */
    public long previousHi()
    {
        return peerHi[0];
    }

    /**
     * @return low 64 bits of the previous hop.
     */
    public long previousLo()
    {
        return peerLo[0];
    }

    /**
     * @return the previous hop's id as 16 bytes, as the baseline holds ids.
     */
    public byte[] previousHop()
    {
        return ByteBuffer.allocate(16).putLong(peerHi[0]).putLong(peerLo[0]).array();
    }

    /**
     * @param destination index.
     * @return its id.
     */
    public BigInteger destination(final int destination)
    {
        return ObjectRoutingTable.id(destinationHi[destination], destinationLo[destination]);
    }
}
