package io.relo.control.storage;

import io.relo.codec.KindId;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The kinds this peer stores, by type-id (draft §5.2.1.1: "The type-id is known"); owned by the conductor thread.
 */
public final class KindRegistry
{
    /** draft §9.2.1: "values of up to 10K" — relo reads K as 1024 bytes. */
    public static final int SIP_REGISTRATION_MAX_VALUE_SIZE = 10 * 1024;
    /** draft §9.2.1: "up to 10 values for each user name". */
    public static final int SIP_REGISTRATION_MAX_VALUES = 10;
    /** draft §9.3 gives no size; a turn_server (§9.3) is at most 20 bytes, so 256 leaves room to grow. */
    public static final int TURN_SERVICE_MAX_VALUE_SIZE = 256;
    /** draft §9.4: "at least 10 certificates of sizes up to 1K each" — relo takes 1K as 1024 bytes. */
    public static final int CERTIFICATE_MAX_VALUE_SIZE = 1024;
    /** draft §9.4: at least 10 certificates. */
    public static final int CERTIFICATE_MAX_VALUES = 10;

    private final Int2ObjectHashMap<Kind> kinds = new Int2ObjectHashMap<>();

    /**
     * @return a registry holding the draft's kinds with the limits of §9.2.1, §9.3 and §9.4, all findable and
     *         open to every requester ({@link AccessPolicy#ALLOW_ALL}).
     */
    public static KindRegistry withDraftKinds()
    {
        final KindRegistry registry = new KindRegistry();
        registry.register(new Kind(KindId.SIP_REGISTRATION, KindId.name(KindId.SIP_REGISTRATION),
            DataModel.DICTIONARY, SIP_REGISTRATION_MAX_VALUE_SIZE, SIP_REGISTRATION_MAX_VALUES, true,
            AccessPolicy.ALLOW_ALL));
        registry.register(new Kind(KindId.TURN_SERVICE, KindId.name(KindId.TURN_SERVICE),
            DataModel.SINGLE_VALUE, TURN_SERVICE_MAX_VALUE_SIZE, 1, true, AccessPolicy.ALLOW_ALL));
        registry.register(new Kind(KindId.CERTIFICATE, KindId.name(KindId.CERTIFICATE),
            DataModel.ARRAY, CERTIFICATE_MAX_VALUE_SIZE, CERTIFICATE_MAX_VALUES, true, AccessPolicy.ALLOW_ALL));
        return registry;
    }

    /**
     * Add a kind.
     *
     * @param kind whose type-id is not registered yet.
     * @return this.
     * @throws IllegalArgumentException if the type-id is taken.
     */
    public KindRegistry register(final Kind kind)
    {
        final Kind existing = kinds.get(kind.typeId());
        if (existing != null)
        {
            throw new IllegalArgumentException("type-id 0x" + Integer.toHexString(kind.typeId()) + " is already " +
                existing + "; use replace to change it");
        }
        kinds.put(kind.typeId(), kind);
        return this;
    }

    /**
     * Change a registered kind, for example to give it the security layer's access policy.
     *
     * @param kind whose type-id is registered.
     * @return this.
     * @throws IllegalArgumentException if the type-id is not registered.
     */
    public KindRegistry replace(final Kind kind)
    {
        if (!kinds.containsKey(kind.typeId()))
        {
            throw new IllegalArgumentException("type-id 0x" + Integer.toHexString(kind.typeId()) +
                " is not registered; use register to add it");
        }
        kinds.put(kind.typeId(), kind);
        return this;
    }

    /**
     * @param typeId a type-id from a request.
     * @return its kind, or null if this peer does not know it.
     */
    public Kind kind(final int typeId)
    {
        return kinds.get(typeId);
    }

    /**
     * @return the registered kinds in type-id order.
     */
    public List<Kind> kinds()
    {
        final List<Kind> list = new ArrayList<>(kinds.values());
        list.sort(Comparator.comparingInt(Kind::typeId));
        return list;
    }
}
