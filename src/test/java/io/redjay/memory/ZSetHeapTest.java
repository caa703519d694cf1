package io.redjay.memory;

import io.redjay.types.ZSetLexRange;
import io.redjay.types.ZSetScoreRange;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A sorted set's maintained heap figure against the reflective walk after every step of seeded random edits: inserts
 * (nodes of random levels), score updates in place and by relinking, removals, pops at both ends, the three range
 * deletions, the conversion to a skiplist by count and by member length, the conversion back of a store result
 * ({@code compactIfFits}), and copies.
 */
class ZSetHeapTest {
    private static final long MAX_ENTRIES = 16;
    private static final long MAX_VALUE = 24;
    private static final int STEPS = 5000;

    private static byte[] member(Random rnd, int bound) {
        String s = "m" + rnd.nextInt(bound) + (rnd.nextInt(30) == 0 ? "z".repeat(30) : "");
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void maintainedFigureMatchesTheObjectGraph() {
        Random rnd = new Random(3);
        ZSetValue z = new ZSetValue(true);
        Set<String> transitions = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            String before = z.encoding();
            z = edit(z, rnd, step / 400 % 2 == 1);
            if (!before.equals(z.encoding())) {
                transitions.add(before + "->" + z.encoding());
            }
            assertEquals(RetainedHeap.of(z), z.heapBytes(), "step " + step + " " + z.encoding());
        }
        assertEquals(Set.of("listpack->skiplist", "skiplist->listpack"), transitions);
    }

    private static ZSetValue edit(ZSetValue z, Random rnd, boolean draining) {
        byte[] m = member(rnd, draining ? 30 : 200);
        double score = rnd.nextInt(50);
        int op = rnd.nextInt(12);
        if (op < (draining ? 2 : 6)) {
            if (z.contains(m)) {
                z.update(m, score + rnd.nextInt(2) * 0.5);
            } else {
                z.insert(m, score, MAX_ENTRIES, MAX_VALUE);
            }
        } else if (op < 8) {
            z.remove(m);
        } else if (op == 8) {
            z.pop(rnd.nextBoolean(), (member, s) -> { });
        } else if (op == 9) {
            long size = z.size();
            long start = rnd.nextLong(size);
            z.removeRankRange(start, Math.min(size - 1, start + rnd.nextInt(3)));
        } else if (op == 10) {
            double min = rnd.nextInt(50);
            z.removeRange(new ZSetScoreRange(min, false, min + rnd.nextInt(2), rnd.nextBoolean()));
            z.removeRange(ZSetLexRange.parse(b("[m1"), b("(m12")));
        } else if (rnd.nextBoolean()) {
            z.compactIfFits(MAX_ENTRIES, MAX_VALUE);
        } else {
            z = (ZSetValue) z.copy();
        }
        if (z.size() == 0) {
            z = new ZSetValue(rnd.nextBoolean());
            z.insert(m, score, MAX_ENTRIES, MAX_VALUE);
        }
        assertTrue(z.size() > 0);
        return z;
    }
}
