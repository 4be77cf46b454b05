package io.relo.cli;

import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Eight {@code relo peer} processes on UDP loopback form a chord-128-2-8 ring from one overlay configuration
 * document, and repair it after one of them is killed with SIGKILL (draft §7.4, §7.5.1). Each peer's view is read
 * from the status.json it keeps in its data directory and compared with a sorted-ring oracle.
 */
@Tag("system")
class PeerSystemTest
{
    private static final String HOST = "127.0.0.1";
    private static final int PEERS = 8;
    private static final long FORM_TIMEOUT_MS = 90_000;

    @TempDir
    private Path temp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldFormARingOfEightProcessesAndRepairItAfterAKill9() throws Exception
    {
        final Path jar = Path.of(System.getProperty("relo.jar", "target/relo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn verify', which builds it in package " +
            "before failsafe runs this test");
        final int[] ports = ChildJvm.freeUdpPorts(HOST, PEERS);
        final Path config = temp.resolve("overlay.xml");
        Files.writeString(config, String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<overlays xmlns=\"urn:ietf:params:xml:ns:p2p:overlay\">",
            "  <overlay name=\"system-test.relo.example\" expiration=\"86400\">",
            "    <dht name=\"chord-128-2-8\"/>",
            "    <bootstrap-peer address=\"" + HOST + "\" port=\"" + ports[0] + "\"/>",
            "    <chord-128-2-8-update-frequency>2</chord-128-2-8-update-frequency>",
            "    <chord-128-2-8-ping-frequency>5</chord-128-2-8-ping-frequency>",
            "  </overlay>",
            "</overlays>"));
        final Random random = new Random(8);
        final List<PeerId> ids = new ArrayList<>();
        final List<Path> dirs = new ArrayList<>();
        final List<Process> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++)
        {
            final PeerId id = new PeerId(random.nextLong(), random.nextLong());
            final Path dir = temp.resolve("peer" + i);
            ids.add(id);
            dirs.add(dir);
            final Process process = new ProcessBuilder(ChildJvm.command(jar, "peer", "--config", config.toString(), "--id",
                id.toString(), "--listen", HOST + ":" + ports[i], "--data-dir", dir.toString(), "--t1-ms", "100"))
                .redirectOutput(temp.resolve("peer" + i + ".out").toFile())
                .redirectError(temp.resolve("peer" + i + ".err").toFile())
                .start();
            processes.add(process);
            peers.add(process);
        }
        awaitRing(ids, dirs, ids);
        final String err = Files.readString(temp.resolve("peer3.err"));
        assertTrue(err.contains(PeerCommand.PLAINTEXT_WARNING), "plaintext lab mode is announced: " + err);

        // SIGKILL one peer: no LEAVE, its neighbours find out by UPDATE timeouts (draft §7.5.1, §7.5.3). It has
        // cached its directly connected neighbours by then (§8.4), which its restart below relies on.
        final int victim = 5;
        final Path victimCache = dirs.get(victim).resolve("cached-peers.txt");
        final long cacheDeadline = System.currentTimeMillis() + 30_000;
        while ((!Files.exists(victimCache) || Files.readAllLines(victimCache).size() < 4) &&
            System.currentTimeMillis() < cacheDeadline)
        {
            Thread.sleep(100);
        }
        peers.get(victim).destroyForcibly();
        assertTrue(peers.get(victim).waitFor(10, TimeUnit.SECONDS));
        final List<PeerId> survivors = new ArrayList<>(ids);
        survivors.remove(victim);
        final List<Path> survivorDirs = new ArrayList<>(dirs);
        survivorDirs.remove(victim);
        awaitRing(survivors, survivorDirs, ids);

        // draft §8.4: restarted with its data directory and a configuration whose only bootstrap peer is gone, the
        // killed peer rejoins through the peers it cached
        assertTrue(Files.readAllLines(victimCache).size() >= 4, "the victim cached its neighbours");
        final int deadPort = ChildJvm.freeUdpPorts(HOST, 1)[0];
        final Path noBootstrap = temp.resolve("overlay-dead-bootstrap.xml");
        Files.writeString(noBootstrap, Files.readString(config).replace("port=\"" + ports[0] + "\"",
            "port=\"" + deadPort + "\""));
        final Process restarted = new ProcessBuilder(ChildJvm.command(jar, "peer", "--config", noBootstrap.toString(),
            "--id", ids.get(victim).toString(), "--listen", HOST + ":" + ports[victim], "--data-dir",
            dirs.get(victim).toString(), "--t1-ms", "100"))
            .redirectOutput(temp.resolve("peer" + victim + ".out").toFile())
            .redirectError(temp.resolve("peer" + victim + ".err").toFile())
            .start();
        processes.add(restarted);
        peers.set(victim, restarted);
        awaitRing(ids, dirs, ids);

        // SIGTERM: a peer sends LEAVE and exits 0
        final Process leaving = peers.get(2);
        leaving.destroy();
        assertTrue(leaving.waitFor(20, TimeUnit.SECONDS), "peer 2 stops on SIGTERM");
        assertEquals(0, leaving.exitValue(), Files.readString(temp.resolve("peer2.err")));
        assertTrue(Files.readString(temp.resolve("peer2.out")).contains("left the overlay"));
    }

    private void awaitRing(final List<PeerId> live, final List<Path> dirs, final List<PeerId> all) throws Exception
    {
        final List<PeerId> ring = new ArrayList<>(live);
        Collections.sort(ring);
        final long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MS;
        String mismatch;
        do
        {
            mismatch = PeerStatusFiles.mismatch(ring, live, dirs);
            if (null == mismatch)
            {
                return;
            }
            Thread.sleep(200);
        }
        while (System.currentTimeMillis() < deadline);
        final StringBuilder logs = new StringBuilder();
        for (int i = 0; i < all.size(); i++)
        {
            logs.append("\n--- peer").append(i).append(" ").append(all.get(i)).append('\n')
                .append(PeerStatusFiles.tail(temp.resolve("peer" + i + ".out"), 15))
                .append(PeerStatusFiles.tail(temp.resolve("peer" + i + ".err"), 15));
        }
        fail("the ring did not form within " + FORM_TIMEOUT_MS + " ms: " + mismatch + logs);
    }
}
