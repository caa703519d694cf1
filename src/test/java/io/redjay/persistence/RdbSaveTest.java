package io.redjay.persistence;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAVE and BGSAVE write files that Redis's own tools accept and a real Redis 7.0.15 loads to the same dataset; a
 * BGSAVE holds exactly the dataset of the instant it started while clients keep writing; a failed background save
 * reports {@code err} and, with save points, stops writes with the MISCONF error until a save succeeds.
 */
class RdbSaveTest {
    private static void dataset(RawClient c) throws Exception {
        assertEquals("+OK\r\n", c.call("DEBUG", "POPULATE", "20000", "key", "100"));
        c.call("RPUSH", "list", "a", "b", "1", "2", "300000000000");
        c.call("SADD", "intset", "1", "2", "3", "-70000");
        c.call("SADD", "set", "a", "b", "c");
        c.call("HSET", "hash", "f", "v", "n", "12");
        c.call("ZADD", "zset", "1.5", "a", "-2", "b", "inf", "c");
        for (int i = 0; i < 300; i++) {
            c.command("ZADD", "bigzset", Double.toString(i * 0.25), "member" + i);
            c.command("HSET", "bighash", "field" + i, "value" + i);
            c.command("SADD", "bigset", "m" + i);
            c.command("RPUSH", "biglist", "element-" + i);
        }
        for (int i = 0; i < 1200; i++) {
            c.readReply();
        }
        c.call("SET", "compressible", "x".repeat(5000));
        c.call("SET", "int", "12345");
        c.call("SET", "ttl", "v", "EX", "5000");
        c.call("SELECT", "5");
        c.call("SET", "other-db", "5");
        c.call("SELECT", "0");
    }

    @Test
    void saveWritesAFileRedisLoadsToTheSameDigest(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        String digest;
        try (TestServer s = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(s.port())) {
            dataset(c);
            assertEquals("+OK\r\n", c.call("SAVE"));
            digest = c.call("DEBUG", "DIGEST");
            assertTrue(c.call("LASTSAVE").startsWith(":"));
        }
        Path file = dir.resolve("dump.rdb");
        Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("RDB looks OK"), out);
        try (RealRedis r = RealRedis.startWithRdb(file); RawClient c = new RawClient(r.port())) {
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
            assertEquals(":1\r\n", c.call("EXISTS", "ttl"));
            assertTrue(Long.parseLong(c.call("TTL", "ttl").substring(1).trim()) > 4000);
        }
    }

    @Test
    void bgsaveOfAMillionKeysHoldsTheDatasetOfItsInstant(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        String before;
        try (TestServer s = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("DEBUG", "POPULATE", "1000000"));
            c.call("RPUSH", "list", "a", "b", "c");
            before = c.call("DEBUG", "DIGEST");
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            assertEquals("-ERR Background save already in progress\r\n", c.call("BGSAVE"));
            assertTrue(c.call("INFO", "persistence").contains("rdb_bgsave_in_progress:1"));
            for (int i = 0; i < 3000; i++) {
                c.command("SET", "key:" + (i * 331), "changed");
                c.command("DEL", "key:" + (500_000 + i * 97));
                c.command("SET", "new:" + i, "added");
            }
            c.command("RPUSH", "list", "d");
            c.command("FLUSHDB");
            for (int i = 0; i < 9002; i++) {
                c.readReply();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.call("INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
                assertTrue(System.nanoTime() < deadline, "the background save ends");
                Thread.sleep(20);
            }
            String info = c.call("INFO", "persistence");
            assertTrue(info.contains("rdb_last_bgsave_status:ok") && info.contains("rdb_saves:1"), info);
        }
        assertTrue(Files.size(dir.resolve("dump.rdb")) > 10_000_000, "the file holds the keys");
        try (RealRedis r = RealRedis.startWithRdb(dir.resolve("dump.rdb")); RawClient c = new RawClient(r.port())) {
            assertEquals(before, c.call("DEBUG", "DIGEST"), "the file holds the dataset of the BGSAVE instant");
        }
    }

    @Test
    void aFailedBackgroundSaveStopsWritesWithMisconf(@TempDir Path dir) throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectory(gone);
        try (TestServer s = TestServer.start("--dir", gone.toString(), "--save", "3600 1");
             RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            Files.delete(gone);
            String reply = c.call("BGSAVE");
            if (reply.equals("+Background saving started\r\n")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (c.call("INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
                    assertTrue(System.nanoTime() < deadline);
                    Thread.sleep(20);
                }
            }
            assertTrue(c.call("INFO", "persistence").contains("rdb_last_bgsave_status:err"));
            assertTrue(c.call("SET", "k", "w").startsWith("-MISCONF Redis is configured to save RDB snapshots"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"), "reads go on");
            Files.createDirectory(gone);
            assertEquals("+OK\r\n", c.call("SAVE"));
            assertEquals("+OK\r\n", c.call("SET", "k", "w"), "a successful save lifts the MISCONF state");
        }
    }

    @Test
    void idleTimesAndFrequenciesSurviveAReloadUnderLruAndLfu(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start("--dir", dir.toString(), "--maxmemory-policy", "allkeys-lru");
             RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            String dump = c.call("DUMP", "k");
            byte[] payload = dump.substring(dump.indexOf("\r\n") + 2, dump.length() - 2)
                    .getBytes(StandardCharsets.ISO_8859_1);
            c.command("RESTORE".getBytes(StandardCharsets.US_ASCII), "old".getBytes(StandardCharsets.US_ASCII),
                    "0".getBytes(StandardCharsets.US_ASCII), payload, "IDLETIME".getBytes(StandardCharsets.US_ASCII),
                    "5000".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("+OK\r\n", c.call("DEBUG", "RELOAD"));
            assertTrue(Long.parseLong(c.call("OBJECT", "IDLETIME", "old").substring(1).trim()) >= 5000);
            assertTrue(Long.parseLong(c.call("OBJECT", "IDLETIME", "k").substring(1).trim()) < 100);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"));
            c.command("RESTORE".getBytes(StandardCharsets.US_ASCII), "hot".getBytes(StandardCharsets.US_ASCII),
                    "0".getBytes(StandardCharsets.US_ASCII), payload, "FREQ".getBytes(StandardCharsets.US_ASCII),
                    "100".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("+OK\r\n", c.call("DEBUG", "RELOAD"));
            assertEquals(":100\r\n", c.call("OBJECT", "FREQ", "hot"));
        }
    }

    @Test
    void flushallSavesWithSavePointsAndLeavesNoChangesToSave(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start("--dir", dir.toString(), "--save", "");
             RawClient c = new RawClient(s.port())) {
            c.call("SET", "key", "value");
            assertEquals("+OK\r\n", c.call("FLUSHALL"));
            assertTrue(c.call("INFO", "persistence").contains("rdb_changes_since_last_save:2\r\n"),
                    "without save points the flush counts as changes");
            assertTrue(Files.notExists(dir.resolve("dump.rdb")));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "3600 1 300 100 60 10000"));
            c.call("SET", "key", "value");
            assertEquals("+OK\r\n", c.call("FLUSHALL"));
            assertTrue(c.call("INFO", "persistence").contains("rdb_changes_since_last_save:0\r\n"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")), "FLUSHALL saved the empty dataset");
        }
    }

    @Test
    @Timeout(60)
    void aDiskFullInTheMiddleOfASaveFailsItAndTheServerGoesOn(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full");
        Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
        try (TestServer s = TestServer.start("--dir", dir.toString(), "--save", "", "--rdbcompression", "no");
             RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("DEBUG", "POPULATE", "100000", "key", "200"));
            Files.createSymbolicLink(temp, Path.of("/dev/full"));
            assertEquals("-ERR\r\n", c.call("SAVE"), "every write fails with ENOSPC");
            assertEquals("+PONG\r\n", c.call("PING"));
            assertTrue(Files.notExists(dir.resolve("dump.rdb")));
            Files.createSymbolicLink(temp, Path.of("/dev/full"));
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String info;
            while ((info = c.call("INFO", "persistence")).contains("rdb_bgsave_in_progress:1")) {
                assertTrue(System.nanoTime() < deadline, "the failed background save ends");
                Thread.sleep(10);
            }
            assertTrue(info.contains("rdb_last_bgsave_status:err"), info);
            assertEquals(":100000\r\n", c.call("DBSIZE"));
            assertEquals("+OK\r\n", c.call("SAVE"), "a save works again once the disk does");
        }
    }
}
