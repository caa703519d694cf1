package io.redjay.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.redjay.config.Config;
import org.slf4j.LoggerFactory;

/**
 * The server log, configured from {@code logfile} and {@code loglevel} the way Redis uses them: an empty
 * {@code logfile} means standard output, anything else a file the server appends to; {@code loglevel} is the lowest
 * level written ({@code debug}, {@code verbose}, {@code notice}, {@code warning}) and can change at run time;
 * {@code syslog-enabled} adds a copy to the local syslog daemon (the net package's syslog appender). Logback
 * stays the engine; {@link RedisLogLayout} gives the lines Redis's shape.
 */
public final class ServerLog {
    /** The logger for the server's own events (start-up, shutdown, persistence, replication). */
    public static final org.slf4j.Logger LOG = LoggerFactory.getLogger("redjay");

    private ServerLog() {
    }

    /** Points the log at {@code config.logfile} (or stdout) and applies {@code config.loglevel}. */
    public static void configure(Config config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        applyLevel(config);
        if (!(config.logfile.isEmpty() && config.daemonize)) {
            root.addAppender(lineAppender(config, ctx));
        }
    }

    /** Adds another destination for every line (the syslog copy), started by the caller. */
    public static void addAppender(Appender<ILoggingEvent> appender) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** The logging context new appenders join. */
    public static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static OutputStreamAppender<ILoggingEvent> lineAppender(Config config, LoggerContext ctx) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        RedisLogLayout layout = new RedisLogLayout();
        layout.setContext(ctx);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (config.logfile.isEmpty()) {
            appender = new ConsoleAppender<>();
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(config.logfile);
            file.setAppend(true);
            appender = file;
        }
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }


    /** Applies {@code loglevel} (also at run time, through CONFIG SET). */
    public static void applyLevel(Config config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(switch (config.loglevel) {
            case "debug" -> Level.TRACE;
            case "verbose" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            default -> Level.INFO;
        });
    }
}
