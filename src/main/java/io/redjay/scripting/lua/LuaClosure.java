package io.redjay.scripting.lua;

import java.util.Arrays;

/**
 * A function compiled from Lua source, with its upvalues and its environment. The environment is Lua 5.1's function
 * environment: the table its global names resolve in, inherited by the closures it creates and changed by
 * {@code setfenv}; global accesses read it from the running closure on every access, so a change is seen at once.
 *
 * <p>A call allocates the frame, moves the arguments into the parameter slots (boxing the captured ones), keeps any
 * extra arguments for {@code ...}, runs the body and hands back what its {@code return} left in the frame. Calls
 * nest on the Java stack (tail calls too); {@link LuaState#MAX_DEPTH} bounds them, and a Java stack overflow that
 * still happens first (deep expressions inside deep calls) is turned into Lua's "stack overflow" error by the call
 * nodes ({@link CallNodes#stackOverflow}).
 */
public final class LuaClosure extends LuaFunction {
    private static final LuaString N = LuaString.of("n");

    final FunctionProto proto;
    final UpvalueCell[] upvalues;
    private LuaTable env;

    LuaClosure(FunctionProto proto, LuaTable env, UpvalueCell[] upvalues) {
        this.proto = proto;
        this.env = env;
        this.upvalues = upvalues;
    }

    public LuaTable env() {
        return env;
    }

    public void env(LuaTable env) {
        this.env = env;
    }

    @Override
    public boolean isLua() {
        return true;
    }

    @Override
    public String source() {
        return proto.source;
    }

    @Override
    public String chunkName() {
        return proto.chunkName;
    }

    @Override
    protected Object[] invoke(LuaState L, Object[] args) {
        L.tick();
        FunctionProto p = proto;
        Object[] frame = new Object[p.frameSize];
        frame[FunctionProto.CLOSURE] = this;
        int np = p.numParams;
        int n = Math.min(np, args.length);
        System.arraycopy(args, 0, frame, FunctionProto.FIRST_LOCAL, n);
        if (p.isVararg) {
            Object[] extra = args.length > np ? Arrays.copyOfRange(args, np, args.length) : Lua.NONE;
            frame[FunctionProto.VARARGS] = extra;
            if (p.needsArgTable) {
                frame[FunctionProto.FIRST_LOCAL + np] = argTable(extra);
            }
        }
        boolean[] boxed = p.boxedParams;
        if (boxed != null) {
            for (int i = 0; i < boxed.length; i++) {
                if (boxed[i]) {
                    frame[FunctionProto.FIRST_LOCAL + i] = new UpvalueCell(frame[FunctionProto.FIRST_LOCAL + i]);
                }
            }
        }
        if (p.body.exec(L, frame) == Stat.RETURN) {
            return (Object[]) frame[FunctionProto.RESULTS];
        }
        return Lua.NONE;
    }

    private static LuaTable argTable(Object[] extra) {
        LuaTable t = new LuaTable(extra.length, 1);
        for (int i = 0; i < extra.length; i++) {
            t.rawset(i + 1, extra[i]);
        }
        t.rawset(N, (double) extra.length);
        return t;
    }
}
