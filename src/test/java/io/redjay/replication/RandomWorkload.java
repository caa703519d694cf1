package io.redjay.replication;

import io.redjay.support.RawClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.redjay.replication.ReplicationChecks.await;

/**
 * A seeded random stream of writes for the replication tests, over every type Redjay has (strings with APPEND,
 * SETRANGE and INCRBYFLOAT, lists, sets, hashes, sorted sets): four databases, long and very short expiries,
 * transactions, renames, deletes, a rare FLUSHDB, and blocking pops (BLPOP, BRPOPLPUSH, BZPOPMIN) that a second
 * client parks and this one serves with a push, so what the master propagates is the served pop.
 *
 * <p>Each type has its own key names, so no command meets the wrong type; a reply that is an error other than the
 * two a random key can earn ({@code no such key}, {@code index out of range}) fails the run, so a command one server
 * lacks shows up as that and not as a digest mismatch later. Keys with a 1-50 ms time to live are only the
 * {@link #SHORT_LIVED} names, which get it with every write: {@link #awaitShortLivedExpired} touches them on the
 * master until none is left, so their DELs have all been propagated. The other expiries are 100 s or more and do
 * not fall during a test.
 */
final class RandomWorkload {
    static final int DATABASES = 4;
    private static final List<String> SHORT_LIVED = names("tmp:", 20, "tmph:", 10);
    private static final List<String> LONG_LIVED = names("str:", 30, "cnt:", 10, "flt:", 10, "list:", 8, "set:", 8,
            "hash:", 8, "zset:", 8);
    private static final Set<String> EXPECTED_ERRORS = Set.of("-ERR no such key\r\n", "-ERR index out of range\r\n");

    private final RawClient c;
    private final RawClient blocker;
    private final Random r;
    private final long seed;
    private int db;
    private int blockings;
    private volatile int done;

    /** A workload writing through {@code c}, with {@code blocker} (another connection to the same server) to block. */
    RandomWorkload(RawClient c, RawClient blocker, long seed) {
        this.c = c;
        this.blocker = blocker;
        this.seed = seed;
        this.r = new Random(seed);
    }

    private static List<String> names(Object... prefixAndCount) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prefixAndCount.length; i += 2) {
            for (int n = 0; n < (Integer) prefixAndCount[i + 1]; n++) {
                out.add(prefixAndCount[i] + Integer.toString(n));
            }
        }
        return out;
    }

    /** How many steps ran so far (readable from another thread). */
    int done() {
        return done;
    }

    /** Runs {@code steps} steps, then goes back to database 0. */
    void run(int steps) throws IOException, InterruptedException {
        runUntil(() -> false, steps);
    }

    /** Runs steps until {@code stop} holds or {@code maxSteps} ran, then goes back to database 0. */
    void runUntil(BooleanSupplier stop, int maxSteps) throws IOException, InterruptedException {
        int start = done;
        while (!stop.getAsBoolean() && done - start < maxSteps) {
            step();
            done++;
        }
        expect(c.call("SELECT", "0"), "+OK\r\n", "SELECT 0");
        db = 0;
    }

    private void step() throws IOException, InterruptedException {
        int p = r.nextInt(400);
        if (p < 6) {
            blockingPop();
        } else if (p < 7) {
            expect(c.call("FLUSHDB"), "+OK\r\n", "FLUSHDB");
        } else if (p < 20) {
            db = r.nextInt(DATABASES);
            expect(c.call("SELECT", Integer.toString(db)), "+OK\r\n", "SELECT");
        } else if (p < 40) {
            transaction();
        } else if (p < 50) {
            shortLivedHash();
        } else {
            String[] w = write();
            check(c.call(w), w);
        }
    }

    private void transaction() throws IOException {
        expect(c.call("MULTI"), "+OK\r\n", "MULTI");
        int n = 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String[] w = write();
            expect(c.call(w), "+QUEUED\r\n", String.join(" ", w));
        }
        String exec = c.call("EXEC");
        if (!exec.startsWith("*" + n + "\r\n")) {
            throw new AssertionError("EXEC answered " + exec);
        }
    }

    /** Parks the blocker on a new key, waits until the server counts it blocked, then serves it with a push. */
    private void blockingPop() throws IOException, InterruptedException {
        String key = "blk:" + seed + ":" + blockings++;
        expect(blocker.call("SELECT", Integer.toString(db)), "+OK\r\n", "SELECT on the blocked client");
        switch (r.nextInt(3)) {
            case 0 -> {
                blocker.command("BLPOP", key, "10");
                awaitBlocked();
                expect(c.call("RPUSH", key, "a", "b"), ":2\r\n", "RPUSH serving BLPOP");
                expect(blocker.readReply(), "*2\r\n" + bulk(key) + bulk("a"), "BLPOP served");
            }
            case 1 -> {
                String dest = "list:" + r.nextInt(8);
                blocker.command("BRPOPLPUSH", key, dest, "10");
                awaitBlocked();
                expect(c.call("LPUSH", key, "a", "b"), ":2\r\n", "LPUSH serving BRPOPLPUSH");
                expect(blocker.readReply(), bulk("a"), "BRPOPLPUSH served");
            }
            default -> {
                blocker.command("BZPOPMIN", key, "10");
                awaitBlocked();
                expect(c.call("ZADD", key, "1", "a", "2", "b"), ":2\r\n", "ZADD serving BZPOPMIN");
                expect(blocker.readReply(), "*3\r\n" + bulk(key) + bulk("a") + bulk("1"), "BZPOPMIN served");
            }
        }
    }

    private void awaitBlocked() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.call("INFO", "clients").contains("\r\nblocked_clients:1\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the blocking pop did not block");
            }
            Thread.sleep(1);
        }
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private String pick(String prefix, int count) {
        return prefix + r.nextInt(count);
    }

    private String val() {
        return "v" + r.nextInt(1000);
    }

    private String num(int bound) {
        return Integer.toString(r.nextInt(bound));
    }

    private String longSeconds() {
        return Integer.toString(100 + r.nextInt(900));
    }

    private String longMillis() {
        return Integer.toString(100_000 + r.nextInt(900_000));
    }

    private String shortMillis() {
        return Integer.toString(1 + r.nextInt(50));
    }

    private String increment() {
        return r.nextInt(10) == 0 ? "0.1" : Double.toString((r.nextInt(2001) - 1000) / 8.0);
    }

    private String score() {
        return r.nextBoolean() ? Double.toString(r.nextDouble()) : Integer.toString(r.nextInt(100) - 50);
    }

    private String anyLongLived() {
        return LONG_LIVED.get(r.nextInt(LONG_LIVED.size()));
    }

    private String[] write() {
        String s = pick("str:", 30);
        String l = pick("list:", 8);
        String set = pick("set:", 8);
        String h = pick("hash:", 8);
        String z = pick("zset:", 8);
        return switch (r.nextInt(42)) {
            case 0, 1 -> cmd("SET", s, val());
            case 2 -> cmd("SET", s, val(), "EX", longSeconds());
            case 3 -> cmd("APPEND", s, val());
            case 4 -> cmd("SETRANGE", s, num(20), val());
            case 5 -> cmd("MSET", s, val(), pick("str:", 30), val());
            case 6 -> cmd("GETDEL", s);
            case 7 -> cmd("GETEX", s, "PX", longMillis());
            case 8 -> cmd("INCRBY", pick("cnt:", 10), Integer.toString(r.nextInt(200) - 100));
            case 9 -> cmd("INCRBYFLOAT", pick("flt:", 10), increment());
            case 10 -> cmd("RPUSH", l, "e" + num(20), "e" + num(20));
            case 11 -> cmd("LPUSH", l, "e" + num(20));
            case 12 -> cmd("LPOP", l);
            case 13 -> cmd("RPOP", l, "2");
            case 14 -> cmd("LSET", l, num(4), val());
            case 15 -> cmd("LTRIM", l, "0", num(12));
            case 16 -> cmd("LINSERT", l, "BEFORE", "e" + num(20), val());
            case 17 -> cmd("LREM", l, "0", "e" + num(20));
            case 18 -> cmd("LMOVE", l, pick("list:", 8), "LEFT", "RIGHT");
            case 19 -> cmd("SADD", set, num(100), num(100), num(100));
            case 20 -> cmd("SREM", set, num(100));
            case 21 -> cmd("SPOP", set);
            case 22 -> cmd("SMOVE", set, pick("set:", 8), num(100));
            case 23 -> cmd("SUNIONSTORE", set, pick("set:", 8), pick("set:", 8));
            case 24 -> cmd("HSET", h, "f" + num(30), val(), "f" + num(30), val());
            case 25 -> cmd("HDEL", h, "f" + num(30));
            case 26 -> cmd("HINCRBY", h, "count", num(100));
            case 27 -> cmd("HINCRBYFLOAT", h, "float", increment());
            case 28, 29 -> cmd("ZADD", z, score(), "m" + num(40), score(), "m" + num(40));
            case 30 -> cmd("ZINCRBY", z, score(), "m" + num(40));
            case 31 -> cmd("ZREM", z, "m" + num(40));
            case 32 -> cmd("ZPOPMIN", z);
            case 33 -> cmd("ZREMRANGEBYRANK", z, "0", num(3));
            case 34 -> cmd("ZUNIONSTORE", z, "2", pick("zset:", 8), pick("zset:", 8));
            case 35 -> cmd("EXPIRE", anyLongLived(), longSeconds());
            case 36 -> cmd("PEXPIRE", anyLongLived(), longMillis());
            case 37 -> cmd("PERSIST", anyLongLived());
            case 38 -> r.nextBoolean() ? cmd("SET", pick("tmp:", 20), val(), "PX", shortMillis())
                    : cmd("PSETEX", pick("tmp:", 20), shortMillis(), val());
            case 39 -> rename();
            default -> cmd(r.nextBoolean() ? "DEL" : "UNLINK", r.nextInt(5) == 0 ? pick("tmp:", 20) : anyLongLived());
        };
    }

    /** A rename inside one type's names (the short-lived ones keep their short expiry through it). */
    private String[] rename() {
        String prefix = List.of("str:", "list:", "set:", "hash:", "zset:", "tmp:").get(r.nextInt(6));
        int count = prefix.equals("str:") ? 30 : prefix.equals("tmp:") ? 20 : 8;
        return cmd("RENAME", pick(prefix, count), pick(prefix, count));
    }

    private static String[] cmd(String... argv) {
        return argv;
    }

    private static void check(String reply, String[] w) {
        if (reply.startsWith("-") && !EXPECTED_ERRORS.contains(reply)) {
            throw new AssertionError(String.join(" ", w) + " answered " + reply.trim());
        }
    }

    /** A hash that gets its short expiry in the same transaction as its write. */
    private void shortLivedHash() throws IOException {
        String key = pick("tmph:", 10);
        expect(c.call("MULTI"), "+OK\r\n", "MULTI");
        c.call("HSET", key, "f", val());
        c.call("PEXPIRE", key, shortMillis());
        String exec = c.call("EXEC");
        if (!exec.startsWith("*2\r\n:") || !exec.endsWith(":1\r\n")) {
            throw new AssertionError("a short-lived hash's transaction answered " + exec);
        }
    }

    private static void expect(String reply, String expected, String what) {
        if (!reply.equals(expected)) {
            throw new AssertionError(what + ": expected " + expected.trim() + " but got " + reply.trim());
        }
    }

    /**
     * Reads every {@link #SHORT_LIVED} key on the master (which expires it there and propagates its DEL) until none
     * is left in any database; the caller then waits for the replicas to catch up.
     */
    static void awaitShortLivedExpired(RawClient master) throws Exception {
        await("the short-lived keys expire on the master", () -> {
            try {
                int left = 0;
                for (int d = 0; d < DATABASES; d++) {
                    master.call("SELECT", Integer.toString(d));
                    for (String k : SHORT_LIVED) {
                        left += master.call("EXISTS", k).equals(":1\r\n") ? 1 : 0;
                    }
                }
                master.call("SELECT", "0");
                return left == 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The absolute expiry (PEXPIRETIME) of every long-lived name in every database: the digest holds only whether. */
    static List<String> expiryTimes(RawClient node) throws IOException {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < DATABASES; d++) {
            node.call("SELECT", Integer.toString(d));
            for (String k : LONG_LIVED) {
                out.add(d + " " + k + " " + node.call("PEXPIRETIME", k).trim());
            }
        }
        node.call("SELECT", "0");
        return out;
    }
}
