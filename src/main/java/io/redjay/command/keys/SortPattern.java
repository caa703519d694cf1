package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.types.HashValue;

/**
 * The key patterns of SORT's BY and GET options: {@code weight_*} names a string key built by putting the element in
 * place of the first {@code *}, {@code obj_*->field} names a field of a hash key built the same way, and a lone
 * {@code #} stands for the element itself. Redis scans the pattern as a C string, so the {@code *} and the
 * {@code ->} are searched for only before the first NUL byte while the lengths still cover the whole argument; this
 * class keeps that quirk so a pattern means the same key here as there. A key of the wrong type or a missing field
 * reads as absent (null), never as an error.
 */
final class SortPattern {
    private SortPattern() {
    }

    /** True when the pattern names one key per element; without a {@code *} it is a constant (BY nosort). */
    static boolean hasStar(byte[] pattern) {
        return star(pattern) >= 0;
    }

    /** The value the pattern names for {@code element}, or null when there is none. */
    static byte[] lookup(CommandContext ctx, byte[] pattern, byte[] element) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return element;
        }
        int star = star(pattern);
        if (star < 0) {
            return null;
        }
        int arrow = arrow(pattern, star + 1);
        boolean field = arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0;
        int postfixEnd = field ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + postfixEnd - star - 1];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfixEnd - star - 1);
        if (!field) {
            return ctx.readIfType(key, byte[].class);
        }
        HashValue hash = ctx.readIfType(key, HashValue.class);
        if (hash == null) {
            return null;
        }
        byte[] name = new byte[pattern.length - arrow - 2];
        System.arraycopy(pattern, arrow + 2, name, 0, name.length);
        return hash.get(name);
    }

    /** Where the C string ends: the first NUL byte, or the length. */
    private static int cEnd(byte[] s) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                return i;
            }
        }
        return s.length;
    }

    private static int star(byte[] pattern) {
        int end = cEnd(pattern);
        for (int i = 0; i < end; i++) {
            if (pattern[i] == '*') {
                return i;
            }
        }
        return -1;
    }

    private static int arrow(byte[] pattern, int from) {
        int end = cEnd(pattern);
        for (int i = from; i + 1 < end; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                return i;
            }
        }
        return -1;
    }
}
