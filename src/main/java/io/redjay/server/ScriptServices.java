package io.redjay.server;

import io.redjay.client.Client;
import io.redjay.command.ScriptCalls;
import io.redjay.scripting.ScriptHost;
import io.redjay.scripting.ScriptRun;

/**
 * The server's side of scripting: runs a script's commands through {@link ScriptCalls}, freezes the keyspace clock
 * for the length of a run (a key cannot expire halfway through a script, as Redis's {@code scriptTimeSnapshot}
 * ensures), and handles a busy script: the caller is held, the master's stream is not read, and the event loop is
 * turned once per hook so that other clients get their BUSY replies (and SCRIPT KILL or SHUTDOWN NOSAVE can reach
 * the server).
 */
final class ScriptServices implements ScriptHost {
    private final Server server;
    private final ScriptCalls calls;
    private Runnable busyEvents = () -> { };
    private boolean shuttingDown;

    ScriptServices(Server server, ScriptCalls calls) {
        this.server = server;
        this.calls = calls;
    }

    /** How the event loop is turned once while the executor is inside a script (set by the network layer). */
    void busyEvents(Runnable r) {
        busyEvents = r;
    }

    /** A shutdown was accepted: a busy script ends at its next hook. */
    void shuttingDown() {
        shuttingDown = true;
    }

    @Override
    public void prepare(ScriptRun run) {
        calls.prepare(run.caller());
        server.keyspace().freezeTime(true);
    }

    @Override
    public void finish(ScriptRun run) {
        server.keyspace().freezeTime(false);
    }

    @Override
    public Object call(ScriptRun run, byte[][] argv) {
        return calls.call(run, argv);
    }

    @Override
    public boolean knowsCommand(byte[][] argv) {
        return calls.knows(argv);
    }

    @Override
    public void processEventsWhileBusy() {
        busyEvents.run();
    }

    @Override
    public void busyStarted(ScriptRun run) {
        run.caller().suspend();
        server.replicaOf().holdStream(true);
    }

    @Override
    public void busyEnded(ScriptRun run) {
        server.replicaOf().holdStream(false);
        Client c = run.caller();
        c.unsuspend();
        if (!c.deferred().isEmpty()) {
            server.executor().execute(() -> server.resume(c));
        }
    }

    @Override
    public boolean shuttingDownNow() {
        return shuttingDown;
    }

    @Override
    public void log(int level, String line) {
        switch (level) {
            case 0, 1 -> ServerLog.LOG.debug(line);
            case 2 -> ServerLog.LOG.info(line);
            default -> ServerLog.LOG.warn(line);
        }
    }

    @Override
    public int verbosity() {
        return switch (server.config().loglevel) {
            case "debug" -> 0;
            case "verbose" -> 1;
            case "notice" -> 2;
            default -> 3;
        };
    }
}
