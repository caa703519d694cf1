package io.redjay.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where executed writes become the command stream that reproduces them elsewhere: the AOF and the
 * replicas (Redis's {@code alsoPropagate} / {@code propagatePendingCommands}).
 *
 * <p><b>Pending, then flushed.</b> While a command runs, everything it propagates is appended here in order: a key
 * that lazy expiry deletes on the way ({@code DEL}), the extra commands a handler asks for (SPOP's {@code SREM}s), and
 * finally the command itself, verbatim or in the form its handler chose, appended by the dispatcher after the
 * handler returns when the dataset changed. EXEC is never propagated itself; the commands it ran are appended by
 * their own nested calls. When the top-level call ends the pending list is flushed: more than one command is wrapped
 * in {@code MULTI} ... {@code EXEC}, so a replica or an AOF replay applies them atomically, exactly as Redis 7.0
 * frames them. Work done outside any command (the active expiry cycle) flushes without the wrapping.
 *
 * <p><b>Cost.</b> With no sink attached (no AOF, no replica) nothing is recorded at all, so the hot path pays one
 * branch.
 */
public final class Propagator {
    /** Targets, as Redis's {@code PROPAGATE_AOF} and {@code PROPAGATE_REPL}. */
    public static final int AOF = 1;
    public static final int REPL = 2;
    public static final int ALL = AOF | REPL;

    static final byte[][] MULTI = {"MULTI".getBytes()};
    static final byte[][] EXEC = {"EXEC".getBytes()};

    private final List<PropagationSink> aofSinks = new ArrayList<>();
    private final List<PropagationSink> replSinks = new ArrayList<>();
    private int[] dbs = new int[8];
    private int[] targets = new int[8];
    private byte[][][] ops = new byte[8][][];
    private int count;
    private boolean suspended;

    /** Attaches a sink for the given targets ({@link #AOF}, {@link #REPL}). */
    public void attach(PropagationSink sink, int target) {
        if ((target & AOF) != 0) {
            aofSinks.add(sink);
        }
        if ((target & REPL) != 0) {
            replSinks.add(sink);
        }
    }

    public void detach(PropagationSink sink) {
        aofSinks.remove(sink);
        replSinks.remove(sink);
    }

    /** While suspended (loading a dataset), nothing is propagated, as Redis propagates nothing while loading. */
    public void suspended(boolean v) {
        suspended = v;
    }

    /** Whether anything would be propagated to {@code target} at all. */
    public boolean active(int target) {
        if (suspended) {
            return false;
        }
        return ((target & AOF) != 0 && !aofSinks.isEmpty()) || ((target & REPL) != 0 && !replSinks.isEmpty());
    }

    /** Appends a command to the pending list (it goes out when the current execution unit is flushed). */
    public void add(int db, byte[][] argv, int target) {
        if (!active(target)) {
            return;
        }
        if (count == ops.length) {
            ops = Arrays.copyOf(ops, count * 2);
            dbs = Arrays.copyOf(dbs, count * 2);
            targets = Arrays.copyOf(targets, count * 2);
        }
        ops[count] = argv;
        dbs[count] = db;
        targets[count] = target;
        count++;
    }

    public int pending() {
        return count;
    }

    /**
     * Sends the pending commands to the sinks, wrapped in MULTI/EXEC when there is more than one and
     * {@code transaction} allows it (the database of MULTI is the first command's, of EXEC the last one's, so no
     * extra SELECT appears inside the frame).
     */
    public void flush(boolean transaction) {
        if (count == 0) {
            return;
        }
        int n = count;
        count = 0;
        boolean wrap = transaction && n > 1;
        if (wrap) {
            emit(dbs[0], MULTI, ALL);
        }
        for (int i = 0; i < n; i++) {
            emit(dbs[i], ops[i], targets[i]);
            ops[i] = null;
        }
        if (wrap) {
            emit(dbs[n - 1], EXEC, ALL);
        }
    }

    private void emit(int db, byte[][] argv, int target) {
        if ((target & AOF) != 0) {
            for (int i = 0; i < aofSinks.size(); i++) {
                aofSinks.get(i).propagate(db, argv);
            }
        }
        if ((target & REPL) != 0) {
            for (int i = 0; i < replSinks.size(); i++) {
                replSinks.get(i).propagate(db, argv);
            }
        }
    }
}
