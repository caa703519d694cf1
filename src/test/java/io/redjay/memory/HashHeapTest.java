package io.redjay.memory;

import io.redjay.types.HashValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hash's maintained heap figure against the reflective walk after every step of seeded random edits: new fields,
 * overwrites with shorter and longer values, deletions, the conversion to a table by count, by a long value and up
 * front before a multi-pair write, table growth and shrinking (rehashes included), and copies in both forms.
 */
class HashHeapTest {
    private static final long MAX_ENTRIES = 10;
    private static final long MAX_VALUE = 20;
    private static final int STEPS = 5000;

    private static byte[] text(Random rnd, String prefix, int bound) {
        return (prefix + "y".repeat(rnd.nextInt(bound))).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void maintainedFigureMatchesTheObjectGraph() {
        Random rnd = new Random(5);
        HashValue hash = new HashValue();
        Set<String> seen = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            hash = edit(hash, rnd, step / 400 % 2 == 1);
            seen.add(hash.encoding());
            assertEquals(RetainedHeap.of(hash), hash.heapBytes(), "step " + step + " " + hash.encoding());
        }
        assertEquals(Set.of("listpack", "hashtable"), seen);
    }

    private static HashValue edit(HashValue hash, Random rnd, boolean draining) {
        byte[] field = ("f" + rnd.nextInt(draining ? 40 : 120)).getBytes(StandardCharsets.US_ASCII);
        int op = rnd.nextInt(10);
        if (op < (draining ? 2 : 6)) {
            hash.set(field, text(rnd, "v", rnd.nextInt(20) == 0 ? 40 : 12), MAX_ENTRIES, MAX_VALUE);
        } else if (op < 9) {
            hash.delete(field);
        } else if (rnd.nextBoolean()) {
            byte[][] args = {field, text(rnd, "w", 30)};
            hash.convertIfAnyLonger(args, 0, 1, MAX_VALUE);
            hash.set(args[0], args[1], MAX_ENTRIES, MAX_VALUE);
        } else if (!hash.isEmpty()) {
            hash = (HashValue) hash.copy();
        }
        if (hash.isEmpty()) {
            hash = new HashValue();
            assertTrue(hash.set(field, field, MAX_ENTRIES, MAX_VALUE));
        }
        return hash;
    }
}
