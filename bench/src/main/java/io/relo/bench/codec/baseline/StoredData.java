package io.relo.bench.codec.baseline;

import io.relo.codec.KindId;

import java.nio.ByteBuffer;

/**
 * The stored_data of draft §5.2.1.1 as an object: times, the data-value and signature blobs as byte arrays, and
 * what they hold parsed according to the kind.
 */
public final class StoredData
{
    private final long length;
    private final long storageTime;
    private final long lifetime;
    private final byte[] dataValue;
    private final byte[] signatureBlob;
    private final DictionaryEntry dictionaryEntry;
    private final SipRegistration sipRegistration;
    private final Signature signature;

    StoredData(
        final long length,
        final long storageTime,
        final long lifetime,
        final byte[] dataValue,
        final byte[] signatureBlob,
        final DictionaryEntry dictionaryEntry,
        final SipRegistration sipRegistration,
        final Signature signature)
    {
        this.length = length;
        this.storageTime = storageTime;
        this.lifetime = lifetime;
        this.dataValue = dataValue;
        this.signatureBlob = signatureBlob;
        this.dictionaryEntry = dictionaryEntry;
        this.sipRegistration = sipRegistration;
        this.signature = signature;
    }

    /**
     * @param buffer positioned at the stored_data, limited to the end of the enclosing vector.
     * @param kind   of the enclosing store_type_data, which says what the data-value holds.
     * @return the value; the buffer's position is after it.
     * @throws MalformedMessageException if any part is malformed.
     */
    public static StoredData parse(final ByteBuffer buffer, final int kind) throws MalformedMessageException
    {
        final long length = Reads.uint32(buffer, "stored_data.length");
        if (length > buffer.remaining())
        {
            throw new MalformedMessageException(
                "stored_data.length: " + length + " bytes run past the end, only " + buffer.remaining() + " remain");
        }
        final int savedLimit = buffer.limit();
        buffer.limit(buffer.position() + (int)length);
        final long storageTime = Reads.uint32(buffer, "stored_data.storage_time");
        final long lifetime = Reads.uint32(buffer, "stored_data.lifetime");
        final byte[] dataValue = Reads.blob(buffer, "stored_data.data-value");
        final byte[] signatureBlob = Reads.blob(buffer, "stored_data.signature");
        Reads.requireEnd(buffer, "stored_data (its length field disagrees with its contents)");
        buffer.limit(savedLimit);

        DictionaryEntry dictionaryEntry = null;
        SipRegistration sipRegistration = null;
        // RFC 7904 §3.2: SIP-REGISTRATION uses the dictionary model, each value a SipRegistration
        if (KindId.SIP_REGISTRATION == kind)
        {
            final ByteBuffer entryBuffer = ByteBuffer.wrap(dataValue);
            dictionaryEntry = DictionaryEntry.parse(entryBuffer);
            Reads.requireEnd(entryBuffer, "dictionary_entry");

            final ByteBuffer registrationBuffer = ByteBuffer.wrap(dictionaryEntry.value());
            sipRegistration = SipRegistration.parse(registrationBuffer);
            Reads.requireEnd(registrationBuffer, "SipRegistration");
        }

        Signature signature = null;
        if (signatureBlob.length > 0)
        {
            final ByteBuffer signatureBuffer = ByteBuffer.wrap(signatureBlob);
            signature = Signature.parse(signatureBuffer);
            Reads.requireEnd(signatureBuffer, "signature");
        }

        return new StoredData(
            length, storageTime, lifetime, dataValue, signatureBlob, dictionaryEntry, sipRegistration, signature);
    }

    public long length()
    {
        return length;
    }

    public long storageTime()
    {
        return storageTime;
    }

    public long lifetime()
    {
        return lifetime;
    }

    public byte[] dataValue()
    {
        return dataValue;
    }

    public byte[] signatureBlob()
    {
        return signatureBlob;
    }

    /**
     * @return the dictionary entry for a dictionary kind, else null.
     */
    public DictionaryEntry dictionaryEntry()
    {
        return dictionaryEntry;
    }

    /**
     * @return the registration for SIP-REGISTRATION, else null.
     */
    public SipRegistration sipRegistration()
    {
        return sipRegistration;
    }

    /**
     * @return the value's signature, or null when the signature blob is empty.
     */
    public Signature signature()
    {
        return signature;
    }
}
