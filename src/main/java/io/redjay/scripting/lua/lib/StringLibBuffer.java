package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaString;
import java.util.Arrays;

/**
 * The growing byte array the string library builds its results in ({@code luaL_Buffer}'s role): {@code gsub},
 * {@code format}, {@code rep} and friends append bytes and hand the array over to a {@link LuaString} at the end,
 * without copying it again when it is exactly full.
 */
final class StringLibBuffer {
    private byte[] bytes;
    private int size;

    StringLibBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    void add(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    void add(byte[] b, int from, int to) {
        int n = to - from;
        if (size + n > bytes.length) {
            grow(n);
        }
        System.arraycopy(b, from, bytes, size, n);
        size += n;
    }

    void add(LuaString s) {
        add(s.bytes(), 0, s.length());
    }

    /** ASCII text (digits, signs, padding). */
    void add(String ascii) {
        int n = ascii.length();
        if (size + n > bytes.length) {
            grow(n);
        }
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
    }

    void repeat(int b, int n) {
        if (n <= 0) {
            return;
        }
        if (size + n > bytes.length) {
            grow(n);
        }
        Arrays.fill(bytes, size, size + n, (byte) b);
        size += n;
    }

    int size() {
        return size;
    }

    /** Drops everything from {@code newSize} on. */
    void truncate(int newSize) {
        size = newSize;
    }

    /** The byte at {@code i} (0..255). */
    int at(int i) {
        return bytes[i] & 0xff;
    }

    LuaString toLuaString() {
        return LuaString.wrap(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
    }

    private void grow(int needed) {
        long want = Math.max((long) bytes.length * 2, (long) size + needed);
        if (want > Integer.MAX_VALUE - 8) {
            throw new LuaError("not enough memory");
        }
        bytes = Arrays.copyOf(bytes, (int) want);
    }
}
