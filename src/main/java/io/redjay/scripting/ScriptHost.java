package io.redjay.scripting;

/**
 * What scripting needs from the server, without depending on the command package: running a command for a script,
 * serving other clients while a script is busy, and logging. The command package implements it (it owns the
 * dispatcher and the command table), so the dependency points one way.
 */
public interface ScriptHost {
    /**
     * Runs {@code argv} as the script's client, after the checks Redis applies to commands called from scripts, and
     * returns its reply as a Lua value (an error table when the command failed or was refused).
     */
    Object call(ScriptRun run, byte[][] argv);

    /** Whether {@code argv} names a command (or subcommand) of the table: {@code redis.acl_check_cmd}. */
    boolean knowsCommand(byte[][] argv);

    /** Serves the other clients once (they get {@code -BUSY}, or run the commands allowed while busy). */
    void processEventsWhileBusy();

    /** A run has just become busy: its caller is held until it ends, other clients start getting BUSY. */
    void busyStarted(ScriptRun run);

    /** A busy run ended: its caller is served again, with whatever it sent meanwhile. */
    void busyEnded(ScriptRun run);

    /** Whether a shutdown was accepted while a script was busy: the script is then ended at its next hook. */
    boolean shuttingDownNow();

    /** A run starts: the script client selects the caller's database, the keyspace clock stops. */
    void prepare(ScriptRun run);

    /** A run ended (normally or not): the clock runs again. */
    void finish(ScriptRun run);

    /** Writes a line to the server log at a Redis level (0 debug, 1 verbose, 2 notice, 3 warning). */
    void log(int level, String line);

    /** The server's log verbosity as a Redis level: lines below it are not written. */
    int verbosity();
}
