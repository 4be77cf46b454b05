package io.relo.codec.header;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The encoder refuses values its fields cannot hold and variable parts written out of wire order.
 */
class ForwardingHeaderEncoderTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final ForwardingHeaderEncoder encoder = new ForwardingHeaderEncoder();

    @Test
    void shouldRefuseValuesOutsideTheirFields()
    {
        encoder.wrap(buffer, 0);

        assertEquals(
            "TTL 256 is outside 0..255",
            assertThrows(IllegalArgumentException.class, () -> encoder.ttl(256)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> encoder.routing(-1));
        assertEquals(
            "fragment offset 16384 is outside 0..16383",
            assertThrows(IllegalArgumentException.class, () -> encoder.fragment(true, false, 0x4000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> encoder.version(128));
        assertThrows(IllegalArgumentException.class, () -> encoder.routeList(new long[512], 256));
        assertEquals(
            "via list of 2 ids needs 4 longs but the array has 2",
            assertThrows(IllegalArgumentException.class, () -> encoder.viaList(new long[2], 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> encoder.routeLog(buffer, 0, 65001));
        assertThrows(IllegalArgumentException.class, () -> encoder.finish(ForwardingHeaderDescriptor.MAX_MESSAGE_LENGTH));
    }

    @Test
    void shouldRefuseVariablePartsOutOfWireOrder()
    {
        encoder.wrap(buffer, 0).viaList(new long[]{ 1, 2 }, 1);

        assertEquals(
            "route list must be written once, before any later part of the header (route list, via list, route log)",
            assertThrows(IllegalStateException.class, () -> encoder.routeList(new long[]{ 3, 4 }, 1)).getMessage());
        assertThrows(IllegalStateException.class, () -> encoder.viaList(new long[]{ 3, 4 }, 1));

        encoder.wrap(buffer, 0).routeLog(buffer, 0, 0);
        assertThrows(IllegalStateException.class, () -> encoder.viaList(new long[0], 0));
    }

    @Test
    void shouldStartEachHeaderAfreshOnWrap()
    {
        buffer.setMemory(0, 64, (byte)0xFF);
        encoder.wrap(buffer, 0).routeList(new long[]{ 1, 2 }, 1).routeLog(buffer, 0, 0);

        final int frameLength = encoder.wrap(buffer, 0).version(1).finish(0);

        final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight().wrap(buffer, 0, frameLength);
        assertEquals(FrameStatus.OK, header.validate());
        assertEquals(28, frameLength);
        assertEquals(0, header.routeListCount());
        assertEquals(0, header.flags());
        assertEquals(0, header.ttl());
        assertEquals(false, header.isFragment());
    }

    @Test
    void shouldKeepExpWhenSettingVersionAndVersionWhenSettingExp()
    {
        encoder.wrap(buffer, 0).experimental(true).version(5);
        assertEquals(0x85, buffer.getByte(ForwardingHeaderDescriptor.VERSION_OFFSET) & 0xFF);

        encoder.experimental(false);
        assertEquals(0x05, buffer.getByte(ForwardingHeaderDescriptor.VERSION_OFFSET) & 0xFF);
    }
}
