package io.redjay.scripting.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The interpreter as its host uses it: chunks compiled against an env table, the instruction hook and kills, Java
 * errors crossing {@code pcall}, the call-depth and Java-stack limits, and error positions in multi-line scripts.
 * Ends with a speed check whose times are printed, not asserted.
 */
class LuaEngineTest {
    private final LuaState L = LuaInterpreterTest.newState();

    private Object[] run(String source) {
        return LuaInterpreterTest.run(L, source);
    }

    private String first(String source) {
        return LuaOps.rawTostring(Lua.first(run(source))).toString();
    }

    @Test
    void globalsResolveInTheGivenEnvAndClosuresInheritIt() {
        LuaTable env = new LuaTable();
        env.rawset("base", 10.0);
        LuaFunction main = LuaCompiler.load(L, LuaString.of("answer = base + 1 return function() return answer end"),
                "user_script", env);
        assertTrue(main.isLua());
        assertEquals("user_script", main.chunkName());
        LuaClosure inner = (LuaClosure) L.call(main, Lua.NONE)[0];
        assertEquals(11.0, env.rawget("answer"));
        assertSame(env, inner.env());
        assertEquals(11.0, L.call(inner, Lua.NONE)[0]);
        assertEquals(null, L.globals().rawget("answer"));
    }

    @Test
    void setfenvOnAClosureChangesWhatItsGlobalsMean() {
        LuaClosure f = (LuaClosure) LuaCompiler.load(L, LuaString.of("return who"), "user_script", L.globals());
        LuaTable env = new LuaTable();
        env.rawset("who", LuaString.of("env"));
        f.env(env);
        assertEquals(LuaString.of("env"), L.call(f, Lua.NONE)[0]);
    }

    @Test
    void theMainChunkTakesVarargs() {
        LuaFunction main = LuaCompiler.load(L, LuaString.of("local a, b = ... return select('#', ...), b"),
                "user_script", L.globals());
        Object[] r = L.call(main, new Object[] {1.0, LuaString.of("x"), null});
        assertEquals(3.0, r[0]);
        assertEquals(LuaString.of("x"), r[1]);
    }

    @Test
    void syntaxErrorsAreLuaErrorsWithTheChunkName() {
        LuaError e = assertThrows(LuaError.class,
                () -> LuaCompiler.load(L, LuaString.of("local x = 1\nx y"), "user_script", L.globals()));
        assertEquals("user_script:2: '=' expected near 'y'", e.getMessage());
    }

    @Test
    void runtimeErrorsCarryTheLineTheyHappenOn() {
        LuaError e = assertThrows(LuaError.class, () -> run("local t = {}\n\nlocal x = t.a.b"));
        assertEquals("user_script:3: attempt to index field 'a' (a nil value)", e.getMessage());
        e = assertThrows(LuaError.class, () -> run("local function f()\n  error('deep')\nend\nf()"));
        assertEquals("user_script:2: deep", e.getMessage());
        e = assertThrows(LuaError.class, () -> run("local function f()\n  error('caller', 2)\nend\n\nf()"));
        assertEquals("user_script:5: caller", e.getMessage());
    }

    @Test
    void anErrorFromJavaCrossesPcallWithItsValue() {
        LuaTable payload = new LuaTable();
        L.globals().rawset("fail", new LuaBuiltin("fail", (st, args) -> {
            throw new LuaError(payload);
        }));
        Object[] r = run("return pcall(fail)");
        assertEquals(Boolean.FALSE, r[0]);
        assertSame(payload, r[1]);
        L.globals().rawset("bad", new LuaBuiltin("bad", (st, args) -> {
            throw st.error("from java");
        }));
        assertEquals("user_script:2: from java", first("local ok, e = pcall(function()\nbad() end) return e"));
    }

    @Test
    void theHookRunsInLoopsAndCallsAndItsInterruptPassesThroughPcall() {
        AtomicInteger ticks = new AtomicInteger();
        L.hook(st -> {
            if (ticks.incrementAndGet() == 100) {
                throw new LuaInterrupt("killed");
            }
        }, 1);
        for (String loop : new String[] {"while true do end", "repeat until false", "for i = 1, 1e308 do end",
            "local function f() return f() end f()", "for k in function() return 1 end do end"}) {
            ticks.set(0);
            LuaInterrupt e = assertThrows(LuaInterrupt.class, () -> run("pcall(function() " + loop + " end)"));
            assertEquals("killed", e.getMessage());
            L.resetStack();
        }
        L.hook(null, 0);
        assertEquals("ok", first("return 'ok'"));
    }

    @Test
    void runawayRecursionIsAStackOverflowError() {
        assertEquals("false user_script:1: stack overflow",
                first("local function f(n) return 1 + f(n + 1) end local ok, e = pcall(f, 1) return tostring(ok) .. ' ' .. e"));
        assertEquals(0, L.depth());
    }

    @Test
    void aJavaStackOverflowBecomesALuaError() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            LuaState small = LuaInterpreterTest.newState();
            result.set(LuaInterpreterTest.run(small, "local function f(n) return 1 + f(n + 1) end "
                    + "local ok, e = pcall(f, 1) return e")[0]);
        }, "small-stack", 128 * 1024);
        t.start();
        t.join();
        assertTrue(result.get().toString().endsWith("stack overflow"), String.valueOf(result.get()));
    }

    @Test
    void compilerLimitsAreCLuas() {
        StringBuilder locals = new StringBuilder("local a0");
        for (int i = 1; i < 200; i++) {
            locals.append(", a").append(i);
        }
        assertEquals("ok", first(locals + " return 'ok'"));
        LuaError e = assertThrows(LuaError.class, () -> run(locals + ", a200"));
        assertEquals("user_script:1: main function has more than 200 local variables", e.getMessage());

        StringBuilder upvalues = new StringBuilder();
        StringBuilder sum = new StringBuilder("0");
        for (int i = 0; i < 61; i++) {
            upvalues.append("local u").append(i).append(" = 1 ");
            sum.append(" + u").append(i);
        }
        e = assertThrows(LuaError.class, () -> run(upvalues + "\nreturn function() return " + sum + " end"));
        assertEquals("user_script:2: function at line 2 has more than 60 upvalues", e.getMessage());
    }

    @Test
    void speed() {
        long t0 = System.nanoTime();
        Object[] sum = run("local s = 0 for i = 1, 10000000 do s = s + i end return s");
        long t1 = System.nanoTime();
        Object[] fib = run("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end "
                + "return fib(25)");
        long t2 = System.nanoTime();
        assertEquals(50000005000000.0, sum[0]);
        assertEquals(75025.0, fib[0]);
        System.out.printf("lua speed: 10M additions %d ms, fib(25) %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
    }
}
