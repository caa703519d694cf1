package io.redjay.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log lines as Redis 7.0 writes them, {@code pid:role dd Mon yyyy hh:mm:ss.mmm <level> message}, because operators'
 * tools, log shippers and Redis's own test suite parse that shape. The role is {@code M} on a master, {@code S} on a
 * replica (one server per process: the role is the process's). The level character maps the four Redis levels onto logback's: {@code .} debug
 * (TRACE), {@code -} verbose (DEBUG), {@code *} notice (INFO), {@code #} warning (WARN and ERROR). Events marked
 * {@link CrashReport#RAW} are written as they are, as Redis's raw log writes.
 */
public final class RedisLogLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();
    private static volatile char role = 'M';

    /** The server became a replica ({@code true}) or a master. */
    static void replica(boolean replica) {
        role = replica ? 'S' : 'M';
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        if (e.getMarkerList() != null && e.getMarkerList().contains(CrashReport.RAW)) {
            return e.getFormattedMessage();
        }
        return PID + ":" + role + " " + TIME.format(Instant.ofEpochMilli(e.getTimeStamp())) + ' ' + levelChar(e.getLevel()) + ' '
                + e.getFormattedMessage() + '\n';
    }

    static char levelChar(Level level) {
        if (level.isGreaterOrEqual(Level.WARN)) {
            return '#';
        }
        if (level.isGreaterOrEqual(Level.INFO)) {
            return '*';
        }
        return level.isGreaterOrEqual(Level.DEBUG) ? '-' : '.';
    }
}
