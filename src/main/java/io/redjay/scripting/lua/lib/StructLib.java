package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code struct} library Redis embeds ({@code lua_struct.c}): {@code pack}, {@code unpack} and {@code size} of
 * binary records described by a format string, as built for Redis's 64-bit Linux x86 target. That target fixes the
 * C sizes ({@code l}, {@code L} and {@code T} are 8 bytes, {@code i} and {@code I} default to 4), the native byte
 * order (little endian, the default) and the largest alignment {@code !} gives without a number (8).
 *
 * <p><b>The C underneath shows through.</b> Integers travel in a 64-bit C {@code long}, and scripts see the
 * consequences, so they are kept: a number is converted with x86's truncating conversion (a negative number through
 * a signed {@code long}, where anything out of range becomes 2^63; other numbers through an unsigned one, where
 * 2^64 and beyond become 0 and NaN becomes 2^63); a field wider than 8 bytes packs zeros above the low 8 bytes, even
 * for a negative number, and unpacks only its last 8 significant bytes, the sign mask shifted by the count modulo 64
 * as the x86 shift instruction does. Alignment pads to the smaller of the field size and the {@code !} alignment with
 * the C formula even for sizes that are not powers of two. The format is a C string, so it ends at its first zero
 * byte. Argument errors name the argument C's stack would: {@code pack} keeps a nil just above its arguments, so the
 * first missing value is "got nil", and the "string too short" of a {@code c} field names the argument after it.
 * {@code unpack} stops with "stack overflow (too many results)" where C Lua's stack of 8000 slots for one C call would.
 */
public final class StructLib {
    private static final int BIG = 0;
    private static final int LITTLE = 1;
    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;
    /** {@code LUAI_MAXCSTACK}: the stack slots one C function may use. */
    private static final int MAX_C_STACK = 8000;
    private static final double TWO_63 = 0x1p63;

    private StructLib() {
    }

    public static LuaTable install(LuaState L) {
        LuaTable struct = new LuaTable(0, 3);
        struct.rawset("pack", new LuaBuiltin("pack", StructLib::pack));
        struct.rawset("unpack", new LuaBuiltin("unpack", StructLib::unpack));
        struct.rawset("size", new LuaBuiltin("size", StructLib::size));
        L.globals().rawset("struct", struct);
        return struct;
    }

    /** A format string being read, with the byte order and alignment its options have set so far. */
    private static final class Format {
        final String function;
        final byte[] fmt;
        final int end;
        int pos;
        int endian = LITTLE;
        int align = 1;

        Format(String function, LuaString format) {
            this.function = function;
            fmt = format.bytes();
            int zero = 0;
            while (zero < fmt.length && fmt[zero] != 0) {
                zero++;
            }
            end = zero;
        }

        boolean more() {
            return pos < end;
        }

        int next() {
            return fmt[pos++] & 0xff;
        }

        /** {@code getnum}: the decimal number at the cursor, or {@code def} when there is none. */
        int number(LuaState L, int def) {
            if (pos >= end || !isDigit(fmt[pos])) {
                return def;
            }
            int a = 0;
            do {
                int digit = fmt[pos] - '0';
                if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - digit) {
                    throw L.error("integral size overflow");
                }
                a = a * 10 + digit;
                pos++;
            } while (pos < end && isDigit(fmt[pos]));
            return a;
        }

        /** {@code optsize}: the bytes an option takes (0 for those that take none or vary). */
        long size(LuaState L, int opt) {
            switch (opt) {
                case 'B': case 'b': case 'x':
                    return 1;
                case 'H': case 'h':
                    return 2;
                case 'f':
                    return 4;
                case 'L': case 'l': case 'T': case 'd':
                    return 8;
                case 'c':
                    return number(L, 1);
                case 'i': case 'I': {
                    int size = number(L, 4);
                    if (size > MAX_INT_SIZE) {
                        throw L.error("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    return size;
                }
                default:
                    return 0;
            }
        }

        /** {@code gettoalign}: padding before a field of {@code size} bytes at offset {@code len}. */
        long padding(long len, int opt, long size) {
            if (size == 0 || opt == 'c') {
                return 0;
            }
            if (size > align) {
                size = align;
            }
            return (size - (len & (size - 1))) & (size - 1);
        }

        /** {@code controloptions}: byte order, alignment and spaces; anything else is an invalid option. */
        void control(LuaState L, int opt) {
            switch (opt) {
                case ' ':
                    return;
                case '>':
                    endian = BIG;
                    return;
                case '<':
                    endian = LITTLE;
                    return;
                case '!': {
                    int a = number(L, MAX_ALIGN);
                    if (a <= 0 || (a & (a - 1)) != 0) {
                        throw L.error("alignment " + a + " is not a power of 2");
                    }
                    align = a;
                    return;
                }
                default:
                    throw invalidOption(L, function, opt);
            }
        }
    }

    /**
     * "bad argument #1 to 'pack' (invalid format option 'o')" with the option as its raw byte (C's {@code %c}):
     * a Java String message would re-encode a byte above 127 as two.
     */
    private static LuaError invalidOption(LuaState L, String function, int opt) {
        byte[] head = (L.where(1) + "bad argument #1 to '" + function + "' (invalid format option '")
                .getBytes(StandardCharsets.UTF_8);
        byte[] msg = Arrays.copyOf(head, head.length + 3);
        msg[head.length] = (byte) opt;
        msg[head.length + 1] = '\'';
        msg[head.length + 2] = ')';
        return new LuaError(LuaString.wrap(msg));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    // ---------------------------------------------------------------- pack

    /** A growable byte buffer for {@code pack}'s result. */
    private static final class Bytes {
        byte[] b = new byte[32];
        int len;

        void ensure(int more) {
            int need = len + more;
            if (need > b.length) {
                b = Arrays.copyOf(b, Math.max(need, b.length * 2));
            }
        }

        void add(int v) {
            ensure(1);
            b[len++] = (byte) v;
        }

        void add(byte[] src, int n) {
            ensure(n);
            System.arraycopy(src, 0, b, len, n);
            len += n;
        }

        /** {@code n} bytes of {@code v}, least significant first or last; bytes past the 8th are zero. */
        void addInteger(long v, int n, int endian) {
            ensure(n);
            for (int i = 0; i < n; i++) {
                int at = endian == LITTLE ? len + i : len + n - 1 - i;
                b[at] = (byte) v;
                v >>>= 8;
            }
            len += n;
        }
    }

    // struct.pack(fmt, v1, v2, ...)
    private static Object[] pack(LuaState L, Object[] args) {
        Format f = new Format("pack", L.checkString(args, 0));
        Bytes out = new Bytes();
        int arg = 1;
        long total = 0;
        while (f.more()) {
            int opt = f.next();
            long size = f.size(L, opt);
            long pad = f.padding(total, opt, size);
            total += pad;
            for (; pad > 0; pad--) {
                out.add(0);
            }
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    double n = packNumber(L, args, arg++);
                    out.addInteger(n < 0 ? toLong(n) : toUnsignedLong(n), (int) size, f.endian);
                    break;
                }
                case 'x':
                    out.add(0);
                    break;
                case 'f':
                    out.addInteger(Float.floatToRawIntBits((float) packNumber(L, args, arg++)), 4, f.endian);
                    break;
                case 'd':
                    out.addInteger(Double.doubleToRawLongBits(packNumber(L, args, arg++)), 8, f.endian);
                    break;
                case 'c': case 's': {
                    LuaString s = packString(L, args, arg++);
                    if (size == 0) {
                        size = s.length();
                    }
                    if (s.length() < size) {
                        throw L.argError(arg + 1, "string too short");
                    }
                    out.add(s.bytes(), (int) size);
                    if (opt == 's') {
                        out.add(0);
                        size++;
                    }
                    break;
                }
                default:
                    f.control(L, opt);
            }
            total += size;
        }
        return new Object[] {LuaString.wrap(out.len == out.b.length ? out.b : Arrays.copyOf(out.b, out.len))};
    }

    /** The type {@code pack}'s C stack shows at argument {@code i}: its marker nil just past the arguments. */
    private static String packGot(Object[] args, int i) {
        return i == args.length ? "nil" : LuaState.gotName(args, i);
    }

    private static double packNumber(LuaState L, Object[] args, int i) {
        Double d = LuaNumbers.coerce(Lua.arg(args, i));
        if (d == null) {
            throw L.typeError(i + 1, "number", packGot(args, i));
        }
        return d;
    }

    private static LuaString packString(LuaState L, Object[] args, int i) {
        Object v = Lua.arg(args, i);
        if (v instanceof LuaString s) {
            return s;
        }
        if (v instanceof Double d) {
            return LuaNumbers.toLuaString(d);
        }
        throw L.typeError(i + 1, "string", packGot(args, i));
    }

    /** x86's {@code cvttsd2si}: truncation, with NaN and anything outside the long range giving 2^63. */
    private static long toLong(double d) {
        return d >= -TWO_63 && d < TWO_63 ? (long) d : Long.MIN_VALUE;
    }

    /** C's conversion of a double to {@code unsigned long} as gcc compiles it for x86-64. */
    private static long toUnsignedLong(double d) {
        return d >= TWO_63 ? toLong(d - TWO_63) ^ Long.MIN_VALUE : toLong(d);
    }

    /** C's conversion of an {@code unsigned long} to a double (correctly rounded). */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return (double) v;
        }
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    // ---------------------------------------------------------------- unpack

    // struct.unpack(fmt, s [, pos])
    private static Object[] unpack(LuaState L, Object[] args) {
        Format f = new Format("unpack", L.checkString(args, 0));
        LuaString dataString = L.checkString(args, 1);
        byte[] data = dataString.bytes();
        long ld = data.length;
        long pos = Lua.arg(args, 2) == null ? 1 : toLong(L.checkNumber(args, 2));
        if (pos == 0) {
            throw L.argError(3, "offset must be 1 or greater");
        }
        pos--;
        Object[] results = new Object[8];
        int n = 0;
        while (f.more()) {
            int opt = f.next();
            long size = f.size(L, opt);
            pos += f.padding(pos, opt, size);
            if (!fits(size, pos, ld)) {
                throw L.argError(2, "data string too short");
            }
            if (args.length + n + 2 > MAX_C_STACK) {
                throw L.error("stack overflow (too many results)");
            }
            if (n + 1 >= results.length) {
                results = Arrays.copyOf(results, results.length * 2);
            }
            int at = (int) pos;
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
                    results[n++] = integer(data, at, f.endian, opt >= 'a', (int) size);
                    break;
                case 'x':
                    break;
                case 'f':
                    results[n++] = (double) Float.intBitsToFloat((int) readBits(data, at, f.endian, 4));
                    break;
                case 'd':
                    results[n++] = Double.longBitsToDouble(readBits(data, at, f.endian, 8));
                    break;
                case 'c': {
                    if (size == 0) {
                        Double previous = n == 0 ? null : LuaNumbers.coerce(results[n - 1]);
                        if (previous == null) {
                            throw L.error("format 'c0' needs a previous size");
                        }
                        size = toUnsignedLong(previous);
                        results[--n] = null;
                        if (!fits(size, pos, ld)) {
                            throw L.argError(2, "data string too short");
                        }
                    }
                    results[n++] = dataString.substring(at, at + (int) size);
                    break;
                }
                case 's': {
                    int zero = at;
                    while (zero < data.length && data[zero] != 0) {
                        zero++;
                    }
                    if (zero == data.length) {
                        throw L.error("unfinished string in data");
                    }
                    size = zero - at + 1L;
                    results[n++] = dataString.substring(at, zero);
                    break;
                }
                default:
                    f.control(L, opt);
            }
            pos += size;
        }
        results[n++] = (double) (pos + 1);
        return n == results.length ? results : Arrays.copyOf(results, n);
    }

    /** {@code size <= ld && pos <= ld - size}, in C's unsigned {@code size_t} arithmetic. */
    private static boolean fits(long size, long pos, long ld) {
        return Long.compareUnsigned(size, ld) <= 0 && Long.compareUnsigned(pos, ld - size) <= 0;
    }

    /** The last 8 significant bytes of a field, assembled in the given byte order. */
    private static long readBits(byte[] data, int at, int endian, int size) {
        long l = 0;
        for (int i = 0; i < size; i++) {
            int k = endian == BIG ? at + i : at + size - 1 - i;
            l = (l << 8) | (data[k] & 0xff);
        }
        return l;
    }

    /** {@code getinteger}: Java's long shift takes its count modulo 64, as x86 does for the sign mask. */
    private static double integer(byte[] data, int at, int endian, boolean signed, int size) {
        long l = readBits(data, at, endian, size);
        if (!signed) {
            return unsignedToDouble(l);
        }
        long mask = -1L << (size * 8 - 1);
        if ((l & mask) != 0) {
            l |= mask;
        }
        return (double) l;
    }

    // ---------------------------------------------------------------- size

    // struct.size(fmt)
    private static Object[] size(LuaState L, Object[] args) {
        Format f = new Format("size", L.checkString(args, 0));
        long pos = 0;
        while (f.more()) {
            int opt = f.next();
            long size = f.size(L, opt);
            pos += f.padding(pos, opt, size);
            if (opt == 's') {
                throw L.argError(1, "option 's' has no fixed size");
            }
            if (opt == 'c' && size == 0) {
                throw L.argError(1, "option 'c0' has no fixed size");
            }
            if (!isAlnum(opt)) {
                f.control(L, opt);
            }
            pos += size;
        }
        return new Object[] {(double) pos};
    }
}
