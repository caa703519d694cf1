package io.redjay.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.redjay.client.Client;
import io.redjay.protocol.ProtocolException;
import io.redjay.protocol.RequestParser;
import io.redjay.server.Server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One per connection: accumulates request bytes, parses whole requests and hands them to the executor in batches.
 *
 * <p>With {@code io-threads 1} the channel lives on the executor's own event loop, so a batch is executed right here,
 * inside {@code channelRead}, and replies accumulate in one buffer flushed at {@code channelReadComplete}: one write
 * per read, as Redis does. With more I/O threads, the requests parsed on the I/O loop are submitted to the executor
 * as one task per read, which executes them all and writes the replies back through the channel.
 *
 * <p>A protocol error replies with Redis's message after the requests parsed before it, then closes the connection.
 * A query buffer over {@code client-query-buffer-limit} closes the connection without reply. When the socket cannot
 * take more output (a client that pipelines but does not read), reading stops until it drains, so no client can make
 * the server buffer without bound.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final Server server;
    private final EventExecutor executor;
    private ByteBuf cumulation;
    private RequestParser parser;
    private List<byte[][]> batch = new ArrayList<>();
    private volatile Client client;
    private boolean protocolError;
    private ProtocolException pendingError;

    ClientHandler(Server server, EventExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NettyConnection conn = new NettyConnection(ctx.channel());
        boolean loopback = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                && a.getAddress() != null && a.getAddress().isLoopbackAddress();
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
        });
        onExecutor(() -> client = server.connect(conn, loopback));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        onExecutor(() -> {
            Client c = client;
            if (c != null) {
                server.disconnected(c);
            }
        });
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (protocolError) {
            in.release();
            return;
        }
        int readBytes = in.readableBytes();
        if (cumulation == null) {
            cumulation = in;
        } else {
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
        try {
            parser.parse(cumulation, batch);
        } catch (ProtocolException e) {
            protocolError = true;
            pendingError = e;
        }
        if (!protocolError && cumulation.readableBytes() > server.config().clientQueryBufferLimit) {
            protocolError = true;
            onExecutor(() -> server.stats().clientQueryBufferLimitDisconnections++);
            batch.clear();
            ctx.close();
            return;
        }
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation.readerIndex() > 0 && cumulation.readerIndex() > cumulation.capacity() / 2) {
            cumulation.discardSomeReadBytes();
        }
        final int bytes = readBytes;
        if (executor.inEventLoop()) {
            server.stats().netInputBytes += bytes;
            runBatch();
        } else {
            List<byte[][]> mine = batch;
            batch = new ArrayList<>();
            ProtocolException err = pendingError;
            pendingError = null;
            executor.execute(() -> {
                server.stats().netInputBytes += bytes;
                execute(mine, err);
            });
        }
    }

    private void runBatch() {
        ProtocolException err = pendingError;
        pendingError = null;
        execute(batch, err);
        batch.clear();
    }

    private void execute(List<byte[][]> requests, ProtocolException error) {
        Client c = client;
        if (c == null) {
            return;
        }
        if (!requests.isEmpty()) {
            server.runBatch(c, requests);
        }
        if (error != null && !c.closed()) {
            c.reply().error("ERR " + error.getMessage());
            c.closeAfterReply();
            c.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
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
