package io.relo.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.ChordUpdateDecoder;
import io.relo.codec.ErrorResponseDecoder;
import io.relo.codec.IpAddressAndPortDecoder;
import io.relo.codec.JoinRequestDecoder;
import io.relo.codec.LeaveRequestDecoder;
import io.relo.codec.MessageContentsDecoder;
import io.relo.codec.MessageSignatureInputDecoder;
import io.relo.codec.PeerInfoDataDecoder;
import io.relo.codec.RouteLogDecoder;
import io.relo.codec.RouteLogEntryDecoder;
import io.relo.codec.SignatureDecoder;
import io.relo.codec.SignerIdentityDecoder;

/**
 * Fuzz targets for the message structure (draft §4.1.4, §4.2, §4.3) and overlay maintenance (§5.3, §7.5), one per
 * decoder. Each is held to the contract of {@link DecoderFuzzing}; seeds are in
 * {@code MessageFuzzTestInputs/<method>/} under the test resources.
 */
class MessageFuzzTest
{
    private final RouteLogDecoder routeLogDecoder = new RouteLogDecoder();
    private final RouteLogEntryDecoder routeLogEntryDecoder = new RouteLogEntryDecoder();
    private final PeerInfoDataDecoder peerInfoDataDecoder = new PeerInfoDataDecoder();
    private final IpAddressAndPortDecoder ipAddressAndPortDecoder = new IpAddressAndPortDecoder();
    private final MessageContentsDecoder messageContentsDecoder = new MessageContentsDecoder();
    private final SignatureDecoder signatureDecoder = new SignatureDecoder();
    private final SignerIdentityDecoder signerIdentityDecoder = new SignerIdentityDecoder();
    private final MessageSignatureInputDecoder messageSignatureInputDecoder = new MessageSignatureInputDecoder();
    private final ErrorResponseDecoder errorResponseDecoder = new ErrorResponseDecoder();
    private final JoinRequestDecoder joinRequestDecoder = new JoinRequestDecoder();
    private final LeaveRequestDecoder leaveRequestDecoder = new LeaveRequestDecoder();
    private final ChordUpdateDecoder chordUpdateDecoder = new ChordUpdateDecoder();

    /**
     * @param data arbitrary bytes for route_log.
     */
    @FuzzTest
    void routeLog(final byte[] data)
    {
        DecoderFuzzing.check(data, routeLogDecoder, routeLogDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for route_log_entry.
     */
    @FuzzTest
    void routeLogEntry(final byte[] data)
    {
        DecoderFuzzing.check(data, routeLogEntryDecoder, routeLogEntryDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for peer_info_data, inside route_log_entry.
     */
    @FuzzTest
    void peerInfoData(final byte[] data)
    {
        DecoderFuzzing.check(data, peerInfoDataDecoder, peerInfoDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for ip_address_and_port, inside peer_info_data and turn_server.
     */
    @FuzzTest
    void ipAddressAndPort(final byte[] data)
    {
        DecoderFuzzing.check(data, ipAddressAndPortDecoder, ipAddressAndPortDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for message_contents.
     */
    @FuzzTest
    void messageContents(final byte[] data)
    {
        DecoderFuzzing.check(data, messageContentsDecoder, messageContentsDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for signature.
     */
    @FuzzTest
    void signature(final byte[] data)
    {
        DecoderFuzzing.check(data, signatureDecoder, signatureDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for signer_identity, inside signature and message_signature_input.
     */
    @FuzzTest
    void signerIdentity(final byte[] data)
    {
        DecoderFuzzing.check(data, signerIdentityDecoder, signerIdentityDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for message_signature_input.
     */
    @FuzzTest
    void messageSignatureInput(final byte[] data)
    {
        DecoderFuzzing.check(data, messageSignatureInputDecoder, messageSignatureInputDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for error_response.
     */
    @FuzzTest
    void errorResponse(final byte[] data)
    {
        DecoderFuzzing.check(data, errorResponseDecoder, errorResponseDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for join_request.
     */
    @FuzzTest
    void joinRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, joinRequestDecoder, joinRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for leave_request.
     */
    @FuzzTest
    void leaveRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, leaveRequestDecoder, leaveRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for chord_update.
     */
    @FuzzTest
    void chordUpdate(final byte[] data)
    {
        DecoderFuzzing.check(data, chordUpdateDecoder, chordUpdateDecoder::appendTo);
    }
}
