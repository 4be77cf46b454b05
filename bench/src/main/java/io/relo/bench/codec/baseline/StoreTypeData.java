package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The store_type_data of draft §5.2.1.1 as an object: a kind, its generation counter and its values.
 */
public final class StoreTypeData
{
    private final int kind;
    private final long generation;
    private final List<StoredData> values;

    StoreTypeData(final int kind, final long generation, final List<StoredData> values)
    {
        this.kind = kind;
        this.generation = generation;
        this.values = values;
    }

    /**
     * @param buffer positioned at the store_type_data, limited to the end of the enclosing vector.
     * @return the data; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed.
     */
    public static StoreTypeData parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final int kind = Reads.uint24(buffer, "store_type_data.type");
        final long generation = Reads.uint64(buffer, "store_type_data.generation");
        final int length = Reads.vectorLength(buffer, 2, 65000, "store_type_data.values");
        final int savedLimit = buffer.limit();
        buffer.limit(buffer.position() + length);
        final List<StoredData> values = new ArrayList<>();
        while (buffer.hasRemaining())
        {
            values.add(StoredData.parse(buffer, kind));
        }
        buffer.limit(savedLimit);
        return new StoreTypeData(kind, generation, values);
    }

    public int kind()
    {
        return kind;
    }

    public long generation()
    {
        return generation;
    }

    public List<StoredData> values()
    {
        return values;
    }
}
