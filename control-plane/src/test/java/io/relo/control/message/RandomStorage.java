package io.relo.control.message;

import io.relo.codec.KindId;
import io.relo.codec.MethodCode;
import io.relo.codec.ResponseCode;
import io.relo.control.storage.ArrayEntry;
import io.relo.control.storage.DictionaryEntry;
import io.relo.control.storage.FetchDataReference;
import io.relo.control.storage.FetchResponse;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.FindTypeData;
import io.relo.control.storage.Opaque;
import io.relo.control.storage.SingleValueEntry;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StorageMessage.Body;
import io.relo.control.storage.StorageMessage.ErrorAnswer;
import io.relo.control.storage.StorageMessage.FetchAnswer;
import io.relo.control.storage.StorageMessage.FetchRequest;
import io.relo.control.storage.StorageMessage.FindAnswer;
import io.relo.control.storage.StorageMessage.FindRequest;
import io.relo.control.storage.StorageMessage.RemoveAnswer;
import io.relo.control.storage.StorageMessage.RemoveRequest;
import io.relo.control.storage.StorageMessage.StoreAnswer;
import io.relo.control.storage.StorageMessage.StoreRequest;
import io.relo.control.storage.StoreTypeData;
import io.relo.control.storage.StoreTypeResponse;
import io.relo.control.storage.StoredData;
import io.relo.control.storage.StoredValue;
import io.relo.fastpath.ring.PeerId;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random storage messages whose values follow the data models of the draft's kinds (wire-format.md §4.1), for the
 * round trips of {@link StorageCodecTest}.
 */
final class RandomStorage
{
    /** The number of body types: STORE, FETCH, REMOVE and FIND, their answers, and error answers. */
    static final int BODIES = 9;

    private static final int[] KINDS = {KindId.SIP_REGISTRATION, KindId.TURN_SERVICE, KindId.CERTIFICATE};
    private static final String[] REASON_PARTS = {"Precondition Failed", "Not Found", " ", "é", "—", "\uD834\uDD1E",
        "type-id 0x2", ""};
    private static final int[] ERROR_CODES = {ResponseCode.MOVED_TEMPORARILY, ResponseCode.UNAUTHORIZED,
        ResponseCode.FORBIDDEN, ResponseCode.NOT_FOUND, ResponseCode.PRECONDITION_FAILED, 500, 0x7FFF};
    private static final int[] METHODS = {MethodCode.STORE, MethodCode.FETCH, MethodCode.REMOVE, MethodCode.FIND};

    private RandomStorage()
    {
    }

    /**
     * @param random the source.
     * @param body   what the message says.
     * @return a message with random lists, TTL and transaction id.
     */
    static StorageMessage message(final Random random, final Body body)
    {
        return new StorageMessage(peers(random), peers(random), random.nextInt(256), random.nextLong(), body);
    }

    /**
     * @param random the source.
     * @param which  0 to {@link #BODIES} - 1, one per body type.
     * @return a random body of that type.
     */
    static Body body(final Random random, final int which)
    {
        switch (which)
        {
            case 0:
            {
                final List<StoreTypeData> data = new ArrayList<>();
                for (int i = 0, n = random.nextInt(4); i < n; i++)
                {
                    final int type = KINDS[random.nextInt(KINDS.length)];
                    data.add(new StoreTypeData(type, generation(random), values(random, type)));
                }
                return new StoreRequest(peer(random), data);
            }
            case 1:
                return new StoreAnswer(generations(random));
            case 2:
                return new FetchRequest(peer(random), fetchData(random));
            case 3:
            {
                final List<FetchResponse> responses = new ArrayList<>();
                for (int i = 0, n = random.nextInt(4); i < n; i++)
                {
                    final int type = KINDS[random.nextInt(KINDS.length)];
                    responses.add(new FetchResponse(type, generation(random), values(random, type)));
                }
                return new FetchAnswer(responses);
            }
            case 4:
                return new RemoveRequest(peer(random), fetchData(random));
            case 5:
                return new RemoveAnswer(generations(random));
            case 6:
            {
                final List<Integer> types = new ArrayList<>();
                for (int i = 0, n = random.nextInt(6); i < n; i++)
                {
                    types.add(typeId(random));
                }
                return new FindRequest(peer(random), types);
            }
            case 7:
            {
                final List<FindTypeData> answers = new ArrayList<>();
                for (int i = 0, n = random.nextInt(4); i < n; i++)
                {
                    answers.add(new FindTypeData(typeId(random), random.nextBoolean() ? FindTypeData.NONE : peer(random)));
                }
                return new FindAnswer(answers);
            }
            default:
            {
                final int method = METHODS[random.nextInt(METHODS.length)];
                final int code = ERROR_CODES[random.nextInt(ERROR_CODES.length)];
                final StringBuilder reason = new StringBuilder();
                for (int i = 0, n = random.nextInt(4); i < n; i++)
                {
                    reason.append(REASON_PARTS[random.nextInt(REASON_PARTS.length)]);
                }
                final boolean withGenerations = ResponseCode.PRECONDITION_FAILED == code &&
                    (MethodCode.STORE == method || MethodCode.REMOVE == method);
                return new ErrorAnswer(method, code, reason.toString(),
                    withGenerations ? generations(random) : List.of());
            }
        }
    }

    private static List<StoredData> values(final Random random, final int type)
    {
        final List<StoredData> values = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++)
        {
            final StoredValue value = value(random);
            switch (type)
            {
                case KindId.SIP_REGISTRATION:
                    values.add(new DictionaryEntry(opaque(random, 12), value));
                    break;
                case KindId.CERTIFICATE:
                    values.add(new ArrayEntry(random.nextBoolean() ? random.nextInt(12) - 1 : random.nextInt(), value));
                    break;
                default:
                    values.add(new SingleValueEntry(value));
            }
        }
        return values;
    }

    private static StoredValue value(final Random random)
    {
        if (random.nextInt(5) == 0)
        {
            return StoredValue.NONEXISTENT;
        }
        final long storageTime = random.nextInt(4) == 0 ? 0 : random.nextLong() & 0xFFFF_FFFFL;
        final long lifetime = random.nextInt(4) == 0 ? 0 : random.nextLong() & 0xFFFF_FFFFL;
        final Opaque data = opaque(random, 40);
        final Opaque signature = random.nextBoolean() ? Opaque.EMPTY : opaque(random, 30);
        if (0 == storageTime && 0 == lifetime && 0 == data.length() && 0 == signature.length())
        {
            // that is how the wire writes a nonexistent value (wire-format.md §4.7)
            return StoredValue.NONEXISTENT;
        }
        return StoredValue.of(storageTime, lifetime, data, signature);
    }

    private static List<FetchTypeData> fetchData(final Random random)
    {
        final List<FetchTypeData> data = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++)
        {
            final FetchDataReference reference;
            switch (random.nextInt(3))
            {
                case 0:
                    reference = FetchDataReference.SingleValue.INSTANCE;
                    break;
                case 1:
                    reference = new FetchDataReference.Array(random.nextInt(), random.nextInt(3) - 1);
                    break;
                default:
                {
                    final List<Opaque> keys = new ArrayList<>();
                    for (int k = 0, count = random.nextInt(4); k < count; k++)
                    {
                        keys.add(opaque(random, 10));
                    }
                    reference = new FetchDataReference.Dictionary(keys);
                }
            }
            // references need not match a kind's model: the store refuses that, the wire carries it
            data.add(new FetchTypeData(typeId(random), generation(random), reference));
        }
        return data;
    }

    private static List<StoreTypeResponse> generations(final Random random)
    {
        final List<StoreTypeResponse> generations = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++)
        {
            generations.add(new StoreTypeResponse(typeId(random), generation(random)));
        }
        return generations;
    }

    private static long generation(final Random random)
    {
        return random.nextInt(3) == 0 ? 0 : random.nextLong();
    }

    private static int typeId(final Random random)
    {
        return random.nextBoolean() ? KINDS[random.nextInt(KINDS.length)] : random.nextInt(KindId.MAX_KIND_ID + 1);
    }

    private static Opaque opaque(final Random random, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return Opaque.copyOf(bytes);
    }

    private static PeerId peer(final Random random)
    {
        return new PeerId(random.nextLong(), random.nextLong());
    }

    private static List<PeerId> peers(final Random random)
    {
        final List<PeerId> peers = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++)
        {
            peers.add(peer(random));
        }
        return peers;
    }
}
