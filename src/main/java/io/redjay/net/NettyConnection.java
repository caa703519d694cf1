package io.redjay.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.redjay.client.Connection;
import io.redjay.server.ServerLog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Connection} over a Netty channel. Safe to call from the executor thread whichever loop owns the channel.
 *
 * <p>Output is counted from the moment it is handed over until the channel reports it written (or failed), across
 * the chunked-write queue and Netty's outbound buffer, so output-buffer limits and client memory see every byte the
 * server still holds for the client. Heap buffers larger than a slice (wrapped stored values) go out as
 * {@link HeapChunks}, never copied whole. Input is counted by the {@link ClientHandler} that reads the channel:
 * bytes waiting in its cumulation buffer, a big argument being filled, requests on their way to the executor.
 */
final class NettyConnection implements Connection {
    private final Channel channel;
    private final String remote;
    private final String local;
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicLong inTransit = new AtomicLong();
    private volatile long buffered;
    private volatile long allocated;
    private volatile long partialArgv;
    private volatile boolean writeErrorLogged;

    NettyConnection(Channel channel) {
        this.channel = channel;
        this.remote = format(channel.remoteAddress());
        this.local = format(channel.localAddress());
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress in) {
            String host = in.getAddress() == null ? in.getHostString() : in.getAddress().getHostAddress();
            int pct = host.indexOf('%');
            if (pct >= 0) {
                host = host.substring(0, pct);
            }
            return host + ":" + in.getPort();
        }
        if (a instanceof io.netty.channel.unix.DomainSocketAddress) {
            return "/unixsocket:0"; // what Redis shows for either end of a unix socket connection
        }
        return String.valueOf(a);
    }

    @Override
    public ByteBuf allocate() {
        return channel.alloc().ioBuffer(256);
    }

    @Override
    public void write(ByteBuf replies) {
        send(replies, true);
    }

    @Override
    public void queue(ByteBuf replies) {
        send(replies, false);
    }

    private void send(ByteBuf replies, boolean flush) {
        long n = replies.readableBytes();
        Object msg = n > HeapChunks.CHUNK && !replies.isDirect() ? new HeapChunks(replies) : replies;
        unsent.addAndGet(n);
        ChannelPromise done = channel.newPromise();
        done.addListener(f -> {
            unsent.addAndGet(-n);
            if (!f.isSuccess() && channel.isActive()) {
                writeFailed(f.cause());
            }
        });
        if (flush) {
            channel.writeAndFlush(msg, done);
        } else {
            channel.write(msg, done);
        }
    }

    /** The file's bytes are read from the page cache as the socket takes them: they are not output held in memory. */
    @Override
    public void sendFile(java.nio.file.Path file, long length) throws java.io.IOException {
        java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ);
        ChannelPromise done = channel.newPromise();
        done.addListener(f -> {
            fc.close();
            if (!f.isSuccess() && channel.isActive()) {
                writeFailed(f.cause());
            }
        });
        channel.writeAndFlush(new io.netty.handler.stream.ChunkedNioFile(fc, 0, length, HeapChunks.CHUNK), done);
    }

    /** Redis logs a failed write at verbose level and closes the client. */
    private void writeFailed(Throwable cause) {
        if (!writeErrorLogged) {
            writeErrorLogged = true;
            ServerLog.LOG.debug("Error writing to client: {}", IoErrors.text(cause));
        }
        channel.close();
    }

    @Override
    public void close() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean open() {
        return channel.isActive();
    }

    @Override
    public void abort() {
        channel.close();
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public void autoRead(boolean on) {
        channel.config().setAutoRead(on);
    }

    @Override
    public long pendingOutputBytes() {
        return unsent.get();
    }

    @Override
    public long pendingInputBytes() {
        return buffered + inTransit.get();
    }

    @Override
    public long allocatedInputBytes() {
        return allocated + inTransit.get();
    }

    @Override
    public long partialArgvBytes() {
        return partialArgv;
    }

    /**
     * What the reader holds after a read: {@code unparsed} bytes and what was received of a big argument,
     * {@code allocated} the same with the big argument's whole array, {@code argv} the complete arguments of the
     * request still arriving.
     */
    void buffered(long received, long allocated, long argv) {
        this.buffered = received;
        this.allocated = allocated;
        this.partialArgv = argv;
    }

    /** Parsed requests submitted to the executor (io-threads > 1) and not yet taken by it. */
    AtomicLong inTransit() {
        return inTransit;
    }
}
