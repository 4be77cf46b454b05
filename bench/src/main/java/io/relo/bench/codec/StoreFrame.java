package io.relo.bench.codec;

import io.relo.codec.CommonHeader;
import io.relo.codec.DictionaryEntryEncoder;
import io.relo.codec.KindId;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.Routing;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureEncoder;
import io.relo.codec.StoreRequestEncoder;
import io.relo.codec.StoreTypeDataEncoder;
import io.relo.codec.StoredDataEncoder;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.OverlayName;
import io.relo.codec.sip.SipRegistrationDataEncoder;
import io.relo.codec.sip.SipRegistrationEncoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Writes the one STORE request frame the decode benchmarks read: a forwarding header with one route list entry,
 * then message contents whose payload is a store_request holding one SIP-REGISTRATION store_type_data with three
 * signed dictionary entries, each an RFC 7904 SipRegistration of about 100 bytes. There is no message signature.
 */
public final class StoreFrame
{
    /** Overlay the frame is addressed to. */
    public static final String OVERLAY_NAME = "relo.example.org";

    /** Transaction id in the forwarding header. */
    public static final long TRANSACTION_ID = 0x5A17_C0DE_2026_1121L;

    /** TTL in the forwarding header. */
    public static final int TTL = 100;

    /** The single route list entry: the next hop towards the resource. */
    public static final long NEXT_HOP_HI = 0x7F3A_1C55_0BE2_9D01L;
    /** Low half of {@link #NEXT_HOP_HI}. */
    public static final long NEXT_HOP_LO = 0x44C8_91AA_3E06_F217L;

    /** Resource-id of the address of record being registered. */
    public static final long RESOURCE_HI = 0x8E4F_3A10_77D2_C5B9L;
    /** Low half of {@link #RESOURCE_HI}. */
    public static final long RESOURCE_LO = 0x0D61_F2A8_39E7_5C44L;

    /** Generation counter of the store_type_data. */
    public static final long GENERATION = 42;

    /** Storage time of the first value; value i is stored i seconds later. */
    public static final long STORAGE_TIME = 1_795_000_000L;

    /** Lifetime of every value, in seconds. */
    public static final long LIFETIME = 3600;

    /** Number of stored_data values in the frame. */
    public static final int VALUE_COUNT = 3;

    /** Bytes in each value's signature_value, the size of a raw P-256 ECDSA signature (r || s). */
    public static final int SIGNATURE_VALUE_LENGTH = 64;

    /** Buffer capacity that holds the frame with room to spare. */
    public static final int CAPACITY = 2048;

    /** RFC 7904 §3.2: the dictionary key is the Node-ID of the peer that registered; also each value's signer. */
    private static final long[] PEER_IDS =
    {
        0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L,
        0x9AB0_CDE1_F203_1425L, 0x3647_5869_7A8B_9CADL,
        0xB1E5_7A9C_0D3F_6428L, 0x51E2_0C9D_A7F4_B386L,
    };

    /** Destination lists of the route registrations: three hops each, the minimum RFC 7904 allows. */
    private static final long[] DESTINATIONS =
    {
        0x0123_4567_89AB_CDEFL, 0x0FED_CBA9_8765_4321L,
        0x2468_ACE0_1357_9BDFL, 0x1F2E_3D4C_5B6A_7988L,
        0x3C5A_7E91_B0D2_F436L, 0x6A8C_E0F2_1436_5878L,
    };

    private static final byte[] CONTACT_PREFS_0 =
        "audio;video;+sip.instance=\"<urn:uuid:7c5a>\"".getBytes(US_ASCII);

    private static final byte[] URI_1 =
        "sip:bob@192.0.2.44:5060;transport=udp;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6;ob".getBytes(US_ASCII);

    private static final byte[] CONTACT_PREFS_2 =
        "audio;methods=\"INVITE,ACK,BYE,CANCEL,OPTIONS\"".getBytes(US_ASCII);

    private StoreFrame()
    {
    }

    /**
     * Write the frame.
     *
     * @param buffer with at least {@link #CAPACITY} bytes from {@code offset}.
     * @param offset of the frame's first byte.
     * @return bytes in the frame.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset)
    {
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder()
            .wrap(buffer, offset)
            .overlay(OverlayName.hash(OVERLAY_NAME))
            .ttl(TTL)
            .routing(Routing.RECURSIVE)
            .transactionId(TRANSACTION_ID)
            .routeList(new long[]{ NEXT_HOP_HI, NEXT_HOP_LO }, 1);

        final MessageContentsEncoder contents = new MessageContentsEncoder()
            .wrap(buffer, header.contentsOffset())
            .code(CommonHeader.requestWord(MethodCode.STORE))
            .reserved(0);
        final int payloadOffset = contents.payloadBegin();
        final int payloadLength = encodeStoreRequest(buffer, payloadOffset);
        contents.payloadEnd(payloadOffset + payloadLength);

        return header.finish(contents.finish());
    }

    /**
     * @param index of a value, 0 to {@link #VALUE_COUNT} - 1.
     * @return the 16-byte dictionary key of that value: the registering peer's Node-ID.
     */
    public static byte[] key(final int index)
    {
        return idBytes(PEER_IDS[2 * index], PEER_IDS[2 * index + 1]);
    }

    private static int encodeStoreRequest(final MutableDirectBuffer buffer, final int offset)
    {
        final StoreRequestEncoder request = new StoreRequestEncoder().wrap(buffer, offset);
        request.resource(RESOURCE_HI, RESOURCE_LO).storeDataBegin();
        final StoreTypeDataEncoder typeData = request.storeDataNext()
            .type(KindId.SIP_REGISTRATION)
            .generation(GENERATION)
            .valuesBegin();
        for (int i = 0; i < VALUE_COUNT; i++)
        {
            final StoredDataEncoder value = typeData.valuesNext()
                .storageTime(STORAGE_TIME + i)
                .lifetime(LIFETIME);
            final int dataValueOffset = value.dataValueBegin();
            value.dataValueEnd(dataValueOffset + encodeDictionaryEntry(buffer, dataValueOffset, i));
            final int signatureOffset = value.signatureBegin();
            value.signatureEnd(signatureOffset + encodeSignature(buffer, signatureOffset, i));
        }
        typeData.valuesEnd();
        request.storeDataEnd();
        return request.finish();
    }

    private static int encodeDictionaryEntry(final MutableDirectBuffer buffer, final int offset, final int index)
    {
        final DictionaryEntryEncoder entry = new DictionaryEntryEncoder().wrap(buffer, offset).key(key(index));
        final int valueOffset = entry.valueBegin();
        entry.valueEnd(valueOffset + encodeSipRegistration(buffer, valueOffset, index));
        return entry.finish();
    }

    private static int encodeSipRegistration(final MutableDirectBuffer buffer, final int offset, final int index)
    {
        final SipRegistrationEncoder registration = new SipRegistrationEncoder().wrap(buffer, offset);
        if (1 == index)
        {
            registration.type(SipRegistrationType.SIP_REGISTRATION_URI)
                .data()
                .sipRegistrationUri()
                .uri(URI_1);
        }
        else
        {
            final SipRegistrationDataEncoder data = registration
                .type(SipRegistrationType.SIP_REGISTRATION_ROUTE)
                .data()
                .sipRegistrationRoute()
                .contactPrefs(0 == index ? CONTACT_PREFS_0 : CONTACT_PREFS_2)
                .destinationListBegin();
            for (int i = 0; i < DESTINATIONS.length; i += 2)
            {
                // the second route registration lists the same hops in reverse
                final int at = 0 == index ? i : DESTINATIONS.length - 2 - i;
                data.destinationListAdd(DESTINATIONS[at], DESTINATIONS[at + 1]);
            }
            data.destinationListEnd();
        }
        return registration.finish();
    }

    private static int encodeSignature(final MutableDirectBuffer buffer, final int offset, final int index)
    {
        final byte[] signatureValue = new byte[SIGNATURE_VALUE_LENGTH];
        for (int i = 0; i < signatureValue.length; i++)
        {
            signatureValue[i] = (byte)(31 * i + 17 * index + 5);
        }
        final SignatureEncoder signature = new SignatureEncoder()
            .wrap(buffer, offset)
            .algorithm(SignatureAlgorithm.ECDSA_P256_SHA256)
            .signatureValue(signatureValue);
        signature.identity().signerIdentityPeer().id(PEER_IDS[2 * index], PEER_IDS[2 * index + 1]);
        return signature.finish();
    }

    private static byte[] idBytes(final long hi, final long lo)
    {
        final byte[] bytes = new byte[16];
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        view.putLong(0, hi, BIG_ENDIAN);
        view.putLong(8, lo, BIG_ENDIAN);
        return bytes;
    }
}
