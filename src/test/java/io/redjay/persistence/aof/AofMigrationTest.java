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

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.redjay.persistence.aof.AofServers.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential: a Redis 6-style single {@code appendonly.aof} (commands only, or an RDB preamble followed by
 * commands, built here from the files a real Redis 7.0.15 writes) is migrated by Redjay into a directory exactly as
 * Redis migrates it, loaded to the same dataset, and left as a directory Redis loads; and a Redis directory with
 * timestamp annotations and history files loads in Redjay, which deletes the history as Redis does.
 */
class AofMigrationTest {
    private static final String MANIFEST = "appendonly.aof.manifest";

    @TempDir
    Path root;

    @BeforeEach
    void needsRedis() {
        Assumptions.assumeTrue(AofServers.redisAvailable(), "no redis-server / redis-check-aof");
    }

    @ParameterizedTest(name = "RDB preamble {0}")
    @ValueSource(booleans = {false, true})
    void aRedis6SingleFileIsMigratedAsRedisMigratesIt(boolean preamble) throws Exception {
        Dataset written;
        Path source = Files.createDirectory(root.resolve("source"));
        try (Running r = AofServers.redis(source, root.resolve("source.log"), "--aof-use-rdb-preamble",
                preamble ? "yes" : "no"); RawClient c = r.client(); RawClient blocker = new RawClient(r.port())) {
            new AofWorkload(c, blocker, 21).run(200);
            AofServers.rewrite(c);
            new AofWorkload(c, blocker, 22).run(100);
            written = Dataset.of(c);
        }
        Path aofDir = source.resolve("appendonlydir");
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        single.writeBytes(Files.readAllBytes(aofDir.resolve("appendonly.aof.2.base." + (preamble ? "rdb" : "aof"))));
        single.writeBytes(Files.readAllBytes(aofDir.resolve("appendonly.aof.2.incr.aof")));
        Path old = Files.createDirectory(root.resolve("old"));
        Files.write(old.resolve("appendonly.aof"), single.toByteArray());
        Path byRedis = copy(old, root.resolve("old-by-redis"));

        Running r = AofServers.redjay(old, root.resolve("redjay.log"));
        assertEquals(written, AofServers.loadedBy(r), "Redjay loads the old-style file");
        String log = r.logText();
        assertTrue(log.contains("Successfully migrated an old-style AOF file (appendonly.aof) into the AOF "
                + "directory (appendonlydir)."), log);
        if (preamble) {
            assertTrue(log.contains("Reading RDB preamble from AOF file...")
                    && log.contains("Reading the remaining AOF tail..."), log);
        }
        assertEquals(written, AofServers.loadedBy(AofServers.redis(byRedis, root.resolve("by-redis.log"))),
                "Redis loads the old-style file");

        Map<String, byte[]> ours = AofServers.contents(old);
        Map<String, byte[]> redis = AofServers.contents(byRedis);
        assertEquals(redis.keySet(), ours.keySet(), "the same files after the migration");
        assertFalse(ours.containsKey("appendonly.aof"), "the old file moved into the directory");
        assertArrayEquals(redis.get("appendonlydir/" + MANIFEST), ours.get("appendonlydir/" + MANIFEST),
                new String(ours.get("appendonlydir/" + MANIFEST)));
        assertArrayEquals(single.toByteArray(), ours.get("appendonlydir/appendonly.aof"), "the file itself moved");

        AofServers.CheckResult check = AofServers.checkAof(old.resolve("appendonlydir").resolve(MANIFEST));
        assertEquals(0, check.exit(), check.output());
        Path again = copy(old, root.resolve("migrated-copy"));
        assertEquals(written, AofServers.loadedBy(AofServers.redis(again, root.resolve("again.log"))),
                "Redis loads the directory Redjay migrated");
    }

    @Test
    void redisTimestampsAndHistoryLoadInRedjayWhichDeletesTheHistoryAsRedisDoes() throws Exception {
        Path dir = Files.createDirectory(root.resolve("redis"));
        Dataset written;
        try (Running r = AofServers.redis(dir, root.resolve("redis.log"), "--aof-timestamp-enabled", "yes",
                "--aof-disable-auto-gc", "yes", "--aof-use-rdb-preamble", "no");
             RawClient c = r.client(); RawClient blocker = new RawClient(r.port())) {
            new AofWorkload(c, blocker, 51).run(100);
            AofServers.rewrite(c);
            new AofWorkload(c, blocker, 52).run(100);
            AofServers.rewrite(c);
            new AofWorkload(c, blocker, 53).run(100);
            written = Dataset.of(c);
        }
        String manifest = Files.readString(dir.resolve("appendonlydir").resolve(MANIFEST));
        assertTrue(manifest.contains(" type h\n"), manifest);
        Path byRedis = copy(dir, root.resolve("by-redis"));
        assertEquals(written, AofServers.loadedBy(AofServers.redjay(dir, root.resolve("redjay.log"))));
        assertEquals(written, AofServers.loadedBy(AofServers.redis(byRedis, root.resolve("by-redis.log"))));
        Map<String, byte[]> ours = AofServers.contents(dir);
        Map<String, byte[]> redis = AofServers.contents(byRedis);
        assertEquals(redis.keySet(), ours.keySet(), "the history deleted as Redis deletes it");
        assertArrayEquals(redis.get("appendonlydir/" + MANIFEST), ours.get("appendonlydir/" + MANIFEST),
                new String(ours.get("appendonlydir/" + MANIFEST)));
    }
}
