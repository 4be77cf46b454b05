package io.relo.control.bootstrap;

import io.relo.fastpath.ring.PeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached-peers list of draft §8.4: up to ten directly connected peers, with their addresses, kept in a text file
 * of the peer's data directory so that the next start contacts them before the bootstrap peers.
 * <p>
 * One peer a line, {@code <32 hex digits> <host> <port>}; lines starting with {@code #} are comments. The file is
 * replaced atomically, so a crash while saving leaves the old list or the new one, never half of one.
 */
public final class CachedPeers
{
    /** draft §8.4: "The RECOMMENDED number of peers to cache is 10." */
    public static final int MAX = 10;
    /** The file's name in the data directory. */
    public static final String FILE_NAME = "cached-peers.txt";

    /**
     * A cached peer.
     *
     * @param id      its peer-id.
     * @param address where it was directly connected.
     */
    public record Entry(PeerId id, InetSocketAddress address)
    {
    }

    private CachedPeers()
    {
    }

    /**
     * Read the list; a missing file is an empty list, and a line that does not parse is skipped with a warning to
     * the given sink, since a damaged cache must not stop a peer from starting through its bootstrap peers.
     *
     * @param dataDir  the data directory.
     * @param warnings told of each skipped line.
     * @return at most {@link #MAX} entries, in file order.
     * @throws IOException if the file exists but cannot be read.
     */
    public static List<Entry> load(final Path dataDir, final java.util.function.Consumer<String> warnings)
        throws IOException
    {
        final Path file = dataDir.resolve(FILE_NAME);
        final List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file))
        {
            return entries;
        }
        int lineNumber = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            lineNumber++;
            final String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#"))
            {
                continue;
            }
            final String[] parts = trimmed.split("\\s+");
            try
            {
                if (parts.length != 3)
                {
                    throw new IllegalArgumentException("expected \"<peer-id> <host> <port>\"");
                }
                final int port = Integer.parseInt(parts[2]);
                if (port < 1 || port > 65535)
                {
                    throw new IllegalArgumentException("port " + port + " is outside 1..65535");
                }
                entries.add(new Entry(PeerId.parse(parts[0]), new InetSocketAddress(parts[1], port)));
            }
            catch (final IllegalArgumentException ex)
            {
                warnings.accept(file + ":" + lineNumber + ": skipped: " + ex.getMessage());
            }
            if (entries.size() == MAX)
            {
                break;
            }
        }
        return entries;
    }

    /**
     * Replace the list with the first {@link #MAX} entries given.
     *
     * @param dataDir the data directory.
     * @param entries directly connected peers, most useful first (draft §8.4: never peers not directly connected).
     * @throws IOException if the file cannot be written.
     */
    public static void save(final Path dataDir, final List<Entry> entries) throws IOException
    {
        final StringBuilder text = new StringBuilder("# relo cached peers (draft §8.4): peer-id host port\n");
        for (int i = 0; i < Math.min(MAX, entries.size()); i++)
        {
            final Entry entry = entries.get(i);
            text.append(entry.id()).append(' ').append(entry.address().getHostString()).append(' ')
                .append(entry.address().getPort()).append('\n');
        }
        Files.createDirectories(dataDir);
        final Path temp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try
        {
            Files.move(temp, dataDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, dataDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
