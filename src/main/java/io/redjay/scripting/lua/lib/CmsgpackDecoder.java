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
    // The open arrays and maps, innermost last: the table, whether it is a map, the elements or pairs still to
    // read, the elements read (arrays), the key read and waiting for its value (maps).
    private LuaTable[] tables = new LuaTable[8];
    private boolean[] maps = new boolean[8];
    private long[] remaining = new long[8];
    private int[] counts = new int[8];
    private Object[] keys = new Object[8];
    private boolean[] haveKey = new boolean[8];
    private int open;

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

    /**
     * The next object, which then occupies one more stack slot. Open arrays and maps are kept on an explicit stack
     * rather than the Java one (the input may nest thousands deep before the slot limit stops it); the checks come
     * in the order of lua-cmsgpack's recursion.
     */
    private Object value() {
        while (true) {
            Object v = item();
            // v is complete: store it in the innermost open table, closing the tables it completes
            while (true) {
                if (open == 0) {
                    return v;
                }
                int f = open - 1;
                LuaTable t = tables[f];
                if (!maps[f]) {
                    t.rawset(++counts[f], v);
                    top -= 2; // the index and the element
                } else if (!haveKey[f]) {
                    keys[f] = v;
                    haveKey[f] = true;
                    break;
                } else {
                    t.rawset(keys[f], v);
                    keys[f] = null;
                    haveKey[f] = false;
                    top -= 2; // the key and the value
                }
                if (--remaining[f] > 0) {
                    if (!maps[f]) {
                        top++; // the next index
                    }
                    break;
                }
                open--;
                v = t;
            }
        }
    }

    /** The next complete item, a scalar or an empty table; the non-empty arrays and maps met first are opened. */
    private Object item() {
        while (true) {
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
                case 0xdc, 0xdd, 0xde, 0xdf -> {
                    long n = fixed(c == 0xdc || c == 0xde ? 2 : 4);
                    LuaTable t = openTable(n, c >= 0xde);
                    if (t == null) {
                        continue;
                    }
                    return t;
                }
                default -> {
                    if ((c & 0x80) == 0) {
                        pos++;
                        v = (double) c;
                    } else if ((c & 0xe0) == 0xe0) {
                        pos++;
                        v = (double) (byte) c;
                    } else if ((c & 0xe0) == 0xa0) {
                        v = string(1, c & 0x1f);
                    } else if ((c & 0xe0) == 0x80) {
                        pos++;
                        LuaTable t = openTable(c & 0xf, (c & 0xf0) == 0x80);
                        if (t == null) {
                            continue;
                        }
                        return t;
                    } else {
                        throw L.error("Bad data format in input.");
                    }
                }
            }
            top++;
            return v;
        }
    }

    /** A new table of {@code n} elements or pairs: returned when empty, else opened (null is returned). */
    private LuaTable openTable(long n, boolean map) {
        int room = (int) Math.min(n, in.length - pos);
        LuaTable t = map ? new LuaTable(0, room / 2) : new LuaTable(room, 0);
        top++;
        if (!map && top + 1 > MAX_STACK_SLOTS) {
            throw L.error("stack overflow (in function mp_decode_to_lua_array)");
        }
        if (n == 0) {
            return t;
        }
        if (open == tables.length) {
            int cap = open * 2;
            tables = Arrays.copyOf(tables, cap);
            maps = Arrays.copyOf(maps, cap);
            remaining = Arrays.copyOf(remaining, cap);
            counts = Arrays.copyOf(counts, cap);
            keys = Arrays.copyOf(keys, cap);
            haveKey = Arrays.copyOf(haveKey, cap);
        }
        tables[open] = t;
        maps[open] = map;
        remaining[open] = n;
        counts[open] = 0;
        open++;
        if (!map) {
            top++; // the first index
        }
        return null;
    }

    /** A type byte followed by a {@code bytes}-long big-endian number, consumed. */
    private long fixed(int bytes) {
        need(1 + bytes);
        long v = bigEndian(pos + 1, bytes);
        pos += 1 + bytes;
        return v;
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
}
