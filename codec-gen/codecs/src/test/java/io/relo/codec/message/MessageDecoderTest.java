package io.relo.codec.message;

import io.relo.codec.ArrayEntryEncoder;
import io.relo.codec.CommonHeader;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureEncoder;
import io.relo.codec.SignerIdentityType;
import io.relo.codec.SingleValueEntryEncoder;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreRequestEncoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoreTypeDataEncoder;
import io.relo.codec.StoreTypeResponseEncoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.StoredDataEncoder;
import io.relo.codec.TurnServerEncoder;
import io.relo.codec.header.ForwardingHeaderDescriptor;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.header.OverlayName;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.codec.runtime.Wire;
import io.relo.codec.sip.SipRegistrationDecoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageDecoderTest
{
    // ping_request: ping_info<255> holding RESPONSIBLE-SET (1) and NUM-RESOURCES (2)
    private static final byte[] PING_BOTH_INFOS = {2, 1, 2};

    private final MessageDecoder decoder = new MessageDecoder();

    static List<ExampleFrames.Example> examples()
    {
        return ExampleFrames.all();
    }

    private int wrap(final byte[] frame)
    {
        return decoder.wrap(new UnsafeBuffer(frame), 0, frame.length);
    }

    private String print()
    {
        return decoder.appendTo(new StringBuilder()).toString();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldDecodeAndPrintEveryExampleFrame(final ExampleFrames.Example example)
    {
        assertEquals(MessageDecoder.OK, wrap(example.frame()), decoder::describeError);
        assertEquals(FrameStatus.OK, decoder.headerStatus());
        assertEquals(example.frame().length, decoder.header().length());
        assertEquals(OverlayName.hash(ExampleFrames.OVERLAY_NAME), decoder.header().overlay());

        final String text = print();
        final String direction = decoder.isResponse() ?
            "  response: " + decoder.code() + " " + ResponseCode.reasonPhrase(decoder.code()) + " to " +
            MethodCode.name(decoder.method()) :
            "  request: " + MethodCode.name(decoder.method()) + " (method " + decoder.method() + ")";
        assertTrue(text.startsWith("forwarding header: "), text);
        assertTrue(text.contains("\n" + direction), text);
        assertTrue(text.contains("  length: " + example.frame().length + "\n"), text);
        assertFalse(text.contains("not decoded"), text);
    }

    @Test
    void shouldPrintEveryHeaderFieldOfAPingRequest()
    {
        assertEquals(MessageDecoder.OK, wrap(ExampleFrames.pingRequest()));

        final String text = print();
        final String overlay = String.format("%08x", OverlayName.hash(ExampleFrames.OVERLAY_NAME));
        assertTrue(text.contains("  overlay: 0x" + overlay + "\n"), text);
        assertTrue(text.contains("  ttl: " + (ExampleFrames.INITIAL_TTL - 2) + "\n"), text);
        assertTrue(text.contains("  routing: 1 (RECURSIVE)\n"), text);
        assertTrue(text.contains("  fragment: FRAG=0 LFRG=0 offset=0\n"), text);
        assertTrue(text.contains("  version: 1 EXP=0\n"), text);
        assertTrue(text.contains("  transaction id: 0x5f3a9c01e2b7d468\n"), text);
        assertTrue(text.contains("  route list: 1 id\n    [0] c84f2a6d19e07b532e6b0f94a51c8d70\n"), text);
        assertTrue(text.contains("  via list: 2 ids\n    [0] 3f1c9a7e52d04b869e2a61f0c47d3b15\n" +
            "    [1] 5b9e0d3a7c26f184d3047a95e1b86c2f\n"), text);
        assertTrue(text.contains("  flags: 0x0000\n"), text);
        assertTrue(text.contains("      ping_info: [1, 2]\n"), text);
        assertTrue(text.endsWith("signature: none\n"), text);
    }

    @Test
    void shouldDecodeStoreOfThreeSipRegistrationsWithItsSignature()
    {
        final byte[] frame = ExampleFrames.storeRequest();
        assertEquals(MessageDecoder.OK, wrap(frame), decoder::describeError);
        assertFalse(decoder.isResponse());
        assertEquals(MethodCode.STORE, decoder.method());
        assertTrue(decoder.hasSignature());
        assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256, decoder.signature().algorithm());
        assertEquals(SignerIdentityType.SIGNER_IDENTITY_PEER, decoder.signature().identity().type());
        assertEquals(frame.length, decoder.signature().offset() + decoder.signature().encodedLength());

        // walk the payload with the generated decoders to check what the printer should show
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final StoreRequestDecoder store = new StoreRequestDecoder();
        assertEquals(decoder.payloadLength(),
            store.wrapExactly(buffer, decoder.payloadOffset(), decoder.payloadOffset() + decoder.payloadLength()));
        final StoreTypeDataDecoder typeData = store.storeData().next();
        assertEquals(KindId.SIP_REGISTRATION, typeData.type());
        assertEquals(3, typeData.valuesCount());
        final DecoderCursor<StoredDataDecoder> values = typeData.values();
        final DictionaryEntryDecoder entry = new DictionaryEntryDecoder();
        final SipRegistrationDecoder registration = new SipRegistrationDecoder();
        int uris = 0;
        int routes = 0;
        while (values.hasNext())
        {
            final StoredDataDecoder value = values.next();
            entry.wrapExactly(buffer, value.dataValueOffset(), value.dataValueOffset() + value.dataValueLength());
            assertEquals(16, entry.keyLength());
            final int valueEnd = entry.valueOffset() + entry.valueLength();
            assertTrue(registration.wrapExactly(buffer, entry.valueOffset(), valueEnd) > 0,
                registration.error()::message);
            if (registration.type() == SipRegistrationType.SIP_REGISTRATION_URI)
            {
                uris++;
            }
            else
            {
                routes++;
            }
        }
        assertEquals(1, uris);
        assertEquals(2, routes);

        final String text = print();
        assertTrue(text.contains("  payload: " + decoder.payloadLength() + " bytes, store_request\n"), text);
        assertTrue(text.contains("type: 1 (SIP-REGISTRATION)\n"), text);
        assertTrue(text.contains("values: 3 of stored_data"), text);
        assertEquals(3, count(text, "data-value: dictionary_entry\n"));
        assertEquals(3, count(text, "value: SipRegistration\n"));
        assertTrue(text.contains("uri as text: \"sip:sam@dht.example.org\"\n"), text);
        assertTrue(text.contains("contact_prefs as text: \"+sip.schemes=\\\"SIPS\\\";+sip.audio;+sip.video\"\n"), text);
        assertEquals(2, count(text, "signature: (empty)\n"), text);
        assertEquals(1, count(text, "signature: signature, "), text);
        assertTrue(text.contains("signature: " + decoder.signature().encodedLength() + " bytes\n" +
            "  algorithm: 3 (ECDSA-P256-SHA256)\n"), text);
    }

    @Test
    void shouldDecodeFetchResponseValuesPackedEndToEnd()
    {
        assertEquals(MessageDecoder.OK, wrap(ExampleFrames.fetchResponse()), decoder::describeError);
        assertTrue(decoder.isResponse());
        assertEquals(ResponseCode.OK, decoder.code());
        assertEquals(MethodCode.FETCH, decoder.method());
        assertEquals(1, decoder.payload().elementCount());

        final String text = print();
        assertTrue(text.contains("  response: 200 OK to FETCH (method 5 echoed in the reserved field)\n"), text);
        assertTrue(text.contains("stored_data: 3 of stored_data packed end to end"), text);
        assertEquals(3, count(text, "value: SipRegistration\n"));
    }

    @Test
    void shouldCountElementsOfPackedStoreAndFindResponses()
    {
        assertEquals(MessageDecoder.OK, wrap(ExampleFrames.findResponse()), decoder::describeError);
        assertEquals(2, decoder.payload().elementCount());
        assertTrue(print().contains("[1] find_type_data\n        type: 2 (TURN-SERVICE)\n"));

        final byte[] twoResponses = TestFrames.frame(
            CommonHeader.responseWord(ResponseCode.OK), MethodCode.REMOVE, (buffer, offset) ->
            {
                final int first = new StoreTypeResponseEncoder().wrap(buffer, offset).type(1).generation(9).finish();
                return first + new StoreTypeResponseEncoder().wrap(buffer, offset + first).type(2).generation(3)
                    .finish();
            }, new byte[0]);
        assertEquals(MessageDecoder.OK, wrap(twoResponses), decoder::describeError);
        assertEquals(2, decoder.payload().elementCount());
        assertTrue(print().contains("payload: 22 bytes, store_type_response packed end to end\n"));
    }

    @Test
    void shouldPrintTheRouteLogWhenTheFlagIsSet()
    {
        assertEquals(MessageDecoder.OK, wrap(ExampleFrames.routeLogRequest()), decoder::describeError);
        assertTrue(decoder.hasRouteLog());
        assertEquals(2, decoder.routeLog().entriesCount());

        final String text = print();
        assertTrue(text.contains("  flags: 0x0001 (ROUTE-LOG)\n"), text);
        assertTrue(text.contains("route log: 2 entries, " + decoder.routeLog().entriesLength() + " bytes\n"), text);
        assertEquals(2, count(text, "version: \"relo/0.1\"\n"));
    }

    @Test
    void shouldDecodeErrorResponseWhateverTheMethod()
    {
        assertEquals(MessageDecoder.OK, wrap(ExampleFrames.notFoundResponse()), decoder::describeError);
        assertEquals(ResponseCode.NOT_FOUND, decoder.code());
        assertEquals(MethodCode.FETCH, decoder.method());

        final String text = print();
        assertTrue(text.contains("  response: 404 Not Found to FETCH"), text);
        assertTrue(text.contains("      reason_phrase: \"Not Found\"\n"), text);
    }

    @Test
    void shouldDecodeTurnAndCertificateValuesByTheirDataModels()
    {
        final byte[] frame = TestFrames.frame(CommonHeader.requestWord(MethodCode.STORE), 0, (buffer, offset) ->
        {
            final StoreRequestEncoder store = new StoreRequestEncoder().wrap(buffer, offset)
                .resource(1, 2)
                .storeDataBegin();
            final StoreTypeDataEncoder turn = store.storeDataNext().type(KindId.TURN_SERVICE).generation(1)
                .valuesBegin();
            final StoredDataEncoder turnValue = turn.valuesNext().storageTime(10).lifetime(60);
            final int turnStart = turnValue.dataValueBegin();
            final SingleValueEntryEncoder single = new SingleValueEntryEncoder().wrap(buffer, turnStart);
            final int serverStart = single.valueBegin();
            final TurnServerEncoder server = new TurnServerEncoder().wrap(buffer, serverStart).iteration(3);
            server.address().ip4AddressType().v4().addr(0xC0000201L).port(3478);
            final int serverLength = server.finish();
            turnValue.dataValueEnd(turnStart + single.valueEnd(serverStart + serverLength).finish())
                .signature(new byte[0]);
            turn.valuesEnd();

            final StoreTypeDataEncoder certificates = store.storeDataNext().type(KindId.CERTIFICATE).generation(1)
                .valuesBegin();
            final StoredDataEncoder certificate = certificates.valuesNext().storageTime(10).lifetime(60);
            final int certificateStart = certificate.dataValueBegin();
            final int certificateLength = new ArrayEntryEncoder().wrap(buffer, certificateStart)
                .index(-1)
                .value(new byte[]{0x30, (byte)0x82, 0x01, 0x0a})
                .finish();
            certificate.dataValueEnd(certificateStart + certificateLength).signature(new byte[0]);
            certificates.valuesEnd();

            // a SIP-REGISTRATION value that is not a dictionary_entry still lets the frame decode
            final StoreTypeDataEncoder broken = store.storeDataNext().type(KindId.SIP_REGISTRATION).generation(1)
                .valuesBegin();
            broken.valuesNext().storageTime(10).lifetime(60).dataValue(new byte[]{0, 9, 1}).signature(new byte[0]);
            broken.valuesEnd();
            return store.storeDataEnd().finish();
        }, new byte[0]);

        assertEquals(MessageDecoder.OK, wrap(frame), decoder::describeError);
        final String text = print();
        assertTrue(text.contains("data-value: single_value_entry\n"), text);
        assertTrue(text.contains("value: turn_server\n"), text);
        assertTrue(text.contains("iteration: 3\n"), text);
        assertTrue(text.contains("port: 3478\n"), text);
        assertTrue(text.contains("data-value: array_entry\n"), text);
        assertTrue(text.contains("index: -1\n"), text);
        assertTrue(text.contains("value: 3082010a (4 bytes)\n"), text);
        assertTrue(text.contains("data-value: 000901 (3 bytes) (not a dictionary_entry: dictionary_entry.key: 9 " +
            "bytes declared at byte "), text);
    }

    @Test
    void shouldRejectDatagramShorterThanItsLengthField()
    {
        final byte[] frame = ExampleFrames.storeRequest();

        assertEquals(MessageDecoder.BAD_HEADER, wrap(Arrays.copyOf(frame, 100)));
        assertEquals(FrameStatus.BAD_LENGTH, decoder.headerStatus());
        assertEquals("Length field says " + frame.length + " bytes but the datagram has 100", decoder.describeError());
    }

    @Test
    void shouldRejectRouteListRunningPastTheDatagram()
    {
        final byte[] frame = Arrays.copyOf(ExampleFrames.pingRequest(), 120);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        buffer.putByte(ForwardingHeaderDescriptor.ROUTE_LIST_LENGTH_OFFSET, (byte)40);
        Wire.putUint24(buffer, ForwardingHeaderDescriptor.LENGTH_OFFSET, 120);

        assertEquals(MessageDecoder.BAD_HEADER, wrap(frame));
        assertEquals("route list (40 ids) runs past the end of the datagram at byte 668 > 120",
            decoder.describeError());
    }

    @Test
    void shouldNameTheFieldWhenAStoreRequestVectorRunsPastThePayload()
    {
        final byte[] payload = new byte[40];
        final UnsafeBuffer bytes = new UnsafeBuffer(payload);
        bytes.putShort(16, (short)70, BIG_ENDIAN); // store_data claims 70 bytes; 22 follow

        assertEquals(MessageDecoder.BAD_PAYLOAD, wrap(TestFrames.frame(
            CommonHeader.requestWord(MethodCode.STORE), 0, payload)));
        final int payloadOffset = TestFrames.payloadOffset();
        assertEquals("payload of STORE request: store_request.store_data: 70 bytes declared at byte " +
            (payloadOffset + 16) + " run past the end of the enclosing structure at byte " + (payloadOffset + 40),
            decoder.describeError());
    }

    @Test
    void shouldRejectAShortLastElementOfAPackedResponse()
    {
        final byte[] frame = TestFrames.frame(
            CommonHeader.responseWord(ResponseCode.OK), MethodCode.STORE, (buffer, offset) ->
            {
                final int first = new StoreTypeResponseEncoder().wrap(buffer, offset).type(1).generation(9).finish();
                buffer.setMemory(offset + first, 5, (byte)0); // a type-id and 2 of the 8 generation bytes
                return first + 5;
            }, new byte[0]);
        final int payloadOffset = TestFrames.payloadOffset();

        assertEquals(MessageDecoder.BAD_PAYLOAD, wrap(frame));
        assertEquals("payload of STORE response: store_type_response.generation: needs 8 bytes at byte " +
            (payloadOffset + 11 + 3) + " but the window ends at byte " + (payloadOffset + 16),
            decoder.describeError());
    }

    @Test
    void shouldRejectPayloadLengthRunningPastTheFrame()
    {
        final byte[] frame = TestFrames.frame(CommonHeader.requestWord(MethodCode.PING), 0, PING_BOTH_INFOS);
        final int lengthAt = TestFrames.payloadOffset() - 4;
        new UnsafeBuffer(frame).putInt(lengthAt, 10, BIG_ENDIAN);

        assertEquals(MessageDecoder.BAD_CONTENTS, wrap(frame));
        assertEquals("message contents: message_contents.payload: 10 bytes declared at byte " + lengthAt +
            " run past the end of the enclosing structure at byte " + frame.length, decoder.describeError());
    }

    @Test
    void shouldDecodeASignatureThatFillsTheRestOfTheFrame()
    {
        final byte[] signature = signatureByName("alice@dht.example.org");

        assertEquals(MessageDecoder.OK, wrap(TestFrames.frame(
            CommonHeader.requestWord(MethodCode.PING), 0, PING_BOTH_INFOS, signature)), decoder::describeError);
        assertTrue(decoder.hasSignature());
        assertEquals(SignatureAlgorithm.RSA_SHA256, decoder.signature().algorithm());
        assertEquals("alice@dht.example.org", decoder.signature().identity().signerName());
        assertTrue(print().contains("signature: " + signature.length + " bytes\n  algorithm: 2 (RSA-SHA256)\n"));
    }

    @Test
    void shouldRejectBytesAfterTheContentsThatAreNotExactlyOneSignature()
    {
        final byte[] signature = signatureByName("alice@dht.example.org");
        final byte[] frame = TestFrames.frame(CommonHeader.requestWord(MethodCode.PING), 0, PING_BOTH_INFOS,
            Arrays.copyOf(signature, signature.length + 2));

        assertEquals(MessageDecoder.BAD_SIGNATURE, wrap(frame));
        assertEquals("signature after the message contents: signature.(end): 2 unexpected bytes after the " +
            "structure, from byte " + (frame.length - 2), decoder.describeError());

        final byte[] tooShort = TestFrames.frame(CommonHeader.requestWord(MethodCode.PING), 0, PING_BOTH_INFOS,
            new byte[]{SignatureAlgorithm.RSA_SHA256});
        assertEquals(MessageDecoder.BAD_SIGNATURE, wrap(tooShort));
        assertEquals("signature after the message contents: signature.signature_value: needs 2 bytes at byte " +
            tooShort.length + " but the window ends at byte " + tooShort.length, decoder.describeError());
    }

    private static byte[] signatureByName(final String signer)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final SignatureEncoder signature = new SignatureEncoder().wrap(buffer, 0)
            .algorithm(SignatureAlgorithm.RSA_SHA256)
            .signatureValue(new byte[]{1, 2, 3, 4});
        signature.identity().signerIdentityName().signerName(signer);
        return Arrays.copyOf(buffer.byteArray(), signature.finish());
    }

    @Test
    void shouldRejectAMethodReloDoesNotKnow()
    {
        assertEquals(MessageDecoder.BAD_PAYLOAD, wrap(TestFrames.frame(77, 0, new byte[0])));
        assertEquals("message contents: method 77 is not one relo knows (1 PING to 10 UPDATE), so its payload " +
            "cannot be decoded", decoder.describeError());

        assertEquals(MessageDecoder.BAD_PAYLOAD,
            wrap(TestFrames.frame(CommonHeader.responseWord(ResponseCode.OK), 0, new byte[0])));
        assertTrue(decoder.describeError().startsWith(
            "message contents: the reserved field of a 200 response names method 0, which is not one relo knows"),
            decoder.describeError());
    }

    @Test
    void shouldRejectAPayloadInAResponseThatCarriesNone()
    {
        assertEquals(MessageDecoder.BAD_PAYLOAD,
            wrap(TestFrames.frame(CommonHeader.responseWord(ResponseCode.OK), MethodCode.JOIN, new byte[3])));
        assertEquals("payload of JOIN response: JOIN responses carry no payload, but this one has 3 bytes at " +
            "byte " + TestFrames.payloadOffset(), decoder.describeError());

        assertEquals(MessageDecoder.OK,
            wrap(TestFrames.frame(CommonHeader.responseWord(ResponseCode.OK), MethodCode.JOIN, new byte[0])));
        assertTrue(print().contains("  payload: 0 bytes, nothing\n    (empty)\n"));
    }

    @Test
    void shouldRejectAMalformedRouteLog()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .routeList(new long[]{1, 2}, 1)
            .routeLog(new UnsafeBuffer(new byte[]{0, 3, 'r', 'e'}), 0, 4); // version says 3 bytes, has 2
        final int length = header.finish(0);
        final int routeLogAt = ForwardingHeaderDescriptor.HEADER_LENGTH + 16;

        assertEquals(MessageDecoder.BAD_ROUTE_LOG, decoder.wrap(buffer, 0, length));
        assertEquals("route log: route_log_entry.version: 3 bytes declared at byte " + (routeLogAt + 2) +
            " run past the end of the enclosing structure at byte " + (routeLogAt + 6), decoder.describeError());
    }

    @Test
    void shouldStopAtTheHeaderOfAFragment()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .fragment(true, false, 2)
            .routeList(new long[]{1, 2}, 1);
        buffer.setMemory(header.contentsOffset(), 20, (byte)0xEE); // a middle piece: not decodable alone
        final int length = header.finish(20);

        assertEquals(MessageDecoder.FRAGMENT, decoder.wrap(buffer, 0, length));
        final String text = print();
        assertTrue(text.contains("  fragment: FRAG=1 LFRG=0 offset=2 (16 bytes)\n"), text);
        assertTrue(text.contains("message contents: a fragment of 20 bytes for reassembled byte offset 16; " +
            "reassemble the message to decode it"), text);
    }

    @Test
    void shouldNotAllocateWhileWrapping()
    {
        final byte[] frame = ExampleFrames.storeRequest();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++)
        {
            decoder.wrap(buffer, 0, frame.length);
        }

        final int iterations = 50_000;
        int sink = 0;
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < iterations; i++)
        {
            sink += decoder.wrap(buffer, 0, frame.length);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(MessageDecoder.OK, sink);
        // one object per wrap would be at least 16 bytes * iterations; allow the measuring call's own garbage
        assertTrue(allocated < 4096, "wrap allocated " + allocated + " bytes over " + iterations + " frames");
    }

    private static int count(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }
}
