package io.redjay.zsets;

import io.redjay.support.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Thousands of seeded random sorted set operations against the server and against a plain map model, comparing
 * every reply. Run with the default thresholds (the set converts from listpack to skiplist on the way) and with
 * the skiplist from the start.
 */
class ZSetRandomizedTest {
    private static final Comparator<Map.Entry<String, Double>> ORDER =
            Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey());

    private static List<String> sorted(Map<String, Double> model) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(model.entrySet());
        entries.sort(ORDER);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : entries) {
            out.add(e.getKey());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "0"})
    void serverMatchesModel(String maxEntries) {
        try (TestServer s = TestServer.start("--zset-max-listpack-entries", maxEntries);
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            Random rnd = new Random(42);
            Map<String, Double> model = new HashMap<>();
            for (int step = 0; step < 4000; step++) {
                String m = "m" + rnd.nextInt(200);
                double score = rnd.nextInt(40) - 20;
                switch (rnd.nextInt(9)) {
                    case 0, 1 -> {
                        long added = j.zadd("z", score, m);
                        assertEquals(model.put(m, score) == null ? 1 : 0, added);
                    }
                    case 2 -> {
                        double v = j.zincrby("z", score, m);
                        model.merge(m, score, Double::sum);
                        assertEquals(model.get(m), v);
                    }
                    case 3 -> assertEquals(model.remove(m) != null ? 1 : 0, j.zrem("z", m));
                    case 4 -> {
                        List<String> expected = new ArrayList<>();
                        for (String k : sorted(model)) {
                            double v = model.get(k);
                            if (v >= score && v <= score + 10) {
                                expected.add(k);
                            }
                        }
                        assertEquals(expected, j.zrangeByScore("z", score, score + 10));
                        assertEquals(expected.size(), j.zcount("z", score, score + 10));
                    }
                    case 5 -> {
                        List<String> order = sorted(model);
                        Long rank = j.zrank("z", m);
                        assertEquals(order.contains(m) ? Long.valueOf(order.indexOf(m)) : null, rank);
                    }
                    case 6 -> {
                        List<String> order = sorted(model);
                        int start = rnd.nextInt(10);
                        int end = start + rnd.nextInt(10);
                        assertEquals(order.subList(Math.min(start, order.size()), Math.min(end + 1, order.size())),
                                j.zrange("z", start, end));
                    }
                    case 7 -> {
                        if (rnd.nextInt(10) == 0) {
                            List<String> order = sorted(model);
                            long n = Math.min(3, order.size());
                            assertEquals(n, j.zremrangeByRank("z", 0, 2));
                            for (int i = 0; i < n; i++) {
                                model.remove(order.get(i));
                            }
                        }
                    }
                    default -> {
                        List<String> order = sorted(model);
                        Tuple t = j.zpopmax("z");
                        if (order.isEmpty()) {
                            assertEquals(null, t);
                        } else {
                            String top = order.get(order.size() - 1);
                            assertEquals(top, t.getElement());
                            assertEquals(model.remove(top), t.getScore());
                        }
                    }
                }
                assertEquals(model.size(), j.zcard("z"));
            }
        }
    }
}
