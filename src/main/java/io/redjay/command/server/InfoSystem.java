package io.redjay.command.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What INFO reports about the process rather than the dataset: memory, CPU time, operating system.
 *
 * <p>{@code used_memory} itself is the server's maintained accounting ({@code MemoryView}); this class supplies what
 * only the process knows. Resident size and CPU times come from {@code /proc/self} when it exists (Linux), as Redis
 * reads them, and from the management beans otherwise.
 */
final class InfoSystem {
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long PAGE_SIZE = 4096;

    private InfoSystem() {
    }

    /** Resident set size in bytes: {@code /proc/self/statm}'s second field, else the committed heap. */
    static long rss() {
        String[] f = procFields("/proc/self/statm");
        if (f != null && f.length > 1) {
            return Long.parseLong(f[1]) * PAGE_SIZE;
        }
        return Runtime.getRuntime().totalMemory();
    }

    static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Process CPU time as {user, system} in microseconds. */
    static long[] processCpuMicros() {
        String[] f = procStatFields();
        if (f != null && f.length > 14) {
            long user = Long.parseLong(f[13]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
            long sys = Long.parseLong(f[14]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
            return new long[] {user, sys};
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return new long[] {Math.max(0, os.getProcessCpuTime() / 1000), 0};
        }
        return new long[] {0, 0};
    }

    /** CPU time of the calling thread (the executor: Redis's "main thread") as {user, system} in microseconds. */
    static long[] threadCpuMicros() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (!t.isCurrentThreadCpuTimeSupported()) {
            return new long[] {0, 0};
        }
        long total = t.getCurrentThreadCpuTime() / 1000;
        long user = t.getCurrentThreadUserTime() / 1000;
        return new long[] {user, Math.max(0, total - user)};
    }

    /** {@code seconds.micros} with six decimals, as Redis prints a {@code struct timeval}. */
    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    static String os() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    static int archBits() {
        String model = System.getProperty("sun.arch.data.model", "64");
        return model.equals("32") ? 32 : 64;
    }

    static String executable() {
        return ProcessHandle.current().info().command().orElse("");
    }

    /** Redis's bytesToHuman: 100B, 1.50K, 2.00M, ... */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024) {
                return String.format(Locale.ROOT, "%.2f%s", d, u);
            }
        }
        return n + "B";
    }

    private static String[] procStatFields() {
        String s = read("/proc/self/stat");
        if (s == null) {
            return null;
        }
        int close = s.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] rest = s.substring(close + 2).trim().split("\\s+");
        String[] out = new String[rest.length + 2];
        out[0] = s.substring(0, s.indexOf(' '));
        out[1] = s.substring(s.indexOf(' ') + 1, close + 1);
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    private static String[] procFields(String path) {
        String s = read(path);
        return s == null ? null : s.trim().split("\\s+");
    }

    private static String read(String path) {
        Path p = Path.of(path);
        if (!Files.isReadable(p)) {
            return null;
        }
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }
}
