package io.relo.bench.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws latency by percentile as inline SVG, in the manner of HdrHistogram's plots: the x axis is log-scaled in
 * "nines" (0%, 90%, 99%, 99.9%, ...) so the tail gets as much room as the body, and the y axis, in microseconds, is
 * log-scaled too so that a sub-microsecond median and a millisecond maximum both stay readable. No libraries.
 */
public final class PercentilePlot
{
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 180;
    private static final int TOP = 34;
    private static final int BOTTOM = 48;

    /**
     * One line of the plot.
     *
     * @param name      for the legend.
     * @param histogram in nanoseconds.
     */
    public record Series(String name, Histogram histogram)
    {
    }

    private final String title;
    private final List<Series> series = new ArrayList<>();

    /**
     * @param title above the plot.
     */
    public PercentilePlot(final String title)
    {
        this.title = title;
    }

    /**
     * @param name      for the legend.
     * @param histogram in nanoseconds; skipped if empty.
     * @return this.
     */
    public PercentilePlot add(final String name, final Histogram histogram)
    {
        if (histogram.getTotalCount() > 0)
        {
            series.add(new Series(name, histogram));
        }
        return this;
    }

    /**
     * @return the SVG element.
     */
    public String toSvg()
    {
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        long totalMax = 1;
        long minValue = Long.MAX_VALUE;
        double maxNines = 2;
        final List<double[][]> lines = new ArrayList<>();
        for (final Series s : series)
        {
            final Histogram h = s.histogram();
            totalMax = Math.max(totalMax, h.getMaxValue());
            minValue = Math.min(minValue, Math.max(1, h.getMinValue()));
            maxNines = Math.max(maxNines, Math.log10(h.getTotalCount()));
            lines.add(points(h));
        }
        maxNines = Math.min(Math.ceil(maxNines), 7);
        final double yLow = Math.floor(Math.log10(Math.max(1, minValue) / 1000.0));
        final double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(totalMax / 1000.0)));

        final StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
            LEFT, HtmlReport.escape(title)));
        if (series.isEmpty())
        {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no latency recorded</text>%n", LEFT,
                TOP + plotHeight / 2));
            return svg.append("</svg>\n").toString();
        }

        // grid and axes
        for (int nines = 0; nines <= maxNines; nines++)
        {
            final double x = LEFT + plotWidth * nines / maxNines;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotHeight + 16,
                ninesLabel(nines)));
        }
        for (double decade = yLow; decade <= yHigh; decade++)
        {
            final double y = TOP + plotHeight - plotHeight * (decade - yLow) / (yHigh - yLow);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                micros(Math.pow(10, decade))));
        }
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
            LEFT, TOP, plotWidth, plotHeight));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotWidth / 2, HEIGHT - 8));
        svg.append(String.format(Locale.ROOT,
            "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">latency (us, log scale)</text>%n",
            TOP + plotHeight / 2));

        // one line per series, and its legend entry
        for (int i = 0; i < lines.size(); i++)
        {
            final String colour = COLOURS[i % COLOURS.length];
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"");
            for (final double[] point : lines.get(i))
            {
                final double nines = Math.min(point[0], maxNines);
                final double x = LEFT + plotWidth * nines / maxNines;
                final double decades = Math.log10(Math.max(point[1], 1) / 1000.0);
                final double clamped = Math.max(yLow, Math.min(yHigh, decades));
                final double y = TOP + plotHeight - plotHeight * (clamped - yLow) / (yHigh - yLow);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"/>\n");
            final int legendY = TOP + 10 + 20 * i;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                LEFT + plotWidth + 10, legendY, LEFT + plotWidth + 30, legendY, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                LEFT + plotWidth + 36, legendY + 4, HtmlReport.escape(series.get(i).name())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** (nines, value ns) pairs from HdrHistogram's percentile iteration, as an .hgrm lists them. */
    private static double[][] points(final Histogram histogram)
    {
        final List<double[]> points = new ArrayList<>();
        for (final HistogramIterationValue value : histogram.percentiles(Hgrm.TICKS_PER_HALF_DISTANCE))
        {
            final double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 100.0)
            {
                break;
            }
            points.add(new double[] {Math.log10(100.0 / (100.0 - percentile)), value.getValueIteratedTo()});
        }
        // the maximum, placed where the last recorded value sits: one in the total count
        points.add(new double[] {Math.log10(histogram.getTotalCount()), histogram.getMaxValue()});
        return points.toArray(new double[0][]);
    }

    private static String ninesLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            default:
                final StringBuilder label = new StringBuilder("99");
                if (nines > 2)
                {
                    label.append('.');
                    for (int i = 2; i < nines; i++)
                    {
                        label.append('9');
                    }
                }
                return label.append('%').toString();
        }
    }

    private static String micros(final double value)
    {
        return value >= 1 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2g", value);
    }
}
