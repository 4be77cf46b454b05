package io.relo.control.storage;

/**
 * The generation counter of one kind after a STORE or REMOVE (draft §5.2.1.2, §5.2.3.4, {@code store_type_response}).
 *
 * @param type       the type-id.
 * @param generation its generation counter; 0 when the resource holds no value of the kind.
 */
public record StoreTypeResponse(int type, long generation)
{
}
