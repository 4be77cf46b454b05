package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.ResourceId;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreCommandTest
{
    private static final String ALICE = "sip:alice@dht.example.org";
    private static final StorageMessage.StoreAnswer GENERATION_8 =
        new StorageMessage.StoreAnswer(List.of(new StoreTypeResponse(KindId.SIP_REGISTRATION, 8)));

    private final FakeStorage storage = new FakeStorage();

    private static Opaque utf8(final String text)
    {
        return Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStoreATextValueUnderADictionaryKeyAndPrintTheNewGeneration()
    {
        storage.answering(GENERATION_8, 2);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab.relo.example",
            "--resource", ALICE, "--kind", "sip-registration", "--key", "phone", "--value", "sip:alice@10.0.0.1",
            "--storage-time", "1800000000");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new StorageMessage.StoreRequest(ResourceId.of(ALICE), List.of(new StoreTypeData(
            KindId.SIP_REGISTRATION, 0, List.of(new DictionaryEntry(utf8("phone"),
                StoredValue.of(1_800_000_000L, 3600, utf8("sip:alice@10.0.0.1"), Opaque.EMPTY)))))),
            storage.onlyRequest());
        assertEquals("lab.relo.example", storage.overlayName);
        assertEquals(1, storage.closes);
        assertEquals(String.join("\n",
            "relo store: 200 OK in 2 hops",
            "  resource    sip:alice@dht.example.org (3d8919f349a11acb2521d400cfcd5a4f)",
            "  kind        SIP-REGISTRATION (0x1), dictionary",
            "  stored      key \"phone\" \"sip:alice@10.0.0.1\"  stored 2027-01-15T08:00:00Z, lifetime 3600 s",
            "  generation  8",
            ""), run.out());
        assertTrue(run.err().startsWith(PeerCommand.PLAINTEXT_WARNING), run.err());
    }

    @Test
    void shouldAppendToAnArrayByDefaultWithTheStorageTimeFromTheClock()
    {
        storage.answering(new StorageMessage.StoreAnswer(List.of(new StoreTypeResponse(KindId.CERTIFICATE, 3))), 1);

        final CommandRun run = storage.relo(() -> 1_700_000_123L, "store", "--via", "127.0.0.1:7001",
            "--overlay-name", "lab", "--resource", "certs", "--kind", "certificate", "--value-hex", "0x0a0bff");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        final StoreTypeData data = ((StorageMessage.StoreRequest)storage.onlyRequest()).data().get(0);
        assertEquals(new StoreTypeData(KindId.CERTIFICATE, 0, List.of(new ArrayEntry(ArrayEntry.APPEND,
            StoredValue.of(1_700_000_123L, 3600, Opaque.copyOf(new byte[]{0x0a, 0x0b, (byte)0xff}), Opaque.EMPTY)))),
            data);
        assertTrue(run.out().contains("  stored      [-1] 0x0a0bff  stored 2023-11-14T22:15:23Z, lifetime 3600 s\n"),
            run.out());
        assertTrue(run.out().startsWith("relo store: 200 OK in 1 hop\n"), run.out());
    }

    @Test
    void shouldStoreASingleValueByResourceIdWithItsGenerationAndLifetime()
    {
        storage.answering(new StorageMessage.StoreAnswer(List.of(new StoreTypeResponse(KindId.TURN_SERVICE, 8))), 3);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource-id", "50000000000000000000000000000000", "--kind", "0x2", "--value", "turn",
            "--generation", "7", "--lifetime", "60", "--index", "-1");

        assertEquals(Relo.EXIT_USAGE, run.exitCode(), "--index is for arrays");
        assertTrue(run.err().contains("relo store: --index is for array kinds; TURN-SERVICE (0x2) is a " +
            "single value"), run.err());
        assertEquals(0, storage.connects, "a usage error starts no node");

        final CommandRun ok = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource-id", "50000000000000000000000000000000", "--kind", "0x2", "--value", "turn",
            "--generation", "7", "--lifetime", "60", "--storage-time", "10");

        assertEquals(Relo.EXIT_OK, ok.exitCode(), ok.err());
        final StorageMessage.StoreRequest request = (StorageMessage.StoreRequest)storage.onlyRequest();
        assertEquals("50000000000000000000000000000000", request.resource().toString());
        assertEquals(new StoreTypeData(KindId.TURN_SERVICE, 7, List.of(new SingleValueEntry(
            StoredValue.of(10, 60, utf8("turn"), Opaque.EMPTY)))), request.data().get(0));
        assertTrue(ok.out().contains("  resource    50000000000000000000000000000000\n"), ok.out());
    }

    @Test
    void shouldWriteOneJsonObjectWithJson()
    {
        storage.answering(GENERATION_8, 2);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", ALICE, "--kind", "SIP_REGISTRATION", "--key-hex", "00ff", "--value", "sip:a@b",
            "--storage-time", "1800000000", "--json");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        final String json = run.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(1, json.chars().filter(c -> c == '{').count() - json.chars().filter(c -> c == '}').count() + 1);
        for (final String field : List.of("\"command\": \"store\"", "\"code\": 200", "\"reason\": \"OK\"",
            "\"hops\": 2", "\"overlay\": \"lab\"", "\"via\": \"127.0.0.1:7001\"",
            "\"name\": \"sip:alice@dht.example.org\"", "\"id\": \"3d8919f349a11acb2521d400cfcd5a4f\"",
            "\"kind\": 1", "\"key\": null", "\"key_hex\": \"00ff\"", "\"value\": \"sip:a@b\"",
            "\"value_hex\": \"7369703a614062\"", "\"storage_time\": 1800000000",
            "\"storage_time_iso\": \"2027-01-15T08:00:00Z\"", "\"lifetime\": 3600", "\"generation\": 8"))
        {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertFalse(run.out().contains("relo store:"), run.out());
    }

    @Test
    void shouldPrintThe412WithTheCurrentGenerationAndExitOne()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.STORE, ResponseCode.PRECONDITION_FAILED,
            "generation 7 is not the current 9", List.of(new StoreTypeResponse(KindId.SIP_REGISTRATION, 9))), 2);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", ALICE, "--kind", "sip-registration", "--key", "phone", "--value", "x", "--generation", "7");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo store: 412 Precondition Failed: generation 7 is not the current 9\n" +
            "  current generation of SIP-REGISTRATION (0x1): 9\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldWriteTheErrorAsJsonToo()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.STORE, ResponseCode.PRECONDITION_FAILED,
            "generation 7 is not the current 9", List.of(new StoreTypeResponse(KindId.SIP_REGISTRATION, 9))), 2);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", ALICE, "--kind", "1", "--key", "phone", "--value", "x", "--generation", "7", "--json");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.out().contains("\"code\": 412"), run.out());
        assertTrue(run.out().contains("\"reason\": \"generation 7 is not the current 9\""), run.out());
        assertTrue(run.out().contains("\"generation\": 9"), run.out());
        assertTrue(run.err().contains("412 Precondition Failed"), run.err());
    }

    @Test
    void shouldHintAtStorageTimeWhenASecondStoreWithinOneSecondIsRefused()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.STORE, ResponseCode.PRECONDITION_FAILED,
            "storage time 1700000000 of TURN-SERVICE is not later than 1700000000: store with a later storage time",
            List.of()), 1);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "turn", "--kind", "turn-service", "--value", "x");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("a second store to the same address within one second needs " +
            "--storage-time"), run.err());
    }

    @Test
    void shouldSayWhatToCheckWhenNoPeerAdmitsTheClient()
    {
        storage.notAdmitting("no answer from the peer at 127.0.0.1:7001 within 10 s: is a relo peer running " +
            "there, with the same overlay?");

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "turn", "--kind", "turn-service", "--value", "x");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo store: no answer from the peer at 127.0.0.1:7001 within 10 s: is a " +
            "relo peer running there, with the same overlay?"), run.err());
        assertEquals(10_000, storage.admitTimeoutMs);
        assertTrue(storage.requests.isEmpty());
    }

    @Test
    void shouldSayA408MeansNoAnswer()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.STORE, ResponseCode.REQUEST_TIMEOUT,
            "Request Timeout", List.of()), -1);

        final CommandRun run = storage.relo("store", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "turn", "--kind", "turn-service", "--value", "x", "--t1-ms", "100");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo store: 408 Request Timeout (no answer came from the responsible peer " +
            "within 64 × T1 = 6.4 s"), run.err());
    }

    @Test
    void shouldRefuseOptionsTheKindsDataModelHasNoUseFor()
    {
        assertUsage("SIP-REGISTRATION (0x1) is a dictionary: give the value's --key K",
            "--kind", "sip-registration", "--value", "x");
        assertUsage("--key is for dictionary kinds; CERTIFICATE (0x3) is an array",
            "--kind", "certificate", "--key", "k", "--value", "x");
        assertUsage("unknown kind \"sip\"", "--kind", "sip", "--value", "x");
        assertUsage("kind 0x9 is not one relo defines", "--kind", "0x9", "--value", "x");
        assertUsage("--index -2: give -1 to append", "--kind", "certificate", "--index", "-2", "--value", "x");
        assertUsage("Missing required argument", "--kind", "certificate");
        assertUsage("mutually exclusive", "--kind", "certificate", "--value", "x", "--value-hex", "00");
        assertUsage("'z' at position 2", "--kind", "certificate", "--value-hex", "0z");
        assertUsage("--lifetime -1 is outside", "--kind", "certificate", "--value", "x", "--lifetime", "-1");
        assertEquals(0, storage.connects, "no usage error starts a node");
    }

    private void assertUsage(final String message, final String... options)
    {
        final String[] args = new String[8 + options.length];
        System.arraycopy(new String[]{"store", "--via", "127.0.0.1:7001", "--overlay-name", "lab", "--resource",
            "r", "--json"}, 0, args, 0, 8);
        System.arraycopy(options, 0, args, 8, options.length);
        final CommandRun run = storage.relo(args);
        assertEquals(Relo.EXIT_USAGE, run.exitCode(), String.join(" ", args));
        assertTrue(run.err().contains(message), message + " in " + run.err());
        assertTrue(run.err().contains("Usage: relo store"), run.err());
    }
}
