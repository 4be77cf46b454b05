package io.relo.bench.forwarding;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs {@link ForwardingDecisionBenchmark} through JMH's API with the GC profiler, in forked JVMs on this JVM's class
 * path, and reads back ns/op and B/op of both paths.
 */
public final class DecisionBenchmarkRunner
{
    /**
     * How much JMH runs.
     */
    public enum Mode
    {
        /** The settings annotated on the benchmark: 2 forks, 5 warm-up and 10 measured 1-second iterations. */
        FULL,
        /** 1 fork, 3 warm-up and 5 measured 1-second iterations: a quick look, wide errors. */
        QUICK,
        /** Not run. */
        OFF
    }

    /**
     * One benchmark method's result.
     *
     * @param method       benchmark method name.
     * @param nsPerOp      score.
     * @param error        99.9% confidence half-width of the score.
     * @param bytesPerOp   gc.alloc.rate.norm.
     * @param forks        JVM forks.
     * @param iterations   measured iterations per fork.
     */
    public record Score(String method, double nsPerOp, double error, double bytesPerOp, int forks, int iterations)
    {
    }

    private DecisionBenchmarkRunner()
    {
    }

    /**
     * @param mode   how much to run; not {@link Mode#OFF}.
     * @param json   file for JMH's JSON results.
     * @param log    file for JMH's console output.
     * @return a score per benchmark method.
     * @throws RunnerException if JMH fails.
     */
    public static List<Score> run(final Mode mode, final Path json, final Path log) throws RunnerException
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(ForwardingDecisionBenchmark.class.getName() + "\\.")
            .addProfiler(GCProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString())
            .output(log.toString())
            .shouldFailOnError(true);
        if (mode == Mode.QUICK)
        {
            options.forks(1).warmupIterations(3).measurementIterations(5)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        final List<Score> scores = new ArrayList<>();
        for (final RunResult result : results)
        {
            final String label = result.getParams().getBenchmark();
            final Result<?> primary = result.getPrimaryResult();
            final Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            scores.add(new Score(label.substring(label.lastIndexOf('.') + 1), primary.getScore(),
                primary.getScoreError(), null == allocation ? Double.NaN : allocation.getScore(),
                result.getParams().getForks(), result.getParams().getMeasurement().getCount()));
        }
        return scores;
    }
}
