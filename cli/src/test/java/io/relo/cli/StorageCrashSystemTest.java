package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.control.ControlConductor;
import io.relo.control.PeerNode;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ForwarderContext;
import io.relo.fastpath.ring.PeerId;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One {@code relo peer} process with a data directory serves STOREs from a client node in this JVM (draft §5.2.1)
 * and is killed with SIGKILL three times while STOREs are in flight; restarted on the same data directory it
 * replays its journal, and every STORE it answered with 200 before a kill is still there to FETCH (§5.2.2).
 */
@Tag("system")
class StorageCrashSystemTest
{
    private static final String HOST = "127.0.0.1";
    private static final String OVERLAY = "crash-test.relo.example";
    private static final int KILLS = 3;
    private static final int ACKS_PER_LIFE = 400;
    private static final int OUTSTANDING = 32;
    private static final long TIMEOUT_MS = 30_000;
    private static final Pattern RECOVERED = Pattern.compile("storage: .*: (\\d+) records \\((\\d+) bytes\\) recovered");

    @TempDir
    private Path temp;

    private final List<Process> processes = new ArrayList<>();
    private Client client;

    /** What one STORE put at its resource: a TURN-SERVICE single value or a CERTIFICATE array's first element. */
    private record Sent(int type, String text)
    {
    }

    @AfterEach
    void stopAll()
    {
        CloseHelper.close(client);
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedStoreAcrossThreeKill9sOfItsPeer() throws Exception
    {
        final long started = System.nanoTime();
        final Path jar = Path.of(System.getProperty("relo.jar", "target/relo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn verify', which builds it in package " +
            "before failsafe runs this test");
        final int port = ChildJvm.freeUdpPorts(HOST, 1)[0];
        final Path config = temp.resolve("overlay.xml");
        Files.writeString(config, String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<overlays xmlns=\"urn:ietf:params:xml:ns:p2p:overlay\">",
            "  <overlay name=\"" + OVERLAY + "\" expiration=\"86400\">",
            "    <dht name=\"chord-128-2-8\"/>",
            "    <bootstrap-peer address=\"" + HOST + "\" port=\"" + port + "\"/>",
            "    <chord-128-2-8-update-frequency>2</chord-128-2-8-update-frequency>",
            "    <chord-128-2-8-ping-frequency>5</chord-128-2-8-ping-frequency>",
            "  </overlay>",
            "</overlays>"));
        final Random random = new Random(9);
        final PeerId id = new PeerId(random.nextLong(), random.nextLong());
        final Path dataDir = temp.resolve("peer");
        final InetSocketAddress peerAddress = new InetSocketAddress(HOST, port);

        final Map<PeerId, Sent> acknowledged = new ConcurrentHashMap<>();
        final Map<PeerId, Sent> unanswered = new ConcurrentHashMap<>();
        final List<Integer> inFlightAtKill = new ArrayList<>();
        final List<Long> recoveredRecords = new ArrayList<>();
        final List<String> recoveryLines = new ArrayList<>();
        final long now = System.currentTimeMillis() / 1000;
        for (int life = 0; life <= KILLS; life++)
        {
            final Process peer = startPeer(jar, config, id, port, dataDir, life);
            final Path out = temp.resolve("peer-" + life + ".out");
            final String storageLine = awaitLine(out, "storage: ", peer, life);
            assertFalse(storageLine.contains("DAMAGED"), storageLine);
            if (life > 0)
            {
                final Matcher m = RECOVERED.matcher(storageLine);
                assertTrue(m.find(), "the restarted peer logs its journal recovery: " + storageLine);
                final long records = Long.parseLong(m.group(1));
                recoveredRecords.add(records);
                recoveryLines.add(storageLine);
                // each acknowledged STORE moved one slot, and the journal held that slot's state before the 200
                assertTrue(records >= acknowledged.size(), "life " + life + ": " + records + " records recovered, " +
                    acknowledged.size() + " STOREs acknowledged: " + storageLine);
            }

            awaitLine(out, " joined; ", peer, life); // alone in the ring: its own bootstrap peer (draft §7.4)
            client = new Client(new PeerId(random.nextLong(), random.nextLong()), peerAddress, random.nextLong());
            client.awaitAdmission(peer, life);

            final int target = (life + 1) * ACKS_PER_LIFE;
            final AtomicBoolean running = new AtomicBoolean(true);
            final Semaphore window = new Semaphore(OUTSTANDING);
            final Client storing = client;
            final int thisLife = life;
            final Thread pump = new Thread(() ->
            {
                final Random values = new Random(thisLife);
                int i = 0;
                while (running.get())
                {
                    try
                    {
                        if (!window.tryAcquire(10, TimeUnit.MILLISECONDS))
                        {
                            continue;
                        }
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    final PeerId resource = new PeerId(values.nextLong(), values.nextLong());
                    final int type = (i & 1) == 0 ? KindId.TURN_SERVICE : KindId.CERTIFICATE;
                    final Sent sent = new Sent(type, "life-" + thisLife + "-store-" + i++);
                    unanswered.put(resource, sent);
                    storing.node.conductor().store(resource, List.of(storeData(sent, now)), (body, hops) ->
                    {
                        if (body instanceof StorageMessage.StoreAnswer)
                        {
                            acknowledged.put(resource, sent);
                            unanswered.remove(resource);
                        }
                        window.release();
                    });
                }
            }, "store-pump-" + life);
            pump.start();
            final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (acknowledged.size() < target)
            {
                if (System.currentTimeMillis() > deadline || !peer.isAlive())
                {
                    fail("life " + life + ": " + acknowledged.size() + " of " + target + " STOREs acknowledged" +
                        logs(life));
                }
                Thread.sleep(1);
            }
            if (life < KILLS)
            {
                // SIGKILL mid-write: the window is full of STOREs the peer has or has not journaled yet
                while (OUTSTANDING - window.availablePermits() < OUTSTANDING / 2)
                {
                    Thread.onSpinWait();
                }
                peer.destroyForcibly();
                final int inFlight = OUTSTANDING - window.availablePermits();
                assertTrue(peer.waitFor(10, TimeUnit.SECONDS), "the peer dies on SIGKILL");
                running.set(false);
                pump.join();
                inFlightAtKill.add(inFlight);
                client.close();
                client = null;
            }
            else
            {
                running.set(false);
                pump.join();
                assertTrue(window.tryAcquire(OUTSTANDING, TIMEOUT_MS, TimeUnit.MILLISECONDS),
                    "the last STOREs are answered");
            }
        }
        assertTrue(inFlightAtKill.stream().allMatch(n -> n > 0), "STOREs were in flight at each kill: " +
            inFlightAtKill);

        // draft §5.2.2: every acknowledged value comes back as it was stored; an unanswered one may or may not
        final Map<PeerId, Sent> fetched = new ConcurrentHashMap<>();
        final Map<PeerId, String> wrong = new ConcurrentHashMap<>();
        final Map<PeerId, Sent> all = new ConcurrentHashMap<>(acknowledged);
        all.putAll(unanswered);
        final Semaphore window = new Semaphore(OUTSTANDING);
        for (final Map.Entry<PeerId, Sent> entry : all.entrySet())
        {
            assertTrue(window.tryAcquire(TIMEOUT_MS, TimeUnit.MILLISECONDS), "FETCHes are answered");
            final Sent sent = entry.getValue();
            client.node.conductor().fetch(entry.getKey(), List.of(fetchData(sent.type())), (body, hops) ->
            {
                final String value = value(body);
                if (sent.text().equals(value))
                {
                    fetched.put(entry.getKey(), sent);
                }
                else if (acknowledged.containsKey(entry.getKey()))
                {
                    wrong.put(entry.getKey(), null == value ? String.valueOf(body) : value);
                }
                window.release();
            });
        }
        assertTrue(window.tryAcquire(OUTSTANDING, TIMEOUT_MS, TimeUnit.MILLISECONDS), "the last FETCHes are answered");

        final long lost = acknowledged.keySet().stream().filter(k -> !fetched.containsKey(k)).count();
        final long unansweredFound = unanswered.keySet().stream().filter(fetched::containsKey).count();
        System.out.println("StorageCrashSystemTest: " + acknowledged.size() + " STOREs acknowledged over " +
            (KILLS + 1) + " lives of the peer, " + KILLS + " kill -9s with " + inFlightAtKill +
            " in flight, journal records recovered at each restart " + recoveredRecords + "; " +
            (acknowledged.size() - lost) + " acknowledged values fetched, " + lost + " lost; " + unansweredFound +
            " of " + unanswered.size() + " unanswered STOREs found; " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        recoveryLines.forEach(line -> System.out.println("  restart: " + line));
        assertEquals(0, lost, () -> lost + " acknowledged values lost, for example " +
            wrong.entrySet().stream().limit(5).map(e -> e.getKey() + " " + acknowledged.get(e.getKey()) + " -> " +
            e.getValue()).toList());
        assertTrue(acknowledged.size() >= (KILLS + 1) * ACKS_PER_LIFE);
    }

    private static StoreTypeData storeData(final Sent sent, final long storageTime)
    {
        final StoredValue value = StoredValue.of(storageTime, 3600,
            Opaque.copyOf(sent.text().getBytes(StandardCharsets.UTF_8)), Opaque.EMPTY);
        final StoredData data = KindId.TURN_SERVICE == sent.type() ? new SingleValueEntry(value) :
            new ArrayEntry(ArrayEntry.APPEND, value);
        return new StoreTypeData(sent.type(), 0, List.of(data));
    }

    private static FetchTypeData fetchData(final int type)
    {
        return new FetchTypeData(type, 0, KindId.TURN_SERVICE == type ? FetchDataReference.SingleValue.INSTANCE :
            new FetchDataReference.Array(0, FetchDataReference.Array.FINAL));
    }

    /** The one value a FETCH answered, or null. */
    private static String value(final StorageMessage.Body body)
    {
        if (!(body instanceof StorageMessage.FetchAnswer fetch) || fetch.responses().size() != 1 ||
            fetch.responses().get(0).values().size() != 1)
        {
            return null;
        }
        final StoredData data = fetch.responses().get(0).values().get(0);
        final StoredValue value = data instanceof SingleValueEntry single ? single.value() :
            data instanceof ArrayEntry element && 0 == element.index() ? element.value() : null;
        return null != value && value.exists() ? new String(value.value().toByteArray(), StandardCharsets.UTF_8) :
            null;
    }

    private Process startPeer(final Path jar, final Path config, final PeerId id, final int port, final Path dataDir,
        final int life) throws IOException
    {
        final Process process = new ProcessBuilder(ChildJvm.command(jar, "peer", "--config", config.toString(), "--id",
            id.toString(), "--listen", HOST + ":" + port, "--data-dir", dataDir.toString(), "--t1-ms", "100"))
            .redirectOutput(temp.resolve("peer-" + life + ".out").toFile())
            .redirectError(temp.resolve("peer-" + life + ".err").toFile())
            .start();
        processes.add(process);
        return process;
    }

    private String awaitLine(final Path file, final String needle, final Process peer, final int life)
        throws Exception
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && peer.isAlive())
        {
            if (Files.exists(file))
            {
                for (final String line : Files.readAllLines(file))
                {
                    if (line.contains(needle))
                    {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        return fail("life " + life + ": no '" + needle + "' line from the peer" + logs(life));
    }

    private String logs(final int life)
    {
        try
        {
            final StringBuilder logs = new StringBuilder();
            for (final String name : List.of("peer-" + life + ".out", "peer-" + life + ".err"))
            {
                final Path file = temp.resolve(name);
                if (Files.exists(file))
                {
                    final List<String> lines = Files.readAllLines(file);
                    logs.append("\n--- ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
                }
            }
            return logs.toString();
        }
        catch (final IOException ex)
        {
            return " (logs unreadable: " + ex + ")";
        }
    }

    /** A client node (draft §3.2.3) in this JVM, its forwarder and conductor on threads of their own. */
    private final class Client implements AutoCloseable
    {
        private final PeerNode node;
        private final List<String> log = new CopyOnWriteArrayList<>();
        private final AgentRunner forwarder;
        private final AgentRunner conductor;

        Client(final PeerId id, final InetSocketAddress bootstrap, final long seed)
        {
            node = new PeerNode(id, OVERLAY, new InetSocketAddress(HOST, 0), List.of(bootstrap), null,
                new ControlConductor.Timing(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(3),
                    TimeUnit.MILLISECONDS.toNanos(100)), new Random(seed), Runnable::run, log::add).asClient();
            forwarder = new AgentRunner(ForwarderContext.idleStrategy("backoff"), Throwable::printStackTrace, null,
                node.forwarder());
            conductor = new AgentRunner(ForwarderContext.idleStrategy("backoff"), Throwable::printStackTrace, null,
                node.conductor());
            AgentRunner.startOnThread(forwarder);
            AgentRunner.startOnThread(conductor);
        }

        void awaitAdmission(final Process peer, final int life) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (null == node.conductor().status() || null == node.conductor().status().admittedBy())
            {
                if (System.currentTimeMillis() > deadline || !peer.isAlive())
                {
                    fail("life " + life + ": the client was not admitted; client log " + log + logs(life));
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(conductor, forwarder);
            node.close();
        }
    }
}
