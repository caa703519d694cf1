package io.redjay.sets;

import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Builds sets in a chosen encoding and converts members between strings and bytes for the set tests. */
final class SetFixtures {
    /** Limits under which every set is a hashtable from its first member. */
    static final SetLimits HASHTABLE_ONLY = new SetLimits(0, 0, 0);

    static final List<String> ENCODINGS = List.of("intset", "listpack", "hashtable");

    private SetFixtures() {
    }

    static SetLimits limitsFor(String encoding) {
        return encoding.equals("hashtable") ? HASHTABLE_ONLY : SetLimits.DEFAULTS;
    }

    /** Members that keep a set of this encoding in it: integers, short strings, or a mix. */
    static List<String> members(String encoding, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(switch (encoding) {
                case "intset" -> Integer.toString(i * 7 - 20);
                case "listpack" -> "m" + i;
                default -> i % 2 == 0 ? Integer.toString(i) : "h" + i;
            });
        }
        return out;
    }

    static SetValue make(String encoding, List<String> members) {
        SetLimits limits = limitsFor(encoding);
        SetValue set = SetValue.create(b(members.get(0)), members.size(), limits);
        for (String m : members) {
            set.add(b(m), limits);
        }
        return set;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Set<String> contents(SetValue set) {
        Set<String> out = new TreeSet<>();
        set.forEachMember(m -> out.add(s(m)));
        return out;
    }

    static List<String> strings(List<byte[]> members) {
        List<String> out = new ArrayList<>();
        for (byte[] m : members) {
            out.add(s(m));
        }
        return out;
    }
}
