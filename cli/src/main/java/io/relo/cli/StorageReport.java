package io.relo.cli;

import io.relo.bench.report.JsonWriter;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;

import java.time.Instant;
import java.util.List;

/**
 * Stored values (draft §5.2.1.1) and generations as the storage commands print them: one line per value for people,
 * and JSON fields.
 */
final class StorageReport
{
    private StorageReport()
    {
    }

    /**
     * @param data a value at its address.
     * @return such as {@code key "phone" "sip:a@b" stored 2026-12-06T06:30:00Z, lifetime 3600 s}.
     */
    static String line(final StoredData data)
    {
        final StoredValue value = data.value();
        final String address = address(data);
        if (!value.exists())
        {
            return address + "nonexistent";
        }
        return address + OpaqueConverters.display(value.value()) + "  stored " + iso(value.storageTime()) +
            ", lifetime " + value.lifetime() + " s" +
            (value.signature().length() == 0 ? "" : ", signed (" + value.signature().length() + " bytes)");
    }

    /**
     * @param data a value at its address.
     * @return "[3] ", "key \"k\" " or "" for a single value.
     */
    static String address(final StoredData data)
    {
        if (data instanceof ArrayEntry entry)
        {
            return "[" + entry.index() + "] ";
        }
        if (data instanceof DictionaryEntry entry)
        {
            return "key " + OpaqueConverters.display(entry.key()) + " ";
        }
        return "";
    }

    /**
     * Write a value and its address as a JSON object.
     *
     * @param data a value at its address.
     * @param json positioned for a value.
     */
    static void write(final StoredData data, final JsonWriter json)
    {
        json.beginObject().field("model", data.model().label());
        if (data instanceof ArrayEntry entry)
        {
            json.field("index", entry.index());
        }
        else if (data instanceof DictionaryEntry entry)
        {
            json.field("key", OpaqueConverters.text(entry.key())).field("key_hex", OpaqueConverters.hex(entry.key()));
        }
        final StoredValue value = data.value();
        json.field("exists", value.exists());
        if (value.exists())
        {
            json.field("value", OpaqueConverters.text(value.value()))
                .field("value_hex", OpaqueConverters.hex(value.value()))
                .field("storage_time", value.storageTime())
                .field("storage_time_iso", iso(value.storageTime()))
                .field("lifetime", value.lifetime())
                .field("signature_hex", OpaqueConverters.hex(value.signature()));
        }
        json.endObject();
    }

    /**
     * Write generations as a JSON array of {kind, name, generation}.
     *
     * @param generations one per kind.
     * @param json        positioned for a value.
     */
    static void generations(final List<StoreTypeResponse> generations, final JsonWriter json)
    {
        json.beginArray();
        for (final StoreTypeResponse generation : generations)
        {
            json.beginObject()
                .field("kind", generation.type())
                .field("name", io.relo.codec.KindId.name(generation.type()))
                .field("generation", generation.generation())
                .endObject();
        }
        json.endArray();
    }

    /**
     * @param seconds since the Unix epoch.
     * @return ISO-8601 in UTC.
     */
    static String iso(final long seconds)
    {
        return Instant.ofEpochSecond(seconds).toString();
    }
}
