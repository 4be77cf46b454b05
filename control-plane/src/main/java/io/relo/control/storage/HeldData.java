package io.relo.control.storage;

import io.relo.fastpath.ring.PeerId;

/**
 * A value the store holds, with the peer it is charged to, as replication copies it.
 *
 * @param storer the peer whose STORE (or replica) put it here.
 * @param data   the value and its address.
 */
public record HeldData(PeerId storer, StoredData data)
{
}
