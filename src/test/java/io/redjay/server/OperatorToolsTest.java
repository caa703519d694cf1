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
import io.redjay.net.SyslogAppender;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's side tools, each run as an operator runs them, in a process of its own: the syslog copy of the log
 * (received on a stand-in for {@code /dev/log}), {@code --check-system} and {@code --test-memory}.
 */
class OperatorToolsTest {
    private static final Pattern SYSLOG_LINE =
            Pattern.compile("<(\\d+)>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d myredis\\[(\\d+)\\]: (.*)");

    @Test
    void syslogGetsEveryLineWithFacilityAndSeverity(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "no native transport");
        Path socket = dir.resolve("log.sock");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            received.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    }).bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            Process p = java("-D" + SyslogAppender.SOCKET_PROPERTY + "=" + socket, "io.redjay.RedjayServer",
                    "--port", Integer.toString(freePort()), "--save", "", "--syslog-enabled", "yes",
                    "--syslog-ident", "myredis", "--syslog-facility", "local3", "--loglevel", "verbose")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                List<String> lines = new ArrayList<>();
                String ready = null;
                String d;
                while (ready == null && (d = received.poll(30, TimeUnit.SECONDS)) != null) {
                    var m = SYSLOG_LINE.matcher(d);
                    assertTrue(m.matches(), d);
                    assertEquals(Long.toString(p.pid()), m.group(2));
                    lines.add(d);
                    if (m.group(3).equals("Ready to accept connections")) {
                        ready = m.group(1);
                    }
                }
                assertEquals("157", ready, "local3 (152) + notice (5): " + lines);
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("<156>") && l.endsWith("]: Server initialized")),
                        "warnings are severity 4: " + lines);
                p.destroy();
                String last = null;
                while ((d = received.poll(30, TimeUnit.SECONDS)) != null) {
                    last = d;
                    if (d.endsWith("ready to exit, bye bye...")) {
                        break;
                    }
                }
                assertTrue(last != null && last.endsWith("]: Redis is now ready to exit, bye bye..."), last);
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

    @Test
    void syslogWithoutADaemonSaysSoAndServes(@TempDir Path dir) throws Exception {
        Process p = java("-D" + SyslogAppender.SOCKET_PROPERTY + "=" + dir.resolve("nobody.sock"),
                "io.redjay.RedjayServer", "--port", Integer.toString(freePort()), "--save", "",
                "--syslog-enabled", "yes").redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.endsWith("Ready to accept connections")) {
                lines.add(line);
            }
            assertTrue(line != null, "served: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("# syslog-enabled is set but nothing goes to syslog: ")),
                    lines.toString());
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void checkSystemPrintsRedisChecks() throws Exception {
        Process p = java("io.redjay.RedjayServer", "--check-system").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String[] lines = out.split("\n");
        assertTrue(lines[0].matches("\\[slow-clocksource\\]\\.\\.\\.(OK|skipped|WARNING:)"), out);
        assertTrue(out.contains("[xen-clocksource]..."), out);
        assertTrue(out.contains("[THP]..."), out);
        assertEquals(out.contains("WARNING:") ? 1 : 0, p.exitValue(), out);
    }

    @Test
    void testMemoryPassesAndNeedsASize() throws Exception {
        Process p = java("io.redjay.RedjayServer", "--test-memory", "2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Pass 50/50: addressing, random, solid, checkerboard OK"), out);
        assertTrue(out.contains("\nYour memory passed this test.\n"), out);

        Process q = java("io.redjay.RedjayServer", "--test-memory").redirectErrorStream(true).start();
        String err = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, q.exitValue());
        assertTrue(err.startsWith("Please specify the amount of memory to test in megabytes.\n"), err);
    }

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
