package io.redjay.persistence.aof;

import io.redjay.support.RawClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded random write workload, the same against Redjay and a real Redis, that makes an AOF hold every kind of
 * record a server writes: every type in its small and large encodings (integer, binary strings; intsets and
 * hashtable sets; listpack and quicklist lists; listpack and hashtable hashes, listpack and skiplist zsets), TTLs as
 * relative and absolute times (with keys that expire during the run, so the file holds their DELs), MULTI/EXEC,
 * blocking pops served by a later push (so the file holds the push and the pop), several databases, SELECT,
 * FLUSHDB and SWAPDB.
 *
 * <p>The workload only writes; what it leaves is compared, not predicted: each test takes the dataset the writing
 * server holds and asks another server loading the files for the same.
 */
final class AofWorkload {
    private static final int KEYS = 12;
    private static final int DBS = 4;

    private final RawClient c;
    private final RawClient blocker;
    private final Random rnd;
    private final String run;
    private final List<String> shortLived = new ArrayList<>();
    private int db;

    AofWorkload(RawClient c, RawClient blocker, long seed) {
        this.c = c;
        this.blocker = blocker;
        this.rnd = new Random(seed);
        this.run = Long.toString(seed);
    }

    /** Large encodings first (so later small writes mutate them), then {@code ops} random writes. */
    void run(int ops) throws Exception {
        large();
        for (int i = 0; i < ops; i++) {
            step();
        }
        blockingPops();
        awaitShortLivedGone();
    }

    private void large() throws IOException {
        select(rnd.nextInt(DBS));
        List<String> ints = new ArrayList<>(List.of("SADD", "bigintset"));
        List<String> list = new ArrayList<>(List.of("RPUSH", "biglist"));
        List<String> hash = new ArrayList<>(List.of("HSET", "bighash"));
        List<String> zset = new ArrayList<>(List.of("ZADD", "bigzset"));
        List<String> set = new ArrayList<>(List.of("SADD", "bigset"));
        for (int i = 0; i < 600; i++) {
            ints.add(Integer.toString(i * 7 - 1000));
        }
        for (int i = 0; i < 200; i++) {
            list.add("element-" + i + "-" + "x".repeat(rnd.nextInt(80)));
            hash.add("field" + i);
            hash.add(rnd.nextBoolean() ? Integer.toString(rnd.nextInt()) : "value" + i);
            zset.add(Double.toString(rnd.nextGaussian() * 1000));
            zset.add("member" + i);
            set.add("m" + i);
        }
        for (List<String> cmd : List.of(ints, list, hash, zset, set)) {
            call(cmd.toArray(String[]::new));
        }
        call("SET", "bigstring", "y".repeat(20_000));
        call("PEXPIREAT", "bighash", Long.toString(System.currentTimeMillis() + 3_600_000));
    }

    private String key(String type) {
        return type + ":" + rnd.nextInt(KEYS);
    }

    private String value() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(2000) - 1000);
            case 1 -> Long.toString(rnd.nextLong());
            case 2 -> "v" + rnd.nextInt(100);
            default -> "text " + "z".repeat(rnd.nextInt(60));
        };
    }

    private void step() throws Exception {
        int r = rnd.nextInt(100);
        if (r < 6) {
            select(rnd.nextInt(DBS));
        } else if (r < 14) {
            strings();
        } else if (r < 18) {
            binary();
        } else if (r < 28) {
            lists();
        } else if (r < 38) {
            sets();
        } else if (r < 48) {
            hashes();
        } else if (r < 58) {
            zsets();
        } else if (r < 68) {
            ttls();
        } else if (r < 74) {
            transaction();
        } else if (r < 80) {
            keys();
        } else if (r < 81) {
            call("SWAPDB", Integer.toString(rnd.nextInt(DBS)), Integer.toString(rnd.nextInt(DBS)));
        } else if (r < 82 && db == DBS - 1) {
            call("FLUSHDB");
        } else {
            call("SET", key("s"), value());
        }
    }

    private void strings() throws IOException {
        String k = "n:" + rnd.nextInt(KEYS);
        switch (rnd.nextInt(6)) {
            case 0 -> call("INCR", k);
            case 1 -> call("INCRBY", k, Integer.toString(rnd.nextInt(1_000_000) - 500_000));
            case 2 -> call("INCRBYFLOAT", k, "1.5");
            case 3 -> call("APPEND", key("s"), value());
            case 4 -> call("SETRANGE", key("s"), Integer.toString(rnd.nextInt(20)), "rng");
            default -> call("MSET", key("s"), value(), key("s"), value());
        }
    }

    private void binary() throws IOException {
        byte[] v = new byte[rnd.nextInt(64)];
        rnd.nextBytes(v);
        byte[] k = ("b:" + rnd.nextInt(KEYS) + "\r\n\0").getBytes(StandardCharsets.ISO_8859_1);
        c.command("SET".getBytes(StandardCharsets.US_ASCII), k, v);
        c.readReply();
    }

    private void lists() throws IOException {
        String k = key("l");
        switch (rnd.nextInt(7)) {
            case 0 -> call("RPUSH", k, value(), value(), value());
            case 1 -> call("LPUSH", k, value());
            case 2 -> call("LPOP", k);
            case 3 -> call("RPOPLPUSH", k, key("l"));
            case 4 -> call("LSET", k, "0", value());
            case 5 -> call("LTRIM", k, "0", Integer.toString(rnd.nextInt(5)));
            default -> call("LPOP", "biglist", "3");
        }
    }

    private void sets() throws IOException {
        String k = key("set");
        switch (rnd.nextInt(6)) {
            case 0 -> call("SADD", k, Integer.toString(rnd.nextInt(50)), Integer.toString(rnd.nextInt(50)));
            case 1 -> call("SADD", k, value());
            case 2 -> call("SREM", k, Integer.toString(rnd.nextInt(50)));
            case 3 -> call("SPOP", k);
            case 4 -> call("SMOVE", k, key("set"), Integer.toString(rnd.nextInt(50)));
            default -> call("SADD", "bigintset", Integer.toString(rnd.nextInt(100_000)));
        }
    }

    private void hashes() throws IOException {
        String k = key("h");
        switch (rnd.nextInt(5)) {
            case 0 -> call("HSET", k, "f" + rnd.nextInt(10), value(), "g" + rnd.nextInt(10), value());
            case 1 -> call("HDEL", k, "f" + rnd.nextInt(10));
            case 2 -> call("HINCRBY", k, "count", Integer.toString(rnd.nextInt(100)));
            case 3 -> call("HINCRBYFLOAT", k, "fl", "0.25");
            default -> call("HSET", "bighash", "field" + rnd.nextInt(300), value());
        }
    }

    private void zsets() throws IOException {
        String k = key("z");
        switch (rnd.nextInt(6)) {
            case 0 -> call("ZADD", k, Integer.toString(rnd.nextInt(100)), "m" + rnd.nextInt(20));
            case 1 -> call("ZINCRBY", k, "2.5", "m" + rnd.nextInt(20));
            case 2 -> call("ZREM", k, "m" + rnd.nextInt(20));
            case 3 -> call("ZPOPMIN", k);
            case 4 -> call("ZUNIONSTORE", key("z"), "2", k, key("z"));
            default -> call("ZADD", "bigzset", "inf", "member" + rnd.nextInt(300));
        }
    }

    private void ttls() throws IOException {
        long now = System.currentTimeMillis();
        switch (rnd.nextInt(6)) {
            case 0 -> call("EXPIRE", key("s"), Integer.toString(1000 + rnd.nextInt(1000)));
            case 1 -> call("PEXPIREAT", key("h"), Long.toString(now + 2_000_000 + rnd.nextInt(1000)));
            case 2 -> call("SET", key("s"), value(), "EX", Integer.toString(5000 + rnd.nextInt(100)));
            case 3 -> call("PERSIST", key("s"));
            case 4 -> call("EXPIRE", key("l"), "0");
            default -> {
                String k = "tmp:" + run + ":" + shortLived.size();
                shortLived.add(k);
                call("SET", k, value(), "PX", Integer.toString(20 + rnd.nextInt(80)));
            }
        }
    }

    private void transaction() throws IOException {
        assertEquals("+OK\r\n", c.call("MULTI"));
        for (int i = 0; i <= rnd.nextInt(4); i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> c.call("INCR", "n:" + rnd.nextInt(KEYS));
                case 1 -> c.call("RPUSH", key("l"), value());
                default -> c.call("HSET", key("h"), "t", value());
            }
        }
        assertTrue(c.call("EXEC").startsWith("*"));
    }

    private void keys() throws IOException {
        switch (rnd.nextInt(4)) {
            case 0 -> call("DEL", key("s"));
            case 1 -> call("RENAME", key("l"), key("l"));
            case 2 -> call("COPY", key("h"), key("h"), "REPLACE");
            default -> call("UNLINK", key("z"));
        }
    }

    /** BLPOP, BRPOPLPUSH and BZPOPMIN each blocked (checked in INFO) and served by a later push. */
    private void blockingPops() throws Exception {
        String l = "bl:" + run;
        String z = "bz:" + run;
        blocked(new String[] {"BLPOP", l, "5"}, new String[] {"RPUSH", l, "a", "b"});
        blocked(new String[] {"BRPOPLPUSH", l + ":src", l + ":dest", "5"},
                new String[] {"LPUSH", l + ":src", "c", "d"});
        blocked(new String[] {"BZPOPMIN", z, "5"}, new String[] {"ZADD", z, "1", "x", "2", "y"});
    }

    private void blocked(String[] pop, String[] push) throws Exception {
        assertEquals("+OK\r\n", blocker.call("SELECT", Integer.toString(db)));
        blocker.command(pop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.call("INFO", "clients").contains("blocked_clients:1\r\n")) {
            assertTrue(System.nanoTime() < deadline, "the pop blocks");
            Thread.sleep(5);
        }
        call(push);
        String served = blocker.readReply();
        assertTrue(!served.startsWith("*-1") && !served.startsWith("$-1"), "the pop is served: " + served);
    }

    /**
     * Waits (bounded) until every short-lived key is gone from every database (SWAPDB moves them), reading each so
     * its expiry is written as a DEL.
     */
    private void awaitShortLivedGone() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int start = db;
        for (int d = 0; d < DBS; d++) {
            select(d);
            for (String k : shortLived) {
                while (!c.call("EXISTS", k).equals(":0\r\n")) {
                    assertTrue(System.nanoTime() < deadline, k + " expires");
                    Thread.sleep(5);
                }
            }
        }
        select(start);
    }

    private void select(int target) throws IOException {
        assertEquals("+OK\r\n", c.call("SELECT", Integer.toString(target)));
        db = target;
    }

    private void call(String... args) throws IOException {
        String reply = c.call(args);
        assertTrue(!reply.startsWith("-") || reply.startsWith("-WRONGTYPE") || reply.startsWith("-ERR no such key")
                || reply.startsWith("-ERR index out of range") || reply.startsWith("-ERR value is not")
                || reply.startsWith("-ERR increment or decrement would overflow")
                || reply.startsWith("-ERR source and destination objects are the same"), String.join(" ", args) + " -> "
                + reply);
    }
}
