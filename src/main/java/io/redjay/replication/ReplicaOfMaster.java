package io.redjay.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redjay.config.Config;
import io.redjay.protocol.CommandStreamEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The replica side of Redis's replication protocol: {@code REPLICAOF host port} makes this server follow a master,
 * Redis or Redjay. The link is a state machine on the executor thread ({@link MasterConnector} delivers the
 * master's bytes there): the handshake Redis's {@code syncWithMaster} performs ({@code PING}, {@code AUTH} when
 * {@code masterauth} is set, {@code REPLCONF listening-port}, {@code REPLCONF capa eof capa psync2}, then
 * {@code PSYNC} with the cached replication ID and offset, or {@code ? -1}), then either the RDB of a full resync
 * ({@code $<length>} or the diskless {@code $EOF:<mark>} form), written to a temporary file, moved over
 * {@code dbfilename} and loaded in place of the dataset, or {@code +CONTINUE}; then the command stream, applied
 * through the same dispatcher as any client's commands, with the processed offset acknowledged every second and on
 * {@code REPLCONF GETACK}. A lost link is retried each second, asking for a partial resync from where it stopped.
 */
public final class ReplicaOfMaster {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");

    /** Where the link stands, as INFO's {@code master_link_status} and {@code master_sync_in_progress} show. */
    enum State { CONNECT, CONNECTING, HANDSHAKE, TRANSFER, CONNECTED }

    /** What the server does for a replica: load a synced RDB, replay a stream command, know its own port. */
    public interface Host {
        /** Replaces the dataset with {@code dir/dbfilename}; null, or why it could not be loaded. */
        String loadSyncedRdb();

        /** Whether the dataset holds no key ({@code repl-diskless-load on-empty-db} loads from the socket then). */
        boolean datasetEmpty();

        /**
         * Loads a full sync's RDB read from {@code in} on a loader thread: into the dataset, emptied first, or
         * with {@code staged} beside it and swapped in at the end (serving the old data meanwhile when
         * {@code async}); {@code outcome} gets null or the failure, on the executor.
         */
        void loadSyncedStream(java.io.InputStream in, long size, boolean staged, boolean async,
                              java.util.function.Consumer<String> outcome);

        /** Applies one command of the master's stream; null, or the error it met. */
        String apply(byte[][] argv);

        /** Called when the server starts following a master, or follows none any more ({@code REPLICAOF NO ONE}). */
        void roleChanged(boolean replica);
    }

    private final Config config;
    private final MasterConnector connector;
    private final Host host;
    private final Supplier<Integer> listeningPort;
    /** The server's one replication history: while following, its ID and offset are the master's. */
    private final ReplicationMaster history;
    /** A coordinated failover handing this master's role over, if one was set up ({@link Failover}). */
    private Failover failover;
    private final ByteBuf in = Unpooled.buffer(64 * 1024);

    private String masterHost;
    private int masterPort;
    private State state = State.CONNECT;
    private MasterConnector.Link link;
    private int handshakeReplies;
    private boolean pingAnswered;
    /** When the last connection attempt began: a lost link is retried once a second, as Redis's cron does. */
    private long lastAttemptMillis;
    /**
     * Whether the history can be continued ({@code PSYNC <replid> <offset+1>}): Redis's cached master. A former
     * master uses its own; a full sync ends it until its RDB is loaded.
     */
    private boolean cached;
    private long lastIoMillis;
    /** When the link last went down (0: it never was up), for {@code master_link_down_since_seconds}. */
    private long downSinceMillis;
    /** The full sync's payload as it arrives, and its announced length (-1: the {@code $EOF:} framing). */
    private PayloadReceiver payload;
    private long payloadLength = -1;
    /** The payload has all arrived; the parser's load has ended (a diskless load needs both). */
    private boolean payloadWhole;
    private boolean parserLoaded;
    /** Counts diskless loads, so that the outcome of one given up is recognised and ignored. */
    private long loads;
    private long lastAckSeconds;
    /** The replication ID and offset a full sync stands for, adopted only once its RDB is loaded. */
    private String syncReplid;
    private long syncOffset;

    public ReplicaOfMaster(Config config, MasterConnector connector, Host host, Supplier<Integer> listeningPort,
                           ReplicationMaster history) {
        this.config = config;
        this.history = history;
        this.connector = connector;
        this.host = host;
        this.listeningPort = listeningPort;
    }

    /** The failover whose handover this link performs (its PSYNC carries {@code FAILOVER}). */
    void handOverFor(Failover f) {
        this.failover = f;
    }

    private boolean handingOver() {
        return failover != null && failover.handingOver();
    }

    public boolean active() {
        return masterHost != null;
    }

    /**
     * {@code replicaof} in the configuration, at start-up: the first PSYNC continues the history the server's own
     * file recorded, when it recorded one ({@code continueHistory}), otherwise asks for a full sync.
     */
    public void startFollowing(String newHost, int newPort, boolean continueHistory) {
        cached = continueHistory;
        attach(newHost, newPort);
    }

    /** {@code REPLICAOF host port}: false when it already follows that master. */
    public boolean follow(String newHost, int newPort) {
        if (newHost.equals(masterHost) && newPort == masterPort) {
            return false;
        }
        drop();
        if (masterHost == null) {
            LOG.info("Before turning into a replica, using my own master parameters to synthesize a cached master: "
                    + "I may be able to synchronize with the new master with just a partial transfer.");
            cached = true;
        }
        attach(newHost, newPort);
        return true;
    }

    private void attach(String newHost, int newPort) {
        lastAttemptMillis = 0;
        masterHost = newHost;
        masterPort = newPort;
        config.replicaof = newHost + " " + newPort;
        state = State.CONNECT;
        host.roleChanged(true);
    }

    /** {@code REPLICAOF NO ONE}: the data stays, the link goes, the server takes writes again. */
    public void stop() {
        if (masterHost == null) {
            return;
        }
        drop();
        masterHost = null;
        config.replicaof = "";
        downSinceMillis = 0;
        host.roleChanged(false);
    }

    private void drop() {
        if (link != null) {
            link.close();
            link = null;
        }
        abandonTransfer();
        in.clear();
    }

    // ---------------------------------------------------------------- the cron

    /** Each cron: connect when the link is down (Redis retries every second), acknowledge every second. */
    public void cron() {
        if (masterHost == null) {
            return;
        }
        long nowMillis = System.currentTimeMillis();
        if (state == State.CONNECT && nowMillis - lastAttemptMillis >= 1000) {
            lastAttemptMillis = nowMillis;
            lastIoMillis = nowMillis;
            state = State.CONNECTING;
            LOG.info("Connecting to MASTER {}:{}", masterHost, masterPort);
            LOG.info("MASTER <-> REPLICA sync started");
            String h = masterHost;
            int p = masterPort;
            connector.connect(h, p, new MasterConnector.Events() {
                @Override
                public void connected(MasterConnector.Link l) {
                    if (h.equals(masterHost) && p == masterPort && state == State.CONNECTING) {
                        handshake(l);
                    } else {
                        l.close();
                    }
                }

                @Override
                public void received(ByteBuf bytes) {
                    if (link != null) {
                        onBytes(bytes);
                    }
                }

                @Override
                public void closed(String reason) {
                    if (h.equals(masterHost) && p == masterPort) {
                        linkLost(reason);
                    }
                }
            });
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        if (timedOut(nowMillis)) {
            return;
        }
        if (state == State.CONNECTED && now != lastAckSeconds) {
            lastAckSeconds = now;
            ack();
        }
    }

    /**
     * {@code repl-timeout} on the replica's side, as Redis's replicationCron: nothing from the master for that long
     * while connecting or in the handshake, during the payload, or once connected (the master PINGs every
     * {@code repl-ping-replica-period}); the link is dropped and tried again.
     */
    private boolean timedOut(long nowMillis) {
        if (state == State.CONNECT || nowMillis - lastIoMillis <= config.replTimeout * 1000L) {
            return false;
        }
        if (state == State.TRANSFER && payloadWhole) {
            return false; // the payload is in; the loader is still inserting
        }
        if (state == State.CONNECTED) {
            LOG.warn("MASTER timeout: no data nor PING received...");
            link.close();
            linkLost("timeout");
            return true;
        }
        if (state == State.TRANSFER) {
            LOG.warn("Timeout receiving bulk data from MASTER... If the problem persists try to set the "
                    + "'repl-timeout' parameter in redis.conf to a larger value.");
        } else {
            LOG.warn("Timeout connecting to the MASTER...");
        }
        if (link != null) {
            link.close();
        }
        link = null;
        abandonTransfer();
        in.clear();
        state = State.CONNECT;
        return true;
    }

    private void linkLost(String reason) {
        if (state == State.CONNECT) {
            return;
        }
        if (state == State.CONNECTED) {
            LOG.info("Connection with master lost.");
            LOG.info("Caching the disconnected master state.");
            downSinceMillis = System.currentTimeMillis();
        } else {
            LOG.warn("Error condition on socket for SYNC: {}", reason);
        }
        link = null;
        abandonTransfer();
        in.clear();
        state = State.CONNECT;
    }

    // ---------------------------------------------------------------- handshake

    /**
     * The handshake goes as Redis's {@code syncWithMaster}: PING alone; once it is answered, AUTH and the REPLCONFs
     * pipelined; once all of those are answered, PSYNC. A master refuses PSYNC while it still owes replies.
     */
    private void handshake(MasterConnector.Link l) {
        link = l;
        state = State.HANDSHAKE;
        lastIoMillis = System.currentTimeMillis();
        LOG.info("Non blocking connect for SYNC fired the event.");
        send("PING");
        pingAnswered = false;
        handshakeReplies = 1;
    }

    private void afterPing() {
        handshakeReplies = 0;
        if (!config.masterauth.isEmpty()) {
            if (config.masteruser.isEmpty()) {
                send("AUTH", config.masterauth);
            } else {
                send("AUTH", config.masteruser, config.masterauth);
            }
            handshakeReplies++;
        }
        int port = config.replicaAnnouncePort != 0 ? config.replicaAnnouncePort : listeningPort.get();
        send("REPLCONF", "listening-port", Integer.toString(port));
        handshakeReplies++;
        if (!config.replicaAnnounceIp.isEmpty()) {
            send("REPLCONF", "ip-address", config.replicaAnnounceIp);
            handshakeReplies++;
        }
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        handshakeReplies++;
    }

    private void sendPsync() {
        if (cached) {
            LOG.info("Trying a partial resynchronization (request {}:{}).", history.replid(), history.offset() + 1);
            if (handingOver()) {
                send("PSYNC", history.replid(), Long.toString(history.offset() + 1), "FAILOVER");
            } else {
                send("PSYNC", history.replid(), Long.toString(history.offset() + 1));
            }
        } else {
            LOG.info("Partial resynchronization not possible (no cached master)");
            send("PSYNC", "?", "-1");
        }
    }

    private void send(String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        ByteBuf out = Unpooled.buffer(64);
        CommandStreamEncoder.writeMultibulk(args, out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        link.send(bytes);
    }

    private void ack() {
        if (link != null) {
            send("REPLCONF", "ACK", Long.toString(history.offset()));
        }
    }

    // ---------------------------------------------------------------- input

    private void onBytes(ByteBuf bytes) {
        lastIoMillis = System.currentTimeMillis();
        in.writeBytes(bytes);
        try {
            while (link != null && in.isReadable() && step()) {
                in.discardReadBytes();
            }
            in.discardReadBytes();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Error reading from MASTER: {}", e.getMessage() != null ? e.getMessage() : e.toString());
            if (link != null) {
                link.close();
            }
            linkLost(e.getMessage());
        }
    }

    /** One unit of input in the current state; false when more bytes are needed. */
    private boolean step() throws IOException {
        return switch (state) {
            case HANDSHAKE -> handshakeReply();
            case TRANSFER -> transfer();
            case CONNECTED -> stream();
            default -> false;
        };
    }

    private String line() {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            return null;
        }
        String s = in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(eol + 1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private boolean handshakeReply() throws IOException {
        String reply = line();
        if (reply == null) {
            return false;
        }
        if (reply.isEmpty()) {
            return true; // the master's keepalive newline while it prepares the sync
        }
        if (handshakeReplies > 0) {
            handshakeReplies--;
            if (!pingAnswered) {
                if (reply.startsWith("-") && !reply.startsWith("-NOAUTH") && !reply.startsWith("-NOPERM")
                        && !reply.startsWith("-ERR operation not permitted")) {
                    throw new IOException("Error reply to PING from master: '" + reply + "'");
                }
                pingAnswered = true;
                LOG.info("Master replied to PING, replication can continue...");
                afterPing();
                return true;
            }
            if (reply.startsWith("-") && !reply.startsWith("-ERR Unrecognized")) {
                throw new IOException("Error reply to a handshake command: " + reply);
            }
            if (handshakeReplies == 0) {
                sendPsync();
            }
            return true;
        }
        if (handingOver()) {
            boolean accepted = reply.startsWith("+FULLRESYNC") || reply.startsWith("+CONTINUE");
            failover.answered(accepted);
            if (!accepted) {
                return false;
            }
        }
        if (reply.startsWith("+FULLRESYNC")) {
            String[] parts = reply.split(" ");
            syncReplid = parts[1];
            syncOffset = Long.parseLong(parts[2]);
            LOG.info("Full resync from master: {}:{}", syncReplid, syncOffset);
            state = State.TRANSFER;
            return true;
        }
        if (reply.startsWith("+CONTINUE")) {
            String[] parts = reply.split(" ");
            LOG.info("Successful partial resynchronization with master.");
            history.continueWith(parts.length > 1 && parts[1].length() == 40 ? parts[1] : history.replid());
            LOG.info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            state = State.CONNECTED;
            return true;
        }
        if (reply.startsWith("-NOMASTERLINK") || reply.startsWith("-LOADING")) {
            throw new IOException("Master is currently unable to PSYNC but should be in the future: " + reply);
        }
        throw new IOException("Unexpected reply to PSYNC from master: " + reply);
    }

    // ---------------------------------------------------------------- the RDB

    private boolean transfer() throws IOException {
        if (payload == null) {
            String header = line();
            if (header == null) {
                return false;
            }
            if (header.isEmpty()) {
                return true;
            }
            if (!header.startsWith("$")) {
                throw new IOException("Bad protocol from MASTER, the first byte is not '$' (we received '"
                        + header + "'), are you sure the host and port are right?");
            }
            boolean eof = header.startsWith("$EOF:");
            byte[] mark = eof ? header.substring(5).getBytes(StandardCharsets.ISO_8859_1) : null;
            payloadLength = eof ? -1 : Long.parseLong(header.substring(1));
            boolean toParser = config.replDisklessLoad.equals("swapdb")
                    || (config.replDisklessLoad.equals("on-empty-db") && host.datasetEmpty());
            String where = toParser ? "to parser" : "to disk";
            if (eof) {
                LOG.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF {}", where);
            } else {
                LOG.info("MASTER <-> REPLICA sync: receiving {} bytes from master {}", payloadLength, where);
            }
            if (toParser) {
                startParserLoad(mark);
            } else {
                payload = new PayloadToDisk(Path.of(config.dir), config.dbfilename, payloadLength, mark);
            }
            return true;
        }
        if (payloadWhole) {
            return false; // the loader is still inserting: the stream that follows waits
        }
        if (!payload.take(in)) {
            return false;
        }
        payloadWhole = true;
        if (payload instanceof PayloadToDisk) {
            loadFromDisk();
        } else if (parserLoaded) {
            syncDone();
        }
        return true;
    }

    private void loadFromDisk() throws IOException {
        attachToNewMaster();
        LOG.info("MASTER <-> REPLICA sync: Flushing old data");
        LOG.info("MASTER <-> REPLICA sync: Loading DB in memory");
        String failure = host.loadSyncedRdb();
        if (failure != null) {
            throw new IOException("Failed trying to load the MASTER synchronization DB from disk: " + failure);
        }
        syncDone();
    }

    /**
     * A diskless load: the payload goes to the loader as it arrives. Into the emptied dataset, or with
     * {@code swapdb} into a staged one swapped in at the end; while the master's ID is the one this replica
     * already follows, the old data is served meanwhile (Redis's async loading).
     */
    private void startParserLoad(byte[] mark) {
        boolean staged = config.replDisklessLoad.equals("swapdb");
        boolean async = staged && history.replid().equals(syncReplid);
        MasterConnector.Link current = link;
        SocketPipe pipe = new SocketPipe(() -> current.autoRead(true));
        payload = new PayloadToParser(pipe, payloadLength, mark, () -> current.autoRead(false));
        if (!staged) {
            attachToNewMaster();
            LOG.info("MASTER <-> REPLICA sync: Flushing old data");
        }
        LOG.info("MASTER <-> REPLICA sync: Loading DB in memory");
        long load = ++loads;
        host.loadSyncedStream(pipe, Math.max(0, payloadLength), staged, async, failure -> parserLoadDone(load,
                staged, failure));
    }

    private void parserLoadDone(long load, boolean staged, String failure) {
        if (load != loads || payload == null) {
            return; // the sync it belonged to was given up
        }
        if (failure != null) {
            LOG.warn("Failed trying to load the MASTER synchronization DB from socket: {}",
                    failure.lines().findFirst().orElse(failure));
            if (link != null) {
                link.close();
            }
            linkLost("loading failed");
            return;
        }
        if (staged) {
            attachToNewMaster();
        }
        parserLoaded = true;
        if (payloadWhole) {
            syncDone();
            onBytes(Unpooled.EMPTY_BUFFER);
        }
    }

    /**
     * The new dataset is about to replace the old: the history that could have been continued is given up only now
     * (a transfer that fails before this point still leaves a partial resync possible), and the master's ID and
     * offset become this server's (Redis's {@code replicationAttachToNewMaster}).
     */
    private void attachToNewMaster() {
        if (cached) {
            LOG.info("Discarding previously cached master state.");
            cached = false;
        }
        history.adoptMaster(syncReplid, syncOffset);
    }

    private void syncDone() {
        payload = null;
        payloadWhole = false;
        parserLoaded = false;
        payloadLength = -1;
        cached = true;
        LOG.info("MASTER <-> REPLICA sync: Finished with success");
        state = State.CONNECTED;
        ack();
    }

    private void abandonTransfer() {
        if (payload != null) {
            payload.abandon();
            payload = null;
        }
        loads++;
        payloadWhole = false;
        parserLoaded = false;
        payloadLength = -1;
    }

    // ---------------------------------------------------------------- the stream

    /**
     * The next whole command of the stream, applied; false when it has not fully arrived. The offset moves by a
     * command's bytes only once it is applied, so a partial resync after a lost link asks for exactly what is missing.
     */
    private boolean stream() throws IOException {
        byte[][] argv = wholeCommand();
        if (argv == null) {
            return false;
        }
        if (argv.length >= 2 && io.redjay.protocol.Ascii.equalsIgnoreCase("replconf", argv[0])
                && io.redjay.protocol.Ascii.equalsIgnoreCase("getack", argv[1])) {
            ack();
        } else {
            String error = host.apply(argv);
            if (error != null) {
                String shown = error.startsWith("ERR ") ? error.substring(4) : error;
                LOG.warn("== CRITICAL == This replica is sending an error to its master: '{}' after processing the "
                        + "command '{}'", shown, new String(argv[0], StandardCharsets.ISO_8859_1)
                        .toLowerCase(java.util.Locale.ROOT));
                LOG.warn("Latest backlog is: '{}'", history.latestBacklog());
            }
        }
        history.proxy(in.slice(in.readerIndex() - consumed, consumed));
        return true;
    }

    private int consumed;

    /** Decodes one multibulk command if all of it is in the buffer (consuming it, its size in {@link #consumed}). */
    private byte[][] wholeCommand() throws IOException {
        int start = in.readerIndex();
        int p = start;
        int end = in.writerIndex();
        if (in.getByte(p) != '*') {
            throw new IOException("Protocol error: expected '*', got '" + (char) in.getByte(p) + "'");
        }
        int eol = in.indexOf(p, end, (byte) '\n');
        if (eol < 0) {
            return null;
        }
        int argc = Integer.parseInt(in.toString(p + 1, eol - p - 2, StandardCharsets.US_ASCII));
        p = eol + 1;
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (p >= end) {
                return null;
            }
            eol = in.indexOf(p, end, (byte) '\n');
            if (eol < 0) {
                return null;
            }
            int len = Integer.parseInt(in.toString(p + 1, eol - p - 2, StandardCharsets.US_ASCII));
            p = eol + 1;
            if (end - p < len + 2) {
                return null;
            }
            argv[i] = new byte[len];
            in.getBytes(p, argv[i]);
            p += len + 2;
        }
        consumed = p - start;
        in.readerIndex(p);
        return argv;
    }

    // ---------------------------------------------------------------- INFO replication

    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    /** CLIENT KILL of the master's client: the link drops and is retried (with a partial resync) at the next cron. */
    public boolean dropLink() {
        if (link == null) {
            return false;
        }
        link.close();
        linkLost("killed");
        return true;
    }

    /** ROLE's state of the link: connect, connecting, handshake, sync or connected. */
    public String roleState() {
        return switch (state) {
            case CONNECT -> "connect";
            case CONNECTING -> "connecting";
            case HANDSHAKE -> "handshake";
            case TRANSFER -> "sync";
            case CONNECTED -> "connected";
        };
    }

    public boolean linkUp() {
        return state == State.CONNECTED;
    }

    public boolean syncing() {
        return state == State.TRANSFER;
    }

    /** INFO's {@code master_link_down_since_seconds}: -1 when the link was never up. */
    public long downSinceSeconds() {
        return downSinceMillis == 0 ? -1 : (System.currentTimeMillis() - downSinceMillis) / 1000;
    }

    /** The size of the RDB being received: 0 for the {@code $EOF:} form, whose size is known only at its end. */
    public long transferSize() {
        return Math.max(0, payloadLength);
    }

    public long transferRead() {
        return payload == null ? 0 : payload.received();
    }

    public long lastIoSecondsAgo() {
        return (System.currentTimeMillis() - lastIoMillis) / 1000;
    }

    /** Whether the files this replica saves record a history a restart can continue (Redis's cached master). */
    public boolean hasHistory() {
        return cached || state == State.CONNECTED;
    }

    /**
     * While a script is busy the master's stream is not read: applying it would change the dataset under the
     * script, and Redis likewise leaves its master's input unprocessed until the script ends.
     */
    public void holdStream(boolean hold) {
        MasterConnector.Link l = link;
        if (l != null) {
            l.autoRead(!hold);
        }
    }
}
