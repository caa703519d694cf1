package io.redjay.command;

import io.netty.util.concurrent.EventExecutor;
import io.redjay.client.Client;
import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.expire.ActiveExpireCycle;
import io.redjay.keyspace.Keyspace;
import io.redjay.pubsub.PubSub;
import io.redjay.stats.LatencyMonitor;
import io.redjay.stats.SlowLog;
import io.redjay.stats.Stats;
import io.redjay.transaction.WatchRegistry;

import java.util.Collection;

/**
 * What the commands see of the running server: its configuration, keyspace, command table, clients, subsystems and
 * counters. The server (lifecycle package) implements it and hands it to the dispatcher, so the dispatch core and the
 * command groups depend on this view, never on the server class that starts and wires everything: the dependency
 * between the two points one way, from the server to the commands.
 */
public interface ServerView {
    Config config();

    ConfigTable configTable();

    Keyspace keyspace();

    CommandTable commands();

    Propagator propagator();

    Dispatcher dispatcher();

    Stats stats();

    SlowLog slowLog();

    LatencyMonitor latency();

    Blocking blocking();

    WatchRegistry watches();

    PubSub pubsub();

    ActiveExpireCycle activeExpire();

    String runId();

    long startMillis();

    long uptimeMillis();

    long cronLoops();

    int port();

    /** RDB persistence: SAVE, BGSAVE, save points and their state. */
    io.redjay.persistence.RdbSaver rdb();

    /** The append-only file: appending, fsync policies, BGREWRITEAOF and their state. */
    io.redjay.persistence.AppendOnlyFile aof();

    /** The master side of replication: replicas, the backlog, the replication stream. */
    io.redjay.replication.ReplicationMaster replication();

    /** The replica side: the link to this server's master, when it has one. */
    io.redjay.replication.ReplicaOfMaster replicaOf();

    io.redjay.replication.Failover failover();

    EventExecutor executor();

    /**
     * Saves as the flags and the save points say, then shuts down; returns false, with the server still running,
     * when the save failed and {@code force} was not given.
     */
    boolean shutdown(boolean save, boolean nosave, boolean force);

    /** Memory accounting and the limit (INFO memory, MEMORY, the OOM check). */
    MemoryView memory();

    /** SHUTDOWN ABORT: cancels a shutdown a signal scheduled and the cron has not run yet; false when there is none. */
    boolean abortShutdown();

    /** DEBUG PAUSE-CRON: while paused the cron does nothing (expiry, timeouts, a signalled shutdown wait). */
    void pauseCron(boolean paused);

    /** Writes Redis's crash report for {@code signal} and ends the process as that signal would (DEBUG SEGFAULT). */
    void crash(int signal, int code);

    void resetClient(Client c);

    Collection<Client> clients();

    Client client(long id);

    long nextClientIdPeek();

    void resume(Client c);

    void pause(long endMillis, boolean writesOnly);

    void unpause();

    boolean paused();

    boolean pauseWritesOnly();

    long pauseEndMillis();

    boolean holdIfPaused(Client c, long commandFlags, byte[][] argv);

    /** Server-side Lua: the script cache, the run in progress, busy state. */
    io.redjay.scripting.Scripting scripting();

    /** Whether the executor is running requests inside a socket read callback right now. */
    boolean inReadCallback();

    /** Moves a script-running command met inside a read callback to a task of its own; whether it did. */
    boolean deferFromIo(Client c, byte[][] argv);
}
