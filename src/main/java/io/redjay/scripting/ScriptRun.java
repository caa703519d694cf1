package io.redjay.scripting;

import io.redjay.client.Client;

/**
 * One execution of a script or function, from its start to its reply (Redis's {@code scriptRunCtx}): who called it,
 * under which flags, what it has done so far and what may interrupt it.
 *
 * <p>The checks on each {@code redis.call} read this: a read-only run refuses writes, a run that has written
 * ({@link #wrote}) can no longer be refused for OOM or killed, the propagation targets follow
 * {@code redis.set_repl}. The hook reads the start time to detect a busy script and {@link #killed} to end it.
 */
public final class ScriptRun {
    private final Client caller;
    private final String name;
    private final boolean eval;
    private final int flags;
    private final boolean readOnly;
    private final long startNanos = System.nanoTime();
    private boolean wrote;
    private boolean killed;
    private boolean timedOut;
    private int replTargets = 3;
    private int resp = 2;
    private final boolean eventsAllowed;
    private final boolean oomAtStart;

    public ScriptRun(Client caller, String name, boolean eval, int flags, boolean readOnly, boolean eventsAllowed,
            boolean oomAtStart) {
        this.caller = caller;
        this.name = name;
        this.eval = eval;
        this.flags = flags;
        this.readOnly = readOnly;
        this.eventsAllowed = eventsAllowed;
        this.oomAtStart = oomAtStart;
    }

    /** The client whose EVAL or FCALL runs the script. */
    public Client caller() {
        return caller;
    }

    /** The script's SHA1 (EVAL) or the function's name (FCALL), as errors and logs name it. */
    public String name() {
        return name;
    }

    /** EVAL/EVALSHA rather than FCALL: decides the BUSY text and which KILL applies. */
    public boolean eval() {
        return eval;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** EVAL_RO, FCALL_RO or a {@code no-writes} script: writes and may-replicate commands are refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether a write command has run: from then on the script cannot be refused for OOM, nor killed. */
    public boolean wrote() {
        return wrote;
    }

    public void wrote(boolean v) {
        wrote = v;
    }

    public boolean killed() {
        return killed;
    }

    public void kill() {
        killed = true;
    }

    public boolean timedOut() {
        return timedOut;
    }

    void timedOut(boolean v) {
        timedOut = v;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** {@code redis.set_repl}: where the script's writes are propagated (AOF 1, replicas 2). */
    public int replTargets() {
        return replTargets;
    }

    void replTargets(int targets) {
        replTargets = targets;
    }

    /** {@code redis.setresp}: the protocol the script reads command replies in. */
    public int resp() {
        return resp;
    }

    void resp(int v) {
        resp = v;
    }

    /** Whether other clients may be served while this run is busy (false for a replayed stream's script). */
    public boolean eventsAllowed() {
        return eventsAllowed;
    }

    /** Whether memory was over {@code maxmemory} when the script started (Redis's {@code pre_command_oom_state}). */
    public boolean oomAtStart() {
        return oomAtStart;
    }
}
