package io.relo.control.storage.journal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link JournalCrashTest}: recovers the journal, checks every record is the one expected at
 * its sequence number, then appends numbered records until killed, printing {@code ack <n>} after each append returns.
 * <p>
 * Arguments: the data directory and the chunk size. Prints {@code start <records recovered>} first; exits 2 with
 * {@code bad <n>} if a recovered record is not the expected one.
 */
public final class JournalAppenderMain
{
    /** Records a child appends at most, so that a forgotten child ends by itself. */
    static final long MAX_RECORDS = 200_000;

    private JournalAppenderMain()
    {
    }

    /**
     * @param args data directory, chunk size.
     * @throws IOException if the journal cannot be opened.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = System.out;
        final long[] recovered = {0};
        final boolean[] good = {true};
        try (Journal journal = Journal.open(Path.of(args[0]), new JournalContext().chunkSize(Long.parseLong(args[1]))))
        {
            journal.replay((type, buffer, offset, length) ->
            {
                final byte[] payload = new byte[length];
                buffer.getBytes(offset, payload);
                good[0] &= type == type(recovered[0]) && Arrays.equals(payload, payload(recovered[0]));
                recovered[0]++;
            });
            if (!good[0])
            {
                out.println("bad " + recovered[0]);
                out.flush();
                System.exit(2);
            }
            out.println("start " + recovered[0]);
            out.flush();
            for (long sequence = recovered[0]; sequence < recovered[0] + MAX_RECORDS; sequence++)
            {
                journal.append(type(sequence), payload(sequence));
                // the acknowledgement: only now may the client believe the change is kept
                out.println("ack " + sequence);
                out.flush();
            }
        }
    }

    /**
     * @param sequence a record's sequence number.
     * @return its type.
     */
    static int type(final long sequence)
    {
        return (int)(sequence % 5) + 1;
    }

    /**
     * @param sequence a record's sequence number.
     * @return its payload: the sequence number, then 0 to 2999 bytes of a pattern, so that records cross chunks.
     */
    static byte[] payload(final long sequence)
    {
        final int extra = (int)((sequence * 7919) % 3000);
        final ByteBuffer payload = ByteBuffer.allocate(Long.BYTES + extra).order(ByteOrder.LITTLE_ENDIAN);
        payload.putLong(sequence);
        for (int i = 0; i < extra; i++)
        {
            payload.put((byte)(sequence * 31 + i * 17 + 1));
        }
        return payload.array();
    }
}
