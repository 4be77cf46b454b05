package io.relo.bench.codec;

import io.relo.codec.CommonHeader;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.KindId;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MethodCode;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.SignerIdentityDecoder;
import io.relo.codec.SignerIdentityType;
import io.relo.codec.StoreRequestDecoder;
import io.relo.codec.StoreTypeDataDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.header.ForwardingHeaderFlyweight;
import io.relo.codec.header.FrameStatus;
import io.relo.codec.runtime.DecodeError;
import io.relo.codec.runtime.DecoderCursor;
import io.relo.codec.sip.SipRegistrationDataDecoder;
import io.relo.codec.sip.SipRegistrationDecoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.DirectBuffer;

/**
 * Validates a whole STORE request frame with the relo flyweights and hands every field to a {@link FieldSink},
 * without allocating: the header, the message contents, the store_request, and inside each stored value the
 * dictionary entry, its RFC 7904 SipRegistration and the value's signature.
 * <p>
 * Allocate once and call {@link #read(DirectBuffer, int, int, FieldSink)} per frame. It reads the same fields in the
 * same order as {@link io.relo.bench.codec.baseline.StoreMessageFields} does from the baseline's objects.
 */
public final class FlyweightStoreReader
{
    /** The frame is a well-formed STORE request and every field went to the sink. */
    public static final int OK = 0;

    /** The forwarding header is malformed; {@link #frameStatus()} says how. */
    public static final int BAD_FRAME = 1;

    /** The message contents are well formed but are not a STORE request. */
    public static final int NOT_A_STORE_REQUEST = 2;

    /** The message contents, the store_request or a stored value is malformed; {@link #error()} says how. */
    public static final int MALFORMED = 3;

    // draft §4.2.1: a request has R/r clear and the method in the code bits.
    private static final int STORE_REQUEST_WORD = CommonHeader.requestWord(MethodCode.STORE);

    private final ForwardingHeaderFlyweight header = new ForwardingHeaderFlyweight();
    private final DecodeError error = new DecodeError();
    private final MessageContentsDecoder contents = new MessageContentsDecoder(error);
    private final SignatureDecoder messageSignature = new SignatureDecoder(error);
    private final StoreRequestDecoder storeRequest = new StoreRequestDecoder(error);
    private final DictionaryEntryDecoder dictionaryEntry = new DictionaryEntryDecoder(error);
    private final SipRegistrationDecoder sipRegistration = new SipRegistrationDecoder(error);
    private final SignatureDecoder valueSignature = new SignatureDecoder(error);
    private int frameStatus;

    /**
     * Validate the frame and pass its fields to {@code sink}; on failure the sink may have seen some fields.
     *
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length bytes in the datagram.
     * @param sink   receiving every field.
     * @return {@link #OK}, {@link #BAD_FRAME}, {@link #NOT_A_STORE_REQUEST} or {@link #MALFORMED}.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length, final FieldSink sink)
    {
        final ForwardingHeaderFlyweight header = this.header;
        frameStatus = header.wrap(buffer, offset, length).validate();
        if (FrameStatus.OK != frameStatus)
        {
            return BAD_FRAME;
        }
        readHeader(header, sink);

        final int frameEnd = offset + length;
        final int contentsOffset = header.contentsOffset();
        final MessageContentsDecoder contents = this.contents;
        final int contentsLength = contents.wrap(buffer, contentsOffset, frameEnd);
        if (contentsLength < 0)
        {
            return MALFORMED;
        }
        if (STORE_REQUEST_WORD != contents.code())
        {
            return NOT_A_STORE_REQUEST;
        }
        final int payloadOffset = contents.payloadOffset();
        final int payloadLength = contents.payloadLength();
        sink.value(contents.code());
        sink.value(contents.reserved());
        sink.bytes(buffer, payloadOffset, payloadLength);

        // wire choice: a message signature follows the contents iff bytes remain before Length
        final int signatureOffset = contentsOffset + contentsLength;
        final boolean isSigned = signatureOffset < frameEnd;
        if (isSigned && messageSignature.wrapExactly(buffer, signatureOffset, frameEnd) < 0)
        {
            return MALFORMED;
        }

        final StoreRequestDecoder storeRequest = this.storeRequest;
        if (storeRequest.wrapExactly(buffer, payloadOffset, payloadOffset + payloadLength) < 0)
        {
            return MALFORMED;
        }
        sink.id(storeRequest.resourceHi(), storeRequest.resourceLo());
        sink.value(storeRequest.storeDataCount());
        final DecoderCursor<StoreTypeDataDecoder> storeData = storeRequest.storeData();
        while (storeData.hasNext())
        {
            final StoreTypeDataDecoder typeData = storeData.next();
            final int kind = typeData.type();
            sink.value(kind);
            sink.value(typeData.generation());
            sink.value(typeData.valuesCount());
            final DecoderCursor<StoredDataDecoder> values = typeData.values();
            while (values.hasNext())
            {
                if (!readStoredData(buffer, kind, values.next(), sink))
                {
                    return MALFORMED;
                }
            }
        }

        sink.value(isSigned ? 1 : 0);
        if (isSigned)
        {
            readSignature(messageSignature, sink);
        }
        return OK;
    }

    /**
     * Validate the whole frame exactly as {@link #read} does, every nested structure included (each stored value's
     * dictionary entry, SipRegistration and signature), but hand the sink only the store's kind, its number of values
     * and each value's storage time: the cost of validation with almost no reading.
     *
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length bytes in the datagram.
     * @param sink   receiving the few fields read.
     * @return {@link #OK}, {@link #BAD_FRAME}, {@link #NOT_A_STORE_REQUEST} or {@link #MALFORMED}.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length, final FieldSink sink)
    {
        final ForwardingHeaderFlyweight header = this.header;
        frameStatus = header.wrap(buffer, offset, length).validate();
        if (FrameStatus.OK != frameStatus)
        {
            return BAD_FRAME;
        }
        final int frameEnd = offset + length;
        final int contentsOffset = header.contentsOffset();
        final MessageContentsDecoder contents = this.contents;
        final int contentsLength = contents.wrap(buffer, contentsOffset, frameEnd);
        if (contentsLength < 0)
        {
            return MALFORMED;
        }
        if (STORE_REQUEST_WORD != contents.code())
        {
            return NOT_A_STORE_REQUEST;
        }
        final int signatureOffset = contentsOffset + contentsLength;
        if (signatureOffset < frameEnd && messageSignature.wrapExactly(buffer, signatureOffset, frameEnd) < 0)
        {
            return MALFORMED;
        }
        final int payloadOffset = contents.payloadOffset();
        final StoreRequestDecoder storeRequest = this.storeRequest;
        if (storeRequest.wrapExactly(buffer, payloadOffset, payloadOffset + contents.payloadLength()) < 0)
        {
            return MALFORMED;
        }
        final DecoderCursor<StoreTypeDataDecoder> storeData = storeRequest.storeData();
        while (storeData.hasNext())
        {
            final StoreTypeDataDecoder typeData = storeData.next();
            final int kind = typeData.type();
            sink.value(kind);
            sink.value(typeData.valuesCount());
            final DecoderCursor<StoredDataDecoder> values = typeData.values();
            while (values.hasNext())
            {
                final StoredDataDecoder data = values.next();
                sink.value(data.storageTime());
                if (!validateStoredData(buffer, kind, data))
                {
                    return MALFORMED;
                }
            }
        }
        return OK;
    }

    private boolean validateStoredData(final DirectBuffer buffer, final int kind, final StoredDataDecoder data)
    {
        // RFC 7904 §3.2: SIP-REGISTRATION uses the dictionary model, each value a SipRegistration
        if (KindId.SIP_REGISTRATION == kind)
        {
            final int dataValueOffset = data.dataValueOffset();
            final DictionaryEntryDecoder entry = dictionaryEntry;
            if (entry.wrapExactly(buffer, dataValueOffset, dataValueOffset + data.dataValueLength()) < 0)
            {
                return false;
            }
            final int valueOffset = entry.valueOffset();
            if (sipRegistration.wrapExactly(buffer, valueOffset, valueOffset + entry.valueLength()) < 0)
            {
                return false;
            }
        }
        final int signatureOffset = data.signatureOffset();
        final int signatureLength = data.signatureLength();
        return signatureLength == 0 ||
            valueSignature.wrapExactly(buffer, signatureOffset, signatureOffset + signatureLength) >= 0;
    }

    /**
     * @return the forwarding header status of the last {@link #read} that returned {@link #BAD_FRAME}.
     */
    public int frameStatus()
    {
        return frameStatus;
    }

    /**
     * @return what was wrong with the last frame {@link #read} found {@link #MALFORMED}.
     */
    public DecodeError error()
    {
        return error;
    }

    /**
     * @return the header flyweight, wrapped over the last frame read.
     */
    public ForwardingHeaderFlyweight header()
    {
        return header;
    }

    private static void readHeader(final ForwardingHeaderFlyweight header, final FieldSink sink)
    {
        sink.value(header.overlay());
        sink.value(header.ttl());
        sink.value(header.routing());
        sink.value(header.isFragment() ? 1 : 0);
        sink.value(header.isLastFragment() ? 1 : 0);
        sink.value(header.fragmentOffset());
        sink.value(header.isExperimental() ? 1 : 0);
        sink.value(header.version());
        sink.value(header.length());
        sink.value(header.transactionId());

        final int routeCount = header.routeListCount();
        sink.value(routeCount);
        for (int i = 0; i < routeCount; i++)
        {
            sink.id(header.routeIdHi(i), header.routeIdLo(i));
        }
        final int viaCount = header.viaListCount();
        sink.value(viaCount);
        for (int i = 0; i < viaCount; i++)
        {
            sink.id(header.viaIdHi(i), header.viaIdLo(i));
        }
        sink.value(header.flags());
        if (header.routeLogFlag())
        {
            // the entries, after the route log's 2-byte length
            sink.bytes(header.buffer(), header.routeLogOffset() + 2, header.routeLogLength() - 2);
        }
    }

    private boolean readStoredData(
        final DirectBuffer buffer, final int kind, final StoredDataDecoder data, final FieldSink sink)
    {
        sink.value(data.length());
        sink.value(data.storageTime());
        sink.value(data.lifetime());
        final int dataValueOffset = data.dataValueOffset();
        final int dataValueLength = data.dataValueLength();
        sink.bytes(buffer, dataValueOffset, dataValueLength);

        // RFC 7904 §3.2: SIP-REGISTRATION uses the dictionary model, each value a SipRegistration
        if (KindId.SIP_REGISTRATION == kind)
        {
            final DictionaryEntryDecoder entry = dictionaryEntry;
            if (entry.wrapExactly(buffer, dataValueOffset, dataValueOffset + dataValueLength) < 0)
            {
                return false;
            }
            final int valueOffset = entry.valueOffset();
            final int valueLength = entry.valueLength();
            sink.bytes(buffer, entry.keyOffset(), entry.keyLength());
            sink.bytes(buffer, valueOffset, valueLength);

            final SipRegistrationDecoder registration = sipRegistration;
            if (registration.wrapExactly(buffer, valueOffset, valueOffset + valueLength) < 0)
            {
                return false;
            }
            readSipRegistration(buffer, registration, sink);
        }

        final int signatureOffset = data.signatureOffset();
        final int signatureLength = data.signatureLength();
        sink.bytes(buffer, signatureOffset, signatureLength);
        if (signatureLength > 0)
        {
            if (valueSignature.wrapExactly(buffer, signatureOffset, signatureOffset + signatureLength) < 0)
            {
                return false;
            }
            readSignature(valueSignature, sink);
        }
        return true;
    }

    private static void readSipRegistration(
        final DirectBuffer buffer, final SipRegistrationDecoder registration, final FieldSink sink)
    {
        sink.value(registration.type());
        sink.value(registration.length());
        final SipRegistrationDataDecoder data = registration.data();
        if (SipRegistrationType.SIP_REGISTRATION_URI == data.type())
        {
            sink.bytes(buffer, data.uriOffset(), data.uriLength());
        }
        else
        {
            // the decoder accepted the type, so it is the other case
            sink.bytes(buffer, data.contactPrefsOffset(), data.contactPrefsLength());
            final int count = data.destinationListCount();
            sink.value(count);
            for (int i = 0; i < count; i++)
            {
                sink.id(data.destinationListHi(i), data.destinationListLo(i));
            }
        }
    }

    private static void readSignature(final SignatureDecoder signature, final FieldSink sink)
    {
        final DirectBuffer buffer = signature.buffer();
        sink.value(signature.algorithm());
        sink.bytes(buffer, signature.signatureValueOffset(), signature.signatureValueLength());
        final SignerIdentityDecoder identity = signature.identity();
        final int type = identity.type();
        sink.value(type);
        switch (type)
        {
            case SignerIdentityType.SIGNER_IDENTITY_PEER:
                sink.id(identity.idHi(), identity.idLo());
                break;

            case SignerIdentityType.SIGNER_IDENTITY_NAME:
                sink.bytes(buffer, identity.signerNameOffset(), identity.signerNameLength());
                break;

            default:
                // the decoder accepted the type, so it is the certificate case
                sink.bytes(buffer, identity.certificateOffset(), identity.certificateLength());
                break;
        }
    }
}
