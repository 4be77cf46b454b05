package io.relo.bench.codec.baseline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The store_request of draft §5.2.1.1 as an object: the resource-id and one {@link StoreTypeData} per kind.
 */
public final class StoreRequest
{
    private final byte[] resource;
    private final List<StoreTypeData> storeData;

    StoreRequest(final byte[] resource, final List<StoreTypeData> storeData)
    {
        this.resource = resource;
        this.storeData = storeData;
    }

    /**
     * @param buffer positioned at the store_request.
     * @return the request; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed.
     */
    public static StoreRequest parse(final ByteBuffer buffer) throws MalformedMessageException
    {
        final byte[] resource = Reads.id(buffer, "store_request.resource");
        final int length = Reads.vectorLength(buffer, 2, 65000, "store_request.store_data");
        final int savedLimit = buffer.limit();
        buffer.limit(buffer.position() + length);
        final List<StoreTypeData> storeData = new ArrayList<>();
        while (buffer.hasRemaining())
        {
            storeData.add(StoreTypeData.parse(buffer));
        }
        buffer.limit(savedLimit);
        return new StoreRequest(resource, storeData);
    }

    public byte[] resource()
    {
        return resource;
    }

    public List<StoreTypeData> storeData()
    {
        return storeData;
    }
}
