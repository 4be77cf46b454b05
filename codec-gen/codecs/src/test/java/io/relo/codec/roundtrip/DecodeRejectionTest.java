package io.relo.codec.roundtrip;

import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.ErrorCode;
import io.relo.codec.sip.SipRegistrationDecoder;
import io.relo.codecgen.ir.Ir;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Decoders refuse malformed input with the error code, structure, field, absolute offset and message a person needs
 * to find the fault. Inputs are valid oracle encodings with one length, type or window edited; each test states the
 * layout it edits.
 */
class DecodeRejectionTest
{
    private final DecodeError error = new DecodeError();

    /**
     * store_request at byte 4: resource 4..19, store_data prefix 20..21 (38), store_type_data 22..59: type 22..24,
     * generation 25..32, values prefix 33..34 (25), stored_data 35..59: length 35..38 (21), storage_time 39..42,
     * lifetime 43..46, data-value prefix 47..50 (5) and bytes 51..55, signature prefix 56..59 (0).
     */
    private static final int STORE_REQUEST_BASE = 4;

    @Test
    void shouldRefuseStoreDataLongerThanItsBound()
    {
        final UnsafeBuffer buffer = storeRequest(0);
        buffer.putShort(20, (short)65001, BIG_ENDIAN);

        assertRefused(new StoreRequestDecoder(error).wrap(buffer, STORE_REQUEST_BASE, 60), ErrorCode.VECTOR_OVER_BOUND,
            "store_request", "store_data", 20,
            "store_request.store_data: vector of 65001 bytes at byte 20 exceeds its bound of 65000 bytes");
    }

    @Test
    void shouldRefuseStoreDataRunningPastTheWindow()
    {
        final UnsafeBuffer buffer = storeRequest(0);
        buffer.putShort(20, (short)39, BIG_ENDIAN);

        assertRefused(new StoreRequestDecoder(error).wrap(buffer, STORE_REQUEST_BASE, 60), ErrorCode.VECTOR_OVERRUN,
            "store_request", "store_data", 20,
            "store_request.store_data: 39 bytes declared at byte 20 run past the end of the enclosing structure " +
            "at byte 60");
    }

    @Test
    void shouldRefuseNestedValuesRunningPastTheirEnclosingVectorNotTheWindow()
    {
        final UnsafeBuffer buffer = storeRequest(4);
        buffer.putShort(33, (short)26, BIG_ENDIAN);

        // The window reaches byte 64 but store_data, which holds the values, ends at byte 60.
        assertRefused(new StoreRequestDecoder(error).wrap(buffer, STORE_REQUEST_BASE, 64), ErrorCode.VECTOR_OVERRUN,
            "store_type_data", "values", 33,
            "store_type_data.values: 26 bytes declared at byte 33 run past the end of the enclosing structure " +
            "at byte 60");
    }

    @Test
    void shouldRefuseStoredDataWhoseLengthDisagreesWithItsFields()
    {
        final UnsafeBuffer buffer = storeRequest(4);
        buffer.putInt(35, 22, BIG_ENDIAN);

        assertRefused(new StoredDataDecoder(error).wrap(buffer, 35, 61), ErrorCode.LENGTH_MISMATCH,
            "stored_data", "length", 35,
            "stored_data.length: length 22 at byte 35 disagrees with its contents, which end at 60");
    }

    @Test
    void shouldRefuseStoredDataWhoseLengthCutsItsLastField()
    {
        final UnsafeBuffer buffer = storeRequest(4);
        buffer.putInt(35, 20, BIG_ENDIAN);

        // length 20 ends the struct at byte 59, inside signature's 4-byte prefix.
        assertRefused(new StoredDataDecoder(error).wrap(buffer, 35, 64), ErrorCode.TRUNCATED,
            "stored_data", "signature", 56,
            "stored_data.signature: needs 4 bytes at byte 56 but the window ends at byte 59");
    }

    @Test
    void shouldRefuseStoredDataWhoseLengthRunsPastTheWindow()
    {
        final UnsafeBuffer buffer = storeRequest(4);
        buffer.putInt(35, 100, BIG_ENDIAN);

        assertRefused(new StoredDataDecoder(error).wrap(buffer, 35, 60), ErrorCode.VECTOR_OVERRUN,
            "stored_data", "length", 35,
            "stored_data.length: 100 bytes declared at byte 35 run past the end of the enclosing structure at byte 60");
    }

    @Test
    void shouldRefuseBlobRunningPastTheLengthOfItsStruct()
    {
        final UnsafeBuffer buffer = storeRequest(4);
        buffer.putInt(47, 0xFFFF_FFFF, BIG_ENDIAN);

        assertRefused(new StoredDataDecoder(error).wrap(buffer, 35, 64), ErrorCode.VECTOR_OVERRUN,
            "stored_data", "data-value", 47,
            "stored_data.data-value: 4294967295 bytes declared at byte 47 run past the end of the enclosing " +
            "structure at byte 60");
    }

    @Test
    void shouldRefuseStoreRequestFollowedByOtherBytes()
    {
        final UnsafeBuffer buffer = storeRequest(3);

        assertRefused(new StoreRequestDecoder(error).wrapExactly(buffer, STORE_REQUEST_BASE, 63),
            ErrorCode.TRAILING_BYTES, "store_request", "(end)", 60,
            "store_request.(end): 3 unexpected bytes after the structure, from byte 60");
    }

    /**
     * chord_update at byte 0: predecessors prefix 0 (32) and two ids 1..32, successors prefix 33 (16) and one id
     * 34..49.
     */
    @Test
    void shouldRefusePeerIdVectorsThatAreNotWholeIds()
    {
        final UnsafeBuffer buffer = chordUpdate();
        buffer.putByte(0, (byte)17);

        assertRefused(new ChordUpdateDecoder(error).wrap(buffer, 0, 50), ErrorCode.VECTOR_NOT_MULTIPLE,
            "chord_update", "predecessors", 0,
            "chord_update.predecessors: vector of 17 bytes at byte 0 is not a whole number of 16-byte elements");

        final UnsafeBuffer other = chordUpdate();
        other.putByte(33, (byte)15);

        assertRefused(new ChordUpdateDecoder(error).wrap(other, 0, 50), ErrorCode.VECTOR_NOT_MULTIPLE,
            "chord_update", "successors", 33,
            "chord_update.successors: vector of 15 bytes at byte 33 is not a whole number of 16-byte elements");
    }

    @Test
    void shouldRefusePeerIdVectorRunningPastTheWindow()
    {
        final UnsafeBuffer buffer = chordUpdate();
        buffer.putByte(33, (byte)255);

        assertRefused(new ChordUpdateDecoder(error).wrap(buffer, 0, 50), ErrorCode.VECTOR_OVERRUN,
            "chord_update", "successors", 33,
            "chord_update.successors: 255 bytes declared at byte 33 run past the end of the enclosing structure " +
            "at byte 50");
    }

    /**
     * SipRegistration at byte 0: type 0 (2, route), length 1..2 (24), contact_prefs prefix 3..4 (4) and bytes 5..8,
     * destination_list prefix 9..10 (16) and one id 11..26.
     */
    @Test
    void shouldRefuseSipRegistrationOfUnknownType()
    {
        final UnsafeBuffer buffer = sipRegistration();
        buffer.putByte(0, (byte)3);

        assertRefused(new SipRegistrationDecoder(error).wrap(buffer, 0, 27), ErrorCode.UNKNOWN_CASE,
            "SipRegistrationData", "type", 0, "SipRegistrationData.type: unknown type 3 at byte 0");
    }

    @Test
    void shouldRefuseSipRegistrationWithoutDestinations()
    {
        final UnsafeBuffer buffer = sipRegistration();
        buffer.putShort(9, (short)0, BIG_ENDIAN);

        assertRefused(new SipRegistrationDecoder(error).wrap(buffer, 0, 27), ErrorCode.VECTOR_UNDER_MINIMUM,
            "SipRegistrationData", "destination_list", 9,
            "SipRegistrationData.destination_list: vector of 0 bytes at byte 9 is shorter than its minimum of 3 bytes");
    }

    @Test
    void shouldRefuseSipRegistrationDestinationsThatAreNotWholeIds()
    {
        final UnsafeBuffer buffer = sipRegistration();
        buffer.putShort(9, (short)15, BIG_ENDIAN);

        assertRefused(new SipRegistrationDecoder(error).wrap(buffer, 0, 27), ErrorCode.VECTOR_NOT_MULTIPLE,
            "SipRegistrationData", "destination_list", 9,
            "SipRegistrationData.destination_list: vector of 15 bytes at byte 9 is not a whole number of 16-byte " +
            "elements");
    }

    @Test
    void shouldRefuseSipRegistrationWhoseLengthDisagreesWithItsData()
    {
        final UnsafeBuffer buffer = sipRegistration();
        buffer.putShort(1, (short)25, BIG_ENDIAN);

        assertRefused(new SipRegistrationDecoder(error).wrap(buffer, 0, 28), ErrorCode.LENGTH_MISMATCH,
            "SipRegistration", "length", 1,
            "SipRegistration.length: length 25 at byte 1 disagrees with its contents, which end at 27");

        buffer.putShort(1, (short)23, BIG_ENDIAN);

        assertRefused(new SipRegistrationDecoder(error).wrap(buffer, 0, 28), ErrorCode.VECTOR_OVERRUN,
            "SipRegistrationData", "destination_list", 9,
            "SipRegistrationData.destination_list: 16 bytes declared at byte 9 run past the end of the enclosing " +
            "structure at byte 26");
    }

    /**
     * signature at byte 0: algorithm 0, signature_value prefix 1..2 (3) and bytes 3..5, identity type 6 (1, peer)
     * and id 7..22, whose first two bytes are 0xFDE9 (65001).
     */
    @Test
    void shouldRefuseSignerIdentityOfUnknownType()
    {
        final UnsafeBuffer buffer = signature();
        buffer.putByte(6, (byte)4);

        assertRefused(new SignatureDecoder(error).wrap(buffer, 0, 23), ErrorCode.UNKNOWN_CASE,
            "signer_identity", "type", 6, "signer_identity.type: unknown type 4 at byte 6");
    }

    @Test
    void shouldRefuseSignerNameLongerThanItsBound()
    {
        final UnsafeBuffer buffer = signature();
        buffer.putByte(6, (byte)2);

        // As signer_identity_name, the id's first two bytes become the name's length prefix.
        assertRefused(new SignatureDecoder(error).wrap(buffer, 0, 23), ErrorCode.VECTOR_OVER_BOUND,
            "signer_identity", "signer_name", 7,
            "signer_identity.signer_name: vector of 65001 bytes at byte 7 exceeds its bound of 65000 bytes");
    }

    @Test
    void shouldRefuseTruncatedSignature()
    {
        final UnsafeBuffer buffer = signature();

        assertRefused(new SignatureDecoder(error).wrap(buffer, 0, 20), ErrorCode.TRUNCATED,
            "signer_identity", "id", 7, "signer_identity.id: needs 16 bytes at byte 7 but the window ends at byte 20");
        assertRefused(new SignatureDecoder(error).wrap(buffer, 0, 0), ErrorCode.TRUNCATED,
            "signature", "algorithm", 0, "signature.algorithm: needs 1 bytes at byte 0 but the window ends at byte 0");
    }

    @Test
    void shouldRefuseWindowsOutsideTheBuffer()
    {
        final UnsafeBuffer buffer = signature();
        final SignatureDecoder decoder = new SignatureDecoder(error);

        assertRefused(decoder.wrap(buffer, 5, 3), ErrorCode.BAD_WINDOW, "signature", "(window)", 5,
            "signature.(window): window [5, 3) does not lie inside a buffer of 23 bytes");
        assertRefused(decoder.wrap(buffer, 0, 24), ErrorCode.BAD_WINDOW, "signature", "(window)", 0,
            "signature.(window): window [0, 24) does not lie inside a buffer of 23 bytes");
        assertRefused(decoder.wrap(buffer, -1, 23), ErrorCode.BAD_WINDOW, "signature", "(window)", -1,
            "signature.(window): window [-1, 23) does not lie inside a buffer of 23 bytes");
        assertRefused(decoder.wrapExactly(buffer, 24, 24), ErrorCode.BAD_WINDOW, "signature", "(window)", 24,
            "signature.(window): window [24, 24) does not lie inside a buffer of 23 bytes");

        assertEquals(23, decoder.wrapExactly(buffer, 0, 23), error::message);
    }

    private void assertRefused(
        final int result,
        final ErrorCode code,
        final String structName,
        final String fieldName,
        final int offset,
        final String message)
    {
        assertEquals(DecodeError.FAILED, result, "accepted");
        assertEquals(message, error.message());
        assertEquals(code, error.code());
        assertEquals(structName, error.structName());
        assertEquals(fieldName, error.fieldName());
        assertEquals(offset, error.offset());
        error.reset();
    }

    /** The store_request laid out above, at byte 4 of a buffer with {@code spare} bytes after it. */
    private static UnsafeBuffer storeRequest(final int spare)
    {
        final Ir.Schema s = Schemas.RELOAD;
        final Value storedData = struct(s, "stored_data", integer(21), integer(1000), integer(3600),
            bytes(1, 2, 3, 4, 5), bytes());
        final Value storeTypeData = struct(s, "store_type_data", integer(1), integer(7), list(storedData));
        final Value request = struct(s, "store_request", new Value.IdValue(0x0102L, 0x0304L), list(storeTypeData));
        return place(s, "store_request", request, STORE_REQUEST_BASE, 56, spare);
    }

    private static UnsafeBuffer chordUpdate()
    {
        final Value update = struct(Schemas.RELOAD, "chord_update",
            list(new Value.IdValue(1, 2), new Value.IdValue(3, 4)), list(new Value.IdValue(5, 6)));
        return place(Schemas.RELOAD, "chord_update", update, 0, 50, 0);
    }

    private static UnsafeBuffer sipRegistration()
    {
        final Ir.StructType type = Schemas.struct(Schemas.SIP, "SipRegistration");
        final Ir.SelectType data = (Ir.SelectType)type.fields.get(2).type();
        final Value registration = struct(Schemas.SIP, "SipRegistration", integer(2), integer(24),
            new Value.SelectValue(data, data.cases.get(1), List.of(bytes('p', 'r', 'e', 'f'),
            list(new Value.IdValue(7, 8)))));
        return place(Schemas.SIP, "SipRegistration", registration, 0, 27, 1);
    }

    private static UnsafeBuffer signature()
    {
        final Ir.StructType type = Schemas.struct(Schemas.RELOAD, "signature");
        final Ir.SelectType identity = (Ir.SelectType)type.fields.get(2).type();
        final Value signature = struct(Schemas.RELOAD, "signature", integer(1), bytes(9, 9, 9),
            new Value.SelectValue(identity, identity.cases.get(0),
            List.of(new Value.IdValue(0xFDE9_0000_0000_0000L, 42))));
        return place(Schemas.RELOAD, "signature", signature, 0, 23, 0);
    }

    private static UnsafeBuffer place(
        final Ir.Schema schema, final String name, final Value value, final int base, final int length, final int spare)
    {
        final byte[] bytes = WireOracle.encode(Schemas.struct(schema, name), value).bytes();
        assertEquals(length, bytes.length, name + " layout");
        final byte[] array = new byte[base + bytes.length + spare];
        Arrays.fill(array, (byte)0xEE);
        System.arraycopy(bytes, 0, array, base, bytes.length);
        return new UnsafeBuffer(array);
    }

    private static Value struct(final Ir.Schema schema, final String name, final Value... fields)
    {
        return new Value.StructValue(Schemas.struct(schema, name), List.of(fields));
    }

    private static Value integer(final long value)
    {
        return new Value.IntValue(value);
    }

    private static Value bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return new Value.BytesValue(bytes);
    }

    private static Value list(final Value... elements)
    {
        return new Value.ListValue(new ArrayList<>(List.of(elements)));
    }
}
