package io.relo.codec.header;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Jazzer fuzz target for the forwarding header: arbitrary bytes must never make validation, the accessors of a valid
 * frame, describe or the in-place rewrites throw, read outside the datagram, or turn a valid frame invalid.
 * <p>
 * Under plain {@code mvn test} it replays the seeds in {@code ForwardingHeaderFuzzTestInputs/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ForwardingHeaderFuzzTest}.
 */
class ForwardingHeaderFuzzTest
{
    private static final int HEADROOM = 512;

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();

    @FuzzTest
    void validateAndRewrite(final byte[] data)
    {
        header.wrap(new WindowCheckingBuffer(data, 0, data.length), 0, data.length);
        final int status = header.validate();
        if (FrameStatus.describe(status, header).isEmpty())
        {
            throw new AssertionError("empty description of status " + status);
        }
        if (FrameStatus.OK != status)
        {
            return;
        }
        ForwardingHeaderPropertyTest.touchEveryAccessor(header);

        // rewrite a copy with headroom the way a forwarder would; every step must keep the frame valid
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADROOM + data.length]);
        buffer.putBytes(HEADROOM, data);
        header.wrap(buffer, HEADROOM, data.length);
        final int end = HEADROOM + data.length;

        header.ttl(header.ttl() - 1 & 0xFF);
        expectValidAfter("appendViaId", header.appendViaId(0x0123456789ABCDEFL, 0xFEDCBA9876543210L));
        expectValidAfter("appendRouteLogEntry", header.appendRouteLogEntry(buffer, 0, 7));
        expectValidAfter("stripFirstRouteId", header.stripFirstRouteId());
        if (header.offset() + header.frameLength() != end)
        {
            throw new AssertionError("rewrites moved the end of the frame");
        }
    }

    private void expectValidAfter(final String rewrite, final int rewriteStatus)
    {
        final int status = header.validate();
        if (FrameStatus.OK != status)
        {
            throw new AssertionError(rewrite + " returned " + FrameStatus.name(rewriteStatus) + " and left an invalid " +
                "frame: " + FrameStatus.describe(status, header));
        }
    }
}
