package io.redjay.sets;

import io.redjay.types.Digest;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.redjay.sets.SetFixtures.b;
import static io.redjay.sets.SetFixtures.contents;
import static io.redjay.sets.SetFixtures.make;
import static io.redjay.sets.SetFixtures.members;
import static io.redjay.sets.SetFixtures.s;
import static io.redjay.sets.SetFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every behaviour of the set value on each of its three encodings. */
class SetValueTest {
    static List<String> encodings() {
        return SetFixtures.ENCODINGS;
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void keepsItsEncodingWhileSmall(String enc) {
        assertEquals(enc, make(enc, members(enc, 20)).encoding());
        assertEquals("set", make(enc, members(enc, 1)).typeName());
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void addContainsRemoveAndSize(String enc) {
        List<String> ms = members(enc, 30);
        SetValue set = make(enc, ms);
        SetLimits limits = SetFixtures.limitsFor(enc);
        assertEquals(30, set.size());
        for (String m : ms) {
            assertTrue(set.contains(b(m)), m);
            assertFalse(set.add(b(m), limits), "duplicate " + m);
        }
        assertFalse(set.contains(b("absent")));
        assertFalse(set.remove(b("absent")));
        assertTrue(set.remove(b(ms.get(3))));
        assertFalse(set.remove(b(ms.get(3))));
        assertFalse(set.contains(b(ms.get(3))));
        assertEquals(29, set.size());
        assertEquals(enc, set.encoding());
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void membersCompareByteForByte(String enc) {
        SetValue set = make(enc, members(enc, 3));
        set.add(b("5"), SetFixtures.limitsFor(enc));
        assertTrue(set.contains(b("5")));
        assertFalse(set.contains(b("05")));
        assertFalse(set.contains(b("+5")));
        assertFalse(set.contains(b(" 5")));
        assertFalse(set.contains(b("5.0")));
    }

    @Test
    void intsetIteratesInAscendingOrderAndHoldsTheExtremes() {
        SetValue set = make("intset", List.of("3", "-1", "9223372036854775807", "-9223372036854775808", "0"));
        assertEquals("intset", set.encoding());
        assertEquals(List.of("-9223372036854775808", "-1", "0", "3", "9223372036854775807"), strings(set.members()));
        assertTrue(set.contains(b("-9223372036854775808")));
        assertFalse(set.contains(b("9223372036854775808")));
        assertFalse(set.contains(b("-0")));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void randomReturnsMembersWithoutRemoving(String enc) {
        List<String> ms = members(enc, 10);
        SetValue set = make(enc, ms);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(s(set.random()));
        }
        assertEquals(new HashSet<>(ms), seen);
        assertEquals(10, set.size());
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void popRandomRemovesWhatItReturns(String enc) {
        List<String> ms = members(enc, 12);
        SetValue set = make(enc, ms);
        Set<String> popped = new HashSet<>();
        while (set.size() > 0) {
            String m = s(set.popRandom());
            assertTrue(popped.add(m), "popped twice: " + m);
            assertFalse(set.contains(b(m)));
        }
        assertEquals(new HashSet<>(ms), popped);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void popManyWithBothStrategies(String enc) {
        for (int count : new int[] {2, 17}) {
            List<String> ms = members(enc, 20);
            SetValue set = make(enc, ms);
            List<String> popped = strings(set.popRandom(count, SetFixtures.limitsFor(enc)));
            assertEquals(count, popped.size());
            assertEquals(count, new HashSet<>(popped).size());
            assertEquals(20 - count, set.size());
            Set<String> union = new TreeSet<>(popped);
            union.addAll(contents(set));
            assertEquals(new TreeSet<>(ms), union);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void randomDistinctWithBothStrategies(String enc) {
        List<String> ms = members(enc, 40);
        SetValue set = make(enc, ms);
        for (int count : new int[] {3, 30, 39}) {
            List<String> picked = strings(set.randomDistinct(count));
            assertEquals(count, picked.size());
            assertEquals(count, new HashSet<>(picked).size());
            assertTrue(ms.containsAll(picked));
        }
        assertEquals(40, set.size());
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void forEachStopsWhenTheVisitorSaysSo(String enc) {
        SetValue set = make(enc, members(enc, 50));
        int[] visits = {0};
        assertFalse(set.forEach(m -> ++visits[0] < 5));
        assertEquals(5, visits[0]);
        visits[0] = 0;
        assertTrue(set.forEach(m -> ++visits[0] > 0));
        assertEquals(50, visits[0]);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void scanCoversEveryMember(String enc) {
        List<String> ms = members(enc, 60);
        SetValue set = make(enc, ms);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = set.scan(cursor, 5, m -> seen.add(s(m)));
            calls++;
        } while (cursor != 0);
        assertEquals(new HashSet<>(ms), seen);
        if (enc.equals("hashtable")) {
            assertTrue(calls > 1, "a hashtable is scanned in steps");
        } else {
            assertEquals(1, calls, "a compact set is returned in one call");
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void copyIsDeepAndKeepsTheEncoding(String enc) {
        List<String> ms = members(enc, 10);
        SetValue set = make(enc, ms);
        SetValue copy = (SetValue) set.copy();
        assertNotSame(set, copy);
        assertEquals(enc, copy.encoding());
        assertEquals(contents(set), contents(copy));
        copy.remove(b(ms.get(0)));
        copy.add(b(enc.equals("intset") ? "123456" : "new"), SetFixtures.limitsFor(enc));
        assertTrue(set.contains(b(ms.get(0))));
        assertEquals(10, set.size());
        assertEquals(10, copy.size());
    }

    @Test
    void digestDoesNotDependOnEncodingOrOrder() {
        List<String> ms = List.of("1", "2", "3", "40", "-5");
        List<String> reversed = new ArrayList<>(ms);
        java.util.Collections.reverse(reversed);
        String intset = digest(make("intset", ms));
        assertEquals(intset, digest(make("hashtable", reversed)));
        SetValue listpack = make("listpack", List.of("x", "y"));
        SetValue ht = make("hashtable", List.of("y", "x"));
        assertEquals("listpack", listpack.encoding());
        assertEquals(digest(listpack), digest(ht));
    }

    private static String digest(SetValue set) {
        Digest d = new Digest();
        set.digestInto(d);
        return d.hex();
    }

    @Test
    void emptyResultSetStartsAsIntset() {
        SetValue set = SetValue.empty();
        assertEquals(0, set.size());
        assertEquals("intset", set.encoding());
        set.add(b("7"), SetLimits.DEFAULTS);
        assertEquals("intset", set.encoding());
        set.add(b("seven"), SetLimits.DEFAULTS);
        assertEquals("listpack", set.encoding());
    }
}
