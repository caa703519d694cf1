package io.redjay.zsets;

import io.redjay.types.SkipList;
import io.redjay.types.SkipListNode;
import io.redjay.types.ZSetScoreRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Properties of the skiplist checked against a sorted list after random inserts, score updates and deletes: the
 * rank from spans equals the position, byRank inverts rankOf, backward links mirror forward links, and the first
 * and last nodes of random score ranges are those the sorted list gives.
 */
class SkipListPropertyTest {
    private record E(byte[] member, double score) {
    }

    private static final Comparator<E> ORDER = Comparator.comparingDouble(E::score)
            .thenComparing(E::member, Arrays::compareUnsigned);

    @Test
    void ranksRangesAndLinksMatchASortedModel() {
        Random rnd = new Random(7);
        SkipList list = new SkipList();
        Map<String, SkipListNode> nodes = new HashMap<>();
        for (int step = 0; step < 4000; step++) {
            String m = "m" + rnd.nextInt(600);
            double score = rnd.nextInt(50) / 2.0;
            SkipListNode n = nodes.get(m);
            int op = rnd.nextInt(10);
            if (n == null) {
                byte[] mb = m.getBytes(StandardCharsets.UTF_8);
                nodes.put(m, list.insert(mb, Arrays.hashCode(mb), score));
            } else if (op < 4) {
                list.updateScore(n, score);
            } else if (op < 6) {
                list.delete(n);
                nodes.remove(m);
            }
            if (step % 200 == 0) {
                check(list, nodes, rnd);
            }
        }
        check(list, nodes, rnd);
    }

    private static void check(SkipList list, Map<String, SkipListNode> nodes, Random rnd) {
        List<E> model = new ArrayList<>();
        for (SkipListNode n : nodes.values()) {
            model.add(new E(n.member(), n.score()));
        }
        model.sort(ORDER);
        assertEquals(model.size(), list.length());
        SkipListNode x = list.first();
        SkipListNode prev = null;
        for (int i = 0; i < model.size(); i++) {
            assertEquals(model.get(i).score(), x.score());
            assertEquals(new String(model.get(i).member()), new String(x.member()));
            assertEquals(i + 1, list.rankOf(x.score(), x.member()));
            assertSame(x, list.byRank(i + 1));
            assertSame(prev, x.previous());
            prev = x;
            x = x.next();
        }
        assertNull(x);
        assertSame(prev, list.last());
        for (int k = 0; k < 20; k++) {
            double a = rnd.nextInt(52) / 2.0 - 0.5;
            double b = a + rnd.nextInt(10) / 2.0;
            ZSetScoreRange r = new ZSetScoreRange(a, rnd.nextBoolean(), b, rnd.nextBoolean());
            E first = model.stream().filter(e -> r.contains(e.score())).findFirst().orElse(null);
            E last = model.stream().filter(e -> r.contains(e.score())).reduce((p, q) -> q).orElse(null);
            SkipListNode f = list.firstInRange(r);
            SkipListNode l = list.lastInRange(r);
            assertEquals(first == null ? null : new String(first.member()), f == null ? null : new String(f.member()));
            assertEquals(last == null ? null : new String(last.member()), l == null ? null : new String(l.member()));
        }
    }

    @Test
    void deleteRankRangeKeepsSpansConsistent() {
        SkipList list = new SkipList();
        for (int i = 0; i < 1000; i++) {
            byte[] m = String.format("%04d", i).getBytes(StandardCharsets.UTF_8);
            list.insert(m, Arrays.hashCode(m), i);
        }
        List<String> removed = new ArrayList<>();
        assertEquals(100, list.deleteRankRange(101, 200, n -> removed.add(new String(n.member()))));
        assertEquals("0100", removed.get(0));
        assertEquals(900, list.length());
        assertEquals(101, list.rankOf(200, "0200".getBytes(StandardCharsets.UTF_8)));
        assertEquals("0200", new String(list.byRank(101).member()));
    }
}
