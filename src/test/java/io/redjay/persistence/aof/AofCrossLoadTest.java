package io.redjay.persistence.aof;

import io.redjay.persistence.aof.AofServers.Dataset;
import io.redjay.persistence.aof.AofServers.Running;
import io.redjay.support.RawClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.redjay.persistence.aof.AofServers.copy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential, in both directions: the append-only directory Redjay writes (with and without an RDB preamble,
 * before and after a BGREWRITEAOF with writes during and after it) passes {@code redis-check-aof} and loads in a
 * real Redis 7.0.15 to the same dataset, and Redjay restarted on it holds it again; the directory a real Redis writes
 * the same way loads in Redjay to the same dataset; so do commands a server writes as their effects. The Redis 6
 * single-file migration and history files are in {@link AofMigrationTest}.
 */
class AofCrossLoadTest {
    private static final String MANIFEST = "appendonly.aof.manifest";

    @TempDir
    Path root;

    @BeforeEach
    void needsRedis() {
        Assumptions.assumeTrue(AofServers.redisAvailable(), "no redis-server / redis-check-aof");
    }

    @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
    @ValueSource(strings = {"yes", "no"})
    void redjayDirectoryLoadsInRedis(String preamble) throws Exception {
        Path dir = Files.createDirectory(root.resolve("redjay"));
        Path before = root.resolve("before");
        Path after = root.resolve("after");
        Dataset atCopyBefore;
        Dataset atCopyAfter;
        try (Running r = AofServers.redjay(dir, root.resolve("redjay.log"), "--aof-use-rdb-preamble", preamble);
             RawClient c = r.client(); RawClient blocker = new RawClient(r.port())) {
            build(c, blocker, before, after, dir);
            atCopyBefore = datasets[0];
            atCopyAfter = datasets[1];
            assertEquals(0, r.stop(), r.logText());
        }
        assertBase(after, preamble);
        assertEquals(atCopyBefore, loadedByRedis(before), "Redis loads the directory as it was before the rewrite");
        assertEquals(atCopyAfter, loadedByRedis(after), "Redis loads the directory as it was after the rewrite");
        assertEquals(atCopyAfter, AofServers.loadedBy(AofServers.redjay(dir, root.resolve("restart.log"))),
                "Redjay restarted on its own directory");
    }

    @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
    @ValueSource(strings = {"yes", "no"})
    void turnedOnAtRunTimeWithTimestampsTheDirectoryLoadsInRedis(String preamble) throws Exception {
        Path dir = Files.createDirectory(root.resolve("redjay"));
        Dataset written;
        try (Running r = AofServers.redjay(dir, root.resolve("redjay.log"), "--appendonly", "no",
                "--aof-use-rdb-preamble", preamble, "--aof-timestamp-enabled", "yes");
             RawClient c = r.client(); RawClient blocker = new RawClient(r.port())) {
            new AofWorkload(c, blocker, 41).run(200);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "yes"));
            new AofWorkload(c, blocker, 42).run(100);
            AofServers.awaitRewriteEnd(c);
            assertTrue(c.call("INFO", "persistence").contains("aof_enabled:1"));
            new AofWorkload(c, blocker, 43).run(100);
            written = Dataset.of(c);
            assertEquals(0, r.stop(), r.logText());
        }
        String incr = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(incr.startsWith("#TS:"), "annotated: " + incr.substring(0, Math.min(40, incr.length())));
        assertEquals(written, loadedByRedis(copy(dir, root.resolve("copy"))));
        assertEquals(written, AofServers.loadedBy(AofServers.redjay(dir, root.resolve("restart.log"))));
    }

    @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
    @ValueSource(strings = {"yes", "no"})
    void redisDirectoryLoadsInRedjay(String preamble) throws Exception {
        Path dir = Files.createDirectory(root.resolve("redis"));
        Path before = root.resolve("before");
        Path after = root.resolve("after");
        try (Running r = AofServers.redis(dir, root.resolve("redis.log"), "--aof-use-rdb-preamble", preamble);
             RawClient c = r.client(); RawClient blocker = new RawClient(r.port())) {
            build(c, blocker, before, after, dir);
        }
        assertBase(after, preamble);
        assertEquals(datasets[0], AofServers.loadedBy(AofServers.redjay(before, root.resolve("before.log"))),
                "Redjay loads Redis's directory as it was before the rewrite");
        Running r = AofServers.redjay(after, root.resolve("after.log"));
        assertEquals(datasets[1], AofServers.loadedBy(r), "Redjay loads Redis's directory after the rewrite");
        String log = r.logText();
        assertTrue(log.contains("DB loaded from base file appendonly.aof.2.base."), log);
        assertTrue(log.contains("DB loaded from incr file appendonly.aof.2.incr.aof: "), log);
        assertTrue(log.contains("DB loaded from append only file: "), log);
    }

    /** Commands Redis propagates as other commands (or with their effects spelled out), read back by Redjay. */
    @Test
    void redisPropagatedEffectsLoadInRedjay() throws Exception {
        Path dir = Files.createDirectory(root.resolve("redis"));
        Dataset written;
        try (Running r = AofServers.redis(dir, root.resolve("redis.log")); RawClient c = r.client()) {
            written = propagatedEffects(c);
        }
        assertEquals(written, AofServers.loadedBy(AofServers.redjay(dir, root.resolve("redjay.log"))));
    }

    /** The same commands written by Redjay, read back by Redis. */
    @Test
    void redjayPropagatedEffectsLoadInRedis() throws Exception {
        Path dir = Files.createDirectory(root.resolve("redjay"));
        Dataset written;
        try (Running r = AofServers.redjay(dir, root.resolve("redjay.log")); RawClient c = r.client()) {
            written = propagatedEffects(c);
            assertEquals(0, r.stop(), r.logText());
        }
        assertEquals(written, loadedByRedis(dir));
    }

    private static Dataset propagatedEffects(RawClient c) throws Exception {
        String[][] commands = {
            {"SET", "gx", "1"}, {"GETEX", "gx", "EX", "5000"}, {"SET", "gy", "1", "EX", "100"},
            {"GETEX", "gy", "PERSIST"}, {"SETEX", "se", "100", "v"}, {"PSETEX", "pse", "100000", "v"},
            {"GETSET", "se", "w"}, {"SET", "gd", "1"}, {"GETDEL", "gd"}, {"MSETNX", "m1", "a", "m2", "b"},
            {"RPUSH", "src", "3", "1", "2"}, {"LMOVE", "src", "dst", "LEFT", "RIGHT"},
            {"BLMOVE", "src", "dst", "RIGHT", "LEFT", "1"}, {"RPUSH", "src", "9", "8", "7"},
            {"LMPOP", "1", "src", "LEFT", "COUNT", "2"}, {"BLMPOP", "1", "1", "src", "RIGHT"},
            {"LINSERT", "dst", "BEFORE", "3", "x"}, {"SORT", "dst", "ALPHA", "STORE", "sorted"},
            {"SADD", "s1", "a", "b", "c", "d"}, {"SADD", "s2", "b"}, {"SINTERSTORE", "s3", "s1", "s2"},
            {"SPOP", "s1", "2"}, {"SMOVE", "s1", "s2", "a"}, {"SETBIT", "bits", "100", "1"},
            {"BITFIELD", "bf", "INCRBY", "u8", "0", "200", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "200"},
            {"HSET", "h", "a", "1"}, {"HSETNX", "h", "b", "2"}, {"HINCRBYFLOAT", "h", "c", "1e3"},
            {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZRANGESTORE", "z2", "z", "0", "-1"},
            {"ZMPOP", "1", "z", "MAX"}, {"BZMPOP", "1", "1", "z", "MIN"}, {"ZINTERSTORE", "z3", "2", "z", "z2"},
            {"INCRBYFLOAT", "f", "10.5"}, {"INCRBYFLOAT", "f", "-0.1"}, {"MOVE", "m1", "3"},
            {"COPY", "h", "h9", "DB", "2"}, {"EXPIRE", "h", "1000", "NX"}, {"PEXPIRE", "h", "2000000", "GT"},
            {"SET", "kt", "v", "EX", "100"}, {"SET", "kt", "w", "KEEPTTL"}, {"RENAME", "kt", "kt2"},
            };
        for (String[] cmd : commands) {
            String reply = c.call(cmd);
            assertFalse(reply.startsWith("-"), String.join(" ", cmd) + " -> " + reply);
        }
        String dump = c.call("DUMP", "z3");
        int start = dump.indexOf("\r\n") + 2;
        byte[] payload = dump.substring(start, start + Integer.parseInt(dump.substring(1, start - 2)))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        c.command("RESTORE".getBytes(), "restored".getBytes(), "0".getBytes(), payload);
        assertEquals("+OK\r\n", c.readReply());
        return Dataset.of(c);
    }

    private final Dataset[] datasets = new Dataset[2];

    /**
     * The workload on a server writing {@code dir}: copied (with its dataset noted) before a rewrite, then writes
     * while the rewrite runs (slowed by {@code rdb-key-save-delay}, so they meet keys not yet written) and after it,
     * copied again.
     */
    private void build(RawClient c, RawClient blocker, Path before, Path after, Path dir) throws Exception {
        new AofWorkload(c, blocker, 11).run(300);
        datasets[0] = Dataset.of(c);
        assertTrue(datasets[0].sizes().stream().filter(n -> n > 10).count() >= 3, datasets[0].toString());
        copy(dir, before);
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdb-key-save-delay", "4000"));
        String reply = c.call("BGREWRITEAOF");
        assertTrue(reply.startsWith("+"), reply);
        new AofWorkload(c, blocker, 12).run(100);
        assertTrue(c.call("INFO", "persistence").contains("aof_rewrite_in_progress:1"), "writes during the rewrite");
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdb-key-save-delay", "0"));
        AofServers.awaitRewriteEnd(c);
        new AofWorkload(c, blocker, 13).run(150);
        datasets[1] = Dataset.of(c);
        copy(dir, after);
    }

    /** After the rewrite, the base is an RDB file or commands as {@code aof-use-rdb-preamble} says. */
    private static void assertBase(Path dir, String preamble) throws Exception {
        String manifest = Files.readString(dir.resolve("appendonlydir").resolve(MANIFEST));
        String base = preamble.equals("yes") ? "appendonly.aof.2.base.rdb" : "appendonly.aof.2.base.aof";
        assertTrue(manifest.startsWith("file " + base + " seq 2 type b\n"), manifest);
        byte[] head = Files.readAllBytes(dir.resolve("appendonlydir").resolve(base));
        assertEquals(preamble.equals("yes") ? 'R' : '*', (char) head[0]);
    }

    private Dataset loadedByRedis(Path dir) throws Exception {
        AofServers.CheckResult check = AofServers.checkAof(dir.resolve("appendonlydir").resolve(MANIFEST));
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("All AOF files and manifest are valid"), check.output());
        return AofServers.loadedBy(AofServers.redis(dir, root.resolve(dir.getFileName() + ".redis.log")));
    }
}
