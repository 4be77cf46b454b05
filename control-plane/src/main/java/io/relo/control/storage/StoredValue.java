package io.relo.control.storage;

import java.util.Objects;

/**
 * One stored value with its storage time, lifetime and signature (the fields of {@code stored_data}, draft
 * §5.2.1.1), or a nonexistent value (§5.2.2.2: "an empty data value portion and no signature").
 *
 * @param storageTime seconds since the Unix epoch at which the storer stored it (uint32).
 * @param lifetime    seconds it stays valid after its storage time (uint32).
 * @param value       the data value.
 * @param signature   the storer's {@code signature} over it, opaque to the store; empty when unsigned.
 * @param exists      false for the placeholder of a value that does not exist.
 */
public record StoredValue(long storageTime, long lifetime, Opaque value, Opaque signature, boolean exists)
{
    /** draft §5.2.2.2: what a fetch returns where no value exists. */
    public static final StoredValue NONEXISTENT = new StoredValue(0, 0, Opaque.EMPTY, Opaque.EMPTY, false);

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    /**
     * @throws IllegalArgumentException if a time is not a uint32, or a nonexistent value carries bytes.
     */
    public StoredValue
    {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(signature, "signature");
        if (storageTime < 0 || storageTime > UINT32_MAX || lifetime < 0 || lifetime > UINT32_MAX)
        {
            throw new IllegalArgumentException("storage time " + storageTime + " and lifetime " + lifetime +
                " must both be uint32 seconds");
        }
        if (!exists && (value.length() != 0 || signature.length() != 0))
        {
            throw new IllegalArgumentException("a nonexistent value has no data and no signature (draft §5.2.2.2)");
        }
    }

    /**
     * @param storageTime seconds since the Unix epoch.
     * @param lifetime    seconds of validity.
     * @param value       the data value.
     * @param signature   the signature, or {@link Opaque#EMPTY}.
     * @return an existing value.
     */
    public static StoredValue of(final long storageTime, final long lifetime, final Opaque value, final Opaque signature)
    {
        return new StoredValue(storageTime, lifetime, value, signature, true);
    }

    /**
     * draft §5.2.1.1: "Lifetime: The validity period for the data, in seconds, starting from the time of store."
     *
     * @return the first epoch millisecond at which the value is no longer valid.
     */
    public long expiryMs()
    {
        return (storageTime + lifetime) * 1000L;
    }
}
