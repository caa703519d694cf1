package io.redjay.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.redjay.replication.MasterConnector;

/**
 * The replica's connection to its master, on the executor's own event loop: the master's bytes are handed to the
 * replication code where they arrive, without a thread hop, and the replication state stays single-threaded.
 */
final class MasterConnection implements MasterConnector {
    private final EventLoopGroup executorGroup;
    private final boolean epoll;

    MasterConnection(EventLoopGroup executorGroup, boolean epoll) {
        this.executorGroup = executorGroup;
        this.epoll = epoll;
    }

    @Override
    public void connect(String host, int port, Events events) {
        Bootstrap b = new Bootstrap().group(executorGroup)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        Channel ch = ctx.channel();
                        events.connected(new MasterConnector.Link() {
                            @Override
                            public void send(byte[] bytes) {
                                ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
                            }

                            @Override
                            public void autoRead(boolean on) {
                                ch.config().setAutoRead(on);
                            }

                            @Override
                            public void close() {
                                ch.close();
                            }
                        });
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        try {
                            events.received(b);
                        } finally {
                            b.release();
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        events.closed("connection lost");
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                events.closed(IoErrors.text(f.cause()));
            }
        });
    }
}
