package io.redjay.replication;

import io.redjay.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * Clients blocked in WAIT: each waits until enough replicas have acknowledged the stream up to the offset of its
 * writes, or its timeout. Every acknowledgement re-counts them (Redis's {@code processClientsWaitingReplicas}); the
 * reply is the number of replicas that got there, whichever way the wait ends. A waiting client is suspended, so
 * its later requests queue behind the WAIT, as with any blocking command.
 */
final class AckWaiters {
    private record Waiter(long target, long needed, ScheduledFuture<?> timer) {
    }

    private final Map<Client, Waiter> waiting = new LinkedHashMap<>();
    private final LongUnaryOperator acknowledged;
    private final Consumer<Client> resume;
    private final Supplier<ScheduledExecutorService> timers;

    /**
     * @param acknowledged how many replicas have acknowledged a given offset
     * @param resume       runs a suspended client's queued requests again
     */
    AckWaiters(LongUnaryOperator acknowledged, Consumer<Client> resume, Supplier<ScheduledExecutorService> timers) {
        this.acknowledged = acknowledged;
        this.resume = resume;
        this.timers = timers;
    }

    /** Blocks {@code c} until {@code needed} replicas reach {@code target}, or {@code timeoutMillis} (0: forever). */
    void await(Client c, long target, long needed, long timeoutMillis) {
        ScheduledFuture<?> timer = timeoutMillis <= 0 ? null
                : timers.get().schedule(() -> finish(c), timeoutMillis, TimeUnit.MILLISECONDS);
        waiting.put(c, new Waiter(target, needed, timer));
        c.suspend();
    }

    /** An acknowledgement arrived: waiters that now have enough replicas are answered. */
    void acknowledgementArrived() {
        List<Client> done = new ArrayList<>();
        for (Map.Entry<Client, Waiter> e : waiting.entrySet()) {
            if (acknowledged.applyAsLong(e.getValue().target()) >= e.getValue().needed()) {
                done.add(e.getKey());
            }
        }
        for (Client c : done) {
            finish(c);
        }
    }

    private void finish(Client c) {
        Waiter w = waiting.remove(c);
        if (w == null) {
            return;
        }
        if (w.timer() != null) {
            w.timer().cancel(false);
        }
        if (c.closed()) {
            return;
        }
        c.reply().integer(acknowledged.applyAsLong(w.target()));
        resume.accept(c);
    }

    /** A client that disconnects while waiting leaves the list. */
    void gone(Client c) {
        Waiter w = waiting.remove(c);
        if (w != null && w.timer() != null) {
            w.timer().cancel(false);
        }
    }

    int size() {
        return waiting.size();
    }
}
