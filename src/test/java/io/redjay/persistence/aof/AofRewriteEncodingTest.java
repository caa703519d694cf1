package io.redjay.persistence.aof;

import io.redjay.keyspace.Clock;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.persistence.rdb.RdbFileWriter;
import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.persistence.rdb.RdbSnapshot;
import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.types.Digest;
import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AOF-format rewrite base, checked against Redis 7.0.15 itself: a real server loads the file Redjay's snapshot
 * engine writes with this encoder and ends up with the same dataset (DEBUG DIGEST, expiry times), redis-check-aof
 * accepts it, and where Redis's output is determined by the data (lists, intsets, listpack hashes and sorted sets,
 * single-element tables) each key's commands are the bytes Redis's own BGREWRITEAOF writes.
 */
class AofRewriteEncodingTest {
    private static final long HOUR = 3_600_000;

    @BeforeAll
    static void redisInstalled() {
        assumeTrue(RealRedis.available(), "redis-server is not installed");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final KeyspaceListener NO_LISTENER = listener(new RdbSnapshot[1]);

    private static KeyspaceListener listener(RdbSnapshot[] snapshot) {
        return new KeyspaceListener() {
            @Override
            public void beforeWrite(Database db, KeyEntry entry) {
                if (snapshot[0] != null) {
                    snapshot[0].beforeWrite(db, entry);
                }
            }

            @Override
            public void beforeReplaceAll(Database db) {
                if (snapshot[0] != null) {
                    snapshot[0].beforeReplaceAll(db);
                }
            }

            @Override
            public void keyModified(Database db, byte[] key) {
            }

            @Override
            public void keyEvent(Database db, int type, String event, byte[] key) {
            }

            @Override
            public void keyExpired(Database db, byte[] key) {
            }

            @Override
            public void databaseChanged(Database db) {
            }
        };
    }

    /** Every type in its compact and its large encoding, large ones past the engine's stepping threshold. */
    private static void populate(Keyspace ks, long now) {
        Random rnd = new Random(11);
        Database db0 = ks.db(0);
        db0.add(b("int"), b("12345"));
        db0.add(b("min"), b("-9223372036854775808"));
        db0.add(b("padded"), b("007"));
        db0.add(b("embstr"), b("hello world"));
        db0.add(b("raw"), b("r".repeat(1000)));
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        db0.add(binary, binary.clone());
        db0.add(b("empty"), new byte[0]);
        db0.setExpire(db0.add(b("ttl:string"), b("soon")), now + HOUR);

        ListValue small = new ListValue();
        for (String s : new String[] {"a", "1", "-2", "007", "\r\n", "x".repeat(100)}) {
            small.pushTail(b(s), -2);
        }
        db0.add(b("list:small"), small);
        ListValue large = new ListValue();
        for (int i = 0; i < 10_000; i++) {
            large.pushTail(b(i % 3 == 0 ? Integer.toString(i - 5000) : "element-" + i), -2);
        }
        db0.setExpire(db0.add(b("list:large"), large), now + 2 * HOUR);

        SetValue intset = SetValue.create(b("5"), 0, SetLimits.DEFAULTS);
        intset.add(b("5"), SetLimits.DEFAULTS);
        for (int i = 0; i < 300; i++) {
            intset.add(b(Integer.toString(rnd.nextInt(1_000_000) - 500_000)), SetLimits.DEFAULTS);
        }
        db0.add(b("set:intset"), intset);
        SetValue strings = SetValue.create(b("alpha"), 0, SetLimits.DEFAULTS);
        strings.add(b("alpha"), SetLimits.DEFAULTS);
        strings.add(b("beta"), SetLimits.DEFAULTS);
        strings.add(binary.clone(), SetLimits.DEFAULTS);
        db0.add(b("set:small"), strings);
        SetValue big = SetValue.create(b("0"), 0, SetLimits.DEFAULTS);
        for (int i = 0; i < 100_000; i++) {
            big.add(b(i % 2 == 0 ? Integer.toString(i) : "member-" + i), SetLimits.DEFAULTS);
        }
        db0.setExpire(db0.add(b("set:large"), big), now + 3 * HOUR);

        HashValue packed = new HashValue();
        packed.set(b("f"), b("v"), 128, 64);
        packed.set(b("1"), b("-1"), 128, 64);
        packed.set(binary.clone(), b(""), 128, 64);
        db0.add(b("hash:small"), packed);
        HashValue table = new HashValue();
        for (int i = 0; i < 100_000; i++) {
            table.set(b("field-" + i), b(i % 2 == 0 ? Integer.toString(i) : "value-" + i), 128, 64);
        }
        db0.add(b("hash:large"), table);

        ZSetValue zsmall = new ZSetValue(true);
        double[] scores = {0.1, -0.0, 1e-300, 1.5e17, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3};
        for (int i = 0; i < scores.length; i++) {
            zsmall.insert(b("z" + i), scores[i], 128, 64);
        }
        db0.add(b("zset:small"), zsmall);
        ZSetValue zlarge = new ZSetValue(false);
        for (int i = 0; i < 100_000; i++) {
            zlarge.insert(b("zm-" + i), i % 4 == 0 ? i : rnd.nextGaussian() * 1e6, 128, 64);
        }
        db0.setExpire(db0.add(b("zset:large"), zlarge), now + 4 * HOUR);

        Database db3 = ks.db(3);
        ListValue list3 = new ListValue();
        for (int i = 0; i < 5000; i++) {
            list3.pushTail(b("db3-" + i), -2);
        }
        db3.add(b("list:large"), list3);
        for (int i = 0; i < 200; i++) {
            db3.add(b("small:" + i), b("value-" + i));
        }
        db3.setExpire(db3.add(b("ttl:db3"), b("x")), now + 5 * HOUR);
        ks.db(15).setExpire(ks.db(15).add(b("last"), b("db")), now + 6 * HOUR);
    }

    /**
     * Runs a snapshot with the AOF encoding one smallest slice at a time, with {@code between} after each slice;
     * returns the number of slices.
     */
    private static int rewrite(Keyspace ks, AofRewriteEncoding encoding, Path file, RdbSnapshot[] holder,
            IntConsumer between) throws Exception {
        CompletableFuture<String> written = new CompletableFuture<>();
        RdbFileWriter writer = new RdbFileWriter(file, file.resolveSibling("temp-" + file.getFileName()),
                RdbFileWriter.Trailer.NONE, 0,
                written::complete);
        RdbSnapshot snapshot = new RdbSnapshot(ks, encoding, writer, 0);
        holder[0] = snapshot;
        int rounds = 0;
        while (!snapshot.step(1)) {
            assertTrue(++rounds < 1_000_000, "the snapshot ends");
            between.accept(rounds);
        }
        holder[0] = null;
        assertNull(written.get(30, TimeUnit.SECONDS));
        return rounds;
    }

    /** A real Redis that loads {@code aof} at start-up as its (old-style, single-file) append-only file. */
    private static RealRedis loading(Path aof) throws Exception {
        return RealRedis.start("--appendonly", "yes", "--dir", aof.getParent().toString(), "--appendfilename",
                aof.getFileName().toString());
    }

    @Test
    void realRedisLoadsTheRewriteToTheSameDatasetWhileKeysChangeDuringTheSteps(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        Keyspace ks = new Keyspace(16, Clock.SYSTEM);
        RdbSnapshot[] holder = new RdbSnapshot[1];
        ks.listener(listener(holder));
        populate(ks, now);
        String digest = Digest.ofDataset(ks);
        long[] expiries = {ks.db(0).peek(b("ttl:string")).expireAt(), ks.db(0).peek(b("list:large")).expireAt(),
                ks.db(0).peek(b("set:large")).expireAt(), ks.db(0).peek(b("zset:large")).expireAt(),
                ks.db(3).peek(b("ttl:db3")).expireAt(), ks.db(15).peek(b("last")).expireAt()};
        ManualClock clock = new ManualClock();
        Path file = dir.resolve("rewrite.aof");
        int rounds = rewrite(ks, new AofRewriteEncoding(clock, true), file, holder, round -> {
            if (round % 7 == 0) {
                ks.db(3).put(b("small:" + round % 200), b("changed-" + round));
                ks.db(0).put(b("embstr"), b("changed-" + round));
            }
            if (round == 40) {
                KeyEntry e = ks.db(0).lookupWrite(b("hash:large"));
                ((HashValue) e.value()).set(b("field-1"), b("changed"), 128, 64);
            }
        });
        assertTrue(rounds > 100, "large values were written in steps (" + rounds + " slices)");
        byte[] bytes = Files.readAllBytes(file);
        String ts = "#TS:" + clock.millis() / 1000 + "\r\n";
        assertEquals(ts, new String(bytes, 0, ts.length(), StandardCharsets.ISO_8859_1));

        try (RealRedis redis = loading(file); RawClient c = new RawClient(redis.port(), 30_000)) {
            assertEquals("+" + digest + "\r\n", c.call("DEBUG", "DIGEST"));
            assertEquals(":" + expiries[0] + "\r\n", c.call("PEXPIRETIME", "ttl:string"));
            assertEquals(":" + expiries[1] + "\r\n", c.call("PEXPIRETIME", "list:large"));
            assertEquals(":" + expiries[2] + "\r\n", c.call("PEXPIRETIME", "set:large"));
            assertEquals(":" + expiries[3] + "\r\n", c.call("PEXPIRETIME", "zset:large"));
            assertEquals(":-1\r\n", c.call("PEXPIRETIME", "hash:large"));
            c.call("SELECT", "3");
            assertEquals(":" + expiries[4] + "\r\n", c.call("PEXPIRETIME", "ttl:db3"));
            c.call("SELECT", "15");
            assertEquals(":" + expiries[5] + "\r\n", c.call("PEXPIRETIME", "last"));
        }
    }

    @Test
    void redisCheckAofAcceptsTheWholeFile(@TempDir Path dir) throws Exception {
        Keyspace ks = new Keyspace(16, Clock.SYSTEM);
        ks.listener(NO_LISTENER);
        populate(ks, System.currentTimeMillis());
        Path file = dir.resolve("checked.aof");
        rewrite(ks, new AofRewriteEncoding(new ManualClock(), true), file, new RdbSnapshot[1], round -> {
        });
        Process p = new ProcessBuilder("redis-check-aof", file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "redis-check-aof ends");
        assertEquals(0, p.exitValue(), output);
        long size = Files.size(file);
        assertTrue(output.contains("size=" + size + ", ok_up_to=" + size + ","), output);
    }

    /** 2100-01-01, in milliseconds. */
    private static final long EXPIRE_AT = 4_102_444_800_000L;

    /** A small dataset, sent to Redis as these commands and applied to Redjay's types in the same order. */
    private static List<String[]> smallCommands() {
        List<String[]> cmds = new ArrayList<>();
        cmds.add(new String[] {"SET", "int", "12345"});
        cmds.add(new String[] {"SET", "min", "-9223372036854775808"});
        cmds.add(new String[] {"SET", "str", "hello\r\nworld\0"});
        cmds.add(new String[] {"SET", "raw", "r".repeat(100)});
        cmds.add(new String[] {"SET", "expiring", "v"});
        cmds.add(new String[] {"PEXPIREAT", "expiring", Long.toString(EXPIRE_AT)});
        for (int i = 0; i < 150; i++) {
            cmds.add(new String[] {"RPUSH", "list", i % 2 == 0 ? Integer.toString(i * 1000 - 7) : "e" + i});
        }
        cmds.add(new String[] {"RPUSH", "list", "007", "-0", "x".repeat(70)});
        Random rnd = new Random(3);
        for (int i = 0; i < 200; i++) {
            cmds.add(new String[] {"SADD", "intset", Long.toString(rnd.nextLong() >> rnd.nextInt(60))});
        }
        cmds.add(new String[] {"SADD", "oneset", "only"});
        for (int i = 0; i < 100; i++) {
            cmds.add(new String[] {"HSET", "hash", "f" + (99 - i), i % 3 == 0 ? Integer.toString(i) : "v" + i});
        }
        cmds.add(new String[] {"HSET", "onehash", "field", "v".repeat(100)});
        String[] scores = {"0.1", "-0", "1e-300", "1.5e17", "inf", "-inf", "3", "2.5", "100000000000000000",
            "0.30000000000000004", "-123.456"};
        for (int i = 0; i < 100; i++) {
            String score = i < scores.length ? scores[i] : Double.toString(i / 7.0);
            cmds.add(new String[] {"ZADD", "zset", score, i % 5 == 0 ? Integer.toString(i) : "m" + i});
        }
        cmds.add(new String[] {"ZADD", "onezset", "1.25", "m".repeat(100)});
        cmds.add(new String[] {"PEXPIREAT", "zset", Long.toString(EXPIRE_AT + 1)});
        return cmds;
    }

    private static void applyToRedjay(Database db, String[] c) {
        byte[] key = b(c[1]);
        KeyEntry e = db.peek(key);
        switch (c[0]) {
            case "SET" -> db.add(key, b(c[2]));
            case "PEXPIREAT" -> db.setExpire(e, Long.parseLong(c[2]));
            case "RPUSH" -> {
                ListValue l = e == null ? (ListValue) db.add(key, new ListValue()).value() : (ListValue) e.value();
                for (int i = 2; i < c.length; i++) {
                    l.pushTail(b(c[i]), -2);
                }
            }
            case "SADD" -> {
                SetValue set = e == null
                        ? (SetValue) db.add(key, SetValue.create(b(c[2]), 0, SetLimits.DEFAULTS)).value()
                        : (SetValue) e.value();
                set.add(b(c[2]), SetLimits.DEFAULTS);
            }
            case "HSET" -> {
                HashValue h = e == null ? (HashValue) db.add(key, new HashValue()).value() : (HashValue) e.value();
                h.set(b(c[2]), b(c[3]), 128, 64);
            }
            case "ZADD" -> {
                ZSetValue z = e == null
                        ? (ZSetValue) db.add(key, new ZSetValue(ZSetValue.startsCompact(128, 64, b(c[3])))).value()
                        : (ZSetValue) e.value();
                z.insert(b(c[3]), Double.parseDouble(c[2].replace("inf", "Infinity")), 128, 64);
            }
            default -> throw new IllegalArgumentException(c[0]);
        }
    }

    @Test
    void eachKeyIsWrittenAsRedisItselfRewritesIt(@TempDir Path dir) throws Exception {
        List<String[]> cmds = smallCommands();
        Path redisDir = Files.createDirectory(dir.resolve("redis"));
        byte[] base;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--aof-use-rdb-preamble", "no", "--dir",
                redisDir.toString()); RawClient c = new RawClient(redis.port(), 10_000)) {
            for (String[] cmd : cmds) {
                assertTrue(!c.call(cmd).startsWith("-"), String.join(" ", cmd));
            }
            c.call("SELECT", "1");
            c.call("SET", "other", "db1");
            assertTrue(c.call("BGREWRITEAOF").startsWith("+"));
            Path manifest = redisDir.resolve("appendonlydir").resolve("appendonly.aof.manifest");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(manifest).contains("appendonly.aof.2.base.aof")) {
                assertTrue(System.nanoTime() < deadline, "Redis finishes its rewrite");
                Thread.sleep(10);
            }
            base = Files.readAllBytes(redisDir.resolve("appendonlydir").resolve("appendonly.aof.2.base.aof"));
        }

        Keyspace ks = new Keyspace(16, Clock.SYSTEM);
        ks.listener(NO_LISTENER);
        for (String[] cmd : cmds) {
            applyToRedjay(ks.db(0), cmd);
        }
        ks.db(1).add(b("other"), b("db1"));
        assertEquals("listpack", ((HashValue) ks.db(0).peek(b("hash")).value()).encoding());
        assertEquals("hashtable", ((HashValue) ks.db(0).peek(b("onehash")).value()).encoding());
        assertEquals("listpack", ((ZSetValue) ks.db(0).peek(b("zset")).value()).encoding());
        assertEquals("skiplist", ((ZSetValue) ks.db(0).peek(b("onezset")).value()).encoding());
        assertEquals("intset", ((SetValue) ks.db(0).peek(b("intset")).value()).encoding());
        Path file = dir.resolve("redjay.aof");
        rewrite(ks, new AofRewriteEncoding(new ManualClock(), false), file, new RdbSnapshot[1], round -> {
        });
        byte[] ours = Files.readAllBytes(file);

        TreeMap<String, String> expected = perKey(base);
        TreeMap<String, String> actual = perKey(ours);
        assertEquals(13, expected.size(), expected.keySet().toString());
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), actual.get(key), key);
        }
        assertTrue(expected.get("0 list").contains("*66\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n"), "chunks of 64 items");
    }

    /**
     * A file's commands grouped by database and key, in the order they appear: {@code "<db> <key>"} to the exact
     * bytes of the key's commands ({@code SELECT} only moves the database).
     */
    private static TreeMap<String, String> perKey(byte[] file) {
        TreeMap<String, String> groups = new TreeMap<>();
        int[] pos = {0};
        String db = "?";
        while (pos[0] < file.length) {
            int start = pos[0];
            List<byte[]> args = command(file, pos);
            String raw = new String(file, start, pos[0] - start, StandardCharsets.ISO_8859_1);
            String name = new String(args.get(0), StandardCharsets.US_ASCII);
            if (name.equals("SELECT")) {
                db = new String(args.get(1), StandardCharsets.US_ASCII);
            } else {
                groups.merge(db + " " + new String(args.get(1), StandardCharsets.ISO_8859_1), raw, String::concat);
            }
        }
        return groups;
    }

    /** Parses one RESP multibulk command at {@code pos[0]}, moving past it. */
    private static List<byte[]> command(byte[] file, int[] pos) {
        int count = Integer.parseInt(line(file, pos, '*'));
        List<byte[]> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = Integer.parseInt(line(file, pos, '$'));
            byte[] arg = new byte[len];
            System.arraycopy(file, pos[0], arg, 0, len);
            assertEquals('\r', file[pos[0] + len], "argument terminated");
            pos[0] += len + 2;
            args.add(arg);
        }
        return args;
    }

    private static String line(byte[] file, int[] pos, char type) {
        assertEquals(type, (char) file[pos[0]], "at offset " + pos[0] + ": "
                + HexFormat.of().formatHex(file, pos[0], Math.min(file.length, pos[0] + 16)));
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        int i = pos[0] + 1;
        while (file[i] != '\r') {
            digits.write(file[i++]);
        }
        pos[0] = i + 2;
        return digits.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void nothingButTheTimestampForAnEmptyDataset(@TempDir Path dir) throws Exception {
        Keyspace ks = new Keyspace(16, Clock.SYSTEM);
        ks.listener(NO_LISTENER);
        ManualClock clock = new ManualClock();
        Path file = dir.resolve("empty.aof");
        rewrite(ks, new AofRewriteEncoding(clock, true), file, new RdbSnapshot[1], round -> {
        });
        assertEquals("#TS:1700000000\r\n", Files.readString(file, StandardCharsets.ISO_8859_1));
        rewrite(ks, new AofRewriteEncoding(clock, false), file, new RdbSnapshot[1], round -> {
        });
        assertEquals(0, Files.size(file));
    }

    @Test
    void integerArgumentsPrintAsRedisPrintsThem() {
        RespWriter resp = new RespWriter();
        RdbOutput out = new RdbOutput(64);
        resp.bulk(out, Long.MIN_VALUE);
        resp.bulk(out, 0);
        resp.bulk(out, Long.MAX_VALUE);
        resp.bulkScore(out, -0.0);
        resp.bulkScore(out, 0.1);
        resp.bulkScore(out, 1e17);
        assertEquals("$20\r\n-9223372036854775808\r\n$1\r\n0\r\n$19\r\n9223372036854775807\r\n$2\r\n-0\r\n"
                + "$19\r\n0.10000000000000001\r\n$5\r\n1e+17\r\n",
                new String(out.toByteArray(), StandardCharsets.US_ASCII));
    }
}
