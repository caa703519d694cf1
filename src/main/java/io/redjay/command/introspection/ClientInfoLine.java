package io.redjay.command.introspection;

import io.redjay.client.Client;
import io.redjay.command.ServerView;
import io.redjay.protocol.Resp;

/**
 * One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in Redis 7.0's order (no {@code lib-name} and
 * {@code lib-ver}: those arrived in 7.2).
 *
 * <p>Redis prints the state of its own buffers; Redjay's buffers are Netty's, so the memory fields are estimates that
 * keep their meaning where it matters to tools and tests: {@code qbuf} is what the client sent and the server has not
 * run (bytes not parsed yet, a big argument arriving, requests queued while it is blocked or paused) plus, for the
 * client that asks, the request being executed (Redis still holds it in its query buffer at that point);
 * {@code argv-mem} the arguments of a request still arriving; {@code obl}, {@code oll} and {@code omem} split the
 * reply bytes waiting to be written, wrapped large values included, as Redis's buffers would hold them; and
 * {@code tot-mem} is {@link Client#memoryUsage()}, the figure client eviction works with. The file descriptor is
 * synthetic: there is no fd to show on the JVM.
 */
public final class ClientInfoLine {
    private static final int REPLY_BUFFER_SIZE = 1024;
    /**
     * Unsent output shown as Redis would hold it: the first 16k in the client's fixed buffer ({@code obl}), the rest
     * in 16k reply-list nodes ({@code oll} of them, {@code omem} bytes).
     */
    private static final long REPLY_CHUNK_BYTES = 16 * 1024;

    private ClientInfoLine() {
    }

    /** The CLIENT LIST line of {@code c} as seen from outside any command (for the log). */
    public static String describe(ServerView server, Client c) {
        StringBuilder sb = new StringBuilder();
        append(sb, server, c, null, null, null);
        return sb.toString().stripTrailing();
    }

    /**
     * Appends the line of {@code target}. {@code self} is the client running the command and {@code argv} its
     * request: for that client Redis already reports the current command and its query buffer.
     */
    static void append(StringBuilder out, ServerView server, Client target, Client self, byte[][] argv,
                       String currentCommand) {
        boolean me = target == self;
        long nowMs = target.host().keyspace().now();
        long current = me ? Resp.requestBytes(argv) : 0;
        long qbuf = target.queryBufferBytes() + current;
        long argvMem = target.argvBytes() + (me ? argvBytes(argv) : 0);
        long omem = target.outputBytes();
        String name = target.name();
        String last = target.lastCommand();
        out.append("id=").append(target.id())
                .append(" addr=").append(target.connection().remoteAddress())
                .append(" laddr=").append(target.connection().localAddress())
                .append(" fd=").append(target.id() + 7)
                .append(" name=").append(name == null ? "" : name)
                .append(" age=").append(Math.max(0, (System.currentTimeMillis() - target.createdAt()) / 1000))
                .append(" idle=").append(Math.max(0, (nowMs - target.lastInteraction()) / 1000))
                .append(" flags=").append(flags(server, target))
                .append(" db=").append(target.db().id())
                .append(" sub=").append(target.pubsub() == null ? 0 : target.pubsub().channelCount())
                .append(" psub=").append(target.pubsub() == null ? 0 : target.pubsub().patternCount())
                .append(" ssub=").append(target.pubsub() == null ? 0 : target.pubsub().shardChannelCount())
                .append(" multi=").append(target.transaction().queuedCount())
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(Math.max(0, target.queryBufferFree() - current))
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(target.transaction().queuedBytes())
                .append(" rbs=").append(REPLY_BUFFER_SIZE)
                .append(" rbp=").append(Math.min(REPLY_BUFFER_SIZE, omem))
                .append(" obl=").append(Math.min(omem, REPLY_CHUNK_BYTES))
                .append(" oll=").append((Math.max(0, omem - REPLY_CHUNK_BYTES) + REPLY_CHUNK_BYTES - 1)
                        / REPLY_CHUNK_BYTES)
                .append(" omem=").append(Math.max(0, omem - REPLY_CHUNK_BYTES))
                .append(" tot-mem=").append(target.memoryUsage() + current + (me ? argvBytes(argv) : 0))
                .append(" events=r")
                .append(" cmd=").append(me ? currentCommand : last == null ? "NULL" : last)
                .append(" user=default")
                .append(" redir=-1")
                .append(" resp=").append(target.protocolVersion())
                .append('\n');
    }

    /** Redis's client flag letters that apply to Redjay's clients; N when none does. */
    static String flags(ServerView server, Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.monitor()) {
            f.append('O');
        } else if (c.replica()) {
            f.append('S');
        }
        if (c.subscribed()) {
            f.append('P');
        }
        if (c.transaction().inMulti()) {
            f.append('x');
        }
        if (server.blocking().isBlocked(c)) {
            f.append('b');
        }
        if (c.transaction().dirty()) {
            f.append('d');
        }
        if (c.closingAfterReply()) {
            f.append('c');
        }
        if (c.connection().remoteAddress().startsWith("/unixsocket")) {
            f.append('U');
        }
        if (c.noEvict()) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    /** The argument bytes of a request, as Redis's {@code argv_len_sum} counts them. */
    static long argvBytes(byte[][] argv) {
        long n = 0;
        for (byte[] a : argv) {
            n += a.length;
        }
        return n;
    }
}
