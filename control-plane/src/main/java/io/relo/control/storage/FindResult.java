package io.relo.control.storage;

import java.util.List;

/**
 * The outcome of a FIND (draft §5.2.4.2).
 *
 * @param code    the response code.
 * @param reason  for people.
 * @param answers on 200, one per requested kind that FIND may report, in request order; otherwise empty.
 */
public record FindResult(int code, String reason, List<FindTypeData> answers) implements StorageOutcome
{
    /**
     * Copies the list.
     */
    public FindResult
    {
        answers = List.copyOf(answers);
    }
}
