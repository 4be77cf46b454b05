package io.relo.cli;

import io.relo.control.ControlConductor;
import io.relo.control.storage.StorageClient;

import java.util.function.Consumer;

/**
 * Opens a session with a running overlay for the storage commands: {@link ClientNode#connect} in use, a fake in
 * their tests.
 */
@FunctionalInterface
interface StorageConnector
{
    /**
     * @param overlayName    the overlay's name; the forwarding header carries its hash (draft §4.1).
     * @param via            a running peer's address.
     * @param timing         T1 and the Chord intervals for the client node.
     * @param admitTimeoutMs how long to wait for the peer to admit the client.
     * @param log            told of the node's notable events.
     * @return the open session.
     * @throws NoAnswerException if the peer did not admit the client in time.
     */
    Session connect(String overlayName, HostPort via, ControlConductor.Timing timing, long admitTimeoutMs,
        Consumer<String> log) throws NoAnswerException;

    /** A storage client reaching the overlay, to close when done. */
    interface Session extends AutoCloseable
    {
        /**
         * @return the client to send requests with.
         */
        StorageClient client();

        @Override
        void close();
    }

    /** The peer at the --via address did not admit the client in time. */
    final class NoAnswerException extends Exception
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what did not answer and what to check.
         */
        NoAnswerException(final String message)
        {
            super(message);
        }
    }
}
