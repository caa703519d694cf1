package io.redjay.sets;

import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.redjay.sets.SetFixtures.b;
import static io.redjay.sets.SetFixtures.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-way conversions between set encodings, at Redis 7.2's thresholds. */
class SetConversionTest {
    private static final SetLimits LIMITS = new SetLimits(4, 3, 5);

    private static SetValue of(SetLimits limits, String... members) {
        SetValue set = SetValue.create(b(members[0]), 1, limits);
        for (String m : members) {
            set.add(b(m), limits);
        }
        return set;
    }

    @Test
    void intsetBecomesHashtablePastMaxIntsetEntries() {
        SetValue set = of(LIMITS, "1", "2", "3", "4");
        assertEquals("intset", set.encoding());
        set.add(b("5"), LIMITS);
        assertEquals("hashtable", set.encoding());
        assertEquals(5, set.size());
        assertTrue(set.contains(b("5")) && set.contains(b("1")));
    }

    @Test
    void nonIntegerTurnsASmallIntsetIntoAListpack() {
        SetValue set = of(LIMITS, "1", "2");
        set.add(b("abc"), LIMITS);
        assertEquals("listpack", set.encoding());
        assertEquals(List.of("1", "2", "abc"), List.copyOf(contents(set)));
    }

    @Test
    void nonIntegerTurnsAFullIntsetIntoAHashtable() {
        SetValue set = of(LIMITS, "1", "2", "3");
        set.add(b("abc"), LIMITS);
        assertEquals("hashtable", set.encoding(), "3 integers + 1 string exceed 3 listpack entries");
    }

    @Test
    void longValuesGoStraightToTheHashtable() {
        SetValue set = of(LIMITS, "1");
        set.add(b("abcdef"), LIMITS);
        assertEquals("hashtable", set.encoding(), "6 bytes exceed set-max-listpack-value 5");
        SetValue longNumber = of(LIMITS, "123456");
        longNumber.add(b("x"), LIMITS);
        assertEquals("hashtable", longNumber.encoding(), "the intset's widest number does not fit a listpack entry");
        assertEquals("hashtable", of(LIMITS, "abcdef").encoding());
    }

    @Test
    void listpackBecomesHashtablePastEntriesOrValueLength() {
        SetValue set = of(LIMITS, "a", "b", "c");
        assertEquals("listpack", set.encoding());
        set.add(b("d"), LIMITS);
        assertEquals("hashtable", set.encoding());
        SetValue other = of(LIMITS, "a");
        other.add(b("toolong"), LIMITS);
        assertEquals("hashtable", other.encoding());
        assertEquals(2, other.size());
    }

    @Test
    void integersInAListpackStayStrings() {
        SetValue set = of(LIMITS, "a", "1");
        assertEquals("listpack", set.encoding());
        assertTrue(set.contains(b("1")));
        set.remove(b("a"));
        assertEquals("listpack", set.encoding(), "conversions are one way");
    }

    @Test
    void conversionsAreOneWay() {
        SetValue set = of(LIMITS, "1", "2", "3", "4", "5");
        assertEquals("hashtable", set.encoding());
        set.remove(b("5"));
        set.remove(b("4"));
        assertEquals("hashtable", set.encoding());
    }

    @Test
    void createAndPrepareUseTheSizeHint() {
        assertEquals("intset", SetValue.create(b("1"), 4, LIMITS).encoding());
        assertEquals("listpack", SetValue.create(b("1"), 5, new SetLimits(4, 10, 5)).encoding());
        assertEquals("hashtable", SetValue.create(b("1"), 11, new SetLimits(4, 10, 5)).encoding());
        assertEquals("listpack", SetValue.create(b("a"), 3, LIMITS).encoding());
        assertEquals("hashtable", SetValue.create(b("a"), 4, LIMITS).encoding());
        SetValue set = of(LIMITS, "1");
        set.prepareFor(4, LIMITS);
        assertEquals("intset", set.encoding());
        set.prepareFor(5, LIMITS);
        assertEquals("hashtable", set.encoding());
        assertTrue(set.contains(b("1")));
    }

    @Test
    void everyMemberSurvivesEachConversion() {
        SetLimits limits = new SetLimits(50, 80, 10);
        SetValue set = SetValue.empty();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            set.add(b(Integer.toString(i * 1000)), limits);
            expected.add(Integer.toString(i * 1000));
        }
        assertEquals("intset", set.encoding());
        set.add(b("word"), limits);
        expected.add("word");
        assertEquals("listpack", set.encoding());
        for (int i = 0; i < 40; i++) {
            set.add(b("w" + i), limits);
            expected.add("w" + i);
        }
        assertEquals("hashtable", set.encoding());
        assertEquals(new java.util.TreeSet<>(expected), contents(set));
    }
}
