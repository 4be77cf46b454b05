package io.relo.control.bootstrap;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedPeersTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripAtMostTenPeers() throws IOException
    {
        final List<CachedPeers.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++)
        {
            entries.add(new CachedPeers.Entry(new PeerId(i, i * 7L), new InetSocketAddress("127.0.0.1", 7000 + i)));
        }
        CachedPeers.save(dir, entries);
        final List<CachedPeers.Entry> loaded = CachedPeers.load(dir, w -> { throw new AssertionError(w); });
        assertEquals(entries.subList(0, CachedPeers.MAX), loaded);
        assertTrue(Files.notExists(dir.resolve(CachedPeers.FILE_NAME + ".tmp")));
    }

    @Test
    void shouldTreatAMissingFileAsNoPeers() throws IOException
    {
        assertTrue(CachedPeers.load(dir, w -> { }).isEmpty());
    }

    @Test
    void shouldSkipDamagedLinesWithAWarningNamingTheLine() throws IOException
    {
        Files.writeString(dir.resolve(CachedPeers.FILE_NAME), "# comment\n" +
            "00000000000000010000000000000002 127.0.0.1 7001\n" +
            "zz 127.0.0.1 7002\n" +
            "00000000000000010000000000000003 127.0.0.1 70000\n" +
            "00000000000000010000000000000004 127.0.0.1\n");
        final List<String> warnings = new ArrayList<>();
        final List<CachedPeers.Entry> loaded = CachedPeers.load(dir, warnings::add);
        assertEquals(1, loaded.size());
        assertEquals(new PeerId(1, 2), loaded.get(0).id());
        assertEquals(3, warnings.size());
        assertTrue(warnings.get(0).contains(":3: skipped"), warnings.get(0));
        assertTrue(warnings.get(1).contains("port 70000"), warnings.get(1));
        assertTrue(warnings.get(2).contains(":5: skipped"), warnings.get(2));
    }
}
