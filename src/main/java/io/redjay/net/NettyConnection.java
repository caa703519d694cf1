package io.redjay.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.redjay.client.Connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A {@link Connection} over a Netty channel. Safe to call from the executor thread whichever loop owns the channel. */
final class NettyConnection implements Connection {
    private final Channel channel;
    private final String remote;
    private final String local;

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
        return String.valueOf(a);
    }

    @Override
    public ByteBuf allocate() {
        return channel.alloc().ioBuffer(256);
    }

    @Override
    public void write(ByteBuf replies) {
        channel.writeAndFlush(replies, channel.voidPromise());
    }

    @Override
    public void close() {
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
        io.netty.channel.ChannelOutboundBuffer b = channel.unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }
}
