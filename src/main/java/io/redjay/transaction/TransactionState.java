package io.redjay.transaction;


import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One client's MULTI/WATCH state: whether it is inside MULTI, the commands queued so far, and the two reasons EXEC may
 * refuse to run them, which Redis keeps apart because they are answered differently. A command rejected while queueing
 * makes EXEC fail with EXECABORT ({@code CLIENT_DIRTY_EXEC}); a touched WATCHed key makes EXEC reply a null array
 * ({@code CLIENT_DIRTY_CAS}). Once either is set nothing more is queued: the commands could never run.
 *
 * <p>The watched keys themselves are listed here too, so that UNWATCH, EXEC and a disconnect can leave the
 * {@link WatchRegistry} without scanning it.
 */
public final class TransactionState {
    /** Redis counts one object pointer per queued argument on top of the argument bytes. */
    private static final int POINTER_BYTES = 8;

    private boolean inMulti;
    private boolean queueRejected;
    private boolean watchTouched;
    private List<QueuedCommand> queue = Collections.emptyList();
    private long queuedBytes;
    private long queuedFlags;
    private long queuedMissingFlags;
    final List<WatchedKey> watched = new ArrayList<>(0);

    public boolean inMulti() {
        return inMulti;
    }

    public void begin() {
        inMulti = true;
    }

    /** A command was rejected while this client is in MULTI: EXEC must abort (Redis's {@code flagTransaction}). */
    public void flagRejected() {
        if (inMulti) {
            queueRejected = true;
        }
    }

    public boolean queueRejected() {
        return queueRejected;
    }

    /** A watched key changed: EXEC must reply a null array. */
    public void flagTouched() {
        watchTouched = true;
    }

    void clearTouched() {
        watchTouched = false;
    }

    /** Appends a validated command to the queue, unless the transaction can no longer succeed. */
    public void queue(byte[][] argv, long commandFlags) {
        if (queueRejected || watchTouched) {
            return;
        }
        if (queue.isEmpty()) {
            queue = new ArrayList<>(2);
        }
        queue.add(new QueuedCommand(argv, commandFlags));
        queuedFlags |= commandFlags;
        queuedMissingFlags |= ~commandFlags;
        for (byte[] a : argv) {
            queuedBytes += a.length;
        }
        queuedBytes += (long) POINTER_BYTES * argv.length;
    }

    public List<QueuedCommand> queued() {
        return queue;
    }

    /** The union of the queued commands' flags: EXEC is judged by what it will run (e.g. deny-oom). */
    public long queuedFlags() {
        return queuedFlags;
    }

    /** The flags some queued command lacks: EXEC during a load runs only if every queued command may. */
    public long queuedMissingFlags() {
        return queuedMissingFlags;
    }

    /** Number of queued commands, or -1 outside MULTI: CLIENT LIST's {@code multi} field. */
    public int queuedCount() {
        return inMulti ? queue.size() : -1;
    }

    /** Bytes of the queued arguments, as CLIENT LIST's {@code multi-mem} counts them. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** How many keys this client watches (for its memory estimate). */
    public int watchedCount() {
        return watched.size();
    }

    /** Whether WATCH saw a touched key (CLIENT LIST flag {@code d}). */
    public boolean dirty() {
        return watchTouched;
    }

    /** Leaves MULTI and forgets the queue and both failure flags; the watches are dropped by the registry. */
    void reset() {
        inMulti = false;
        queueRejected = false;
        watchTouched = false;
        queue = Collections.emptyList();
        queuedFlags = 0;
        queuedMissingFlags = 0;
        queuedBytes = 0;
    }
}
