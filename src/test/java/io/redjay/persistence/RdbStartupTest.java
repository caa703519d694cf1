package io.redjay.persistence;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as an operator restarts it, in processes of its own: what it saved (SAVE, or SIGTERM with save points)
 * is there after a restart; a dump.rdb written by a real Redis loads with Redis's log lines and the same digest; a
 * corrupt file stops start-up with a clear message and a non-zero status, and is left as it was.
 */
class RdbStartupTest {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path dir, int port, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.redjay.RedjayServer", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
                dir.toString(), "--logfile", dir.resolve("log").toString(), "--enable-debug-command", "yes"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void stop(Process p) throws Exception {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void whatWasSavedIsThereAfterARestart(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process p = start(dir, port, "--save", "3600 1");
        String digest;
        try (RawClient c = RawClient.whenUp(port, p)) {
            c.call("DEBUG", "POPULATE", "5000");
            c.call("HSET", "h", "a", "1");
            c.call("SET", "ttl", "v", "EX", "1000");
            digest = c.call("DEBUG", "DIGEST");
        }
        stop(p);
        String log = Files.readString(dir.resolve("log"));
        assertTrue(log.contains("Saving the final RDB snapshot before exiting."), log);
        Process q = start(dir, port, "--save", "");
        try (RawClient c = RawClient.whenUp(port, q)) {
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
            assertTrue(Long.parseLong(c.call("TTL", "ttl").substring(1).trim()) > 900);
        } finally {
            stop(q);
        }
        String log2 = Files.readString(dir.resolve("log"));
        assertTrue(log2.contains("Loading RDB produced by version 7.0.15"), log2);
        assertTrue(log2.contains("Done loading RDB, keys loaded: 5002, keys expired: 0."), log2);
        assertTrue(log2.contains("DB loaded from disk: "), log2);
    }

    @Test
    void aFileWrittenByRedisLoads(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        String digest;
        try (RealRedis r = RealRedis.start("--dir", dir.toString()); RawClient c = new RawClient(r.port())) {
            c.call("DEBUG", "POPULATE", "3000");
            c.call("RPUSH", "l", "a", "b");
            c.call("ZADD", "z", "1", "x");
            c.call("SADD", "s", "1", "2");
            digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        int port = freePort();
        Process p = start(dir, port, "--save", "");
        try (RawClient c = RawClient.whenUp(port, p)) {
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
        } finally {
            stop(p);
        }
    }

    @Test
    void killedDuringABackgroundSaveTheLastGoodFileSurvives(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process p = start(dir, port, "--save", "");
        byte[] good;
        String digest;
        try (RawClient c = RawClient.whenUp(port, p)) {
            c.call("DEBUG", "POPULATE", "20000");
            assertEquals("+OK\r\n", c.call("SAVE"));
            digest = c.call("DEBUG", "DIGEST");
            good = Files.readAllBytes(dir.resolve("dump.rdb"));
            c.call("FLUSHALL");
            c.call("DEBUG", "POPULATE", "30000", "other");
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdb-key-save-delay", "200"));
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(dir.resolve("temp-" + p.pid() + ".rdb"))
                    || Files.size(dir.resolve("temp-" + p.pid() + ".rdb")) == 0) {
                assertTrue(System.nanoTime() < deadline, "the save is writing its temporary file");
                Thread.sleep(10);
            }
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertArrayEquals(good, Files.readAllBytes(dir.resolve("dump.rdb")), "the last good file is intact");
        Process q = start(dir, port, "--save", "");
        try (RawClient c = RawClient.whenUp(port, q)) {
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
        } finally {
            stop(q);
        }
    }

    @Test
    void aCorruptFileStopsStartUpAndIsLeftAlone(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process p = start(dir, port, "--save", "");
        try (RawClient c = RawClient.whenUp(port, p)) {
            c.call("DEBUG", "POPULATE", "1000");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        stop(p);
        Path file = dir.resolve("dump.rdb");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(file, bytes);
        Process q = start(dir, port, "--save", "");
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, q.exitValue());
        assertArrayEquals(bytes, Files.readAllBytes(file), "the file is not touched");
        List<String> lines = Files.readAllLines(dir.resolve("log"));
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        assertTrue(tail.contains("Wrong RDB checksum expected: ("), tail);
        assertTrue(tail.contains("Internal error in RDB reading offset ") && tail.contains("-> RDB CRC error"), tail);
        assertTrue(tail.endsWith("Terminating server after rdb file reading failure."), tail);
    }

    @Test
    void clientsConnectingDuringALongLoadAreToldItIsLoading(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process p = start(dir, port, "--save", "");
        String digest;
        try (RawClient c = RawClient.whenUp(port, p)) {
            c.call("DEBUG", "POPULATE", "3000");
            digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        stop(p);
        long size = Files.size(dir.resolve("dump.rdb"));
        Process q = start(dir, port, "--save", "", "--key-load-delay", "100000", "--always-show-logo", "yes");
        try (RawClient c = RawClient.whenListening(port, q)) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.call("PING"));
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.call("GET", "key:1"));
            String info = c.call("INFO", "persistence");
            assertTrue(info.contains("loading:1\r\n") && info.contains("loading_total_bytes:" + size + "\r\n")
                    && info.contains("loading_loaded_perc:") && info.contains("loading_eta_seconds:"), info);
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n",
                    c.call("CONFIG", "SET", "dir", dir.toString()));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "loglevel", "verbose"));
            c.call("MULTI");
            assertEquals("+QUEUED\r\n", c.call("INFO", "server"));
            assertTrue(c.call("EXEC").startsWith("*1\r\n"));
            c.call("MULTI");
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.call("SET", "k", "v"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "key-load-delay", "0"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!c.call("PING").equals("+PONG\r\n")) {
                assertTrue(System.nanoTime() < deadline, "the load ends");
                Thread.sleep(10);
            }
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
            assertTrue(c.call("INFO", "persistence").contains("loading:0\r\n"));
        } finally {
            stop(q);
        }
        String log = Files.readString(dir.resolve("log"));
        int banner = log.lastIndexOf("PID: " + q.pid());
        int loading = log.lastIndexOf("Loading RDB produced by version");
        int loaded = log.lastIndexOf("DB loaded from disk: ");
        int ready = log.lastIndexOf("Ready to accept connections");
        assertTrue(banner >= 0 && banner < loading && loading < loaded && loaded < ready, log);
    }

    @Test
    void aSigtermDuringALoadExitsWithoutSavingTheHalfLoadedDataset(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process p = start(dir, port, "--save", "");
        try (RawClient c = RawClient.whenUp(port, p)) {
            c.call("DEBUG", "POPULATE", "2000");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        stop(p);
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        Process q = start(dir, port, "--save", "3600 1", "--key-load-delay", "100000");
        try (RawClient c = RawClient.whenListening(port, q)) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.call("PING"));
        }
        stop(q);
        assertArrayEquals(file, Files.readAllBytes(dir.resolve("dump.rdb")), "the file is as it was");
        String log = Files.readString(dir.resolve("log"));
        assertTrue(!log.contains("Saving the final RDB snapshot"), log);
    }
}
