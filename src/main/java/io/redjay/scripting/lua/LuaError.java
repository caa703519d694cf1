package io.redjay.scripting.lua;

/**
 * A Lua error in flight: raised by {@code error()}, by the interpreter (indexing nil, calling a number) or by a
 * library function, and caught by {@code pcall}/{@code xpcall} or by whoever called into the script. The error value
 * is any Lua value, as in C Lua: usually a string already carrying its {@code chunk:line:} position, but Redis itself
 * raises tables ({@code {err = "..."}}) through this path.
 *
 * <p>No Java stack trace is filled in: errors are part of normal script control flow, and some scripts raise and
 * catch them in loops.
 */
public class LuaError extends RuntimeException {
    private final Object value;
    private String chunkName;
    private String source;
    private int line = -1;

    public LuaError(Object value) {
        super(null, null, false, false);
        this.value = value;
    }

    /** An error whose value is the string {@code message}. */
    public LuaError(String message) {
        this(LuaString.of(message));
    }

    /**
     * Records where the error happened: the innermost Lua function the error left, at its current line (set once,
     * by {@link LuaState#call}; Redis's error handler reports the same place).
     */
    void locate(LuaFunction f, int atLine) {
        if (line < 0 && atLine >= 0) {
            chunkName = f.chunkName();
            source = f.source();
            line = atLine;
        }
    }

    /** The source of the Lua function the error was raised in ({@code @user_script}), or null when not known. */
    public String source() {
        return source;
    }

    /** The chunk of the Lua function the error was raised in, or null when not known. */
    public String chunkName() {
        return chunkName;
    }

    /** The line the error was raised at, or -1 when not known. */
    public int line() {
        return line;
    }

    /** The error value (any Lua value, {@code null} for nil). */
    public Object value() {
        return value;
    }

    @Override
    public String getMessage() {
        return value instanceof LuaString s ? s.toUtf8() : Lua.typeName(value) + " error value";
    }
}
