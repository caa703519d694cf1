package io.redjay.scripting.lua;

import java.util.Arrays;

/**
 * The expressions that produce values by running code or building them: calls ({@code f(a)}, {@code o:m(a)}),
 * {@code ...}, parentheses that cut a call to one value, function literals (closure creation) and table
 * constructors. Also the list evaluation every list context shares: all values of the last expression when it is a
 * call or {@code ...}, exactly one of each other.
 *
 * <p>A call reports its line (the line of its {@code (}) before calling, so that errors raised by the callee's Java
 * code ({@link LuaState#error}) name it; a value that cannot be called raises the named error ("attempt to call
 * global 'foo' (a nil value)") here, before {@link LuaState#call} would raise the unnamed one.
 */
final class CallNodes {
    private static final UpvalueCell[] NO_CELLS = new UpvalueCell[0];

    private CallNodes() {
    }

    /** The values of an expression list, with {@code pre} empty slots in front (for a method call's self). */
    static Object[] evalList(LuaState L, Object[] f, Expr[] es, int pre) {
        int n = es.length;
        if (n == 0) {
            return pre == 0 ? Lua.NONE : new Object[pre];
        }
        Expr last = es[n - 1];
        if (!last.isMulti()) {
            Object[] out = new Object[pre + n];
            for (int i = 0; i < n; i++) {
                out[pre + i] = es[i].eval(L, f);
            }
            return out;
        }
        if (n == 1 && pre == 0) {
            return last.evalMulti(L, f);
        }
        Object[] head = new Object[pre + n - 1];
        for (int i = 0; i < n - 1; i++) {
            head[pre + i] = es[i].eval(L, f);
        }
        Object[] tail = last.evalMulti(L, f);
        Object[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    static Object first(Object[] r) {
        return r.length == 0 ? null : r[0];
    }

    /**
     * A Java stack overflow below a call becomes Lua's "stack overflow", placed at this call's line (the running
     * frame, once the callee's has been popped). If even that needs more stack than is left, the overflow goes on up
     * to the next call out, which tries again with more room.
     */
    static LuaError stackOverflow(LuaState L) {
        return L.runtimeError("stack overflow");
    }

    static void checkCallable(LuaState L, Object fn, Expr source, String methodName) {
        if (!(fn instanceof LuaFunction) && !(L.metamethod(fn, LuaOps.CALL) instanceof LuaFunction)) {
            String type = Lua.typeName(fn);
            if (methodName != null) {
                throw L.runtimeError("attempt to call method '" + methodName + "' (a " + type + " value)");
            }
            throw L.runtimeError(Expr.typeError("call", source, fn));
        }
    }

    static final class Call extends Expr {
        final Expr fn;
        final Expr[] args;

        Call(int line, Expr fn, Expr[] args) {
            super(line);
            this.fn = fn;
            this.args = args;
        }

        @Override
        Object[] evalMulti(LuaState L, Object[] f) {
            Object fv = fn.eval(L, f);
            Object[] a = evalList(L, f, args, 0);
            L.line(line);
            if (!(fv instanceof LuaFunction)) {
                checkCallable(L, fv, fn, null);
            }
            try {
                return L.call(fv, a, fn.callName(), false);
            } catch (StackOverflowError e) {
                throw stackOverflow(L);
            }
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return first(evalMulti(L, f));
        }

        @Override
        boolean isMulti() {
            return true;
        }
    }

    /** {@code o:name(args)}: looks {@code name} up in {@code o} and calls it with {@code o} first. */
    static final class MethodCall extends Expr {
        final Expr object;
        final LuaString name;
        private final String methodName;
        final Expr[] args;

        MethodCall(int line, Expr object, LuaString name, Expr[] args) {
            super(line);
            this.object = object;
            this.name = name;
            this.methodName = name.toString();
            this.args = args;
        }

        @Override
        Object[] evalMulti(LuaState L, Object[] f) {
            Object o = object.eval(L, f);
            Object fv = o instanceof LuaTable t ? t.rawget(name) : null;
            if (fv == null && !(o instanceof LuaTable t && t.metatable() == null)) {
                fv = VariableNodes.index(L, line, o, name, object);
            }
            Object[] a = evalList(L, f, args, 1);
            a[0] = o;
            L.line(line);
            if (!(fv instanceof LuaFunction)) {
                checkCallable(L, fv, null, methodName);
            }
            try {
                return L.call(fv, a, methodName, true);
            } catch (StackOverflowError e) {
                throw stackOverflow(L);
            }
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return first(evalMulti(L, f));
        }

        @Override
        boolean isMulti() {
            return true;
        }
    }

    static final class Vararg extends Expr {
        Vararg(int line) {
            super(line);
        }

        @Override
        Object[] evalMulti(LuaState L, Object[] f) {
            return (Object[]) f[FunctionProto.VARARGS];
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object[] v = (Object[]) f[FunctionProto.VARARGS];
            return v.length == 0 ? null : v[0];
        }

        @Override
        boolean isMulti() {
            return true;
        }
    }

    /** {@code (e)} around a call or {@code ...}: exactly one value. */
    static final class FirstValue extends Expr {
        final Expr inner;

        FirstValue(int line, Expr inner) {
            super(line);
            this.inner = inner;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return inner.eval(L, f);
        }
    }

    /** {@code function ... end}: a new closure over the running frame's captured locals and closure's upvalues. */
    static final class Function extends Expr {
        final FunctionProto proto;

        Function(int line, FunctionProto proto) {
            super(line);
            this.proto = proto;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            LuaClosure parent = (LuaClosure) f[FunctionProto.CLOSURE];
            int[] idx = proto.upvalueIndex;
            UpvalueCell[] cells = idx.length == 0 ? NO_CELLS : new UpvalueCell[idx.length];
            boolean[] fromLocal = proto.upvalueFromLocal;
            for (int i = 0; i < idx.length; i++) {
                cells[i] = fromLocal[i] ? (UpvalueCell) f[idx[i]] : parent.upvalues[idx[i]];
            }
            return new LuaClosure(proto, parent.env(), cells);
        }
    }

    /**
     * A table constructor. Keyed fields are stored as they are met; positional ones are collected and stored after
     * them, as C Lua's SETLIST does for constructors of up to 50 items (so {@code {[1]="a", "b"}} has "b" at 1).
     */
    static final class Table extends Expr {
        final Expr[] positional;
        final Expr[] keys;
        final Expr[] values;
        /** Where each keyed field sits among the positional ones (how many positional come before it). */
        final int[] keyedAfter;

        Table(int line, Expr[] positional, Expr[] keys, Expr[] values, int[] keyedAfter) {
            super(line);
            this.positional = positional;
            this.keys = keys;
            this.values = values;
            this.keyedAfter = keyedAfter;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            int np = positional.length;
            if (keys.length == 0) {
                LuaTable t = new LuaTable();
                if (np > 0) {
                    Object[] items = evalList(L, f, positional, 0);
                    t.initArray(np == 1 && positional[0].isMulti() ? items.clone() : items);
                }
                return t;
            }
            LuaTable t = new LuaTable(np, keys.length);
            Object[] items = np == 0 ? Lua.NONE : new Object[np];
            int k = 0;
            for (int i = 0; i < np; i++) {
                k = storeKeyed(L, f, t, k, i);
                if (i == np - 1 && positional[i].isMulti()) {
                    Object[] tail = positional[i].evalMulti(L, f);
                    items = Arrays.copyOf(items, np - 1 + tail.length);
                    System.arraycopy(tail, 0, items, np - 1, tail.length);
                } else {
                    items[i] = positional[i].eval(L, f);
                }
            }
            storeKeyed(L, f, t, k, np);
            for (int i = 0; i < items.length; i++) {
                if (items[i] != null) {
                    t.rawset(i + 1, items[i]);
                }
            }
            return t;
        }

        private int storeKeyed(LuaState L, Object[] f, LuaTable t, int k, int before) {
            while (k < keys.length && keyedAfter[k] <= before) {
                Object key = keys[k].eval(L, f);
                Object value = values[k].eval(L, f);
                if (key == null || key instanceof Double d && d.isNaN()) {
                    L.line(line);
                    throw L.runtimeError(key == null ? "table index is nil" : "table index is NaN");
                }
                t.rawset(key, value);
                k++;
            }
            return k;
        }
    }
}
