package io.redjay.persistence.aof;

import io.redjay.persistence.aof.AofServers.Running;
import io.redjay.support.RawClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.redjay.persistence.aof.AofServers.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential: damaged append-only directories (written by a real Redis 7.0.15, then cut or altered here) are
 * loaded, or refused, by Redjay as by Redis: the last incr file cut mid-command is cut back and loaded with Redis's
 * warnings under {@code aof-load-truncated yes}, to the same dataset and the same file, and refused under
 * {@code no}; a cut earlier file, a garbage byte, and a manifest naming a missing file stop start-up; a
 * {@code MULTI} never closed at the end is rolled back. What Redjay refuses it leaves byte for byte as it was.
 */
class AofTruncationTest {
    private static final String INCR = "appendonly.aof.1.incr.aof";
    private static final String MANIFEST = "appendonly.aof.manifest";
    private static final String LAST_VALUE = "last-value-".repeat(10);

    @TempDir
    Path root;

    @BeforeEach
    void needsRedis() {
        Assumptions.assumeTrue(AofServers.redisAvailable(), "no redis-server / redis-check-aof");
    }

    /** A directory written by Redis: its base, then an incr file of the workload ending with SET last. */
    private Path redisDirectory() throws Exception {
        Path dir = Files.createDirectory(root.resolve("source"));
        try (Running r = AofServers.redis(dir, root.resolve("source.log")); RawClient c = r.client();
             RawClient blocker = new RawClient(r.port())) {
            new AofWorkload(c, blocker, 31).run(150);
            assertEquals("+OK\r\n", c.call("SET", "last", LAST_VALUE));
            assertEquals(0, r.stop());
        }
        return dir;
    }

    private static Path incr(Path dir) {
        return dir.resolve("appendonlydir").resolve(INCR);
    }

    private static void cut(Path file, int bytes) throws Exception {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - bytes));
    }

    @Test
    void aLastFileCutMidCommandIsCutBackAndLoadedAsByRedis() throws Exception {
        Path dir = redisDirectory();
        cut(incr(dir), LAST_VALUE.length() / 2);
        Path byRedis = copy(dir, root.resolve("redis"));

        Running ours = AofServers.redjay(dir, root.resolve("redjay.log"));
        AofServers.Dataset loaded = AofServers.loadedBy(ours);
        Running redis = AofServers.redis(byRedis, root.resolve("redis.log"));
        assertEquals(AofServers.loadedBy(redis), loaded);

        String log = ours.logText();
        assertTrue(log.contains("!!! Warning: short read while loading the AOF file " + INCR + "!!!"), log);
        assertTrue(log.contains("AOF " + INCR + " loaded anyway because aof-load-truncated is enabled"), log);
        assertEquals(truncationOffset(redis.logText()), truncationOffset(log), "cut at the same offset");
        assertArrayEquals(Files.readAllBytes(incr(byRedis)), Files.readAllBytes(incr(dir)), "the same file after");
    }

    @Test
    void writesAfterATruncatedLoadFollowTheCut() throws Exception {
        Path dir = redisDirectory();
        cut(incr(dir), LAST_VALUE.length() / 2);
        AofServers.Dataset written;
        try (Running ours = AofServers.redjay(dir, root.resolve("redjay.log")); RawClient c = ours.client()) {
            assertEquals("+OK\r\n", c.call("SET", "after-the-cut", "1"));
            written = AofServers.Dataset.of(c);
            assertEquals(0, ours.stop());
        }
        AofServers.CheckResult check = AofServers.checkAof(dir.resolve("appendonlydir").resolve(MANIFEST));
        assertEquals(0, check.exit(), check.output());
        Path byRedis = copy(dir, root.resolve("redis"));
        assertEquals(written, AofServers.loadedBy(AofServers.redis(byRedis, root.resolve("redis.log"))));
    }

    private static String truncationOffset(String log) {
        Matcher m = Pattern.compile("!!! Truncating the AOF " + Pattern.quote(INCR) + " at offset (\\d+) !!!")
                .matcher(log);
        assertTrue(m.find(), log);
        return m.group(1);
    }

    @Test
    void withAofLoadTruncatedNoBothRefuseACutLastFile() throws Exception {
        Path dir = redisDirectory();
        cut(incr(dir), LAST_VALUE.length() / 2);
        Path byRedis = copy(dir, root.resolve("redis"));
        String line = "Unexpected end of file reading the append only file " + INCR + ". You can: 1) Make a backup "
                + "of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can "
                + "set the 'aof-load-truncated' configuration option to yes and restart the server.";
        bothRefuse(dir, byRedis, line, "--aof-load-truncated", "no");
    }

    @Test
    void aCutFileThatIsNotTheLastStopsStartUp() throws Exception {
        Path dir = redisDirectory();
        cut(incr(dir), LAST_VALUE.length() / 2);
        Path aofDir = dir.resolve("appendonlydir");
        Files.writeString(aofDir.resolve("appendonly.aof.2.incr.aof"),
                "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nlater\r\n$1\r\n1\r\n");
        Files.writeString(aofDir.resolve(MANIFEST), "file appendonly.aof.2.incr.aof seq 2 type i\n",
                StandardOpenOption.APPEND);
        Path byRedis = copy(dir, root.resolve("redis"));
        bothRefuse(dir, byRedis, "Fatal error: the truncated file is not the last file");
    }

    @Test
    void aMultiNeverClosedAtTheEndIsRolledBack() throws Exception {
        Path dir = redisDirectory();
        byte[] complete = Files.readAllBytes(incr(dir));
        Files.writeString(incr(dir), "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$5\r\nmulti\r\n$1\r\n1\r\n"
                + "*2\r\n$4\r\nINCR\r\n$4\r\nlast\r\n", StandardOpenOption.APPEND);
        Path byRedis = copy(dir, root.resolve("redis"));

        Running ours = AofServers.redjay(dir, root.resolve("redjay.log"));
        AofServers.Dataset loaded = AofServers.loadedBy(ours);
        assertEquals(AofServers.loadedBy(AofServers.redis(byRedis, root.resolve("redis.log"))), loaded);
        String log = ours.logText();
        assertTrue(log.contains("Revert incomplete MULTI/EXEC transaction in AOF file " + INCR), log);
        assertTrue(log.contains("AOF " + INCR + " loaded anyway because aof-load-truncated is enabled"), log);
        assertArrayEquals(complete, Files.readAllBytes(incr(dir)), "cut back to before the MULTI");
        assertArrayEquals(complete, Files.readAllBytes(incr(byRedis)), "as Redis cuts it");
    }

    @Test
    void aGarbageByteInTheMiddleStopsStartUp() throws Exception {
        Path dir = redisDirectory();
        byte[] b = Files.readAllBytes(incr(dir));
        b[commandStartAfter(b, b.length / 2)] = '!';
        Files.write(incr(dir), b);
        Path byRedis = copy(dir, root.resolve("redis"));
        bothRefuse(dir, byRedis, "Bad file format reading the append only file " + INCR + ": make a backup of your "
                + "AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    @Test
    void aManifestNamingAMissingFileStopsStartUp() throws Exception {
        Path dir = redisDirectory();
        Files.writeString(dir.resolve("appendonlydir").resolve(MANIFEST),
                "file appendonly.aof.2.incr.aof seq 2 type i\n", StandardOpenOption.APPEND);
        Path byRedis = copy(dir, root.resolve("redis"));
        bothRefuse(dir, byRedis, "Unable to obtain the AOF file appendonly.aof.2.incr.aof length. stat: No such file "
                + "or directory");
    }

    /** Redjay and Redis each exit non-zero on their copy, both logging {@code line}; Redjay's copy is untouched. */
    private void bothRefuse(Path dir, Path byRedis, String line, String... options) throws Exception {
        Map<String, byte[]> before = AofServers.contents(dir);
        try (Running ours = AofServers.redjay(dir, root.resolve("redjay.log"), options);
             Running redis = AofServers.redis(byRedis, root.resolve("redis.log"), options)) {
            assertNotEquals(0, ours.exitStatus(), ours.logText());
            assertNotEquals(0, redis.exitStatus(), redis.logText());
            assertTrue(redis.logText().contains(line), redis.logText());
            assertTrue(ours.logText().contains(line), ours.logText());
        }
        AofServers.assertSameContents(before, AofServers.contents(dir));
    }

    /** The offset of the first command that starts at or after {@code from} (the file is walked as RESP). */
    private static int commandStartAfter(byte[] b, int from) {
        int at = 0;
        while (at < from) {
            assertEquals('*', b[at]);
            int[] count = number(b, at + 1);
            at = count[1];
            for (int i = 0; i < count[0]; i++) {
                assertEquals('$', b[at]);
                int[] len = number(b, at + 1);
                at = len[1] + len[0] + 2;
            }
        }
        assertTrue(at < b.length, "a command starts after the middle");
        return at;
    }

    /** The decimal number at {@code at}, ended by CRLF, and the offset after the CRLF. */
    private static int[] number(byte[] b, int at) {
        int end = at;
        while (b[end] != '\r') {
            end++;
        }
        return new int[] {Integer.parseInt(new String(b, at, end - at, StandardCharsets.US_ASCII)), end + 2};
    }
}
