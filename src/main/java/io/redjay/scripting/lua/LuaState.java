package io.redjay.scripting.lua;

/**
 * One Lua interpreter's state: its globals, its registry, the string metatable, and the call stack.
 *
 * <p><b>The call stack.</b> Every call, Lua or Java, goes through {@link #call}, which pushes a frame holding the
 * function and the line it is executing (the interpreter updates it with {@link #line} as statements run). Error
 * positions come from there, as C Lua's {@code luaL_where} takes them from its call infos: a runtime error of the
 * interpreter is placed at the running Lua function's line ({@link #runtimeError}), an error raised by a Java library
 * function at the line of the Lua code that called it ({@link #error}), and {@code error(msg, level)} at the level it
 * names ({@link #where}). The depth is bounded ({@link #MAX_DEPTH}), so runaway recursion is a Lua "stack overflow"
 * error and never a Java one.
 *
 * <p><b>The hook.</b> {@link #tick} is called by the interpreter at every loop iteration and every function entry;
 * every {@code hookEvery} ticks it runs the installed {@link Hook}, which is how Redis's instruction-count hook
 * (busy scripts, SCRIPT KILL) is rebuilt. The hook may raise a {@link LuaInterrupt} to end the script.
 *
 * <p>A state is used by one thread at a time (Redis's executor), so nothing here is synchronized.
 */
public final class LuaState {
    /** Calls nested deeper than this raise "stack overflow" (C Lua's limit on nested C calls is 200). */
    public static final int MAX_DEPTH = 1000;

    /** Runs every {@code hookEvery} ticks. */
    @FunctionalInterface
    public interface Hook {
        void run(LuaState L);
    }

    private final LuaTable globals = new LuaTable();
    private final LuaTable registry = new LuaTable();
    private LuaTable stringMetatable;
    private LuaFunction[] frames = new LuaFunction[32];
    private int[] lines = new int[32];
    /** The name each call was made through ({@code getfuncname}), null when the call came from Java. */
    private String[] callNames = new String[32];
    private boolean[] methodCalls = new boolean[32];
    private int depth;
    private Hook hook;
    private int hookEvery = Integer.MAX_VALUE;
    private int budget = Integer.MAX_VALUE;

    public LuaTable globals() {
        return globals;
    }

    /** A table for the host's own bookkeeping, never visible to scripts. */
    public LuaTable registry() {
        return registry;
    }

    /** The metatable shared by all strings (its {@code __index} is the string library, so {@code s:upper()} works). */
    public LuaTable stringMetatable() {
        return stringMetatable;
    }

    public void stringMetatable(LuaTable mt) {
        stringMetatable = mt;
    }

    /** The metatable of any value: a table's or userdata's own, the shared one for strings, else null. */
    public LuaTable metatable(Object v) {
        if (v instanceof LuaTable t) {
            return t.metatable();
        }
        if (v instanceof LuaString) {
            return stringMetatable;
        }
        if (v instanceof LuaUserdata u) {
            return u.metatable();
        }
        return null;
    }

    /** The metamethod {@code event} ({@code "__index"} ...) of a value, or null. */
    public Object metamethod(Object v, LuaString event) {
        LuaTable mt = metatable(v);
        return mt == null ? null : mt.rawget(event);
    }

    // ---------------------------------------------------------------- calls

    /**
     * Calls {@code fn} (a function, or a value with a {@code __call} metamethod) with {@code args}; returns its
     * results. Pushes and pops the frame; raises "attempt to call a X value" for anything else.
     */
    public Object[] call(Object fn, Object[] args) {
        return call(fn, args, null, false);
    }

    /**
     * A call from Lua code: {@code name} is what the call site calls the function ("rep" for {@code string.rep(...)}
     * and for {@code s:rep(...)}, "?" when it has no name), and {@code method} says it was an {@code o:m()} call, so
     * that argument errors count and name arguments as C Lua's {@code luaL_argerror} does.
     */
    public Object[] call(Object fn, Object[] args, String name, boolean method) {
        LuaFunction f;
        if (fn instanceof LuaFunction direct) {
            f = direct;
        } else {
            Object handler = metamethod(fn, LuaOps.CALL);
            if (!(handler instanceof LuaFunction h)) {
                throw runtimeError("attempt to call a " + Lua.typeName(fn) + " value");
            }
            Object[] withSelf = new Object[args.length + 1];
            withSelf[0] = fn;
            System.arraycopy(args, 0, withSelf, 1, args.length);
            f = h;
            args = withSelf;
        }
        push(f);
        callNames[depth - 1] = name;
        methodCalls[depth - 1] = method;
        try {
            return f.invoke(this, args);
        } catch (LuaError e) {
            if (f.isLua()) {
                e.locate(f, lines[depth - 1]);
            }
            throw e;
        } finally {
            depth--;
            frames[depth] = null;
            callNames[depth] = null;
        }
    }

    private void push(LuaFunction f) {
        if (depth == frames.length) {
            if (depth >= MAX_DEPTH) {
                throw runtimeError("stack overflow");
            }
            frames = java.util.Arrays.copyOf(frames, depth * 2);
            lines = java.util.Arrays.copyOf(lines, depth * 2);
            callNames = java.util.Arrays.copyOf(callNames, depth * 2);
            methodCalls = java.util.Arrays.copyOf(methodCalls, depth * 2);
        }
        frames[depth] = f;
        lines[depth] = -1;
        depth++;
    }

    /** The interpreter reports the line the running Lua function is at. */
    public void line(int line) {
        lines[depth - 1] = line;
    }

    /** The chunk of the innermost running Lua function, or null when none runs. */
    public String currentChunk() {
        for (int i = depth - 1; i >= 0; i--) {
            if (frames[i].isLua()) {
                return frames[i].chunkName();
            }
        }
        return null;
    }

    /** The source of the innermost running Lua function ({@code @user_script}), or null when none runs. */
    public String currentSource() {
        for (int i = depth - 1; i >= 0; i--) {
            if (frames[i].isLua()) {
                return frames[i].source();
            }
        }
        return null;
    }

    /** The current line of the innermost running Lua function, or -1. */
    public int currentLine() {
        for (int i = depth - 1; i >= 0; i--) {
            if (frames[i].isLua()) {
                return lines[i];
            }
        }
        return -1;
    }

    /** The function {@code level} frames below the top (0 = the running one), or null when there is no such frame. */
    public LuaFunction function(int level) {
        int i = depth - 1 - level;
        return i < 0 || i >= depth ? null : frames[i];
    }

    /** How many calls are active. */
    public int depth() {
        return depth;
    }

    /**
     * {@code luaL_where}: "chunk:line: " of the function {@code level} frames below the top (0 = the running
     * function), or "" when that is a Java function or there is no such frame.
     */
    public String where(int level) {
        int i = depth - 1 - level;
        if (i < 0 || i >= depth) {
            return "";
        }
        LuaFunction f = frames[i];
        if (f == null || !f.isLua() || lines[i] < 0) {
            return "";
        }
        return f.chunkName() + ":" + lines[i] + ": ";
    }

    /** An error raised by the interpreter itself, placed at the running Lua function's current line. */
    public LuaError runtimeError(String message) {
        return new LuaError(LuaString.of(where(0) + message));
    }

    /** An error raised by a Java library function, placed at the line of the Lua code that called it. */
    public LuaError error(String message) {
        return new LuaError(LuaString.of(where(1) + message));
    }

    /**
     * {@code luaL_argerror}: "bad argument #n to 'name' (message)", named as the call site named the function (the
     * function's own name when Java called it); in a method call the self argument is not counted, and a bad self
     * is "calling 'name' on bad self (message)".
     */
    public LuaError argError(int argNumber, String message) {
        LuaFunction f = depth > 0 ? frames[depth - 1] : null;
        String name = f == null ? "?" : callNames[depth - 1] != null ? callNames[depth - 1] : f.name();
        if (f != null && methodCalls[depth - 1]) {
            argNumber--;
            if (argNumber == 0) {
                return error("calling '" + name + "' on bad self (" + message + ")");
            }
        }
        return error("bad argument #" + argNumber + " to '" + name + "' (" + message + ")");
    }

    /** {@code luaL_typerror}: "bad argument #n to 'name' (T expected, got U)". */
    public LuaError typeError(int argNumber, String expected, String gotName) {
        return argError(argNumber, expected + " expected, got " + gotName);
    }

    /** The type name an argument error reports: "no value" for an absent argument, as C Lua says. */
    public static String gotName(Object[] args, int i) {
        return i >= args.length ? "no value" : Lua.typeName(args[i]);
    }

    // ---------------------------------------------------------------- hook

    /** Installs {@code hook} to run every {@code every} ticks (null removes it). */
    public void hook(Hook h, int every) {
        hook = h;
        hookEvery = h == null ? Integer.MAX_VALUE : every;
        budget = hookEvery;
    }

    /** Called by the interpreter at each iteration of a loop that starts on {@code line}: the hook sees that line. */
    public void tick(int line) {
        lines[depth - 1] = line;
        tick();
    }

    /** Called by the interpreter at loop iterations and calls. */
    public void tick() {
        if (--budget <= 0) {
            budget = hookEvery;
            if (hook != null) {
                hook.run(this);
            }
        }
    }

    /** Drops the call stack after a script was interrupted mid-call (the next script starts from depth 0). */
    public void resetStack() {
        for (int i = 0; i < depth; i++) {
            frames[i] = null;
        }
        depth = 0;
    }

    // ---------------------------------------------------------------- coroutines

    private LuaThread running;
    private final java.util.List<LuaThread> started = new java.util.ArrayList<>();

    /** The coroutine running now, or null for the main one. */
    public LuaThread runningCoroutine() {
        return running;
    }

    void runningCoroutine(LuaThread t) {
        running = t;
    }

    /** A coroutine got its thread; {@link #closeCoroutines} ends it if the script leaves it suspended. */
    void started(LuaThread t) {
        started.add(t);
    }

    /** How many coroutines have a thread of their own right now (they are bounded). */
    int liveCoroutines() {
        started.removeIf(LuaThread::dead);
        return started.size();
    }

    /** Ends every coroutine the script left suspended: called when a script run is over. */
    public void closeCoroutines() {
        for (LuaThread t : started) {
            t.close();
        }
        started.clear();
        running = null;
    }

    /** The call stack as it is, for a coroutine switch; {@link #install} puts one back. */
    Object[] detachStack() {
        Object[] s = {frames, lines, callNames, methodCalls, depth};
        frames = new LuaFunction[32];
        lines = new int[32];
        callNames = new String[32];
        methodCalls = new boolean[32];
        depth = 0;
        return s;
    }

    /** Replaces the call stack with one {@link #detachStack} returned. */
    void install(Object[] s) {
        frames = (LuaFunction[]) s[0];
        lines = (int[]) s[1];
        callNames = (String[]) s[2];
        methodCalls = (boolean[]) s[3];
        depth = (Integer) s[4];
    }

    // ---------------------------------------------------------------- argument helpers for library functions

    /** Argument {@code i} (0-based) as a table, or Lua's type error. */
    public LuaTable checkTable(Object[] args, int i) {
        Object v = Lua.arg(args, i);
        if (v instanceof LuaTable t) {
            return t;
        }
        throw typeError(i + 1, "table", gotName(args, i));
    }

    /** Argument {@code i} as a string (numbers are converted, as {@code luaL_checklstring} does). */
    public LuaString checkString(Object[] args, int i) {
        Object v = Lua.arg(args, i);
        if (v instanceof LuaString s) {
            return s;
        }
        if (v instanceof Double d) {
            return LuaNumbers.toLuaString(d);
        }
        throw typeError(i + 1, "string", gotName(args, i));
    }

    /** Argument {@code i} as a number (numeric strings are converted, as {@code luaL_checknumber} does). */
    public double checkNumber(Object[] args, int i) {
        Object v = Lua.arg(args, i);
        Double d = LuaNumbers.coerce(v);
        if (d == null) {
            throw typeError(i + 1, "number", gotName(args, i));
        }
        return d;
    }

    /**
     * Argument {@code i} as an integer ({@code luaL_checkint}: the number truncated to a C {@code long}, then to its
     * low 32 bits). x86's conversion gives 2^63 for NaN and anything out of the long range, so 1e19 is 0, not -1.
     */
    public int checkInt(Object[] args, int i) {
        double d = checkNumber(args, i);
        return (int) (d >= -0x1p63 && d < 0x1p63 ? (long) d : Long.MIN_VALUE);
    }

    /** Argument {@code i} as an integer, or {@code def} when absent or nil. */
    public int optInt(Object[] args, int i, int def) {
        return Lua.arg(args, i) == null ? def : checkInt(args, i);
    }

    /** Argument {@code i} as a string, or {@code def} when absent or nil. */
    public LuaString optString(Object[] args, int i, LuaString def) {
        return Lua.arg(args, i) == null ? def : checkString(args, i);
    }

    /** {@code luaL_checkany}: raises "value expected" when argument {@code i} is absent. */
    public Object checkAny(Object[] args, int i) {
        if (i >= args.length) {
            throw argError(i + 1, "value expected");
        }
        return args[i];
    }
}
