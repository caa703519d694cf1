package io.redjay.lists;

import io.redjay.types.ListValue;
import io.redjay.types.Quicklist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list structure on its own, in both encodings: every behaviour is run with a limit that keeps the list a single
 * "listpack" node (-2, 8 KB) and with one that forces a "quicklist" of many tiny nodes (2 or 3 entries per node),
 * so node boundaries are crossed by every operation. Conversion in both directions is tested separately.
 */
class QuicklistTest {
    private static final long LISTPACK = -2;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(Quicklist l) {
        List<String> out = new ArrayList<>();
        if (l.length() == 0) {
            return out;
        }
        Quicklist.Cursor c = l.at(0);
        do {
            out.add(new String(c.value(), StandardCharsets.UTF_8));
        } while (c.next());
        return out;
    }

    private static List<String> contentsBackwards(Quicklist l) {
        List<String> out = new ArrayList<>();
        Quicklist.Cursor c = l.at(-1);
        do {
            out.add(0, new String(c.value(), StandardCharsets.UTF_8));
        } while (c.prev());
        return out;
    }

    private static ListValue of(long fill, String... items) {
        ListValue l = new ListValue();
        for (String s : items) {
            l.pushTail(b(s), fill);
        }
        return l;
    }

    private static void assertEncoding(long fill, ListValue l) {
        assertEquals(fill == LISTPACK ? "listpack" : "quicklist", l.encoding());
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void pushAndPopAtBothEnds(long fill) {
        ListValue l = new ListValue();
        for (int i = 0; i < 10; i++) {
            l.pushTail(b("t" + i), fill);
            l.pushHead(b("h" + i), fill);
        }
        assertEncoding(fill, l);
        assertEquals(20, l.length());
        assertEquals("h9", new String(l.popHead(), StandardCharsets.UTF_8));
        assertEquals("t9", new String(l.popTail(), StandardCharsets.UTF_8));
        assertEquals(List.of("h8", "h7", "h6", "h5", "h4", "h3", "h2", "h1", "h0", "t0", "t1", "t2", "t3", "t4", "t5",
                "t6", "t7", "t8"), contents(l));
        assertEquals(contents(l), contentsBackwards(l));
        while (l.length() > 0) {
            l.popTail();
        }
        assertEquals(0, l.nodeCount());
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void indexFromBothEnds(long fill) {
        ListValue l = of(fill, "a", "b", "c", "d", "e", "f", "g");
        assertEquals("a", new String(l.at(0).value(), StandardCharsets.UTF_8));
        assertEquals("d", new String(l.at(3).value(), StandardCharsets.UTF_8));
        assertEquals("g", new String(l.at(-1).value(), StandardCharsets.UTF_8));
        assertEquals("b", new String(l.at(-6).value(), StandardCharsets.UTF_8));
        assertNull(l.at(7));
        assertNull(l.at(-8));
        assertNull(l.at(Long.MIN_VALUE));
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void insertBeforeAndAfter(long fill) {
        ListValue l = of(fill, "a", "b", "c", "d");
        l.insert(l.at(0), b("x"), false, fill);
        l.insert(l.at(-1), b("y"), true, fill);
        l.insert(l.at(2), b("z"), true, fill);
        l.insert(l.at(3), b("w"), false, fill);
        assertEquals(List.of("x", "a", "b", "w", "z", "c", "d", "y"), contents(l));
        assertEquals(contents(l), contentsBackwards(l));
        assertEquals(8, l.length());
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void setReplacesInPlaceWithAnyLength(long fill) {
        ListValue l = of(fill, "a", "b", "c", "d", "e");
        l.set(l.at(1), b("x".repeat(300)), fill);
        l.set(l.at(-1), b(""), fill);
        l.set(l.at(2), b("cc"), fill);
        assertEquals(List.of("a", "x".repeat(300), "cc", "d", ""), contents(l));
        l.set(l.at(1), b("short"), fill);
        assertEquals(List.of("a", "short", "cc", "d", ""), contents(l));
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void removeMatchingWithLimitsAndDirections(long fill) {
        ListValue l = of(fill, "a", "b", "a", "c", "a", "b", "a");
        assertEquals(2, l.removeMatching(b("a"), 2, false, fill));
        assertEquals(List.of("b", "c", "a", "b", "a"), contents(l));
        assertEquals(1, l.removeMatching(b("a"), 1, true, fill));
        assertEquals(List.of("b", "c", "a", "b"), contents(l));
        assertEquals(2, l.removeMatching(b("b"), 0, false, fill));
        assertEquals(0, l.removeMatching(b("zz"), 0, false, fill));
        assertEquals(List.of("c", "a"), contents(l));
        assertEquals(2, l.length());
        assertEquals(contents(l), contentsBackwards(l));
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void trimFromBothEnds(long fill) {
        ListValue l = of(fill, "1", "2", "3", "4", "5", "6", "7", "8", "9");
        l.removeHead(2);
        l.removeTail(3);
        assertEquals(List.of("3", "4", "5", "6"), contents(l));
        l.removeHead(4);
        assertEquals(0, l.length());
        assertEquals(0, l.nodeCount());
    }

    @ParameterizedTest
    @ValueSource(longs = {LISTPACK, 2, 3})
    void rangeWalksSequentiallyAcrossNodes(long fill) {
        ListValue l = new ListValue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            l.pushTail(b("v" + i), fill);
            expected.add("v" + i);
        }
        Quicklist.Cursor c = l.at(100);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            got.add(new String(c.buffer(), c.offset(), c.length(), StandardCharsets.UTF_8));
            c.next();
        }
        assertEquals(expected.subList(100, 500), got);
        if (fill != LISTPACK) {
            assertTrue(l.nodeCount() >= 200, "nodes: " + l.nodeCount());
        }
    }

    @Test
    void longElementsUseTheLongLengthForm() {
        ListValue l = of(LISTPACK, "a", "x".repeat(254), "y".repeat(255), "z".repeat(70_000), "b");
        assertEquals(List.of("a", "x".repeat(254), "y".repeat(255), "z".repeat(70_000), "b"), contents(l));
        assertEquals(contents(l), contentsBackwards(l));
    }

    @Test
    void countLimitConvertsToQuicklistAndBackAtHalf() {
        long fill = 4;
        ListValue l = of(fill, "1", "2", "3", "4");
        assertEquals("listpack", l.encoding());
        l.pushTail(b("5"), fill);
        assertEquals("quicklist", l.encoding());
        l.popTail();
        l.popTail();
        assertEquals("quicklist", l.encoding(), "3 entries is above half the limit");
        l.popTail();
        l.shrinking(fill);
        assertEquals("listpack", l.encoding());
        assertEquals(List.of("1", "2"), contents(l));
    }

    @Test
    void sizeLimitConvertsToQuicklistAndBackAtHalf() {
        long fill = -1;
        ListValue l = new ListValue();
        String item = "x".repeat(100);
        int n = 0;
        while ("listpack".equals(l.encoding())) {
            l.pushTail(b(item), fill);
            n++;
        }
        assertTrue(n > 35 && n < 42, "converted after " + n + " elements of 100 bytes with a 4 KB limit");
        while (l.nodeCount() > 1 || l.length() > 15) {
            l.popHead();
            l.shrinking(fill);
        }
        assertEquals("listpack", l.encoding());
    }

    @Test
    void oversizedElementWithCountLimitStartsAQuicklist() {
        ListValue l = new ListValue();
        l.pushTail(b("x".repeat(9000)), 128);
        assertEquals("quicklist", l.encoding());
        l.pushTail(b("y"), 128);
        assertEquals(2, l.nodeCount());
    }

    @Test
    void copyIsDeepAndKeepsTheEncoding() {
        ListValue l = of(2, "a", "b", "c");
        ListValue c = l.copy();
        assertNotSame(l, c);
        assertEquals("quicklist", c.encoding());
        c.pushTail(b("d"), 2);
        c.set(c.at(0), b("z"), 2);
        assertEquals(List.of("a", "b", "c"), contents(l));
        assertEquals(List.of("z", "b", "c", "d"), contents(c));
    }

    @Test
    void cursorReadsWithoutCopying() {
        ListValue l = of(LISTPACK, "hello");
        Quicklist.Cursor c = l.at(0);
        assertArrayEquals(b("hello"), Arrays.copyOfRange(c.buffer(), c.offset(), c.offset() + c.length()));
        assertTrue(c.valueEquals(b("hello")));
        assertFalse(c.valueEquals(b("hell")));
        assertFalse(c.next());
    }
}
