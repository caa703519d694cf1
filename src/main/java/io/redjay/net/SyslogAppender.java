package io.redjay.net;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.redjay.config.Config;
import io.redjay.server.ServerLog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code syslog-enabled yes}: every log line also goes to the local syslog daemon, as Redis's {@code syslog(3)} calls
 * send it. The C library's syslog writes datagrams to the unix socket {@code /dev/log} in the traditional BSD form,
 * {@code <priority>Mmm dd hh:mm:ss ident[pid]: message}, where the priority is {@code syslog-facility} plus the
 * severity Redis maps its levels onto (debug 7, verbose 6 (info), notice 5, warning 4). This appender writes that
 * same datagram, so rsyslog and journald file the lines exactly as they file Redis's.
 *
 * <p>Logback's own syslog appender only speaks UDP to a host and port, which a default rsyslog or journald does not
 * listen on; the unix datagram socket needs Netty's native epoll transport (the only one the JVM can reach), on one
 * small daemon event loop of its own because logging starts before, and ends after, the server's loops. A missing
 * syslog daemon loses the syslog copy only, as with the C library.
 */
public final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    /** Where the syslog daemon listens; a test may point it elsewhere. */
    public static final String SOCKET_PROPERTY = "redjay.syslog.socket";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();

    private final String ident;
    private final int facility;
    private EventLoopGroup group;
    private Channel channel;
    private DomainSocketAddress target;

    /** @param facility the facility code as {@code syslog-facility} gives it (already shifted: local0 is 128) */
    SyslogAppender(String ident, int facility) {
        this.ident = ident;
        this.facility = facility;
    }

    private static final Map<String, Integer> FACILITIES = Map.of("user", 8, "local0", 128, "local1", 136,
            "local2", 144, "local3", 152, "local4", 160, "local5", 168, "local6", 176, "local7", 184);

    /** {@code syslog-enabled yes}: adds the syslog copy to the server log, or says in the log why it cannot. */
    public static void attach(Config config) {
        SyslogAppender syslog = new SyslogAppender(config.syslogIdent, FACILITIES.get(config.syslogFacility));
        syslog.setContext(ServerLog.context());
        String problem = syslog.open();
        if (problem == null) {
            ServerLog.addAppender(syslog);
        } else {
            ServerLog.LOG.warn("syslog-enabled is set but nothing goes to syslog: {}", problem);
        }
    }

    /** Opens the socket; returns why it could not, or null. The appender only starts when this succeeded. */
    private String open() {
        if (!Epoll.isAvailable()) {
            return "the native transport that reaches /dev/log is not available on this platform";
        }
        String path = System.getProperty(SOCKET_PROPERTY, "/dev/log");
        group = new MultiThreadIoEventLoopGroup(1, runnable -> {
            Thread t = new Thread(runnable, "redjay-syslog");
            t.setDaemon(true);
            return t;
        }, EpollIoHandler.newFactory());
        target = new DomainSocketAddress(path);
        ChannelFuture connected = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(target).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            group.shutdownGracefully();
            return "can't connect to " + path + ": " + connected.cause().getMessage();
        }
        channel = connected.channel();
        start();
        return null;
    }

    @Override
    protected void append(ILoggingEvent e) {
        String message = e.getFormattedMessage();
        int end = message.length();
        while (end > 0 && message.charAt(end - 1) == '\n') {
            end--;
        }
        String datagram = "<" + (facility | severity(e.getLevel())) + ">"
                + TIME.format(Instant.ofEpochMilli(e.getTimeStamp())) + ' ' + ident + '[' + PID + "]: "
                + message.substring(0, end);
        channel.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(datagram, StandardCharsets.UTF_8),
                target));
    }

    static int severity(Level level) {
        if (level.isGreaterOrEqual(Level.WARN)) {
            return 4;
        }
        if (level.isGreaterOrEqual(Level.INFO)) {
            return 5;
        }
        return level.isGreaterOrEqual(Level.DEBUG) ? 6 : 7;
    }

    @Override
    public void stop() {
        super.stop();
        if (channel != null) {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully();
        }
    }
}
