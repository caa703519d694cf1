package io.redjay.server;

import io.netty.util.concurrent.EventExecutor;
import io.redjay.client.Client;
import io.redjay.client.ClientHost;
import io.redjay.client.Connection;
import io.redjay.command.Blocking;
import io.redjay.command.CommandTable;
import io.redjay.command.Dispatcher;
import io.redjay.command.Flags;
import io.redjay.command.ServerView;
import io.redjay.command.introspection.ClientInfoLine;
import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.expire.ActiveExpireCycle;
import io.redjay.keyspace.Clock;
import io.redjay.keyspace.Keyspace;
import io.redjay.stats.LatencyMonitor;
import io.redjay.stats.SlowLog;
import io.redjay.stats.Stats;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's state, owned by the single executor thread: configuration, keyspace, command table, connected clients,
 * counters, and the periodic {@code hz} cron (active expiry, incremental rehash, idle client timeouts, stats sampling).
 *
 * <p>Nothing here is locked. Code on other threads (the I/O loops when {@code io-threads} > 1, the JVM shutdown hook)
 * reaches the state only by submitting a task to {@link #executor()}.
 */
public final class Server implements ServerView, ClientHost {

    private final Config config;
    private final ConfigTable configTable;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Dispatcher dispatcher;
    private final io.redjay.command.Propagator propagator = new io.redjay.command.Propagator();
    private final Stats stats = new Stats();
    private final SlowLog slowLog;
    private final LatencyMonitor latency;
    private final ActiveExpireCycle activeExpire;
    private final Blocking blocking;
    private final io.redjay.pubsub.PubSub pubsub = new io.redjay.pubsub.PubSub();
    private final io.redjay.transaction.WatchRegistry watches;
    private final MemoryManager memory;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final io.redjay.client.ClientMemory clientMemory =
            new io.redjay.client.ClientMemory(c -> ClientInfoLine.describe(this, c));
    private final List<Client> pendingFlush = new ArrayList<>();
    private final String runId;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private EventExecutor executor;
    private long nextClientId = 1;
    private int boundPort;
    private long cronLoops;
    private Runnable shutdownAction = () -> { };
    /** Set by the signal thread, read by the cron on the executor. */
    private volatile boolean shutdownAsap;
    private volatile String lastSignal = "TERM";
    private boolean cronPaused;
    /** Whether the heap target has been raised for a load in progress. */
    private boolean anticipating;
    /** About what a loaded byte of RDB costs in memory (1 GB of 1 KB values: 1.16 GB of {@code used_memory}). */
    private static final long LOADED_BYTES_PER_FILE_BYTE = 2;
    private final io.redjay.persistence.RdbSaver rdb;
    private final io.redjay.persistence.AppendOnlyFile aof;
    private final io.redjay.command.PropagationSink aofSink;
    private final io.redjay.replication.ReplicationMaster replication;
    private final io.redjay.replication.ReplicaOfMaster replicaOf;
    private final io.redjay.replication.Failover failover;
    private io.redjay.replication.MasterConnector masterConnector;
    /** The replication stream is attached to the propagator once, when the first backlog is created. */
    private boolean replicasFed;
    private Client masterClient;
    private final io.redjay.scripting.Scripting scripting;
    private final ScriptServices scriptServices;
    /** How deep the executor is inside socket read callbacks (io-threads 1 runs requests right there). */
    private int readCallbacks;

    public Server(Config config, ConfigTable configTable, Clock clock) {
        this.config = config;
        this.configTable = configTable;
        this.keyspace = new Keyspace(config.databases, clock);
        this.commands = new CommandTable();
        CommandGroups.registerAll(commands);
        this.dispatcher = new Dispatcher(this);
        this.scriptServices = new ScriptServices(this, new io.redjay.command.ScriptCalls(this, nextClientId++, this));
        this.scripting = new io.redjay.scripting.Scripting(scriptServices, config);
        keyspace.functions(scripting.functions());
        this.slowLog = new SlowLog();
        this.latency = new LatencyMonitor();
        this.activeExpire = new ActiveExpireCycle(keyspace);
        this.blocking = new Blocking(this);
        this.watches = new io.redjay.transaction.WatchRegistry(keyspace);
        keyspace.listener(new KeyspaceSignals(this));
        this.memory = new MemoryManager(keyspace, config, clientMemory,
                () -> executor.execute(this::continueEviction));
        memory.register(configTable);
        this.rdb = new io.redjay.persistence.RdbSaver(keyspace, config, task -> executor.execute(task),
                task -> executor.schedule(task, 0, TimeUnit.NANOSECONDS),
                () -> io.redjay.persistence.RdbSaver.encoding(keyspace, config, memory.usedMemory(),
                        replicationInfo()));
        this.aof = new io.redjay.persistence.AppendOnlyFile(keyspace, config, task -> executor.execute(task),
                task -> executor.schedule(task, 0, TimeUnit.NANOSECONDS), rdb::inProgress, memory::usedMemory,
                this::feedAof, this::aofReplayer);
        this.aofSink = aof::feed;
        rdb.rewrite(aof::rewriting, aof::finishRewriteNow);
        this.replication = new io.redjay.replication.ReplicationMaster(config, rdb, on -> {
            if (on && !replicasFed) {
                replicasFed = true;
                propagator.attach(this::feedReplicas, io.redjay.command.Propagator.REPL);
            }
        }, this::resume, () -> executor, this::writesHeld);
        rdb.onBackgroundDone(replication::backgroundSaveDone);
        this.replicaOf = new io.redjay.replication.ReplicaOfMaster(config,
                (host, port, events) -> masterConnector.connect(host, port, events), new ReplicaHost(), this::port,
                replication);
        this.failover = new io.redjay.replication.Failover(replication, replicaOf, this::pauseWritesForFailover);
        configTable.find("aof-disable-auto-gc").onApply((cfg, done) -> {
            aof.deleteHistory();
            done.accept(null);
        });
        configTable.find("appendonly").onApply((cfg, done) -> {
            if (cfg.appendonly) {
                done.accept(aof.enable(false));
            } else {
                aof.disable();
                done.accept(null);
            }
        });
        configTable.find("replica-read-only").onApply((cfg, done) -> {
            holdExpiryIfNeeded();
            done.accept(null);
        });
        configTable.find("repl-backlog-size").onApply((cfg, done) -> {
            replication.backlogSizeChanged();
            done.accept(null);
        });
        configTable.find("loglevel").onApply((cfg, done) -> {
            ServerLog.applyLevel(cfg);
            done.accept(null);
        });
        configTable.find("port").onApply((cfg, done) -> {
            if (listeners == null) {
                done.accept(null);
            } else {
                listeners.rebind(cfg.port, done);
            }
        });
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    public Config config() {
        return config;
    }

    @Override
    public MemoryManager memory() {
        return memory;
    }

    private void continueEviction() {
        keyspace.updateTime();
        memory.evictor().continueInBackground();
    }

    public ConfigTable configTable() {
        return configTable;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return commands;
    }

    /** Where executed writes become the stream for the AOF and replicas. */
    public io.redjay.command.Propagator propagator() {
        return propagator;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Stats stats() {
        return stats;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    public Blocking blocking() {
        return blocking;
    }

    /** The WATCH registry: which clients watch which (database, key). */
    public io.redjay.transaction.WatchRegistry watches() {
        return watches;
    }

    /** Channel, pattern and shard-channel subscriptions, and message delivery. */
    public io.redjay.pubsub.PubSub pubsub() {
        return pubsub;
    }

    public ActiveExpireCycle activeExpire() {
        return activeExpire;
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    public long uptimeMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public long cronLoops() {
        return cronLoops;
    }

    public int port() {
        return boundPort;
    }

    public void boundPort(int port) {
        this.boundPort = port;
    }

    private Listeners listeners;

    /** The listening sockets (null for a server without network, in tests). */
    public Listeners listeners() {
        return listeners;
    }

    public void listeners(Listeners l) {
        this.listeners = l;
    }

    @Override
    public io.redjay.persistence.RdbSaver rdb() {
        return rdb;
    }

    @Override
    public io.redjay.persistence.AppendOnlyFile aof() {
        return aof;
    }

    /** What a replica needs of the server: the synced RDB loaded, the master's commands applied, its role. */
    private final class ReplicaHost implements io.redjay.replication.ReplicaOfMaster.Host {
        /** The synced file, loaded in place of the dataset (a save still running is stopped, as Redis's child). */
        @Override
        public String loadSyncedRdb() {
            boolean aofOn = stopAofForSync();
            stopSaveForSync();
            keyspace.flushAll();
            keyspace.functions().clear();
            masterClient = streamClient("master");
            String failure = rdb.load(false);
            restartAofAfterSync(aofOn);
            return failure;
        }

        @Override
        public boolean datasetEmpty() {
            for (int i = 0; i < keyspace.databases(); i++) {
                if (keyspace.db(i).size() > 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A diskless load. Into the live dataset it is loading as at start-up (clients get {@code -LOADING}); a
         * staged one is swapped in when complete, or dropped when the sync fails, leaving the old data as it was.
         * A background save still running when the new data goes in is stopped, as Redis kills its child.
         */
        @Override
        public void loadSyncedStream(java.io.InputStream in, long size, boolean staged, boolean async,
                                     java.util.function.Consumer<String> outcome) {
            if (!staged) {
                boolean aofOn = stopAofForSync();
                stopSaveForSync();
                keyspace.flushAll();
                keyspace.functions().clear();
                masterClient = streamClient("master");
                rdb.loadStream(keyspace, in, size, false, failure -> {
                    if (failure != null) {
                        keyspace.flushAll();
                        keyspace.functions().clear();
                    }
                    restartAofAfterSync(aofOn);
                    outcome.accept(failure);
                });
                return;
            }
            io.redjay.keyspace.Keyspace loading = keyspace.staging();
            rdb.loadStream(loading, in, size, async, failure -> {
                if (failure != null) {
                    ServerLog.LOG.info("MASTER <-> REPLICA sync: Discarding temporary DB in background");
                    outcome.accept(failure);
                    return;
                }
                boolean aofOn = stopAofForSync();
                stopSaveForSync();
                ServerLog.LOG.info("MASTER <-> REPLICA sync: Swapping active DB with loaded DB");
                keyspace.adoptContents(loading);
                masterClient = streamClient("master");
                ServerLog.LOG.info("MASTER <-> REPLICA sync: Discarding old DB in background");
                restartAofAfterSync(aofOn);
                outcome.accept(null);
            });
        }

        /**
         * With the AOF on, the files describe the dataset being replaced: the AOF is stopped and, once the new
         * dataset is in, turned on again, which writes a new base of it (Redis's {@code restartAOFAfterSYNC}).
         */
        private boolean stopAofForSync() {
            boolean aofOn = aof.enabled();
            if (aofOn) {
                aof.disable();
            }
            return aofOn;
        }

        private void restartAofAfterSync(boolean aofOn) {
            if (aofOn && aof.enable(false) != null) {
                ServerLog.LOG.warn("Failed enabling the AOF after successful master synchronization! Trying it "
                        + "again in one second.");
            }
        }

        private void stopSaveForSync() {
            if (rdb.inProgress()) {
                ServerLog.LOG.info("Replica is about to load the RDB file received from the master, but there is "
                        + "a pending RDB child running. Killing process {} and removing its temp file to avoid any "
                        + "race", ProcessHandle.current().pid());
                rdb.kill();
            }
        }

        /** The master's commands see every key, expired or not: the master decides (Redis exempts its client). */
        @Override
        public String apply(byte[][] argv) {
            if (masterClient == null) {
                masterClient = streamClient("master");
            }
            boolean paused = keyspace.expiryPaused();
            keyspace.expiryPaused(true);
            try {
                return dispatcher.replay(masterClient, argv);
            } finally {
                keyspace.expiryPaused(paused);
            }
        }

        @Override
        public void roleChanged(boolean replica) {
            replication.following(replica);
            holdExpiryIfNeeded();
            if (replica) {
                blocking.disconnectAll();
            }
            RedisLogLayout.replica(replica);
            if (!replica) {
                replication.promote();
            }
        }
    }

    /**
     * Where this server stands in its replication history, for the files it saves (Redis's
     * {@code rdbPopulateSaveInfo}): a replica's master ID and processed offset, or a master's own once it has a
     * backlog; null otherwise.
     */
    private io.redjay.persistence.rdb.RdbEncoder.ReplicationInfo replicationInfo() {
        if (replicaOf.active() && replicaOf.hasHistory()) {
            return new io.redjay.persistence.rdb.RdbEncoder.ReplicationInfo(
                    masterClient == null ? 0 : masterClient.db().id(), replication.replid(), replication.offset());
        }
        if (!replicaOf.active() && replication.backlogActive()) {
            return new io.redjay.persistence.rdb.RdbEncoder.ReplicationInfo(Math.max(0, replication.streamDb()),
                    replication.replid(), replication.offset());
        }
        return null;
    }

    /**
     * After the start-up load: the replication history the file recorded is taken up again (a replica's cached
     * master, so its first PSYNC can continue; a master's ID and offset, so its replicas can), as Redis does.
     */
    public void restoreReplication(String replicaof) {
        io.redjay.persistence.LoadProgress loaded = rdb.loading();
        String[] master = replicaof.trim().split("\\s+");
        boolean replica = master.length == 2 && !master[0].equalsIgnoreCase("no");
        boolean history = loaded.replId() != null && loaded.replOffset() >= 0;
        if (replica) {
            if (history) {
                replication.restore(loaded.replId(), loaded.replOffset());
            }
            replicaOf.startFollowing(master[0], Integer.parseInt(master[1]), history);
        } else if (history) {
            replication.continueAfterRestart(loaded.replId(), loaded.replOffset());
        } else {
            replication.forgetLoadBacklog();
        }
    }

    /**
     * The start-up load of the RDB file. On a master the backlog exists during it, and each key it drops as already
     * expired is sent to the replication stream as a DEL (UNLINK with {@code lazyfree-lazy-expire}), so that replicas
     * continuing after the restart drop it too.
     */
    public boolean loadRdbAtStartup(java.util.function.Consumer<String> outcome) {
        String[] master = config.replicaof.trim().split("\\s+");
        if (master.length == 2 && !master[0].equalsIgnoreCase("no")) {
            return rdb.loadInBackground(outcome);
        }
        replication.prepareForLoad();
        byte[] del = (config.lazyfreeLazyExpire ? "UNLINK" : "DEL")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return rdb.loadInBackground(outcome, (db, key) -> replication.feed(db, new byte[][] {del, key}));
    }

    /** The transport a replica connects to its master with (set by the network layer when it starts). */
    public void masterConnector(io.redjay.replication.MasterConnector connector) {
        this.masterConnector = connector;
    }

    @Override
    public io.redjay.replication.ReplicaOfMaster replicaOf() {
        return replicaOf;
    }

    @Override
    public io.redjay.replication.Failover failover() {
        return failover;
    }

    private void feedReplicas(int db, byte[][] argv) {
        replication.feed(db, argv);
    }

    @Override
    public io.redjay.replication.ReplicationMaster replication() {
        return replication;
    }

    /**
     * Replays loaded AOF commands through a client of their own, as Redis's fake AOF client: replies go nowhere,
     * and an unknown command stops the load with Redis's message.
     */
    private io.redjay.persistence.BackgroundLoad.Replayer aofReplayer() {
        Client c = streamClient("aof");
        return (argv, file) -> {
            if (commands.lookup(argv[0]) == null) {
                return "Unknown command '" + new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "' reading the append only file " + file;
            }
            dispatcher.replay(c, argv);
            return null;
        };
    }

    /** Attaches or detaches the AOF from the propagated stream, so that with the AOF off nothing is encoded. */
    private void feedAof(boolean on) {
        propagator.detach(aofSink);
        if (on) {
            propagator.attach(aofSink, io.redjay.command.Propagator.AOF);
        }
    }

    public EventExecutor executor() {
        return executor;
    }

    /** Attaches the executor thread and starts the cron on it. */
    public void start(EventExecutor executor) {
        this.executor = executor;
        executor.execute(memory::startupMeasured);
        executor.execute(this::scheduleCron);
    }

    /** What SHUTDOWN does once the reply is written: close the listener, stop the loops, exit. */
    public void onShutdown(Runnable action) {
        this.shutdownAction = action;
    }

    @Override
    public void crash(int signal, int code) {
        CrashReport.crash(signal, code);
    }

    @Override
    public boolean shutdown(boolean save, boolean nosave, boolean force) {
        ServerLog.LOG.warn("User requested shutdown...");
        if (scripting.busy()) {
            scriptServices.shuttingDown();
        }
        rdb.kill();
        if (rdb.loading().active()) {
            nosave = true; // a dataset half loaded is never saved over the file it comes from, as in Redis
        }
        if (!aof.shutdown(force)) {
            return false;
        }
        if (!nosave && (save || io.redjay.persistence.SavePoints.parse(config.save).any())) {
            ServerLog.LOG.info("Saving the final RDB snapshot before exiting.");
            if (rdb.saveNow() != null) {
                if (!force) {
                    ServerLog.LOG.warn("Error trying to save the DB, can't exit.");
                    return false;
                }
                ServerLog.LOG.warn("Error trying to save the DB. Exit anyway.");
            }
        }
        shutdownAction.run();
        return true;
    }

    /**
     * A SIGTERM or SIGINT arrived: the shutdown runs at the next cron, on the executor, as Redis runs it from
     * serverCron. A second SIGINT before that means "now": the process exits 1 at once, as Redis's handler does.
     * Called on the signal thread.
     */
    void signalled(String name) {
        if (shutdownAsap && name.equals("INT")) {
            ServerLog.LOG.warn("You insist... exiting now.");
            Runtime.getRuntime().halt(1);
        }
        ServerLog.LOG.warn("Received SIG{} scheduling shutdown...", name);
        lastSignal = name;
        shutdownAsap = true;
    }

    @Override
    public boolean abortShutdown() {
        if (!shutdownAsap) {
            return false;
        }
        shutdownAsap = false;
        ServerLog.LOG.info("Shutdown manually aborted.");
        return true;
    }

    @Override
    public void pauseCron(boolean paused) {
        cronPaused = paused;
    }

    // ---------------------------------------------------------------- clients

    /** Registers a new connection; returns null (after telling the client why) when it must be refused. */
    public Client connect(Connection conn, boolean loopback) {
        stats.totalConnectionsReceived++;
        if (clients.size() >= config.maxclients) {
            stats.rejectedConnections++;
            rejectWith(conn, "-ERR max number of clients reached\r\n");
            return null;
        }
        if (config.protectedMode && config.requirepass.isEmpty() && !loopback) {
            stats.rejectedConnections++;
            rejectWith(conn, ProtectedMode.DENIED);
            return null;
        }
        Client c = new Client(nextClientId++, this, conn);
        if (ServerLog.LOG.isDebugEnabled()) {
            ServerLog.LOG.debug("Accepted {}", conn.remoteAddress());
        }
        clients.put(c.id(), c);
        return c;
    }

    /**
     * A client that replays a command stream (AOF, master link) through {@link Dispatcher#replay}: authenticated,
     * not in the client list, replies discarded.
     */
    public Client streamClient(String name) {
        Client c = new Client(nextClientId++, this, new io.redjay.client.DetachedConnection(name));
        c.authenticated(true);
        return c;
    }

    private static void rejectWith(Connection conn, String message) {
        io.netty.buffer.ByteBuf b = conn.allocate();
        b.writeBytes(message.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        conn.write(b);
        conn.close();
    }

    /** RESET: the connection returns to the state of a fresh one (database 0, RESP2, no name, replies on). */
    public void resetClient(Client c) {
        c.select(keyspace.db(0));
        c.protocolVersion(2);
        c.name(null);
        c.replyMode(Client.ReplyMode.ON);
        c.skipNextReply(false);
        c.noEvict(false);
        c.noTouch(false);
        c.authenticated(config.requirepass.isEmpty());
        pubsub.clientGone(c);
        watches.discard(c);
        dispatcher.clientReset(c);
    }

    public void disconnected(Client c) {
        if (!c.closed() && !c.closingAfterReply() && ServerLog.LOG.isDebugEnabled()) {
            ServerLog.LOG.debug("Client closed connection {}", ClientInfoLine.describe(this, c));
        }
        clients.remove(c.id());
        pausedClients.remove(c);
        blocking.unblock(c);
        pubsub.clientGone(c);
        watches.discard(c);
        dispatcher.clientGone(c);
        replication.clientGone(c);
    }

    public Collection<Client> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public Client client(long id) {
        return clients.get(id);
    }

    public long nextClientIdPeek() {
        return nextClientId;
    }

    @Override
    public io.redjay.scripting.Scripting scripting() {
        return scripting;
    }

    /** The network layer says when it runs requests inside a socket read callback (and when it left it). */
    public void readCallback(boolean entering) {
        readCallbacks += entering ? 1 : -1;
    }

    @Override
    public boolean inReadCallback() {
        return readCallbacks > 0;
    }

    /** How the event loop is turned once from inside a busy script (set by the network layer). */
    public void busyEvents(Runnable turnOnce) {
        scriptServices.busyEvents(turnOnce);
    }

    /**
     * A command that runs a script, met inside a read callback, is moved to a task of its own (with everything the
     * client sent after it): if the script got busy it must be able to turn the event loop, which a read callback
     * cannot do. Returns whether the command was deferred.
     */
    @Override
    public boolean deferFromIo(Client c, byte[][] argv) {
        if (readCallbacks == 0) {
            return false;
        }
        c.suspendBefore(argv);
        executor.execute(() -> resume(c));
        return true;
    }

    /**
     * Runs one read batch of a client: every parsed request, then one flush. Requests of a suspended client (paused
     * or blocked) wait in its queue, in order, and run when it is resumed.
     */
    public void runBatch(Client c, List<byte[][]> requests) {
        c.beginBatch();
        try {
            for (int i = 0; i < requests.size(); i++) {
                if (c.closed() || c.closingAfterReply()) {
                    break;
                }
                if (c.suspended()) {
                    c.deferred().add(requests.get(i));
                    continue;
                }
                dispatcher.execute(c, requests.get(i));
            }
        } finally {
            c.endBatch();
        }
    }

    /** Runs the queued requests of a suspended client until it is suspended again or the queue is empty. */
    public void resume(Client c) {
        c.unsuspend();
        if (c.closed()) {
            return;
        }
        c.beginBatch();
        try {
            while (!c.suspended() && !c.deferred().isEmpty() && !c.closed() && !c.closingAfterReply()) {
                dispatcher.execute(c, c.deferred().pollFirst());
            }
        } finally {
            c.endBatch();
        }
    }

    // ---------------------------------------------------------------- CLIENT PAUSE

    private long pauseEndMillis;
    private boolean pauseWritesOnly;
    private boolean paused;
    /** FAILOVER holds writes while its target catches up, whatever CLIENT PAUSE does. */
    private boolean writesPausedForFailover;
    private final List<Client> pausedClients = new ArrayList<>();

    /** CLIENT PAUSE: until {@code endMillis} (unix ms), hold every command, or only writes when {@code writesOnly}. */
    public void pause(long endMillis, boolean writesOnly) {
        if (paused) {
            endMillis = Math.max(endMillis, pauseEndMillis);
            writesOnly = writesOnly && pauseWritesOnly;
        }
        paused = true;
        pauseEndMillis = endMillis;
        pauseWritesOnly = writesOnly;
        holdExpiryIfNeeded();
        long delay = Math.max(0, endMillis - System.currentTimeMillis());
        executor.schedule(this::unpauseIfDue, delay + 1, TimeUnit.MILLISECONDS);
    }

    /** CLIENT UNPAUSE, or the pause time has passed: paused clients run their held commands in arrival order. */
    public void unpause() {
        paused = false;
        holdExpiryIfNeeded();
        resumeHeld();
    }

    /** FAILOVER's own write pause, on or off. */
    private void pauseWritesForFailover(boolean on) {
        writesPausedForFailover = on;
        holdExpiryIfNeeded();
        if (!on) {
            resumeHeld();
        }
    }

    /**
     * Expired keys are kept (reading as absent) on a replica and while clients are paused, as in Redis; a writable
     * replica expires only the keys its own clients gave a TTL.
     */
    private void holdExpiryIfNeeded() {
        keyspace.expiryHeld(replicaOf.active() || writesHeld());
        keyspace.tracksOwnExpires(replicaOf.active() && !config.replicaReadOnly);
    }

    /** Whether writes are held (CLIENT PAUSE or FAILOVER): the replication stream must not move meanwhile. */
    private boolean writesHeld() {
        return paused || writesPausedForFailover;
    }

    /** Held clients run their commands again; those another pause still applies to are held again. */
    private void resumeHeld() {
        List<Client> held = new ArrayList<>(pausedClients);
        pausedClients.clear();
        for (Client c : held) {
            resume(c);
        }
    }

    private void unpauseIfDue() {
        if (paused && System.currentTimeMillis() >= pauseEndMillis) {
            unpause();
        }
    }

    public boolean paused() {
        return paused;
    }

    public boolean pauseWritesOnly() {
        return pauseWritesOnly;
    }

    public long pauseEndMillis() {
        return pauseEndMillis;
    }

    /**
     * Whether {@code c} must wait before running {@code cmd}; if so the client is suspended with the request queued.
     * During a write pause, read commands still run.
     */
    public boolean holdIfPaused(Client c, long commandFlags, byte[][] argv) {
        if (!writesHeld()) {
            return false;
        }
        boolean writesOnly = paused ? pauseWritesOnly : writesPausedForFailover;
        if (writesOnly && (commandFlags & (Flags.WRITE | Flags.MAY_REPLICATE)) == 0) {
            return false;
        }
        c.suspendBefore(argv);
        pausedClients.add(c);
        return true;
    }

    @Override
    public void outputWritten(long bytes) {
        stats.netOutputBytes += bytes;
    }

    @Override
    public io.redjay.client.ClientMemory clientMemory() {
        return clientMemory;
    }

    @Override
    public void outputLimitDisconnection() {
        stats.clientOutputBufferLimitDisconnections++;
    }

    @Override
    public boolean repliesWaitForDisk() {
        return aof.holdsReplies();
    }

    @Override
    public void scheduleFlush(Client c) {
        if (pendingFlush.isEmpty()) {
            executor.execute(this::flushPending);
        }
        pendingFlush.add(c);
    }

    private void flushPending() {
        aof.beforeReplies();
        for (int i = 0; i < pendingFlush.size(); i++) {
            pendingFlush.get(i).flush();
        }
        pendingFlush.clear();
    }

    // ---------------------------------------------------------------- cron

    private void scheduleCron() {
        executor.schedule(this::cron, 1000 / Math.max(1, Math.min(500, config.hz)), TimeUnit.MILLISECONDS);
    }

    private void cron() {
        if (cronPaused || scripting.busy()) {
            scheduleCron();
            return;
        }
        boolean loading = rdb.loading().active();
        if (shutdownAsap) {
            String flags = lastSignal.equals("INT") ? config.shutdownOnSigint : config.shutdownOnSigterm;
            if (shutdown(flags.contains("save") && !flags.contains("nosave"), flags.contains("nosave"),
                    flags.contains("force"))) {
                return;
            }
            shutdownAsap = false;
        }
        try {
            cronLoops++;
            long now = keyspace.updateTime();
            if (!loading) {
                activeExpire.run(config.hz);
                keyspace.expireOwnKeys();
            }
            if (config.activeRehashing) {
                for (int i = 0; i < keyspace.databases(); i++) {
                    keyspace.db(i).rehashFor(1_000_000 / keyspace.databases());
                }
            }
            stats.sampleOps(now);
            if (loading != anticipating) {
                anticipating = loading;
                memory.anticipate(loading ? rdb.loading().totalBytes() * LOADED_BYTES_PER_FILE_BYTE : 0);
            }
            memory.cron();
            if (!loading) {
                rdb.cron();
                aof.cron();
                replication.cron();
                replicaOf.cron();
                failover.cron();
            }
            io.redjay.command.keys.MigrateCommand.closeIdle(now);
            unpauseIfDue();
            closeIdleClients(now);
            clientMemory.cron(now);
        } finally {
            scheduleCron();
        }
    }

    private void closeIdleClients(long now) {
        if (config.timeout <= 0) {
            return;
        }
        long limit = config.timeout * 1000L;
        List<Client> idle = new ArrayList<>();
        for (Client c : clients.values()) {
            if (now - c.lastInteraction() > limit && dispatcher.mayTimeOut(c)) {
                idle.add(c);
            }
        }
        for (Client c : idle) {
            c.kill();
        }
    }
}
