package io.redjay.hashes;

import io.redjay.types.Digest;
import io.redjay.types.HashRandom;
import io.redjay.types.HashValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HashValue} on its own, every behaviour on both encodings: a hash built with generous thresholds stays
 * compact ("listpack"), one built with an entry limit of 0 turns into a table on the first insert ("hashtable").
 */
class HashValueTest {
    private static final long BIG = 1 << 20;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A hash in the requested encoding, holding the given (at least one) pairs. */
    private static HashValue hash(boolean packed, String... pairs) {
        HashValue h = new HashValue();
        for (int i = 0; i < pairs.length; i += 2) {
            h.set(b(pairs[i]), b(pairs[i + 1]), packed ? BIG : 0, BIG);
        }
        assertEquals(packed ? "listpack" : "hashtable", h.encoding());
        return h;
    }

    private static long max(boolean packed) {
        return packed ? BIG : 0;
    }

    private static List<String> flat(HashValue h) {
        List<String> out = new ArrayList<>();
        h.forEach((f, fo, fl, v, vo, vl) -> {
            out.add(new String(f, fo, fl, StandardCharsets.ISO_8859_1));
            out.add(new String(v, vo, vl, StandardCharsets.ISO_8859_1));
        });
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void setGetExistsAndLength(boolean packed) {
        HashValue h = hash(packed, "a", "1", "bb", "22", "", "empty-field", "e", "");
        assertEquals(4, h.size());
        assertEquals("hash", h.typeName());
        assertEquals("1", s(h.get(b("a"))));
        assertEquals("empty-field", s(h.get(b(""))));
        assertEquals("", s(h.get(b("e"))));
        assertNull(h.get(b("missing")));
        assertTrue(h.exists(b("bb")));
        assertFalse(h.exists(b("b")));
        assertEquals(2, h.valueLength(b("bb")));
        assertEquals(0, h.valueLength(b("e")));
        assertEquals(0, h.valueLength(b("missing")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void setReportsNewFieldsAndOverwrites(boolean packed) {
        HashValue h = hash(packed, "a", "1");
        assertFalse(h.set(b("a"), b("a much longer value"), max(packed), BIG));
        assertTrue(h.set(b("b"), b("2"), max(packed), BIG));
        assertFalse(h.set(b("a"), b(""), max(packed), BIG));
        assertEquals("", s(h.get(b("a"))));
        assertEquals(2, h.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void deleteRemovesOnlyThatField(boolean packed) {
        HashValue h = hash(packed, "a", "1", "b", "2", "c", "3");
        assertTrue(h.delete(b("b")));
        assertFalse(h.delete(b("b")));
        assertFalse(h.delete(b("zz")));
        assertEquals(2, h.size());
        assertNull(h.get(b("b")));
        assertEquals("3", s(h.get(b("c"))));
        assertTrue(h.delete(b("a")));
        assertTrue(h.delete(b("c")));
        assertEquals(0, h.size());
    }

    @Test
    void compactFormKeepsInsertionOrderAndUpdatesInPlace() {
        HashValue h = hash(true, "z", "1", "a", "2", "m", "3");
        h.set(b("a"), b("20"), BIG, BIG);
        h.delete(b("z"));
        h.set(b("z"), b("9"), BIG, BIG);
        assertEquals(List.of("a", "20", "m", "3", "z", "9"), flat(h));
        byte[][] pairs = h.pairs();
        assertEquals(6, pairs.length);
        assertEquals("a", s(pairs[0]));
        assertEquals("9", s(pairs[5]));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void forEachAndPairsSeeEveryPairOnce(boolean packed) {
        HashValue h = new HashValue();
        for (int i = 0; i < 300; i++) {
            h.set(b("f" + i), b("v" + i), packed ? BIG : 0, BIG);
        }
        List<String> flat = flat(h);
        assertEquals(600, flat.size());
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < flat.size(); i += 2) {
            assertTrue(fields.add(flat.get(i)));
            assertEquals("v" + flat.get(i).substring(1), flat.get(i + 1));
        }
        assertEquals(300, h.pairs().length / 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 16383, 16384, 70000})
    void compactFormHandlesEveryLengthPrefixSize(int len) {
        HashValue h = new HashValue();
        byte[] field = new byte[len];
        byte[] value = new byte[len + 1];
        Arrays.fill(field, (byte) 'f');
        Arrays.fill(value, (byte) 0xff);
        h.set(b("first"), b("1"), BIG, BIG);
        h.set(field, value, BIG, BIG);
        h.set(b("last"), b("2"), BIG, BIG);
        assertEquals("listpack", h.encoding());
        assertArrayEquals(value, h.get(field));
        assertEquals(len + 1, h.valueLength(field));
        assertEquals("2", s(h.get(b("last"))));
        assertTrue(h.delete(field));
        assertEquals(List.of("first", "1", "last", "2"), flat(h));
    }

    @Test
    void convertsWhenEntriesExceedTheLimit() {
        HashValue h = new HashValue();
        for (int i = 1; i <= 4; i++) {
            h.set(b("f" + i), b("v"), 4, 64);
            assertEquals("listpack", h.encoding());
        }
        h.set(b("f1"), b("updated"), 4, 64);
        assertEquals("listpack", h.encoding());
        h.set(b("f5"), b("v"), 4, 64);
        assertEquals("hashtable", h.encoding());
        assertEquals(5, h.size());
        assertEquals("updated", s(h.get(b("f1"))));
        h.delete(b("f5"));
        h.delete(b("f4"));
        assertEquals("hashtable", h.encoding(), "conversion is one-way");
    }

    @Test
    void convertsWhenAValueOrFieldIsTooLong() {
        HashValue v = hash(true, "a", "1");
        v.set(b("b"), b("x".repeat(64)), BIG, 64);
        assertEquals("listpack", v.encoding());
        v.set(b("c"), b("x".repeat(65)), BIG, 64);
        assertEquals("hashtable", v.encoding());
        assertEquals("1", s(v.get(b("a"))));

        HashValue f = hash(true, "a", "1");
        f.set(b("y".repeat(65)), b("1"), BIG, 64);
        assertEquals("hashtable", f.encoding());

        HashValue update = hash(true, "a", "1");
        update.set(b("a"), b("z".repeat(65)), BIG, 64);
        assertEquals("hashtable", update.encoding());
        assertEquals(1, update.size());
    }

    @Test
    void convertIfAnyLongerLooksAtEveryArgument() {
        HashValue h = hash(true, "a", "1");
        byte[][] argv = {b("hset"), b("k"), b("f"), b("short"), b("g"), b("x".repeat(10))};
        h.convertIfAnyLonger(argv, 2, 5, 10);
        assertEquals("listpack", h.encoding());
        h.convertIfAnyLonger(argv, 2, 5, 9);
        assertEquals("hashtable", h.encoding());
        assertEquals("1", s(h.get(b("a"))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void copyIsIndependentAndKeepsEncoding(boolean packed) {
        HashValue h = hash(packed, "a", "1", "b", "2");
        HashValue c = (HashValue) h.copy();
        assertEquals(h.encoding(), c.encoding());
        c.set(b("a"), b("changed"), max(packed), BIG);
        c.delete(b("b"));
        h.set(b("c"), b("3"), max(packed), BIG);
        assertEquals("1", s(h.get(b("a"))));
        assertEquals("2", s(h.get(b("b"))));
        assertEquals("changed", s(c.get(b("a"))));
        assertNull(c.get(b("c")));
    }

    @Test
    void digestDoesNotDependOnEncodingOrOrder() {
        HashValue a = hash(true, "a", "1", "b", "2", "c", "3");
        HashValue t = hash(false, "c", "3", "a", "1", "b", "2");
        Digest da = new Digest();
        a.digestInto(da);
        Digest dt = new Digest();
        t.digestInto(dt);
        assertEquals(da.hex(), dt.hex());
        t.set(b("c"), b("4"), 0, BIG);
        Digest changed = new Digest();
        t.digestInto(changed);
        assertNotEquals(da.hex(), changed.hex());
    }

    @Test
    void tableScanSurvivesResizesBetweenCalls() {
        HashValue h = new HashValue();
        for (int i = 0; i < 100; i++) {
            h.set(b("orig" + i), b("v"), 0, BIG);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = h.scan(cursor, (f, fo, fl, v, vo, vl) -> seen.add(new String(f, fo, fl,
                    StandardCharsets.ISO_8859_1)));
            if (step < 8) {
                for (int i = 0; i < 100; i++) {
                    h.set(b("new" + step + "_" + i), b("v"), 0, BIG);
                }
            } else if (step < 12) {
                for (int i = 0; i < 100; i++) {
                    h.delete(b("new" + (step - 8) + "_" + i));
                }
            }
            step++;
        } while (cursor != 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.contains("orig" + i), "missed orig" + i);
        }
    }

    @Test
    void compactScanReturnsEverythingWithCursorZero() {
        HashValue h = hash(true, "a", "1", "b", "2");
        List<String> seen = new ArrayList<>();
        long next = h.scan(12345, (f, fo, fl, v, vo, vl) -> seen.add(new String(f, fo, fl,
                StandardCharsets.ISO_8859_1)));
        assertEquals(0, next);
        assertEquals(List.of("a", "b"), seen);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void randomPairIsAPairOfTheHash(boolean packed) {
        HashValue h = hash(packed, "a", "1", "b", "2", "c", "3");
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            byte[][] p = h.randomPair();
            assertEquals(s(h.get(p[0])), s(p[1]));
            drawn.add(s(p[0]));
        }
        assertEquals(Set.of("a", "b", "c"), drawn);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void distinctRandomPairsAreDistinctForEveryStrategy(boolean packed) {
        HashValue h = new HashValue();
        for (int i = 0; i < 60; i++) {
            h.set(b("f" + i), b("v" + i), packed ? BIG : 0, BIG);
        }
        for (int count : new int[] {1, 5, 19, 21, 40, 59}) {
            byte[][] pairs = HashRandom.distinct(h, count);
            assertEquals(count * 2, pairs.length);
            Set<String> fields = new HashSet<>();
            for (int i = 0; i < pairs.length; i += 2) {
                assertTrue(fields.add(s(pairs[i])), "repeated " + s(pairs[i]));
                assertEquals("v" + s(pairs[i]).substring(1), s(pairs[i + 1]));
            }
        }
    }
}
