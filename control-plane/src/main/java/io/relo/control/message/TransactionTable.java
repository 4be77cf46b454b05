package io.relo.control.message;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.DeadlineTimerWheel;

import java.util.concurrent.TimeUnit;

/**
 * Requests this peer originated and awaits responses for, with end-to-end retransmission (draft §4.4: "The
 * retransmit algorithm defined in Section 17.1.2.1 of [RFC3261] SHOULD be used. Retransmissions MUST use the same
 * transaction ID"). As for a non-INVITE client transaction: the first retransmission after T1, each next one after
 * twice the last interval up to T2, and a timeout after 64 × T1, which the caller answers locally with 408.
 * Time is given, never read, so the conductor and the simulator drive it alike.
 *
 * @param <R> what the caller keeps per request to retransmit it and to report its outcome.
 */
public final class TransactionTable<R>
{
    /** RFC 3261 T1: an estimate of the round trip. */
    public static final long T1_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** RFC 3261 T2: the longest retransmission interval. */
    public static final long T2_DEFAULT_NS = TimeUnit.SECONDS.toNanos(4);

    /**
     * What the table asks of its owner when timers fire.
     *
     * @param <R> the caller's request state.
     */
    public interface Listener<R>
    {
        /**
         * Send the request again, with the same transaction id.
         *
         * @param transactionId of the request.
         * @param request       the caller's state.
         */
        void onRetransmit(long transactionId, R request);

        /**
         * No response within 64 × T1: the transaction is over; answer the requester with 408 (draft §4.3).
         *
         * @param transactionId of the request.
         * @param request       the caller's state.
         */
        void onTimeout(long transactionId, R request);
    }

    private static final class Pending<R>
    {
        final long transactionId;
        final R request;
        final long deadlineNs;
        long intervalNs;
        long dueNs;
        long timerId;

        Pending(final long transactionId, final R request, final long deadlineNs, final long intervalNs)
        {
            this.transactionId = transactionId;
            this.request = request;
            this.deadlineNs = deadlineNs;
            this.intervalNs = intervalNs;
        }
    }

    private final long t1Ns;
    private final long t2Ns;
    private final boolean retransmit;
    private final Listener<R> listener;
    private final Long2ObjectHashMap<Pending<R>> byTransaction = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Pending<R>> byTimer = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel wheel;
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;

    /**
     * @param t1Ns       RFC 3261 T1.
     * @param t2Ns       RFC 3261 T2.
     * @param retransmit false over a reliable first hop (TLS), where only the timeout applies.
     * @param startNs    the current time.
     * @param listener   told of retransmissions and timeouts.
     */
    public TransactionTable(
        final long t1Ns, final long t2Ns, final boolean retransmit, final long startNs, final Listener<R> listener)
    {
        if (t1Ns <= 0 || t2Ns < t1Ns)
        {
            throw new IllegalArgumentException("need 0 < T1 <= T2, got T1=" + t1Ns + "ns T2=" + t2Ns + "ns");
        }
        this.t1Ns = t1Ns;
        this.t2Ns = t2Ns;
        this.retransmit = retransmit;
        this.listener = listener;
        wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startNs,
            Long.highestOneBit(Math.max(1, t1Ns / 16)), 512);
    }

    /**
     * Start a transaction for a request just sent.
     *
     * @param transactionId of the request; must not be pending already.
     * @param request       the caller's state, handed back on retransmission, timeout or response.
     * @param nowNs         the current time.
     * @return false if a transaction with that id is already pending.
     */
    public boolean start(final long transactionId, final R request, final long nowNs)
    {
        if (byTransaction.containsKey(transactionId))
        {
            return false;
        }
        final Pending<R> pending = new Pending<>(transactionId, request, nowNs + 64 * t1Ns, t1Ns);
        byTransaction.put(transactionId, pending);
        schedule(pending, retransmit ? nowNs + t1Ns : pending.deadlineNs);
        return true;
    }

    /**
     * A response arrived: the transaction is over.
     *
     * @param transactionId from the response.
     * @return the request's state, or null for a response to nothing pending (late, duplicate or forged).
     */
    public R complete(final long transactionId)
    {
        final Pending<R> pending = byTransaction.remove(transactionId);
        if (null == pending)
        {
            return null;
        }
        byTimer.remove(pending.timerId);
        wheel.cancelTimer(pending.timerId);
        return pending.request;
    }

    /**
     * Fire the timers that are due.
     *
     * @param nowNs the current time.
     * @return number of timers fired.
     */
    public int poll(final long nowNs)
    {
        int fired = 0;
        // The wheel advances one tick per poll: catch up to now, then start afresh when nothing is pending.
        while (wheel.timerCount() > 0 && wheel.currentTickTime() <= nowNs)
        {
            fired += wheel.poll(nowNs, onExpiry, Integer.MAX_VALUE);
        }
        if (wheel.timerCount() == 0)
        {
            wheel.resetStartTime(nowNs);
        }
        return fired;
    }

    /**
     * @return the earliest time a retransmission or timeout is due, or Long.MAX_VALUE with nothing pending; lets a
     * virtual-time owner sleep until then instead of polling.
     */
    public long nextDueNs()
    {
        long due = Long.MAX_VALUE;
        for (final Pending<R> pending : byTransaction.values())
        {
            due = Math.min(due, pending.dueNs);
        }
        // The wheel fires a timer once its tick has passed, up to one tick after the deadline.
        return due == Long.MAX_VALUE ? due : due + wheel.tickResolution();
    }

    /**
     * @return number of transactions awaiting a response.
     */
    public int size()
    {
        return byTransaction.size();
    }

    /**
     * @param transactionId of a request.
     * @return whether it awaits a response.
     */
    public boolean isPending(final long transactionId)
    {
        return byTransaction.containsKey(transactionId);
    }

    private void schedule(final Pending<R> pending, final long deadlineNs)
    {
        pending.dueNs = deadlineNs;
        pending.timerId = wheel.scheduleTimer(deadlineNs);
        byTimer.put(pending.timerId, pending);
    }

    private boolean onExpiry(final TimeUnit timeUnit, final long nowNs, final long timerId)
    {
        final Pending<R> pending = byTimer.remove(timerId);
        if (null == pending)
        {
            return true;
        }
        if (nowNs >= pending.deadlineNs)
        {
            byTransaction.remove(pending.transactionId);
            listener.onTimeout(pending.transactionId, pending.request);
            return true;
        }
        listener.onRetransmit(pending.transactionId, pending.request);
        // RFC 3261 §17.1.2.2: Timer E doubles up to T2. Count from when it was due, so that lateness of the wheel
        // does not accumulate; after a stall, send once and resume from now rather than in a burst.
        pending.intervalNs = Math.min(2 * pending.intervalNs, t2Ns);
        long next = pending.dueNs + pending.intervalNs;
        if (next <= nowNs)
        {
            next = nowNs + pending.intervalNs;
        }
        schedule(pending, Math.min(next, pending.deadlineNs));
        return true;
    }
}
