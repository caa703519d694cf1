package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Aggregate;
import io.redjay.types.ListValue;
import io.redjay.types.Numbers;
import io.redjay.types.Quicklist;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SORT and SORT_RO, following Redis's {@code sort.c} in the steps a client can observe. The options are parsed first
 * (errors before the key is even looked up), then the elements of the list, set or sorted set are loaded, weighted
 * (by their own value, or by the keys a BY pattern names), sorted and written out through the GET patterns, or stored
 * as a list. The LIMIT window is clamped exactly like Redis's, because its edge cases (negative offsets, a zero count,
 * an offset past the end) are part of the reply. With a constant BY pattern nothing is sorted: lists and sorted sets
 * keep their own order (reversed by DESC) and only the LIMIT window is read, while a set with STORE is sorted
 * alphabetically anyway so that the stored list does not depend on hash table order. A numeric sort whose weights are
 * not all numbers still sorts nothing useful and answers the conversion error instead.
 *
 * <p>SORT with STORE propagates verbatim when it stored a list or deleted the destination (an empty result), and
 * counts one change per stored element as Redis does; an empty result onto a missing destination changes nothing
 * and propagates nothing.
 */
public final class SortCommand {
    private static final CommandError BAD_DOUBLE =
            CommandError.of("ERR One or more scores can't be converted into double");
    private static final byte[] EMPTY = new byte[0];

    private SortCommand() {
    }

    // SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] [STORE destination]
    static void sort(CommandContext ctx) {
        run(ctx, false);
    }

    // SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]
    static void sortRo(CommandContext ctx) {
        run(ctx, true);
    }

    private static void run(CommandContext ctx, boolean readonly) {
        SortRequest r = SortRequest.parse(ctx.argv(), readonly);
        KeyEntry e = ctx.db().lookup(ctx.arg(1));
        Aggregate value = e == null ? null : sortable(e.value());
        boolean alpha = r.alpha;
        boolean dontSort = r.dontSort;
        byte[] by = r.by;
        if (dontSort && value instanceof SetValue && (r.storeKey != null || ctx.client().script())) {
            dontSort = false;
            alpha = true;
            by = null;
        }
        long size = value == null ? 0 : value.size();
        long start = Math.min(Math.max(r.limitStart, 0), size);
        long count = Math.min(Math.max(r.limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) {
            end = size - 1;
        }

        List<SortItem> items;
        if (dontSort && (value instanceof ListValue || value instanceof ZSetValue)) {
            items = loadRange(value, start, end, r.desc);
            if (end >= start) {
                end -= start;
                start = 0;
            }
        } else {
            items = loadAll(value);
        }

        if (!dontSort) {
            if (weigh(ctx, items, by, alpha)) {
                throw BAD_DOUBLE;
            }
            items.sort(SortItem.comparator(alpha, by != null, r.storeKey != null, r.desc));
        }
        long n = end - start + 1;
        long outputLen = r.gets.isEmpty() ? n : r.gets.size() * n;
        if (r.storeKey == null) {
            reply(ctx, r, items, (int) start, (int) end, outputLen);
        } else {
            store(ctx, r, items, (int) start, (int) end, outputLen);
        }
    }

    /** The sorted key's value: a list, a set or a sorted set; any other type raises WRONGTYPE. */
    private static Aggregate sortable(Object value) {
        if (value instanceof ListValue || value instanceof SetValue || value instanceof ZSetValue) {
            return (Aggregate) value;
        }
        throw CommandError.WRONGTYPE;
    }

    /** The LIMIT window of a list or sorted set in its own order (from the tail when {@code desc}). */
    private static List<SortItem> loadRange(Aggregate value, long start, long end, boolean desc) {
        List<SortItem> items = new ArrayList<>((int) Math.max(0, end - start + 1));
        if (end < start) {
            return items;
        }
        if (value instanceof ZSetValue zset) {
            zset.rangeByRank(start, end, desc, (member, score) -> items.add(new SortItem(member)));
        } else if (value instanceof ListValue list) {
            loadRange(list, start, end, desc, items);
        }
        return items;
    }

    private static void loadRange(ListValue list, long start, long end, boolean desc, List<SortItem> items) {
        Quicklist.Cursor cur = list.at(desc ? list.length() - start - 1 : start);
        for (long i = start; i <= end; i++) {
            items.add(new SortItem(cur.value()));
            if (desc ? !cur.prev() : !cur.next()) {
                break;
            }
        }
    }

    private static List<SortItem> loadAll(Aggregate value) {
        if (value == null) {
            return new ArrayList<>(0);
        }
        int size = (int) value.size();
        List<SortItem> items = new ArrayList<>(size);
        if (value instanceof ListValue list) {
            Quicklist.Cursor cur = list.at(0);
            do {
                items.add(new SortItem(cur.value()));
            } while (cur.next());
        } else if (value instanceof SetValue set) {
            set.forEachMember(m -> items.add(new SortItem(m)));
        } else if (value instanceof ZSetValue zset) {
            zset.forEach((member, score) -> items.add(new SortItem(member)));
        }
        return items;
    }

    /**
     * Loads what each element sorts by. Elements whose BY key is missing keep score 0 (or no ALPHA value). Returns
     * true when a numeric weight is not a number.
     */
    private static boolean weigh(CommandContext ctx, List<SortItem> items, byte[] by, boolean alpha) {
        boolean bad = false;
        for (SortItem it : items) {
            byte[] v = by == null ? it.element : SortPattern.lookup(ctx, by, it.element);
            if (v == null) {
                continue;
            }
            if (alpha) {
                if (by != null) {
                    it.cmp = v;
                }
            } else {
                it.score = strtod(v);
                if (Double.isNaN(it.score)) {
                    bad = true;
                }
            }
        }
        return bad;
    }

    /**
     * A weight as Redis reads it with plain strtod: the C string up to the first NUL, leading white space allowed,
     * an empty string is 0; anything left over, NaN, an overflow or an inexact underflow (strtod's ERANGE) is
     * invalid (returned as NaN). Redis never clears errno before that strtod, so a stale ERANGE left by an earlier
     * command can fail a valid SORT there; that accident is not reproduced.
     */
    static double strtod(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        while (i < end && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        if (i == end) {
            return Double.NaN;
        }
        double v = Numbers.parseDouble(s, i, end - i);
        if (v != 0 && Math.abs(v) < Double.MIN_NORMAL && !exact(v, s, i, end)) {
            return Double.NaN;
        }
        return v;
    }

    /** Whether a subnormal result is exact: strtod reports ERANGE only for an inexact one. */
    private static boolean exact(double v, byte[] s, int from, int to) {
        try {
            BigDecimal written = new BigDecimal(new String(s, from, to - from, StandardCharsets.ISO_8859_1));
            return new BigDecimal(v).compareTo(written) == 0;
        } catch (NumberFormatException hex) {
            return true;
        }
    }

    private static void reply(CommandContext ctx, SortRequest r, List<SortItem> items, int start, int end,
                              long outputLen) {
        ctx.reply().array((int) outputLen);
        for (int j = start; j <= end; j++) {
            byte[] element = items.get(j).element;
            if (r.gets.isEmpty()) {
                ctx.reply().bulk(element);
            }
            for (byte[] pattern : r.gets) {
                byte[] v = SortPattern.lookup(ctx, pattern, element);
                if (v == null) {
                    ctx.reply().nullBulk();
                } else {
                    ctx.reply().bulk(v);
                }
            }
        }
    }

    private static void store(CommandContext ctx, SortRequest r, List<SortItem> items, int start, int end,
                              long outputLen) {
        long fill = ctx.config().listMaxListpackSize;
        ListValue list = new ListValue();
        for (int j = start; j <= end; j++) {
            byte[] element = items.get(j).element;
            if (r.gets.isEmpty()) {
                list.pushTail(element, fill);
            }
            for (byte[] pattern : r.gets) {
                byte[] v = SortPattern.lookup(ctx, pattern, element);
                list.pushTail(v == null ? EMPTY : v, fill);
            }
        }
        Database db = ctx.db();
        if (outputLen > 0) {
            db.put(r.storeKey, list);
            db.modified(r.storeKey, Events.LIST, "sortstore");
            ctx.server().keyspace().addDirty(outputLen - 1);
        } else {
            deleteAsIs(db, r.storeKey);
        }
        ctx.reply().integer(outputLen);
    }

    /**
     * An empty result deletes the destination as Redis's {@code dbDelete} does: the entry as it is, even when its
     * time has passed (then SORT itself goes out, not an expiry DEL). Dropping the TTL first keeps lazy expiry out.
     */
    private static void deleteAsIs(Database db, byte[] key) {
        KeyEntry old = db.peek(key);
        if (old == null) {
            return;
        }
        db.persist(old);
        db.remove(key);
        db.modified(key, Events.GENERIC, "del");
    }
}
