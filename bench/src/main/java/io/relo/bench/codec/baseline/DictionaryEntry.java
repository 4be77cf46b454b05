package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;

/**
 * The dictionary_entry of draft §5.2.1.1.3 as an object: key and value as byte arrays.
 */
public final class DictionaryEntry
{
    private final byte[] key;
    private final byte[] value;

    DictionaryEntry(final byte[] key, final byte[] value)
    {
        this.key = key;
        this.value = value;
    }

    /**
     * @param buffer positioned at the entry.
     * @return the entry; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed.
     */
    public static DictionaryEntry parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final byte[] key = Reads.opaque(buffer, 2, 65000, "dictionary_entry.key");
        final byte[] value = Reads.opaque(buffer, 2, 65000, "dictionary_entry.value");
        return new DictionaryEntry(key, value);
    }

    public byte[] key()
    {
        return key;
    }

    public byte[] value()
    {
        return value;
    }
}
