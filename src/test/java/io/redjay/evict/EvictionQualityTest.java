package io.redjay.evict;

import io.redjay.support.ManualClock;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keys that stay are the ones Redis would keep: the same skewed workload (a cache in front of a key space twice
 * its size, keys drawn from a power law, a miss followed by a write) against Redis and Redjay, each limited to the
 * memory its own server needs for half the key space, gives hit rates within 5 points of each other. A random
 * policy on the same workload is the control: LFU must do clearly better than it on both servers. LRU's clock ticks
 * once a second, so within the few seconds of this workload it cannot tell keys apart on either server; with an
 * injected clock advanced as the workload runs, Redjay's LRU must beat random as clearly.
 */
class EvictionQualityTest {
    private static final int UNIVERSE = 8000;
    private static final int OPERATIONS = 60_000;
    private static final int BATCH = 200;
    private static final String VALUE = "x".repeat(500);

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-lru", "allkeys-lfu"})
    void hitRatesMatchRedis(String policy) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        double redis;
        double redisRandom;
        try (RealRedis r = RealRedis.start()) {
            redis = hitRate(r.port(), policy, null);
            redisRandom = hitRate(r.port(), "allkeys-random", null);
        }
        double redjay;
        double redjayRandom;
        try (TestServer s = TestServer.start()) {
            redjay = hitRate(s.port(), policy, null);
            redjayRandom = hitRate(s.port(), "allkeys-random", null);
        }
        String rates = policy + ": redis " + redis + " (random " + redisRandom + "), redjay " + redjay
                + " (random " + redjayRandom + ")";
        System.out.println(rates);
        assertTrue(Math.abs(redis - redjay) <= 0.05, rates);
        assertTrue(Math.abs(redisRandom - redjayRandom) <= 0.05, rates);
        if (policy.endsWith("lfu")) {
            assertTrue(redjay > redjayRandom + 0.03 && redis > redisRandom + 0.03, rates);
        }
    }

    @org.junit.jupiter.api.Test
    void lruKeepsRecentlyUsedKeysAsTimePasses() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock)) {
            double lru = hitRate(s.port(), "allkeys-lru", clock);
            double random = hitRate(s.port(), "allkeys-random", clock);
            System.out.println("injected clock: lru " + lru + " random " + random);
            assertTrue(lru > random + 0.05, "lru " + lru + " random " + random);
        }
    }

    private static double hitRate(int port, String policy, ManualClock clock) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.configSet("maxmemory", "0");
            j.flushAll();
            j.configSet("maxmemory-policy", policy);
            Pipeline p = j.pipelined();
            for (int i = 0; i < UNIVERSE / 2; i++) {
                p.set("k:" + i, VALUE);
            }
            p.sync();
            j.configSet("maxmemory", Long.toString(usedMemory(j)));
            SplittableRandom rnd = new SplittableRandom(42);
            long hits = 0;
            for (int done = 0; done < OPERATIONS; done += BATCH) {
                if (clock != null) {
                    clock.advance(1000);
                }
                List<String> keys = new ArrayList<>(BATCH);
                List<Response<String>> replies = new ArrayList<>(BATCH);
                Pipeline gets = j.pipelined();
                for (int i = 0; i < BATCH; i++) {
                    String key = "k:" + skewed(rnd);
                    keys.add(key);
                    replies.add(gets.get(key));
                }
                gets.sync();
                Pipeline sets = j.pipelined();
                for (int i = 0; i < BATCH; i++) {
                    if (replies.get(i).get() != null) {
                        hits++;
                    } else {
                        sets.set(keys.get(i), VALUE);
                    }
                }
                sets.sync();
            }
            return (double) hits / OPERATIONS;
        }
    }

    /** A key index drawn from a power law over the universe: a few keys are hot, most are cold. */
    private static int skewed(SplittableRandom rnd) {
        return (int) (UNIVERSE * Math.pow(rnd.nextDouble(), 3));
    }

    private static long usedMemory(Jedis j) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(j.info("memory"));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }
}
