package io.redjay.memory;

import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A set's maintained heap figure against the reflective walk after every step of seeded random edits: adds of
 * integers and strings of several lengths (intset to listpack to hashtable), removals, single and counted random pops
 * (the counted pop that keeps few members rebuilds the set, which is how a set returns to a compact form), the
 * up-front conversion before a bulk add, and copies.
 */
class SetHeapTest {
    private static final SetLimits LIMITS = new SetLimits(24, 12, 16);
    private static final int STEPS = 4000;

    private static byte[] member(Random rnd) {
        int r = rnd.nextInt(10);
        String s;
        if (r < 5) {
            s = Long.toString(rnd.nextInt(60) - 20);
        } else if (r < 6) {
            s = Long.toString(rnd.nextLong());
        } else if (r < 9) {
            s = "m" + rnd.nextInt(80);
        } else {
            s = "long-member-" + "x".repeat(rnd.nextInt(40)) + rnd.nextInt(10);
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void maintainedFigureMatchesTheObjectGraph() {
        Random rnd = new Random(11);
        SetValue set = null;
        Set<String> transitions = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            String before = set == null ? "none" : set.encoding();
            set = edit(set, rnd, step / 300 % 2 == 1);
            String after = set == null ? "none" : set.encoding();
            if (!before.equals(after)) {
                transitions.add(before + "->" + after);
            }
            if (set != null) {
                assertEquals(RetainedHeap.of(set), set.heapBytes(), "step " + step + " " + after);
            }
        }
        for (String t : new String[] {"intset->listpack", "listpack->hashtable", "intset->hashtable",
                "hashtable->intset", "hashtable->listpack"}) {
            assertTrue(transitions.contains(t), t + " not in " + transitions);
        }
    }

    /** One edit; returns the set, a new one, or null when it became empty (the server deletes the key). */
    private static SetValue edit(SetValue set, Random rnd, boolean draining) {
        if (set == null) {
            byte[] first = member(rnd);
            set = SetValue.create(first, 1 + rnd.nextInt(3), LIMITS);
            set.add(first, LIMITS);
            return set;
        }
        int op = rnd.nextInt(10);
        if (draining && op < 5) {
            set.remove(member(rnd));
        } else if (op < 5) {
            set.add(member(rnd), LIMITS);
        } else if (op == 5) {
            set.remove(member(rnd));
        } else if (op == 6) {
            set.popRandom();
        } else if (op == 7 && set.size() > 1) {
            set.popRandom(1 + rnd.nextInt((int) set.size() - 1), LIMITS);
        } else if (op == 8) {
            set.prepareFor(rnd.nextInt(30), LIMITS);
        } else {
            set = (SetValue) set.copy();
        }
        return set.size() == 0 ? null : set;
    }
}
