package io.relo.cli;

import io.relo.codec.Routing;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.fastpath.CountersFile;
import io.relo.fastpath.ForwarderCounter;
import io.relo.fastpath.ring.PeerId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandaloneForwarderTest
{
    private static final String OVERLAY = "lab.example.org";
    private static final PeerId SELF = PeerId.parse("20000000000000000000000000000000");
    private static final PeerId PRED = PeerId.parse("10000000000000000000000000000000");
    private static final PeerId LEFT = PeerId.parse("1000000000000000000000000000000f");
    private static final PeerId RIGHT = PeerId.parse("30000000000000000000000000000000");
    private static final int FRAMES_FOR_SELF = 200;

    @Test
    void shouldForwardBetweenItsLinksDrainFramesForItselfAndReportCountersWhenStopped(@TempDir final Path dir)
        throws Exception
    {
        try (DatagramSocket left = socket(); DatagramSocket right = socket())
        {
            final StandaloneForwarder forwarder = StandaloneForwarder.create(OVERLAY, SELF, PRED,
                HostPort.parse("127.0.0.1:0", true),
                List.of(link(LEFT, left), link(RIGHT, right)), "backoff", dir.toFile());
            forwarder.start();
            try
            {
                final byte[] toRight = frame(10, RIGHT);
                send(left, toRight, forwarder);

                final byte[] received = receive(right);
                final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
                header.wrap(new UnsafeBuffer(received), 0, received.length);
                assertEquals(FrameStatus.OK, header.validate());
                assertEquals(9, header.ttl());
                assertEquals(1, header.viaListCount());
                assertEquals(LEFT, new PeerId(header.viaIdHi(0), header.viaIdLo(0)));
                assertEquals(toRight.length + 16, received.length);

                // no control plane: frames for this peer are counted and drained, never left to fill the ring
                final byte[] toSelf = frame(10, SELF);
                for (int i = 0; i < FRAMES_FOR_SELF; i++)
                {
                    send(right, toSelf, forwarder);
                }
                await(() -> forwarder.counterValue(ForwarderCounter.FRAMES_DELIVERED) == FRAMES_FOR_SELF);
                await(() -> forwarder.pendingDeliveries() == 0);
            }
            finally
            {
                final StandaloneForwarder.Counters counters = forwarder.stop();
                assertEquals(1 + FRAMES_FOR_SELF, counters.value(ForwarderCounter.FRAMES_RECEIVED));
                assertEquals(1, counters.value(ForwarderCounter.FRAMES_FORWARDED));
                assertEquals(FRAMES_FOR_SELF, counters.value(ForwarderCounter.FRAMES_DELIVERED));
                assertEquals(FRAMES_FOR_SELF, counters.value(ForwarderCounter.ROUTE_IDS_STRIPPED));
                assertEquals(4, counters.value(ForwarderCounter.COMMANDS_APPLIED));
                assertEquals(0, counters.value(ForwarderCounter.DROP_QUEUE_FULL));
                assertEquals(List.of(), counters.errors());

                final StringWriter out = new StringWriter();
                final StringWriter err = new StringWriter();
                ForwarderCommand.printCounters(new PrintWriter(out, true), new PrintWriter(err, true), counters,
                    1_500_000_000L);
                final List<String> lines = Arrays.asList(out.toString().split("\n"));
                assertEquals(ForwarderCommand.COUNTERS_HEADER, lines.get(0));
                for (final ForwarderCounter counter : ForwarderCounter.values())
                {
                    assertEquals(counter.label() + ": " + counters.value(counter), lines.get(1 + counter.ordinal()));
                }
                assertEquals("relo forwarder: ran 1.5 s", lines.get(lines.size() - 1));
                assertEquals("", err.toString());
            }
        }
        // a directory given with --dir keeps the last counters for a post-mortem
        assertTrue(Files.isRegularFile(dir.resolve(CountersFile.FILE_NAME)));
    }

    @Test
    void shouldSayWhyWhenTheCountersDirectoryCannotBeCreated(@TempDir final Path dir) throws Exception
    {
        final File notADirectory = Files.createFile(dir.resolve("plain-file")).toFile();
        try (DatagramSocket peer = socket())
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> StandaloneForwarder.create(OVERLAY, SELF, PRED, HostPort.parse("127.0.0.1:0", true),
                    List.of(link(RIGHT, peer)), "backoff", new File(notADirectory, "sub")));
            assertTrue(ex.getMessage().startsWith("cannot create the counters file in " + notADirectory), ex.getMessage());
        }
    }

    private static StandaloneForwarder.Link link(final PeerId peer, final DatagramSocket socket)
    {
        return new StandaloneForwarder.Link(peer, HostPort.parse("127.0.0.1:" + socket.getLocalPort(), false));
    }

    private static DatagramSocket socket() throws Exception
    {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(final DatagramSocket from, final byte[] frame, final StandaloneForwarder to)
        throws Exception
    {
        from.send(new DatagramPacket(frame, frame.length, to.listenAddress()));
    }

    private static byte[] receive(final DatagramSocket socket) throws Exception
    {
        final DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static byte[] frame(final int ttl, final PeerId destination)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .overlay(OverlayName.hash(OVERLAY)).ttl(ttl).routing(Routing.RECURSIVE).transactionId(42)
            .routeList(new long[] {destination.hi(), destination.lo()}, 1).viaList(new long[0], 0);
        // a PING request with an empty ping_info: code 1, reserved 0, payload length 1, ping_info length 0
        final byte[] contents = {0, 1, 0, 0, 0, 0, 0, 1, 0};
        buffer.putBytes(encoder.contentsOffset(), contents);
        return Arrays.copyOf(buffer.byteArray(), encoder.finish(contents.length));
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
