package io.relo.cli;

import io.relo.codec.KindId;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.ResourceId;
import io.relo.control.storage.StorageMessage;
import io.relo.fastpath.ring.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindCommandTest
{
    private static final PeerId CLOSEST = PeerId.parse("3d8919f349a11acb2521d400cfcd5a50");

    private final FakeStorage storage = new FakeStorage();

    @Test
    void shouldFindTheClosestResourceOfEachKindIncludingOnesReloDoesNotDefine()
    {
        storage.answering(new StorageMessage.FindAnswer(List.of(
            new FindTypeData(KindId.SIP_REGISTRATION, CLOSEST),
            new FindTypeData(KindId.CERTIFICATE, FindTypeData.NONE),
            new FindTypeData(0x9, FindTypeData.NONE))), 1);

        final CommandRun run = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "sip:alice@dht.example.org", "--kind", "sip-registration", "certificate", "--kind", "0x9");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertEquals(new StorageMessage.FindRequest(ResourceId.of("sip:alice@dht.example.org"),
            List.of(KindId.SIP_REGISTRATION, KindId.CERTIFICATE, 0x9)), storage.onlyRequest());
        assertEquals(String.join("\n",
            "relo find: 200 OK in 1 hop",
            "  resource    sip:alice@dht.example.org (3d8919f349a11acb2521d400cfcd5a4f)",
            "  SIP-REGISTRATION (0x1)     closest resource 3d8919f349a11acb2521d400cfcd5a50",
            "  CERTIFICATE (0x3)          none known",
            "  kind 0x9                   none known",
            ""), run.out());
    }

    @Test
    void shouldWriteNoneAsNullInJson()
    {
        storage.answering(new StorageMessage.FindAnswer(List.of(
            new FindTypeData(KindId.SIP_REGISTRATION, CLOSEST), new FindTypeData(KindId.TURN_SERVICE,
                FindTypeData.NONE))), 2);

        final CommandRun run = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "r", "--kind", "1", "2", "--json");

        assertEquals(Relo.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"closest_resource\": \"3d8919f349a11acb2521d400cfcd5a50\""), run.out());
        assertTrue(run.out().contains("\"closest_resource\": null"), run.out());
        assertTrue(run.out().contains("\"kind_name\": \"TURN-SERVICE\""), run.out());
    }

    @Test
    void shouldRefuseAKindGivenTwice()
    {
        final CommandRun run = storage.relo("find", "--via", "127.0.0.1:7001", "--overlay-name", "lab",
            "--resource", "r", "--kind", "certificate", "0x3");

        assertEquals(Relo.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("each --kind may be given once"), run.err());
        assertEquals(0, storage.connects);
    }
}
