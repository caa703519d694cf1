package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

import java.util.Arrays;

/**
 * The {@code table} library of Lua 5.1 ({@code ltablib.c}) as Redis builds it: {@code getn} is the raw length
 * ({@code #} without metamethods, Lua 5.1 has no {@code __len} for tables), {@code setn} is obsolete, and every read
 * and write of the table is raw.
 *
 * <p><b>Sorting.</b> {@code table.sort} is 5.1's quicksort step for step: median of three, the same pivot, the same
 * scans and swaps, the same smaller-half recursion. A script can observe the algorithm through its comparator (the
 * pairs it is called with, how often, and the final order of elements that compare equal), so a different sort
 * would be a different answer. A comparator that is not a strict order can send a scan past the ends, which is the
 * "invalid order function for sorting" error; before that happens the scan compares whatever lies outside, nil
 * included, exactly as C Lua does.
 */
public final class TableLib {
    private TableLib() {
    }

    public static LuaTable install(LuaState L) {
        LuaTable table = new LuaTable(0, 12);
        add(table, "concat", TableLib::concat);
        add(table, "foreach", TableLib::foreach);
        add(table, "foreachi", TableLib::foreachi);
        add(table, "getn", TableLib::getn);
        add(table, "maxn", TableLib::maxn);
        add(table, "insert", TableLib::insert);
        add(table, "remove", TableLib::remove);
        add(table, "setn", TableLib::setn);
        add(table, "sort", TableLib::sort);
        L.globals().rawset("table", table);
        return table;
    }

    private static void add(LuaTable t, String name, LuaBuiltin.Body body) {
        t.rawset(name, new LuaBuiltin(name, body));
    }

    // table.concat(t [, sep [, i [, j]]])
    private static Object[] concat(LuaState L, Object[] args) {
        LuaString sep = L.optString(args, 1, LuaString.EMPTY);
        LuaTable t = L.checkTable(args, 0);
        int i = L.optInt(args, 2, 1);
        int last = Lua.arg(args, 3) == null ? t.length() : L.checkInt(args, 3);
        if (i > last) {
            return new Object[] {LuaString.EMPTY};
        }
        byte[] sepBytes = sep.bytes();
        byte[] out = new byte[64];
        int len = 0;
        for (; ; i++) {
            byte[] item = field(L, t, i);
            int need = len + item.length + (i < last ? sepBytes.length : 0);
            if (need > out.length) {
                out = Arrays.copyOf(out, Math.max(need, out.length * 2));
            }
            System.arraycopy(item, 0, out, len, item.length);
            len += item.length;
            if (i == last) {
                break;
            }
            System.arraycopy(sepBytes, 0, out, len, sepBytes.length);
            len += sepBytes.length;
        }
        return new Object[] {LuaString.wrap(len == out.length ? out : Arrays.copyOf(out, len))};
    }

    private static byte[] field(LuaState L, LuaTable t, int i) {
        Object v = t.rawget(i);
        if (v instanceof LuaString s) {
            return s.bytes();
        }
        if (v instanceof Double d) {
            return LuaNumbers.toLuaString(d).bytes();
        }
        throw L.error("invalid value (" + Lua.typeName(v) + ") at index " + i + " in table for 'concat'");
    }

    // table.foreach(t, f)
    private static Object[] foreach(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        LuaFunction f = checkFunction(L, args, 1);
        Object[] entry = new Object[2];
        Object key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            Object r = Lua.first(L.call(f, new Object[] {entry[0], entry[1]}));
            if (r != null) {
                return new Object[] {r};
            }
        }
        return Lua.NONE;
    }

    // table.foreachi(t, f)
    private static Object[] foreachi(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        int n = t.length();
        LuaFunction f = checkFunction(L, args, 1);
        for (int i = 1; i <= n; i++) {
            Object r = Lua.first(L.call(f, new Object[] {(double) i, t.rawget(i)}));
            if (r != null) {
                return new Object[] {r};
            }
        }
        return Lua.NONE;
    }

    // table.getn(t)
    private static Object[] getn(LuaState L, Object[] args) {
        return new Object[] {(double) L.checkTable(args, 0).length()};
    }

    // table.maxn(t)
    private static Object[] maxn(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        double max = 0;
        Object[] entry = new Object[2];
        Object key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            if (key instanceof Double d && d > max) {
                max = d;
            }
        }
        return new Object[] {max};
    }

    // table.setn(t, n)
    private static Object[] setn(LuaState L, Object[] args) {
        L.checkTable(args, 0);
        throw L.error("'setn' is obsolete");
    }

    // table.insert(t, [pos,] value)
    private static Object[] insert(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        int e = t.length() + 1;
        int pos;
        if (args.length == 2) {
            pos = e;
        } else if (args.length == 3) {
            pos = L.checkInt(args, 1);
            if (pos > e) {
                e = pos;
            }
            for (int i = e; i > pos; i--) {
                t.rawset(i, t.rawget(i - 1));
            }
        } else {
            throw L.error("wrong number of arguments to 'insert'");
        }
        t.rawset(pos, args[args.length - 1]);
        return Lua.NONE;
    }

    // table.remove(t [, pos])
    private static Object[] remove(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        int e = t.length();
        int pos = L.optInt(args, 1, e);
        if (pos < 1 || pos > e) {
            return Lua.NONE;
        }
        Object removed = t.rawget(pos);
        for (; pos < e; pos++) {
            t.rawset(pos, t.rawget(pos + 1));
        }
        t.rawset(e, null);
        return new Object[] {removed};
    }

    // table.sort(t [, comp])
    private static Object[] sort(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        int n = t.length();
        LuaFunction comp = null;
        if (Lua.arg(args, 1) != null) {
            comp = checkFunction(L, args, 1);
        }
        new Sorter(L, t, comp).sort(1, n);
        return Lua.NONE;
    }

    private static LuaFunction checkFunction(LuaState L, Object[] args, int i) {
        if (Lua.arg(args, i) instanceof LuaFunction f) {
            return f;
        }
        throw L.typeError(i + 1, "function", LuaState.gotName(args, i));
    }

    /** One {@code table.sort} call: the table, the order, and 5.1's {@code auxsort}. */
    private static final class Sorter {
        private final LuaState L;
        private final LuaTable t;
        private final LuaFunction comp;

        Sorter(LuaState L, LuaTable t, LuaFunction comp) {
            this.L = L;
            this.t = t;
            this.comp = comp;
        }

        private boolean less(Object a, Object b) {
            if (comp == null) {
                return LuaOps.lt(L, a, b);
            }
            return Lua.truthy(Lua.first(L.call(comp, new Object[] {a, b})));
        }

        void sort(int l, int u) {
            while (l < u) {
                Object lo = t.rawget(l);
                Object hi = t.rawget(u);
                if (less(hi, lo)) {
                    t.rawset(l, hi);
                    t.rawset(u, lo);
                }
                if (u - l == 1) {
                    break;
                }
                int i = (l + u) / 2;
                Object mid = t.rawget(i);
                lo = t.rawget(l);
                if (less(mid, lo)) {
                    t.rawset(i, lo);
                    t.rawset(l, mid);
                } else {
                    hi = t.rawget(u);
                    if (less(hi, mid)) {
                        t.rawset(i, hi);
                        t.rawset(u, mid);
                    }
                }
                if (u - l == 2) {
                    break;
                }
                Object pivot = t.rawget(i);
                t.rawset(i, t.rawget(u - 1));
                t.rawset(u - 1, pivot);
                i = l;
                int j = u - 1;
                while (true) {
                    Object a;
                    while (less(a = t.rawget(++i), pivot)) {
                        if (i > u) {
                            throw L.error("invalid order function for sorting");
                        }
                    }
                    Object b;
                    while (less(pivot, b = t.rawget(--j))) {
                        if (j < l) {
                            throw L.error("invalid order function for sorting");
                        }
                    }
                    if (j < i) {
                        break;
                    }
                    t.rawset(i, b);
                    t.rawset(j, a);
                }
                Object atPivot = t.rawget(u - 1);
                t.rawset(u - 1, t.rawget(i));
                t.rawset(i, atPivot);
                if (i - l < u - i) {
                    j = l;
                    i = i - 1;
                    l = i + 2;
                } else {
                    j = i + 1;
                    i = u;
                    u = j - 2;
                }
                sort(j, i);
            }
        }
    }
}
