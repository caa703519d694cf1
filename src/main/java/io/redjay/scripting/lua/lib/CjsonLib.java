package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.LuaUserdata;

/**
 * The {@code cjson} library: lua-cjson 2.1.0 as Redis 7.0 bundles it. {@link CjsonEncoder} and {@link CjsonDecoder}
 * do the work; this class builds module tables and implements the configuration functions, whose argument checks
 * and results follow lua-cjson's (a boolean for on/off settings, the setting's name otherwise, the current values
 * when called without arguments, "found too many arguments", "expected integer between 1 and 14").
 *
 * <p><b>Module tables.</b> Each table has its own {@link CjsonConfig}, captured by its functions as lua-cjson
 * captures its configuration userdata as an upvalue; {@code cjson.new()} returns another table with another
 * configuration. All tables of one state share one {@code cjson.null}: in C it is the NULL light userdata, equal to
 * itself everywhere, and here it is one {@link LuaUserdata} kept in the state's registry ({@link #nullValue}).
 *
 * <p><b>Integers from arguments</b> are converted as {@code luaL_checkinteger} converts them on x86-64: truncated
 * to 64 bits (an out-of-range value becomes {@code LONG_MIN}), then to the C {@code int} the setting is.
 */
public final class CjsonLib {
    private static final LuaString NULL_KEY = LuaString.of("cjson.null");
    private static final String[] ON_OFF = {"off", "on"};
    private static final String[] INVALID_NUMBER_MODES = {"off", "on", "null"};

    private CjsonLib() {
    }

    /** Creates {@code cjson} in the globals and returns it. */
    public static LuaTable install(LuaState L) {
        LuaTable cjson = newModule(L);
        L.globals().rawset("cjson", cjson);
        return cjson;
    }

    /** The state's {@code cjson.null}: what JSON null decodes to, and what encodes as null besides nil. */
    public static LuaUserdata nullValue(LuaState L) {
        Object v = L.registry().rawget(NULL_KEY);
        if (v instanceof LuaUserdata u) {
            return u;
        }
        LuaUserdata u = new LuaUserdata(null);
        L.registry().rawset(NULL_KEY, u);
        return u;
    }

    private static LuaTable newModule(LuaState L) {
        CjsonConfig cfg = new CjsonConfig();
        LuaUserdata nil = nullValue(L);
        LuaTable t = new LuaTable(0, 16);
        // cjson.encode(value)
        t.rawset("encode", new LuaBuiltin("encode", (st, args) -> {
            exactlyOne(st, args);
            return Lua.ret(CjsonEncoder.encode(st, cfg, nil, args[0]));
        }));
        // cjson.decode(text)
        t.rawset("decode", new LuaBuiltin("decode", (st, args) -> {
            exactlyOne(st, args);
            return Lua.ret(CjsonDecoder.decode(st, cfg, nil, st.checkString(args, 0)));
        }));
        // cjson.encode_sparse_array([convert [, ratio [, safe]]])
        t.rawset("encode_sparse_array", new LuaBuiltin("encode_sparse_array", (st, args) -> {
            atMost(st, args, 3);
            int convert = enumOption(st, args, 0, cfg.sparseConvert ? 1 : 0, ON_OFF);
            cfg.sparseConvert = convert == 1;
            cfg.sparseRatio = integerOption(st, args, 1, cfg.sparseRatio, 0, Integer.MAX_VALUE);
            cfg.sparseSafe = integerOption(st, args, 2, cfg.sparseSafe, 0, Integer.MAX_VALUE);
            return new Object[] {Lua.bool(cfg.sparseConvert), (double) cfg.sparseRatio, (double) cfg.sparseSafe};
        }));
        // cjson.encode_max_depth([depth])
        t.rawset("encode_max_depth", new LuaBuiltin("encode_max_depth", (st, args) -> {
            atMost(st, args, 1);
            cfg.encodeMaxDepth = integerOption(st, args, 0, cfg.encodeMaxDepth, 1, Integer.MAX_VALUE);
            return Lua.ret((double) cfg.encodeMaxDepth);
        }));
        // cjson.decode_max_depth([depth])
        t.rawset("decode_max_depth", new LuaBuiltin("decode_max_depth", (st, args) -> {
            atMost(st, args, 1);
            cfg.decodeMaxDepth = integerOption(st, args, 0, cfg.decodeMaxDepth, 1, Integer.MAX_VALUE);
            return Lua.ret((double) cfg.decodeMaxDepth);
        }));
        // cjson.encode_number_precision([digits])
        t.rawset("encode_number_precision", new LuaBuiltin("encode_number_precision", (st, args) -> {
            atMost(st, args, 1);
            cfg.numberPrecision = integerOption(st, args, 0, cfg.numberPrecision, 1, 14);
            return Lua.ret((double) cfg.numberPrecision);
        }));
        // cjson.encode_keep_buffer([keep])
        t.rawset("encode_keep_buffer", new LuaBuiltin("encode_keep_buffer", (st, args) -> {
            atMost(st, args, 1);
            cfg.keepBuffer = enumOption(st, args, 0, cfg.keepBuffer ? 1 : 0, ON_OFF) == 1;
            if (!cfg.keepBuffer) {
                cfg.buffer = null;
            }
            return Lua.ret(Lua.bool(cfg.keepBuffer));
        }));
        // cjson.encode_invalid_numbers([mode])
        t.rawset("encode_invalid_numbers", new LuaBuiltin("encode_invalid_numbers", (st, args) -> {
            atMost(st, args, 1);
            cfg.encodeInvalidNumbers = enumOption(st, args, 0, cfg.encodeInvalidNumbers, INVALID_NUMBER_MODES);
            return Lua.ret(enumResult(cfg.encodeInvalidNumbers, INVALID_NUMBER_MODES));
        }));
        // cjson.decode_invalid_numbers([accept])
        t.rawset("decode_invalid_numbers", new LuaBuiltin("decode_invalid_numbers", (st, args) -> {
            atMost(st, args, 1);
            cfg.decodeInvalidNumbers = enumOption(st, args, 0, cfg.decodeInvalidNumbers ? 1 : 0, ON_OFF) == 1;
            return Lua.ret(Lua.bool(cfg.decodeInvalidNumbers));
        }));
        // cjson.new()
        t.rawset("new", new LuaBuiltin("new", (st, args) -> Lua.ret(newModule(st))));
        t.rawset("null", nil);
        t.rawset("_NAME", LuaString.of("cjson"));
        t.rawset("_VERSION", LuaString.of("2.1.0"));
        return t;
    }

    private static void exactlyOne(LuaState L, Object[] args) {
        if (args.length != 1) {
            throw L.argError(1, "expected 1 argument");
        }
    }

    private static void atMost(LuaState L, Object[] args, int n) {
        if (args.length > n) {
            throw L.argError(n + 1, "found too many arguments");
        }
    }

    /**
     * lua-cjson's {@code json_integer_option}: argument {@code i} as the new value of a setting, checked against
     * the range (the error always names argument 1, as lua-cjson's does), or {@code current} when it is nil.
     */
    private static int integerOption(LuaState L, Object[] args, int i, int current, int min, int max) {
        Object v = Lua.arg(args, i);
        if (v == null) {
            return current;
        }
        Double d = LuaNumbers.coerce(v);
        if (d == null) {
            throw L.typeError(i + 1, "number", LuaState.gotName(args, i));
        }
        int value = (int) luaInteger(d);
        if (value < min || value > max) {
            throw L.argError(1, "expected integer between " + min + " and " + max);
        }
        return value;
    }

    /**
     * lua-cjson's {@code json_enum_option}: a boolean (false = 0, true = 1) or the name of one of {@code options}
     * (its index), or {@code current} when the argument is nil.
     */
    private static int enumOption(LuaState L, Object[] args, int i, int current, String[] options) {
        Object v = Lua.arg(args, i);
        if (v == null) {
            return current;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        LuaString name = L.checkString(args, i);
        for (int k = 0; k < options.length; k++) {
            if (name.toString().equals(options[k])) {
                return k;
            }
        }
        throw L.argError(i + 1, "invalid option '" + name.toUtf8() + "'");
    }

    /** An enum setting as lua-cjson returns it: false/true for 0 and 1, the option's name otherwise. */
    private static Object enumResult(int setting, String[] options) {
        return setting <= 1 ? Lua.bool(setting == 1) : LuaString.of(options[setting]);
    }

    /** {@code lua_tointeger} on x86-64: truncation, with {@code LONG_MIN} for NaN and out-of-range values. */
    static long luaInteger(double d) {
        return d >= -0x1p63 && d < 0x1p63 ? (long) d : Long.MIN_VALUE;
    }
}
