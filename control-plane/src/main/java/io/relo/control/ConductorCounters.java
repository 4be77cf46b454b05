package io.relo.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the control conductor did, by kind: written only by the conductor thread, read by reports (values may lag).
 */
public final class ConductorCounters
{
    long chordMessages;
    long storageMessages;
    long answersTooLarge;
    long badFrames;
    long errorsSent;
    long unlinkedDropped;
    long introsSent;
    long introsAnswered;
    long introRounds;
    long connectsSent;
    long connectsAnswered;
    long connectsCompleted;
    long connectTimeouts;
    long linksRefused;
    long commandsRefused;
    long datagramsIgnored;
    long unknownDeliveries;

    /**
     * @return every counter by name, in a stable order.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        values.put("chord messages handled", chordMessages);
        values.put("storage messages handled", storageMessages);
        values.put("storage answers too large, sent as 412", answersTooLarge);
        values.put("frames that failed to decode", badFrames);
        values.put("error responses sent", errorsSent);
        values.put("unlinked frames dropped", unlinkedDropped);
        values.put("bootstrap PINGs sent", introsSent);
        values.put("bootstrap PINGs answered", introsAnswered);
        values.put("bootstrap rounds", introRounds);
        values.put("CONNECTs sent", connectsSent);
        values.put("CONNECTs answered", connectsAnswered);
        values.put("CONNECTs completed", connectsCompleted);
        values.put("CONNECTs timed out", connectTimeouts);
        values.put("links refused (table full)", linksRefused);
        values.put("forwarder commands refused", commandsRefused);
        values.put("STUN/DTLS datagrams ignored", datagramsIgnored);
        values.put("unknown deliveries", unknownDeliveries);
        return values;
    }
}
