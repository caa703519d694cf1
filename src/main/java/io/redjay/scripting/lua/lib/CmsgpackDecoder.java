package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.util.Arrays;

/**
 * The decoding half of {@code cmsgpack}: MessagePack objects read back into Lua values, one after another from an
 * offset, by lua-cmsgpack 0.4.0's rules.
 *
 * <p><b>What it reads.</b> The formats lua-cmsgpack knows: nil, booleans, the integers (uint64 read as a signed
 * 64-bit integer, so values of 2^63 and more come back negative, as in Redis), float and double, fixraw, str8,
 * raw16 and raw32, arrays (into tables keyed 1..n; nil elements leave holes) and maps. Anything else (bin, ext,
 * {@code 0xc1}) is "Bad data format in input."; a truncated object is "Missing bytes in input.". A map with a nil or
 * NaN key fails as {@code lua_settable} fails ("table index is nil").
 *
 * <p><b>Stack limit.</b> The decoded values are results of the call and live on the Lua stack, which lua-cmsgpack
 * checks before each object: {@link #top} counts the slots it would use, so a stream of more values than 8000 slots
 * hold fails as Redis fails ("stack overflow (too many return values at once; use unpack_one or unpack_limit
 * instead.)").
 */
final class CmsgpackDecoder {
    private static final int MAX_STACK_SLOTS = 8000;

    private final LuaState L;
    private final byte[] in;
    private int pos;
    /** The Lua stack slots lua-cmsgpack would be using: its string argument, the results, the open tables. */
    private int top = 1;

    private CmsgpackDecoder(LuaState L, byte[] in, int offset) {
        this.L = L;
        this.in = in;
        this.pos = offset;
    }

    /**
     * lua-cmsgpack's {@code mp_unpack_full}: up to {@code limit} objects from {@code offset}; with {@code limit} and
     * {@code offset} both 0, all of them and nothing else, otherwise the next offset (-1 at the end of the input)
     * followed by the objects.
     */
    static Object[] unpack(LuaState L, LuaString s, long limit, long offset) {
        byte[] in = s.bytes();
        if (offset < 0 || limit < 0) {
            // lua-cmsgpack reports the input's length as the limit
            throw L.error("Invalid request to unpack with offset of " + (int) offset + " and limit of " + in.length
                    + ".");
        }
        if (offset > in.length) {
            throw L.error("Start offset " + (int) offset + " greater than input length " + in.length + ".");
        }
        boolean all = limit == 0 && offset == 0;
        long max = all ? Integer.MAX_VALUE : limit;
        CmsgpackDecoder d = new CmsgpackDecoder(L, in, (int) offset);
        int first = all ? 0 : 1;
        Object[] results = new Object[first + (int) Math.min(max, Math.min(in.length - offset, 16))];
        int n = first;
        while (d.pos < in.length && n - first < max) {
            if (n == results.length) {
                results = Arrays.copyOf(results, n * 2);
            }
            results[n++] = d.value();
        }
        if (all) {
            return n == results.length ? results : Arrays.copyOf(results, n);
        }
        if (d.top + 1 > MAX_STACK_SLOTS) {
            throw L.error("stack overflow (in function mp_unpack_full)");
        }
        results[0] = d.pos == in.length ? -1.0 : (double) d.pos;
        return n == results.length ? results : Arrays.copyOf(results, n);
    }

    private void need(long n) {
        if (in.length - pos < n) {
            throw L.error("Missing bytes in input.");
        }
    }

    private void needSlots(String what) {
        if (top + 1 > MAX_STACK_SLOTS) {
            throw L.error("stack overflow (" + what + ")");
        }
    }

    private int u8(int i) {
        return in[i] & 0xff;
    }

    private long bigEndian(int from, int bytes) {
        long v = 0;
        for (int i = from; i < from + bytes; i++) {
            v = (v << 8) | (in[i] & 0xff);
        }
        return v;
    }

    /** The next object, which then occupies one more stack slot. */
    private Object value() {
        need(1);
        needSlots("too many return values at once; use unpack_one or unpack_limit instead.");
        int c = u8(pos);
        Object v;
        switch (c) {
            case 0xcc -> v = (double) fixed(1);
            case 0xcd -> v = (double) fixed(2);
            case 0xce -> v = (double) fixed(4);
            case 0xcf, 0xd3 -> v = (double) fixed(8);
            case 0xd0 -> v = (double) (byte) fixed(1);
            case 0xd1 -> v = (double) (short) fixed(2);
            case 0xd2 -> v = (double) (int) fixed(4);
            case 0xc0 -> {
                pos++;
                v = null;
            }
            case 0xc2, 0xc3 -> {
                pos++;
                v = c == 0xc3;
            }
            case 0xca -> v = (double) Float.intBitsToFloat((int) fixed(4));
            case 0xcb -> v = Double.longBitsToDouble(fixed(8));
            case 0xd9 -> v = raw(1);
            case 0xda -> v = raw(2);
            case 0xdb -> v = raw(4);
            case 0xdc -> v = array(length(2));
            case 0xdd -> v = array(length(4));
            case 0xde -> v = map(length(2));
            case 0xdf -> v = map(length(4));
            default -> {
                if ((c & 0x80) == 0) {
                    pos++;
                    v = (double) c;
                } else if ((c & 0xe0) == 0xe0) {
                    pos++;
                    v = (double) (byte) c;
                } else if ((c & 0xe0) == 0xa0) {
                    v = string(1, c & 0x1f);
                } else if ((c & 0xf0) == 0x90) {
                    pos++;
                    v = array(c & 0xf);
                } else if ((c & 0xf0) == 0x80) {
                    pos++;
                    v = map(c & 0xf);
                } else {
                    throw L.error("Bad data format in input.");
                }
            }
        }
        if (!(v instanceof LuaTable)) {
            top++; // a table's slot was taken when it was created
        }
        return v;
    }

    /** A type byte followed by a {@code bytes}-long big-endian number, consumed. */
    private long fixed(int bytes) {
        need(1 + bytes);
        long v = bigEndian(pos + 1, bytes);
        pos += 1 + bytes;
        return v;
    }

    /** The length that follows the type byte of an array or map, consumed with it. */
    private long length(int bytes) {
        return fixed(bytes);
    }

    /** A raw string with a {@code bytes}-long length. */
    private LuaString raw(int bytes) {
        need(1 + bytes);
        long n = bigEndian(pos + 1, bytes);
        return string(1 + bytes, n);
    }

    /** A string whose {@code n} bytes start {@code header} bytes after {@link #pos}. */
    private LuaString string(int header, long n) {
        need(header + n);
        int from = pos + header;
        pos = from + (int) n;
        return LuaString.of(in, from, pos);
    }

    private LuaTable array(long n) {
        LuaTable t = new LuaTable((int) Math.min(n, in.length - pos), 0);
        top++;
        if (top + 1 > MAX_STACK_SLOTS) {
            throw L.error("stack overflow (in function mp_decode_to_lua_array)");
        }
        for (int i = 1; i <= n; i++) {
            top++;
            t.rawset(i, value());
            top -= 2;
        }
        return t;
    }

    private LuaTable map(long n) {
        LuaTable t = new LuaTable(0, (int) Math.min(n, (in.length - pos) / 2));
        top++;
        for (long i = 0; i < n; i++) {
            Object key = value();
            Object v = value();
            t.rawset(key, v);
            top -= 2;
        }
        return t;
    }
}
