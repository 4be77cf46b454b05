package io.relo.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.relo.codec.CandidateDecoder;
import io.relo.codec.ConnectDataDecoder;
import io.relo.codec.PingInfoDataDecoder;
import io.relo.codec.PingInfoSelectDecoder;
import io.relo.codec.PingRequestDecoder;
import io.relo.codec.PingResponseDecoder;
import io.relo.codec.TunnelDataDecoder;

/**
 * Fuzz targets for the connection management payloads of draft §5.1, one per decoder. Each is held to the
 * contract of {@link DecoderFuzzing}; seeds are in {@code ConnectionFuzzTestInputs/<method>/} under the test
 * resources.
 */
class ConnectionFuzzTest
{
    private final PingRequestDecoder pingRequestDecoder = new PingRequestDecoder();
    private final PingInfoDataDecoder pingInfoDataDecoder = new PingInfoDataDecoder();
    private final PingInfoSelectDecoder pingInfoSelectDecoder = new PingInfoSelectDecoder();
    private final PingResponseDecoder pingResponseDecoder = new PingResponseDecoder();
    private final ConnectDataDecoder connectDataDecoder = new ConnectDataDecoder();
    private final CandidateDecoder candidateDecoder = new CandidateDecoder();
    private final TunnelDataDecoder tunnelDataDecoder = new TunnelDataDecoder();

    /**
     * @param data arbitrary bytes for ping_request.
     */
    @FuzzTest
    void pingRequest(final byte[] data)
    {
        DecoderFuzzing.check(data, pingRequestDecoder, pingRequestDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for ping_info_data.
     */
    @FuzzTest
    void pingInfoData(final byte[] data)
    {
        DecoderFuzzing.check(data, pingInfoDataDecoder, pingInfoDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for ping_info_select, the select inside ping_info_data.
     */
    @FuzzTest
    void pingInfoSelect(final byte[] data)
    {
        DecoderFuzzing.check(data, pingInfoSelectDecoder, pingInfoSelectDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for ping_response.
     */
    @FuzzTest
    void pingResponse(final byte[] data)
    {
        DecoderFuzzing.check(data, pingResponseDecoder, pingResponseDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for connect_data.
     */
    @FuzzTest
    void connectData(final byte[] data)
    {
        DecoderFuzzing.check(data, connectDataDecoder, connectDataDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for candidate.
     */
    @FuzzTest
    void candidate(final byte[] data)
    {
        DecoderFuzzing.check(data, candidateDecoder, candidateDecoder::appendTo);
    }

    /**
     * @param data arbitrary bytes for tunnel_data.
     */
    @FuzzTest
    void tunnelData(final byte[] data)
    {
        DecoderFuzzing.check(data, tunnelDataDecoder, tunnelDataDecoder::appendTo);
    }
}
