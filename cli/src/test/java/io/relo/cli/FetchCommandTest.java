package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.ResourceId;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoredValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FetchCommandTest
{
    private static final String ALICE = "sip:alice@dht.example.org";

    private final FakeStorage storage = new FakeStorage();

    private static Opaque utf8(final String text)
    {
        return Opaque.copyOf(text.getBytes(StandardCharsets.UTF_8));
    }

    private CommandRun fetch(final String... options)
    {
        final String[] args = new String[7 + options.length];
        System.arraycopy(new String[]{"fetch", "--via", "127.0.0.1:7001", "--overlay-name", "lab", "--resource",
            ALICE}, 0, args, 0, 7);
        System.arraycopy(options, 0, args, 7, options.length);
        return storage.relo(args);
    }

    private FetchTypeData onlyFetched()
    {
        final StorageMessage.FetchRequest request = (StorageMessage.FetchRequest)storage.onlyRequest();
        assertEquals(ResourceId.of(ALICE), request.resource());
        assertEquals(1, request.data().size());
        return request.data().get(0);
    }

    @Test
    void shouldFetchEveryKeyOfADictionaryAndPrintEachValueWithItsKey()
    {
        storage.answering(new StorageMessage.FetchAnswer(List.of(new FetchResponse(KindId.SIP_REGISTRATION, 8,
            List.of(new DictionaryEntry(utf8("desk"), StoredValue.NONEXISTENT),
                new DictionaryEntry(utf8("phone"), StoredValue.of(1_800_000_000L, 3600, utf8("sip:alice@10.0.0.1"),
                    Opaque.copyOf(new byte[]{1, 2, 3}))))))), 2);

        final CommandRun run = fetch("--kind", "sip-registration");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new FetchTypeData(KindId.SIP_REGISTRATION, 0, FetchDataReference.Dictionary.WILDCARD),
            onlyFetched());
        assertEquals(String.join("\n",
            "relo fetch: 200 OK in 2 hops",
            "  resource    sip:alice@dht.example.org (3d8919f349a11acb2521d400cfcd5a4f)",
            "  kind        SIP-REGISTRATION (0x1), dictionary",
            "  generation  8",
            "  values      2",
            "    key \"desk\" nonexistent",
            "    key \"phone\" \"sip:alice@10.0.0.1\"  stored 2027-01-15T08:00:00Z, lifetime 3600 s, signed (3 bytes)",
            ""), run.out());
    }

    @Test
    void shouldFetchTheKeysGivenAsTextAndHex()
    {
        storage.answering(new StorageMessage.FetchAnswer(List.of(
            new FetchResponse(KindId.SIP_REGISTRATION, 8, List.of()))), 1);

        final CommandRun run = fetch("--kind", "0x1", "--key", "a", "--key-hex", "6263", "--key", "d");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new FetchDataReference.Dictionary(List.of(utf8("a"), utf8("d"), utf8("bc"))),
            onlyFetched().reference());
        assertTrue(run.out().contains("  values      none\n"), run.out());
    }

    @Test
    void shouldFetchTheWholeArrayARangeOrOneIndex()
    {
        storage.answering(new StorageMessage.FetchAnswer(List.of(new FetchResponse(KindId.CERTIFICATE, 4,
            List.of(new ArrayEntry(1, StoredValue.NONEXISTENT),
                new ArrayEntry(2, StoredValue.of(10, 60, Opaque.copyOf(new byte[]{0, (byte)0xff}), Opaque.EMPTY)))))),
            3);

        final CommandRun whole = fetch("--kind", "certificate");
        assertEquals(Relo.EXIT_OK, whole.exitCode(), whole.err());
        assertEquals(new FetchDataReference.Array(0, FetchDataReference.Array.FINAL), onlyFetched().reference());
        assertTrue(whole.out().contains("    [1] nonexistent\n    [2] 0x00ff  stored 1970-01-01T00:00:10Z, " +
            "lifetime 60 s\n"), whole.out());

        storage.requests.clear();
        assertEquals(Relo.EXIT_OK, fetch("--kind", "certificate", "--range", "1:-1").exitCode());
        assertEquals(new FetchDataReference.Array(1, -1), onlyFetched().reference());

        storage.requests.clear();
        assertEquals(Relo.EXIT_OK, fetch("--kind", "certificate", "--index", "2", "--generation", "3").exitCode());
        assertEquals(new FetchTypeData(KindId.CERTIFICATE, 3, new FetchDataReference.Array(2, 2)), onlyFetched());
    }

    @Test
    void shouldSayACacheHitLeavesTheValuesYouHoldCurrent()
    {
        storage.answering(new StorageMessage.FetchAnswer(List.of(
            new FetchResponse(KindId.TURN_SERVICE, 8, List.of()))), 1);

        final CommandRun run = fetch("--kind", "turn-service", "--generation", "8");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new FetchTypeData(KindId.TURN_SERVICE, 8, FetchDataReference.SingleValue.INSTANCE),
            onlyFetched());
        assertTrue(run.out().contains("  values      none sent: generation 8 is still current, so the values you " +
            "hold are up to date (draft §5.2.2.2)\n"), run.out());
    }

    @Test
    void shouldWriteEachValueAsJson()
    {
        storage.answering(new StorageMessage.FetchAnswer(List.of(new FetchResponse(KindId.TURN_SERVICE, 8,
            List.of(new SingleValueEntry(StoredValue.of(1_800_000_000L, 60, utf8("turn:10.0.0.1"),
                Opaque.EMPTY)))))), 2);

        final CommandRun run = fetch("--kind", "turn-service", "--json");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        for (final String field : List.of("\"command\": \"fetch\"", "\"code\": 200", "\"kinds\": [",
            "\"kind\": 2", "\"kind_name\": \"TURN-SERVICE\"", "\"generation\": 8", "\"model\": \"single value\"",
            "\"exists\": true", "\"value\": \"turn:10.0.0.1\"", "\"storage_time_iso\": \"2027-01-15T08:00:00Z\"",
            "\"lifetime\": 60", "\"signature_hex\": \"\""))
        {
            assertTrue(run.out().contains(field), field + " in " + run.out());
        }
    }

    @Test
    void shouldPrintTheOverlaysErrorAndExitOne()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.FETCH, ResponseCode.NOT_FOUND,
            "not responsible for 3d8919f349a11acb2521d400cfcd5a4f", List.of()), 4);

        final CommandRun run = fetch("--kind", "turn-service");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo fetch: 404 Not Found: not responsible for " +
            "3d8919f349a11acb2521d400cfcd5a4f\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldTreatAnAnswerToAnotherMethodAsAnError()
    {
        storage.answering(new StorageMessage.FindAnswer(List.of()), 1);

        final CommandRun run = fetch("--kind", "turn-service");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo fetch: the node answered with FindAnswer, not an answer to FETCH"),
            run.err());
    }

    @Test
    void shouldRefuseAddressingTheKindsDataModelHasNoUseFor()
    {
        assertUsage("give --index or --range, not both", "--kind", "certificate", "--index", "1", "--range", "0:2");
        assertUsage("range 3:1 starts after it ends", "--kind", "certificate", "--range", "3:1");
        assertUsage("expected A:B", "--kind", "certificate", "--range", "3");
        assertUsage("--range is for array kinds; TURN-SERVICE (0x2) is a single value",
            "--kind", "turn-service", "--range", "0:1");
        assertUsage("--key is for dictionary kinds; CERTIFICATE (0x3) is an array",
            "--kind", "certificate", "--key", "k");
        assertUsage("Missing required option: '--kind=KIND'");
        assertEquals(0, storage.connects);
    }

    private void assertUsage(final String message, final String... options)
    {
        final CommandRun run = fetch(options);
        assertEquals(Relo.EXIT_USAGE, run.exitCode(), String.join(" ", options));
        assertTrue(run.err().contains(message), message + " in " + run.err());
        assertTrue(run.err().contains("Usage: relo fetch"), run.err());
    }
}
