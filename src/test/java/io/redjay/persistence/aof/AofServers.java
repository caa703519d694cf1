package io.redjay.persistence.aof;

import io.redjay.support.RawClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The processes of the AOF differential tests: Redjay and a real {@code redis-server} started on a directory with
 * {@code appendonly yes} (each its own process, because the AOF is read at start-up and written until exit), the
 * dataset each holds summed up for comparison, and the files of a directory copied and compared byte for byte.
 *
 * <p>A server that must refuse a directory is run to its exit, bounded, with its log captured: the tests then
 * compare exit statuses and log lines, and check the refused files were left as they were.
 */
final class AofServers {
    static final int DATABASES = 16;
    private static final long EXIT_SECONDS = 30;

    private AofServers() {
    }

    /** What a dataset is, for comparing two servers: DEBUG DIGEST (every database) and each database's DBSIZE. */
    record Dataset(String digest, List<Long> sizes) {
        static Dataset of(RawClient c) throws IOException {
            String digest = c.call("DEBUG", "DIGEST");
            List<Long> sizes = new ArrayList<>();
            for (int db = 0; db < DATABASES; db++) {
                assertEquals("+OK\r\n", c.call("SELECT", Integer.toString(db)));
                String reply = c.call("DBSIZE");
                sizes.add(Long.parseLong(reply.substring(1).trim()));
            }
            assertEquals("+OK\r\n", c.call("SELECT", "0"));
            return new Dataset(digest, sizes);
        }
    }

    /** A server process and the file its log goes to. */
    record Running(Process process, int port, Path log) implements AutoCloseable {
        RawClient client() throws Exception {
            return RawClient.whenUp(port, process);
        }

        String logText() throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        }

        /** Waits (bounded) for the process to exit by itself; its status. */
        int exitStatus() throws Exception {
            assertTrue(process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS), "the server exits: " + logText());
            return process.exitValue();
        }

        /** SIGTERM; the exit status. */
        int stop() throws Exception {
            process.destroy();
            return exitStatus();
        }

        /** SIGTERM, and a forced kill if it does not exit in time. */
        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Redjay with {@code appendonly yes} on {@code dir}, logging to {@code log}; extra redis-server style options. */
    static Running redjay(Path dir, Path log, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.redjay.RedjayServer"));
        cmd.addAll(common(dir, extra));
        cmd.addAll(List.of("--logfile", log.toString()));
        int port = Integer.parseInt(cmd.get(cmd.indexOf("--port") + 1));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Running(p, port, log);
    }

    /** A real redis-server 7.0.15 with {@code appendonly yes} on {@code dir}, logging to {@code log}. */
    static Running redis(Path dir, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("redis.server", "redis-server")));
        cmd.addAll(common(dir, extra));
        cmd.addAll(List.of("--daemonize", "no", "--logfile", log.toString()));
        int port = Integer.parseInt(cmd.get(cmd.indexOf("--port") + 1));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Running(p, port, log);
    }

    private static List<String> common(Path dir, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("--port", Integer.toString(freePort()), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--enable-debug-command", "yes"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** {@code redis-check-aof} on a file (a manifest or a single AOF): its exit status and output. */
    static CheckResult checkAof(Path file) throws Exception {
        Process p = new ProcessBuilder("redis-check-aof", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(EXIT_SECONDS, TimeUnit.SECONDS), out);
        return new CheckResult(p.exitValue(), out);
    }

    record CheckResult(int exit, String output) {
    }

    /** BGREWRITEAOF, then waits (bounded) until no rewrite is running or scheduled. */
    static void rewrite(RawClient c) throws Exception {
        String reply = c.call("BGREWRITEAOF");
        assertTrue(reply.startsWith("+"), reply);
        awaitRewriteEnd(c);
    }

    static void awaitRewriteEnd(RawClient c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String info = c.call("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                assertTrue(info.contains("aof_last_bgrewrite_status:ok"), info);
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the rewrite ends: " + info);
            Thread.sleep(10);
        }
    }

    /** Copies {@code from} (recursively) to a new directory {@code to}. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** Every file under {@code dir} and its bytes, to show a refused directory was not touched. */
    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static void assertSameContents(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "the same files");
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), actual.get(e.getKey())), e.getKey() + " unchanged");
        }
    }

    /** The dataset a server started on {@code dir} holds once loaded; the server is stopped after. */
    static Dataset loadedBy(Running server) throws Exception {
        try (server) {
            RawClient c;
            try {
                c = server.client();
            } catch (IOException e) {
                throw new AssertionError("the server did not come up: " + server.logText(), e);
            }
            try (c) {
                return Dataset.of(c);
            }
        }
    }

    static boolean redisAvailable() {
        try {
            Process p = new ProcessBuilder("redis-check-aof", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Process q = new ProcessBuilder(System.getProperty("redis.server", "redis-server"), "--version")
                    .redirectErrorStream(true).start();
            q.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && q.waitFor(10, TimeUnit.SECONDS) && q.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
