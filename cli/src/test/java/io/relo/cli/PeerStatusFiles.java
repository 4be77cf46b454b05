package io.relo.cli;

import io.relo.fastpath.ring.PeerId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code relo peer} processes keep in their data directories for the system tests: status.json, checked
 * against a sorted-ring oracle, and the tails of their logs.
 */
final class PeerStatusFiles
{
    private static final Pattern LIST = Pattern.compile("\"(predecessors|successors)\":\\[([^\\]]*)\\]");

    private PeerStatusFiles()
    {
    }

    /**
     * @param ring the live peers, sorted.
     * @param live the live peers, in the order of their directories.
     * @param dirs their data directories.
     * @return the first live peer whose three predecessors and successors differ from the ring's, or null if none.
     * @throws IOException if a status file cannot be read.
     */
    static String mismatch(final List<PeerId> ring, final List<PeerId> live, final List<Path> dirs)
        throws IOException
    {
        final int n = ring.size();
        for (int i = 0; i < live.size(); i++)
        {
            final int k = ring.indexOf(live.get(i));
            final List<String> successors = new ArrayList<>();
            final List<String> predecessors = new ArrayList<>();
            for (int j = 1; j <= Math.min(3, n - 1); j++)
            {
                successors.add(ring.get((k + j) % n).toString());
                predecessors.add(ring.get(((k - j) % n + n) % n).toString());
            }
            final Path status = dirs.get(i).resolve(PeerCommand.STATUS_FILE);
            if (!Files.exists(status))
            {
                return live.get(i) + " has no status yet";
            }
            final String json = Files.readString(status);
            if (!json.contains("\"joined\":true"))
            {
                return live.get(i) + " has not joined";
            }
            final Matcher m = LIST.matcher(json);
            List<String> seenPredecessors = null;
            List<String> seenSuccessors = null;
            while (m.find())
            {
                final List<String> ids = m.group(2).isEmpty() ? List.of() :
                    Arrays.stream(m.group(2).split(",")).map(s -> s.replace("\"", "")).toList();
                if ("predecessors".equals(m.group(1)))
                {
                    seenPredecessors = ids;
                }
                else
                {
                    seenSuccessors = ids;
                }
            }
            if (!predecessors.equals(seenPredecessors) || !successors.equals(seenSuccessors))
            {
                return live.get(i) + " has " + seenPredecessors + " / " + seenSuccessors + ", expected " +
                    predecessors + " / " + successors;
            }
        }
        return null;
    }

    /**
     * @param file a log file.
     * @param lines how many lines from its end.
     * @return its last lines, or nothing if it does not exist.
     * @throws IOException if it cannot be read.
     */
    static String tail(final Path file, final int lines) throws IOException
    {
        if (!Files.exists(file))
        {
            return "";
        }
        final List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }
}
