package io.redjay.lists;

import io.redjay.support.TestServer;
import io.redjay.types.ListValue;
import io.redjay.types.Quicklist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random operations checked against {@link ArrayList} as the model: first on the structure alone with
 * several node limits (so conversions in both directions and node splits and merges happen all the time), then
 * through the server's commands. A failure message names the seed and step to replay.
 */
class ListRandomizedTest {
    private static String randomValue(Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return "";
        } else if (kind == 1) {
            return "long-" + "x".repeat(200 + r.nextInt(200));
        }
        return Integer.toString(r.nextInt(12));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, -1, 1, 2, 3, 7})
    void structureMatchesModel(long fill) {
        long seed = 0xC0FFEE + fill;
        Random r = new Random(seed);
        ListValue l = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 6000; step++) {
            String where = "seed " + seed + " step " + step;
            int op = r.nextInt(11);
            String v = randomValue(r);
            switch (op) {
                case 0 -> {
                    l.pushHead(b(v), fill);
                    model.add(0, v);
                }
                case 1, 2 -> {
                    l.pushTail(b(v), fill);
                    model.add(v);
                }
                case 3 -> {
                    if (!model.isEmpty()) {
                        assertEquals(model.remove(0), s(l.popHead()), where);
                    }
                }
                case 4 -> {
                    if (!model.isEmpty()) {
                        assertEquals(model.remove(model.size() - 1), s(l.popTail()), where);
                    }
                }
                case 5 -> {
                    if (!model.isEmpty()) {
                        int i = r.nextInt(model.size());
                        boolean after = r.nextBoolean();
                        l.insert(l.at(i), b(v), after, fill);
                        model.add(after ? i + 1 : i, v);
                    }
                }
                case 6 -> {
                    if (!model.isEmpty()) {
                        int i = r.nextInt(model.size());
                        l.set(l.at(i - (r.nextBoolean() ? model.size() : 0)), b(v), fill);
                        model.set(i, v);
                    }
                }
                case 7 -> {
                    long limit = r.nextInt(3);
                    boolean fromTail = r.nextBoolean();
                    long removed = l.removeMatching(b(v), limit, fromTail, fill);
                    assertEquals(removeFromModel(model, v, limit, fromTail), removed, where);
                }
                case 8 -> {
                    int n = r.nextInt(4);
                    l.removeHead(n);
                    model.subList(0, Math.min(n, model.size())).clear();
                }
                case 9 -> {
                    int n = r.nextInt(4);
                    l.removeTail(n);
                    model.subList(Math.max(0, model.size() - n), model.size()).clear();
                }
                default -> {
                    if (!model.isEmpty()) {
                        int i = r.nextInt(model.size());
                        assertEquals(model.get(i), s(l.at(i).value()), where);
                    }
                }
            }
            l.shrinking(fill);
            assertEquals(model.size(), l.length(), where);
            if (step % 50 == 0) {
                assertEquals(model, contents(l), where);
            }
        }
        assertEquals(model, contents(l));
    }

    private static long removeFromModel(List<String> model, String v, long limit, boolean fromTail) {
        long removed = 0;
        if (fromTail) {
            Collections.reverse(model);
        }
        for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
            if (model.get(i).equals(v)) {
                model.remove(i);
                removed++;
            } else {
                i++;
            }
        }
        if (fromTail) {
            Collections.reverse(model);
        }
        return removed;
    }

    private static List<String> contents(Quicklist l) {
        List<String> out = new ArrayList<>();
        if (l.length() > 0) {
            Quicklist.Cursor c = l.at(0);
            do {
                out.add(s(c.value()));
            } while (c.next());
        }
        return out;
    }

    @Test
    void commandsMatchModel() {
        long seed = 20240601L;
        Random r = new Random(seed);
        try (TestServer server = TestServer.start("--list-max-listpack-size", "4");
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                String where = "seed " + seed + " step " + step;
                String v = Integer.toString(r.nextInt(8));
                int size = model.size();
                switch (r.nextInt(10)) {
                    case 0 -> {
                        j.lpush("k", v);
                        model.add(0, v);
                    }
                    case 1 -> {
                        j.rpush("k", v, v + "b");
                        model.add(v);
                        model.add(v + "b");
                    }
                    case 2 -> assertEquals(size == 0 ? null : model.remove(0), j.lpop("k"), where);
                    case 3 -> {
                        int n = r.nextInt(3) + 1;
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < n && !model.isEmpty(); i++) {
                            expected.add(model.remove(model.size() - 1));
                        }
                        assertEquals(size == 0 ? null : expected, j.rpop("k", n), where);
                    }
                    case 4 -> {
                        long res = j.linsert("k", r.nextBoolean() ? ListPosition.BEFORE : ListPosition.AFTER, v, "i");
                        int at = model.indexOf(v);
                        assertEquals(size == 0 ? 0 : at < 0 ? -1 : size + 1, res, where);
                        if (at >= 0 && res > 0) {
                            model.clear();
                            model.addAll(j.lrange("k", 0, -1));
                        }
                    }
                    case 5 -> {
                        long removed = j.lrem("k", r.nextInt(5) - 2, v);
                        model.clear();
                        model.addAll(j.lrange("k", 0, -1));
                        assertEquals(size - model.size(), removed, where);
                    }
                    case 6 -> {
                        long start = r.nextInt(6) - 3;
                        long stop = r.nextInt(8) - 2;
                        assertEquals(expectedRange(model, start, stop), j.lrange("k", start, stop), where);
                    }
                    case 7 -> {
                        if (size > 0) {
                            int i = r.nextInt(size);
                            j.lset("k", i, v + "s");
                            model.set(i, v + "s");
                        }
                    }
                    case 8 -> {
                        String moved = j.lmove("k", "k", ListDirection.RIGHT, ListDirection.LEFT);
                        if (size > 0) {
                            model.add(0, model.remove(size - 1));
                        }
                        assertEquals(size == 0 ? null : model.get(0), moved, where);
                    }
                    default -> {
                        long start = r.nextInt(4);
                        long stop = r.nextInt(12) - 1;
                        j.ltrim("k", start, stop);
                        List<String> kept = expectedRange(model, start, stop);
                        model.clear();
                        model.addAll(kept);
                    }
                }
                assertEquals(model.size(), j.llen("k"), where);
                if (step % 25 == 0) {
                    assertEquals(model, j.lrange("k", 0, -1), where);
                    assertEquals(model.isEmpty(), !j.exists("k"), where);
                }
            }
        }
    }

    private static List<String> expectedRange(List<String> model, long start, long stop) {
        long n = model.size();
        if (start < 0) {
            start = Math.max(0, n + start);
        }
        if (stop < 0) {
            stop = n + stop;
        }
        if (stop >= n) {
            stop = n - 1;
        }
        if (start > stop || start >= n) {
            return new ArrayList<>();
        }
        return new ArrayList<>(model.subList((int) start, (int) stop + 1));
    }
}
