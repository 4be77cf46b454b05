package io.relo.control.storage.journal;

/**
 * The records a compacted journal keeps, supplied by the store from its current state.
 */
@FunctionalInterface
public interface LiveRecords
{
    /**
     * Hand every live record to the sink, in the order replay should return them.
     *
     * @param sink writes each record into the compacted journal.
     */
    void forEach(RecordHandler sink);
}
