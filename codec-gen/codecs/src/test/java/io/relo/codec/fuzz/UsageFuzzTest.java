package io.relo.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.SipRegistrationDataDecoder;
import io.relo.codec.SipRegistrationDecoder;
import io.relo.codec.SipRegistrationRouteDecoder;
import io.relo.codec.TurnServerDecoder;

/**
 * Fuzz targets for the usage records, SIP-REGISTRATION (draft §9.2.1 and RFC 7904 §3.2) and TURN-SERVICE
 * (draft §9.3), one per decoder. Each is held to the contract of {@link DecoderFuzzing}; seeds are in
 * {@code UsageFuzzTestInputs/<method>/} under the test resources.
 */
class UsageFuzzTest
{
    private final SipRegistrationDecoder sipRegistrationDecoder = new SipRegistrationDecoder();
    private final SipRegistrationDataDecoder sipRegistrationDataDecoder = new SipRegistrationDataDecoder();
    private final SipRegistrationRouteDecoder sipRegistrationRouteDecoder = new SipRegistrationRouteDecoder();
    private final io.relo.codec.sip.SipRegistrationDecoder rfc7904SipRegistrationDecoder =
        new io.relo.codec.sip.SipRegistrationDecoder();
    private final TurnServerDecoder turnServerDecoder = new TurnServerDecoder();

    /**
     * @param data arbitrary bytes for draft §9.2.1 sip_registration.
     */
    @FuzzTest
    void sipRegistration(final byte[] data)
    {
        DecoderFuzzing.check(data, sipRegistrationDecoder, sipRegistrationDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for draft §9.2.1 sip_registration_data_, inside sip_registration.
     */
    @FuzzTest
    void sipRegistrationData(final byte[] data)
    {
        DecoderFuzzing.check(data, sipRegistrationDataDecoder, sipRegistrationDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for draft §9.2.1 sip_registration_route.
     */
    @FuzzTest
    void sipRegistrationRoute(final byte[] data)
    {
        DecoderFuzzing.check(data, sipRegistrationRouteDecoder, sipRegistrationRouteDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for RFC 7904 §3.2 SipRegistration.
     */
    @FuzzTest
    void rfc7904SipRegistration(final byte[] data)
    {
        DecoderFuzzing.check(data, rfc7904SipRegistrationDecoder, rfc7904SipRegistrationDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for turn_server.
     */
    @FuzzTest
    void turnServer(final byte[] data)
    {
        DecoderFuzzing.check(data, turnServerDecoder, turnServerDecoder::appendTo);
    }
}
