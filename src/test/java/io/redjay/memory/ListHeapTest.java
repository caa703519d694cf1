package io.redjay.memory;

import io.redjay.types.ListValue;
import io.redjay.types.Quicklist;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list's maintained heap figure against the reflective walk after every step of seeded random edits through the
 * public mutators: pushes and pops at both ends, positional inserts and replacements (which split nodes), range trims,
 * removals by value (which merge nodes), copies, and the conversions listpack to quicklist and back. Element sizes
 * straddle the listpack's one-byte length limit and include a few kilobyte-sized values that force regrowth.
 */
class ListHeapTest {
    private static final int STEPS = 3000;

    private static byte[] element(Random rnd) {
        int r = rnd.nextInt(100);
        int len = r < 70 ? rnd.nextInt(12) : r < 95 ? 240 + rnd.nextInt(30) : 1000 + rnd.nextInt(3000);
        byte[] v = new byte[len];
        for (int i = 0; i < len; i++) {
            v[i] = (byte) ('a' + rnd.nextInt(3));
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -2, 5, 40})
    void maintainedFigureMatchesTheObjectGraph(long fill) {
        Random rnd = new Random(fill * 31 + 7);
        ListValue list = new ListValue();
        Set<String> transitions = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            String before = list.encoding();
            boolean draining = step / 250 % 2 == 1;
            list = draining && rnd.nextInt(10) < 7 ? drain(list, rnd, fill) : edit(list, rnd, fill);
            if (!before.equals(list.encoding())) {
                transitions.add(before + "->" + list.encoding());
            }
            assertEquals(RetainedHeap.of(list), list.heapBytes(), "step " + step + " fill " + fill);
        }
        assertTrue(transitions.contains("listpack->quicklist") && transitions.contains("quicklist->listpack"),
                transitions.toString());
    }

    /** The phases that empty the list, so that it also converts back. */
    private static ListValue drain(ListValue list, Random rnd, long fill) {
        if (list.length() > 0) {
            if (rnd.nextBoolean()) {
                list.dropHead();
            } else {
                list.popTail();
            }
        }
        list.shrinking(fill);
        return list;
    }

    private static ListValue edit(ListValue list, Random rnd, long fill) {
        int op = rnd.nextInt(list.length() > 150 ? 13 : 20);
        switch (op) {
            case 0, 1, 2, 13, 14, 15 -> list.pushHead(element(rnd), fill);
            case 3, 4, 16, 17, 18, 19 -> list.pushTail(element(rnd), fill);
            case 5 -> {
                if (list.length() > 0) {
                    Quicklist.Cursor c = list.at(rnd.nextLong(list.length()));
                    list.insert(c, element(rnd), rnd.nextBoolean(), fill);
                }
            }
            case 6 -> {
                if (list.length() > 0) {
                    list.set(list.at(rnd.nextLong(list.length())), element(rnd), fill);
                }
            }
            case 7 -> {
                if (list.length() > 0) {
                    if (rnd.nextBoolean()) {
                        list.popHead();
                    } else {
                        list.dropTail();
                    }
                }
            }
            case 8 -> list.removeHead(rnd.nextInt(1 + (int) list.length() / 2));
            case 9 -> list.removeTail(rnd.nextInt(1 + (int) list.length() / 2));
            case 10 -> list.removeMatching(element(rnd), rnd.nextInt(3), rnd.nextBoolean(), fill);
            case 11 -> {
                if (list.length() > 0) {
                    list = list.copy();
                }
            }
            default -> {
                if (list.length() > 0) {
                    list.set(list.at(0), new byte[rnd.nextInt(5)], fill);
                }
            }
        }
        list.shrinking(fill);
        return list;
    }
}
