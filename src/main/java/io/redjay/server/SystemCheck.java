package io.redjay.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code redjay-server --check-system}: the host checks {@code redis-server --check-system} runs, printed the same
 * way ({@code [name]...OK}, {@code skipped} when the check cannot be made here, or {@code WARNING:} and the advice),
 * exit status 1 when any check warns.
 *
 * <p>Only the checks that mean something for a server that never forks are run: a clock source that goes through a
 * system call (the executor reads the clock for every command and every expiry), the xen clock source, and
 * transparent huge pages set to {@code always} (a JVM heap touched sparsely grows its resident size by whole huge
 * pages). Redis's overcommit check is left out on purpose: it protects the forked child of a background save, and
 * Redjay's snapshots are taken without fork.
 */
public final class SystemCheck {
    private static final Path CLOCKSOURCE = Path.of("/sys/devices/system/clocksource/clocksource0");

    private SystemCheck() {
    }

    /** One check's outcome: passed, could not run, or a warning with its advice. */
    private record Outcome(boolean ran, String warning) {
        static final Outcome OK = new Outcome(true, null);
        static final Outcome SKIPPED = new Outcome(false, null);
    }

    private record Check(String name, java.util.function.Supplier<Outcome> run) {
    }

    /** Runs every check, printing as Redis prints; true when none warned. */
    public static boolean run(PrintStream out) {
        boolean clean = true;
        for (Check c : List.of(new Check("slow-clocksource", SystemCheck::slowClocksource),
                new Check("xen-clocksource", SystemCheck::xenClocksource), new Check("THP", SystemCheck::thp))) {
            Outcome o = c.run().get();
            out.print("[" + c.name() + "]...");
            if (!o.ran()) {
                out.println("skipped");
            } else if (o.warning() == null) {
                out.println("OK");
            } else {
                out.println("WARNING:");
                out.println(o.warning());
                clean = false;
            }
        }
        out.flush();
        return clean;
    }

    /**
     * Reads the clock in a busy loop for five scheduler ticks and compares this thread's system time with its user
     * time, as Redis does: more than a tenth in the kernel means every clock read is a system call.
     */
    private static Outcome slowClocksource() {
        long[] start = threadTimes();
        if (start == null) {
            return Outcome.SKIPPED;
        }
        long until = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        long[] end = threadTimes();
        if (end == null) {
            return Outcome.SKIPPED;
        }
        long user = end[0] - start[0];
        long system = end[1] - start[1];
        if (system * 10 <= system + user) {
            return Outcome.OK;
        }
        return new Outcome(true, "Slow system clocksource detected. This can result in degraded performance. "
                + "Consider changing the system's clocksource. Current clocksource: "
                + sysfs(CLOCKSOURCE.resolve("current_clocksource")) + ". Available clocksources: "
                + sysfs(CLOCKSOURCE.resolve("available_clocksource")) + ". For example: run the command 'echo tsc > "
                + "/sys/devices/system/clocksource/clocksource0/current_clocksource' as root. To permanently change "
                + "the system's clocksource you'll need to set the 'clocksource=' kernel command line parameter.");
    }

    private static Outcome xenClocksource() {
        String current = sysfs(CLOCKSOURCE.resolve("current_clocksource"));
        if (current.isEmpty()) {
            return Outcome.SKIPPED;
        }
        if (!current.equals("xen")) {
            return Outcome.OK;
        }
        return new Outcome(true, "Your system is configured to use the 'xen' clocksource which might lead to degraded "
                + "performance. Check the result of the [slow-clocksource] system check: run 'redjay-server "
                + "--check-system' to check if the system's clocksource isn't degrading performance.");
    }

    private static Outcome thp() {
        String enabled = sysfs(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        if (enabled.isEmpty()) {
            return Outcome.SKIPPED;
        }
        if (!enabled.contains("[always]")) {
            return Outcome.OK;
        }
        return new Outcome(true, "You have Transparent Huge Pages (THP) support enabled in your kernel. This will "
                + "create latency and memory usage issues with Redis. To fix this issue run the command 'echo madvise > "
                + "/sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local in order to "
                + "retain the setting after a reboot. Redis must be restarted after THP is disabled (set to 'madvise' "
                + "or 'never').");
    }

    /** This thread's user and system time in clock ticks, from {@code /proc/thread-self/stat}; null off Linux. */
    private static long[] threadTimes() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String sysfs(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
