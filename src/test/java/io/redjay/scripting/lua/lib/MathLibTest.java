package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Expected values are what Redis 7.0.15's Lua returns (redis-cli eval, through {@code tostring} so that no digit or
 * NaN sign is lost); the random sequences are those of a freshly started server and of the seeds shown.
 */
class MathLibTest {
    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);
    private static final double POSITIVE_NAN = Double.longBitsToDouble(0x7ff8000000000000L);
    private static final double INF = Double.POSITIVE_INFINITY;

    private final LuaState L = new LuaState();
    private final LuaTable lib = MathLib.install(L);

    private Object[] call(String name, Object... args) {
        return L.call(lib.rawget(name), args);
    }

    /** {@code tostring(math.name(args...))} for each result. */
    private String str(String name, Object... args) {
        List<String> out = new ArrayList<>();
        for (Object r : call(name, args)) {
            out.add(LuaNumbers.toString((Double) r));
        }
        return String.join(" ", out);
    }

    private String error(String name, Object... args) {
        return assertThrows(LuaError.class, () -> call(name, args)).getMessage();
    }

    @Test
    void installsTheMathGlobalWithItsConstants() {
        assertSame(lib, L.globals().rawget("math"));
        assertEquals("inf", LuaNumbers.toString((Double) lib.rawget("huge")));
        assertEquals("3.1415926535898", LuaNumbers.toString((Double) lib.rawget("pi")));
        assertEquals("1", str("mod", 7.0, 3.0));
    }

    @Test
    void randomFollowsRedisSequenceFromAFreshServer() {
        assertEquals("40", str("random", 100.0));
        assertEquals("85", str("random", 100.0));
        assertEquals("353337", str("random", 1.0, 1000000.0));
        assertEquals("0.44658343468168", str("random"));
    }

    @Test
    void randomseedRestartsTheSequence() {
        call("randomseed", 10.0);
        assertEquals("0.87885112309775", str("random"));
        assertEquals("4", str("random", 5.0));
        assertEquals("0", str("random", -3.0, 3.0));
        assertEquals("2", str("random", 3.9));
        call("randomseed", -7.0);
        assertEquals("0.07521187517569", str("random"));
        assertEquals("1756144978", str("random", 2147483647.0));
        call("randomseed", 5.9);
        assertEquals("0.52483957937213", str("random"));
    }

    @Test
    void aSeedBeyondTheLongRangeIsZeroAsX86ConvertsIt() {
        call("randomseed", 1e19);
        assertEquals("0.17082803611217", str("random"));
        call("randomseed", -1.0);
        assertEquals("0.30002572727391", str("random"));
    }

    @Test
    void aFailedRandomCallStillConsumesANumber() {
        call("randomseed", 5.0);
        error("random", 0.0);
        assertEquals("0.27285430173988", str("random"));
    }

    @Test
    void randomIntervalArithmeticWrapsLikeCInts() {
        call("randomseed", 1.0);
        assertEquals("-2147483648", str("random", -2147483648.0, 2147483647.0));
        assertEquals("-2147483649", str("random", -2147483648.0, 2147483646.0));
    }

    @Test
    void statesSharingAGeneratorDrawOneSequence() {
        MathLib.Rand48 shared = new MathLib.Rand48();
        LuaState a = new LuaState();
        LuaState b = new LuaState();
        LuaTable mathA = MathLib.install(a, shared);
        LuaTable mathB = MathLib.install(b, shared);
        assertEquals(40.0, Lua.first(a.call(mathA.rawget("random"), new Object[] {100.0})));
        assertEquals(85.0, Lua.first(b.call(mathB.rawget("random"), new Object[] {100.0})));
    }

    @Test
    void randomErrors() {
        assertEquals("bad argument #1 to 'random' (interval is empty)", error("random", 0.0));
        assertEquals("bad argument #2 to 'random' (interval is empty)", error("random", 3.0, 2.0));
        assertEquals("wrong number of arguments", error("random", 1.0, 2.0, 3.0));
        assertEquals("bad argument #1 to 'randomseed' (number expected, got no value)", error("randomseed"));
    }

    @Test
    void transcendentalFunctionsToFourteenDigits() {
        assertEquals("1.1752011936438", str("sinh", 1.0));
        assertEquals("1.5430806348152", str("cosh", 1.0));
        assertEquals("0.46211715726001", str("tanh", 0.5));
        assertEquals("2.718281828459", str("exp", 1.0));
        assertEquals("0.69314718055995", str("log", 2.0));
        assertEquals("0.30102999566398", str("log10", 2.0));
        assertEquals("0.8414709848079", str("sin", 1.0));
        assertEquals("0.54030230586814", str("cos", 1.0));
        assertEquals("1.5574077246549", str("tan", 1.0));
        assertEquals("0.5235987755983", str("asin", 0.5));
        assertEquals("1.0471975511966", str("acos", 0.5));
        assertEquals("0.78539816339745", str("atan", 1.0));
        assertEquals("0.46364760900081", str("atan2", 1.0, 2.0));
        assertEquals("57.295779513082", str("deg", 1.0));
        assertEquals("180", str("deg", Math.PI));
        assertEquals("3.1415926535898", str("rad", 180.0));
        assertEquals("0.017453292519943", str("rad", 1.0));
        assertEquals("1.4142135623731", str("pow", 2.0, 0.5));
        assertEquals("1.4142135623731", str("sqrt", 2.0));
        assertEquals("inf", str("exp", 710.0));
        assertEquals("-inf", str("log", 0.0));
        assertEquals("-0", str("sinh", -0.0));
    }

    @Test
    void roundingAndParts() {
        assertEquals("-0", str("ceil", -0.5));
        assertEquals("3", str("ceil", 2.1));
        assertEquals("-1", str("floor", -0.5));
        assertEquals("2", str("floor", LuaString.of("2.9")));
        assertEquals("0", str("abs", -0.0));
        assertEquals("2", str("abs", LuaString.of("-2")));
        assertEquals("-3 -0", str("modf", -3.0));
        assertEquals("-3 -0.5", str("modf", -3.5));
        assertEquals("inf 0", str("modf", INF));
        assertEquals("0 0", str("frexp", 0.0));
        assertEquals("0.5 4", str("frexp", 8.0));
        assertEquals("-0.75 2", str("frexp", -3.0));
        assertEquals("0.5 -1073", str("frexp", 5e-324));
        assertEquals("0.74661089480258 997", str("frexp", 1e300));
        assertEquals("4.9406564584125e-324", str("ldexp", 1.0, -1074.0));
        assertEquals("4.9406564584125e-324", str("ldexp", 0.75, -1074.0));
        assertEquals("inf", str("ldexp", 1.0, 1024.0));
        assertEquals("12", str("ldexp", 3.0, 2.9));
        assertEquals("-1", str("fmod", -7.0, 3.0));
        assertEquals("1", str("fmod", 7.0, -3.0));
        assertEquals("-0", str("fmod", -6.0, 3.0));
        assertEquals("5", str("fmod", 5.0, INF));
        assertEquals("-1.5", str("fmod", -5.5, 2.0));
    }

    @Test
    void minAndMax() {
        assertEquals("7.5", str("max", 3.0, 7.5, -1.0));
        assertEquals("-1", str("min", 3.0, 7.5, -1.0));
        assertEquals("2", str("min", 3.0, LuaString.of("2"), 5.0));
        assertEquals("1", str("max", 1.0, NEGATIVE_NAN));
        assertEquals("-nan", str("max", NEGATIVE_NAN, 1.0));
    }

    @Test
    void nanSignsAreGlibcs() {
        assertEquals("-nan", str("sqrt", -1.0));
        assertEquals("-nan", str("log", -1.0));
        assertEquals("nan", str("log10", -1.0));
        assertEquals("nan", str("acos", 2.0));
        assertEquals("nan", str("asin", 2.0));
        assertEquals("-nan", str("pow", -1.0, 0.5));
        assertEquals("-nan", str("pow", -8.0, 1.0 / 3));
        assertEquals("-nan", str("fmod", INF, 1.0));
        assertEquals("-nan", str("fmod", 1.0, 0.0));
        assertEquals("-nan", str("sin", INF));
        assertEquals("-nan", str("cos", INF));
        assertEquals("-nan", str("tan", INF));
        assertEquals("-nan", str("fmod", NEGATIVE_NAN, 1.0));
        assertEquals("nan", str("fmod", POSITIVE_NAN, 1.0));
        assertEquals("nan", str("sqrt", POSITIVE_NAN));
        assertEquals("nan", str("floor", POSITIVE_NAN));
        assertEquals("nan", str("abs", NEGATIVE_NAN));
    }

    @Test
    void powFollowsC99ForOneAndMinusOne() {
        assertEquals("1", str("pow", 1.0, POSITIVE_NAN));
        assertEquals("1", str("pow", -1.0, INF));
        assertEquals("1", str("pow", POSITIVE_NAN, 0.0));
    }

    @Test
    void argumentErrors() {
        assertEquals("bad argument #1 to 'abs' (number expected, got string)", error("abs", LuaString.of("x")));
        assertEquals("bad argument #1 to 'floor' (number expected, got no value)", error("floor"));
        assertEquals("bad argument #1 to 'min' (number expected, got no value)", error("min"));
        assertEquals("bad argument #2 to 'atan2' (number expected, got nil)", error("atan2", 1.0, null));
    }
}
