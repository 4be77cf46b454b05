package io.relo.control.storage.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal records one at a time: from {@link Journal#replay(RecordHandler)}, and as the sink a
 * {@link LiveRecords} source writes a compacted journal through.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * One record; the buffer is only valid during the call, so copy what must be kept.
     *
     * @param type   the record's type, 0 to {@link JournalDescriptor#MAX_TYPE}.
     * @param buffer holds the payload.
     * @param offset where the payload starts.
     * @param length bytes of payload.
     */
    void onRecord(int type, DirectBuffer buffer, int offset, int length);
}
