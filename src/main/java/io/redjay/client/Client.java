package io.redjay.client;

import io.netty.buffer.ByteBuf;
import io.redjay.keyspace.Database;
import io.redjay.protocol.ReplyWriter;

/**
 * A connected client as the executor sees it: its selected database, authentication, protocol version, name and the
 * buffer its replies are written into. Touched only by the executor thread.
 *
 * <p><b>Replies.</b> {@link #reply()} hands out the client's {@link ReplyWriter} aimed at the current outgoing buffer.
 * During a read batch the buffer is flushed once at the end of the batch; replies produced outside a batch (pub/sub
 * messages, wake-ups of blocked clients) register the client for one flush at the end of the executor's current
 * task, so a burst of messages still costs one syscall.
 */
public final class Client {
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final ClientHost server;
    private final Connection conn;
    private final ReplyWriter writer = new ReplyWriter();
    private ByteBuf out;
    private boolean inBatch;
    private boolean flushScheduled;

    private Database db;
    private boolean authenticated;
    private String name;
    private String libName;
    private String libVersion;
    private final long createdAt;
    private long lastInteraction;
    private String lastCommand;
    private boolean closeAfterReply;
    private boolean closed;
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipNextReply;
    private boolean noEvict;
    private boolean noTouch;
    private boolean monitor;
    private boolean replica;
    private long querybufPeak;
    private long commandsProcessed;
    private int protocolVersion = 2;
    private final java.util.ArrayDeque<byte[][]> deferred = new java.util.ArrayDeque<>();
    private boolean suspended;
    private boolean executingTransaction;
    private final io.redjay.transaction.TransactionState transaction = new io.redjay.transaction.TransactionState();

    public Client(long id, ClientHost server, Connection conn) {
        this.id = id;
        this.server = server;
        this.conn = conn;
        this.db = server.keyspace().db(0);
        this.authenticated = server.config().requirepass.isEmpty();
        this.createdAt = System.currentTimeMillis();
        this.lastInteraction = server.keyspace().now();
    }

    public long id() {
        return id;
    }

    /** The server that owns this client, as the client sees it. */
    public ClientHost host() {
        return server;
    }

    public Connection connection() {
        return conn;
    }

    /** The writer for this client's next reply, aimed at its outgoing buffer. */
    public ReplyWriter reply() {
        if (out == null) {
            out = conn.allocate();
            writer.target(out);
            if (!inBatch && !flushScheduled) {
                flushScheduled = true;
                server.scheduleFlush(this);
            }
        }
        return writer;
    }

    /** The writer without ensuring a buffer: for reading the protocol version and error counters. */
    public ReplyWriter writer() {
        return writer;
    }

    public void beginBatch() {
        inBatch = true;
    }

    public void endBatch() {
        inBatch = false;
        flush();
    }

    /** Hands the pending replies to the transport. */
    public void flush() {
        flushScheduled = false;
        ByteBuf b = out;
        if (b == null) {
            return;
        }
        out = null;
        writer.target(null);
        if (closed) {
            b.release();
            return;
        }
        if (b.isReadable()) {
            server.outputWritten(b.readableBytes());
            conn.write(b);
            io.redjay.client.OutputBufferLimit.enforce(this);
        } else {
            b.release();
        }
        if (closeAfterReply) {
            closed = true;
            conn.close();
        }
    }

    /** Replies are being discarded (CLIENT REPLY OFF/SKIP): commands run but write into a buffer that is dropped. */
    public boolean repliesSuppressed() {
        return replyMode == ReplyMode.OFF || skipNextReply;
    }

    public Database db() {
        return db;
    }

    public void select(Database db) {
        this.db = db;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean v) {
        this.authenticated = v;
    }

    public String name() {
        return name;
    }

    public void name(String n) {
        this.name = n;
    }

    public String libName() {
        return libName;
    }

    public void libName(String v) {
        this.libName = v;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String v) {
        this.libVersion = v;
    }

    public long createdAt() {
        return createdAt;
    }

    /** When the client last sent a command, in the keyspace clock's milliseconds (so idle time is testable). */
    public long lastInteraction() {
        return lastInteraction;
    }

    public void touch(long now) {
        lastInteraction = now;
    }

    /** The full name of the last command run ({@code config|get}), for CLIENT LIST's {@code cmd} field. */
    public String lastCommand() {
        return lastCommand;
    }

    public void lastCommand(String fullName) {
        this.lastCommand = fullName;
        commandsProcessed++;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    /** Closes the connection after the replies of the current batch are flushed (QUIT, protocol errors). */
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    public boolean closingAfterReply() {
        return closeAfterReply;
    }

    /** Closes the connection now (CLIENT KILL, limits); pending replies are dropped. */
    public void kill() {
        if (!closed) {
            closed = true;
            conn.abort();
        }
    }

    public boolean closed() {
        return closed;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    public void replyMode(ReplyMode m) {
        this.replyMode = m;
    }

    public void skipNextReply(boolean v) {
        this.skipNextReply = v;
    }

    public boolean skipNextReply() {
        return skipNextReply;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean v) {
        this.noEvict = v;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean v) {
        this.noTouch = v;
    }

    public boolean monitor() {
        return monitor;
    }

    public void monitor(boolean v) {
        this.monitor = v;
    }

    public long querybufPeak() {
        return querybufPeak;
    }

    public void querybufPeak(long v) {
        if (v > querybufPeak) {
            querybufPeak = v;
        }
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public void protocolVersion(int v) {
        this.protocolVersion = v;
        writer.protocol(v);
    }

    /**
     * Suspends the client before {@code argv} runs (CLIENT PAUSE, and blocking commands later): the request and every
     * request that follows wait in order until {@link Server#resume} runs them.
     */
    public void suspendBefore(byte[][] argv) {
        suspended = true;
        deferred.addFirst(argv);
    }

    /** Suspends the client after the current request (a blocking command that parked it). */
    public void suspend() {
        suspended = true;
    }

    /** True while EXEC runs this client's queued commands: blocking commands must then act non-blocking. */
    public boolean executingTransaction() {
        return executingTransaction;
    }

    public void executingTransaction(boolean v) {
        this.executingTransaction = v;
    }

    /** MULTI/WATCH state: queued commands, watched keys, and why EXEC would fail. */
    public io.redjay.transaction.TransactionState transaction() {
        return transaction;
    }

    public boolean suspended() {
        return suspended;
    }

    public void unsuspend() {
        suspended = false;
    }

    public java.util.ArrayDeque<byte[][]> deferred() {
        return deferred;
    }

    // ---------------------------------------------------------------- pub/sub

    private io.redjay.pubsub.Subscriptions pubsub;
    private long softLimitSince;
    private boolean pushing;

    /** This client's subscriptions, or null if it never subscribed (or was reset). */
    public io.redjay.pubsub.Subscriptions pubsub() {
        return pubsub;
    }

    public void pubsub(io.redjay.pubsub.Subscriptions s) {
        this.pubsub = s;
    }

    /**
     * A replica fed through this connection (Redis's CLIENT_SLAVE): the {@code replica} class of
     * {@code client-output-buffer-limit} applies to it. Set by the replication link when a replica syncs.
     */
    public boolean replica() {
        return replica;
    }

    public void replica(boolean v) {
        replica = v;
    }

    /** In subscribed mode (Redis's CLIENT_PUBSUB flag): the {@code pubsub} client type, flag P. */
    public boolean subscribed() {
        return pubsub != null && pubsub.subscribedMode();
    }

    /** When the output first reached the soft output-buffer limit (keyspace clock ms), 0 when below it. */
    public long softLimitSince() {
        return softLimitSince;
    }

    public void softLimitSince(long ms) {
        this.softLimitSince = ms;
    }

    /**
     * The current command wrote push messages ((un)subscribe confirmations), which reach the client even when its
     * replies are off (Redis's CLIENT_PUSHING); the dispatcher must not discard them.
     */
    public void pushing() {
        this.pushing = true;
    }

    /** Whether the current command wrote push messages; clears the mark. */
    public boolean takePushing() {
        boolean p = pushing;
        pushing = false;
        return p;
    }

    /** Bytes of replies buffered and not yet sent, for CLIENT LIST's omem and output limits. */
    public long outputBytes() {
        return (out == null ? 0 : out.readableBytes()) + conn.pendingOutputBytes();
    }
}
