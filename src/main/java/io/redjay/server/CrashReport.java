package io.redjay.server;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.Map;

/**
 * What Redis writes to its log when it dies of a fatal signal (its SIGSEGV/SIGABRT handler, or DEBUG SEGFAULT): the
 * bug-report frame, {@code Redis 7.0.15 crashed by signal: N, si_code: C}, the stack traces (here every JVM thread's),
 * then the process ends as if killed by that signal (exit status 128 + N). Operators and Redis's test suite look for
 * these lines; a JVM that merely vanished would leave nothing to look at.
 */
final class CrashReport {
    /** Lines written without the log prefix, as Redis's {@code LL_RAW}. */
    static final Marker RAW = MarkerFactory.getMarker("RAW");

    private CrashReport() {
    }

    static void crash(int signal, int code) {
        ServerLog.LOG.warn(RAW, "\n\n=== REDIS BUG REPORT START: Cut & paste starting from here ===\n");
        ServerLog.LOG.warn("Redis 7.0.15 crashed by signal: {}, si_code: {}", signal, code);
        StringBuilder trace = new StringBuilder("\n------ STACK TRACE ------\n");
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            trace.append('\n').append(t.getKey().getName()).append('\n');
            for (StackTraceElement e : t.getValue()) {
                trace.append("    ").append(e).append('\n');
            }
        }
        ServerLog.LOG.warn(RAW, trace.toString());
        ServerLog.LOG.warn(RAW, "\n=== REDIS BUG REPORT END. Make sure to include from START to END. ===\n\n");
        Runtime.getRuntime().halt(128 + signal);
    }
}
