package io.relo.cli;

import io.relo.fastpath.CountersFile;
import io.relo.fastpath.ForwarderCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three {@code relo forwarder} processes chained A - B - C on 127.0.0.1, driven by {@code scripts/reload-client.py},
 * a client that builds its frames from the draft's text and shares no code with relo. The client plays peer X,
 * linked to A, and peer Y, linked to C. Runs from failsafe after the shaded jar is built.
 */
@Tag("system")
class ForwarderSystemTest
{
    private static final String OVERLAY = "relo-system-test.example.org";
    private static final String HOST = "127.0.0.1";
    private static final String X = "10000000000000000000000000000000";
    private static final String A = "20000000000000000000000000000000";
    private static final String B = "30000000000000000000000000000000";
    private static final String C = "40000000000000000000000000000000";
    private static final String Y = "50000000000000000000000000000000";
    private static final int TTL = 64;
    private static final int PEER_ID_BYTES = 16;
    private static final long TIMEOUT_MS = 30_000;

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
    void shouldForwardAlongTheChainAsTheDraftSaysAndReportCountersOnSigterm() throws Exception
    {
        assumeTrue(python3Available(), "python3 is not on PATH: this test drives the forwarders with " +
            "scripts/reload-client.py, an independent client written in Python");
        final Path jar = Path.of(System.getProperty("relo.jar", "target/relo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn verify', which builds it in package " +
            "before failsafe runs this test");

        final int[] ports = ChildJvm.freeUdpPorts(HOST, 5);
        final String x = HOST + ":" + ports[0];
        final String a = HOST + ":" + ports[1];
        final String b = HOST + ":" + ports[2];
        final String c = HOST + ":" + ports[3];
        final String y = HOST + ":" + ports[4];

        final Forwarder fa = start(jar, "a", A, X, a, X + "@" + x, B + "@" + b);
        final Forwarder fb = start(jar, "b", B, A, b, A + "@" + a, C + "@" + c);
        final Forwarder fc = start(jar, "c", C, B, c, B + "@" + b, Y + "@" + y);
        for (final Forwarder f : List.of(fa, fb, fc))
        {
            f.out.await(ForwarderCommand.RUNNING::equals, () -> f.name + " to start; stderr:\n" + f.err.text());
            f.err.await(line -> line.startsWith("WARNING: plaintext links"), () -> f.name + " to warn");
            assertTrue(f.err.lines().get(0).startsWith("WARNING: plaintext links"), f.err.text());
            assertTrue(f.out.text().contains("  listening    udp " + f.listen + " (plaintext)\n"), f.out.text());
        }

        // A PING request from X to Y, answered by Y with the reversed via list (draft §4.1.2.2).
        final List<Map<String, String>> ping = client("ping", "--overlay", OVERLAY, "--ttl", String.valueOf(TTL),
            "--origin", X + "@" + x, "--first-hop", A + "@" + a, "--target", Y + "@" + y, "--last-hop", C + "@" + c);
        assertEquals(4, ping.size(), ping.toString());
        final Map<String, String> request = ping.get(0);
        final Map<String, String> requestAtY = ping.get(1);
        final Map<String, String> response = ping.get(2);
        final Map<String, String> responseAtX = ping.get(3);
        final int requestBytes = bytes(request);
        final int responseBytes = bytes(response);

        // draft §4.1: TTL decremented at every hop; §4.1.2.3.3: each hop appends the peer it received from.
        assertEquals("received", requestAtY.get("event"));
        assertEquals(c, requestAtY.get("from"));
        assertEquals(String.valueOf(TTL - 3), requestAtY.get("ttl"));
        assertEquals(X + "," + A + "," + B, requestAtY.get("via"));
        assertEquals(Y, requestAtY.get("route"));
        assertEquals(requestBytes + 3 * PEER_ID_BYTES, bytes(requestAtY));
        assertEquals(request.get("txid"), requestAtY.get("txid"));
        assertEquals("PING", requestAtY.get("method"));
        assertEquals("1,2", requestAtY.get("ping_info"));

        // draft §4.1.2.2 and the §4.1.2.3.3 example: the responder routes by (previous hop, reversed via list).
        assertEquals(C + "," + B + "," + A + "," + X, response.get("route"));
        assertEquals("received", responseAtX.get("event"));
        assertEquals(a, responseAtX.get("from"));
        assertEquals(X, responseAtX.get("route"));
        assertEquals(Y + "," + C + "," + B, responseAtX.get("via"));
        assertEquals(String.valueOf(TTL - 3), responseAtX.get("ttl"));
        assertEquals(request.get("txid"), responseAtX.get("txid"));
        assertEquals("response", responseAtX.get("kind"));
        assertEquals("200", responseAtX.get("code"));
        assertEquals("PING", responseAtX.get("method"));
        // each hop strips its own route entry and appends one via entry: the length is unchanged end to end
        assertEquals(responseBytes, bytes(responseAtX));

        // TTL 1: A decrements it to 0 and forwards; B must not propagate it (draft §4.1).
        final int ttlOneBytes = bytes(send(x, a, "--route", Y, "--ttl", "1").get(0));
        // a frame for A itself: A strips its own id and the route list is empty (draft §4.1.2.3.2)
        final int forABytes = bytes(send(x, a, "--route", A).get(0));
        int malformedBytes = 0;
        for (final String how : List.of("magic", "version", "length", "route-overrun", "truncated"))
        {
            malformedBytes += bytes(send(x, a, "--route", Y, "--malform", how).get(0));
        }
        final int otherOverlayBytes = bytes(client("send", "--overlay", "another-overlay", "--bind", x, "--to", a,
            "--route", Y).get(0));
        final int strangerBytes = bytes(send(HOST + ":0", a, "--route", Y).get(0));
        final int sentToA = requestBytes + ttlOneBytes + forABytes + malformedBytes + otherOverlayBytes +
            strangerBytes;

        final Map<ForwarderCounter, Long> expectA = expected();
        expectA.put(ForwarderCounter.FRAMES_RECEIVED, 11L);
        expectA.put(ForwarderCounter.BYTES_RECEIVED, (long)sentToA + responseBytes);
        expectA.put(ForwarderCounter.FRAMES_FORWARDED, 3L);
        expectA.put(ForwarderCounter.BYTES_FORWARDED,
            (long)(requestBytes + PEER_ID_BYTES) + responseBytes + (ttlOneBytes + PEER_ID_BYTES));
        expectA.put(ForwarderCounter.FRAMES_DELIVERED, 1L);
        expectA.put(ForwarderCounter.ROUTE_IDS_STRIPPED, 2L);
        expectA.put(ForwarderCounter.DROP_BAD_MAGIC, 1L);
        expectA.put(ForwarderCounter.DROP_BAD_VERSION, 1L);
        expectA.put(ForwarderCounter.DROP_BAD_LENGTH, 2L);
        expectA.put(ForwarderCounter.DROP_LIST_OVERRUN, 1L);
        expectA.put(ForwarderCounter.DROP_UNKNOWN_OVERLAY, 1L);
        expectA.put(ForwarderCounter.DROP_UNKNOWN_SENDER, 1L);

        final Map<ForwarderCounter, Long> expectB = expected();
        expectB.put(ForwarderCounter.FRAMES_RECEIVED, 3L);
        expectB.put(ForwarderCounter.BYTES_RECEIVED,
            (long)(requestBytes + PEER_ID_BYTES) + responseBytes + (ttlOneBytes + PEER_ID_BYTES));
        expectB.put(ForwarderCounter.FRAMES_FORWARDED, 2L);
        expectB.put(ForwarderCounter.BYTES_FORWARDED, (long)(requestBytes + 2 * PEER_ID_BYTES) + responseBytes);
        expectB.put(ForwarderCounter.ROUTE_IDS_STRIPPED, 1L);
        expectB.put(ForwarderCounter.DROP_TTL_EXPIRED, 1L);

        final Map<ForwarderCounter, Long> expectC = expected();
        expectC.put(ForwarderCounter.FRAMES_RECEIVED, 2L);
        expectC.put(ForwarderCounter.BYTES_RECEIVED, (long)(requestBytes + 2 * PEER_ID_BYTES) + responseBytes);
        expectC.put(ForwarderCounter.FRAMES_FORWARDED, 2L);
        expectC.put(ForwarderCounter.BYTES_FORWARDED, (long)(requestBytes + 3 * PEER_ID_BYTES) + responseBytes);
        expectC.put(ForwarderCounter.ROUTE_IDS_STRIPPED, 1L);

        // UDP is asynchronous: read the live counters files until every frame has been accounted for
        awaitCounters(fa, expectA);
        awaitCounters(fb, expectB);
        awaitCounters(fc, expectC);

        // relo stat, as another process, sees B's counters and its PID
        final ProcessRun stat = run(ChildJvm.command(jar, "stat", "--dir", fb.dir.toString(), "--once"));
        assertEquals(0, stat.exitCode, stat.err);
        assertTrue(stat.out.contains("PID " + fb.process.pid() + " (running)"), stat.out);
        assertTrue(Pattern.compile("(?m)^\\s*\\d+:\\s+1 - Dropped: TTL expired$").matcher(stat.out).find(), stat.out);
        assertTrue(stat.out.contains("0 distinct errors"), stat.out);

        // SIGTERM: each prints every counter as "label: value" and exits 0
        for (final Forwarder f : List.of(fa, fb, fc))
        {
            f.process.destroy();
        }
        assertStoppedWith(fa, expectA);
        assertStoppedWith(fb, expectB);
        assertStoppedWith(fc, expectC);
    }

    private static Map<ForwarderCounter, Long> expected()
    {
        final Map<ForwarderCounter, Long> values = new EnumMap<>(ForwarderCounter.class);
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            values.put(counter, 0L);
        }
        // set local, add overlay and two links
        values.put(ForwarderCounter.COMMANDS_APPLIED, 4L);
        return values;
    }

    private void assertStoppedWith(final Forwarder f, final Map<ForwarderCounter, Long> expected) throws Exception
    {
        assertTrue(f.process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS), f.name + " did not stop on SIGTERM");
        assertEquals(0, f.process.exitValue(), f.name + " exit status; stderr: " + f.err.text());
        final List<String> lines = f.out.lines();
        final int header = lines.indexOf(ForwarderCommand.COUNTERS_HEADER);
        assertTrue(header >= 0, f.out.text());
        final Map<ForwarderCounter, Long> printed = new EnumMap<>(ForwarderCounter.class);
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            final String prefix = counter.label() + ": ";
            lines.stream().skip(header + 1).filter(line -> line.startsWith(prefix)).findFirst()
                .ifPresent(line -> printed.put(counter, Long.parseLong(line.substring(prefix.length()))));
        }
        assertEquals(expected, printed, f.name + " printed:\n" + f.out.text());
        assertFalse(f.err.text().contains("distinct errors"), f.err.text());
    }

    private void awaitCounters(final Forwarder f, final Map<ForwarderCounter, Long> expected) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        Map<ForwarderCounter, Long> live;
        do
        {
            live = liveCounters(f.dir);
            if (live.get(ForwarderCounter.FRAMES_RECEIVED) >= expected.get(ForwarderCounter.FRAMES_RECEIVED))
            {
                break;
            }
            Thread.sleep(20);
        }
        while (System.currentTimeMillis() < deadline);
        assertEquals(expected, live, f.name + " live counters");
    }

    private static Map<ForwarderCounter, Long> liveCounters(final Path dir)
    {
        final Map<String, Long> byLabel = new LinkedHashMap<>();
        try (CountersFile file = CountersFile.open(dir.toFile()))
        {
            file.reader().forEach((value, counterId, label) -> byLabel.put(label, value));
        }
        final Map<ForwarderCounter, Long> values = new EnumMap<>(ForwarderCounter.class);
        for (final ForwarderCounter counter : ForwarderCounter.values())
        {
            values.put(counter, byLabel.get(counter.label()));
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------ processes

    private Forwarder start(
        final Path jar, final String name, final String id, final String pred, final String listen,
        final String... links) throws IOException
    {
        final Path dir = temp.resolve(name);
        final List<String> args = new ArrayList<>(List.of("forwarder", "--overlay", OVERLAY, "--id", id, "--pred",
            pred, "--listen", listen, "--plaintext", "--idle", "backoff", "--dir", dir.toString()));
        for (final String link : links)
        {
            args.add("--link");
            args.add(link);
        }
        final Path out = temp.resolve(name + ".out");
        final Path err = temp.resolve(name + ".err");
        final Process process = new ProcessBuilder(ChildJvm.command(jar, args.toArray(new String[0])))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(process);
        return new Forwarder(name, listen, dir, process, out, err);
    }



    private List<Map<String, String>> send(final String bind, final String to, final String... more)
        throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("send", "--overlay", OVERLAY, "--bind", bind, "--to", to));
        args.addAll(Arrays.asList(more));
        return client(args.toArray(new String[0]));
    }

    /**
     * Run the Python client and parse its "sent ..." and "received ..." lines into maps of key=value, the event
     * under "event".
     */
    private List<Map<String, String>> client(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("python3", clientScript().toString()));
        command.addAll(Arrays.asList(args));
        final ProcessRun run = run(command);
        assertEquals(0, run.exitCode, String.join(" ", command) + "\nstdout:\n" + run.out + "stderr:\n" + run.err);
        final List<Map<String, String>> frames = new ArrayList<>();
        for (final String line : run.out.split("\n"))
        {
            final String[] words = line.split(" ");
            if (!"sent".equals(words[0]) && !"received".equals(words[0]))
            {
                continue;
            }
            final Map<String, String> fields = new LinkedHashMap<>();
            fields.put("event", words[0]);
            for (int i = 1; i < words.length; i++)
            {
                final int eq = words[i].indexOf('=');
                if (eq > 0)
                {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            frames.add(fields);
        }
        return frames;
    }

    private static Path clientScript()
    {
        return Path.of(System.getProperty("relo.client", "../scripts/reload-client.py")).toAbsolutePath();
    }

    private static int bytes(final Map<String, String> frame)
    {
        return Integer.parseInt(frame.get("bytes"));
    }

    private ProcessRun run(final List<String> command) throws Exception
    {
        final Path out = Files.createTempFile(temp, "run", ".out");
        final Path err = Files.createTempFile(temp, "run", ".err");
        final Process process = new ProcessBuilder(command)
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(process);
        if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT_MS + " ms");
        }
        return new ProcessRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static boolean python3Available()
    {
        try
        {
            final Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    private record ProcessRun(int exitCode, String out, String err)
    {
    }

    /**
     * A forwarder child process. Its output goes to files rather than pipes: the JDK drains a pipe when the process
     * exits, which can cut short a reader that is still reading it.
     */
    private static final class Forwarder
    {
        final String name;
        final String listen;
        final Path dir;
        final Process process;
        final Output out;
        final Output err;

        Forwarder(final String name, final String listen, final Path dir, final Process process, final Path out,
            final Path err)
        {
            this.name = name;
            this.listen = listen;
            this.dir = dir;
            this.process = process;
            this.out = new Output(out);
            this.err = new Output(err);
        }
    }

    /**
     * What a child process has written to a file so far.
     */
    private record Output(Path file)
    {
        void await(final Predicate<String> wanted, final Supplier<String> what) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (lines().stream().noneMatch(wanted))
            {
                if (System.currentTimeMillis() > deadline)
                {
                    fail("timed out waiting for " + what.get() + "\noutput so far:\n" + text());
                }
                Thread.sleep(20);
            }
        }

        List<String> lines()
        {
            try
            {
                return Files.readAllLines(file);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        String text()
        {
            return String.join("\n", lines()) + "\n";
        }
    }
}
