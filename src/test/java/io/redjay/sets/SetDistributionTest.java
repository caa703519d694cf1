package io.redjay.sets;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sanity of the random commands: every member is eventually returned by SRANDMEMBER and SPOP on every encoding,
 * and the frequencies of a large sample stay close to uniform (a chi-square bound as loose as Redis's own test).
 */
class SetDistributionTest {
    static List<String> encodings() {
        return SetFixtures.ENCODINGS;
    }

    private static void create(Jedis j, String enc, String key, List<String> members) {
        boolean ht = enc.equals("hashtable");
        j.configSet("set-max-intset-entries", ht ? "0" : "512");
        j.configSet("set-max-listpack-entries", ht ? "0" : "128");
        j.del(key);
        j.sadd(key, members.toArray(new String[0]));
        assertEquals(enc, j.objectEncoding(key));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void srandmemberEventuallyReturnsEveryMemberUniformly(String enc) {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            List<String> ms = SetFixtures.members(enc, 10);
            create(j, enc, "s", ms);
            Map<String, Integer> counts = new HashMap<>();
            for (String m : j.srandmember("s", -10000)) {
                counts.merge(m, 1, Integer::sum);
            }
            assertEquals(new HashSet<>(ms), counts.keySet());
            assertTrue(chiSquare(counts, 10000) < 40, "negative count: " + counts);
            counts.clear();
            for (int i = 0; i < 1250; i++) {
                for (String m : j.srandmember("s", 8)) {
                    counts.merge(m, 1, Integer::sum);
                }
            }
            assertTrue(chiSquare(counts, 10000) < 40, "count 8 of 10: " + counts);
            counts.clear();
            for (int i = 0; i < 5000; i++) {
                for (String m : j.srandmember("s", 2)) {
                    counts.merge(m, 1, Integer::sum);
                }
            }
            assertTrue(chiSquare(counts, 10000) < 40, "count 2 of 10: " + counts);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void spopEventuallyPopsEveryMemberFirst(String enc) {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            List<String> ms = SetFixtures.members(enc, 8);
            Set<String> firstPops = new HashSet<>();
            for (int round = 0; round < 400 && firstPops.size() < ms.size(); round++) {
                create(j, enc, "s", ms);
                firstPops.add(j.spop("s"));
            }
            assertEquals(new HashSet<>(ms), firstPops);
        }
    }

    @Test
    void largeHashtableSamplingReachesEveryMember() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            for (int i = 0; i < 2000; i++) {
                j.sadd("s", "m" + i);
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 200 && seen.size() < 2000; i++) {
                seen.addAll(j.srandmember("s", -1000));
            }
            assertEquals(2000, seen.size());
        }
    }

    private static double chiSquare(Map<String, Integer> counts, int total) {
        double expected = (double) total / counts.size();
        double sum = 0;
        for (int c : counts.values()) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }
}
