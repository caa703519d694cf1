package io.redjay.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code supervised systemd} against a stand-in for systemd: a unix datagram socket passed as {@code NOTIFY_SOCKET}
 * must receive READY=1 once the server accepts connections, and STOPPING=1 when SIGTERM stops it.
 */
class SystemdNotifyTest {
    @Test
    void readyAfterTheBindAndStoppingAtShutdown(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "no native transport");
        Path socket = dir.resolve("notify.sock");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            received.add(p.content().toString(StandardCharsets.US_ASCII));
                        }
                    }).bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.redjay.RedjayServer", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--supervised", "systemd").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            Process p = pb.start();
            try {
                List<String> before = new ArrayList<>();
                String msg;
                while ((msg = received.poll(30, TimeUnit.SECONDS)) != null && !msg.equals("READY=1\n")) {
                    before.add(msg);
                }
                assertEquals("READY=1\n", msg, "messages before: " + before);
                assertTrue(before.contains("STATUS=Ready to accept connections\n"), before.toString());
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    assertTrue(s.isConnected(), "the port is bound when READY=1 arrives");
                }
                p.destroy();
                assertEquals("STOPPING=1\n", received.poll(30, TimeUnit.SECONDS));
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
                listener.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
