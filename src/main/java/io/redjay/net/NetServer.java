package io.redjay.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.redjay.config.Config;
import io.redjay.server.Server;
import io.redjay.server.ServerLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the listening sockets and wires the threads.
 *
 * <p>{@code io-threads 1}: one event loop accepts, reads, executes and writes, so a request never crosses threads and
 * replies leave in the same loop iteration that read the request (Redis's own model). {@code io-threads N}: the
 * executor is the accepting loop, and N further loops own the connections, parse requests and hand each read's batch
 * to the executor. Native epoll is used on Linux when it loads, NIO otherwise.
 */
public final class NetServer implements io.redjay.server.Listeners {
    private static final Logger log = LoggerFactory.getLogger(NetServer.class);

    private final Server server;
    private EventLoopGroup executorGroup;
    private EventLoopGroup ioGroup;
    private final List<Channel> listeners = new ArrayList<>();
    private Channel unixListener;
    private ServerBootstrap bootstrap;
    private SystemdNotify systemd;

    public NetServer(Server server) {
        this.server = server;
    }

    public static boolean nativeTransport() {
        return Epoll.isAvailable();
    }

    /** Binds every {@code bind} address on {@code port} (0 = any free port) and starts serving. */
    public void start() throws InterruptedException {
        Config config = server.config();
        boolean epoll = nativeTransport();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // the executor runs Lua scripts, whose nested calls need more stack than the default gives
        ExecutorLoop.Group group = new ExecutorLoop.Group(new NamedThreads("redjay-executor", 64L << 20), factory);
        executorGroup = group;
        ExecutorLoop executor = group.loop();
        server.busyEvents(executor::turnOnce);
        ioGroup = config.ioThreads > 1
                ? new MultiThreadIoEventLoopGroup(config.ioThreads, new NamedThreads("redjay-io"), factory)
                : executorGroup;
        server.start(executor);
        server.masterConnector(new MasterConnection(executorGroup, epoll));

        ServerBootstrap b = new ServerBootstrap()
                .group(executorGroup, ioGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepalive > 0)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 16 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChunkedWriteHandler(), new ClientHandler(server, executor));
                    }
                });
        if (epoll && config.tcpKeepalive > 0) {
            b.childOption(EpollChannelOption.TCP_KEEPIDLE, config.tcpKeepalive);
            b.childOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, config.tcpKeepalive / 3));
            b.childOption(EpollChannelOption.TCP_KEEPCNT, 3);
        }
        bootstrap = b;
        int port = config.port;
        for (String addr : bindAddresses(config.bind)) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            try {
                Channel ch = b.bind(new InetSocketAddress(host, port)).sync().channel();
                listeners.add(ch);
                if (port == 0) {
                    port = ((InetSocketAddress) ch.localAddress()).getPort();
                }
            } catch (Exception e) {
                if (!optional) {
                    stop();
                    throw new IllegalStateException("Could not create server TCP listening socket " + host + ":"
                            + port + ": " + e.getMessage(), e);
                }
            }
        }
        if (listeners.isEmpty()) {
            stop();
            throw new IllegalStateException("Could not create server TCP listening socket on port " + port);
        }
        if (!config.unixsocket.isEmpty()) {
            listenOnUnixSocket(config, epoll, executor);
        }
        server.boundPort(port);
        server.listeners(this);
        server.onShutdown(this::stop);
        systemd = SystemdNotify.open(config.supervised, executorGroup);
        log.debug("Listening on port {} ({} transport, io-threads {})", port, epoll ? "epoll" : "nio",
                config.ioThreads);
    }

    /**
     * {@code unixsocket}: the same clients over a unix domain socket (many local tools, and Redis's own test suite,
     * connect that way). A stale socket file is removed first, as Redis does, and {@code unixsocketperm} applied.
     */
    private void listenOnUnixSocket(Config config, boolean epoll, EventExecutor executor) {
        java.nio.file.Path path = java.nio.file.Path.of(config.unixsocket);
        if (!epoll) {
            stop();
            throw new IllegalStateException("Failed opening Unix socket: the native transport is not available");
        }
        try {
            java.nio.file.Files.deleteIfExists(path);
            ServerBootstrap u = new ServerBootstrap().group(executorGroup, ioGroup)
                    .channel(io.netty.channel.epoll.EpollServerDomainSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, config.tcpBacklog)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 16 << 20))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChunkedWriteHandler(), new ClientHandler(server, executor));
                        }
                    });
            unixListener = u.bind(new io.netty.channel.unix.DomainSocketAddress(path.toString())).sync().channel();
            if (config.unixsocketperm != 0) {
                java.nio.file.Files.setPosixFilePermissions(path, permissions(config.unixsocketperm));
            }
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Failed opening Unix socket: " + e.getMessage(), e);
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> set = new java.util.HashSet<>();
        java.nio.file.attribute.PosixFilePermission[] bits = java.nio.file.attribute.PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /**
     * The dataset is loaded: the line operators and supervisors wait for, and systemd's READY. Clients were accepted
     * since {@link #start()}, answered {@code -LOADING} until now.
     */
    public void ready() {
        ServerLog.LOG.info("Ready to accept connections");
        if (unixListener != null) {
            ServerLog.LOG.info("The server is now ready to accept connections at {}", server.config().unixsocket);
        }
        if (systemd != null) {
            systemd.send("STATUS=Ready to accept connections\n");
            systemd.send("READY=1\n");
        }
    }

    /** CONFIG SET port: binds the new sockets asynchronously (on the executor's loop), then drops the old ones. */
    @Override
    public void rebind(int port, java.util.function.Consumer<String> done) {
        bindNext(bindAddresses(server.config().bind), 0, port, new ArrayList<>(), done);
    }

    private void bindNext(List<String> addresses, int index, int port, List<Channel> fresh,
                          java.util.function.Consumer<String> done) {
        if (index == addresses.size()) {
            if (fresh.isEmpty()) {
                done.accept(UNABLE_TO_LISTEN);
                return;
            }
            List<Channel> old = new ArrayList<>(listeners);
            listeners.clear();
            listeners.addAll(fresh);
            old.forEach(Channel::close);
            server.boundPort(((InetSocketAddress) fresh.get(0).localAddress()).getPort());
            done.accept(null);
            return;
        }
        String addr = addresses.get(index);
        boolean optional = addr.startsWith("-");
        String host = optional ? addr.substring(1) : addr;
        bootstrap.bind(new InetSocketAddress(host, port)).addListener((io.netty.channel.ChannelFuture f) -> {
            if (f.isSuccess()) {
                fresh.add(f.channel());
                bindNext(addresses, index + 1, port, fresh, done);
            } else if (optional) {
                bindNext(addresses, index + 1, port, fresh, done);
            } else {
                log.warn("Could not create server TCP listening socket {}:{}: {}", host, port, f.cause().getMessage());
                fresh.forEach(Channel::close);
                done.accept(UNABLE_TO_LISTEN);
            }
        });
    }

    private static final String UNABLE_TO_LISTEN = "Unable to listen on this port. Check server logs.";

    private static List<String> bindAddresses(List<String> bind) {
        List<String> out = new ArrayList<>();
        for (String b : bind.isEmpty() ? List.of("*", "-::*") : bind) {
            boolean optional = b.startsWith("-");
            String host = optional ? b.substring(1) : b;
            if (host.equals("*")) {
                host = "0.0.0.0";
            } else if (host.equals("::*")) {
                host = "::";
            }
            out.add((optional ? "-" : "") + host);
        }
        if (out.contains("0.0.0.0") && out.contains("-::")) {
            out.remove("-::");
            out.set(out.indexOf("0.0.0.0"), "-::");
            out.add("-0.0.0.0");
        }
        return out;
    }

    public void stop() {
        if (systemd != null) {
            systemd.send("STOPPING=1\n");
            systemd.close();
            systemd = null;
        }
        for (Channel ch : listeners) {
            ch.close();
        }
        if (unixListener != null) {
            unixListener.close();
            unixListener = null;
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(server.config().unixsocket));
            } catch (java.io.IOException e) {
                ServerLog.LOG.warn("Error removing the unix socket file: {}", e.getMessage());
            }
        }
        if (ioGroup != null && ioGroup != executorGroup) {
            ioGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (executorGroup != null) {
            executorGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Blocks until the event loops have terminated (after SHUTDOWN). */
    public void awaitTermination() throws InterruptedException {
        executorGroup.terminationFuture().sync();
        if (ioGroup != executorGroup) {
            ioGroup.terminationFuture().sync();
        }
    }
}
