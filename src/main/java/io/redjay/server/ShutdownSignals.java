package io.redjay.server;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run the same shutdown as the SHUTDOWN command and let the process exit 0, as Redis does, instead
 * of the JVM's default of running shutdown hooks and exiting 143 or 130, which service managers report as failures.
 * The handler only logs and flags the shutdown, which the executor's next cron runs (where all server state lives,
 * and where SHUTDOWN ABORT can still cancel it), as Redis's serverCron does. SIGABRT writes Redis's
 * crash report and ends the process, as Redis's handler does.
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported way (module {@code jdk.unsupported}) for a server to take over a
 * signal's handling; nothing else in the standard library can.
 */
public final class ShutdownSignals {
    private ShutdownSignals() {
    }

    public static void install(Server server) {
        FatalErrors.install();
        Signal.handle(new Signal("ABRT"), s -> CrashReport.crash(6, 0));
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> server.signalled(name));
        }
    }
}
