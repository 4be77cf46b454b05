package io.relo.codec.message;

import io.relo.codec.CandidateEncoder;
import io.relo.codec.ChordUpdateEncoder;
import io.relo.codec.CommonHeader;
import io.relo.codec.ConnectDataEncoder;
import io.relo.codec.DictionaryEntryEncoder;
import io.relo.codec.ErrorResponseEncoder;
import io.relo.codec.FetchDictionaryReferenceEncoder;
import io.relo.codec.FetchRequestEncoder;
import io.relo.codec.FetchResponseEncoder;
import io.relo.codec.FetchTypeDataEncoder;
import io.relo.codec.FindRequestEncoder;
import io.relo.codec.FindTypeDataEncoder;
import io.relo.codec.JoinRequestEncoder;
import io.relo.codec.KindId;
import io.relo.codec.LeaveRequestEncoder;
import io.relo.codec.MessageContentsEncoder;
import io.relo.codec.MethodCode;
import io.relo.codec.PingInfoTypes;
import io.relo.codec.PingRequestEncoder;
import io.relo.codec.PingResponseEncoder;
import io.relo.codec.ResponseCode;
import io.relo.codec.RouteLogEncoder;
import io.relo.codec.RouteLogEntryEncoder;
import io.relo.codec.Routing;
import io.relo.codec.SignatureAlgorithm;
import io.relo.codec.SignatureEncoder;
import io.relo.codec.StoreRequestEncoder;
import io.relo.codec.StoreTypeDataEncoder;
import io.relo.codec.StoreTypeResponseEncoder;
import io.relo.codec.StoredDataEncoder;
import io.relo.codec.TunnelDataEncoder;
import io.relo.codec.header.ForwardingHeaderEncoder;
import io.relo.codec.header.OverlayName;
import io.relo.codec.sip.SipRegistrationEncoder;
import io.relo.codec.sip.SipRegistrationType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Builds one realistic frame per method family with the generated encoders and {@link ForwardingHeaderEncoder}, for
 * the demo, the decode examples, tests and benchmarks, so they all look at the same bytes.
 * <p>
 * The story: Alice registers her three devices under her AOR with a STORE of SIP-REGISTRATION values (RFC 7904), Bob's
 * peer finds and fetches them, and the overlay maintenance messages run alongside. Ids are fixed so the frames are the
 * same on every run. Message and stored-data signatures carry the right structure but filler bytes in
 * {@code signature_value}: computing and checking signatures belongs to the security layer, not the codecs.
 */
public final class ExampleFrames
{
    /** Name of the overlay every example belongs to; its CRC-32 is the header's overlay field. */
    public static final String OVERLAY_NAME = "overlay.example.org";

    /** TTL of a freshly sent request; the draft leaves the initial value TBD (§4.1). */
    public static final int INITIAL_TTL = 100;

    /** Alice's AOR, whose registrations the examples store and fetch. */
    public static final String ALICE_AOR = "sip:alice@dht.example.org";

    // Peer-ids and resource-ids as (hi, lo); fixed rather than hashed so that the frames never change.
    private static final long[] ALICE_DESK_PHONE = {0x3f1c9a7e52d04b86L, 0x9e2a61f0c47d3b15L};
    private static final long[] ALICE_CELL_PHONE = {0x7a0e4c2b91f85d63L, 0x14b8e92d0a6c7f31L};
    private static final long[] ALICE_LAPTOP = {0xa2d57e19c03b8f46L, 0x5c91e3077bd24a08L};
    private static final long[] BOB = {0xc84f2a6d19e07b53L, 0x2e6b0f94a51c8d70L};
    private static final long[] RELAY_PEER = {0x5b9e0d3a7c26f184L, 0xd3047a95e1b86c2fL};
    private static final long[] STORING_PEER = {0x8d40c17a2e95f36bL, 0x0b7f52e8c4196da3L};
    private static final long[] NEW_PEER = {0x8c3a90e5b1d74f28L, 0x6f05c2a9e4b8d317L};
    private static final long[] ALICE_AOR_RESOURCE = {0x8d2f5b1a6e9c0473L, 0xb17e34c9d8a6052fL};
    private static final long[] TURN_RESOURCE = {0x4e71b3c80f2da659L, 0x93c6a1e05b7f28d4L};

    private static final int SIP_PORT = 5060;
    private static final long STORAGE_TIME = 1_767_225_600L;
    private static final long REGISTRATION_LIFETIME = 3600;
    private static final int FILLER_SIGNATURE_LENGTH = 64;
    private static final int MAX_FRAME_LENGTH = 4096;

    /**
     * One example frame.
     *
     * @param name  short name usable as a file name, such as "store-request".
     * @param title one line saying what the frame is.
     * @param frame the whole frame, forwarding header included.
     */
    public record Example(String name, String title, byte[] frame)
    {
    }

    private ExampleFrames()
    {
    }

    /**
     * @return every example, requests before their responses, ending with the route-log frame.
     */
    public static List<Example> all()
    {
        return List.of(
            new Example("ping-request", "PING request asking Bob's peer for its responsible set and resource count",
                pingRequest()),
            new Example("ping-response", "PING response from Bob's peer with both infos", pingResponse()),
            new Example("connect-request", "CONNECT request carrying ICE ufrag, password and two candidates",
                connectRequest()),
            new Example("connect-response", "CONNECT response with the answering peer's ICE parameters",
                connectResponse()),
            new Example("tunnel-request", "TUNNEL request carrying a SIP INVITE to Bob", tunnelRequest()),
            new Example("store-request", "STORE of three SIP-REGISTRATION values for " + ALICE_AOR +
                " (RFC 7904), signed", storeRequest()),
            new Example("store-response", "STORE response: the new generation of SIP-REGISTRATION", storeResponse()),
            new Example("fetch-request", "FETCH of every SIP-REGISTRATION value for " + ALICE_AOR +
                " (wildcard dictionary fetch, RFC 7904 §4.2)", fetchRequest()),
            new Example("fetch-response", "FETCH response returning Alice's three registrations", fetchResponse()),
            new Example("remove-request", "REMOVE of the laptop's registration by dictionary key", removeRequest()),
            new Example("find-request", "FIND of the closest SIP-REGISTRATION and TURN-SERVICE resources",
                findRequest()),
            new Example("find-response", "FIND response naming the closest resource of each kind", findResponse()),
            new Example("join-request", "JOIN request from a peer entering the ring", joinRequest()),
            new Example("leave-request", "LEAVE request from a peer leaving the ring", leaveRequest()),
            new Example("update-request", "UPDATE request carrying a chord_update neighbour table",
                updateRequest()),
            new Example("error-404", "404 Not Found response to a FETCH, carrying an error_response",
                notFoundResponse()),
            new Example("route-log", "PING request with ROUTE-LOG set, after two hops logged themselves",
                routeLogRequest()));
    }

    /**
     * @param name of an example, such as "store-request".
     * @return the example.
     * @throws IllegalArgumentException when there is none of that name, listing the names there are.
     */
    public static Example byName(final String name)
    {
        final StringBuilder names = new StringBuilder();
        for (final Example example : all())
        {
            if (example.name().equals(name))
            {
                return example;
            }
            names.append(names.length() == 0 ? "" : ", ").append(example.name());
        }
        throw new IllegalArgumentException("no example frame named \"" + name + "\"; there are: " + names);
    }

    /**
     * @return a PING request from Alice's desk phone as it reaches Bob's peer through a relay, asking for both ping
     *         infos (draft §5.1.1.1).
     */
    public static byte[] pingRequest()
    {
        return request(0x5f3a9c01e2b7d468L, MethodCode.PING, ids(BOB), ids(ALICE_DESK_PHONE, RELAY_PEER), false,
            (buffer, offset) -> new PingRequestEncoder().wrap(buffer, offset)
                .pingInfoBegin()
                .pingInfoAdd(PingInfoTypes.INFO_RESPONSIBLE_TYPE)
                .pingInfoAdd(PingInfoTypes.INFO_NUM_RESOURCES_TYPE)
                .pingInfoEnd()
                .finish());
    }

    /**
     * @return Bob's PING response: it answers for 1/16 of the ring and holds 42 resources (draft §5.1.1.2).
     */
    public static byte[] pingResponse()
    {
        return response(0x5f3a9c01e2b7d468L, MethodCode.PING, ids(RELAY_PEER, ALICE_DESK_PHONE),
            (buffer, offset) ->
            {
                final PingResponseEncoder response = new PingResponseEncoder().wrap(buffer, offset)
                    .responseId(0x2b9d4e71c8a35f06L)
                    .infosBegin();
                response.infosNext().info().infoResponsibleType().responsiblePpb(62_500_000L);
                response.infosNext().info().infoNumResourcesType().numResources(42);
                return response.infosEnd().finish();
            });
    }

    /**
     * @return a CONNECT request from Alice's desk phone to Bob's peer (draft §5.1.2.1).
     */
    public static byte[] connectRequest()
    {
        return request(0x0c7e2d95a4f1b836L, MethodCode.CONNECT, ids(BOB), ids(), false,
            (buffer, offset) ->
            {
                final ConnectDataEncoder connect = new ConnectDataEncoder().wrap(buffer, offset)
                    .ufrag("9uB6")
                    .password("YH75Fviy6338Vbrhrlp8Yh")
                    .application(SIP_PORT)
                    .fingerprint("sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:" +
                        "F0:A1:58:D0:A1:2C:19:08")
                    .role("active")
                    .candidateListBegin();
                final CandidateEncoder host = connect.candidateListNext();
                host.candidateString("candidate:1 1 UDP 2130706431 192.0.2.10 6084 typ host");
                final CandidateEncoder reflexive = connect.candidateListNext();
                reflexive.candidateString(
                    "candidate:2 1 UDP 1694498815 198.51.100.7 41230 typ srflx raddr 192.0.2.10 rport 6084");
                return connect.candidateListEnd().finish();
            });
    }

    /**
     * @return Bob's CONNECT response with his own ICE parameters (draft §5.1.2.2).
     */
    public static byte[] connectResponse()
    {
        return response(0x0c7e2d95a4f1b836L, MethodCode.CONNECT, ids(ALICE_DESK_PHONE),
            (buffer, offset) ->
            {
                final ConnectDataEncoder connect = new ConnectDataEncoder().wrap(buffer, offset)
                    .ufrag("Kp3x")
                    .password("c2Vjb25kLXBhc3N3b3JkLWJvYg")
                    .application(SIP_PORT)
                    .fingerprint("sha-256 1F:0C:4A:9E:22:B7:63:D8:05:91:EE:3C:70:AB:48:19:D2:6F:B4:0E:83:57:C1:" +
                        "9A:2D:E6:71:08:BF:34:C5:60")
                    .role("passive")
                    .candidateListBegin();
                connect.candidateListNext().candidateString("candidate:1 1 UDP 2130706431 203.0.113.20 6084 typ host");
                return connect.candidateListEnd().finish();
            });
    }

    /**
     * @return a TUNNEL request carrying the start of a SIP INVITE (draft §5.1.3.1).
     */
    public static byte[] tunnelRequest()
    {
        return request(0x71d0e3a6b59c2f48L, MethodCode.TUNNEL, ids(RELAY_PEER, BOB), ids(), false,
            (buffer, offset) -> new TunnelDataEncoder().wrap(buffer, offset)
                .application(SIP_PORT)
                .dialogId("a84b4c76e66710@pc33.dht.example.org")
                .applicationPdu("INVITE sip:bob@dht.example.org SIP/2.0\r\n" +
                    "Via: SIP/2.0/TLS pc33.dht.example.org;branch=z9hG4bK776asdhds\r\n" +
                    "Max-Forwards: 70\r\n" +
                    "From: Alice <sip:alice@dht.example.org>;tag=1928301774\r\n" +
                    "To: Bob <sip:bob@dht.example.org>\r\n" +
                    "Call-ID: a84b4c76e66710@pc33.dht.example.org\r\n" +
                    "CSeq: 314159 INVITE\r\n" +
                    "Content-Length: 0\r\n\r\n")
                .finish());
    }

    /**
     * @return Alice's signed STORE of her three registrations under her AOR: two destination lists and one AOR
     *         forward, each keyed by the Node-ID of the device that stores it (RFC 7904 §3.1, §3.2, §7).
     */
    public static byte[] storeRequest()
    {
        return request(0x3e8b51f07a2dc964L, MethodCode.STORE, ids(STORING_PEER), ids(ALICE_DESK_PHONE), true,
            (buffer, offset) ->
            {
                final StoreRequestEncoder store = new StoreRequestEncoder().wrap(buffer, offset)
                    .resource(ALICE_AOR_RESOURCE[0], ALICE_AOR_RESOURCE[1])
                    .storeDataBegin();
                final StoreTypeDataEncoder typeData = store.storeDataNext()
                    .type(KindId.SIP_REGISTRATION)
                    .generation(7)
                    .valuesBegin();
                putAliceRegistrations(typeData);
                typeData.valuesEnd();
                return store.storeDataEnd().finish();
            });
    }

    /**
     * @return the storing peer's STORE response: SIP-REGISTRATION is now at generation 8 (draft §5.2.1.2).
     */
    public static byte[] storeResponse()
    {
        return response(0x3e8b51f07a2dc964L, MethodCode.STORE, ids(ALICE_DESK_PHONE),
            (buffer, offset) -> new StoreTypeResponseEncoder().wrap(buffer, offset)
                .type(KindId.SIP_REGISTRATION)
                .generation(8)
                .finish());
    }

    /**
     * @return Bob's FETCH of every SIP-REGISTRATION value at Alice's AOR: a dictionary reference with no keys.
     */
    public static byte[] fetchRequest()
    {
        return request(0x94f2c60b3d7e1a85L, MethodCode.FETCH, ids(STORING_PEER), ids(BOB), false,
            (buffer, offset) ->
            {
                final FetchRequestEncoder fetch = new FetchRequestEncoder().wrap(buffer, offset)
                    .resource(ALICE_AOR_RESOURCE[0], ALICE_AOR_RESOURCE[1])
                    .fetchDataBegin();
                final FetchTypeDataEncoder typeData = fetch.fetchDataNext()
                    .type(KindId.SIP_REGISTRATION)
                    .generation(0);
                typeData.reference().dictionaryModel().dictionary().dictionaryKeysBegin().dictionaryKeysEnd();
                return fetch.fetchDataEnd().finish();
            });
    }

    /**
     * @return the FETCH response: one fetch_response holding Alice's three stored_data values end to end.
     */
    public static byte[] fetchResponse()
    {
        return response(0x94f2c60b3d7e1a85L, MethodCode.FETCH, ids(BOB),
            (buffer, offset) ->
            {
                final FetchResponseEncoder response = new FetchResponseEncoder().wrap(buffer, offset)
                    .type(KindId.SIP_REGISTRATION)
                    .generation(8);
                final int valuesStart = response.storedDataBegin();
                int position = valuesStart;
                position += putRegistration(new StoredDataEncoder().wrap(buffer, position), ALICE_DESK_PHONE, true);
                position += putRegistration(new StoredDataEncoder().wrap(buffer, position), ALICE_CELL_PHONE, false);
                position += putRegistration(new StoredDataEncoder().wrap(buffer, position), ALICE_LAPTOP, false);
                return response.storedDataEnd(position).finish();
            });
    }

    /**
     * @return a REMOVE of the laptop's registration, naming its dictionary key (draft §5.2.3).
     */
    public static byte[] removeRequest()
    {
        return request(0x6a17d3e9f0b45c28L, MethodCode.REMOVE, ids(STORING_PEER), ids(), false,
            (buffer, offset) ->
            {
                final FetchRequestEncoder remove = new FetchRequestEncoder().wrap(buffer, offset)
                    .resource(ALICE_AOR_RESOURCE[0], ALICE_AOR_RESOURCE[1])
                    .fetchDataBegin();
                final FetchTypeDataEncoder typeData = remove.fetchDataNext()
                    .type(KindId.SIP_REGISTRATION)
                    .generation(8);
                final FetchDictionaryReferenceEncoder keys = typeData.reference().dictionaryModel().dictionary()
                    .dictionaryKeysBegin();
                keys.dictionaryKeysNext().keyValue(idBytes(ALICE_LAPTOP));
                keys.dictionaryKeysEnd();
                return remove.fetchDataEnd().finish();
            });
    }

    /**
     * @return a FIND for the resources closest to Alice's AOR of two kinds (draft §5.2.4.1).
     */
    public static byte[] findRequest()
    {
        return request(0x2d5c8e0f71a3b946L, MethodCode.FIND, ids(STORING_PEER), ids(), false,
            (buffer, offset) -> new FindRequestEncoder().wrap(buffer, offset)
                .resource(ALICE_AOR_RESOURCE[0], ALICE_AOR_RESOURCE[1])
                .idsBegin()
                .idsAdd(KindId.SIP_REGISTRATION)
                .idsAdd(KindId.TURN_SERVICE)
                .idsEnd()
                .finish());
    }

    /**
     * @return the FIND response: two find_type_data packed end to end (draft §5.2.4.2).
     */
    public static byte[] findResponse()
    {
        return response(0x2d5c8e0f71a3b946L, MethodCode.FIND, ids(ALICE_DESK_PHONE),
            (buffer, offset) ->
            {
                int length = new FindTypeDataEncoder().wrap(buffer, offset)
                    .type(KindId.SIP_REGISTRATION)
                    .closestResource(ALICE_AOR_RESOURCE[0], ALICE_AOR_RESOURCE[1])
                    .finish();
                length += new FindTypeDataEncoder().wrap(buffer, offset + length)
                    .type(KindId.TURN_SERVICE)
                    .closestResource(TURN_RESOURCE[0], TURN_RESOURCE[1])
                    .finish();
                return length;
            });
    }

    /**
     * @return a JOIN request from a peer asking to take its place in the ring (draft §5.3.1).
     */
    public static byte[] joinRequest()
    {
        return request(0xb40e6f1d29c7a853L, MethodCode.JOIN, ids(STORING_PEER), ids(), false,
            (buffer, offset) -> new JoinRequestEncoder().wrap(buffer, offset)
                .desiredPeerId(NEW_PEER[0], NEW_PEER[1])
                .dhtSpecificData(new byte[0])
                .finish());
    }

    /**
     * @return a LEAVE request from the same peer leaving again (draft §5.3.2).
     */
    public static byte[] leaveRequest()
    {
        return request(0xe53b0a7c94d21f68L, MethodCode.LEAVE, ids(STORING_PEER), ids(), false,
            (buffer, offset) -> new LeaveRequestEncoder().wrap(buffer, offset)
                .leavingPeerId(NEW_PEER[0], NEW_PEER[1])
                .dhtSpecificData(new byte[0])
                .finish());
    }

    /**
     * @return an UPDATE from the storing peer telling a neighbour its three predecessors and successors (§7.5).
     */
    public static byte[] updateRequest()
    {
        return request(0x1f96c4b08e3d7a25L, MethodCode.UPDATE, ids(NEW_PEER), ids(), false,
            (buffer, offset) -> new ChordUpdateEncoder().wrap(buffer, offset)
                .predecessorsBegin()
                .predecessorsAdd(ALICE_CELL_PHONE[0], ALICE_CELL_PHONE[1])
                .predecessorsAdd(RELAY_PEER[0], RELAY_PEER[1])
                .predecessorsAdd(ALICE_DESK_PHONE[0], ALICE_DESK_PHONE[1])
                .predecessorsEnd()
                .successorsBegin()
                .successorsAdd(NEW_PEER[0], NEW_PEER[1])
                .successorsAdd(ALICE_LAPTOP[0], ALICE_LAPTOP[1])
                .successorsAdd(BOB[0], BOB[1])
                .successorsEnd()
                .finish());
    }

    /**
     * @return a 404 response to a FETCH of a resource nobody stored (draft §4.3).
     */
    public static byte[] notFoundResponse()
    {
        return frame(0x87a1f4d02c6e3b59L, ids(BOB), ids(), null,
            CommonHeader.responseWord(ResponseCode.NOT_FOUND), MethodCode.FETCH, false,
            (buffer, offset) -> new ErrorResponseEncoder().wrap(buffer, offset)
                .reasonPhrase(ResponseCode.reasonPhrase(ResponseCode.NOT_FOUND))
                .errorInfo(new byte[0])
                .finish());
    }

    /**
     * @return a PING request with ROUTE-LOG set whose route log holds the entries of the two peers it crossed
     *         (draft §4.1.4).
     */
    public static byte[] routeLogRequest()
    {
        final UnsafeBuffer log = new UnsafeBuffer(new byte[1024]);
        final RouteLogEncoder routeLog = new RouteLogEncoder().wrap(log, 0).entriesBegin();
        putRouteLogEntry(routeLog.entriesNext(), ALICE_DESK_PHONE, 86_400, 0xC000020A, 6084);
        putRouteLogEntry(routeLog.entriesNext(), RELAY_PEER, 3_600, 0xC6336407, 6084);
        final int routeLogLength = routeLog.entriesEnd().finish();
        // route_log is entries<65000>: its own 2-byte prefix is the route log length the header encoder writes
        final int entriesLength = routeLogLength - 2;
        final byte[] entries = new byte[entriesLength];
        log.getBytes(2, entries);

        return frame(0xd8264b1e7f05a93cL, ids(BOB), ids(ALICE_DESK_PHONE, RELAY_PEER), entries,
            CommonHeader.requestWord(MethodCode.PING), 0, false,
            (buffer, offset) -> new PingRequestEncoder().wrap(buffer, offset)
                .pingInfoBegin()
                .pingInfoAdd(PingInfoTypes.INFO_RESPONSIBLE_TYPE)
                .pingInfoEnd()
                .finish());
    }

    private static void putRouteLogEntry(
        final RouteLogEntryEncoder entry, final long[] peer, final long uptime, final long ip4, final int port)
    {
        entry.version("relo/0.1").transport(2); // draft §4.1.4: 2 is DTLS
        entry.peerInfo().id(peer[0], peer[1]).uptime(uptime).certificate(new byte[0])
            .address().ip4AddressType().v4().addr(ip4).port(port);
    }

    private static void putAliceRegistrations(final StoreTypeDataEncoder typeData)
    {
        putRegistration(typeData.valuesNext(), ALICE_DESK_PHONE, true);
        putRegistration(typeData.valuesNext(), ALICE_CELL_PHONE, false);
        putRegistration(typeData.valuesNext(), ALICE_LAPTOP, false);
    }

    /**
     * One SIP-REGISTRATION value: a dictionary_entry keyed by the device's Node-ID (RFC 7904 §7) holding a
     * SipRegistration (RFC 7904 §3.2). The desk phone and the cell phone register destination lists; the laptop
     * forwards to Alice's secretary's AOR.
     */
    private static int putRegistration(final StoredDataEncoder value, final long[] device, final boolean signed)
    {
        final MutableDirectBuffer buffer = value.buffer();
        value.storageTime(STORAGE_TIME).lifetime(REGISTRATION_LIFETIME);
        final int entryStart = value.dataValueBegin();
        final DictionaryEntryEncoder entry = new DictionaryEntryEncoder().wrap(buffer, entryStart)
            .key(idBytes(device));
        final int registrationStart = entry.valueBegin();
        final SipRegistrationEncoder registration = new SipRegistrationEncoder().wrap(buffer, registrationStart);
        if (device == ALICE_LAPTOP)
        {
            registration.type(SipRegistrationType.SIP_REGISTRATION_URI)
                .data().sipRegistrationUri().uri("sip:sam@dht.example.org".getBytes(US_ASCII));
        }
        else if (device == ALICE_CELL_PHONE)
        {
            registration.type(SipRegistrationType.SIP_REGISTRATION_ROUTE)
                .data().sipRegistrationRoute()
                .contactPrefs("+sip.schemes=\"SIPS\";+sip.audio;+sip.video".getBytes(US_ASCII))
                .destinationListBegin()
                .destinationListAdd(RELAY_PEER[0], RELAY_PEER[1])
                .destinationListAdd(device[0], device[1])
                .destinationListEnd();
        }
        else
        {
            registration.type(SipRegistrationType.SIP_REGISTRATION_ROUTE)
                .data().sipRegistrationRoute()
                .contactPrefs("+sip.schemes=\"SIP\";+sip.audio".getBytes(US_ASCII))
                .destinationListBegin()
                .destinationListAdd(device[0], device[1])
                .destinationListEnd();
        }
        final int registrationLength = registration.finish();
        final int entryLength = entry.valueEnd(registrationStart + registrationLength).finish();
        value.dataValueEnd(entryStart + entryLength);
        if (signed)
        {
            final int signatureStart = value.signatureBegin();
            final int signatureLength = putFillerSignature(buffer, signatureStart, device);
            value.signatureEnd(signatureStart + signatureLength);
        }
        else
        {
            value.signature(new byte[0]);
        }
        return value.finish();
    }

    private static int putFillerSignature(final MutableDirectBuffer buffer, final int offset, final long[] signer)
    {
        final byte[] filler = new byte[FILLER_SIGNATURE_LENGTH];
        for (int i = 0; i < filler.length; i++)
        {
            filler[i] = (byte)(0xA5 ^ (i * 29));
        }
        final SignatureEncoder signature = new SignatureEncoder().wrap(buffer, offset)
            .algorithm(SignatureAlgorithm.ECDSA_P256_SHA256)
            .signatureValue(filler);
        signature.identity().signerIdentityPeer().id(signer[0], signer[1]);
        return signature.finish();
    }

    @FunctionalInterface
    private interface PayloadWriter
    {
        int write(MutableDirectBuffer buffer, int offset);
    }

    private static byte[] request(
        final long transactionId,
        final int method,
        final long[] routeList,
        final long[] viaList,
        final boolean signed,
        final PayloadWriter payload)
    {
        return frame(transactionId, routeList, viaList, null, CommonHeader.requestWord(method), 0, signed, payload);
    }

    private static byte[] response(
        final long transactionId, final int method, final long[] routeList, final PayloadWriter payload)
    {
        // a response travels back along the request's via list, which becomes its route list (draft §4.1.2)
        return frame(transactionId, routeList, ids(), null, CommonHeader.responseWord(ResponseCode.OK), method,
            false, payload);
    }

    private static byte[] frame(
        final long transactionId,
        final long[] routeList,
        final long[] viaList,
        final byte[] routeLogEntries,
        final int codeWord,
        final int reserved,
        final boolean signed,
        final PayloadWriter payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_FRAME_LENGTH]);
        final ForwardingHeaderEncoder header = new ForwardingHeaderEncoder().wrap(buffer, 0)
            .overlay(OverlayName.hash(OVERLAY_NAME))
            .ttl(INITIAL_TTL - viaList.length / 2)
            .routing(Routing.RECURSIVE)
            .transactionId(transactionId)
            .routeList(routeList, routeList.length / 2)
            .viaList(viaList, viaList.length / 2);
        if (null != routeLogEntries)
        {
            header.routeLog(new UnsafeBuffer(routeLogEntries), 0, routeLogEntries.length);
        }

        final int contentsOffset = header.contentsOffset();
        final MessageContentsEncoder contents = new MessageContentsEncoder().wrap(buffer, contentsOffset)
            .code(codeWord)
            .reserved(reserved);
        final int payloadStart = contents.payloadBegin();
        contents.payloadEnd(payloadStart + payload.write(buffer, payloadStart));
        int contentsLength = contents.finish();

        if (signed)
        {
            // the signer is the peer that originated the request: the first id on its via list, or itself
            final long[] signer = viaList.length > 0 ? viaList : ALICE_DESK_PHONE;
            contentsLength += putFillerSignature(buffer, contentsOffset + contentsLength, signer);
        }

        final int frameLength = header.finish(contentsLength);
        final byte[] frame = new byte[frameLength];
        buffer.getBytes(0, frame);
        return frame;
    }

    private static long[] ids(final long[]... ids)
    {
        final long[] flat = new long[ids.length * 2];
        for (int i = 0; i < ids.length; i++)
        {
            flat[2 * i] = ids[i][0];
            flat[2 * i + 1] = ids[i][1];
        }
        return flat;
    }

    private static byte[] idBytes(final long[] id)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[16]);
        bytes.putLong(0, id[0], BIG_ENDIAN);
        bytes.putLong(8, id[1], BIG_ENDIAN);
        return bytes.byteArray();
    }
}
