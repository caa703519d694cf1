package io.redjay.scripting.lua;

/**
 * The expressions that read a value from somewhere: constants, locals (a frame slot, or the cell in it once the
 * local is captured), upvalues (a cell of the running closure), globals (the running closure's env table, key
 * interned in the node) and indexing ({@code t[k]}, with {@code t.name} as its own node so that errors can say
 * "field 'name'"). Indexing a table without a metatable is answered inline; everything else goes to {@link LuaOps}.
 */
final class VariableNodes {
    private VariableNodes() {
    }

    static final class Constant extends Expr {
        final Object value;

        Constant(int line, Object value) {
            super(line);
            this.value = value;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return value;
        }
    }

    static final class Local extends VarExpr implements SlotUser {
        final int slot;
        final LuaString name;
        private final String nameText;
        private boolean boxed;

        Local(int line, int slot, LuaString name) {
            super(line);
            this.slot = slot;
            this.name = name;
            this.nameText = name.toString();
        }

        @Override
        public void box(int s) {
            boxed = true;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object v = f[slot];
            return boxed ? ((UpvalueCell) v).value : v;
        }

        @Override
        void assign(LuaState L, Object[] f, Expr value) {
            store(L, f, null, null, value.eval(L, f));
        }

        @Override
        void store(LuaState L, Object[] f, Object object, Object key, Object value) {
            if (boxed) {
                ((UpvalueCell) f[slot]).value = value;
            } else {
                f[slot] = value;
            }
        }

        @Override
        String describe() {
            return "local '" + name + "'";
        }

        @Override
        String callName() {
            return nameText;
        }
    }

    static final class Upvalue extends VarExpr {
        final int index;
        final LuaString name;
        private final String nameText;

        Upvalue(int line, int index, LuaString name) {
            super(line);
            this.index = index;
            this.name = name;
            this.nameText = name.toString();
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return ((LuaClosure) f[FunctionProto.CLOSURE]).upvalues[index].value;
        }

        @Override
        void assign(LuaState L, Object[] f, Expr value) {
            store(L, f, null, null, value.eval(L, f));
        }

        @Override
        void store(LuaState L, Object[] f, Object object, Object key, Object value) {
            ((LuaClosure) f[FunctionProto.CLOSURE]).upvalues[index].value = value;
        }

        @Override
        String describe() {
            return "upvalue '" + name + "'";
        }

        @Override
        String callName() {
            return nameText;
        }
    }

    static final class Global extends VarExpr {
        final LuaString name;
        private final String nameText;

        Global(int line, LuaString name) {
            super(line);
            this.name = name;
            this.nameText = name.toString();
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            LuaTable env = ((LuaClosure) f[FunctionProto.CLOSURE]).env();
            Object v = env.rawget(name);
            if (v != null || env.metatable() == null) {
                return v;
            }
            L.line(line);
            return LuaOps.index(L, env, name);
        }

        @Override
        void assign(LuaState L, Object[] f, Expr value) {
            store(L, f, null, null, value.eval(L, f));
        }

        @Override
        void store(LuaState L, Object[] f, Object object, Object key, Object value) {
            LuaTable env = ((LuaClosure) f[FunctionProto.CLOSURE]).env();
            setIndex(L, line, env, name, value, null);
        }

        @Override
        String describe() {
            return "global '" + name + "'";
        }

        @Override
        String callName() {
            return nameText;
        }
    }

    /** {@code t[k]} for any key expression. */
    static final class Index extends VarExpr {
        final Expr object;
        final Expr key;

        Index(int line, Expr object, Expr key) {
            super(line);
            this.object = object;
            this.key = key;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object o = object.eval(L, f);
            Object k = key.eval(L, f);
            if (o instanceof LuaTable t) {
                Object v = t.rawget(k);
                if (v != null || t.metatable() == null) {
                    return v;
                }
            }
            return index(L, line, o, k, object);
        }

        @Override
        void assign(LuaState L, Object[] f, Expr value) {
            Object o = object.eval(L, f);
            Object k = key.eval(L, f);
            setIndex(L, line, o, k, value.eval(L, f), object);
        }

        @Override
        Object object(LuaState L, Object[] f) {
            return object.eval(L, f);
        }

        @Override
        Object key(LuaState L, Object[] f) {
            return key.eval(L, f);
        }

        @Override
        void store(LuaState L, Object[] f, Object o, Object k, Object value) {
            setIndex(L, line, o, k, value, object);
        }

        @Override
        String describe() {
            return key instanceof Constant c && c.value instanceof LuaString s ? "field '" + s + "'" : "field '?'";
        }
    }

    /** {@code t.name}: the key is a constant string. */
    static final class Field extends VarExpr {
        final Expr object;
        final LuaString name;
        private final String nameText;

        Field(int line, Expr object, LuaString name) {
            super(line);
            this.object = object;
            this.name = name;
            this.nameText = name.toString();
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object o = object.eval(L, f);
            if (o instanceof LuaTable t) {
                Object v = t.rawget(name);
                if (v != null || t.metatable() == null) {
                    return v;
                }
            }
            return index(L, line, o, name, object);
        }

        @Override
        void assign(LuaState L, Object[] f, Expr value) {
            Object o = object.eval(L, f);
            setIndex(L, line, o, name, value.eval(L, f), object);
        }

        @Override
        Object object(LuaState L, Object[] f) {
            return object.eval(L, f);
        }

        @Override
        void store(LuaState L, Object[] f, Object o, Object k, Object value) {
            setIndex(L, line, o, name, value, object);
        }

        @Override
        String describe() {
            return "field '" + name + "'";
        }

        @Override
        String callName() {
            return nameText;
        }
    }

    /** The slow path of {@code o[k]}: metamethods, or the named error for a value that cannot be indexed. */
    static Object index(LuaState L, int line, Object o, Object k, Expr source) {
        L.line(line);
        if (!(o instanceof LuaTable) && L.metamethod(o, LuaOps.INDEX) == null) {
            throw L.runtimeError(Expr.typeError("index", source, o));
        }
        return LuaOps.index(L, o, k);
    }

    /** {@code o[k] = v}: a raw store into a table without a metatable, else {@link LuaOps#setIndex}. */
    static void setIndex(LuaState L, int line, Object o, Object k, Object v, Expr source) {
        if (o instanceof LuaTable t && t.metatable() == null) {
            try {
                t.rawset(k, v);
                return;
            } catch (LuaError e) {
                L.line(line);
                throw L.runtimeError(e.getMessage());
            }
        }
        L.line(line);
        if (!(o instanceof LuaTable) && L.metamethod(o, LuaOps.NEWINDEX) == null) {
            throw L.runtimeError(Expr.typeError("index", source, o));
        }
        LuaOps.setIndex(L, o, k, v);
    }
}
