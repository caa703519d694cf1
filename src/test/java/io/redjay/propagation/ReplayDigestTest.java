package io.redjay.propagation;

import io.redjay.client.Client;
import io.redjay.server.Server;
import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.RedjayTap;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end check of propagation: a seeded random workload runs on an origin Redjay; the command stream it
 * propagates is replayed into a fresh real {@code redis-server} (as a client) and into a fresh Redjay (through the
 * dispatcher's stream replay, as the AOF loader and a master link will); {@code DEBUG DIGEST} of all three must be
 * equal, and no replayed command may fail on Redis.
 *
 * <p>The origin runs on a manual clock that starts at the real time and jumps ahead now and then, so keys expire
 * lazily at deterministic points; all TTLs are hours long, so nothing expires on the replay side in real time unless
 * the origin expired it too (and propagated its DEL). Active expiry is off on the origin for determinism (its
 * propagation has its own test); a final SCAN of every database reclaims the keys whose time has passed.
 */
class ReplayDigestTest {
    private static final int SEEDS = Integer.getInteger("redjay.replay.seeds", 20);
    private static final int COMMANDS = Integer.getInteger("redjay.replay.commands", 10_000);
    private static final int FIRST_SEED = Integer.getInteger("redjay.replay.firstSeed", 1);

    @Test
    void replayedStreamsReproduceTheDataset() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        try (RealRedis replica = RealRedis.start()) {
            for (int seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
                runSeed(seed, replica);
            }
        }
    }

    private void runSeed(long seed, RealRedis replica) throws Exception {
        ManualClock clock = new ManualClock();
        clock.set(System.currentTimeMillis());
        try (TestServer origin = TestServer.start(clock); RedjayTap tap = RedjayTap.attach(origin, true);
             RawClient a = new RawClient(origin.port()); RawClient b = new RawClient(origin.port());
             TestServer copy = TestServer.start()) {
            a.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            RandomWorkload w = new RandomWorkload(seed, clock.millis());
            int issued = 0;
            while (issued < COMMANDS) {
                int r = w.nextInt(100);
                if (r < 5) {
                    for (String[] cmd : w.transaction(clock.millis())) {
                        a.call(cmd);
                        issued++;
                    }
                } else if (r < 7) {
                    issued += watchedTransaction(w, a, b, clock);
                } else if (r < 9) {
                    issued += servedLater(w, a, b, "bl" + seed + "x" + issued);
                } else if (r < 10) {
                    clock.advance(TimeUnit.MINUTES.toMillis(20 + w.nextInt(40)));
                } else {
                    a.call(w.command(clock.millis()));
                    issued++;
                }
            }
            for (int db = 0; db < 3; db++) {
                a.call("SELECT", Integer.toString(db));
                scanAll(a);
            }
            String originDigest = a.call("DEBUG", "DIGEST");
            List<byte[][]> stream = tap.takeRaw();
            assertTrue(stream.size() > COMMANDS / 4, "seed " + seed + ": the workload propagated " + stream.size());

            String redisDigest = replayInto(replica, stream, seed);
            String copyDigest = replayInto(copy, stream);
            if (!originDigest.equals(redisDigest)) {
                try (RawClient r = new RawClient(replica.port())) {
                    assertEquals("", differences(a, r), "seed " + seed + ": keys that differ, origin vs Redis");
                }
            }
            assertEquals(originDigest, redisDigest, "seed " + seed + ": real Redis replaying the stream");
            assertEquals(originDigest, copyDigest, "seed " + seed + ": Redjay replaying the stream");
        }
    }

    /** WATCH a key, maybe let another client change it, then a transaction on it: aborted or run. */
    private int watchedTransaction(RandomWorkload w, RawClient a, RawClient b, ManualClock clock) throws Exception {
        a.call("SELECT", "0");
        String key = "s" + w.nextInt(5);
        a.call("WATCH", key);
        if (w.nextInt(2) == 0) {
            b.call("SET", key, "changed");
        }
        a.call("MULTI");
        a.call("INCR", key);
        a.call("SET", "s" + w.nextInt(5), "fromtx", "EX", "5000");
        a.call("EXEC");
        return 5;
    }

    /** A blocking pop that parks on an empty key and is served by a later push from the other client. */
    private int servedLater(RandomWorkload w, RawClient a, RawClient b, String key) throws Exception {
        a.call("SELECT", "0");
        boolean zset = w.nextInt(3) == 0;
        String[] pop = zset
                ? (w.nextInt(2) == 0 ? new String[] {"BZPOPMIN", key, "0"}
                        : new String[] {"BZMPOP", "0", "1", key, "MAX", "COUNT", "2"})
                : switch (w.nextInt(4)) {
                    case 0 -> new String[] {"BLPOP", key, "0"};
                    case 1 -> new String[] {"BRPOP", key, key + "y", "0"};
                    case 2 -> new String[] {"BLMOVE", key, "l" + w.nextInt(5), "LEFT", "RIGHT", "0"};
                    default -> new String[] {"BLMPOP", "0", "1", key, "RIGHT", "COUNT", "2"};
                };
        b.command(pop);
        awaitBlocked(a);
        if (zset) {
            a.call("ZADD", key, "1", "a", "2", "b", "3", "c");
        } else {
            a.call("RPUSH", key, "a", "b", "c");
        }
        b.readReply();
        return 2;
    }

    private static void awaitBlocked(RawClient a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!a.call("INFO", "clients").contains("blocked_clients:1")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the blocking pop did not block");
            }
            Thread.onSpinWait();
        }
    }

    /** The keys whose value digests differ between two servers (for the failure message). */
    private static String differences(RawClient x, RawClient y) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int db = 0; db < 3; db++) {
            x.call("SELECT", Integer.toString(db));
            y.call("SELECT", Integer.toString(db));
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            for (RawClient c : List.of(x, y)) {
                for (String l : c.call("KEYS", "*").split("\r\n")) {
                    if (!l.startsWith("*") && !l.startsWith("$")) {
                        keys.add(l);
                    }
                }
            }
            for (String k : keys) {
                String dx = x.call("DEBUG", "DIGEST-VALUE", k) + x.call("PEXPIRETIME", k) + x.call("TYPE", k);
                String dy = y.call("DEBUG", "DIGEST-VALUE", k) + y.call("PEXPIRETIME", k) + y.call("TYPE", k);
                if (!dx.equals(dy)) {
                    out.append("db ").append(db).append(' ').append(k).append(": ").append(dx.replace("\r\n", " "))
                            .append(" vs ").append(dy.replace("\r\n", " ")).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void scanAll(RawClient a) throws Exception {
        String cursor = "0";
        for (int i = 0; i < 10_000; i++) {
            String reply = a.call("SCAN", cursor, "COUNT", "1000");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            if (cursor.equals("0")) {
                return;
            }
        }
        throw new AssertionError("SCAN did not finish");
    }

    private static String replayInto(RealRedis replica, List<byte[][]> stream, long seed) throws Exception {
        try (RawClient r = new RawClient(replica.port())) {
            r.call("FLUSHALL");
            List<String> failures = new ArrayList<>();
            for (byte[][] argv : stream) {
                r.command(argv);
                String reply = r.readReply();
                if (reply.startsWith("-")) {
                    failures.add(text(argv) + " -> " + reply.trim());
                }
            }
            assertEquals(List.of(), failures, "seed " + seed + ": propagated commands that Redis refused");
            return r.call("DEBUG", "DIGEST");
        }
    }

    private static String replayInto(TestServer copy, List<byte[][]> stream) throws Exception {
        Server s = copy.server();
        List<String> errors = s.executor().submit(() -> {
            Client c = s.streamClient("replay");
            List<String> out = new ArrayList<>();
            for (byte[][] argv : stream) {
                String e = s.dispatcher().replay(c, argv);
                if (e != null) {
                    out.add(text(argv) + " -> " + e);
                }
            }
            return out;
        }).get();
        assertEquals(List.of(), errors, "commands the replaying Redjay refused");
        try (RawClient r = new RawClient(copy.port())) {
            return r.call("DEBUG", "DIGEST");
        }
    }

    private static String text(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(new String(a, StandardCharsets.ISO_8859_1)).append(' ');
        }
        return sb.toString().trim();
    }
}
