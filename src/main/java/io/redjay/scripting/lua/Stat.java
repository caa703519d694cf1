package io.redjay.scripting.lua;

/**
 * An executable statement. {@link #exec} runs it in a frame (see {@link FunctionProto}) and says how control leaves
 * it: on to the next statement, out of the innermost loop ({@code break}) or out of the function ({@code return},
 * whose values are then in the frame's results slot).
 */
abstract class Stat {
    static final int NORMAL = 0;
    static final int BREAK = 1;
    static final int RETURN = 2;

    final int line;

    Stat(int line) {
        this.line = line;
    }

    abstract int exec(LuaState L, Object[] f);
}
