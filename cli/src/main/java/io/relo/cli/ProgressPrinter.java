package io.relo.cli;

import io.relo.bench.forwarding.ChainRunResult;
import io.relo.bench.forwarding.ChainSpec;
import io.relo.bench.forwarding.ForwardingBenchmark;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows harness runs as they happen: one line per run, rewritten in place a few times a second on a terminal, or
 * printed once per second otherwise, ending with what the run delivered.
 */
final class ProgressPrinter implements ForwardingBenchmark.Listener
{
    private final PrintWriter out;
    private final boolean terminal;
    private String prefix = "";
    private int lastSecond = -1;

    /**
     * @param out      to print to.
     * @param terminal whether out is a terminal, where a line can be rewritten with a carriage return.
     */
    ProgressPrinter(final PrintWriter out, final boolean terminal)
    {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onRunStart(final ChainSpec spec, final int index, final int total)
    {
        prefix = String.format(Locale.ROOT, "[%d/%d] %-30s", index, total, spec.name());
        lastSecond = -1;
        out.println(String.format(Locale.ROOT, "[%d/%d] %s: %s; %s", index, total, spec.name(), spec.describe(),
            spec.load().describe()));
        out.flush();
    }

    @Override
    public void onProgress(
        final ChainSpec spec, final double elapsed, final double total, final long sent, final long received,
        final long drops)
    {
        final String line = String.format(Locale.ROOT, "%s %5.1f/%.1f s  sent %,d  received %,d  dropped %,d",
            prefix, elapsed, total, sent, received, drops);
        if (terminal)
        {
            out.print("\r" + line + "   ");
            out.flush();
        }
        else if ((int)elapsed > lastSecond)
        {
            lastSecond = (int)elapsed;
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void onRunEnd(final ChainRunResult result)
    {
        if (terminal)
        {
            out.print("\r");
        }
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s done: %,.0f frames/s delivered",
            prefix, result.deliveredPerSecond()));
        if (result.latency().getTotalCount() > 0)
        {
            line.append(String.format(Locale.ROOT, ", p50 %.3f us, p99 %.3f us",
                result.latency().getValueAtPercentile(50) / 1000.0, result.latency().getValueAtPercentile(99) / 1000.0));
        }
        line.append(String.format(Locale.ROOT, ", lost %,d", result.lost()));
        if (!result.errors().isEmpty())
        {
            line.append(", errors: ").append(result.errors());
        }
        out.println(line + (terminal ? "          " : ""));
        out.flush();
    }

    @Override
    public void onMessage(final String message)
    {
        out.println(message);
        out.flush();
    }
}
