package io.redjay.persistence.aof;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential: a real Redis 7.0.15 writes a multi-part AOF (with a file name that needs quoting and history
 * kept), and its manifest and incr file are read here; a manifest written here is accepted by
 * {@code redis-check-aof}, and the reader's verdict on every prefix of Redis's incr file matches that tool's.
 */
class AofRealRedisTest {
    private static final String NAME = "a \"q\t\u00e9.aof";

    @Test
    void redisManifestAndIncrFileReadBackExactly(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        Assumptions.assumeTrue(checkAofAvailable(), "no redis-check-aof");
        try (RealRedis r = RealRedis.start("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-disable-auto-gc", "yes", "--appendfilename", NAME, "--appendfsync", "always");
             RawClient c = new RawClient(r.port())) {
            c.call("SET", "k1", "v1");
            rewrite(c);
            c.call("SET", "k2", "v2");
            rewrite(c);
            c.call("SET", "a", "1");
            c.call("SELECT", "2");
            c.call("SET", "b", "x y\r\n");
            c.call("MULTI");
            c.call("INCR", "c");
            c.call("INCR", "d");
            c.call("EXEC");
        }
        Path aofDir = dir.resolve("appendonlydir");
        byte[] raw = Files.readAllBytes(aofDir.resolve(AofFileNames.manifest(NAME)));
        AofManifest m = AofManifest.parse(NAME, raw);
        assertArrayEquals(raw, m.format());
        assertEquals(AofFileNames.base(NAME, 3, true), m.base().name());
        assertEquals(List.of(AofFileNames.incr(NAME, 3)), m.incrs().stream().map(AofFile::name).toList());
        assertEquals(4, m.history().size());
        Set<String> listed = new TreeSet<>();
        listed.add(m.base().name());
        m.history().forEach(f -> listed.add(f.name()));
        m.incrs().forEach(f -> listed.add(f.name()));
        listed.add(AofFileNames.manifest(NAME));
        assertEquals(listed, filesIn(aofDir));

        byte[] incr = Files.readAllBytes(aofDir.resolve(m.lastIncrName()));
        AofCommandReader reader = new AofCommandReader(new ByteArrayInputStream(incr), 0, incr.length);
        List<String> commands = new ArrayList<>();
        byte[][] argv;
        while ((argv = reader.next()) != null) {
            commands.add(String.join(" ", Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8))
                    .toList()));
        }
        assertEquals(List.of("SELECT 0", "SET a 1", "SELECT 2", "SET b x y\r\n", "MULTI", "INCR c", "INCR d",
                "EXEC"),
                commands);
        assertEquals(incr.length, reader.validUpTo());
        assertFalse(reader.inMulti());

        everyPrefixAgreesWithRedisCheckAof(incr, dir.resolve("prefix.aof"));

        AofManifest ours = m.copy();
        ours.clearHistory();
        AofManifestFile.writeAtomically(aofDir, AofFileNames.manifest(NAME), ours.format());
        assertFalse(Files.exists(aofDir.resolve(AofFileNames.tempManifest(AofFileNames.manifest(NAME)))));
        assertArrayEquals(ours.format(), Files.readAllBytes(aofDir.resolve(AofFileNames.manifest(NAME))));
        CheckResult check = checkAof(aofDir.resolve(AofFileNames.manifest(NAME)));
        assertEquals(0, check.exit, check.output);
        assertTrue(check.output.contains("All AOF files and manifest are valid"), check.output);
        AofManifest loaded = AofManifestFile.load(aofDir, NAME);
        assertEquals(ours.base(), loaded.base());
        assertTrue(loaded.history().isEmpty());
        assertNull(AofManifestFile.load(dir.resolve("missing"), NAME));
        assertNull(AofManifestFile.load(aofDir, "other.aof"));
    }

    /** redis-check-aof's ok_up_to, and whether it calls the file valid, against the reader's offsets. */
    private static void everyPrefixAgreesWithRedisCheckAof(byte[] incr, Path file) throws Exception {
        Pattern okUpTo = Pattern.compile("ok_up_to=(\\d+)");
        for (int n = 1; n <= incr.length; n++) {
            byte[] prefix = Arrays.copyOf(incr, n);
            Files.write(file, prefix);
            AofCommandReader r = new AofCommandReader(new ByteArrayInputStream(prefix), 0, n);
            long expected;
            try {
                while (r.next() != null) {
                    continue;
                }
                expected = r.inMulti() ? r.validBeforeMulti() : n;
            } catch (AofStreamException e) {
                assertEquals(AofStreamException.Kind.TRUNCATED, e.kind(), "prefix " + n);
                expected = r.inMulti() ? r.validBeforeMulti() : e.offset();
            }
            CheckResult check = checkAof(file);
            Matcher mm = okUpTo.matcher(check.output);
            assertTrue(mm.find(), check.output);
            assertEquals(expected, Long.parseLong(mm.group(1)), "prefix " + n + ": " + check.output);
            assertEquals(expected == n ? 0 : 1, check.exit, "prefix " + n + ": " + check.output);
        }
    }

    private static void rewrite(RawClient c) throws Exception {
        String reply = c.call("BGREWRITEAOF");
        assertTrue(reply.startsWith("+"), reply);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String info = c.call("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "rewrite did not finish: " + info);
            Thread.sleep(10);
        }
    }

    private static Set<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private record CheckResult(int exit, String output) {
    }

    private static boolean checkAofAvailable() {
        try {
            Process p = new ProcessBuilder("redis-check-aof", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CheckResult checkAof(Path file) throws Exception {
        Process p = new ProcessBuilder("redis-check-aof", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), out);
        return new CheckResult(p.exitValue(), out);
    }
}
