package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.control.storage.Kind;
import io.relo.control.storage.KindRegistry;
import picocli.CommandLine;

import java.util.Locale;

/**
 * A {@code --kind} argument: a kind's name or its type-id (wire-format.md §4.1), with the kind relo knows by that
 * type-id, whose data model says how its values are addressed (draft §5.2.1).
 *
 * @param typeId the uint24 type-id.
 * @param kind   the kind from {@link KindRegistry#withDraftKinds()}, or null for a type-id relo does not define.
 */
record KindOption(int typeId, Kind kind)
{
    /** The kinds the names and data models come from. */
    static final KindRegistry KINDS = KindRegistry.withDraftKinds();
    /** What the option accepts, for error messages and help. */
    static final String FORMS = "sip-registration (0x1, dictionary), turn-service (0x2, single value), " +
        "certificate (0x3, array), or a type-id such as 0x2";

    /**
     * @param text a name in any case, with '-' or '_', or a type-id in decimal or 0x hex.
     * @return the kind.
     * @throws IllegalArgumentException saying what is accepted.
     */
    static KindOption parse(final String text)
    {
        final String trimmed = text.trim();
        final String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.isEmpty())
        {
            throw new IllegalArgumentException("no kind given; give " + FORMS);
        }
        if (Character.isDigit(lower.charAt(0)))
        {
            final long typeId;
            try
            {
                typeId = lower.startsWith("0x") ? Long.parseLong(lower.substring(2), 16) : Long.parseLong(lower);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("kind \"" + text + "\" is not a number; give " + FORMS);
            }
            if (typeId > KindId.MAX_KIND_ID)
            {
                throw new IllegalArgumentException("type-id " + text + " does not fit a uint24 (at most 0xffffff)");
            }
            return new KindOption((int)typeId, KINDS.kind((int)typeId));
        }
        final String name = lower.replace('_', '-');
        for (final Kind kind : KINDS.kinds())
        {
            if (kind.name().toLowerCase(Locale.ROOT).equals(name))
            {
                return new KindOption(kind.typeId(), kind);
            }
        }
        throw new IllegalArgumentException("unknown kind \"" + text + "\"; give " + FORMS);
    }

    /**
     * @return such as "SIP-REGISTRATION (0x1)".
     */
    String label()
    {
        return label(typeId);
    }

    /**
     * @return such as "CERTIFICATE (0x3) is an array", for a kind relo defines.
     */
    String isA()
    {
        return label() + (kind.model() == io.relo.control.storage.DataModel.ARRAY ? " is an " : " is a ") +
            kind.model().label();
    }

    /**
     * @param typeId a type-id.
     * @return such as "SIP-REGISTRATION (0x1)", or "kind 0x9" for one relo does not define.
     */
    static String label(final int typeId)
    {
        return null == KINDS.kind(typeId) ? KindId.name(typeId) :
            KindId.name(typeId) + " (0x" + Integer.toHexString(typeId) + ")";
    }

    /**
     * Parses with {@link #parse(String)}, whose message says what is accepted.
     */
    static final class Converter implements CommandLine.ITypeConverter<KindOption>
    {
        @Override
        public KindOption convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
