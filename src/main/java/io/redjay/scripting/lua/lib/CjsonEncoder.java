package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.types.CFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code cjson.encode}: a Lua value written as JSON bytes, by lua-cjson 2.1.0's rules.
 *
 * <p><b>Arrays and objects.</b> A table is an array when every key is an integer of at least 1; it is then written
 * as {@code [t[1],...,t[max]]} with the holes as {@code null}, unless it is "excessively sparse" (max is over
 * {@code ratio} times the number of keys and over {@code safe}), which is an error or, with
 * {@code encode_sparse_array(true)}, an object. Everything else, the empty table included, is an object whose
 * number keys are written as strings ({@code {"1":...}}). lua-cjson keeps the largest key in a C {@code int}, and an
 * x86-64 conversion of a key of 2^31 or more gives {@code INT_MIN}: such a table is written as an object, or as an
 * array if a smaller key comes later in the traversal. That is reproduced, traversal order aside.
 *
 * <p><b>Limits.</b> Nesting deeper than {@code encode_max_depth} is an error, and so is nesting that would overflow
 * the 8000 stack slots lua-cjson's recursion uses (one per array level, two per object level): with a raised depth
 * limit, Redis fails at the same depth.
 *
 * <p><b>Output.</b> Bytes go into a growable array; with {@code encode_keep_buffer} on (the default) the array is
 * the configuration's and is reused by the next call, as lua-cjson reuses its strbuf. Strings are escaped with
 * lua-cjson's table (control characters, {@code "}, {@code \}, {@code /} and DEL); other bytes, UTF-8 or not, pass
 * through. Numbers use {@code %.<precision>g}.
 */
final class CjsonEncoder {
    private static final byte[][] ESCAPES = new byte[256][];
    private static final long[] POWERS_OF_TEN = new long[15];
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] NAN = ascii("nan");

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII);
        }
        ESCAPES['\b'] = ascii("\\b");
        ESCAPES['\t'] = ascii("\\t");
        ESCAPES['\n'] = ascii("\\n");
        ESCAPES['\f'] = ascii("\\f");
        ESCAPES['\r'] = ascii("\\r");
        ESCAPES['"'] = ascii("\\\"");
        ESCAPES['\\'] = ascii("\\\\");
        ESCAPES['/'] = ascii("\\/");
        ESCAPES[0x7f] = ascii("\\u007f");
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private final LuaState L;
    private final CjsonConfig cfg;
    private final Object nullValue;
    private byte[] buf;
    private int len;
    // The open arrays and objects, innermost last: the table, its array length (-1 for an object), the elements
    // or members written so far, the traversal key (objects), its nesting depth, its stack slot.
    private LuaTable[] tables = new LuaTable[8];
    private int[] lengths = new int[8];
    private int[] positions = new int[8];
    private Object[] keys = new Object[8];
    private int[] depths = new int[8];
    private int[] slots = new int[8];
    private int open;

    private CjsonEncoder(LuaState L, CjsonConfig cfg, Object nullValue) {
        this.L = L;
        this.cfg = cfg;
        this.nullValue = nullValue;
        byte[] kept = cfg.keepBuffer ? cfg.buffer : null;
        this.buf = kept != null ? kept : new byte[64];
    }

    /** The JSON text of {@code value}; {@code nullValue} is the state's {@code cjson.null}. */
    static LuaString encode(LuaState L, CjsonConfig cfg, Object nullValue, Object value) {
        CjsonEncoder e = new CjsonEncoder(L, cfg, nullValue);
        e.write(value);
        if (cfg.keepBuffer) {
            cfg.buffer = e.buf;
        }
        return LuaString.of(e.buf, 0, e.len);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code root}. Open arrays and objects are kept on an explicit stack rather than the Java one, so a
     * raised {@code encode_max_depth} cannot overflow the thread's stack; the output and the errors are those of
     * lua-cjson's recursion.
     */
    private void write(Object root) {
        item(root, 0, 1);
        Object[] entry = new Object[2];
        while (open > 0) {
            int f = open - 1;
            LuaTable t = tables[f];
            int n = positions[f]++;
            if (lengths[f] >= 0) {
                if (n == lengths[f]) {
                    appendByte(']');
                    open--;
                    continue;
                }
                if (n > 0) {
                    appendByte(',');
                }
                item(t.rawget(n + 1), depths[f], slots[f] + 1);
                continue;
            }
            if (!t.next(keys[f], entry)) {
                appendByte('}');
                keys[f] = null;
                open--;
                continue;
            }
            Object key = entry[0];
            keys[f] = key;
            if (n > 0) {
                appendByte(',');
            }
            if (key instanceof Double d) {
                appendByte('"');
                number(d);
                appendByte('"');
                appendByte(':');
            } else if (key instanceof LuaString s) {
                string(s);
                appendByte(':');
            } else {
                throw fail(Lua.typeName(key), "table key must be a number or string");
            }
            item(entry[1], depths[f], slots[f] + 2);
        }
    }

    /**
     * Writes a scalar, or opens a table, found at nesting {@code depth} with {@code slot} stack slots in use up to
     * and including it.
     */
    private void item(Object v, int depth, int slot) {
        if (v instanceof LuaString s) {
            string(s);
        } else if (v instanceof Double d) {
            number(d);
        } else if (v instanceof Boolean b) {
            append(b ? TRUE : FALSE);
        } else if (v instanceof LuaTable t) {
            openTable(t, depth + 1, slot);
        } else if (v == null || v == nullValue) {
            append(NULL);
        } else {
            throw fail(Lua.typeName(v), "type not supported");
        }
    }

    private void openTable(LuaTable t, int depth, int slot) {
        if (depth > cfg.encodeMaxDepth || slot + 3 > CjsonConfig.MAX_STACK_SLOTS) {
            throw L.error("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int length = arrayLength(t);
        appendByte(length > 0 ? '[' : '{');
        if (open == tables.length) {
            int cap = open * 2;
            tables = Arrays.copyOf(tables, cap);
            lengths = Arrays.copyOf(lengths, cap);
            positions = Arrays.copyOf(positions, cap);
            keys = Arrays.copyOf(keys, cap);
            depths = Arrays.copyOf(depths, cap);
            slots = Arrays.copyOf(slots, cap);
        }
        tables[open] = t;
        lengths[open] = length > 0 ? length : -1;
        positions[open] = 0;
        depths[open] = depth;
        slots[open] = slot;
        open++;
    }

    /**
     * lua-cjson's {@code lua_array_length}: the array size of a table whose keys are all integers of at least 1,
     * -1 when it is an object (a negative "size", from a key of 2^31 or more, is an object too).
     */
    private int arrayLength(LuaTable t) {
        int max = 0;
        int items = 0;
        Object[] entry = new Object[2];
        Object key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            if (!(key instanceof Double d) || d < 1 || Math.floor(d) != d) {
                return -1;
            }
            if (d > max) {
                max = d >= 0x1p31 ? Integer.MIN_VALUE : (int) (double) d;
            }
            items++;
        }
        if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
            if (!cfg.sparseConvert) {
                throw fail("table", "excessively sparse array");
            }
            return -1;
        }
        return max;
    }

    private void number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            switch (cfg.encodeInvalidNumbers) {
                case 0 -> throw fail("number", "must not be NaN or Inf");
                case 1 -> {
                    if (Double.isNaN(d)) {
                        append(NAN);
                        return;
                    }
                }
                default -> {
                    append(NULL);
                    return;
                }
            }
        }
        long l = (long) d;
        double limit = POWERS_OF_TEN[cfg.numberPrecision];
        if (l == d && d > -limit && d < limit && (l != 0 || 1 / d > 0)) {
            integer(l);
            return;
        }
        String text = CFormat.formatG(d, cfg.numberPrecision, false, false);
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buf[len++] = (byte) text.charAt(i);
        }
    }

    /** An integer of at most 14 digits, written without going through a String. */
    private void integer(long l) {
        ensure(16);
        if (l < 0) {
            buf[len++] = '-';
            l = -l;
        }
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && l >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + l % 10);
            l /= 10;
        }
        len += digits;
    }

    /** A quoted, escaped string; room is made for the rest of the string plus the quote before each escape. */
    private void string(LuaString s) {
        byte[] b = s.bytes();
        ensure(b.length + 2);
        int n = len;
        buf[n++] = '"';
        for (int i = 0; i < b.length; i++) {
            byte[] escape = ESCAPES[b[i] & 0xff];
            if (escape == null) {
                buf[n++] = b[i];
            } else {
                int need = escape.length + b.length - i;
                if (buf.length - n < need) {
                    len = n;
                    ensure(need);
                }
                System.arraycopy(escape, 0, buf, n, escape.length);
                n += escape.length;
            }
        }
        buf[n++] = '"';
        len = n;
    }

    private RuntimeException fail(String type, String reason) {
        return L.error("Cannot serialise " + type + ": " + reason);
    }

    private void appendByte(int c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (buf.length - len < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
