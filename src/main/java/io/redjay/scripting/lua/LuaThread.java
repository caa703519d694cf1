package io.redjay.scripting.lua;

import java.util.concurrent.SynchronousQueue;

/**
 * A coroutine (Lua's {@code thread} type), as {@code coroutine.create} makes it.
 *
 * <p><b>One Java thread each.</b> The interpreter runs Lua on the Java stack, so a coroutine that yields halfway
 * through nested calls keeps them on a stack of its own: its body runs on a thread of its own, started at the first
 * resume. Only one of the threads involved ever runs at a time. A resume hands the arguments over and waits; a yield
 * or the end of the body hands the results back and waits (or ends). The hand-overs go through synchronous queues,
 * which also publish everything one side wrote to the other. The interpreter's call stack is swapped at each switch,
 * so error positions and the depth limit are per coroutine, as in C Lua.
 *
 * <p><b>Bounded.</b> At most {@link #MAX_LIVE} coroutines of a state have a thread at once, and the host ends the
 * ones a script leaves suspended ({@link LuaState#closeCoroutines}) when the script is over, so no thread outlives
 * the script that made it.
 */
public final class LuaThread {
    /** How many coroutines of one state may be started and unfinished at once. */
    public static final int MAX_LIVE = 256;

    enum Status { SUSPENDED, RUNNING, NORMAL, DEAD }

    /** What a switch hands back to the resumer. */
    private record Handback(int kind, Object[] values, RuntimeException failure) {
    }

    private static final int YIELD = 0;
    private static final int RETURN = 1;
    private static final int ERROR = 2;
    private static final int FAILURE = 3;
    private static final int CLOSED = 4;

    /** Resumes a suspended coroutine only to end it. */
    private static final Object[] CLOSE = new Object[0];

    private final LuaState L;
    private final Object body;
    private Status status = Status.SUSPENDED;
    private Thread thread;
    private Object[] stack;
    private final SynchronousQueue<Object[]> resumes = new SynchronousQueue<>();
    private final SynchronousQueue<Handback> handbacks = new SynchronousQueue<>();

    public LuaThread(LuaState L, Object body) {
        this.L = L;
        this.body = body;
    }

    /** {@code coroutine.status}: "suspended", "running", "normal" or "dead". */
    public String status() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean dead() {
        return status == Status.DEAD;
    }

    /**
     * {@code coroutine.resume(co, ...)}: runs the coroutine until it yields or ends. Returns {@code true} and its
     * values, or {@code false} and its error; a kill ({@link LuaInterrupt}) inside it propagates.
     */
    public Object[] resume(Object[] args) {
        if (status != Status.SUSPENDED) {
            return new Object[] {Boolean.FALSE, LuaString.of("cannot resume " + status() + " coroutine")};
        }
        if (thread == null && L.liveCoroutines() >= MAX_LIVE) {
            throw L.error("too many coroutines (at most " + MAX_LIVE + " unfinished at once)");
        }
        LuaThread previous = L.runningCoroutine();
        if (previous != null) {
            previous.status = Status.NORMAL;
        }
        Object[] mine = L.detachStack();
        if (stack != null) {
            L.install(stack);
        }
        status = Status.RUNNING;
        L.runningCoroutine(this);
        Handback back;
        try {
            if (thread == null) {
                start();
            }
            resumes.put(args);
            back = handbacks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaInterrupt("ERR interrupted while a coroutine ran");
        } finally {
            stack = L.detachStack();
            L.install(mine);
            L.runningCoroutine(previous);
            if (previous != null) {
                previous.status = Status.RUNNING;
            }
        }
        switch (back.kind) {
            case YIELD -> {
                status = Status.SUSPENDED;
                return prepend(Boolean.TRUE, back.values);
            }
            case RETURN -> {
                status = Status.DEAD;
                return prepend(Boolean.TRUE, back.values);
            }
            case ERROR -> {
                status = Status.DEAD;
                return new Object[] {Boolean.FALSE, back.values[0]};
            }
            default -> {
                status = Status.DEAD;
                throw back.failure;
            }
        }
    }

    /** {@code coroutine.yield(...)}, on the coroutine's own thread: hands {@code values} back, waits for a resume. */
    public Object[] yield(Object[] values) {
        Object[] args;
        try {
            handbacks.put(new Handback(YIELD, values, null));
            args = resumes.take();
        } catch (InterruptedException e) {
            throw new Closed();
        }
        if (args == CLOSE) {
            throw new Closed();
        }
        return args;
    }

    private void start() {
        L.started(this);
        thread = new Thread(null, this::run, "redjay-lua-coroutine", 16L << 20);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Object[] args;
        try {
            args = resumes.take();
        } catch (InterruptedException e) {
            return;
        }
        Handback back;
        try {
            back = new Handback(RETURN, L.call(body, args), null);
        } catch (LuaError e) {
            back = new Handback(ERROR, new Object[] {e.value()}, null);
        } catch (Closed e) {
            back = new Handback(CLOSED, null, null);
        } catch (RuntimeException e) {
            back = new Handback(FAILURE, null, e);
        } catch (StackOverflowError e) {
            back = new Handback(ERROR, new Object[] {LuaString.of("stack overflow")}, null);
        }
        try {
            handbacks.put(back);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends a coroutine left suspended: it is resumed one last time, with its own call stack in place, and unwinds
     * its thread from the yield it waits in. Done synchronously, so the unwinding touches only that stack.
     */
    void close() {
        if (thread == null || status != Status.SUSPENDED) {
            status = Status.DEAD;
            return;
        }
        status = Status.DEAD;
        Object[] mine = L.detachStack();
        L.install(stack);
        try {
            resumes.put(CLOSE);
            handbacks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            L.install(mine);
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** Unwinds a closed coroutine's thread; never seen by Lua code (pcall lets it through, as it is no LuaError). */
    private static final class Closed extends RuntimeException {
        Closed() {
            super(null, null, false, false);
        }
    }
}
