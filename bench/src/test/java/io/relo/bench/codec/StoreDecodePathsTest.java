package io.relo.bench.codec;

import io.relo.bench.codec.baseline.MalformedMessageException;
import io.relo.bench.codec.baseline.Message;
import io.relo.bench.codec.baseline.SignerIdentity;
import io.relo.bench.codec.baseline.SipRegistration;
import io.relo.bench.codec.baseline.StoreMessageFields;
import io.relo.bench.codec.baseline.StoreTypeData;
import io.relo.bench.codec.baseline.StoredData;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.KindId;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MethodCode;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.runtime.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreDecodePathsTest
{
    private final FlyweightStoreReader reader = new FlyweightStoreReader();
    private byte[] frame;

    @BeforeEach
    void encodeFrame()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[StoreFrame.CAPACITY]);
        frame = Arrays.copyOf(buffer.byteArray(), StoreFrame.encode(buffer, 0));
    }

    @Test
    void shouldReadTheSameFieldValuesOnBothPaths() throws MalformedMessageException
    {
        final List<String> flyweightFields = flyweightFields(frame);
        final List<String> baselineFields = baselineFields(frame);

        assertEquals(baselineFields, flyweightFields);
        // header 14 (10 fixed, 2 counts, 1 route id, flags), contents 3, request 2, store_type_data 3,
        // route registrations 18 each, URI registration 14, message signature flag 1
        assertEquals(14 + 3 + 2 + 3 + 18 + 14 + 18 + 1, flyweightFields.size());
    }

    @Test
    void shouldReadTheSameStorageTimesOnBothValidateOnlyPaths() throws MalformedMessageException
    {
        final RecordingFieldSink flyweight = new RecordingFieldSink();
        assertEquals(FlyweightStoreReader.OK, reader.validate(new UnsafeBuffer(frame), 0, frame.length, flyweight),
            () -> reader.error().message());
        final RecordingFieldSink baseline = new RecordingFieldSink();
        StoreMessageFields.emitStorageTimes(Message.parse(ByteBuffer.wrap(frame)), baseline);

        assertEquals(baseline.fields, flyweight.fields);
        // kind, number of values, then one storage time per value
        assertEquals(List.of("value " + KindId.SIP_REGISTRATION, "value " + StoreFrame.VALUE_COUNT,
            "value " + StoreFrame.STORAGE_TIME, "value " + (StoreFrame.STORAGE_TIME + 1),
            "value " + (StoreFrame.STORAGE_TIME + 2)), flyweight.fields);
    }

    @Test
    void shouldRejectEveryTruncatedDatagramWhenOnlyValidating()
    {
        for (int length = 0; length < frame.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(frame, length);
            assertNotEquals(FlyweightStoreReader.OK,
                reader.validate(new UnsafeBuffer(truncated), 0, length, new RecordingFieldSink()),
                "validation accepted a datagram of " + length + " bytes");
        }
    }

    @Test
    void shouldHoldTheStoreRequestTheBenchmarkDescribes() throws MalformedMessageException
    {
        final Message message = Message.parse(ByteBuffer.wrap(frame));

        assertEquals(frame.length, message.header().length());
        assertEquals(1, message.header().routeList().size());
        assertEquals(MethodCode.STORE, message.contents().code());
        assertNull(message.signature());
        assertEquals(1, message.storeRequest().storeData().size());

        final StoreTypeData typeData = message.storeRequest().storeData().get(0);
        assertEquals(KindId.SIP_REGISTRATION, typeData.kind());
        assertEquals(StoreFrame.GENERATION, typeData.generation());
        assertEquals(StoreFrame.VALUE_COUNT, typeData.values().size());

        final int[] registrationTypes = { SipRegistration.ROUTE, SipRegistration.URI, SipRegistration.ROUTE };
        for (int i = 0; i < StoreFrame.VALUE_COUNT; i++)
        {
            final StoredData value = typeData.values().get(i);
            assertEquals(StoreFrame.STORAGE_TIME + i, value.storageTime());
            assertEquals(StoreFrame.LIFETIME, value.lifetime());
            assertArrayEquals(StoreFrame.key(i), value.dictionaryEntry().key());

            final SipRegistration registration = value.sipRegistration();
            assertEquals(registrationTypes[i], registration.type());
            final int registrationLength = value.dictionaryEntry().value().length;
            assertTrue(registrationLength >= 90 && registrationLength <= 110, "SipRegistration of " +
                registrationLength + " bytes");
            if (SipRegistration.ROUTE == registration.type())
            {
                assertEquals(3, registration.destinations().size());
            }

            assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256, value.signature().algorithm());
            assertEquals(StoreFrame.SIGNATURE_VALUE_LENGTH, value.signature().signatureValue().length);
            assertEquals(SignerIdentity.PEER, value.signature().identity().type());
            assertArrayEquals(StoreFrame.key(i), value.signature().identity().peerId());
        }
    }

    @Test
    void shouldRejectEveryTruncatedDatagramOnBothPaths()
    {
        for (int length = 0; length < frame.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(frame, length);

            final int status = reader.read(new UnsafeBuffer(truncated), 0, length, new RecordingFieldSink());
            assertNotEquals(FlyweightStoreReader.OK, status, "flyweight accepted a datagram of " + length + " bytes");
            assertThrows(
                MalformedMessageException.class,
                () -> Message.parse(ByteBuffer.wrap(truncated)),
                "baseline accepted a datagram of " + length + " bytes");
        }
    }

    @Test
    void shouldRejectEveryTruncatedStoreRequestInAWellFormedFrameOnBothPaths()
    {
        final UnsafeBuffer original = new UnsafeBuffer(frame);
        final int contentsOffset = new ForwardingHeaderFlyweight().wrap(original, 0, frame.length).contentsOffset();
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertTrue(contents.wrap(original, contentsOffset, frame.length) > 0);
        final int payloadOffset = contents.payloadOffset();

        for (int payloadLength = 0; payloadLength < contents.payloadLength(); payloadLength++)
        {
            // cut the payload and fix up its length and the frame's, so only the store_request is short
            final int length = payloadOffset + payloadLength;
            final UnsafeBuffer truncated = new UnsafeBuffer(Arrays.copyOf(frame, length));
            truncated.putInt(payloadOffset - 4, payloadLength, BIG_ENDIAN);
            Wire.putUint24(truncated, ForwardingHeaderDescriptor.LENGTH_OFFSET, length);

            assertEquals(
                FlyweightStoreReader.MALFORMED,
                reader.read(truncated, 0, length, new RecordingFieldSink()),
                "flyweight accepted a store_request cut to " + payloadLength + " bytes");
            assertThrows(
                MalformedMessageException.class,
                () -> Message.parse(ByteBuffer.wrap(truncated.byteArray())),
                "baseline accepted a store_request cut to " + payloadLength + " bytes");
        }
    }

    @Test
    void shouldRejectAnUnknownSipRegistrationTypeOnBothPaths()
    {
        final UnsafeBuffer corrupted = new UnsafeBuffer(frame);
        corrupted.putByte(firstDictionaryEntry(corrupted).valueOffset(), (byte)7);

        assertRejectedInsideTheStoreRequest(corrupted, "SipRegistrationData", "type", "SipRegistration.type");
    }

    @Test
    void shouldRejectADestinationListShorterThanThreeBytesOnBothPaths()
    {
        final UnsafeBuffer corrupted = new UnsafeBuffer(frame);
        final DictionaryEntryDecoder entry = firstDictionaryEntry(corrupted);
        // route registration: type, length, contact_prefs<2^16-1>, then destination_list<3..2^16-1>
        final int contactPrefsLength = corrupted.getShort(entry.valueOffset() + 3, BIG_ENDIAN) & 0xFFFF;
        final int listLengthOffset = entry.valueOffset() + 3 + 2 + contactPrefsLength;
        assertEquals(48, corrupted.getShort(listLengthOffset, BIG_ENDIAN));
        corrupted.putShort(listLengthOffset, (short)0, BIG_ENDIAN);

        assertRejectedInsideTheStoreRequest(
            corrupted, "SipRegistrationData", "destination_list", "SipRegistrationData.destination_list");
    }

    @Test
    void shouldRejectAnUnknownSignerIdentityTypeOnBothPaths()
    {
        final UnsafeBuffer corrupted = new UnsafeBuffer(frame);
        final StoredDataDecoder value = firstStoredData(corrupted);
        // signature: algorithm, signature_value<65000>, then the identity's type
        final int valueLength = corrupted.getShort(value.signatureOffset() + 1, BIG_ENDIAN) & 0xFFFF;
        corrupted.putByte(value.signatureOffset() + 1 + 2 + valueLength, (byte)9);

        assertRejectedInsideTheStoreRequest(corrupted, "signer_identity", "type", "signer_identity.type");
    }

    @Test
    void shouldRejectAFrameThatIsNotAStoreRequestOnBothPaths()
    {
        final UnsafeBuffer corrupted = new UnsafeBuffer(frame);
        final int contentsOffset = new ForwardingHeaderFlyweight().wrap(corrupted, 0, frame.length).contentsOffset();
        corrupted.putShort(contentsOffset, (short)MethodCode.FETCH, BIG_ENDIAN);

        assertEquals(
            FlyweightStoreReader.NOT_A_STORE_REQUEST,
            reader.read(corrupted, 0, frame.length, new RecordingFieldSink()));
        assertThrows(MalformedMessageException.class, () -> Message.parse(ByteBuffer.wrap(frame)));
    }

    @Test
    void shouldReportTheHeaderProblemOfABadFrame()
    {
        final UnsafeBuffer corrupted = new UnsafeBuffer(frame);
        corrupted.putByte(0, (byte)'X');

        assertEquals(FlyweightStoreReader.BAD_FRAME, reader.read(corrupted, 0, frame.length, new RecordingFieldSink()));
        assertEquals(FrameStatus.BAD_MAGIC, reader.frameStatus());
        assertThrows(MalformedMessageException.class, () -> Message.parse(ByteBuffer.wrap(frame)));
    }

    @Test
    void shouldNotAllocateWhileReadingAFrameWithTheFlyweights()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final FieldSink sink = new DiscardingFieldSink();
        for (int i = 0; i < 20_000; i++)
        {
            reader.read(buffer, 0, frame.length, sink);
        }

        final int reads = 100_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        int failures = 0;
        for (int i = 0; i < reads; i++)
        {
            failures += reader.read(buffer, 0, frame.length, sink);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(0, failures);
        // the JVM itself allocates a few hundred bytes now and then while warming up; a read that allocated even
        // one 16-byte object would add 1.6 MB here
        assertTrue(allocated < reads, allocated + " bytes allocated by " + reads + " reads");
    }

    @Test
    void shouldNotAllocateWhileOnlyValidatingAFrameWithTheFlyweights()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final FieldSink sink = new DiscardingFieldSink();
        for (int i = 0; i < 20_000; i++)
        {
            reader.validate(buffer, 0, frame.length, sink);
        }

        final int validations = 100_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        int failures = 0;
        for (int i = 0; i < validations; i++)
        {
            failures += reader.validate(buffer, 0, frame.length, sink);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(0, failures);
        assertTrue(allocated < validations, allocated + " bytes allocated by " + validations + " validations");
    }

    private void assertRejectedInsideTheStoreRequest(
        final UnsafeBuffer corrupted, final String structName, final String fieldName, final String baselineField)
    {
        assertEquals(FlyweightStoreReader.MALFORMED, reader.read(corrupted, 0, frame.length, new RecordingFieldSink()));
        assertEquals(structName, reader.error().structName(), reader.error().message());
        assertEquals(fieldName, reader.error().fieldName(), reader.error().message());
        // validation alone walks the same nested structures and finds the same fault
        assertEquals(FlyweightStoreReader.MALFORMED,
            reader.validate(corrupted, 0, frame.length, new RecordingFieldSink()));
        assertEquals(structName, reader.error().structName(), reader.error().message());
        assertEquals(fieldName, reader.error().fieldName(), reader.error().message());

        final MalformedMessageException thrown =
            assertThrows(MalformedMessageException.class, () -> Message.parse(ByteBuffer.wrap(frame)));
        assertTrue(thrown.getMessage().startsWith(baselineField), thrown.getMessage());
    }

    private static StoredDataDecoder firstStoredData(final UnsafeBuffer buffer)
    {
        final int contentsOffset = new ForwardingHeaderFlyweight().wrap(buffer, 0, buffer.capacity()).contentsOffset();
        final MessageContentsDecoder contents = new MessageContentsDecoder();
        assertTrue(contents.wrap(buffer, contentsOffset, buffer.capacity()) > 0);
        final StoreRequestDecoder request = new StoreRequestDecoder();
        assertTrue(request.wrap(buffer, contents.payloadOffset(), contents.payloadOffset() + contents.payloadLength()) > 0);
        return request.storeData().next().values().next();
    }

    private static DictionaryEntryDecoder firstDictionaryEntry(final UnsafeBuffer buffer)
    {
        final StoredDataDecoder value = firstStoredData(buffer);
        final DictionaryEntryDecoder entry = new DictionaryEntryDecoder();
        assertTrue(entry.wrap(buffer, value.dataValueOffset(), value.dataValueOffset() + value.dataValueLength()) > 0);
        return entry;
    }

    private List<String> flyweightFields(final byte[] bytes)
    {
        final RecordingFieldSink sink = new RecordingFieldSink();
        final int status = reader.read(new UnsafeBuffer(bytes), 0, bytes.length, sink);
        assertEquals(FlyweightStoreReader.OK, status, () -> reader.error().message());
        return sink.fields;
    }

    private static List<String> baselineFields(final byte[] bytes) throws MalformedMessageException
    {
        final ByteBuffer datagram = ByteBuffer.wrap(bytes);
        final RecordingFieldSink sink = new RecordingFieldSink();
        StoreMessageFields.emit(Message.parse(datagram), sink);
        assertFalse(datagram.hasRemaining());
        return sink.fields;
    }

    /**
     * Writes each field as text; ids and byte fields alike as hex, so in-place and copied fields compare equal.
     */
    private static final class RecordingFieldSink implements FieldSink
    {
        final List<String> fields = new ArrayList<>();

        public void value(final long value)
        {
            fields.add("value " + value);
        }

        public void id(final long hi, final long lo)
        {
            final UnsafeBuffer id = new UnsafeBuffer(new byte[16]);
            id.putLong(0, hi, BIG_ENDIAN);
            id.putLong(8, lo, BIG_ENDIAN);
            bytes(id.byteArray());
        }

        public void bytes(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            bytes(bytes);
        }

        public void bytes(final byte[] bytes)
        {
            final StringBuilder hex = new StringBuilder("bytes ");
            for (final byte b : bytes)
            {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            fields.add(hex.toString());
        }
    }

    private static final class DiscardingFieldSink implements FieldSink
    {
        public void value(final long value)
        {
        }

        public void id(final long hi, final long lo)
        {
        }

        public void bytes(final DirectBuffer buffer, final int offset, final int length)
        {
        }

        public void bytes(final byte[] bytes)
        {
        }
    }
}
