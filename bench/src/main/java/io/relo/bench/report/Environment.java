package io.relo.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where and when a bench ran: JVM, machine and load, for every report to carry.
 *
 * @param date            UTC, to the second.
 * @param javaVersion     java.version.
 * @param jvm             VM name, vendor and version.
 * @param jvmArguments    the JVM's input arguments.
 * @param os              name, version and architecture.
 * @param processors      processors available to the JVM.
 * @param cpuModel        from /proc/cpuinfo, or "unknown".
 * @param memory          MemTotal from /proc/meminfo, or "unknown".
 * @param loadAverage     1, 5 and 15-minute load averages from /proc/loadavg, or "unknown".
 */
public record Environment(
    String date,
    String javaVersion,
    String jvm,
    List<String> jvmArguments,
    String os,
    int processors,
    String cpuModel,
    String memory,
    String loadAverage)
{
    /**
     * @return this JVM and machine, now.
     */
    public static Environment detect()
    {
        return new Environment(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ") " +
                System.getProperty("java.vm.version"),
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            firstValue("/proc/cpuinfo", "model name"),
            firstValue("/proc/meminfo", "MemTotal"),
            loadAverageNow());
    }

    /**
     * @return the 1, 5 and 15-minute load averages now, or "unknown".
     */
    public static String loadAverageNow()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    private static String firstValue(final String file, final String key)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of(file)))
            {
                if (line.startsWith(key))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
        return "unknown";
    }

    /**
     * @param json to write into, as the current value.
     */
    public void writeTo(final JsonWriter json)
    {
        json.beginObject()
            .field("date", date)
            .field("java_version", javaVersion)
            .field("jvm", jvm)
            .name("jvm_arguments").beginArray();
        for (final String argument : jvmArguments)
        {
            json.value(argument);
        }
        json.endArray()
            .field("os", os)
            .field("processors", processors)
            .field("cpu_model", cpuModel)
            .field("memory", memory)
            .field("load_average_at_start", loadAverage)
            .endObject();
    }
}
