package io.relo.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the system tests need to start {@code relo} child processes: the command line of a small JVM running the
 * shaded jar with the project's JVM flags, and free UDP ports on loopback.
 */
final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * @param jar  the shaded jar.
     * @param args the relo command and its arguments.
     * @return the command line of a JVM that shares the machine with the build: few threads, a light JIT.
     */
    static List<String> command(final Path jar, final String... args)
    {
        return command(jar, List.of(), args);
    }

    /**
     * @param jar        the shaded jar.
     * @param jvmOptions more JVM options, after the defaults so that they win (a larger -Xmx, system properties).
     * @param args       the relo command and its arguments.
     * @return the command line of a JVM that shares the machine with the build: few threads, a light JIT.
     */
    static List<String> command(final Path jar, final List<String> jvmOptions, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmFlags().trim().split("\\s+")));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:CICompilerCount=1"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static String jvmFlags()
    {
        final String flags = System.getProperty("relo.jvm.flags");
        if (null != flags && !flags.isBlank())
        {
            return flags;
        }
        // run outside Maven (an IDE): the same place the ./relo launcher reads them from
        try
        {
            final Matcher m = Pattern.compile("<relo\\.jvm\\.flags>(.*)</relo\\.jvm\\.flags>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
            if (!m.find())
            {
                throw new IllegalStateException("no <relo.jvm.flags> in ../pom.xml");
            }
            return m.group(1);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("set -Drelo.jvm.flags or run from the cli directory", ex);
        }
    }

    /**
     * @param host  the address to bind.
     * @param count how many ports.
     * @return ports that were free a moment ago.
     * @throws IOException if a socket cannot be bound.
     */
    static int[] freeUdpPorts(final String host, final int count) throws IOException
    {
        final DatagramSocket[] sockets = new DatagramSocket[count];
        final int[] ports = new int[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new DatagramSocket(0, InetAddress.getByName(host));
                ports[i] = sockets[i].getLocalPort();
            }
        }
        finally
        {
            for (final DatagramSocket socket : sockets)
            {
                if (null != socket)
                {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
