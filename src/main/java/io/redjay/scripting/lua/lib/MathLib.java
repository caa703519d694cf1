package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaTable;

import java.util.function.DoubleUnaryOperator;

/**
 * The {@code math} library of Lua 5.1 ({@code lmathlib.c}, with the 5.1 compatibility alias {@code math.mod}), with
 * Redis's {@code math.random} and {@code math.randomseed}.
 *
 * <p><b>Random numbers.</b> Redis replaces Lua's generator (C's {@code rand()}) with its own {@code drand48}-style
 * one so that a seed gives the same sequence everywhere: a 48-bit linear congruential generator ({@link Rand48}).
 * Redis keeps one generator for the whole process, shared by EVAL's and FUNCTION's Lua states and kept across
 * SCRIPT FLUSH; it starts in drand48's initial state and Redis 7.0 never reseeds it by itself, only
 * {@code math.randomseed} does. So the host passes one {@link Rand48} to every state it builds
 * ({@link #install(LuaState, Rand48)}); {@link #install(LuaState)} gives a state its own, as a fresh server has it.
 * The generator advances before the arguments are checked, so even a call that fails consumes a number, as in Redis.
 *
 * <p><b>C's results.</b> Scripts see numbers through {@code tostring}, so what matters is the C library's answer,
 * including the sign of a NaN ({@code "-nan"} against {@code "nan"}): a NaN argument comes back as it went in, and a
 * NaN made from ordinary arguments gets the sign glibc's x86 code gives it (negative for {@code sqrt(-1)}, positive
 * for {@code acos(2)}). {@code pow} follows C99 where Java's differs ({@code pow(1, y)} and {@code pow(-1, inf)} are
 * 1). The transcendental functions use {@link StrictMath} (fdlibm, from which glibc's versions descend), so results
 * do not depend on the JIT.
 */
public final class MathLib {
    private static final double RADIANS_PER_DEGREE = Math.PI / 180.0;
    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);
    private static final double POSITIVE_NAN = Double.longBitsToDouble(0x7ff8000000000000L);
    private static final int LRAND48_MAX = Integer.MAX_VALUE;

    /**
     * Redis's {@code redisLrand48}/{@code redisSrand48} ({@code rand.c}): x = 0x5DEECE66D * x + 0xB modulo 2^48,
     * each number the top 31 bits of the new state.
     */
    public static final class Rand48 {
        private static final long MASK = (1L << 48) - 1;
        private static final long INITIAL = 0x1234ABCD330EL;

        private long state = INITIAL;

        /** {@code redisSrand48(seed)}. */
        public void seed(int seed) {
            state = ((seed & 0xffffffffL) << 16) | 0x330E;
        }

        /** {@code redisLrand48()}: the next number, 0 to 2^31 - 1. */
        public int next() {
            state = (state * 0x5DEECE66DL + 0xB) & MASK;
            return (int) (state >>> 17);
        }
    }

    private MathLib() {
    }

    /** Installs {@code math} with a generator of its own, in the state a fresh Redis process starts with. */
    public static LuaTable install(LuaState L) {
        return install(L, new Rand48());
    }

    /** Installs {@code math} drawing {@code math.random} from {@code random} (shared by the server's Lua states). */
    public static LuaTable install(LuaState L, Rand48 random) {
        LuaTable math = new LuaTable(0, 32);
        // math.abs(x)
        add(math, "abs", (S, a) -> number(abs(S.checkNumber(a, 0))));
        // math.acos(x)
        unary(math, "acos", StrictMath::acos, POSITIVE_NAN);
        // math.asin(x)
        unary(math, "asin", StrictMath::asin, POSITIVE_NAN);
        // math.atan(x)
        unary(math, "atan", StrictMath::atan, POSITIVE_NAN);
        // math.atan2(y, x)
        add(math, "atan2", (S, a) -> {
            double y = S.checkNumber(a, 0);
            double x = S.checkNumber(a, 1);
            return number(y != y ? y : x != x ? x : StrictMath.atan2(y, x));
        });
        // math.ceil(x)
        unary(math, "ceil", Math::ceil, POSITIVE_NAN);
        // math.cos(x)
        unary(math, "cos", StrictMath::cos, NEGATIVE_NAN);
        // math.cosh(x)
        unary(math, "cosh", StrictMath::cosh, POSITIVE_NAN);
        // math.deg(x)
        unary(math, "deg", x -> x / RADIANS_PER_DEGREE, POSITIVE_NAN);
        // math.exp(x)
        unary(math, "exp", StrictMath::exp, POSITIVE_NAN);
        // math.floor(x)
        unary(math, "floor", Math::floor, POSITIVE_NAN);
        // math.fmod(x, y)
        LuaBuiltin fmod = new LuaBuiltin("fmod", (S, a) -> number(fmod(S.checkNumber(a, 0), S.checkNumber(a, 1))));
        math.rawset("fmod", fmod);
        // math.mod(x, y): Lua 5.0's name for fmod, kept by 5.1's compatibility option
        math.rawset("mod", fmod);
        // math.frexp(x)
        add(math, "frexp", (S, a) -> frexp(S.checkNumber(a, 0)));
        // math.ldexp(m, e)
        add(math, "ldexp", (S, a) -> {
            double m = S.checkNumber(a, 0);
            return number(Math.scalb(m, S.checkInt(a, 1)));
        });
        // math.log(x)
        unary(math, "log", StrictMath::log, NEGATIVE_NAN);
        // math.log10(x)
        unary(math, "log10", StrictMath::log10, POSITIVE_NAN);
        // math.max(x, ...)
        add(math, "max", (S, a) -> {
            double max = S.checkNumber(a, 0);
            for (int i = 1; i < a.length; i++) {
                double d = S.checkNumber(a, i);
                if (d > max) {
                    max = d;
                }
            }
            return number(max);
        });
        // math.min(x, ...)
        add(math, "min", (S, a) -> {
            double min = S.checkNumber(a, 0);
            for (int i = 1; i < a.length; i++) {
                double d = S.checkNumber(a, i);
                if (d < min) {
                    min = d;
                }
            }
            return number(min);
        });
        // math.modf(x)
        add(math, "modf", (S, a) -> modf(S.checkNumber(a, 0)));
        // math.pow(x, y)
        add(math, "pow", (S, a) -> number(pow(S.checkNumber(a, 0), S.checkNumber(a, 1))));
        // math.rad(x)
        unary(math, "rad", x -> x * RADIANS_PER_DEGREE, POSITIVE_NAN);
        // math.random([m [, n]])
        add(math, "random", (S, a) -> random(S, a, random));
        // math.randomseed(x)
        add(math, "randomseed", (S, a) -> {
            random.seed(S.checkInt(a, 0));
            return Lua.NONE;
        });
        // math.sin(x)
        unary(math, "sin", StrictMath::sin, NEGATIVE_NAN);
        // math.sinh(x)
        unary(math, "sinh", StrictMath::sinh, POSITIVE_NAN);
        // math.sqrt(x)
        unary(math, "sqrt", Math::sqrt, NEGATIVE_NAN);
        // math.tan(x)
        unary(math, "tan", StrictMath::tan, NEGATIVE_NAN);
        // math.tanh(x)
        unary(math, "tanh", StrictMath::tanh, POSITIVE_NAN);
        math.rawset("pi", Math.PI);
        math.rawset("huge", Double.POSITIVE_INFINITY);
        L.globals().rawset("math", math);
        return math;
    }

    private static void add(LuaTable t, String name, LuaBuiltin.Body body) {
        t.rawset(name, new LuaBuiltin(name, body));
    }

    /** A one-argument function: a NaN argument passes through, a NaN result of a number gets {@code madeNaN}. */
    private static void unary(LuaTable t, String name, DoubleUnaryOperator f, double madeNaN) {
        add(t, name, (S, a) -> {
            double x = S.checkNumber(a, 0);
            if (x != x) {
                return number(x);
            }
            double r = f.applyAsDouble(x);
            return number(r != r ? madeNaN : r);
        });
    }

    private static Object[] number(double d) {
        return new Object[] {d};
    }

    /** C's {@code fabs}: clears the sign bit, of a NaN too. */
    private static double abs(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE);
    }

    /** C's {@code fmod}: Java's {@code %} is the same remainder; an infinite x or a zero y give glibc's -nan. */
    static double fmod(double x, double y) {
        if (x != x) {
            return x;
        }
        if (y != y) {
            return y;
        }
        double r = x % y;
        return r != r ? NEGATIVE_NAN : r;
    }

    /** C99's {@code pow}, which differs from {@link Math#pow} for a base of 1 or -1. */
    static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        if (y == 0) {
            return 1.0;
        }
        if (x != x) {
            return x;
        }
        if (y != y) {
            return y;
        }
        double r = Math.pow(x, y);
        return r != r ? NEGATIVE_NAN : r;
    }

    // math.frexp(x): m and e with x = m * 2^e, 0.5 <= |m| < 1
    private static Object[] frexp(double x) {
        if (x == 0 || x != x || Double.isInfinite(x)) {
            return new Object[] {x, 0.0};
        }
        int shift = 0;
        if (Math.getExponent(x) < Double.MIN_EXPONENT) {
            x *= 0x1p54; // a subnormal: make it normal, then account for the scaling
            shift = 54;
        }
        int e = Math.getExponent(x) + 1;
        return new Object[] {Math.scalb(x, -e), (double) (e - shift)};
    }

    // math.modf(x): the integral part and the fraction, both with the sign of x
    private static Object[] modf(double x) {
        if (x != x) {
            return new Object[] {x, x};
        }
        double ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
        double fp = Double.isInfinite(x) ? 0.0 : x - ip;
        return new Object[] {ip, Math.copySign(fp, x)};
    }

    private static Object[] random(LuaState L, Object[] args, Rand48 random) {
        double r = (double) (random.next() % LRAND48_MAX) / (double) LRAND48_MAX;
        switch (args.length) {
            case 0:
                return number(r);
            case 1: {
                int u = L.checkInt(args, 0);
                if (u < 1) {
                    throw L.argError(1, "interval is empty");
                }
                return number(Math.floor(r * u) + 1);
            }
            case 2: {
                int l = L.checkInt(args, 0);
                int u = L.checkInt(args, 1);
                if (l > u) {
                    throw L.argError(2, "interval is empty");
                }
                return number(Math.floor(r * (u - l + 1)) + l);
            }
            default:
                throw L.error("wrong number of arguments");
        }
    }
}
