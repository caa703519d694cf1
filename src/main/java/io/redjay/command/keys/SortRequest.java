package io.redjay.command.keys;

import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.types.Numbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of one SORT or SORT_RO call, parsed left to right as Redis does: a later ASC/DESC, LIMIT, BY or STORE
 * overrides an earlier one, GET patterns accumulate in order, and an option missing its arguments is a plain syntax
 * error (so is STORE for SORT_RO, which does not know the word). A BY pattern without {@code *} means "do not sort":
 * the elements keep the key's own order.
 */
final class SortRequest {
    boolean desc;
    boolean alpha;
    long limitStart;
    long limitCount = -1;
    byte[] by;
    boolean dontSort;
    byte[] storeKey;
    final List<byte[]> gets = new ArrayList<>();

    private SortRequest() {
    }

    /** The parsed options; raises the syntax or integer error. */
    static SortRequest parse(byte[][] argv, boolean readonly) {
        SortRequest r = new SortRequest();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Text.is(a, "asc")) {
                r.desc = false;
            } else if (Text.is(a, "desc")) {
                r.desc = true;
            } else if (Text.is(a, "alpha")) {
                r.alpha = true;
            } else if (Text.is(a, "limit") && left >= 2) {
                if (!Numbers.isValidLong(argv[j + 1]) || !Numbers.isValidLong(argv[j + 2])) {
                    throw CommandError.NOT_INTEGER;
                }
                r.limitStart = Numbers.parseLong(argv[j + 1]);
                r.limitCount = Numbers.parseLong(argv[j + 2]);
                j += 2;
            } else if (!readonly && Text.is(a, "store") && left >= 1) {
                r.storeKey = argv[++j];
            } else if (Text.is(a, "by") && left >= 1) {
                r.by = argv[++j];
                r.dontSort = !SortPattern.hasStar(r.by);
            } else if (Text.is(a, "get") && left >= 1) {
                r.gets.add(argv[++j]);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        return r;
    }

    /**
     * SORT's key positions (COMMAND GETKEYS, ACL, cluster routing): the sorted key and the argument after the last
     * STORE, skipping the arguments of LIMIT, GET and BY the way Redis's own key extractor does.
     */
    static int[] sortKeys(byte[][] argv) {
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            if (Text.is(argv[i], "limit")) {
                i += 2;
            } else if (Text.is(argv[i], "get") || Text.is(argv[i], "by")) {
                i += 1;
            } else if (Text.is(argv[i], "store") && i + 1 < argv.length) {
                store = i + 1;
            }
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    /** SORT_RO reads only the sorted key. */
    static int[] sortRoKeys(byte[][] argv) {
        return new int[] {1};
    }
}
