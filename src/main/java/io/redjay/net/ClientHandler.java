package io.redjay.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.redjay.client.Client;
import io.redjay.command.Text;
import io.redjay.command.introspection.ClientInfoLine;
import io.redjay.protocol.ProtocolException;
import io.redjay.protocol.RequestParser;
import io.redjay.protocol.Resp;
import io.redjay.server.ProtectedMode;
import io.redjay.server.Server;
import io.redjay.server.ServerLog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One per connection: accumulates request bytes, parses whole requests and hands them to the executor in batches.
 *
 * <p>With {@code io-threads 1} the channel lives on the executor's own event loop, so a batch is executed right here,
 * inside {@code channelRead}, and replies accumulate in one buffer flushed at the end of the batch: one write per
 * read, as Redis does. With more I/O threads, the requests parsed on the I/O loop are submitted to the executor as one
 * task per read, which executes them all and writes the replies back through the channel.
 *
 * <p><b>Query buffer.</b> What Redis calls the query buffer is, here, the cumulation buffer (bytes not parsed yet),
 * the big argument being filled and the complete arguments of the request still arriving (both in the parser), the
 * requests on their way to the executor, and the requests a suspended client has queued. (A big argument's array is
 * allocated off the loop, see {@link ArgumentArrays}; when it is ready the handler parses again without a new read.)
 * After every read their sum is checked against {@code client-query-buffer-limit}, before the new requests run, as
 * Redis checks its query buffer after each read; over it the client is closed with Redis's warning. A blocked client is
 * therefore read on, like in Redis, until it runs into the limit: memory is bounded by bytes, not by a count of
 * requests.
 *
 * <p><b>Errors.</b> A protocol error replies with Redis's message after the requests parsed before it, logs Redis's
 * verbose "Protocol error" line, then closes the connection; a failed read logs "Reading from client", a peer that
 * closed "Client closed connection". When the socket cannot take more output (a client that pipelines but does not
 * read), reading stops until it drains, so no client can make the server buffer replies without bound.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final int LOG_SAMPLE = 64;
    private static final int PROTO_DUMP_LEN = 128;

    private final Server server;
    private final EventExecutor executor;
    private NettyConnection conn;
    private ByteBuf cumulation;
    private RequestParser parser;
    private List<byte[][]> batch = new ArrayList<>();
    private volatile Client client;
    private boolean closing;
    private ProtocolException pendingError;
    private String pendingErrorSample;
    private volatile boolean readErrorLogged;

    ClientHandler(Server server, EventExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new NettyConnection(ctx.channel());
        NettyConnection mine = conn;
        boolean local = ProtectedMode.isLocal(ctx.channel().remoteAddress());
        parser = new RequestParser(new RequestParser.Limits() {
            @Override
            public long maxBulkLength() {
                return server.config().protoMaxBulkLen;
            }

            @Override
            public boolean authRequired() {
                Client c = client;
                return c != null && !c.authenticated();
            }

            @Override
            public Supplier<byte[]> allocate(int length) {
                return ArgumentArrays.allocate(length, () -> ctx.channel().eventLoop().execute(() -> {
                    if (ctx.channel().isActive()) {
                        channelRead(ctx, Unpooled.EMPTY_BUFFER);
                    }
                }));
            }
        });
        onExecutor(() -> client = server.connect(mine, local));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        onExecutor(() -> {
            Client c = client;
            if (c != null) {
                c.forgetMemory();
                server.disconnected(c);
            }
        });
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        parser.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (closing) {
            in.release();
            return;
        }
        int readBytes = in.readableBytes();
        accumulate(ctx, in);
        try {
            parser.parse(cumulation, batch);
        } catch (ProtocolException e) {
            closing = true;
            pendingError = e;
            pendingErrorSample = protocolSample(cumulation);
        }
        long batchBytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            batchBytes += Resp.requestBytes(batch.get(i));
        }
        conn.inTransit().addAndGet(batchBytes);
        conn.buffered(cumulation.readableBytes() + parser.bigArgBytes(),
                cumulation.readableBytes() + parser.bigArgAllocated(), parser.partialArgvBytes());
        long bigStarted = parser.takeBigArgStarted();
        if (!closing && overQueryBufferLimit()) {
            closeOverQueryBufferLimit(ctx);
            return;
        }
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation.readerIndex() > 0 && cumulation.readerIndex() > cumulation.capacity() / 2) {
            cumulation.discardSomeReadBytes();
        }
        final long inBatch = batchBytes;
        List<byte[][]> mine = batch;
        ProtocolException err = pendingError;
        String sample = pendingErrorSample;
        pendingError = null;
        if (executor.inEventLoop()) {
            server.stats().netInputBytes += readBytes;
            server.readCallback(true);
            try {
                execute(mine, inBatch, readBytes, bigStarted, err, sample);
            } finally {
                server.readCallback(false);
            }
            mine.clear();
        } else {
            batch = new ArrayList<>();
            executor.execute(() -> {
                server.stats().netInputBytes += readBytes;
                execute(mine, inBatch, readBytes, bigStarted, err, sample);
            });
        }
    }

    /** Appends a read to the cumulation buffer; big arguments are consumed as they arrive, so it stays small. */
    private void accumulate(ChannelHandlerContext ctx, ByteBuf in) {
        if (cumulation == null) {
            cumulation = in;
            return;
        }
        int readBytes = in.readableBytes();
        if (cumulation.writableBytes() < readBytes) {
            int needed = cumulation.readableBytes() + readBytes;
            ByteBuf bigger = ctx.alloc().ioBuffer((int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) needed, 2L * cumulation.readableBytes())));
            bigger.writeBytes(cumulation);
            cumulation.release();
            cumulation = bigger;
        }
        cumulation.writeBytes(in);
        in.release();
    }

    private boolean overQueryBufferLimit() {
        Client c = client;
        long queued = c == null ? 0 : c.deferred().bytes();
        long total = conn.pendingInputBytes() + conn.partialArgvBytes() + queued;
        return total > server.config().clientQueryBufferLimit;
    }

    /** Redis's freeClientAsync after "Closing client that reached max query buffer length", logged at warning. */
    private void closeOverQueryBufferLimit(ChannelHandlerContext ctx) {
        closing = true;
        byte[] initial = new byte[Math.min(LOG_SAMPLE, cumulation.readableBytes())];
        cumulation.getBytes(cumulation.readerIndex(), initial);
        List<byte[][]> dropped = new ArrayList<>(batch);
        batch.clear();
        ctx.channel().config().setAutoRead(false);
        onExecutor(() -> {
            Client c = client;
            if (c == null || c.closed()) {
                ctx.close();
                return;
            }
            byte[] sample = initial.length > 0 ? initial : firstRequest(c, dropped);
            ServerLog.LOG.warn("Closing client that reached max query buffer length: {} (qbuf initial bytes: \"{}\")",
                    ClientInfoLine.describe(server, c), Text.escapeForMonitor(sample));
            c.kill();
        });
    }

    /** The start of the oldest request not run, as it was sent: what Redis's query buffer would begin with. */
    private static byte[] firstRequest(Client c, List<byte[][]> dropped) {
        byte[][] argv = null;
        if (!c.deferred().isEmpty()) {
            byte[][] head = c.deferred().pollFirst();
            c.deferred().addFirst(head);
            argv = head;
        } else if (!dropped.isEmpty()) {
            argv = dropped.get(0);
        }
        if (argv == null) {
            return new byte[0];
        }
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (int i = 0; i < argv.length && sb.length() < LOG_SAMPLE; i++) {
            sb.append('$').append(argv[i].length).append("\r\n")
                    .append(Text.latin1(Arrays.copyOf(argv[i], Math.min(argv[i].length, LOG_SAMPLE))))
                    .append("\r\n");
        }
        byte[] all = Text.bytes(sb.toString());
        return Arrays.copyOf(all, Math.min(all.length, LOG_SAMPLE));
    }

    /** Redis's "Query buffer during protocol error" sample: up to 128 bytes, or both ends, non-printables as dots. */
    private static String protocolSample(ByteBuf q) {
        int n = q.readableBytes();
        String text;
        if (n < PROTO_DUMP_LEN) {
            text = "'" + q.toString(q.readerIndex(), n, java.nio.charset.StandardCharsets.ISO_8859_1) + "'";
        } else {
            int half = PROTO_DUMP_LEN / 2;
            text = "'" + q.toString(q.readerIndex(), half, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + "' (... more " + (n - PROTO_DUMP_LEN) + " bytes ...) '"
                    + q.toString(q.writerIndex() - half, half, java.nio.charset.StandardCharsets.ISO_8859_1) + "'";
        }
        StringBuilder sb = new StringBuilder("Query buffer during protocol error: ").append(text);
        for (int i = 0; i < sb.length(); i++) {
            char ch = sb.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                sb.setCharAt(i, '.');
            }
        }
        return sb.toString();
    }

    /**
     * Runs a read's requests. The client's memory is reported first, with the requests still counted as unexecuted
     * input, so that client eviction sees a large request before it runs, as Redis counts a command's arguments
     * before executing it.
     */
    private void execute(List<byte[][]> requests, long requestBytes, int readBytes, long bigStarted,
                         ProtocolException error, String sample) {
        Client c = client;
        if (c == null) {
            conn.inTransit().addAndGet(-requestBytes);
            return;
        }
        c.inputRead(readBytes, bigStarted);
        c.memoryChanged();
        conn.inTransit().addAndGet(-requestBytes);
        if (c.closed()) {
            return;
        }
        if (!requests.isEmpty()) {
            server.runBatch(c, requests);
        }
        if (error != null && !c.closed()) {
            if (ServerLog.LOG.isDebugEnabled()) {
                ServerLog.LOG.debug("Protocol error ({}) from client: {}. {}", error.reason(),
                        ClientInfoLine.describe(server, c), sample);
            }
            c.beginBatch();
            c.reply().error("ERR " + error.getMessage());
            c.closeAfterReply();
            c.endBatch();
        }
        c.memoryChanged();
    }

    /**
     * A client that does not read its replies stops being read once 16 MB of them wait (the channel's high water
     * mark), and is read again below 8 MB. Redis reads on, bounded only by {@code client-output-buffer-limit} and
     * {@code maxmemory-clients}, both off by default for normal clients; here a client that never reads cannot fill
     * the heap with replies to requests it keeps sending, while 16 MB leaves room for what Redis's tests and real
     * pipelines accumulate before they read.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    /** A failed read: Redis logs it at verbose level ("Reading from client: ...") and frees the client. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException && !readErrorLogged) {
            readErrorLogged = true;
            ServerLog.LOG.debug("Reading from client: {}", IoErrors.text(cause));
        }
        ctx.close();
    }

    private void onExecutor(Runnable r) {
        if (executor.inEventLoop()) {
            r.run();
        } else {
            executor.execute(r);
        }
    }
}
