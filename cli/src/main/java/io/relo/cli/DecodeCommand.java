package io.relo.cli;

import io.relo.codec.message.MessageDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code relo decode}: validates one frame and prints every field of it, or says precisely what is wrong.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
        "Decode one RELOAD frame and print its forwarding header, route log, common header, payload and signature.",
        "Exit status: 0 well formed, 1 malformed (the reason goes to stderr), 2 unreadable input."
    })
final class DecodeCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "<hex|file|->",
        description = "The frame as hex (whitespace and colons allowed), a path to a file holding it in binary, " +
            "or - to read it in binary from stdin.")
    private String input;

    @Override
    public Integer call()
    {
        final byte[] frame;
        try
        {
            frame = FrameInput.read(input, System.in);
        }
        catch (final FrameInput.UnreadableInputException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "relo decode: " + ex.getMessage());
        }

        final MessageDecoder decoder = new MessageDecoder();
        final int status = decoder.wrap(new UnsafeBuffer(frame), 0, frame.length);
        if (status != MessageDecoder.OK && status != MessageDecoder.FRAGMENT)
        {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("relo decode: " + decoder.describeError());
            err.flush();
            return Relo.EXIT_MALFORMED;
        }

        final PrintWriter out = spec.commandLine().getOut();
        out.print(describe(decoder, frame.length));
        out.flush();
        return Relo.EXIT_OK;
    }

    /**
     * @param decoder wrapped over a frame it accepted.
     * @param length  bytes in the frame.
     * @return the printout: a summary line, then every part of the frame.
     */
    static String describe(final MessageDecoder decoder, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("frame: ").append(length).append(" bytes, ")
            .append(decoder.status() == MessageDecoder.OK ? "a well-formed message" : "a well-formed fragment")
            .append('\n');
        return decoder.appendTo(sb).toString();
    }
}
