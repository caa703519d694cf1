package io.redjay.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redjay.keyspace.Database;
import io.redjay.protocol.ReplyWriter;

/**
 * A connected client as the executor sees it: its selected database, authentication, protocol version, name and the
 * buffer its replies are written into. Touched only by the executor thread.
 *
 * <p><b>Replies.</b> {@link #reply()} hands out the client's {@link ReplyWriter} aimed at the current outgoing buffer.
 * During a read batch the buffer is flushed once at the end of the batch; replies produced outside a batch (pub/sub
 * messages, wake-ups of blocked clients) register the client for one flush at the end of the executor's current
 * task, so a burst of messages still costs one syscall. A large value is not copied into the buffer (see
 * {@link ReplyWriter#WRAP_BYTES}): the buffer so far and the wrapped value join a queue of buffers that the flush
 * hands to the transport in order, and the writer continues in a fresh buffer. Everything queued counts as output
 * for the output-buffer limits, which are checked as soon as such a value is queued, as Redis checks them whenever a
 * reply grows.
 *
 * <p><b>Memory.</b> {@link #memoryUsage()} is the estimate Redis's {@code getClientMemoryUsage} makes: unsent
 * output, the query buffer (what the transport holds of requests not yet parsed, and parsed requests waiting while
 * the client is suspended, as Redis would have allocated it), the arguments of a request still arriving, the MULTI
 * queue and watched keys, subscriptions, and a fixed part for the client itself and its reply buffer. It is reported to
 * the server's {@link ClientMemory} after every read and flush, which is also when client eviction runs.
 */
public final class Client {
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final ClientHost server;
    private final Connection conn;
    private final ReplyWriter writer = new ReplyWriter();
    private ByteBuf out;
    private final java.util.ArrayDeque<ByteBuf> queued = new java.util.ArrayDeque<>(2);
    private long queuedBytes;
    private int reportedClass = ClientMemory.NONE;
    private long reportedMemory;
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
    private final RequestQueue deferred = new RequestQueue();
    private boolean suspended;
    private boolean executingTransaction;
    private long replicationOffset;
    private final io.redjay.transaction.TransactionState transaction = new io.redjay.transaction.TransactionState();

    public Client(long id, ClientHost server, Connection conn) {
        this.id = id;
        this.server = server;
        this.conn = conn;
        this.db = server.keyspace().db(0);
        this.authenticated = server.config().requirepass.isEmpty();
        this.createdAt = System.currentTimeMillis();
        this.lastInteraction = server.keyspace().now();
        writer.largeValues(this::queueLarge);
    }

    /**
     * {@link ReplyWriter.LargeValues}: queues what was written and the value itself. Replies that are being
     * discarded (CLIENT REPLY OFF/SKIP) are cut back to a mark in the current buffer afterwards, so those are copied.
     */
    private ByteBuf queueLarge(ByteBuf written, byte[] value) {
        if (repliesSuppressed()) {
            written.writeBytes(value);
            return written;
        }
        queued.add(written);
        queued.add(Unpooled.wrappedBuffer(value));
        queuedBytes += written.readableBytes() + value.length;
        out = conn.allocate();
        OutputBufferLimit.enforce(this);
        return out;
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

    /**
     * Sends {@code bytes} after everything written so far, queued as they are rather than copied into the reply
     * buffer: a replica's held stream, which can be hundreds of megabytes after a long full sync.
     */
    public void sendUncopied(byte[] bytes) {
        reply();
        out = queueLarge(out, bytes);
        writer.target(out);
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
        if (out != null && server.repliesWaitForDisk()) {
            if (!flushScheduled) {
                flushScheduled = true;
                server.scheduleFlush(this);
            }
            return;
        }
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
            releaseQueued();
            return;
        }
        boolean wrote = !queued.isEmpty();
        for (ByteBuf q = queued.poll(); q != null; q = queued.poll()) {
            server.outputWritten(q.readableBytes());
            conn.queue(q);
        }
        queuedBytes = 0;
        if (b.isReadable() || wrote) {
            server.outputWritten(b.readableBytes());
            conn.write(b);
            OutputBufferLimit.enforce(this);
        } else {
            b.release();
        }
        if (closeAfterReply) {
            closed = true;
            conn.close();
        }
        memoryChanged();
    }

    private void releaseQueued() {
        for (ByteBuf q = queued.poll(); q != null; q = queued.poll()) {
            q.release();
        }
        queuedBytes = 0;
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
            releaseQueued();
            conn.abort();
            forgetMemory();
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

    /**
     * Redis's {@code woff}: the replication offset right after this client's last command, what its WAIT waits
     * for replicas to acknowledge.
     */
    public long replicationOffset() {
        return replicationOffset;
    }

    public void replicationOffset(long offset) {
        this.replicationOffset = offset;
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

    /**
     * The client that runs scripts' commands (Redis's {@code CLIENT_SCRIPT}): what it reads must not depend on hash
     * table order (SORT BY a constant sorts a set), since a script's result is replicated by its effects.
     */
    public boolean script() {
        return script;
    }

    public void script(boolean v) {
        script = v;
    }

    private boolean script;

    public boolean suspended() {
        return suspended;
    }

    public void unsuspend() {
        suspended = false;
    }

    public RequestQueue deferred() {
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
        return (out == null ? 0 : out.readableBytes()) + queuedBytes + conn.pendingOutputBytes() + heldOutput;
    }

    /**
     * Output kept for this client elsewhere until it may be sent: the stream a replica accumulates while its full
     * sync is prepared. It counts as output, for the limits and CLIENT LIST, as in Redis's replica output buffer;
     * the limits are checked at once.
     */
    public void heldOutput(long bytes) {
        heldOutput = bytes;
        OutputBufferLimit.enforce(this);
    }

    private long heldOutput;

    // ---------------------------------------------------------------- memory

    /** Bytes Redis reserves per client whatever it does: the client structure and its 16 KB reply buffer. */
    public static final long FIXED_BYTES = 1024 + 16 * 1024;
    private static final long SUBSCRIPTION_BYTES = 32;
    /** Redis's per watched key overhead: a list node and a watchedKey. */
    private static final long WATCHED_KEY_BYTES = 56;
    /** Redis's read size ({@code PROTO_IOBUF_LEN}): an empty query buffer grows to it on a read. */
    private static final long IOBUF_BYTES = 16 * 1024;
    /** Redis's {@code PROTO_RESIZE_THRESHOLD}: a query buffer above it may be trimmed to its recent peak. */
    private static final long RESIZE_THRESHOLD = 32 * 1024;
    private static final long RESIZE_WASTE = 4 * 1024;
    private long queryAllocated;
    private long queryPeak;

    /**
     * After a read of {@code bytes}: the query buffer as Redis would have allocated it, at least a read's worth, or a
     * big argument's full length when one started ({@code bigArgument}, 0 if none). Redis reports that allocation
     * in {@code qbuf-free} and in the client's memory, and trims it in its client cron
     * ({@link #resizeQueryBuffer}); the model follows both so the figures move as Redis's do.
     */
    public void inputRead(int bytes, long bigArgument) {
        long used = queryBufferBytes();
        queryPeak = Math.max(queryPeak, used + bytes);
        long needed = Math.max(IOBUF_BYTES, bigArgument > 0 ? bigArgument + 2 : 0);
        queryAllocated = Math.max(queryAllocated, Math.max(needed, used));
    }

    /**
     * Redis's {@code clientsCronResizeQueryBuffer}: a buffer wasting more than 4 KB is freed after 2 s idle, or trimmed
     * to the recent peak when it is over 32 KB and more than twice that peak; the peak then restarts.
     */
    public void resizeQueryBuffer(long nowMs) {
        long used = queryBufferBytes();
        if (queryAllocated - used > RESIZE_WASTE) {
            if ((nowMs - lastInteraction) / 1000 > 2) {
                queryAllocated = used;
            } else if (queryAllocated > RESIZE_THRESHOLD && queryAllocated / 2 > queryPeak) {
                queryAllocated = Math.max(used, queryPeak);
            }
        }
        queryPeak = used;
    }

    /** The query buffer's free space as Redis would report it ({@code qbuf-free}). */
    public long queryBufferFree() {
        return Math.max(0, queryAllocated - queryBufferBytes());
    }

    /**
     * The query buffer as Redis would hold it: bytes received and not parsed, a big argument still arriving, and
     * requests parsed while the client is suspended.
     */
    public long queryBufferBytes() {
        return conn.pendingInputBytes() + deferred.bytes();
    }

    /** Arguments of the request still arriving (Redis keeps those in the client's argv). */
    public long argvBytes() {
        return conn.partialArgvBytes();
    }

    /** Redis's {@code getClientMemoryUsage}: what this client costs the server now. */
    public long memoryUsage() {
        long subscriptions = pubsub == null ? 0
                : (long) pubsub.channelCount() + pubsub.patternCount() + pubsub.shardChannelCount();
        long subs = subscriptions * SUBSCRIPTION_BYTES;
        long query = Math.max(queryAllocated, conn.allocatedInputBytes() + deferred.bytes());
        long multi = transaction.queuedBytes() + transaction.watchedCount() * WATCHED_KEY_BYTES;
        return FIXED_BYTES + outputBytes() + query + argvBytes() + multi + subs;
    }

    int memoryClass() {
        if (replica && !monitor) {
            return ClientMemory.REPLICA;
        }
        return subscribed() ? ClientMemory.PUBSUB : ClientMemory.NORMAL;
    }

    long reportedMemory() {
        return reportedMemory;
    }

    /** Reports this client's current memory to the server's totals, then lets client eviction run. */
    public void memoryChanged() {
        if (!conn.network()) {
            return;
        }
        if (closed) {
            forgetMemory();
            return;
        }
        long now = memoryUsage();
        int cls = memoryClass();
        ClientMemory totals = server.clientMemory();
        totals.report(this, reportedClass, reportedMemory, cls, now);
        reportedClass = cls;
        reportedMemory = now;
        totals.evict(server.config());
    }

    /** Takes this client out of the server's totals (it is gone). */
    public void forgetMemory() {
        if (reportedClass != ClientMemory.NONE) {
            server.clientMemory().report(this, reportedClass, reportedMemory, ClientMemory.NONE, 0);
            reportedClass = ClientMemory.NONE;
            reportedMemory = 0;
        }
    }
}
