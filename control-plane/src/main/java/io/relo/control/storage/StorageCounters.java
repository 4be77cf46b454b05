package io.relo.control.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link StoragePeer} did, by kind: written only by its thread, read by reports (values may lag).
 */
public final class StorageCounters
{
    long storesServed;
    long fetchesServed;
    long removesServed;
    long findsServed;
    long replicasSent;
    long replicasAccepted;
    long replicasRefused;
    long replicaErrors;
    long replicasRefusedByPeer;
    long replicaValuesRemovedHere;
    long removesSentBack;
    long pushesSent;
    long repairs;
    long valuesForgotten;
    long handoffsSent;
    long answersNotWaitingForReplicas;
    long answersWithoutReplica;
    long replicaRetries;
    long requestsOriginated;
    long retransmissions;
    long retransmissionsAnswered;
    long lateResponses;
    long unexpectedMessages;
    long servedOutsideRange;
    long pushRetries;
    /** A gauge: pushes queued, waiting to be retried or in flight, and answers waiting for replicas. */
    long pending;

    /**
     * @return every counter by name, in a stable order.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        values.put("STOREs served", storesServed);
        values.put("FETCHes served", fetchesServed);
        values.put("REMOVEs served", removesServed);
        values.put("FINDs served", findsServed);
        values.put("replica requests sent", replicasSent);
        values.put("replica requests accepted", replicasAccepted);
        values.put("replica requests refused here", replicasRefused);
        values.put("replica requests answered with an error", replicaErrors);
        values.put("replica requests refused by the replica", replicasRefusedByPeer);
        values.put("replica values refused: removed here (tombstone)", replicaValuesRemovedHere);
        values.put("REMOVEs sent back to a peer that pushed a removed value", removesSentBack);
        values.put("pushes sent", pushesSent);
        values.put("pushes queued again after a refusal or timeout", pushRetries);
        values.put("repairs", repairs);
        values.put("values forgotten (three predecessors away)", valuesForgotten);
        values.put("values handed to the responsible peer before forgetting", handoffsSent);
        values.put("answers sent before the replicas answered", answersNotWaitingForReplicas);
        values.put("answered 408: no replica accepted", answersWithoutReplica);
        values.put("replica sets asked again", replicaRetries);
        values.put("requests originated", requestsOriginated);
        values.put("retransmissions", retransmissions);
        values.put("retransmissions answered from the kept response", retransmissionsAnswered);
        values.put("late or duplicate responses", lateResponses);
        values.put("unexpected messages", unexpectedMessages);
        values.put("pushes and answers pending", pending);
        values.put("requests served for a resource outside this peer's range", servedOutsideRange);
        return values;
    }

    /**
     * @return replica requests sent.
     */
    public long replicasSent()
    {
        return replicasSent;
    }

    /**
     * @return values forgotten because they lay three predecessors away.
     */
    public long valuesForgotten()
    {
        return valuesForgotten;
    }
}
