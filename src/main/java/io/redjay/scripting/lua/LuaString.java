package io.redjay.scripting.lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Lua string: an immutable run of bytes, as in C Lua, so a Redis value crosses into a script and back without any
 * charset conversion. Equality and ordering are by content (ordering by unsigned bytes, which is what C Lua's
 * {@code strcoll} gives in the C locale Redis runs its scripts under). The hash is computed once.
 */
public final class LuaString implements Comparable<LuaString> {
    public static final LuaString EMPTY = new LuaString(new byte[0]);

    private final byte[] bytes;
    private int hash;

    private LuaString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps {@code bytes} without copying: the caller gives up the array. */
    public static LuaString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LuaString(bytes);
    }

    public static LuaString of(byte[] bytes, int from, int to) {
        return wrap(Arrays.copyOfRange(bytes, from, to));
    }

    /** A string from Java text, encoded as UTF-8 (names, messages). */
    public static LuaString of(String s) {
        return wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes themselves, not a copy: never modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Byte {@code i} (0-based) as 0..255. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    public LuaString substring(int from, int to) {
        return from == 0 && to == bytes.length ? this : of(bytes, from, to);
    }

    public LuaString concat(LuaString other) {
        if (other.bytes.length == 0) {
            return this;
        }
        if (bytes.length == 0) {
            return other;
        }
        byte[] b = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
        System.arraycopy(other.bytes, 0, b, bytes.length, other.bytes.length);
        return new LuaString(b);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LuaString s) || s.bytes.length != bytes.length) {
            return false;
        }
        int h1 = hash;
        int h2 = s.hash;
        if (h1 != 0 && h2 != 0 && h1 != h2) {
            return false;
        }
        return Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(LuaString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The bytes as Latin-1 text: one char per byte, so nothing is lost (messages, keys in Java maps). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The bytes decoded as UTF-8 (for log lines and error texts meant for people). */
    public String toUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
