package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.ResourceId;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoveCommandTest
{
    private final FakeStorage storage = new FakeStorage();

    @Test
    void shouldRemoveOneKeyAndSayWhenNothingOfTheKindIsLeft()
    {
        storage.answering(new StorageMessage.RemoveAnswer(List.of(new StoreTypeResponse(KindId.SIP_REGISTRATION, 0))),
            2);

        final CommandRun run = storage.relo("remove", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "alice", "--kind", "sip-registration", "--key", "phone", "--generation", "8");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new StorageMessage.RemoveRequest(ResourceId.of("alice"), List.of(new FetchTypeData(
            KindId.SIP_REGISTRATION, 8, new FetchDataReference.Dictionary(List.of(
                Opaque.copyOf("phone".getBytes(StandardCharsets.UTF_8))))))), storage.onlyRequest());
        assertEquals(String.join("\n",
            "relo remove: 200 OK in 2 hops",
            "  resource    alice (522b276a356bdf39013dfabea2cd43e1)",
            "  kind        SIP-REGISTRATION (0x1), dictionary",
            "  generation  0 (nothing of the kind is left)",
            ""), run.out());
    }

    @Test
    void shouldRemoveOneIndexOrTheWholeArray()
    {
        storage.answering(new StorageMessage.RemoveAnswer(List.of(new StoreTypeResponse(KindId.CERTIFICATE, 12))),
            1);

        final CommandRun one = storage.relo("remove", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "certs", "--kind", "certificate", "--index", "-1", "--json");

        assertEquals(Relo.EXIT_OK, one.exitCode(), one.err());
        assertEquals(new FetchTypeData(KindId.CERTIFICATE, 0, new FetchDataReference.Array(-1, -1)),
            ((StorageMessage.RemoveRequest)storage.onlyRequest()).data().get(0));
        assertTrue(one.out().contains("\"command\": \"remove\""), one.out());
        assertTrue(one.out().contains("\"generation\": 12"), one.out());

        storage.requests.clear();
        final CommandRun all = storage.relo("remove", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "certs", "--kind", "certificate");
        assertEquals(Relo.EXIT_OK, all.exitCode(), all.err());
        assertEquals(new FetchDataReference.Array(0, FetchDataReference.Array.FINAL),
            ((StorageMessage.RemoveRequest)storage.onlyRequest()).data().get(0).reference());
        assertTrue(all.out().contains("  generation  12\n"), all.out());
    }

    @Test
    void shouldPrintA403AndExitOne()
    {
        storage.answering(new StorageMessage.ErrorAnswer(MethodCode.REMOVE, ResponseCode.FORBIDDEN,
            "the access policy of CERTIFICATE refuses this remove", List.of()), 2);

        final CommandRun run = storage.relo("remove", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "certs", "--kind", "certificate", "--json");

        assertEquals(Relo.EXIT_NOT_OK, run.exitCode());
        assertTrue(run.err().contains("relo remove: 403 Forbidden: the access policy of CERTIFICATE refuses this " +
            "remove"), run.err());
        assertTrue(run.out().contains("\"code\": 403"), run.out());
        assertTrue(run.out().contains("\"generations\": []"), run.out());
    }

    @Test
    void shouldRefuseARangeWhichRemoveDoesNotTake()
    {
        final CommandRun run = storage.relo("remove", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "certs", "--kind", "certificate", "--range", "0:1");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("Unknown options: '--range'"), run.err());
        assertEquals(0, storage.connects);
    }
}
