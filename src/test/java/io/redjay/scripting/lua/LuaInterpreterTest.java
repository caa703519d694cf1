package io.redjay.scripting.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.redjay.scripting.lua.lib.BaseLib;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A corpus of Lua snippets with the results real Redis 7.0.15's Lua 5.1 gives for them (each snippet was run with
 * {@code redis-cli eval}; snippets return strings because Redis turns numbers into integers). The sandbox of Redis
 * hides {@code getfenv}/{@code setfenv}, so the few snippets using them carry results read from {@code lbaselib.c}.
 * Only the base library is installed, plus the {@code string.rep} and {@code string.char} a few snippets need to
 * build their input, written here (and the string metatable whose {@code __index} is that table, as in Redis).
 */
class LuaInterpreterTest {
    static LuaState newState() {
        LuaState L = new LuaState();
        BaseLib.install(L);
        LuaTable string = new LuaTable();
        string.rawset("rep", new LuaBuiltin("rep", (st, args) -> {
            byte[] b = st.checkString(args, 0).bytes();
            int n = st.checkInt(args, 1);
            byte[] out = new byte[b.length * Math.max(n, 0)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b, 0, out, i * b.length, b.length);
            }
            return Lua.ret(LuaString.wrap(out));
        }));
        string.rawset("char", new LuaBuiltin("char", (st, args) -> {
            byte[] out = new byte[args.length];
            for (int i = 0; i < args.length; i++) {
                out[i] = (byte) st.checkInt(args, i);
            }
            return Lua.ret(LuaString.wrap(out));
        }));
        L.globals().rawset("string", string);
        LuaTable stringMeta = new LuaTable();
        stringMeta.rawset("__index", string);
        L.stringMetatable(stringMeta);
        return L;
    }

    static Object[] run(LuaState L, String source) {
        LuaFunction main = LuaCompiler.load(L, LuaString.of(source), "user_script", L.globals());
        return L.call(main, Lua.NONE);
    }

    static void assertLua(String expected, String source) {
        Object[] results = run(newState(), source);
        String actual = results.length == 0 ? null : LuaOps.rawTostring(results[0]).toString();
        assertEquals(expected, actual, source);
    }

    static void assertLuaError(String expected, String source) {
        LuaError e = assertThrows(LuaError.class, () -> run(newState(), source), source);
        assertEquals(expected, LuaOps.rawTostring(e.value()).toString(), source);
    }

    @Test
    void arithmeticAndNumberFormatting() {
        assertLua("5",
                "return tostring(1 + 2 * 3 - 4 / 2)");
        assertLua("-4",
                "return tostring(-2 ^ 2)");
        assertLua("512",
                "return tostring(2 ^ 3 ^ 2)");
        assertLua("1 2 -2 1.5",
                "return tostring(7 % 3) .. ' ' .. tostring(-7 % 3) .. ' ' .. tostring(7 % -3) .. ' ' .. tostring(5.5 % 2)");
        assertLua("inf -inf",
                "return tostring(1 / 0) .. ' ' .. tostring(-1 / 0)");
        assertLua("-nan",
                "local z = 0 return tostring(0 / z)");
        assertLua("3.3333333333333",
                "return tostring(10 / 3)");
        assertLua("9.007199254741e+15 9.2233720368548e+18 1e+15 1e+100",
                "return tostring(2 ^ 53) .. ' ' .. tostring(2 ^ 63) .. ' ' .. tostring(1e15) .. ' ' .. tostring(1e100)");
        assertLua("11 32 2",
                "return tostring('10' + 1) .. ' ' .. tostring('0x10' * 2) .. ' ' .. tostring(' 3 ' - 1)");
        assertLua("31 255 100 0.5 3 0.2",
                "return tostring(0x1F) .. ' ' .. tostring(0XfF) .. ' ' .. tostring(1e2) .. ' ' .. tostring(.5) .. ' ' .. tostring(3.) .. ' ' .. tostring(2E-1)");
        assertLua("-0",
                "return tostring(-0)");
        assertLua("-55",
                "local x = 5 return tostring(-x) .. tostring(- -x)");
        assertLua("6",
                "return tostring(3 - -3)");
        assertLua("12",
                "return tostring(1 .. 2)");
        assertLua("11.51e+14|1e+15",
                "return 1 .. '' .. 1.5 .. '' .. 100000000000000 .. '|' .. 1e14 * 10");
        assertLua("0.3",
                "return tostring(0.1 + 0.2)");
        assertLua("123456789012",
                "return tostring(123456789012)");
        assertLua("-1.5e-07",
                "return tostring(-1.5e-7)");
        assertLua("inf -inf",
                "return tostring(1e300 * 1e10) .. ' ' .. tostring(-1e300 * 1e10)");
        assertLua("truetrue",
                "return tostring('10' + 0 == 10) .. tostring('10' < '9')");
        assertLua("1.4142135623731 -nan",
                "return tostring(2^0.5) .. ' ' .. tostring(10 % 0)");
        assertLua("true",
                "return tostring(1 .. 2 == '12')");
        assertLua("-1 1.5",
                "return tostring(-7 % -3) .. ' ' .. tostring(5 % 3.5)");
        assertLua("1e+15 123456789 0.1 0.33333333333333",
                "return tostring(1e15 + 0.5) .. ' ' .. tostring(123456.789e3) .. ' ' .. tostring(0.1) .. ' ' .. tostring(1/3)");
        assertLua("2147483648 -2147483648 4294967297",
                "return tostring(2^31) .. ' ' .. tostring(-2^31) .. ' ' .. tostring(2^32 + 1)");
    }

    @Test
    void comparisonsAndLogic() {
        assertLua("truetruetruefalse",
                "return tostring(1 < 2) .. tostring(2 <= 2) .. tostring(3 > 2) .. tostring(2 >= 3)");
        assertLua("truetruetruetruetrue",
                "return tostring('a' < 'b') .. tostring('abc' < 'abd') .. tostring('Z' < 'a') .. tostring('' < 'a') .. tostring('a' < 'aa')");
        assertLua("truefalsefalsefalse",
                "return tostring(1 == 1.0) .. tostring('1' == 1) .. tostring(nil == false) .. tostring({} == {})");
        assertLua("truefalsetrue",
                "local t = {} return tostring(t == t) .. tostring(t ~= t) .. tostring(1 ~= 2)");
        assertLua("truefalse",
                "return tostring(not nil == true) .. tostring(not 1 == nil)");
        assertLua("2nilxfalse1",
                "return tostring(1 and 2) .. tostring(nil and 1) .. tostring(false or 'x') .. tostring(nil or false) .. tostring(1 or error('no'))");
        assertLua("d",
                "return tostring(nil and nil or 'd')");
        assertLua("falsetrue",
                "local a = 0 / 0 return tostring(a == a) .. tostring(a ~= a)");
        assertLua("truetrue3",
                "return tostring('\\200' > 'a') .. tostring('a\\0b' < 'a\\0c') .. tostring(#'a\\0b')");
        assertLua("user_script:1: attempt to compare table with number",
                "local mt = {__lt = function(a, b) return true end} local ok, e = pcall(function() return setmetatable({}, mt) < 1 end) return e");
        assertLua("falsefalse",
                "local mt = {__le = function(a, b) return false end} local a, b = setmetatable({}, mt), setmetatable({}, mt) return tostring(a <= b) .. tostring(b >= a)");
        assertLua("truefalse",
                "local mt = {__lt = function(a, b) return rawget(a, 'v') < rawget(b, 'v') end} local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt) return tostring(a <= b) .. tostring(b <= a)");
        assertLua("false",
                "local mt1 = {__eq = function() return true end} local mt2 = {__eq = function() return true end} return tostring(setmetatable({}, mt1) == setmetatable({}, mt2))");
        assertLua("true",
                "local f = function() return true end local mt1 = {__eq = f} local mt2 = {__eq = f} return tostring(setmetatable({}, mt1) == setmetatable({}, mt2))");
        assertLua("booleantrue",
                "local mt = {__eq = function() return 1 end} local a, b = setmetatable({}, mt), setmetatable({}, mt) local r = (a == b) return type(r) .. tostring(r)");
        assertLua("falsetrue",
                "return tostring(rawequal(0/0, 0/0)) .. tostring(rawequal(1, 1.0))");
        assertLua("truetruetrue",
                "local x = 5 return tostring(x > 3 and x < 10) .. tostring(x >= 5 and x <= 5) .. tostring(not (x ~= 5))");
    }

    @Test
    void stringLiteralsAndComments() {
        assertLua("a\tb\nc\\d'e\"f",
                "return 'a\\tb\\nc\\\\d\\'e\\\"f'");
        assertLua("ABC7",
                "return '\\65\\066\\0677'");
        assertLua("x\ny",
                "return 'x\\\ny'");
        assertLua("first\nsecond",
                "return [[\nfirst\nsecond]]");
        assertLua("a]]b]=]c",
                "return [==[a]]b]=]c]==]");
        assertLua("qqz",
                "return 'q\\qz'");
        assertLua("it'ssay \"hi\"",
                "return \"it's\" .. 'say \"hi\"'");
        assertLua("50",
                "return tostring(#'hello') .. tostring(#'')");
        assertLua("after",
                "--[[ long\ncomment ]] return 'after' -- trailing");
        assertLua("lc",
                "--[==[ x ]] ]==] return 'lc'");
        assertLua("same",
                "return '\\a\\b\\f\\v\\r' == '\\7\\8\\12\\11\\13' and 'same' or 'diff'");
        assertLua("ababab",
                "return ('ab'):rep(3)");
        assertLua("nil",
                "local s = 'x' return tostring(s.nothing)");
        assertLua("tab\tend",
                "return 'tab\\9end'");
        assertLua("line",
                "return [[\r\nline]]");
        assertLua("short",
                "--[ not long\nreturn 'short'");
        assertLua("abc12.5",
                "return 'a' .. 'b' .. 'c' .. 1 .. 2.5");
        assertLua("x41",
                "return '\\x41'");
        assertLua("1",
                "return #[[\n\n]]");
    }

    @Test
    void localsAndMultipleAssignment() {
        assertLua("12nil",
                "local a, b, c = 1, 2 return tostring(a) .. tostring(b) .. tostring(c)");
        assertLua("3",
                "local a, b = 1, 2, 3 return tostring(a + b)");
        assertLua("21",
                "local a, b = 1, 2 a, b = b, a return a .. b");
        assertLua("20nil2",
                "local t = {} local i = 1 i, t[i] = i + 1, 20 return tostring(t[1]) .. tostring(t[2]) .. i");
        assertLua("1",
                "local a; a, a = 1, 2 return tostring(a)");
        assertLua("1",
                "local x = 1 do local x = 2 end return tostring(x)");
        assertLua("11",
                "local x = 10 local x = x + 1 return tostring(x)");
        assertLua("123nil",
                "local function f() return 1, 2, 3 end local a, b, c, d = f() return tostring(a) .. tostring(b) .. tostring(c) .. tostring(d)");
        assertLua("110nil",
                "local function f() return 1, 2, 3 end local a, b, c = f(), 10 return tostring(a) .. tostring(b) .. tostring(c)");
        assertLua("1nil",
                "local function f() return 1, 2 end local a, b = (f()) return tostring(a) .. tostring(b)");
        assertLua("11",
                "local t = {} t.a = {} t.a.b = 5 t['c'] = 6 return tostring(t.a.b + t.c)");
    }

    @Test
    void controlStructures() {
        assertLua("55",
                "local s = 0 for i = 1, 10 do s = s + i end return tostring(s)");
        assertLua("10,7,4,1,",
                "local s = '' for i = 10, 1, -3 do s = s .. i .. ',' end return s");
        assertLua("1,1.5,2,",
                "local s = '' for i = 1, 2, 0.5 do s = s .. i .. ',' end return s");
        assertLua("0",
                "local n = 0 for i = 1, 0 do n = n + 1 end return tostring(n)");
        assertLua("1:10 2:20 3:30 ",
                "local s = '' for i = 1, 3 do local j = i i = i * 10 s = s .. j .. ':' .. i .. ' ' end return s");
        assertLua("123",
                "local lim = 3 local s = '' for i = 1, lim do lim = 10 s = s .. i end return s");
        assertLua("123",
                "local s = '' for i = '1', '3' do s = s .. i end return s");
        assertLua("6",
                "local i = 0 while true do i = i + 1 if i > 5 then break end end return tostring(i)");
        assertLua("4",
                "local i = 0 repeat local j = i i = i + 1 until j >= 3 return tostring(i)");
        assertLua("3",
                "local i = 0 while i < 3 do i = i + 1 end return tostring(i)");
        assertLua("three",
                "local x = 3 if x == 1 then return 'one' elseif x == 2 then return 'two' elseif x == 3 then return 'three' else return 'other' end");
        assertLua("b",
                "if nil then return 'a' else return 'b' end");
        assertLua("1a2b",
                "local s = '' for k, v in ipairs({'a', 'b', nil, 'd'}) do s = s .. k .. v end return s");
        assertLua("140",
                "local t = {10, 20, 30} local n = 0 for k, v in pairs(t) do n = n + k * v end return tostring(n)");
        assertLua("a1",
                "local t = {a = 1} local s = '' for k, v in pairs(t) do s = s .. k .. v end return s");
        assertLua("10 22 34 ",
                "local function iter(s, c) if c < s then return c + 1, c * 2 end end local r = '' for a, b in iter, 3, 0 do r = r .. a .. b .. ' ' end return r");
        assertLua("6",
                "local t = {1, 2, 3} local s = 0 for _, v in next, t do s = s + v end return tostring(s)");
        assertLua("1|12|123|",
                "local r = '' for i = 1, 3 do for j = 1, 3 do if j > i then break end r = r .. j end r = r .. '|' end return r");
        assertLua("4",
                "local function f() for i = 1, 10 do if i == 4 then return i end end end return tostring(f())");
        assertLuaError("user_script:1: unexpected symbol near ';'",
                "do local a = 1 ; ; end return 'semi'");
        assertLua("9",
                "local n = 0 for i = 1, 3 do for j = 1, 3 do n = n + 1 end end return tostring(n)");
        assertLua("123",
                "local s = '' for i = 1.0, 3 do s = s .. i end return s");
        assertLua("x",
                "local s = '' for i = 3, 1 do s = s .. i end return 'x' .. s");
        assertLua("-1-2-3",
                "local s = '' for i = -1, -3, -1 do s = s .. i end return s");
        assertLua("3",
                "local n = 0 for i = 1, 3, 1 do n = i end return tostring(n)");
        assertLua("2",
                "local r = 0 repeat r = r + 1 if r == 2 then break end until false return tostring(r)");
        assertLua("128",
                "local i = 1 while i < 100 do i = i * 2 end return tostring(i)");
        assertLua("noyesyes",
                "local function f(x) if x then return 'yes' end return 'no' end return f(false) .. f(0) .. f('')");
        assertLua("40",
                "local x = 0 for i = 1, 5 do if i % 2 == 0 then x = x + i elseif i == 5 then x = x * 10 else x = x - 1 end end return tostring(x)");
        assertLua("false",
                "for i = 0.1, 1, 0.7 do return tostring(i == 0.1) end");
        assertLua("0",
                "local n = 0 for i = 1, 3, 0 do n = n + 1 if n > 5 then break end end return tostring(n)");
        assertLua("6",
                "local n = 0 for i = 3, 1, 0 do n = n + 1 if n > 5 then break end end return tostring(n)");
        assertLua("x",
                "local s = '' for i = 1, 0/0 do s = s .. i end return 'x' .. s");
    }

    @Test
    void functionsVarargsAndResults() {
        assertLua("6765",
                "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return tostring(fib(20))");
        assertLua("013",
                "local function f(...) return select('#', ...) end return tostring(f()) .. tostring(f(nil)) .. tostring(f(1, nil, nil))");
        assertLua("1nil12",
                "local function f(...) local a, b = ... return tostring(a) .. tostring(b) end return f(1) .. f(1, 2, 3)");
        assertLua("134nil",
                "local function f(...) return ... end local function g() return f(1, 2), f(3, 4) end local a, b, c, d = g() return tostring(a) .. tostring(b) .. tostring(c) .. tostring(d)");
        assertLua("3",
                "local function f(...) return {...} end local t = f(1, 2, 3) return tostring(#t)");
        assertLua("1nil12",
                "local function f(a, b) return tostring(a) .. tostring(b) end return f(1) .. f(1, 2, 3)");
        assertLua("36",
                "local function f(...) return arg.n .. tostring(arg[2]) end return f(5, 6, 7)");
        assertLua("nil",
                "local function f(...) local x = ... return type(arg) end return f(1)");
        assertLua("5",
                "local t = {n = 0} function t:inc(k) self.n = self.n + k return self end t:inc(2):inc(3) return tostring(t.n)");
        assertLua("9",
                "local t = {} function t.f(a) return a end return tostring(t.f(9))");
        assertLua("7",
                "local o = {v = 7} local function get(self) return self.v end o.get = get return tostring(o:get())");
        assertLua("tblstr",
                "local function f(t) return t[1] end return f{'tbl'} .. (function(s) return s end)'str'");
        assertLua("42",
                "local f = function(x) return x * 2 end return tostring(f(21))");
        assertLua("0nil",
                "local function f() end return tostring(select('#', f())) .. tostring((f()))");
        assertLua("nil",
                "local function f() return end local a = f() return tostring(a)");
        assertLua("2",
                "local t = {(function() return 1, 2 end)()} return tostring(#t)");
        assertLua("2",
                "local t = {(function() return 1, 2 end)(), 5} return tostring(#t)");
        assertLua("1",
                "local t = {((function() return 1, 2 end)())} return tostring(#t)");
        assertLua("b",
                "return select(2, 'a', 'b', 'c')");
        assertLua("c",
                "return tostring(select(-1, 'a', 'b', 'c'))");
        assertLua("0",
                "return tostring(select('#'))");
        assertLua("1",
                "local function f(...) return (...) end return tostring(f(1, 2))");
        assertLua("1xnil",
                "local function f(...) return ..., 'x' end local a, b, c = f(1, 2) return tostring(a) .. tostring(b) .. tostring(c)");
        assertLua("2",
                "local function f(...) local t = {..., 'x'} return #t end return tostring(f(1, 2, 3))");
        assertLua("2",
                "local function f(...) return select('#', ...) end return tostring(f(nil, nil))");
        assertLua("b",
                "return select(2.7, 'a', 'b', 'c')");
        assertLua("1nil3",
                "local t = {unpack({1, nil, 3})} return tostring(t[1]) .. tostring(t[2]) .. tostring(t[3])");
        assertLua("4",
                "local function f() return 1, 2, 3 end return tostring(select('#', f(), f()))");
        assertLua("4",
                "local function f() return 1, 2, 3 end local t = {f(), f()} return tostring(#t)");
        assertLua("1",
                "local function f() return 1, 2, 3 end local t = {f(), nil} return tostring(#t)");
        assertLua("5",
                "local goto = 5 return tostring(goto)");
        assertLua("1nil",
                "local t = {} t[1], t[2] = 1 return tostring(t[1]) .. tostring(t[2])");
        assertLua("10",
                "local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + select(i, ...) end return s end return tostring(sum(1, 2, 3, 4))");
        assertLua("3",
                "local function pass(...) return ... end return tostring(select('#', pass(pass(1, nil, nil))))");
        assertLua("8",
                "local o = {} function o.new(v) return setmetatable({v = v}, {__index = o}) end function o:get() return self.v end return tostring(o.new(8):get())");
    }

    @Test
    void closuresAndUpvalues() {
        assertLua("123",
                "local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs[1]() .. fs[2]() .. fs[3]()");
        assertLua("31",
                "local function counter() local n = 0 return function() n = n + 1 return n end end local c1, c2 = counter(), counter() c1() c1() return c1() .. c2()");
        assertLua("55",
                "local x = 1 local function get() return x end local function set(v) x = v end set(5) return get() .. x");
        assertLua("123",
                "local fs = {} local i = 1 while i <= 3 do local j = i fs[i] = function() return j end i = i + 1 end return fs[1]() .. fs[2]() .. fs[3]()");
        assertLua("1a2b",
                "local fs = {} for k, v in ipairs({'a', 'b'}) do fs[k] = function() return k .. v end end return fs[1]() .. fs[2]()");
        assertLua("3",
                "local function outer() local a = 1 return function() return function() a = a + 1 return a end end end local f = outer()() f() return tostring(f())");
        assertLua("012",
                "local fs = {} local i = 0 repeat local j = i fs[#fs + 1] = function() return j end i = i + 1 until i == 3 return fs[1]() .. fs[2]() .. fs[3]()");
        assertLua("12",
                "local function f(a) return function() a = a + 1 return a end end local g = f(10) g() return tostring(g())");
        assertLua("2",
                "local function f(...) local n = select('#', ...) return function() return n end end return tostring(f(1, 2)())");
        assertLua("2",
                "local a = {} local x = 1 a[1] = function() return x end x = 2 return tostring(a[1]())");
        assertLua("2",
                "local a, b do local x = 0 a = function() x = x + 1 return x end b = function() return x end end a() a() return tostring(b())");
        assertLua("1221",
                "local fs = {} for i = 1, 2 do local x = i * 10 fs[i] = function() x = x + 1 return x end end fs[1]() return fs[1]() .. fs[2]()");
        assertLua("2",
                "local function mk() local n = 0 local function inc() n = n + 1 return n end local function get() return n end return inc, get end local i, g = mk() i() i() return tostring(g())");
        assertLua("7",
                "local x = 1 local function f() local function g() return x end return g end x = 7 return tostring(f()())");
        assertLua("3",
                "local t = {} for i = 1, 3 do t[i] = function() return i end i = i end return t[3]()");
        assertLua("done",
                "local function f(n) if n == 0 then return function() return 'done' end end return f(n - 1) end return f(5)()");
    }

    @Test
    void tableConstructorsAndKeys() {
        assertLua("4teny",
                "local t = {1, 2, 3; 4, [10] = 'ten', x = 'y',} return #t .. t[10] .. t.x");
        assertLua("b",
                "local t = {[1] = 'a', 'b'} return t[1]");
        assertLua("b",
                "local t = {'b', [1] = 'a'} return t[1]");
        assertLua("2",
                "local t = {nil, 2} return tostring(#t)");
        assertLua("1",
                "local t = {1, nil} return tostring(#t)");
        assertLua("one",
                "local t = {} t[1.0] = 'one' return t[1]");
        assertLua("z",
                "local t = {} t[-0] = 'z' return t[0]");
        assertLua("12",
                "local t = {x = 1, ['y z'] = 2} return t.x .. t['y z']");
        assertLua("true",
                "local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return tostring(#t == 2 or #t == 4)");
        assertLua("deep",
                "local t = {n = {m = {k = 'deep'}}} return t.n.m.k");
        assertLua("tk",
                "local k = {} local t = {[k] = 'tk'} return t[k]");
        assertLua("T",
                "local t = {} t[true] = 'T' return t[true]");
        assertLua("0",
                "return tostring(#{})");
        assertLua("fi",
                "local t = {} t[1.5] = 'f' t[1] = 'i' return t[1.5] .. t[1]");
        assertLua("2",
                "local t = {10, 20, 30} t[2] = nil local n = 0 for k, v in pairs(t) do n = n + 1 end return tostring(n)");
        assertLua("nil",
                "local t = {a = 1, b = 2, c = 3} for k in pairs(t) do t[k] = nil end return tostring(next(t))");
        assertLua("5050 100",
                "local t = {} for i = 1, 100 do t[i] = i end local s = 0 for i, v in ipairs(t) do s = s + v end return tostring(s) .. ' ' .. #t");
        assertLua("100",
                "local t = {} for i = 100, 1, -1 do t[i] = i end return tostring(#t)");
        assertLua("4",
                "local t = {1, 2, 3} t[#t + 1] = 4 return tostring(#t)");
        assertLua("21",
                "local t = {n = 1, [1] = 'a', [2] = 'b'} return #t .. t.n");
        assertLua("3",
                "local t = {{1, 2}, {3, 4}} return tostring(t[2][1])");
        assertLua("3",
                "local t = {[1] = 1, [2] = 2, [3] = 3} return tostring(#t)");
        assertLua("dcba",
                "local t = {'a', 'b', 'c', 'd'} local s = '' for i = #t, 1, -1 do s = s .. t[i] end return s");
    }

    @Test
    void metatables() {
        assertLua("abc!",
                "local t = setmetatable({}, {__index = function(t, k) return k .. '!' end}) return t.abc");
        assertLua("base",
                "local base = {x = 'base'} local t = setmetatable({}, {__index = base}) return t.x");
        assertLua("10",
                "local log = {} local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end}) t.a = 5 return tostring(t.a)");
        assertLua("nil1",
                "local store = {} local t = setmetatable({}, {__newindex = store}) t.a = 1 return tostring(rawget(t, 'a')) .. tostring(store.a)");
        assertLua("5",
                "local t = setmetatable({}, {__call = function(self, a, b) return a + b end}) return tostring(t(2, 3))");
        assertLua("truefalse",
                "local mt = {__eq = function(a, b) return true end} local a, b = setmetatable({}, mt), setmetatable({}, mt) return tostring(a == b) .. tostring(a ~= b)");
        assertLua("truefalsetrue",
                "local mt = {__lt = function(a, b) return a.v < b.v end} local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt) return tostring(a < b) .. tostring(a > b) .. tostring(a <= b)");
        assertLua("truetrue",
                "local mt = {__le = function(a, b) return 'x' end} local a, b = setmetatable({}, mt), setmetatable({}, mt) return tostring(a <= b) .. tostring(a >= b)");
        assertLua("CCC",
                "local mt = {__concat = function(a, b) return 'C' end} local a = setmetatable({}, mt) return (a .. 'x') .. ('x' .. a) .. (1 .. a)");
        assertLua("neg",
                "local mt = {__unm = function(a) return 'neg' end} return -setmetatable({}, mt)");
        assertLua("addsubmuldivmodpow",
                "local mt = {__add = function(a, b) return 'add' end, __sub = function() return 'sub' end, __mul = function() return 'mul' end, __div = function() return 'div' end, __mod = function() return 'mod' end, __pow = function() return 'pow' end} local a = setmetatable({}, mt) return (a + 1) .. (1 - a) .. (a * a) .. (a / 2) .. (a % 2) .. (a ^ 2)");
        assertLua("OBJ",
                "local mt = {__tostring = function() return 'OBJ' end} return tostring(setmetatable({}, mt))");
        assertLua("locked",
                "local t = setmetatable({}, {__metatable = 'locked'}) return getmetatable(t)");
        assertLua("cannot change a protected metatable",
                "local t = setmetatable({}, {__metatable = false}) local ok, e = pcall(setmetatable, t, {}) return e");
        assertLua("truenil",
                "local mt = {} local t = setmetatable({}, mt) return tostring(getmetatable(t) == mt) .. tostring(getmetatable({}))");
        assertLua("42",
                "local mt = {__index = function(t, k) return k * 2 end} local t = setmetatable({}, mt) return tostring(t[21])");
        assertLua("yes",
                "local a = setmetatable({}, {__index = setmetatable({}, {__index = {deep = 'yes'}})}) return a.deep");
        assertLua("0",
                "local t = setmetatable({}, {__len = function() return 99 end}) return tostring(#t)");
        assertLua("nil",
                "local t = setmetatable({}, {__index = function(t, k) return nil end}) return tostring(t.x)");
        assertLua("3",
                "local mt = {__call = function(self, ...) return select('#', ...) end} local o = setmetatable({}, mt) return tostring(o(1, 2, 3))");
        assertLua("table",
                "local t = setmetatable({}, {__tostring = function() return {} end}) return type(tostring(t))");
        assertLua("false",
                "local mt = {__eq = function() return true end} local a = setmetatable({}, mt) return tostring(a == 1)");
        assertLua("y",
                "local t = setmetatable({}, {__index = function(t, k) return nil end, __newindex = function(t, k, v) rawset(t, k, v .. '!') end}) t.a = 'x' t.a = 'y' return t.a");
        assertLua("deep1",
                "local b = {} local t = setmetatable({}, {__newindex = setmetatable(b, {__newindex = function(t, k, v) rawset(t, k, 'deep' .. v) end})}) t.q = 1 return b.q");
        assertLua("ab+T",
                "local mt = {__concat = function(a, b) return (type(a) == 'table' and 'T' or a) .. '+' .. (type(b) == 'table' and 'T' or b) end} local t = setmetatable({}, mt) return 'a' .. 'b' .. t");
        assertLua("M",
                "local mt = {__concat = function(a, b) return 'M' end} local t = setmetatable({}, mt) return t .. 'a' .. 'b'");
        assertLua("1x",
                "local mt = {__index = function(t, k) return k end} local t = setmetatable({}, mt) return t[1] .. t.x");
        assertLua("hi",
                "local mt = {} mt.__index = mt mt.hello = function() return 'hi' end local o = setmetatable({}, mt) return o.hello()");
        assertLua("called",
                "local t = setmetatable({}, {__call = function(self, x) return x end}) return t('called')");
        assertLua("user_script:1: attempt to concatenate upvalue 't' (a table value)",
                "local t = setmetatable({}, {__tostring = function(s) return 'X' end}) local ok, e = pcall(function() return 'a' .. t end) return e");
        assertLua("cannot change a protected metatable",
                "local mt = {__metatable = 'no'} local t = setmetatable({}, mt) local ok, e = pcall(setmetatable, t, nil) return e");
        assertLua("true",
                "local mt = {__unm = function(a, b) return tostring(rawequal(a, b)) end} return -setmetatable({}, mt)");
        assertLua("numbertablestringtabletablenil",
                "local mt = {__add = function(a, b) return type(a) .. type(b) end} local t = setmetatable({}, mt) return (1 + t) .. ('s' + t) .. (t + nil)");
        assertLua("m",
                "local mt = {__mod = function(a, b) return 'm' end} local t = setmetatable({}, mt) return '5' % t");
    }

    @Test
    void runtimeErrorsAndProtectedCalls() {
        assertLua("false user_script:1: boom",
                "local ok, e = pcall(function() error('boom') end) return tostring(ok) .. ' ' .. e");
        assertLua("boom",
                "local ok, e = pcall(function() error('boom', 0) end) return e");
        assertLua("user_script:2: lvl2",
                "local ok, e = pcall(function() local function f() error('lvl2', 2) end\nf() end) return e");
        assertLua("nil",
                "local ok, e = pcall(function() error() end) return tostring(e)");
        assertLua("true",
                "local t = {} local ok, e = pcall(function() error(t) end) return tostring(e == t)");
        assertLua("user_script:1: 42",
                "local ok, e = pcall(function() error(42) end) return e");
        assertLua("direct",
                "local ok, e = pcall(error, 'direct') return e");
        assertLua("falsenil",
                "local ok, e = pcall(error) return tostring(ok) .. tostring(e)");
        assertLua("true",
                "return tostring(pcall(function() return 1 end))");
        assertLua("3",
                "return select('#', pcall(function() return 1, 2 end))");
        assertLua("true712",
                "local a, b, c = pcall(function(x, y) return x + y, x * y end, 3, 4) return tostring(a) .. b .. c");
        assertLua("handled: user_script:1: x",
                "local ok, e = xpcall(function() error('x') end, function(m) return 'handled: ' .. m end) return e");
        assertLua("truefine",
                "local ok, e = xpcall(function() return 'fine' end, function(m) return m end) return tostring(ok) .. e");
        assertLua("error in error handling",
                "local ok, e = xpcall(function() error('a') end, function(m) error('b') end) return e");
        assertLua("user_script:1: attempt to index local 'x' (a nil value)",
                "local ok, e = pcall(function() local x = nil; return x.y end) return e");
        assertLua("user_script:1: attempt to call global 'foo' (a nil value)",
                "local ok, e = pcall(setfenv(function() return foo() end, {})) return e");
        assertLua("user_script:1: attempt to index global 'x' (a nil value)",
                "local ok, e = pcall(setfenv(function() return x.y end, {})) return e");
        assertLua("user_script:1: attempt to index global 'x' (a nil value)",
                "local ok, e = pcall(setfenv(function() x.y = 1 end, {})) return e");
        assertLua("user_script:1: attempt to index field 'x' (a nil value)",
                "local ok, e = pcall(function() local t = {} return t.x.y end) return e");
        assertLua("user_script:1: attempt to index field 'x' (a number value)",
                "local ok, e = pcall(function() local t = {x = 1} return t.x.y end) return e");
        assertLua("user_script:1: attempt to call method 'm' (a nil value)",
                "local ok, e = pcall(function() local t = {} t:m() end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on upvalue 'u' (a string value)",
                "local ok, e = pcall(function() local u = 'a' return (function() return u + 1 end)() end) return e");
        assertLua("user_script:1: attempt to concatenate global 'x' (a nil value)",
                "local ok, e = pcall(setfenv(function() return 'a' .. x end, {})) return e");
        assertLua("user_script:1: attempt to get length of local 'x' (a number value)",
                "local ok, e = pcall(function() local x = 5 return #x end) return e");
        assertLua("user_script:1: attempt to call a table value",
                "local ok, e = pcall(function() return ({})() end) return e");
        assertLua("user_script:1: attempt to call field 'f' (a nil value)",
                "local ok, e = pcall(function() local t = {} t.f() end) return e");
        assertLua("user_script:1: attempt to call local 'f' (a number value)",
                "local ok, e = pcall(function() local f = 1 f() end) return e");
        assertLua("user_script:1: attempt to compare number with nil",
                "local ok, e = pcall(function() return 1 < nil end) return e");
        assertLua("user_script:1: attempt to compare nil with number",
                "local ok, e = pcall(function() return 1 > nil end) return e");
        assertLua("user_script:1: attempt to compare two table values",
                "local ok, e = pcall(function() return {} < {} end) return e");
        assertLua("user_script:1: attempt to compare string with number",
                "local ok, e = pcall(function() return 'a' < 1 end) return e");
        assertLua("user_script:1: attempt to concatenate a table value",
                "local ok, e = pcall(function() return {} .. 'x' end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on a nil value",
                "local ok, e = pcall(function() return nil + 1 end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on field 'n' (a nil value)",
                "local ok, e = pcall(function() local t = {} return t.n + 1 end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on a string value",
                "local ok, e = pcall(function() return 'abc' + 1 end) return e");
        assertLua("user_script:1: table index is nil",
                "local ok, e = pcall(function() local t = {} t[nil] = 1 end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on local 't' (a table value)",
                "local ok, e = pcall(function() local t = {} return -t end) return e");
        assertLua("user_script:1: 'for' initial value must be a number",
                "local ok, e = pcall(function() for i = 'a', 2 do end end) return e");
        assertLua("user_script:1: 'for' limit must be a number",
                "local ok, e = pcall(function() for i = 1, {} do end end) return e");
        assertLua("user_script:1: 'for' step must be a number",
                "local ok, e = pcall(function() for i = 1, 2, nil do end end) return e");
        assertLua("user_script:1: attempt to call a nil value",
                "local ok, e = pcall(function() for k in nil do end end) return e");
        assertLua("user_script:4: attempt to perform arithmetic on local 'b' (a nil value)",
                "local ok, e = pcall(function()\nlocal a = 1\nlocal b = nil\nreturn a + b\nend) return e");
        assertLua("user_script:1: idx q",
                "local ok, e = pcall(function() local t = setmetatable({}, {__index = function(t, k) error('idx ' .. k) end}) return t.q end) return e");
        assertLua("user_script:1: assertion failed!",
                "local ok, e = pcall(function() assert(false) end) return e");
        assertLua("user_script:1: custom",
                "local ok, e = pcall(function() assert(nil, 'custom') end) return e");
        assertLua("3",
                "return select('#', assert(1, 2, 3))");
        assertLua("user_script:1: stack overflow",
                "local ok, e = pcall(function() local function r() return r() + 1 end return r() end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on a table value",
                "local ok, e = pcall(function() return {} + {} end) return e");
        assertLua("user_script:1: attempt to index field 'b' (a nil value)",
                "local ok, e = pcall(function() local a = {} return a.b.c.d end) return e");
        assertLua("user_script:1: attempt to index field 'y' (a nil value)",
                "local ok, e = pcall(function() local s = 'x' return s.y.z end) return e");
        assertLua("user_script:1: attempt to call a number value",
                "local ok, e = pcall(function() return (1)() end) return e");
        assertLua("user_script:1: attempt to index field '?' (a nil value)",
                "local ok, e = pcall(function() local t = {} return t[1].x end) return e");
        assertLua("user_script:1: attempt to index field 'x' (a nil value)",
                "local ok, e = pcall(function() local t = {{}} return t[1].x.y end) return e");
        assertLua("invalid key to 'next'",
                "local ok, e = pcall(next, {}, 'nokey') return e");
        assertLua("true",
                "local ok, e = pcall(error, true) return tostring(e)");
        assertLua("user_script:1: lvl3",
                "local ok, e = pcall(function() error('lvl3', 3) end) return e");
        assertLua("user_script:1: two",
                "local function a() error('two', 2) end local function b() a() end local ok, e = pcall(b) return e");
        assertLua("inner",
                "local ok, e = pcall(function() local ok, e = pcall(error, 'inner') error(e, 0) end) return e");
        assertLua("error in error handling",
                "local ok, e = xpcall(function() error('x') end, 1) return e");
        assertLua("user_script:3: attempt to perform arithmetic on a nil value",
                "local ok, e = pcall(function()\n  local t = {\n    a = nil + 1\n  }\nend) return e");
        assertLua("user_script:4: attempt to perform arithmetic on local 'x' (a nil value)",
                "local ok, e = pcall(function()\n  local x = nil\n  local y = 1 +\n    x\nend) return e");
        assertLua("user_script:3: attempt to call local 'f' (a nil value)",
                "local ok, e = pcall(function()\n  local f\n  f(\n    1,\n    2)\nend) return e");
        assertLua("user_script:3: attempt to compare number with nil",
                "local ok, e = pcall(function()\n  local i = 0\n  while i < nil do\n  end\nend) return e");
        assertLua("user_script:1: from index",
                "local ok, e = pcall(function() local t = setmetatable({}, {__index = function(t, k) error('from index', 2) end}) local v = t.x end) return e");
        assertLua("user_script:1: attempt to concatenate a table value",
                "local ok, e = pcall(function() local a = 'x' .. {} end) return e");
        assertLua("user_script:1: attempt to concatenate field 'x' (a nil value)",
                "local ok, e = pcall(function() local t = {} local b = t.x .. 'y' end) return e");
        assertLua("user_script:1: attempt to index field 'x' (a nil value)",
                "local ok, e = pcall(function() local t = {} t.x.y = 1 end) return e");
        assertLua("user_script:1: attempt to index upvalue 'up' (a nil value)",
                "local ok, e = pcall(function() local up = nil return (function() return up.x end)() end) return e");
        assertLua("user_script:1: attempt to call upvalue 'up' (a nil value)",
                "local ok, e = pcall(function() local up = nil return (function() return up() end)() end) return e");
        assertLua("user_script:1: attempt to get length of field 'x' (a nil value)",
                "local ok, e = pcall(function() local t = {} return #t.x end) return e");
        assertLua("user_script:1: attempt to concatenate local 'a' (a table value)",
                "local ok, e = pcall(function() local a = {} a = a .. 'x' end) return e");
        assertLua("user_script:1: attempt to call a string value",
                "local ok, e = pcall(function() return ('x')() end) return e");
        assertLua("user_script:1: attempt to call local 't' (a table value)",
                "local ok, e = pcall(function() local t = setmetatable({}, {__call = 5}) return t() end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on a boolean value",
                "local ok, e = pcall(function() return 1 + true end) return e");
        assertLua("user_script:1: attempt to perform arithmetic on local 'b' (a boolean value)",
                "local ok, e = pcall(function() local b = true return -b end) return e");
        assertLua("user_script:1: attempt to compare string with number",
                "local ok, e = pcall(function() local s = 'abc' return s < 1 end) return e");
        assertLua("user_script:1: table index is NaN",
                "local ok, e = pcall(function() local t = {} t[0/0] = 1 end) return e");
        assertLua("user_script:1: table index is nil",
                "local ok, e = pcall(function() return {[nil] = 1} end) return e");
        assertLua("user_script:1: attempt to index field 'a' (a nil value)",
                "local ok, e = pcall(function() local t = {} return t.a.b.c end) return e");
        assertLua("custom",
                "local ok, e = pcall(function() error(setmetatable({}, {__tostring = function() return 'custom' end})) end) return tostring(e)");
        assertLua("user_script:1: 'for' limit must be a number",
                "local ok, e = pcall(function() for i = 1, 'x' do end end) return e");
        assertLua("user_script:1: attempt to concatenate a nil value",
                "local ok, e = pcall(function() local a = 1 for i = 1, 3 do a = a .. nil end end) return e");
        assertLua("user_script:1: attempt to call method 'nomethod' (a nil value)",
                "local ok, e = pcall(function() local t = {} t:nomethod(1) end) return e");
        assertLua("user_script:1: attempt to call method 'nomethod' (a nil value)",
                "local ok, e = pcall(function() local s = 'str' s:nomethod() end) return e");
        assertLua("user_script:1: attempt to index local 'n' (a number value)",
                "local ok, e = pcall(function() local n = 5 n:m() end) return e");
    }

    @Test
    void syntaxErrors() {
        assertLua("[string \"x = = 1\"]:1: unexpected symbol near '='",
                "local f, e = loadstring('x = = 1') return e");
        assertLua("[string \"1 = 2\"]:1: unexpected symbol near '1'",
                "local f, e = loadstring('1 = 2') return e");
        assertLua("true",
                "local f, e = loadstring('local x') return tostring(f ~= nil)");
        assertLua("[string \"x\"]:1: '=' expected near '<eof>'",
                "local f, e = loadstring('x') return e");
        assertLua("[string \"return end\"]:1: '<eof>' expected near 'end'",
                "local f, e = loadstring('return end') return e");
        assertLua("[string \"end\"]:1: '<eof>' expected near 'end'",
                "local f, e = loadstring('end') return e");
        assertLua("[string \"x = \"abc\"]:1: unfinished string near '<eof>'",
                "local f, e = loadstring('x = \"abc') return e");
        assertLua("[string \"x = \"abc...\"]:1: unfinished string near '\"abc'",
                "local f, e = loadstring('x = \"abc\\ndef\"') return e");
        assertLua("[string \"x = 3x\"]:1: malformed number near '3x'",
                "local f, e = loadstring('x = 3x') return e");
        assertLua("[string \"x = 0x\"]:1: malformed number near '0x'",
                "local f, e = loadstring('x = 0x') return e");
        assertLua("[string \"x = 1..2\"]:1: malformed number near '1..2'",
                "local f, e = loadstring('x = 1..2') return e");
        assertLua("[string \"x = [[abc\"]:1: unfinished long string near '<eof>'",
                "local f, e = loadstring('x = [[abc') return e");
        assertLua("[string \"--[[abc\"]:1: unfinished long comment near '<eof>'",
                "local f, e = loadstring('--[[abc') return e");
        assertLua("[string \"x = [==[abc]]\"]:1: unfinished long string near '<eof>'",
                "local f, e = loadstring('x = [==[abc]]') return e");
        assertLua("[string \"x = [=abc\"]:1: invalid long string delimiter near '[='",
                "local f, e = loadstring('x = [=abc') return e");
        assertLua("[string \"x = [[a [[b]] c]]\"]:1: '=' expected near ']'",
                "local f, e = loadstring('x = [[a [[b]] c]]') return e");
        assertLua("[string \"x = \"\\300\"\"]:1: escape sequence too large near '\"'",
                "local f, e = loadstring('x = \"\\\\300\"') return e");
        assertLua("[string \"function f() return 1\"]:1: 'end' expected near '<eof>'",
                "local f, e = loadstring('function f() return 1') return e");
        assertLua("[string \"function f()...\"]:3: 'end' expected (to close 'function' at line 1) near '<eof>'",
                "local f, e = loadstring('function f()\\nreturn 1\\n') return e");
        assertLua("[string \"if x then\"]:1: 'end' expected near '<eof>'",
                "local f, e = loadstring('if x then') return e");
        assertLua("[string \"if x then...\"]:3: 'end' expected (to close 'if' at line 1) near '<eof>'",
                "local f, e = loadstring('if x then\\n\\nelse') return e");
        assertLua("[string \"if x y\"]:1: 'then' expected near 'y'",
                "local f, e = loadstring('if x y') return e");
        assertLua("[string \"while x do\"]:1: 'end' expected near '<eof>'",
                "local f, e = loadstring('while x do') return e");
        assertLua("[string \"for i in x\"]:1: 'do' expected near '<eof>'",
                "local f, e = loadstring('for i in x') return e");
        assertLua("[string \"for i x\"]:1: '=' or 'in' expected near 'x'",
                "local f, e = loadstring('for i x') return e");
        assertLua("[string \"for i = 1 do end\"]:1: ',' expected near 'do'",
                "local f, e = loadstring('for i = 1 do end') return e");
        assertLua("[string \"repeat x = 1\"]:1: 'until' expected near '<eof>'",
                "local f, e = loadstring('repeat x = 1') return e");
        assertLua("[string \"break\"]:1: no loop to break near '<eof>'",
                "local f, e = loadstring('break') return e");
        assertLua("true",
                "local f, e = loadstring('return ...') return tostring(f ~= nil)");
        assertLua("[string \"function f() return ... end\"]:1: cannot use '...' outside a vararg function near '...'",
                "local f, e = loadstring('function f() return ... end') return e");
        assertLua("[string \"f(\"]:1: unexpected symbol near '<eof>'",
                "local f, e = loadstring('f(') return e");
        assertLua("[string \"x = (1\"]:1: ')' expected near '<eof>'",
                "local f, e = loadstring('x = (1') return e");
        assertLua("[string \"x = (1...\"]:3: ')' expected (to close '(' at line 1) near '<eof>'",
                "local f, e = loadstring('x = (1\\n\\n') return e");
        assertLua("[string \"x = {1, 2\"]:1: '}' expected near '<eof>'",
                "local f, e = loadstring('x = {1, 2') return e");
        assertLua("[string \"local function (\"]:1: '<name>' expected near '('",
                "local f, e = loadstring('local function (') return e");
        assertLua("[string \"function f(a, 1) end\"]:1: <name> or '...' expected near '1'",
                "local f, e = loadstring('function f(a, 1) end') return e");
        assertLua("[string \"local t = {} t.1 = 2\"]:1: '=' expected near '.1'",
                "local f, e = loadstring('local t = {} t.1 = 2') return e");
        assertLua("[string \"x = ~1\"]:1: unexpected symbol near '~'",
                "local f, e = loadstring('x = ~1') return e");
        assertLua("[string \"x = 1 +\"]:1: unexpected symbol near '<eof>'",
                "local f, e = loadstring('x = 1 +') return e");
        assertLua("[string \"return return\"]:1: unexpected symbol near 'return'",
                "local f, e = loadstring('return return') return e");
        assertLua("[string \"return 1 2\"]:1: '<eof>' expected near '2'",
                "local f, e = loadstring('return 1 2') return e");
        assertLua("[string \"f() = 1\"]:1: unexpected symbol near '='",
                "local f, e = loadstring('f() = 1') return e");
        assertLua("[string \"a, f() = 1, 2\"]:1: syntax error near '='",
                "local f, e = loadstring('a, f() = 1, 2') return e");
        assertLua("[string \"(a) = 1\"]:1: syntax error near '='",
                "local f, e = loadstring('(a) = 1') return e");
        assertLua("[string \"local x = 1...\"]:3: ambiguous syntax (function call x new statement) near '('",
                "local f, e = loadstring('local x = 1\\nf\\n(x)') return e");
        assertLua("[string \"x = @\"]:1: unexpected symbol near '@'",
                "local f, e = loadstring('x = @') return e");
        assertLua("[string \"x = \"a\" \"b\"\"]:1: unexpected symbol near '\"b\"'",
                "local f, e = loadstring('x = \"a\" \"b\"') return e");
        assertLua("[string \"x = 1...\"]:4: unexpected symbol near '<eof>'",
                "local f, e = loadstring('x = 1\\n\\n\\n  y = ') return e");
        assertLua("[string \"a.b:c = 1\"]:1: function arguments expected near '='",
                "local f, e = loadstring('a.b:c = 1') return e");
        assertLua("[string \"do end end\"]:1: '<eof>' expected near 'end'",
                "local f, e = loadstring('do end end') return e");
        assertLua("[string \"(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((...\"]:1: chunk has too many syntax levels",
                "local f, e = loadstring(string.rep('(', 300) .. '1' .. string.rep(')', 300)) return e");
        assertLua("mychunk:1: unexpected symbol near '<eof>'",
                "local f, e = loadstring('x=', '=mychunk') return e");
        assertLua("file.lua:1: unexpected symbol near '<eof>'",
                "local f, e = loadstring('x=', '@file.lua') return e");
        assertLua("[string \"x = 1...\"]:2: unexpected symbol near '<eof>'",
                "local f, e = loadstring('x = 1\\ny = ') return e");
        assertLua("[string \"local t = {a = }\"]:1: unexpected symbol near '}'",
                "local f, e = loadstring('local t = {a = }') return e");
        assertLua("[string \"x = function\"]:1: '(' expected near '<eof>'",
                "local f, e = loadstring('x = function') return e");
        assertLua("[string \"return '\\\"]:1: unfinished string near '<eof>'",
                "local f, e = loadstring('return \\'\\\\') return e");
        assertLua("[string \"\u001bLua\"]:1: unexpected symbol near 'char(27)'",
                "local f, e = loadstring(string.char(27) .. 'Lua') return e");
    }

    @Test
    void baseLibrary() {
        assertLua("nilbooleannumberstringtablefunction",
                "return type(nil) .. type(true) .. type(1) .. type('') .. type({}) .. type(type)");
        assertLua("user_script:1: bad argument #1 to 'type' (value expected)",
                "local ok, e = pcall(function() return type() end) return e");
        assertLua("niltrue121.5",
                "return tostring(nil) .. tostring(true) .. tostring(12) .. tostring(1.5)");
        assertLua("10161210nilnil",
                "return tostring(tonumber('10')) .. tostring(tonumber('0x10')) .. tostring(tonumber('  12  ')) .. tostring(tonumber('1e1')) .. tostring(tonumber('abc')) .. tostring(tonumber(''))");
        assertLua("255 511 1295 nil 3",
                "return tostring(tonumber('ff', 16)) .. ' ' .. tostring(tonumber('777', 8)) .. ' ' .. tostring(tonumber('zz', 36)) .. ' ' .. tostring(tonumber('102', 2)) .. ' ' .. tostring(tonumber('11', 2))");
        assertLua("31 1.844674407371e+19 nil 21",
                "return tostring(tonumber('0x1f', 16)) .. ' ' .. tostring(tonumber(' -ff ', 16)) .. ' ' .. tostring(tonumber('8', 8)) .. ' ' .. tostring(tonumber(15, 16))");
        assertLua("user_script:1: bad argument #2 to 'tonumber' (base out of range)",
                "local ok, e = pcall(function() return tonumber('1', 99) end) return e");
        assertLua("user_script:1: bad argument #1 to 'tonumber' (value expected)",
                "local ok, e = pcall(function() return tonumber() end) return e");
        assertLua("nil",
                "return tostring(tonumber(nil))");
        assertLua("nil",
                "return tostring(tonumber({}))");
        assertLua("1.50.55nilnil",
                "return tostring(tonumber('1.5')) .. tostring(tonumber('.5')) .. tostring(tonumber('5.')) .. tostring(tonumber('1e')) .. tostring(tonumber('0x'))");
        assertLua("324",
                "local t = {1, 2, 3} return tostring(select('#', unpack(t))) .. tostring((unpack(t, 2))) .. tostring(select('#', unpack(t, 2, 5)))");
        assertLua("0",
                "return tostring(select('#', unpack({}, 1, 0)))");
        assertLua("user_script:1: too many results to unpack",
                "local ok, e = pcall(function() return unpack({}, 1, 1e8) end) return e");
        assertLua("user_script:1: bad argument #1 to 'unpack' (table expected, got no value)",
                "local ok, e = pcall(function() return unpack() end) return e");
        assertLua("user_script:1: bad argument #1 to 'select' (index out of range)",
                "local ok, e = pcall(function() return select(0, 'a') end) return e");
        assertLua("user_script:1: bad argument #1 to 'select' (number expected, got string)",
                "local ok, e = pcall(function() return select('x') end) return e");
        assertLua("0",
                "return select('#', select(5, 1, 2))");
        assertLua("truefalse",
                "return tostring(rawequal('a', 'a')) .. tostring(rawequal({}, {}))");
        assertLua("nilmeta",
                "local t = setmetatable({}, {__index = function() return 'meta' end}) return tostring(rawget(t, 'k')) .. t.k");
        assertLua("1",
                "local t = rawset({}, 'a', 1) return tostring(t.a)");
        assertLua("table index is nil",
                "local ok, e = pcall(rawset, {}, nil, 1) return e");
        assertLua("user_script:1: bad argument #1 to 'setmetatable' (table expected, got number)",
                "local ok, e = pcall(function() return setmetatable(1, {}) end) return e");
        assertLua("user_script:1: bad argument #2 to 'setmetatable' (nil or table expected)",
                "local ok, e = pcall(function() return setmetatable({}, 1) end) return e");
        assertLua("user_script:1: bad argument #2 to 'setmetatable' (nil or table expected)",
                "local ok, e = pcall(function() return setmetatable({}) end) return e");
        assertLua("user_script:1: bad argument #1 to 'ipairs' (table expected, got no value)",
                "local ok, e = pcall(function() return ipairs() end) return e");
        assertLua("user_script:1: bad argument #1 to 'pairs' (table expected, got nil)",
                "local ok, e = pcall(function() return pairs(nil) end) return e");
        assertLua("nil1",
                "local t = {} return tostring(next(t)) .. tostring(next({5}))");
        assertLua("x1",
                "local k, v = next({x = 1}) return k .. v");
        assertLua("Lua 5.1",
                "return _VERSION");
        assertLua("truetrue",
                "return tostring(_G == getfenv(0)) .. tostring(_G._G == _G)");
        assertLua("2",
                "local f = loadstring('return 1 + 1') return tostring(f())");
        assertLua("2",
                "local f = loadstring('local a, b = ... return b') return tostring(f(1, 2))");
        assertLua("[string \"error(\"in chunk\")\"]:1: in chunk",
                "local f = loadstring('error(\"in chunk\")') local ok, e = pcall(f) return e");
        assertLua("[string \"named\"]:1: in chunk",
                "local f = loadstring('error(\"in chunk\")', 'named') local ok, e = pcall(f) return e");
        assertLua("named:1: in chunk",
                "local f = loadstring('error(\"in chunk\")', '=named') local ok, e = pcall(f) return e");
        assertLua("[string \"local x = 1...\"]:3: third",
                "local f = loadstring('local x = 1\\n\\nerror(\"third\")') local ok, e = pcall(f) return e");
        assertLua("[string \"error(\"x\") -- aaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"]:1: x",
                "local src = 'error(\"x\") -- ' .. string.rep('a', 100) local f = loadstring(src) local ok, e = pcall(f) return e");
        assertLua("42",
                "local parts = {'return ', '4', '2'} local i = 0 local f = load(function() i = i + 1 return parts[i] end) return tostring(f())");
        assertLua("user_script:1: reader function must return a string",
                "local f, e = load(function() return {} end) return e");
        assertLua("(load):1: unexpected symbol near '<eof>'",
                "local done = false local f, e = load(function() if done then return nil end done = true return 'x =' end) return e");
        assertLua("user_script:1: bad argument #1 to 'collectgarbage' (invalid option 'bogus')",
                "local ok, e = pcall(function() return collectgarbage('bogus') end) return e");
        assertLua("0numbernumber",
                "return tostring(collectgarbage('collect')) .. type(collectgarbage('count')) .. type(gcinfo())");
        assertLua("envy",
                "local env = {tostring = tostring} local f = setfenv(function() return tostring(y) end, env) env.y = 'envy' return f()");
        assertLua("true",
                "local f = function() return getfenv(1) end local e = {getfenv = getfenv} setfenv(f, e) return tostring(f() == e)");
        assertLua("set",
                "local function f() setfenv(1, {r = 'set'}) return r end return f()");
        assertLua("true",
                "local function f() return getfenv(2) end local e = {f = f} local g = setfenv(function() return f() end, e) return tostring(g() == e)");
        assertLua("true",
                "local outer = {getfenv = getfenv} local f = setfenv(function() return function() return getfenv(1) end end, outer) return tostring(f()() == outer)");
        assertLua("user_script:1: bad argument #1 to 'r' (value expected)",
                "local ok, e = pcall(function() local r = type return r() end) return e");
        assertLua("user_script:1: bad argument #1 to 'rep' (number expected, got no value)",
                "local ok, e = pcall(function() return ('x'):rep() end) return e");
        assertLua("user_script:1: bad argument #1 to '?' (value expected)",
                "local ok, e = pcall(function() local t = {type} return t[1]() end) return e");
        assertLua("user_script:1: calling 'rep' on bad self (string expected, got table)",
                "local ok, e = pcall(function() local t = {rep = string.rep} return t:rep(2) end) return e");
        assertLua("user_script:1: bad argument #2 to 'rep' (number expected, got no value)",
                "local ok, e = pcall(function() return string.rep('x') end) return e");
        assertLua("user_script:1: bad argument #2 to 'up' (base out of range)",
                "local up = tonumber local ok, e = pcall(function() return up('z', 99) end) return e");
        assertLua("user_script:1: bad argument #1 to 'getfenv' (invalid level)",
                "local ok, e = pcall(function() return getfenv(50) end) return e");
        assertLua("user_script:1: bad argument #1 to 'getfenv' (level must be non-negative)",
                "local ok, e = pcall(function() return getfenv(-1) end) return e");
        assertLua("user_script:1: 'setfenv' cannot change environment of given object",
                "local ok, e = pcall(function() setfenv(type, {}) end) return e");
        assertLua("true",
                "return tostring(getfenv(type) == _G)");
        assertLua("true0",
                "local f = load(function() return nil end) return tostring(f ~= nil) .. tostring(select('#', f()))");
        assertLua("user_script:1: attempt to index global 'q' (a nil value)",
                "local t = setmetatable({}, {__index = {}}) local ok, e = pcall(function() local u = {} return (setfenv(function() return q.z end, t))() end) return e");
    }
}
