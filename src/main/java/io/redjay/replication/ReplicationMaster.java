package io.redjay.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redjay.client.Client;
import io.redjay.config.Config;
import io.redjay.persistence.RdbSaver;
import io.redjay.protocol.CommandStreamEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The master side of Redis's replication protocol (PSYNC2): replicas attach with {@code PSYNC <replid> <offset>},
 * get either {@code +CONTINUE} and the missing part of the stream from the backlog, or {@code +FULLRESYNC <replid>
 * <offset>}, an RDB of the dataset at exactly that offset, and then the stream from that offset on.
 *
 * <p><b>One stream, numbered.</b> Every write the propagator sends to replicas is encoded once here (with a
 * {@code SELECT} when the database changes), counted into {@code master_repl_offset}, kept in the
 * {@link ReplicationBacklog} and copied to each online replica. A replica waiting for its RDB collects the stream in
 * a buffer of its own, from the offset its snapshot stands for.
 *
 * <p><b>Full sync without fork.</b> The RDB is a BGSAVE (to {@code dbfilename}, Redis's disk target), which the
 * fork-less snapshot engine makes point in time: started in the same executor turn as the {@code +FULLRESYNC}
 * reply, it holds the dataset at the offset that reply names, while later writes reach the replica through its
 * buffer. When the file is complete it is sent as {@code $<length>} and the file's bytes, straight from the page
 * cache, then the buffer, and the replica is online. Replicas that arrive while that save runs wait for the next.
 */
public final class ReplicationMaster {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final byte[][] PING = {"PING".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[][] GETACK = {"REPLCONF".getBytes(StandardCharsets.US_ASCII),
            "GETACK".getBytes(StandardCharsets.US_ASCII), "*".getBytes(StandardCharsets.US_ASCII)};

    private final Config config;
    private final RdbSaver rdb;
    private final Consumer<Boolean> streaming;
    private final CommandStreamEncoder encoder = new CommandStreamEncoder();
    private final ByteBuf scratch = Unpooled.buffer(4096);
    private final List<ReplicaLink> replicas = new ArrayList<>();
    /** Clients that sent REPLCONF and have not synced yet (or have): their replica state. */
    private final java.util.Map<Client, ReplicaLink> links = new java.util.IdentityHashMap<>();
    private String replid = newReplicationId();
    private static final String NO_ID = "0000000000000000000000000000000000000000";
    private String replid2 = NO_ID;
    private long offset;
    private long secondOffset = -1;
    private ReplicationBacklog backlog;
    private boolean saveForReplicas;
    /** The save for replicas streams to their sockets (diskless): nobody can join it. */
    private boolean saveToSockets;
    private long lastPingSeconds;
    private long lastNewlineSeconds;
    private boolean drainScheduled;
    /** When the last replica left (Redis's {@code repl_no_slaves_since}), for {@code repl-backlog-ttl}. */
    private long noReplicasSince = unixtime();
    private long fullSyncs;
    private long partialOk;
    private long partialErr;
    private final AckWaiters waiters;
    private final java.util.function.Supplier<java.util.concurrent.ScheduledExecutorService> timers;
    private boolean ackRequested;
    private final java.util.function.BooleanSupplier writesHeld;
    /** This server follows a master: the stream it serves is the master's, proxied verbatim ({@link #proxy}). */
    private boolean following;

    /**
     * @param streaming attaches ({@code true}) the server's propagated stream to {@link #feed}
     * @param resume    runs a suspended client's queued requests again (a WAIT that ended)
     * @param timers    the executor, for WAIT's timeouts
     * @param writesHeld whether clients' writes are paused (CLIENT PAUSE, FAILOVER): the stream then stays where it
     *                   is, without PING or GETACK, so that replicas can catch up with it exactly
     */
    public ReplicationMaster(Config config, RdbSaver rdb, Consumer<Boolean> streaming, Consumer<Client> resume,
                             java.util.function.Supplier<java.util.concurrent.ScheduledExecutorService> timers,
                             java.util.function.BooleanSupplier writesHeld) {
        this.config = config;
        this.writesHeld = writesHeld;
        this.rdb = rdb;
        this.streaming = streaming;
        this.waiters = new AckWaiters(this::acknowledged, resume, timers);
        this.timers = timers;
    }

    private static String newReplicationId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static long unixtime() {
        return System.currentTimeMillis() / 1000;
    }

    // ---------------------------------------------------------------- the stream

    /** A propagated command for database {@code db}: into the backlog and to every replica. */
    public void feed(int db, byte[][] argv) {
        if (backlog == null || following) {
            return;
        }
        scratch.clear();
        encoder.encode(db, argv, scratch);
        append(scratch);
    }

    /** DEBUG REPLICATE: a command into the stream as it is, in the database the stream last selected. */
    public void feedAsIs(byte[][] argv) {
        feed(Math.max(0, encoder.selectedDb()), argv);
    }

    /** DEBUG CHANGE-REPL-ID: a new replication ID, and no secondary one (Redis's test hook). */
    public void changeReplicationId() {
        replid = newReplicationId();
        clearSecondId();
    }

    /**
     * A replica's share of its master's stream, the bytes of commands it has just applied: its sub-replicas and its
     * backlog get them unchanged, so the whole chain has one replication ID and one offset numbering (Redis's
     * {@code replicationFeedStreamFromMasterStream}).
     */
    public void proxy(ByteBuf bytes) {
        if (backlog == null) {
            offset += bytes.readableBytes();
            return;
        }
        append(bytes);
    }

    private void append(ByteBuf bytes) {
        offset += bytes.readableBytes();
        backlog.append(bytes);
        byte[] copy = null;
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.WAIT_START) {
                continue;
            }
            if (copy == null) {
                copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
            }
            r.send(copy);
        }
    }

    // ---------------------------------------------------------------- SYNC / PSYNC

    /**
     * {@code PSYNC replid offset} ({@code psync} true) or {@code SYNC}: a partial resync when the backlog still holds
     * what the replica misses, otherwise a full one.
     */
    public void sync(Client c, String wantedId, long wantedOffset, boolean psync) {
        ReplicaLink link = linkOf(c);
        c.replica(true);
        LOG.info("Replica {} asks for synchronization", link.name());
        if (psync && tryPartial(link, wantedId, wantedOffset)) {
            partialOk++;
            return;
        }
        if (psync && !wantedId.equals("?")) {
            partialErr++;
        }
        fullSyncs++;
        link.fullSync(psync);
        if (!replicas.contains(link)) {
            replicas.add(link);
        }
        if (backlog == null) {
            newHistory();
            LOG.info("Replication backlog created, my new replication IDs are '{}' and '{}'", replid, replid2);
        }
        ReplicaLink syncing = saveForReplicas && !saveToSockets ? waitingForSave() : null;
        if (syncing != null && (!syncing.capaEof() || link.capaEof())) {
            link.attachTo(syncing);
            LOG.info("Waiting for end of BGSAVE for SYNC");
        } else if (saveForReplicas && saveToSockets) {
            LOG.info("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
        } else if (rdb.inProgress() || syncing != null) {
            LOG.info("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
        } else if (config.replDisklessSync && link.capaEof() && config.replDisklessSyncDelay > 0) {
            LOG.info("Delay next BGSAVE for diskless SYNC");
        } else if (rdb.rewriteRunning()) {
            LOG.info("No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed");
        } else {
            startSave();
        }
    }

    /** A replica already waiting for the running save, whose buffered stream a newcomer can share. */
    private ReplicaLink waitingForSave() {
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.WAIT_END) {
                return r;
            }
        }
        return null;
    }

    /** How the log names the replica on {@code c}: {@code ip:port}. */
    public String replicaName(Client c) {
        return linkOf(c).name();
    }

    private ReplicaLink linkOf(Client c) {
        return links.computeIfAbsent(c, ReplicaLink::new);
    }

    private boolean tryPartial(ReplicaLink link, String wantedId, long wantedOffset) {
        boolean idMatches = wantedId.equals(replid) || (wantedId.equals(replid2) && wantedOffset <= secondOffset);
        if (!idMatches) {
            if (wantedId.equals("?")) {
                LOG.info("Full resync requested by replica {}", link.name());
            } else if (wantedId.equals(replid2)) {
                LOG.info("Partial resynchronization not accepted: Requested offset for second ID was {}, but I can "
                        + "reply up to {}", wantedOffset, secondOffset);
            } else {
                LOG.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '{}', "
                        + "my replication IDs are '{}' and '{}')", wantedId, replid, replid2);
            }
            return false;
        }
        if (backlog == null || !backlog.holds(wantedOffset)) {
            LOG.info("Unable to partial resync with replica {} for lack of backlog (Replica request was: {}).",
                    link.name(), wantedOffset);
            return false;
        }
        ByteBuf missing = backlog.from(wantedOffset);
        byte[] bytes = new byte[missing.readableBytes()];
        missing.readBytes(bytes);
        link.continueFrom(replid, bytes);
        if (!replicas.contains(link)) {
            replicas.add(link);
        }
        LOG.info("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting from "
                + "offset {}.", link.name(), bytes.length, wantedOffset);
        return true;
    }

    /** The first backlog of a master: with no valid past, a new replication ID begins (Redis's syncCommand). */
    private void newHistory() {
        replid = newReplicationId();
        clearSecondId();
        createBacklog();
    }

    private void clearSecondId() {
        replid2 = NO_ID;
        secondOffset = -1;
    }

    private void createBacklog() {
        backlog = new ReplicationBacklog(backlogBytes(), offset + 1);
        lastPingSeconds = unixtime();
        streaming.accept(true);
    }

    /**
     * A save for the replicas waiting to start one, each told the offset the snapshot stands for: to their sockets
     * when diskless sync is on and every one of them can read the {@code $EOF:} form, to {@code dbfilename}
     * otherwise.
     */
    private void startSave() {
        List<ReplicaLink> waiting = new ArrayList<>();
        boolean allEof = true;
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.WAIT_START) {
                waiting.add(r);
                allEof &= r.capaEof();
            }
        }
        boolean sockets = config.replDisklessSync && allEof;
        LOG.info("Starting BGSAVE for SYNC with target: {}", sockets ? "replicas sockets" : "disk");
        DisklessTransfer transfer = null;
        if (sockets) {
            List<io.redjay.client.Connection> targets = new ArrayList<>();
            for (ReplicaLink r : waiting) {
                targets.add(r.client().connection());
            }
            transfer = new DisklessTransfer(targets);
        }
        encoder.forgetDatabase();
        for (ReplicaLink r : waiting) {
            r.saveStarted(replid, offset);
            if (transfer != null) {
                r.sendPreamble(transfer.preamble());
            }
        }
        String error = transfer != null ? rdb.startForReplicas(transfer) : rdb.startBackground();
        if (error != null) {
            LOG.warn("BGSAVE for replication failed");
            for (ReplicaLink r : waiting) {
                disconnect(r);
            }
            return;
        }
        saveForReplicas = true;
        saveToSockets = sockets;
    }

    /**
     * A background save ended: replicas waiting for it get the file, then their buffered stream; after a diskless
     * one they are online and get the stream at their first acknowledgement.
     */
    public void backgroundSaveDone(boolean ok, Path file) {
        if (!saveForReplicas) {
            return;
        }
        saveForReplicas = false;
        saveToSockets = false;
        for (ReplicaLink r : new ArrayList<>(replicas)) {
            if (r.state() != ReplicaLink.State.WAIT_END) {
                continue;
            }
            if (!ok) {
                LOG.warn("SYNC failed. BGSAVE child returned an error");
                disconnect(r);
                continue;
            }
            if (file == null) {
                LOG.info("Streamed RDB transfer with replica {} succeeded (socket). Waiting for REPLCONF ACK from "
                        + "slave to enable streaming", r.name());
                r.payloadSent(unixtime());
                LOG.info("Synchronization with replica {} succeeded", r.name());
                continue;
            }
            try {
                r.sendSnapshot(file, Files.size(file));
                LOG.info("Synchronization with replica {} succeeded", r.name());
            } catch (IOException e) {
                LOG.warn("SYNC failed. Can't open/stat DB after BGSAVE: {}", e.getMessage());
                disconnect(r);
            }
        }
    }

    // ---------------------------------------------------------------- REPLCONF

    /** {@code REPLCONF listening-port <port>}, {@code ip-address}, {@code capa}: remembered for INFO and naming. */
    public void configure(Client c, String option, String value) {
        ReplicaLink link = linkOf(c);
        switch (option) {
            case "listening-port" -> link.listeningPort(Integer.parseInt(value));
            case "ip-address" -> link.announcedIp(value);
            case "capa" -> link.capa(value);
            default -> {
            }
        }
    }

    /** {@code REPLCONF ACK <offset>}: the replica has applied the stream up to there. */
    public void ack(Client c, long ackOffset) {
        for (ReplicaLink r : replicas) {
            if (r.client() == c) {
                r.acked(ackOffset, unixtime());
                waiters.acknowledgementArrived();
                return;
            }
        }
    }

    /**
     * WAIT numreplicas timeout: the number of replicas that acknowledged the stream up to this client's last command
     * (Redis's {@code woff}), at once when
     * there are enough (or inside MULTI), otherwise when there are or when the timeout passes; null when the client
     * now waits (its reply comes later).
     */
    public Long await(Client c, long numreplicas, long timeoutMillis, boolean inTransaction) {
        long target = c.replicationOffset();
        long acked = acknowledged(target);
        if (acked >= numreplicas || inTransaction) {
            return acked;
        }
        waiters.await(c, target, numreplicas, timeoutMillis);
        requestAcks();
        return null;
    }

    /** How many online replicas have acknowledged the stream up to {@code target}. */
    public long acknowledged(long target) {
        int n = 0;
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.ONLINE && r.ackOffset() >= target) {
                n++;
            }
        }
        return n;
    }

    /**
     * WAIT needs fresh acknowledgements: {@code REPLCONF GETACK *} goes to every replica through the stream, once,
     * after the current task (as Redis sends it from beforeSleep), so that it is not part of the offset the waiting
     * client's WAIT itself recorded.
     */
    private void requestAcks() {
        if (ackRequested || backlog == null) {
            return;
        }
        ackRequested = true;
        timers.get().execute(() -> {
            ackRequested = false;
            if (!writesHeld.getAsBoolean()) {
                feed(Math.max(0, encoder.selectedDb()), GETACK);
            }
        });
    }

    // ---------------------------------------------------------------- the cron

    /** A sync that waited for another save, and the replicas' PING every {@code repl-ping-replica-period}. */
    public void cron() {
        long now = unixtime();
        if (!rdb.inProgress() && !rdb.rewriteRunning() && dueForSave(now)) {
            startSave();
        }
        if (now != lastNewlineSeconds) {
            lastNewlineSeconds = now;
            keepWaitingReplicasAlive();
        }
        if (!drainScheduled) {
            drainHeldStreams();
        }
        if (!following && replicas.isEmpty() && backlog != null && config.replBacklogTtl > 0
                && now - noReplicasSince > config.replBacklogTtl) {
            replid = newReplicationId();
            clearSecondId();
            backlog = null;
            LOG.info("Replication backlog freed after {} seconds without connected replicas.", config.replBacklogTtl);
        }
        for (ReplicaLink r : new ArrayList<>(replicas)) {
            if (r.state() == ReplicaLink.State.WAIT_END && saveToSockets && r.payloadStalled(now, config.replTimeout)) {
                LOG.warn("Disconnecting timedout replica (full sync): {}", r.name());
                disconnect(r);
                continue;
            }
            if (r.state() == ReplicaLink.State.ONLINE && r.sendsAcks() && now - r.ackSeconds() > config.replTimeout) {
                LOG.warn("Disconnecting timedout replica (streaming sync): {}", r.name());
                disconnect(r);
            }
        }
        if (!following && backlog != null && !replicas.isEmpty() && !writesHeld.getAsBoolean()
                && now - lastPingSeconds >= config.replPingReplicaPeriod) {
            lastPingSeconds = now;
            feed(Math.max(0, encoder.selectedDb()), PING);
        }
    }

    /**
     * Replicas online with a buffered stream still to send get more of it every few milliseconds, as their sockets
     * take it, until it is all out (a write to the stream drains too).
     */
    private void drainHeldStreams() {
        drainScheduled = false;
        boolean more = false;
        for (ReplicaLink r : replicas) {
            more |= r.drain();
        }
        if (more) {
            drainScheduled = true;
            timers.get().schedule(this::drainHeldStreams, 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Replicas waiting for a save to start, or for a disk-based one to end, get a newline each second (Redis's
     * keep-alive for the pre-synchronization stage), so their {@code repl-timeout} does not fire while they wait.
     */
    private void keepWaitingReplicasAlive() {
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.WAIT_START
                    || (r.state() == ReplicaLink.State.WAIT_END && !saveToSockets)) {
                r.client().reply().raw(NEWLINE);
                r.client().flush();
            }
        }
    }

    /**
     * Whether replicas wait for a save that should start now: at once for disk syncs; for diskless ones once the
     * longest waiting has waited {@code repl-diskless-sync-delay} seconds, or {@code repl-diskless-sync-max-replicas}
     * are waiting (Redis's {@code shouldStartChildReplication}).
     */
    private boolean dueForSave(long now) {
        int waiting = 0;
        long longest = 0;
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.WAIT_START) {
                waiting++;
                longest = Math.max(longest, now - r.waitingSinceSeconds());
            }
        }
        return waiting > 0 && (!config.replDisklessSync
                || (config.replDisklessSyncMaxReplicas > 0 && waiting >= config.replDisklessSyncMaxReplicas)
                || longest >= config.replDisklessSyncDelay);
    }

    /** A replica's connection closed. */
    public void clientGone(Client c) {
        links.remove(c);
        waiters.gone(c);
        for (ReplicaLink r : replicas) {
            if (r.client() == c) {
                forget(r);
                return;
            }
        }
    }

    /** Closes a replica's connection and forgets it at once (its close is noticed later). */
    private void disconnect(ReplicaLink r) {
        r.client().kill();
        links.remove(r.client());
        forget(r);
    }

    private void forget(ReplicaLink r) {
        LOG.info("Connection with replica {} lost.", r.name());
        replicas.remove(r);
        if (r.state() == ReplicaLink.State.WAIT_END && saveForReplicas && !saveToSockets && waitingForSave() == null
                && !io.redjay.persistence.SavePoints.parse(config.save).any()) {
            rdb.kill(); // nobody needs the file any more, and no save point wants it either
        }
        if (replicas.isEmpty()) {
            noReplicasSince = unixtime();
        }
    }

    /**
     * A server restarted on a file that recorded its replication ID and offset keeps them, with an empty backlog
     * starting there: a master's replicas that were in sync continue with {@code +CONTINUE} and nothing to resend,
     * and a replica asks its master to continue from there.
     */
    public void restore(String savedReplid, long savedOffset) {
        replid = savedReplid;
        offset = savedOffset;
        clearSecondId();
        createBacklog();
    }

    /**
     * A master about to load its file at start-up: the backlog exists from the start, so that the DEL of each key
     * the load drops as expired goes into it ({@link #feed}), as Redis's {@code RDBFLAGS_FEED_REPL} load does; a
     * replica that continues after the restart then gets those DELs too.
     */
    public void prepareForLoad() {
        createBacklog();
    }

    /**
     * The load that {@link #prepareForLoad} prepared found the file's replication ID and offset: the ID stays a new
     * one (this run's history is not the file's: the file may be older than what the replicas have), the file's
     * becomes the secondary ID, valid up to its offset, and the stream's numbering continues from there, the
     * dropped keys' DELs included. Replicas that were in sync with the file continue partially and get the DELs.
     */
    public void continueAfterRestart(String savedReplid, long savedOffset) {
        replid2 = savedReplid;
        secondOffset = savedOffset + 1;
        offset += savedOffset;
        if (backlog == null) {
            createBacklog();
        } else {
            backlog.rebase(savedOffset);
        }
        noReplicasSince = unixtime();
    }

    /** The load found no history to continue: the backlog made for it is dropped until a replica comes. */
    public void forgetLoadBacklog() {
        if (!following && replicas.isEmpty()) {
            backlog = null;
        }
    }

    /**
     * Starts or stops following a master. While it follows, this server's own writes (a writable replica's) reach
     * no replica: its replicas get the master's stream only.
     */
    public void following(boolean on) {
        following = on;
    }

    /**
     * A full sync from a master is about to replace the dataset: this server's replicas are disconnected (they must
     * sync again, from the new history) and its ID and offset become the master's, with a new backlog from there.
     */
    public void adoptMaster(String masterReplid, long masterOffset) {
        disconnectReplicas();
        replid = masterReplid;
        offset = masterOffset;
        clearSecondId();
        createBacklog();
    }

    /**
     * A partial resync with a master whose replication ID is not the one followed so far (it was promoted): the
     * old ID stays valid, as the secondary one, up to here; replicas are disconnected to learn the new one.
     */
    public void continueWith(String masterReplid) {
        if (!masterReplid.equals(replid)) {
            LOG.warn("Master replication ID changed to {}", masterReplid);
            replid2 = replid;
            secondOffset = offset + 1;
            replid = masterReplid;
            disconnectReplicas();
        }
        if (backlog == null) {
            createBacklog();
        }
    }

    /**
     * A replica becomes a master ({@code REPLICAOF NO ONE}): the history it followed becomes its secondary ID, valid
     * up to where it got, and it starts a new one from there, as Redis's {@code shiftReplicationId}. The backlog
     * stays, so its replicas, and the old master's other replicas, can continue partially; they are disconnected
     * to learn the new ID, and the next command is preceded by a {@code SELECT}.
     */
    public void promote() {
        replid2 = replid;
        secondOffset = offset + 1;
        replid = newReplicationId();
        if (backlog == null) {
            createBacklog();
        }
        encoder.forgetDatabase();
        disconnectReplicas();
        noReplicasSince = unixtime();
        LOG.warn("Setting secondary replication ID to {}, valid up to offset: {}. New replication ID is {}",
                replid2, secondOffset, replid);
    }

    private void disconnectReplicas() {
        for (ReplicaLink r : new ArrayList<>(replicas)) {
            disconnect(r);
        }
    }

    /** {@code CONFIG SET repl-backlog-size}: the backlog takes the new size at once, keeping its newest bytes. */
    public void backlogSizeChanged() {
        if (backlog != null) {
            backlog = backlog.resized(backlogBytes());
        }
    }

    private int backlogBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, config.replBacklogSize);
    }

    /** The last bytes of the backlog, escaped as Redis's {@code sdscatrepr} writes them, for the error log. */
    String latestBacklog() {
        if (backlog == null) {
            return "";
        }
        long n = Math.min(256, backlog.histlen());
        ByteBuf tail = backlog.from(backlog.firstByteOffset() + backlog.histlen() - n);
        byte[] bytes = new byte[tail.readableBytes()];
        tail.readBytes(bytes);
        return "\"" + io.redjay.protocol.Repr.escape(bytes) + "\"";
    }

    /** The database the stream last selected (-1: none yet), for the files' {@code repl-stream-db}. */
    public int streamDb() {
        return encoder.selectedDb();
    }

    // ---------------------------------------------------------------- INFO replication

    public String replid() {
        return replid;
    }

    public String replid2() {
        return replid2;
    }

    public long offset() {
        return offset;
    }

    public long secondOffset() {
        return secondOffset;
    }

    public boolean backlogActive() {
        return backlog != null;
    }

    public long backlogFirstByte() {
        return backlog == null ? 0 : backlog.firstByteOffset();
    }

    public long backlogHistlen() {
        return backlog == null ? 0 : backlog.histlen();
    }

    /**
     * {@code min-replicas-to-write} / {@code min-replicas-max-lag}: whether enough replicas acknowledged within the
     * lag for writes to be accepted (always, when not configured).
     */
    public boolean enoughGoodReplicas() {
        return config.minReplicasToWrite == 0 || config.minReplicasMaxLag == 0
                || goodReplicas() >= config.minReplicasToWrite;
    }

    /** INFO's {@code min_slaves_good_slaves}: online replicas whose last acknowledgement is within the lag. */
    public int goodReplicas() {
        long now = unixtime();
        int good = 0;
        for (ReplicaLink r : replicas) {
            if (r.state() == ReplicaLink.State.ONLINE && now - r.ackSeconds() <= config.minReplicasMaxLag) {
                good++;
            }
        }
        return good;
    }

    /** INFO's {@code blocked_clients} share: clients in WAIT. */
    public int waitingClients() {
        return waiters.size();
    }

    public List<ReplicaLink> replicas() {
        return replicas;
    }

    /** CONFIG RESETSTAT: {@code sync_full}, {@code sync_partial_ok} and {@code sync_partial_err} start again. */
    public void resetStats() {
        fullSyncs = 0;
        partialOk = 0;
        partialErr = 0;
    }

    public long fullSyncs() {
        return fullSyncs;
    }

    public long partialOk() {
        return partialOk;
    }

    public long partialErr() {
        return partialErr;
    }
}
