package io.redjay.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.redjay.server.ServerLog;

import java.nio.charset.StandardCharsets;

/**
 * {@code supervised systemd}: tells the service manager about the server's state over {@code $NOTIFY_SOCKET}, a unix
 * datagram socket, as Redis does, so a {@code Type=notify} unit (Debian's redis-server.service is one) sees the
 * server ready once its port is bound ({@code STATUS=...}, {@code READY=1}) and stopping at shutdown
 * ({@code STOPPING=1}). {@code supervised auto} means systemd when {@code $NOTIFY_SOCKET} is set.
 *
 * <p>The datagram socket comes from Netty's native epoll transport, the only unix datagram socket the JVM can reach;
 * it is registered on the server's own event loop and used a handful of times in the process's life.
 */
final class SystemdNotify {
    private final Channel channel;
    private final DomainSocketAddress target;

    private SystemdNotify(Channel channel, DomainSocketAddress target) {
        this.channel = channel;
        this.target = target;
    }

    /** The notifier for {@code supervised}, or null when the server is not supervised by systemd. */
    static SystemdNotify open(String supervised, EventLoopGroup group) {
        String socket = System.getenv("NOTIFY_SOCKET");
        boolean systemd = supervised.equals("systemd") || (supervised.equals("auto") && socket != null);
        if (!systemd) {
            return null;
        }
        if (socket == null || socket.isEmpty()) {
            ServerLog.LOG.warn("systemd supervision requested or auto-detected, but NOTIFY_SOCKET not found!");
            return null;
        }
        if (!Epoll.isAvailable()) {
            ServerLog.LOG.warn("systemd supervision requested, but the native transport that reaches "
                    + "NOTIFY_SOCKET is not available on this platform");
            return null;
        }
        ServerLog.LOG.info("Supervised by systemd. Please make sure you set appropriate values for "
                + "TimeoutStartSec and TimeoutStopSec in your service unit.");
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        DomainSocketAddress target = new DomainSocketAddress(path);
        ChannelFuture connected = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(target).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            ServerLog.LOG.warn("Can't connect to systemd socket {}: {}", socket, connected.cause().getMessage());
            return null;
        }
        return new SystemdNotify(connected.channel(), target);
    }

    /**
     * Sends one state message ({@code READY=1\n}). From another thread it waits until the datagram is written, so it
     * precedes what the caller does next; on the event loop itself the write happens in place.
     */
    void send(String state) {
        ChannelFuture f = channel.writeAndFlush(new DomainDatagramPacket(
                Unpooled.copiedBuffer(state, StandardCharsets.US_ASCII), target));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                ServerLog.LOG.warn("Can't send '{}' to systemd: {}", state.trim(), done.cause().getMessage());
            }
        });
        if (!channel.eventLoop().inEventLoop()) {
            f.awaitUninterruptibly();
        }
    }

    void close() {
        channel.close();
    }
}
