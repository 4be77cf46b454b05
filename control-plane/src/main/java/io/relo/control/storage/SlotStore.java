package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

import java.util.List;
import java.util.function.Predicate;

/**
 * What the {@link StoragePeer} asks of the store it serves from: the draft §5.2 operations, replica merges and the
 * slots of an arc. {@link DurableStore} journals each change (a peer); {@link DataStore} keeps it in memory (the
 * simulator, tests). Every operation is given the epoch time in milliseconds.
 */
public interface SlotStore
{
    /**
     * @see DataStore#store
     */
    StoreResult store(PeerId storer, PeerId resource, List<StoreTypeData> request, long nowMs);

    /**
     * @see DataStore#remove
     */
    StoreResult remove(PeerId requester, PeerId resource, List<FetchTypeData> request, long nowMs);

    /**
     * @see DataStore#merge(PeerId, PeerId, int, StoredData, long, boolean)
     */
    StoreResult merge(PeerId storer, PeerId resource, int type, StoredData data, long nowMs, boolean storerQuota);

    /**
     * @see DataStore#fetch
     */
    FetchResult fetch(PeerId resource, List<FetchTypeData> request, long nowMs);

    /**
     * @see DataStore#find
     */
    FindResult find(PeerId resource, int[] types, Predicate<PeerId> responsible, long nowMs);

    /**
     * @see DataStore#slotsInArc
     */
    List<Slot> slotsInArc(PeerId startExclusive, PeerId endInclusive, long nowMs);

    /**
     * Visit the resource-id and generation of every slot in the arc (start, end], in ring order from start, without
     * copying values: what a push needs to decide what to send.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end; (x, x] is the whole ring.
     * @param nowMs          epoch milliseconds; expired values are dropped first.
     * @param slot           told each slot's resource-id and generation.
     */
    void generationsInArc(
        PeerId startExclusive, PeerId endInclusive, long nowMs, java.util.function.ObjLongConsumer<PeerId> slot);

    /**
     * The slots of one resource-id, every kind.
     *
     * @param resource the resource-id.
     * @param nowMs    epoch milliseconds; expired values are dropped first.
     * @return its slots in type-id order.
     */
    List<Slot> slotsAt(PeerId resource, long nowMs);

    /**
     * Forget every value in the arc (start, end], dropping expired values first.
     *
     * @param startExclusive the arc's exclusive start.
     * @param endInclusive   the arc's inclusive end.
     * @param nowMs          epoch milliseconds.
     * @return the number of values dropped.
     */
    int deleteArc(PeerId startExclusive, PeerId endInclusive, long nowMs);

    /**
     * @return the number of non-empty slots (draft §5.1.1.2: NUM-RESOURCES).
     */
    int slotCount();

    /**
     * @see DataStore#generation
     */
    long generation(PeerId resource, int type);

    /**
     * @see DataStore#isRemoved
     */
    boolean isRemoved(PeerId resource, int type, StoredData data);
}
