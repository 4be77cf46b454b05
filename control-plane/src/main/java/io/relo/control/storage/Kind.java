package io.relo.control.storage;

import io.relo.codec.KindId;

import java.util.Objects;

/**
 * A kind of stored data, named by its type-id: its data model, its size limits and its access rule (draft §3.7,
 * §5.2.1, §9.1).
 *
 * @param typeId        the uint24 type-id ({@link KindId}).
 * @param name          for people, such as "SIP-REGISTRATION".
 * @param model         how its values are addressed.
 * @param maxValueSize  the largest value in bytes (draft §10.5.2: "maximum sizes for each type of stored data").
 * @param maxValues     the most values at one resource: array length or dictionary keys; 1 for a single value.
 * @param findable      whether FIND reports it (draft §5.2.4.2: a kind "is not allowed to be used with FIND").
 * @param accessPolicy  who may write and remove it.
 */
public record Kind(
    int typeId, String name, DataModel model, int maxValueSize, int maxValues, boolean findable,
    AccessPolicy accessPolicy)
{
    /** The bound of {@code opaque value<65000>} in every entry of draft §5.2.1.1. */
    public static final int MAX_VALUE_SIZE_LIMIT = 65000;

    /**
     * @throws IllegalArgumentException saying which parameter is out of range.
     */
    public Kind
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(accessPolicy, "accessPolicy");
        if (typeId < 0 || typeId > KindId.MAX_KIND_ID)
        {
            throw new IllegalArgumentException("kind " + name + ": type-id " + typeId + " does not fit a uint24");
        }
        if (maxValueSize < 0 || maxValueSize > MAX_VALUE_SIZE_LIMIT)
        {
            throw new IllegalArgumentException("kind " + name + ": max value size " + maxValueSize +
                " is outside 0.." + MAX_VALUE_SIZE_LIMIT + " (opaque value<65000>)");
        }
        if (maxValues < 1 || (model == DataModel.SINGLE_VALUE && maxValues != 1))
        {
            throw new IllegalArgumentException("kind " + name + ": max values " + maxValues +
                (model == DataModel.SINGLE_VALUE ? " must be 1 for a single value" : " must be at least 1"));
        }
    }

    /**
     * @param policy the access rule to use.
     * @return this kind with that rule.
     */
    public Kind withAccessPolicy(final AccessPolicy policy)
    {
        return new Kind(typeId, name, model, maxValueSize, maxValues, findable, policy);
    }

    @Override
    public String toString()
    {
        return name + " (0x" + Integer.toHexString(typeId) + ", " + model.label() + ")";
    }
}
