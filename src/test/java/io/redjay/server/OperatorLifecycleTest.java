package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as an operator runs it: a separate process started from the command line with a log file, stopped by a
 * signal or by SHUTDOWN. The log has Redis's line format and the start-up and shutdown lines that tools wait for, and
 * a signal ends the process with status 0, as after a clean shutdown.
 */
class OperatorLifecycleTest {
    private static final Pattern LINE =
            Pattern.compile("\\d+:M \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [.\\-*#] .*");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path log, int port, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.redjay.RedjayServer", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--logfile", log.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static List<String> awaitLine(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                if (lines.stream().anyMatch(l -> l.endsWith(text))) {
                    return lines;
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' in the log: "
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int exitStatus(Process p) throws InterruptedException {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server did not exit");
        return p.exitValue();
    }

    @Test
    void sigtermShutsDownCleanlyWithRedisLogLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("redjay.log");
        Path pid = dir.resolve("redjay.pid");
        int port = freePort();
        Process p = start(log, port, "--loglevel", "verbose", "--pidfile", pid.toString());
        try {
            List<String> startup = awaitLine(log, "Ready to accept connections", p);
            assertEquals(p.pid() + "\n", Files.readString(pid), "the pidfile holds the server's pid");
            assertTrue(startup.stream().allMatch(l -> LINE.matcher(l).matches()), "format: " + startup);
            assertTrue(startup.stream().anyMatch(l -> l.endsWith("# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")));
            assertTrue(startup.stream().anyMatch(l -> l.contains("# Redis version=7.0.15, bits=64")
                    && l.contains("pid=" + p.pid() + ", just started")), startup.toString());
            assertTrue(startup.stream().anyMatch(l -> l.endsWith("# Server initialized")));
            assertTrue(startup.stream().anyMatch(l -> l.contains("# Warning: no config file specified")),
                    startup.toString());
            assertTrue(startup.stream().anyMatch(l -> l.startsWith(p.pid() + ":M ")), startup.toString());
            try (RawClient c = new RawClient(port)) {
                assertEquals("+OK\r\n", c.call("CLIENT", "SETNAME", "visitor"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.readAllLines(log).stream().noneMatch(l -> l.contains("- Client closed connection id=")
                    && l.contains(" name=visitor "))) {
                assertTrue(System.nanoTime() < deadline, "verbose lines: " + Files.readString(log));
                Thread.sleep(20);
            }
            assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.contains("- Accepted 127.0.0.1:")));
            p.destroy();
            assertEquals(0, exitStatus(p), "exit status after SIGTERM");
            List<String> all = Files.readAllLines(log);
            int term = indexOf(all, "# Received SIGTERM scheduling shutdown...");
            int user = indexOf(all, "# User requested shutdown...");
            int removed = indexOf(all, "* Removing the pid file.");
            int bye = indexOf(all, "# Redis is now ready to exit, bye bye...");
            assertTrue(term >= 0 && term < user && user < removed && removed < bye, all.toString());
            assertTrue(!Files.exists(pid), "the pidfile is removed at shutdown");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shutdownCommandAndLogLevelFilter(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("redjay.log");
        int port = freePort();
        Process p = start(log, port, "--loglevel", "warning");
        try {
            awaitLine(log, "Server initialized", p);
            try (RawClient c = RawClient.whenUp(port, p)) {
                c.send("*1\r\n$8\r\nSHUTDOWN\r\n");
            }
            assertEquals(0, exitStatus(p));
            List<String> all = Files.readAllLines(log);
            assertTrue(all.stream().noneMatch(l -> l.contains(" * ")), "notice lines filtered out: " + all);
            assertTrue(indexOf(all, "# User requested shutdown...") >= 0, all.toString());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aSignalledShutdownWaitsForTheCronAndShutdownAbortCancelsIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("redjay.log");
        int port = freePort();
        Process p = start(log, port, "--enable-debug-command", "yes");
        try {
            awaitLine(log, "Ready to accept connections", p);
            try (RawClient c = RawClient.whenUp(port, p)) {
                assertEquals("-ERR No shutdown in progress.\r\n", c.call("SHUTDOWN", "ABORT"));
                assertEquals("+OK\r\n", c.call("DEBUG", "PAUSE-CRON", "1"));
                p.destroy();
                awaitLine(log, "# Received SIGTERM scheduling shutdown...", p);
                assertEquals("+PONG\r\n", c.call("PING"), "the cron is paused: the shutdown waits");
                assertEquals("+OK\r\n", c.call("SHUTDOWN", "ABORT"));
                awaitLine(log, "* Shutdown manually aborted.", p);
                assertEquals("+OK\r\n", c.call("DEBUG", "PAUSE-CRON", "0"));
                assertEquals("+PONG\r\n", c.call("PING"));
                assertTrue(p.isAlive());

                assertEquals("+OK\r\n", c.call("DEBUG", "PAUSE-CRON", "1"));
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                awaitLine(log, "# Received SIGINT scheduling shutdown...", p);
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                assertEquals(1, exitStatus(p), "a second SIGINT exits at once, as an unclean shutdown");
                awaitLine(log, "# You insist... exiting now.", p);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void daemonizeDetachesAndTheParentExitsZeroOnceServing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("redjay.log");
        Path pid = dir.resolve("redjay.pid");
        int port = freePort();
        Process launcher = start(log, port, "--daemonize", "yes", "--pidfile", pid.toString());
        assertEquals(0, exitStatus(launcher), "the launching process exits 0 once the daemon serves");
        long daemonPid = Long.parseLong(Files.readString(pid).trim());
        assertTrue(daemonPid != launcher.pid(), "the daemon is another process");
        ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
        try (RawClient c = new RawClient(port)) {
            assertEquals("+PONG\r\n", c.call("PING"), "the daemon serves as soon as the launcher has exited");
        } finally {
            daemon.destroy();
        }
        daemon.onExit().get(30, TimeUnit.SECONDS);
        List<String> all = Files.readAllLines(log);
        assertTrue(all.stream().allMatch(l -> l.startsWith(daemonPid + ":M ")), all.toString());
        assertTrue(indexOf(all, "# Redis is now ready to exit, bye bye...") > 0, all.toString());
        assertTrue(!Files.exists(pid), "the daemon removes its pidfile");
    }

    @Test
    void debiansStockRedisConfLoads(@TempDir Path dir) throws Exception {
        Path stock = Path.of("/etc/redis/redis.conf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(stock), "no Debian redis.conf here");
        Path log = dir.resolve("redjay.log");
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.redjay.RedjayServer",
                stock.toString(), "--port", Integer.toString(port), "--daemonize", "no", "--pidfile",
                dir.resolve("pid").toString(), "--logfile", log.toString(), "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try (RawClient c = RawClient.whenUp(port, p)) {
            assertEquals("+PONG\r\n", c.call("PING"), Files.readString(dir.resolve("out.txt")));
            assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", c.call("CONFIG", "GET", "appendonly"));
            assertEquals("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", c.call("CONFIG", "GET", "maxmemory"));
        } finally {
            p.destroy();
        }
        assertEquals(0, exitStatus(p));
        assertTrue(Files.readString(log).contains("# Configuration loaded"));
    }

    @Test
    void fatalSignalsAndDebugSegfaultLeaveRedisCrashReport(@TempDir Path dir) throws Exception {
        for (boolean viaSignal : new boolean[] {true, false}) {
            Path log = dir.resolve("crash-" + viaSignal + ".log");
            int port = freePort();
            Process p = start(log, port, "--enable-debug-command", "yes");
            try {
                awaitLine(log, "Ready to accept connections", p);
                if (viaSignal) {
                    new ProcessBuilder("kill", "-ABRT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
                } else {
                    try (RawClient c = new RawClient(port)) {
                        c.send("*2\r\n$5\r\nDEBUG\r\n$8\r\nSEGFAULT\r\n");
                    }
                }
                assertEquals(viaSignal ? 134 : 139, exitStatus(p), "exit status as killed by the signal");
                String text = Files.readString(log);
                assertTrue(text.contains("=== REDIS BUG REPORT START: Cut & paste starting from here ==="), text);
                assertTrue(text.contains("# Redis 7.0.15 crashed by signal: " + (viaSignal ? 6 : 11)), text);
                assertTrue(text.contains("------ STACK TRACE ------"), text);
                assertTrue(text.contains("=== REDIS BUG REPORT END."), text);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void settingsWhoseFeatureIsMissingStopStartUp(@TempDir Path dir) throws Exception {
        for (String[] setting : new String[][] {{"--supervised", "upstart"}}) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path err = dir.resolve("err.txt");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.redjay.RedjayServer",
                    "--port", Integer.toString(freePort()), setting[0], setting[1]).redirectErrorStream(true)
                    .redirectOutput(err.toFile()).start();
            try {
                assertEquals(1, exitStatus(p), String.join(" ", setting));
                String out = Files.readString(err);
                assertTrue(out.contains("FATAL CONFIG ERROR") && out.contains("'" + setting[0].substring(2)),
                        String.join(" ", setting) + ": " + out);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static int indexOf(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }
}
