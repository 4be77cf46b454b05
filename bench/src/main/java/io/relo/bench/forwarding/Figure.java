package io.relo.bench.forwarding;

import io.relo.bench.report.JsonWriter;

import java.util.List;

/**
 * One figure of a bench report beside its baseline, the ratio of the two and the goals it is held to.
 *
 * @param key          stable name for JSON, e.g. "ipc_forwarding_throughput".
 * @param title        for people.
 * @param unit         of value and baseline.
 * @param value        the figure.
 * @param baselineName what the baseline is.
 * @param baseline     the baseline's figure, measured in the same run.
 * @param ratio        value relative to baseline, defined per figure (see ratioMeaning).
 * @param ratioMeaning how the ratio is formed.
 * @param method       how the figure was measured.
 * @param goals        each goal with whether it was met.
 * @param notes        anything a reader needs to weigh the figure.
 */
public record Figure(
    String key,
    String title,
    String unit,
    double value,
    String baselineName,
    double baseline,
    double ratio,
    String ratioMeaning,
    String method,
    List<Goal> goals,
    List<String> notes)
{
    /**
     * A target a figure is held to.
     *
     * @param description e.g. "ratio >= 0.9".
     * @param met         whether the measured value reaches it.
     * @param measured    the value compared, as text.
     */
    public record Goal(String description, boolean met, String measured)
    {
        /** What {@link #measured()} says of a goal whose figure was not measured in this run. */
        public static final String NOT_RUN = "not run";

        /**
         * @param description of the goal.
         * @return a goal whose figure this run did not measure; it counts as not met.
         */
        public static Goal notRun(final String description)
        {
            return new Goal(description, false, NOT_RUN);
        }

        /**
         * @return "met", "NOT met" or "not run".
         */
        public String status()
        {
            return met ? "met" : NOT_RUN.equals(measured) ? NOT_RUN : "NOT met";
        }
    }

    /**
     * @return true if every goal is met.
     */
    public boolean allGoalsMet()
    {
        return goals.stream().allMatch(Goal::met);
    }

    /**
     * @param json to write into, as the current value.
     */
    public void writeTo(final JsonWriter json)
    {
        json.beginObject()
            .field("key", key)
            .field("title", title)
            .field("unit", unit)
            .field("value", value)
            .field("baseline_name", baselineName)
            .field("baseline", baseline)
            .field("ratio", ratio)
            .field("ratio_meaning", ratioMeaning)
            .field("method", method)
            .name("goals").beginArray();
        for (final Goal goal : goals)
        {
            json.beginObject()
                .field("goal", goal.description())
                .field("measured", goal.measured())
                .field("met", goal.met())
                .field("status", goal.status())
                .endObject();
        }
        json.endArray().field("all_goals_met", allGoalsMet()).name("notes").beginArray();
        for (final String note : notes)
        {
            json.value(note);
        }
        json.endArray().endObject();
    }
}
