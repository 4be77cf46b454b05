package io.relo.control.storage.journal;

import java.nio.file.Path;

/**
 * What {@link Journal#replay(RecordHandler)} found: how many records were good, and what it discarded after them.
 *
 * @param file              the journal file.
 * @param outcome           how the good records ended.
 * @param records           records handed to the handler.
 * @param validLength       bytes of the file up to the end of the last good record, file header included; appends
 *                          continue here.
 * @param discardedBytes    bytes from {@code validLength} to the last non-zero byte, wiped.
 * @param appendInterrupted whether the first bad record's checksum was never written, the mark of a process that died
 *                          during that append (so it was never acknowledged).
 * @param discardedCopy     where the discarded bytes were copied before the wipe, or null when they were only an
 *                          interrupted append.
 */
public record JournalRecovery(
    Path file,
    Outcome outcome,
    long records,
    long validLength,
    long discardedBytes,
    boolean appendInterrupted,
    Path discardedCopy)
{
    /**
     * How the good records ended.
     */
    public enum Outcome
    {
        /** At the end of the data: nothing was discarded. */
        CLEAN,
        /** At a bad last record with nothing after it: a crash during an append, or damage to the last record. */
        TORN_TAIL,
        /** At a bad record with more data after it: damage inside the journal; every record after it was lost. */
        CORRUPT
    }

    /**
     * @return one line for the operator's log that says what happened and what, if anything, to do.
     */
    public String describe()
    {
        final String recovered = file + ": " + records + " records (" + validLength + " bytes) recovered";
        switch (outcome)
        {
            case CLEAN:
                return recovered;
            case TORN_TAIL:
                if (appendInterrupted)
                {
                    return recovered + "; the last record (" + discardedBytes + " bytes at " + validLength +
                        ") was cut short by a crash during its append, which therefore was never acknowledged, " +
                        "and was discarded";
                }
                return recovered + "; the last record (" + discardedBytes + " bytes at " + validLength +
                    ") fails its checksum and was discarded: a power loss before it was forced, or damage to the " +
                    "disk; if it was acknowledged that change is lost; a copy is in " + discardedCopy;
            default:
                return recovered + "; JOURNAL DAMAGED: the record at " + validLength + " is not valid and " +
                    discardedBytes + " bytes after it, which may hold acknowledged changes, were discarded; a " +
                    "copy is in " + discardedCopy + "; the store starts from the records before the damage: " +
                    "check the disk (SMART, dmesg) and let replicas restore the lost values";
        }
    }
}
