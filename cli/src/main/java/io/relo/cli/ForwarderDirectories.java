package io.relo.cli;

import io.relo.fastpath.CountersFile;
import io.relo.fastpath.ring.PeerId;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where {@code relo forwarder} keeps its counters file when not given {@code --dir}, and how {@code relo stat} finds
 * it again: a directory named after the peer-id under /dev/shm (memory, so the counters cost no disk writes), or
 * under java.io.tmpdir where there is no writable /dev/shm.
 */
final class ForwarderDirectories
{
    /** Name of a default forwarder directory, before the 32 hex digits of its peer-id. */
    static final String PREFIX = "relo-forwarder-";

    private static final File SHM = new File("/dev/shm");

    private ForwarderDirectories()
    {
    }

    /**
     * @return the directories that default forwarder directories are made in, the preferred one first.
     */
    static List<File> roots()
    {
        final List<File> roots = new ArrayList<>(2);
        if (SHM.isDirectory() && SHM.canWrite())
        {
            roots.add(SHM);
        }
        roots.add(new File(System.getProperty("java.io.tmpdir")));
        return roots;
    }

    /**
     * @param id the forwarder's peer-id.
     * @return its default directory.
     */
    static File defaultDir(final PeerId id)
    {
        return new File(roots().get(0), PREFIX + id);
    }

    /**
     * @param roots where to look.
     * @return the default forwarder directories under them that hold a counters file, in name order per root.
     */
    static List<File> find(final List<File> roots)
    {
        final List<File> found = new ArrayList<>();
        for (final File root : roots)
        {
            final File[] dirs = root.listFiles(
                (parent, name) -> name.startsWith(PREFIX) && new File(new File(parent, name), CountersFile.FILE_NAME)
                    .isFile());
            if (null != dirs)
            {
                Arrays.sort(dirs);
                found.addAll(List.of(dirs));
            }
        }
        return found;
    }

    /**
     * @param dir a directory that may hold a counters file.
     * @return the PID of the process that created the counters file there if it still runs, else -1.
     */
    static long livePid(final File dir)
    {
        if (!new File(dir, CountersFile.FILE_NAME).isFile())
        {
            return -1;
        }
        try (CountersFile file = CountersFile.open(dir))
        {
            final long pid = file.pid();
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : -1;
        }
        catch (final RuntimeException ex)
        {
            // a half-written or foreign file belongs to no live forwarder we could disturb
            return -1;
        }
    }
}
