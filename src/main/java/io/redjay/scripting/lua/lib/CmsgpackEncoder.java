package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.util.Arrays;

/**
 * {@code cmsgpack.pack}: Lua values written as MessagePack, by lua-cmsgpack 0.4.0's rules, every argument after the
 * previous one.
 *
 * <p><b>Choices.</b> A number that is an integer in the int64 range takes the shortest integer form (positive or
 * negative fixnum, uint8..uint64 for non-negative values, int8..int64 for negative ones; {@code -0} is {@code 0}).
 * Any other number is a float when converting it to float and back gives it again ({@code 1.5}, the infinities,
 * {@code 2^63}), else a double ({@code 0.1}, NaN). Strings are fixraw, str8 ({@code 0xd9}), raw16 or raw32 by
 * length. A table whose keys are exactly 1..n is an array (the empty table included), any other a map, keys and
 * values in traversal order. A table nested 16 deep is written as nil, which is how cycles end. Functions,
 * userdata and nil are nil.
 *
 * <p><b>Stack limit.</b> lua-cmsgpack keeps the arguments, the packed pieces and its traversal state on the Lua
 * stack, whose 8000 slots a call with thousands of arguments exhausts; {@link #top} counts the slots it would use so
 * that the same calls fail with the same "stack overflow (in function ...)" errors.
 */
final class CmsgpackEncoder {
    /** Tables nested this deep are written as nil ({@code LUACMSGPACK_MAX_NESTING}). */
    private static final int MAX_NESTING = 16;
    private static final int MAX_STACK_SLOTS = 8000;

    private final LuaState L;
    private byte[] buf = new byte[64];
    private int len;
    /** The Lua stack slots lua-cmsgpack would be using. */
    private int top;

    private CmsgpackEncoder(LuaState L) {
        this.L = L;
    }

    /** The concatenated encodings of {@code args} (at least one, at most 4000: the caller checks). */
    static LuaString pack(LuaState L, Object[] args) {
        CmsgpackEncoder e = new CmsgpackEncoder(L);
        e.top = args.length;
        for (Object v : args) {
            e.needSlots(1, "mp_check");
            e.top++;
            e.value(v, 0);
            e.top++; // the piece just packed stays on the stack until the final concatenation
        }
        return LuaString.of(e.buf, 0, e.len);
    }

    private void needSlots(int n, String function) {
        if (top + n > MAX_STACK_SLOTS) {
            throw L.error("stack overflow (in function " + function + ")");
        }
    }

    /** Writes {@code v}, which occupies the top stack slot (popped when done), at nesting {@code level}. */
    private void value(Object v, int level) {
        if (v instanceof LuaString s) {
            string(s.bytes());
        } else if (v instanceof Double d) {
            number(d);
        } else if (v instanceof Boolean b) {
            appendByte(b ? 0xc3 : 0xc2);
        } else if (v instanceof LuaTable t && level < MAX_NESTING) {
            table(t, level);
        } else {
            appendByte(0xc0);
        }
        top--;
    }

    private void table(LuaTable t, int level) {
        int count = arrayCount(t);
        Object[] entry = new Object[2];
        if (count >= 0) {
            needSlots(1, "mp_encode_lua_table_as_array");
            header(0x90, 0xdc, count);
            for (int i = 1; i <= count; i++) {
                top++;
                value(t.rawget(i), level + 1);
            }
            return;
        }
        needSlots(3, "mp_encode_lua_table_as_map");
        int size = 0;
        Object key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            size++;
        }
        header(0x80, 0xde, size);
        key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            top += 3; // lua_next's key and value, and the copy of the key that is encoded
            value(key, level + 1);
            value(entry[1], level + 1);
            top--;
        }
    }

    /**
     * lua-cmsgpack's {@code table_is_an_array}: the number of keys when they are exactly 1..n (each a positive
     * number that a C int holds exactly), else -1.
     */
    private int arrayCount(LuaTable t) {
        needSlots(2, "table_is_an_array");
        int count = 0;
        int max = 0;
        Object[] entry = new Object[2];
        Object key = null;
        while (t.next(key, entry)) {
            key = entry[0];
            if (!(key instanceof Double d) || d <= 0 || d > Integer.MAX_VALUE || (int) (double) d != d) {
                return -1;
            }
            max = Math.max(max, (int) (double) d);
            count++;
        }
        return max == count ? count : -1;
    }

    private void number(double d) {
        if (d >= -0x1p63 && d < 0x1p63 && (long) d == d) {
            integer((long) d);
            return;
        }
        float f = (float) d;
        if (d == (double) f) {
            appendByte(0xca);
            appendBigEndian(Float.floatToRawIntBits(f), 4);
        } else {
            appendByte(0xcb);
            appendBigEndian(Double.doubleToRawLongBits(d), 8);
        }
    }

    private void integer(long n) {
        if (n >= 0) {
            if (n <= 127) {
                appendByte((int) n);
            } else if (n <= 0xff) {
                appendByte(0xcc);
                appendBigEndian(n, 1);
            } else if (n <= 0xffff) {
                appendByte(0xcd);
                appendBigEndian(n, 2);
            } else if (n <= 0xffffffffL) {
                appendByte(0xce);
                appendBigEndian(n, 4);
            } else {
                appendByte(0xcf);
                appendBigEndian(n, 8);
            }
        } else if (n >= -32) {
            appendByte((int) n & 0xff);
        } else if (n >= -128) {
            appendByte(0xd0);
            appendBigEndian(n, 1);
        } else if (n >= -32768) {
            appendByte(0xd1);
            appendBigEndian(n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            appendByte(0xd2);
            appendBigEndian(n, 4);
        } else {
            appendByte(0xd3);
            appendBigEndian(n, 8);
        }
    }

    private void string(byte[] s) {
        int n = s.length;
        if (n < 32) {
            appendByte(0xa0 | n);
        } else if (n <= 0xff) {
            appendByte(0xd9);
            appendByte(n);
        } else if (n <= 0xffff) {
            appendByte(0xda);
            appendBigEndian(n, 2);
        } else {
            appendByte(0xdb);
            appendBigEndian(n, 4);
        }
        ensure(n);
        System.arraycopy(s, 0, buf, len, n);
        len += n;
    }

    /** An array or map header: the fix form, the 16-bit form, or the 32-bit form after it. */
    private void header(int fix, int form16, int n) {
        if (n <= 15) {
            appendByte(fix | n);
        } else if (n <= 0xffff) {
            appendByte(form16);
            appendBigEndian(n, 2);
        } else {
            appendByte(form16 + 1);
            appendBigEndian(n, 4);
        }
    }

    private void appendByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void appendBigEndian(long v, int bytes) {
        ensure(bytes);
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int more) {
        if (buf.length - len < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
