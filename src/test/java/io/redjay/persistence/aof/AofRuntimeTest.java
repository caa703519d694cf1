package io.redjay.persistence.aof;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOF turned on and driven at run time: CONFIG SET appendonly making the first base of a populated dataset,
 * BGREWRITEAOF's replies and its scheduling against BGSAVE (one snapshot at a time), history files and
 * {@code aof-disable-auto-gc}, timestamp annotations, turning the AOF off, and a write error refusing writes with
 * Redis's MISCONF until the AOF is turned off.
 */
class AofRuntimeTest {
    private static final long WAIT_SECONDS = 30;

    private static String info(RawClient c) throws Exception {
        return c.call("INFO", "persistence");
    }

    /** Waits until no rewrite runs or is scheduled (and no BGSAVE runs). */
    private static void settle(RawClient c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            String i = info(c);
            if (i.contains("aof_rewrite_in_progress:0") && i.contains("aof_rewrite_scheduled:0")
                    && i.contains("rdb_bgsave_in_progress:0")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "background work ends: " + i);
            Thread.sleep(10);
        }
    }

    private static String manifest(Path dir) throws Exception {
        return Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.manifest"));
    }

    @Test
    void turningTheAofOnWritesABaseOfTheDatasetAndThenAppends(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
            c.call("DEBUG", "POPULATE", "2000");
            c.call("ZADD", "z", "1.5", "a", "2", "b");
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "yes"));
            settle(c);
            String i = info(c);
            assertTrue(i.contains("aof_enabled:1") && i.contains("aof_last_bgrewrite_status:ok")
                    && i.contains("aof_rewrites:1") && i.contains("aof_current_size:"), i);
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                    manifest(dir));
            assertFalse(Files.exists(dir.resolve("appendonlydir").resolve("temp-appendonly.aof.incr")));
            c.call("SET", "after", "1");
            c.call("LPUSH", "l", "x", "y");
            String digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
            String incr = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"),
                    StandardCharsets.ISO_8859_1);
            assertTrue(incr.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n"), incr);
            assertFalse(incr.contains("LOADAOF"), "DEBUG LOADAOF is not propagated");

            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "no"));
            long size = Files.size(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"));
            c.call("SET", "not-appended", "1");
            assertEquals(size, Files.size(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof")));
            assertTrue(info(c).contains("aof_enabled:0"));
        }
    }

    @Test
    void oneSnapshotAtATimeWithRedisRepliesAndScheduling(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
            c.call("DEBUG", "POPULATE", "200");
            c.call("CONFIG", "SET", "appendonly", "yes");
            settle(c);
            c.call("CONFIG", "SET", "rdb-key-save-delay", "2000");
            assertEquals("+Background append only file rewriting started\r\n", c.call("BGREWRITEAOF"));
            assertTrue(info(c).contains("aof_rewrite_in_progress:1"));
            assertEquals("-ERR Background append only file rewriting already in progress\r\n",
                    c.call("BGREWRITEAOF"));
            assertEquals("-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE "
                    + "in order to schedule a BGSAVE whenever possible.\r\n", c.call("BGSAVE"));
            assertEquals("+Background saving scheduled\r\n", c.call("BGSAVE", "SCHEDULE"));
            c.call("CONFIG", "SET", "rdb-key-save-delay", "0");
            settle(c);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!info(c).contains("rdb_saves:1")) {
                assertTrue(System.nanoTime() < deadline, "the scheduled BGSAVE runs after the rewrite");
                Thread.sleep(10);
            }
            String i = info(c);
            assertTrue(i.contains("aof_rewrites:2") && i.contains("aof_last_bgrewrite_status:ok"), i);

            c.call("CONFIG", "SET", "rdb-key-save-delay", "2000");
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            assertEquals("+Background append only file rewriting scheduled\r\n", c.call("BGREWRITEAOF"));
            assertTrue(info(c).contains("aof_rewrite_scheduled:1"));
            c.call("CONFIG", "SET", "rdb-key-save-delay", "0");
            settle(c);
            assertTrue(info(c).contains("aof_rewrites:3"), "the scheduled rewrite ran after the BGSAVE");
            String digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void historyIsDeletedAfterARewriteUnlessAutoGcIsOff(@TempDir Path dir) throws Exception {
        Path aofDir = dir.resolve("appendonlydir");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--aof-disable-auto-gc", "yes");
             RawClient c = new RawClient(t.port())) {
            c.call("CONFIG", "SET", "appendonly", "yes");
            settle(c);
            c.call("SET", "a", "1");
            c.call("BGREWRITEAOF");
            settle(c);
            c.call("SET", "b", "2");
            c.call("CONFIG", "SET", "aof-use-rdb-preamble", "no");
            c.call("BGREWRITEAOF");
            settle(c);
            assertEquals("file appendonly.aof.3.base.aof seq 3 type b\n"
                    + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                    + "file appendonly.aof.2.base.rdb seq 2 type h\n"
                    + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                    + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                    + "file appendonly.aof.3.incr.aof seq 3 type i\n", manifest(dir));
            assertTrue(Files.exists(aofDir.resolve("appendonly.aof.1.incr.aof")));
            String base = Files.readString(aofDir.resolve("appendonly.aof.3.base.aof"), StandardCharsets.ISO_8859_1);
            assertTrue(base.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"), base);

            c.call("CONFIG", "SET", "aof-disable-auto-gc", "no");
            c.call("SET", "c", "3");
            c.call("BGREWRITEAOF");
            settle(c);
            assertEquals("file appendonly.aof.4.base.aof seq 4 type b\nfile appendonly.aof.4.incr.aof seq 4 type i\n",
                    manifest(dir));
            try (var files = Files.list(aofDir)) {
                assertEquals(3, files.count(), "only the base, the incr file and the manifest are left");
            }
            String digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void timestampAnnotationsAreWrittenAndSkippedOnLoad(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--aof-timestamp-enabled", "yes");
             RawClient c = new RawClient(t.port())) {
            c.call("CONFIG", "SET", "appendonly", "yes");
            settle(c);
            c.call("SET", "k", "v");
            String incr = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"),
                    StandardCharsets.ISO_8859_1);
            assertTrue(incr.matches("(?s)#TS:\\d+\r\n\\*2\r\n\\$6\r\nSELECT.*"), incr);
            String digest = c.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, c.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void aWriteErrorRefusesWritesWithMisconfUntilTheAofIsTurnedOff(@TempDir Path dir) throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.createSymbolicLink(aofDir.resolve("temp-appendonly.aof.incr"), Path.of("/dev/full"));
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
            c.call("CONFIG", "SET", "rdb-key-save-delay", "1000000");
            c.call("SET", "before", "1");
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "yes"));
            assertEquals("+OK\r\n", c.call("SET", "k", "v"), "the write that fails was already done");
            assertEquals("-MISCONF Errors writing to the AOF file: No space left on device\r\n",
                    c.call("SET", "k2", "v"));
            assertEquals("-MISCONF Errors writing to the AOF file: No space left on device\r\n", c.call("PING"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"), "reads still run");
            assertTrue(info(c).contains("aof_last_write_status:err"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "no"));
            assertEquals("+OK\r\n", c.call("SET", "k2", "v"), "with the AOF off, writes run again");
        }
    }

    /** The process standing for the running save: the only child of this JVM that runs {@code cat}. */
    private static ProcessHandle saveChild() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            var found = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/cat")).orElse(false)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertTrue(System.nanoTime() < deadline, "the save's child process appears");
            Thread.sleep(10);
        }
    }

    @Test
    void killingTheChildOfARewriteOrASaveFailsItAsRedisDoes(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
            c.call("CONFIG", "SET", "appendonly", "yes");
            settle(c);
            c.call("SET", "k", "v");
            c.call("CONFIG", "SET", "rdb-key-save-delay", "10000000");
            c.call("BGREWRITEAOF");
            saveChild().destroyForcibly();
            settle(c);
            String i = info(c);
            assertTrue(i.contains("aof_last_bgrewrite_status:err") && i.contains("aof_rewrites_consecutive_failures:1"),
                    i);
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
                    + "file appendonly.aof.2.incr.aof seq 2 type i\n", manifest(dir),
                    "the incr file opened for the failed rewrite stays in use, as in Redis");
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("temp-")));
            }
            c.call("CONFIG", "SET", "rdb-key-save-delay", "0");
            c.call("BGREWRITEAOF");
            settle(c);
            assertTrue(info(c).contains("aof_last_bgrewrite_status:ok"));

            c.call("CONFIG", "SET", "save", "3600 1");
            c.call("CONFIG", "SET", "rdb-key-save-delay", "10000000");
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            saveChild().destroyForcibly();
            settle(c);
            assertTrue(info(c).contains("rdb_last_bgsave_status:err"));
            assertTrue(c.call("SET", "x", "y").startsWith("-MISCONF"), "a failed BGSAVE stops writes");
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        }
    }

    /** Mounts a 1 MB tmpfs on {@code dir}; false where mounting is not allowed (the test is then skipped). */
    private static boolean mountSmallFilesystem(Path dir) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void aFullDiskRefusesWritesAndTheyResumeWithNothingLostOnceThereIsRoom(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("small"));
        org.junit.jupiter.api.Assumptions.assumeTrue(mountSmallFilesystem(dir), "cannot mount a tmpfs here");
        try {
            Path filler = dir.resolve("filler");
            Files.write(filler, new byte[600 * 1024]);
            try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
                c.call("CONFIG", "SET", "appendonly", "yes");
                settle(c);
                String value = "x".repeat(50_000);
                String reply = "";
                int written = 0;
                while (!reply.startsWith("-MISCONF")) {
                    assertTrue(written < 100, "the disk fills up");
                    reply = c.call("SET", "k" + written, value);
                    written++;
                }
                assertEquals("-MISCONF Errors writing to the AOF file: No space left on device\r\n", reply);
                assertTrue(info(c).contains("aof_last_write_status:err"));
                Files.delete(filler);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                while (!c.call("SET", "after", "1").equals("+OK\r\n")) {
                    assertTrue(System.nanoTime() < deadline, "writes resume once there is room");
                    Thread.sleep(50);
                }
                assertTrue(info(c).contains("aof_last_write_status:ok"));
                String digest = c.call("DEBUG", "DIGEST");
                assertEquals("+OK\r\n", c.call("DEBUG", "LOADAOF"));
                assertEquals(digest, c.call("DEBUG", "DIGEST"), "every acknowledged write reached the file");
                assertEquals(":" + written + "\r\n", c.call("DBSIZE"));
            }
        } finally {
            new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
