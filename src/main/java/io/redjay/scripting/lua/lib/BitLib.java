package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

/**
 * The {@code bit} library Redis embeds (LuaBitOp): 32-bit operations on Lua numbers.
 *
 * <p><b>Numbers to bits.</b> LuaBitOp does not truncate or range-check a number: it adds 2^52 + 2^51 and keeps the
 * low 32 bits of the double's representation. For any number below 2^51 in magnitude that is the number rounded to
 * the nearest integer (ties to even) and reduced modulo 2^32; beyond that it is whatever those bits hold (for a huge
 * number, an infinity or NaN usually 0). Scripts see exactly these results ({@code bit.tobit(2^32 + 1)} is 1,
 * {@code bit.tobit(0.5)} is 0, {@code bit.tobit(1.5)} is 2), so {@link #bits} repeats the addition on the same IEEE
 * doubles instead of imitating it with casts. Numeric strings are accepted as Lua 5.1's {@code lua_tonumber} accepts
 * them; anything else is an argument error, reported only when the conversion gave 0, as LuaBitOp reports it.
 *
 * <p><b>Bits to numbers.</b> Results are the signed 32-bit value as a number, so {@code bit.bnot(0)} is -1.
 */
public final class BitLib {
    private static final double TWO_52_PLUS_51 = 6755399441055744.0;
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes();
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes();

    private BitLib() {
    }

    public static LuaTable install(LuaState L) {
        LuaTable bit = new LuaTable(0, 12);
        // bit.tobit(x)
        add(bit, "tobit", (S, a) -> result(bits(S, a, 0)));
        // bit.bnot(x)
        add(bit, "bnot", (S, a) -> result(~bits(S, a, 0)));
        // bit.band(x1 [, x2...])
        add(bit, "band", (S, a) -> {
            int b = bits(S, a, 0);
            for (int i = a.length - 1; i > 0; i--) {
                b &= bits(S, a, i);
            }
            return result(b);
        });
        // bit.bor(x1 [, x2...])
        add(bit, "bor", (S, a) -> {
            int b = bits(S, a, 0);
            for (int i = a.length - 1; i > 0; i--) {
                b |= bits(S, a, i);
            }
            return result(b);
        });
        // bit.bxor(x1 [, x2...])
        add(bit, "bxor", (S, a) -> {
            int b = bits(S, a, 0);
            for (int i = a.length - 1; i > 0; i--) {
                b ^= bits(S, a, i);
            }
            return result(b);
        });
        // bit.lshift(x, n)
        add(bit, "lshift", (S, a) -> {
            int b = bits(S, a, 0);
            return result(b << bits(S, a, 1));
        });
        // bit.rshift(x, n)
        add(bit, "rshift", (S, a) -> {
            int b = bits(S, a, 0);
            return result(b >>> bits(S, a, 1));
        });
        // bit.arshift(x, n)
        add(bit, "arshift", (S, a) -> {
            int b = bits(S, a, 0);
            return result(b >> bits(S, a, 1));
        });
        // bit.rol(x, n)
        add(bit, "rol", (S, a) -> {
            int b = bits(S, a, 0);
            return result(Integer.rotateLeft(b, bits(S, a, 1)));
        });
        // bit.ror(x, n)
        add(bit, "ror", (S, a) -> {
            int b = bits(S, a, 0);
            return result(Integer.rotateRight(b, bits(S, a, 1)));
        });
        // bit.bswap(x)
        add(bit, "bswap", (S, a) -> result(Integer.reverseBytes(bits(S, a, 0))));
        // bit.tohex(x [, n])
        add(bit, "tohex", BitLib::tohex);
        L.globals().rawset("bit", bit);
        return bit;
    }

    private static void add(LuaTable t, String name, LuaBuiltin.Body body) {
        t.rawset(name, new LuaBuiltin(name, body));
    }

    /**
     * Argument {@code i} as LuaBitOp's {@code barg} converts it. Java's shift operators use only the low five bits
     * of the count, which is the {@code & 31} LuaBitOp applies to shift and rotate counts.
     */
    static int bits(LuaState L, Object[] args, int i) {
        Object v = Lua.arg(args, i);
        Double d = LuaNumbers.coerce(v);
        int b = d == null ? 0 : (int) Double.doubleToRawLongBits(d + TWO_52_PLUS_51);
        if (b == 0 && d == null) {
            throw L.typeError(i + 1, "number", LuaState.gotName(args, i));
        }
        return b;
    }

    private static Object[] result(int b) {
        return new Object[] {(double) b};
    }

    private static Object[] tohex(LuaState L, Object[] args) {
        int b = bits(L, args, 0);
        int n = args.length < 2 ? 8 : bits(L, args, 1);
        byte[] digits = LOWER_HEX;
        if (n < 0) {
            n = n == Integer.MIN_VALUE ? Integer.MAX_VALUE : -n;
            digits = UPPER_HEX;
        }
        if (n > 8) {
            n = 8;
        }
        byte[] out = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = digits[b & 15];
            b >>>= 4;
        }
        return new Object[] {LuaString.wrap(out)};
    }
}
