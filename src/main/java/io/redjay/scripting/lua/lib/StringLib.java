package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

/**
 * Lua 5.1's {@code string} library, as {@code lstrlib.c} behaves in the Lua Redis embeds. Everything works on the
 * bytes of {@link LuaString}s: there is no conversion to Java text and no {@code java.util.regex}, because a Lua
 * string is binary data (a Redis value) and Lua patterns are not regular expressions. The pattern matcher is
 * {@link LuaPattern}; {@code string.format} is {@link StringLibFormat}.
 *
 * <p><b>Integers.</b> C Lua turns an argument into an integer with a plain C cast ({@code (ptrdiff_t)d}, then
 * {@code (int)} for {@code luaL_checkint}). On the x86-64 machines Redis runs on, a double out of the 64-bit range
 * or NaN casts to the "integer indefinite" value {@code LONG_MIN}, where Java's cast would saturate; so
 * {@code string.sub("hello", 1e20)} is the whole string in Redis, and {@link #toInteger} reproduces that.
 *
 * <p>{@code string.dump} cannot give real bytecode (there is none); it returns a binary-chunk header, enough for
 * {@code loadstring} to refuse it as a binary chunk, which is what Redis's tests check.
 */
public final class StringLib {
    /** {@code string.rep} refuses results bigger than this, as C Lua's allocator failing would. */
    static final long MAX_RESULT = 512L * 1024 * 1024;
    private static final int MAX_STACK = 8000; // LUAI_MAXCSTACK: string.byte cannot return more values

    private static final byte[] DUMP_HEADER = {0x1b, 'L', 'u', 'a', 0x51, 0, 1, 4, 8, 4, 8, 0};

    private StringLib() {
    }

    /** Creates the {@code string} table, makes it the global {@code string} and the strings' {@code __index}. */
    public static LuaTable install(LuaState L) {
        LuaTable string = new LuaTable(0, 16);
        add(string, "byte", StringLib::byteAt);
        add(string, "char", StringLib::chars);
        add(string, "dump", StringLib::dump);
        add(string, "find", (l, a) -> find(l, a, true));
        add(string, "format", StringLibFormat::format);
        LuaFunction gmatch = add(string, "gmatch", StringLib::gmatch);
        string.rawset("gfind", gmatch);
        add(string, "gsub", StringLib::gsub);
        add(string, "len", StringLib::len);
        add(string, "lower", StringLib::lower);
        add(string, "match", (l, a) -> find(l, a, false));
        add(string, "rep", StringLib::rep);
        add(string, "reverse", StringLib::reverse);
        add(string, "sub", StringLib::sub);
        add(string, "upper", StringLib::upper);
        L.globals().rawset("string", string);
        LuaTable meta = new LuaTable(0, 1);
        meta.rawset("__index", string);
        L.stringMetatable(meta);
        return string;
    }

    private static LuaFunction add(LuaTable t, String name, LuaBuiltin.Body body) {
        LuaFunction f = new LuaBuiltin(name, body);
        t.rawset(name, f);
        return f;
    }

    // ---------------------------------------------------------------- integer arguments

    /** A C cast of a double to a 64-bit integer on x86-64: truncation, and LONG_MIN when out of range or NaN. */
    static long toInteger(double d) {
        if (d >= -0x1p63 && d < 0x1p63) {
            return (long) d;
        }
        return Long.MIN_VALUE;
    }

    /** {@code luaL_checkinteger}. */
    static long checkInteger(LuaState L, Object[] args, int i) {
        return toInteger(L.checkNumber(args, i));
    }

    /** {@code luaL_optinteger}. */
    static long optInteger(LuaState L, Object[] args, int i, long def) {
        return Lua.arg(args, i) == null ? def : checkInteger(L, args, i);
    }

    /** {@code posrelat}: a negative position counts back from the end; what stays negative becomes 0. */
    private static long posrelat(long pos, int len) {
        if (pos < 0) {
            pos += len + 1L;
        }
        return pos >= 0 ? pos : 0;
    }

    // ---------------------------------------------------------------- simple functions

    // string.len(s)
    private static Object[] len(LuaState L, Object[] args) {
        return Lua.ret((double) L.checkString(args, 0).length());
    }

    // string.sub(s, i [, j])
    private static Object[] sub(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        int l = s.length();
        long start = posrelat(checkInteger(L, args, 1), l);
        long end = posrelat(optInteger(L, args, 2, -1), l);
        if (start < 1) {
            start = 1;
        }
        if (end > l) {
            end = l;
        }
        return Lua.ret(start <= end ? s.substring((int) start - 1, (int) end) : LuaString.EMPTY);
    }

    // string.reverse(s)
    private static Object[] reverse(LuaState L, Object[] args) {
        byte[] b = L.checkString(args, 0).bytes();
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return Lua.ret(LuaString.wrap(out));
    }

    // string.lower(s)
    private static Object[] lower(LuaState L, Object[] args) {
        byte[] b = L.checkString(args, 0).bytes();
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
        }
        return Lua.ret(LuaString.wrap(out));
    }

    // string.upper(s)
    private static Object[] upper(LuaState L, Object[] args) {
        byte[] b = L.checkString(args, 0).bytes();
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            out[i] = c >= 'a' && c <= 'z' ? (byte) (c - ('a' - 'A')) : c;
        }
        return Lua.ret(LuaString.wrap(out));
    }

    // string.rep(s, n)
    private static Object[] rep(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        int n = (int) checkInteger(L, args, 1);
        int l = s.length();
        if (n <= 0 || l == 0) {
            return Lua.ret(LuaString.EMPTY);
        }
        long total = (long) l * n;
        if (total > MAX_RESULT) {
            throw new LuaError("not enough memory");
        }
        byte[] out = new byte[(int) total];
        System.arraycopy(s.bytes(), 0, out, 0, l);
        for (int filled = l; filled < out.length; filled *= 2) {
            System.arraycopy(out, 0, out, filled, Math.min(filled, out.length - filled));
        }
        return Lua.ret(LuaString.wrap(out));
    }

    // string.byte(s [, i [, j]])
    private static Object[] byteAt(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        int l = s.length();
        long posi = posrelat(optInteger(L, args, 1, 1), l);
        long pose = posrelat(optInteger(L, args, 2, posi), l);
        if (posi <= 0) {
            posi = 1;
        }
        if (pose > l) {
            pose = l;
        }
        if (posi > pose) {
            return Lua.NONE;
        }
        int n = (int) (pose - posi + 1);
        if (n > MAX_STACK - args.length) {
            throw L.error("stack overflow (string slice too long)");
        }
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = (double) s.byteAt((int) posi - 1 + i);
        }
        return out;
    }

    // string.char(...)
    private static Object[] chars(LuaState L, Object[] args) {
        byte[] out = new byte[args.length];
        for (int i = 0; i < args.length; i++) {
            int c = (int) checkInteger(L, args, i);
            if ((c & 0xff) != c) {
                throw L.argError(i + 1, "invalid value");
            }
            out[i] = (byte) c;
        }
        return Lua.ret(LuaString.wrap(out));
    }

    // string.dump(f)
    private static Object[] dump(LuaState L, Object[] args) {
        if (!(Lua.arg(args, 0) instanceof LuaFunction f)) {
            throw L.typeError(1, "function", LuaState.gotName(args, 0));
        }
        if (!f.isLua()) {
            throw L.error("unable to dump given function");
        }
        return Lua.ret(LuaString.wrap(DUMP_HEADER.clone()));
    }

    // ---------------------------------------------------------------- pattern functions

    // string.find(s, pattern [, init [, plain]]) and string.match(s, pattern [, init])
    private static Object[] find(LuaState L, Object[] args, boolean find) {
        LuaString s = L.checkString(args, 0);
        LuaString p = L.checkString(args, 1);
        int l1 = s.length();
        long init = posrelat(optInteger(L, args, 2, 1), l1) - 1;
        if (init < 0) {
            init = 0;
        } else if (init > l1) {
            init = l1;
        }
        if (find && (Lua.truthy(Lua.arg(args, 3)) || LuaPattern.isPlain(p))) {
            int at = indexOf(s.bytes(), (int) init, p.bytes());
            if (at >= 0) {
                return new Object[] {(double) (at + 1), (double) (at + p.length())};
            }
            return Lua.ret(null);
        }
        LuaPattern ms = new LuaPattern(L, s, p);
        boolean anchor = ms.patAt(0) == '^';
        int pStart = anchor ? 1 : 0;
        int s1 = (int) init;
        do {
            ms.reset();
            int res = ms.matchFrom(s1, pStart);
            if (res >= 0) {
                if (!find) {
                    return ms.captures(s1, res, true);
                }
                Object[] caps = ms.captures(s1, res, false);
                Object[] out = new Object[caps.length + 2];
                out[0] = (double) (s1 + 1);
                out[1] = (double) res;
                System.arraycopy(caps, 0, out, 2, caps.length);
                return out;
            }
        } while (s1++ < l1 && !anchor);
        return Lua.ret(null);
    }

    /** {@code lmemfind}: the first occurrence of {@code needle} in {@code hay} from {@code from}, or -1. */
    private static int indexOf(byte[] hay, int from, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from;
        }
        byte first = needle[0];
        for (int i = from, last = hay.length - n; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            int j = 1;
            while (j < n && hay[i + j] == needle[j]) {
                j++;
            }
            if (j == n) {
                return i;
            }
        }
        return -1;
    }

    // string.gmatch(s, pattern)
    private static Object[] gmatch(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        LuaString p = L.checkString(args, 1);
        return Lua.ret(new GmatchIterator(L, s, p));
    }

    /**
     * The function {@code gmatch} returns: each call matches from where the last match ended (one further after an
     * empty match). A leading {@code ^} is not an anchor here, as in Lua 5.1: it is matched as a plain character.
     */
    private static final class GmatchIterator extends LuaFunction {
        private final LuaPattern ms;
        private final int end;
        private int next;

        GmatchIterator(LuaState L, LuaString subject, LuaString pattern) {
            this.ms = new LuaPattern(L, subject, pattern);
            this.end = subject.length();
        }

        @Override
        public String name() {
            return "gmatch";
        }

        @Override
        protected Object[] invoke(LuaState L, Object[] args) {
            for (int src = next; src <= end; src++) {
                ms.reset();
                int e = ms.matchFrom(src, 0);
                if (e >= 0) {
                    next = e == src ? e + 1 : e;
                    return ms.captures(src, e, true);
                }
            }
            next = end + 1;
            return Lua.NONE;
        }
    }

    // string.gsub(s, pattern, repl [, n])
    private static Object[] gsub(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        LuaString p = L.checkString(args, 1);
        Object repl = Lua.arg(args, 2);
        int srcl = s.length();
        int maxS = (int) optInteger(L, args, 3, srcl + 1L);
        if (!(repl instanceof Double || repl instanceof LuaString || repl instanceof LuaFunction
                || repl instanceof LuaTable)) {
            throw L.argError(3, "string/function/table expected");
        }
        if (repl instanceof Double d) {
            repl = LuaNumbers.toLuaString(d);
        }
        LuaPattern ms = new LuaPattern(L, s, p);
        boolean anchor = ms.patAt(0) == '^';
        int pStart = anchor ? 1 : 0;
        byte[] src = s.bytes();
        StringLibBuffer b = null;
        int copied = 0; // src[copied..pos) is still to be appended
        int pos = 0;
        int n = 0;
        while (n < maxS) {
            ms.reset();
            int e = ms.matchFrom(pos, pStart);
            if (e >= 0) {
                n++;
                if (b == null) {
                    b = new StringLibBuffer(srcl + 16);
                }
                b.add(src, copied, pos);
                addValue(L, ms, b, repl, s, pos, e);
                copied = e;
            }
            if (e > pos) {
                pos = e;
            } else if (pos < srcl) {
                pos++;
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        if (b == null) {
            return new Object[] {s, 0.0};
        }
        b.add(src, copied, srcl);
        return new Object[] {b.toLuaString(), (double) n};
    }

    /** {@code add_value}: appends the replacement of the match {@code s..e}. */
    private static void addValue(LuaState L, LuaPattern ms, StringLibBuffer b, Object repl, LuaString subject,
            int s, int e) {
        Object value;
        if (repl instanceof LuaString r) {
            addString(ms, b, r, subject, s, e);
            return;
        }
        if (repl instanceof LuaTable) {
            value = LuaOps.index(L, repl, ms.capture(0, s, e));
        } else {
            value = Lua.first(L.call(repl, ms.captures(s, e, true)));
        }
        if (!Lua.truthy(value)) {
            b.add(subject.bytes(), s, e);
        } else if (value instanceof LuaString v) {
            b.add(v);
        } else if (value instanceof Double d) {
            b.add(LuaNumbers.toString(d));
        } else {
            throw L.error("invalid replacement value (a " + Lua.typeName(value) + ")");
        }
    }

    /**
     * {@code add_s}: a replacement string, where {@code %0} is the whole match, {@code %1}..{@code %9} a capture and
     * {@code %} before anything else that character. A {@code %} at the very end stands for the string's terminating
     * NUL, as in C.
     */
    private static void addString(LuaPattern ms, StringLibBuffer b, LuaString repl, LuaString subject, int s, int e) {
        byte[] r = repl.bytes();
        int l = r.length;
        for (int i = 0; i < l; i++) {
            int c = r[i] & 0xff;
            if (c != '%') {
                b.add(c);
                continue;
            }
            i++;
            c = i < l ? r[i] & 0xff : 0;
            if (!LuaPattern.isDigit(c)) {
                b.add(c);
            } else if (c == '0') {
                b.add(subject.bytes(), s, e);
            } else {
                Object cap = ms.capture(c - '1', s, e);
                if (cap instanceof LuaString str) {
                    b.add(str);
                } else {
                    b.add(LuaNumbers.toString((Double) cap));
                }
            }
        }
    }
}
