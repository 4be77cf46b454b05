package io.relo.cli;

import io.relo.control.ControlConductor;
import io.relo.control.storage.FetchTypeData;
import io.relo.control.storage.StorageClient;
import io.relo.control.storage.StorageMessage;
import io.relo.control.storage.StoreTypeData;
import io.relo.fastpath.ring.PeerId;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A storage client and its connector for the storage commands' tests: records what a command connects to and asks,
 * and answers every request with one canned answer, as the conductor would on its own thread.
 */
final class FakeStorage implements StorageConnector, StorageClient
{
    final List<StorageMessage.Body> requests = new ArrayList<>();
    String overlayName;
    HostPort via;
    ControlConductor.Timing timing;
    long admitTimeoutMs;
    int connects;
    int closes;

    private StorageMessage.Body answer;
    private int hops;
    private String noAnswer;

    /**
     * @param answer what every request gets.
     * @param hops   the hops it took.
     * @return this.
     */
    FakeStorage answering(final StorageMessage.Body answer, final int hops)
    {
        this.answer = answer;
        this.hops = hops;
        return this;
    }

    /**
     * @param message the connector's failure: the peer at --via never admits the client.
     * @return this.
     */
    FakeStorage notAdmitting(final String message)
    {
        this.noAnswer = message;
        return this;
    }

    /**
     * Run the relo command line with the storage commands connected to this fake.
     *
     * @param args as given.
     * @return the run.
     */
    CommandRun relo(final String... args)
    {
        return relo(() -> 1_700_000_000L, args);
    }

    /**
     * @param epochSeconds the clock relo store reads its default storage time from.
     * @param args         as given.
     * @return the run.
     */
    CommandRun relo(final java.util.function.LongSupplier epochSeconds, final String... args)
    {
        final CommandLine.IFactory defaults = CommandLine.defaultFactory();
        final CommandLine.IFactory factory = new CommandLine.IFactory()
        {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(final Class<K> type) throws Exception
            {
                if (type == StoreCommand.class)
                {
                    return (K)new StoreCommand(FakeStorage.this, epochSeconds);
                }
                if (type == FetchCommand.class)
                {
                    return (K)new FetchCommand(FakeStorage.this);
                }
                if (type == RemoveCommand.class)
                {
                    return (K)new RemoveCommand(FakeStorage.this);
                }
                if (type == FindCommand.class)
                {
                    return (K)new FindCommand(FakeStorage.this);
                }
                return defaults.create(type);
            }
        };
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new Relo(), factory);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /**
     * @return the only request sent.
     */
    StorageMessage.Body onlyRequest()
    {
        if (requests.size() != 1)
        {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.get(0);
    }

    @Override
    public Session connect(
        final String overlayName,
        final HostPort via,
        final ControlConductor.Timing timing,
        final long admitTimeoutMs,
        final Consumer<String> log) throws NoAnswerException
    {
        this.overlayName = overlayName;
        this.via = via;
        this.timing = timing;
        this.admitTimeoutMs = admitTimeoutMs;
        connects++;
        if (null != noAnswer)
        {
            throw new NoAnswerException(noAnswer);
        }
        return new Session()
        {
            @Override
            public StorageClient client()
            {
                return FakeStorage.this;
            }

            @Override
            public void close()
            {
                closes++;
            }
        };
    }

    @Override
    public void store(final PeerId resource, final List<StoreTypeData> data, final Reply reply)
    {
        answer(new StorageMessage.StoreRequest(resource, data), reply);
    }

    @Override
    public void fetch(final PeerId resource, final List<FetchTypeData> data, final Reply reply)
    {
        answer(new StorageMessage.FetchRequest(resource, data), reply);
    }

    @Override
    public void remove(final PeerId resource, final List<FetchTypeData> data, final Reply reply)
    {
        answer(new StorageMessage.RemoveRequest(resource, data), reply);
    }

    @Override
    public void find(final PeerId resource, final List<Integer> types, final Reply reply)
    {
        answer(new StorageMessage.FindRequest(resource, types), reply);
    }

    private void answer(final StorageMessage.Body request, final Reply reply)
    {
        requests.add(request);
        final Thread conductor = new Thread(() -> reply.onReply(answer, hops), "fake-conductor");
        conductor.start();
    }
}
