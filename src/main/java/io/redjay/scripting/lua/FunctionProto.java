package io.redjay.scripting.lua;

/**
 * What the compiler knows about one Lua function: its body, its frame layout and where each of its upvalues comes
 * from when a closure of it is created. Shared by every closure of the function.
 *
 * <p><b>Frame layout.</b> A call runs with an {@code Object[]} frame: slot {@link #CLOSURE} holds the running
 * {@link LuaClosure} (its env and upvalues), {@link #VARARGS} the extra arguments of a vararg function,
 * {@link #RESULTS} the values of the {@code return} that ended the body, and the locals follow from
 * {@link #FIRST_LOCAL}, parameters first. A captured local's slot holds its {@link UpvalueCell}.
 */
final class FunctionProto {
    static final int CLOSURE = 0;
    static final int VARARGS = 1;
    static final int RESULTS = 2;
    static final int FIRST_LOCAL = 3;

    final String chunkName;
    /** The chunk's source as Lua's debug info gives it ({@code @user_script}, or a loadstring chunk's text). */
    String source;
    final int lineDefined;
    int numParams;
    boolean isVararg;
    /** A vararg function that never says {@code ...} gets the 5.1 compatibility local {@code arg}. */
    boolean needsArgTable;
    /** Which parameter slots (offsets from the first local) are captured and must start boxed. */
    boolean[] boxedParams;
    int frameSize = FIRST_LOCAL;
    Stat body;
    /** For each upvalue: taken from the creating frame's slot (when {@code fromLocal}) or its own upvalue index. */
    boolean[] upvalueFromLocal = new boolean[0];
    int[] upvalueIndex = new int[0];

    FunctionProto(String chunkName, int lineDefined) {
        this.chunkName = chunkName;
        this.lineDefined = lineDefined;
    }
}
