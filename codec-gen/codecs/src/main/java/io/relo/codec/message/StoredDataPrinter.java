package io.relo.codec.message;

import io.relo.codec.ArrayEntryDecoder;
import io.relo.codec.DataModel;
import io.relo.codec.DictionaryEntryDecoder;
import io.relo.codec.KindId;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.SingleValueEntryDecoder;
import io.relo.codec.StoredDataDecoder;
import io.relo.codec.TurnServerDecoder;
import io.relo.codec.runtime.Printing;
import io.relo.codec.sip.SipRegistrationDataDecoder;
import io.relo.codec.sip.SipRegistrationDecoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.DirectBuffer;

/**
 * Prints a {@code stored_data} with its data value decoded by the data model of its kind and its signature blob
 * decoded as a {@code signature}; for tools and logs, so it allocates.
 * <p>
 * A value that does not decode is printed as hex with the reason, never rejected: whether a stored value is acceptable
 * is the storing peer's policy, not the codec's.
 */
final class StoredDataPrinter
{
    private final DictionaryEntryDecoder dictionaryEntry = new DictionaryEntryDecoder();
    private final SingleValueEntryDecoder singleValueEntry = new SingleValueEntryDecoder();
    private final ArrayEntryDecoder arrayEntry = new ArrayEntryDecoder();
    private final SipRegistrationDecoder sipRegistration = new SipRegistrationDecoder();
    private final TurnServerDecoder turnServer = new TurnServerDecoder();
    private final SignatureDecoder signature = new SignatureDecoder();

    /**
     * The data model of a kind, which says what a stored data value holds.
     *
     * @param kind a type-id.
     * @return a {@link DataModel} value, or 0 for a kind relo does not define.
     */
    static int dataModel(final int kind)
    {
        switch (kind)
        {
            case KindId.SIP_REGISTRATION: // RFC 7904 §7: "The data model ... is a dictionary"
                return DataModel.DICTIONARY_MODEL;
            case KindId.TURN_SERVICE: // draft §9.3: one turn_server per peer
                return DataModel.SINGLE_VALUE_MODEL;
            case KindId.CERTIFICATE: // draft §3.7.2: a peer may store several certificates
                return DataModel.ARRAY_MODEL;
            default:
                return 0;
        }
    }

    /**
     * Print one validated {@code stored_data}.
     *
     * @param sb     to append to; the caller has written the line's prefix.
     * @param indent before each field line.
     * @param data   wrapped over the value.
     * @param kind   type-id of the store_type_data or fetch_response holding it.
     * @return sb.
     */
    StringBuilder appendTo(final StringBuilder sb, final String indent, final StoredDataDecoder data, final int kind)
    {
        final DirectBuffer buffer = data.buffer();
        sb.append(StoredDataDecoder.NAME).append('\n');
        sb.append(indent).append("length: ").append(data.length()).append('\n');
        sb.append(indent).append("storage_time: ").append(data.storageTime()).append('\n');
        sb.append(indent).append("lifetime: ").append(data.lifetime()).append('\n');
        sb.append(indent).append("data-value: ");
        appendDataValue(sb, indent + "  ", buffer, data.dataValueOffset(), data.dataValueLength(), kind);
        sb.append(indent).append("signature: ");
        final int signatureOffset = data.signatureOffset();
        final int signatureLength = data.signatureLength();
        if (signatureLength == 0)
        {
            sb.append("(empty)\n");
        }
        else if (signature.wrapExactly(buffer, signatureOffset, signatureOffset + signatureLength) >= 0)
        {
            sb.append(SignatureDecoder.NAME).append(", ").append(signatureLength).append(" bytes\n");
            appendSignature(sb, indent + "  ", signature);
        }
        else
        {
            appendUndecoded(sb, buffer, signatureOffset, signatureLength, SignatureDecoder.NAME,
                signature.error().message());
        }
        return sb;
    }

    /**
     * Print the fields of a validated signature, with its algorithm named.
     *
     * @param sb        to append to, at the start of a line.
     * @param indent    before each field line.
     * @param signature wrapped over the signature.
     * @return sb.
     */
    static StringBuilder appendSignature(final StringBuilder sb, final String indent, final SignatureDecoder signature)
    {
        sb.append(indent).append("algorithm: ").append(signature.algorithm())
            .append(" (").append(SignatureAlgorithm.name(signature.algorithm())).append(")\n");
        sb.append(indent).append("signature_value: ");
        Printing.appendHex(sb, signature.buffer(), signature.signatureValueOffset(), signature.signatureValueLength())
            .append('\n');
        sb.append(indent).append("identity: ");
        return signature.identity().appendTo(sb, indent + "  ");
    }

    private void appendDataValue(
        final StringBuilder sb,
        final String indent,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int kind)
    {
        final int end = offset + length;
        switch (dataModel(kind))
        {
            case DataModel.DICTIONARY_MODEL:
                if (dictionaryEntry.wrapExactly(buffer, offset, end) < 0)
                {
                    appendUndecoded(sb, buffer, offset, length, DictionaryEntryDecoder.NAME,
                        dictionaryEntry.error().message());
                    return;
                }
                sb.append(DictionaryEntryDecoder.NAME).append('\n');
                sb.append(indent).append("key: ");
                Printing.appendHex(sb, buffer, dictionaryEntry.keyOffset(), dictionaryEntry.keyLength()).append('\n');
                sb.append(indent).append("value: ");
                appendEntryValue(sb, indent + "  ", buffer, dictionaryEntry.valueOffset(),
                    dictionaryEntry.valueLength(), kind);
                return;

            case DataModel.SINGLE_VALUE_MODEL:
                if (singleValueEntry.wrapExactly(buffer, offset, end) < 0)
                {
                    appendUndecoded(sb, buffer, offset, length, SingleValueEntryDecoder.NAME,
                        singleValueEntry.error().message());
                    return;
                }
                sb.append(SingleValueEntryDecoder.NAME).append('\n');
                sb.append(indent).append("value: ");
                appendEntryValue(sb, indent + "  ", buffer, singleValueEntry.valueOffset(),
                    singleValueEntry.valueLength(), kind);
                return;

            case DataModel.ARRAY_MODEL:
                if (arrayEntry.wrapExactly(buffer, offset, end) < 0)
                {
                    appendUndecoded(sb, buffer, offset, length, ArrayEntryDecoder.NAME, arrayEntry.error().message());
                    return;
                }
                sb.append(ArrayEntryDecoder.NAME).append('\n');
                sb.append(indent).append("index: ").append(arrayEntry.index()).append('\n');
                sb.append(indent).append("value: ");
                appendEntryValue(sb, indent + "  ", buffer, arrayEntry.valueOffset(), arrayEntry.valueLength(), kind);
                return;

            default:
                Printing.appendHex(sb, buffer, offset, length)
                    .append(" (").append(KindId.name(kind)).append(" has no data model relo knows)\n");
        }
    }

    private void appendEntryValue(
        final StringBuilder sb,
        final String indent,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int kind)
    {
        final int end = offset + length;
        switch (kind)
        {
            case KindId.SIP_REGISTRATION: // RFC 7904 §3.2
                if (sipRegistration.wrapExactly(buffer, offset, end) < 0)
                {
                    appendUndecoded(sb, buffer, offset, length, SipRegistrationDecoder.NAME,
                        sipRegistration.error().message());
                    return;
                }
                sipRegistration.appendTo(sb, indent);
                appendSipText(sb, indent, buffer);
                return;

            case KindId.TURN_SERVICE: // draft §9.3
                if (turnServer.wrapExactly(buffer, offset, end) < 0)
                {
                    appendUndecoded(sb, buffer, offset, length, TurnServerDecoder.NAME, turnServer.error().message());
                    return;
                }
                turnServer.appendTo(sb, indent);
                return;

            default: // a certificate is DER, shown as it is
                Printing.appendHex(sb, buffer, offset, length).append('\n');
        }
    }

    private void appendSipText(final StringBuilder sb, final String indent, final DirectBuffer buffer)
    {
        // the generated printer shows opaque fields as hex; a URI or a feature predicate is also worth reading as text
        final SipRegistrationDataDecoder data = sipRegistration.data();
        if (sipRegistration.type() == SipRegistrationType.SIP_REGISTRATION_URI)
        {
            sb.append(indent).append("  uri as text: ");
            Printing.appendText(sb, buffer, data.uriOffset(), data.uriLength()).append('\n');
        }
        else if (sipRegistration.type() == SipRegistrationType.SIP_REGISTRATION_ROUTE)
        {
            sb.append(indent).append("  contact_prefs as text: ");
            Printing.appendText(sb, buffer, data.contactPrefsOffset(), data.contactPrefsLength()).append('\n');
        }
    }

    private static void appendUndecoded(
        final StringBuilder sb,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final String structName,
        final String reason)
    {
        Printing.appendHex(sb, buffer, offset, length)
            .append(" (not a ").append(structName).append(": ").append(reason).append(")\n");
    }
}
