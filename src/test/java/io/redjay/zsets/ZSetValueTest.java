package io.redjay.zsets;

import io.redjay.types.ZSetLexRange;
import io.redjay.types.ZSetScoreRange;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation of the sorted set value, run once on the listpack form and once on the skiplist form. */
class ZSetValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ZSetValue set(boolean compact, Object... pairs) {
        ZSetValue z = new ZSetValue(compact);
        for (int i = 0; i < pairs.length; i += 2) {
            z.insert(b((String) pairs[i + 1]), ((Number) pairs[i]).doubleValue(), 128, 64);
        }
        assertEquals(compact ? "listpack" : "skiplist", z.encoding());
        return z;
    }

    private static List<String> members(ZSetValue z) {
        List<String> out = new ArrayList<>();
        z.forEach((m, s) -> out.add(new String(m, StandardCharsets.UTF_8)));
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void ordersByScoreThenMember(boolean compact) {
        ZSetValue z = set(compact, 2, "b", 1, "z", 2, "a", -1.5, "neg");
        assertEquals(List.of("neg", "z", "a", "b"), members(z));
        assertEquals(4, z.size());
        assertEquals(2.0, z.score(b("a")));
        assertTrue(Double.isNaN(z.score(b("nope"))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void updateMovesAndRankFollows(boolean compact) {
        ZSetValue z = set(compact, 1, "a", 2, "b", 3, "c");
        z.update(b("a"), 10);
        assertEquals(List.of("b", "c", "a"), members(z));
        assertEquals(2, z.rank(b("a"), false));
        assertEquals(0, z.rank(b("a"), true));
        assertEquals(-1, z.rank(b("x"), false));
        z.update(b("b"), 2.5);
        assertEquals(2.5, z.score(b("b")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void removeAndPop(boolean compact) {
        ZSetValue z = set(compact, 1, "a", 2, "b", 3, "c");
        assertTrue(z.remove(b("b")));
        assertFalse(z.remove(b("b")));
        List<String> popped = new ArrayList<>();
        z.pop(true, (m, s) -> popped.add(new String(m, StandardCharsets.UTF_8) + s));
        z.pop(false, (m, s) -> popped.add(new String(m, StandardCharsets.UTF_8) + s));
        assertEquals(List.of("c3.0", "a1.0"), popped);
        assertEquals(0, z.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void scoreRangesWithOffsetsAndExclusiveEnds(boolean compact) {
        ZSetValue z = set(compact, 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
        List<String> out = new ArrayList<>();
        ZSetScoreRange r = new ZSetScoreRange(1, true, 4, false);
        assertEquals(3, z.rangeByScore(r, 0, -1, false, (m, s) -> out.add(new String(m))));
        assertEquals(List.of("b", "c", "d"), out);
        out.clear();
        assertEquals(2, z.rangeByScore(r, 1, 2, true, (m, s) -> out.add(new String(m))));
        assertEquals(List.of("c", "b"), out);
        assertEquals(0, z.rangeByScore(r, -1, 5, false, (m, s) -> out.add(new String(m))));
        assertEquals(3, z.count(r));
        assertEquals(0, z.count(new ZSetScoreRange(3, true, 3, false)));
        assertEquals(5, z.count(new ZSetScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY,
                false)));
        assertEquals(3, z.removeRange(r));
        assertEquals(List.of("a", "e"), members(z));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lexRanges(boolean compact) {
        ZSetValue z = set(compact, 0, "a", 0, "b", 0, "c", 0, "d", 0, "");
        List<String> out = new ArrayList<>();
        ZSetLexRange r = ZSetLexRange.parse(b("(a"), b("[c"));
        z.rangeByLex(r, 0, -1, false, (m, s) -> out.add(new String(m)));
        assertEquals(List.of("b", "c"), out);
        assertEquals(5, z.count(ZSetLexRange.parse(b("-"), b("+"))));
        assertEquals(0, z.count(ZSetLexRange.parse(b("+"), b("-"))));
        assertEquals(1, z.count(ZSetLexRange.parse(b("-"), b("["))));
        assertEquals(0, z.count(ZSetLexRange.parse(b("-"), b("("))));
        assertEquals(null, ZSetLexRange.parse(b("a"), b("+")));
        assertEquals(2, z.removeRange(r));
        assertEquals(List.of("", "a", "d"), members(z));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rankRanges(boolean compact) {
        ZSetValue z = set(compact, 1, "a", 2, "b", 3, "c", 4, "d");
        List<String> out = new ArrayList<>();
        z.rangeByRank(1, 2, false, (m, s) -> out.add(new String(m)));
        z.rangeByRank(0, 1, true, (m, s) -> out.add(new String(m)));
        assertEquals(List.of("b", "c", "d", "c"), out);
        assertEquals(2, z.removeRankRange(1, 2));
        assertEquals(List.of("a", "d"), members(z));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void copyIsDeepAndKeepsEncoding(boolean compact) {
        ZSetValue z = set(compact, 1, "a", 2, "b");
        ZSetValue c = (ZSetValue) z.copy();
        assertNotSame(z, c);
        c.insert(b("x"), 9, 128, 64);
        c.update(b("a"), 5);
        assertEquals(List.of("a", "b"), members(z));
        assertEquals(1.0, z.score(b("a")));
        assertEquals(z.encoding(), c.encoding());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void negativeZeroIsKeptOnlyByTheSkiplist(boolean compact) {
        ZSetValue z = set(compact, -0.0, "a");
        double s = z.score(b("a"));
        assertEquals(compact ? 0.0 : -0.0, s);
    }

    @org.junit.jupiter.api.Test
    void convertsPastEntryAndValueLimits() {
        ZSetValue z = new ZSetValue(true);
        for (int i = 0; i < 3; i++) {
            z.insert(b("m" + i), i, 3, 64);
        }
        assertEquals("listpack", z.encoding());
        z.insert(b("m3"), 3, 3, 64);
        assertEquals("skiplist", z.encoding());
        assertEquals(List.of("m0", "m1", "m2", "m3"), members(z));
        ZSetValue w = new ZSetValue(true);
        w.insert(b("short"), 1, 128, 8);
        w.insert(b("much-longer-member"), 2, 128, 8);
        assertEquals("skiplist", w.encoding());
        w.remove(b("much-longer-member"));
        w.compactIfFits(128, 8);
        assertEquals("listpack", w.encoding());
        assertTrue(ZSetValue.startsCompact(128, 64, b("x")));
        assertFalse(ZSetValue.startsCompact(0, 64, b("x")));
        assertFalse(ZSetValue.startsCompact(128, 2, b("xyz")));
    }
}
