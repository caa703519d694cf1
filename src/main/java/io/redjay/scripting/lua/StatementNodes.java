package io.redjay.scripting.lua;

/**
 * The statements. Loops call {@link LuaState#tick} once per iteration (the hook behind SCRIPT KILL) and give their
 * control variables a fresh value per iteration (a fresh cell when a closure captures one), so closures made in
 * different iterations see different variables, as in C Lua. The generic {@code for} runs {@code pairs}/{@code next}
 * and {@code ipairs} loops over the table directly instead of calling the iterator.
 */
final class StatementNodes {
    private StatementNodes() {
    }

    static int runBlock(LuaState L, Object[] f, Stat[] stats) {
        for (Stat s : stats) {
            int r = s.exec(L, f);
            if (r != Stat.NORMAL) {
                return r;
            }
        }
        return Stat.NORMAL;
    }

    static final class Block extends Stat {
        final Stat[] stats;

        Block(int line, Stat[] stats) {
            super(line);
            this.stats = stats;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            return runBlock(L, f, stats);
        }
    }

    /** {@code local a, b, c = explist} (also a single {@code local x = e}). */
    static final class LocalDeclare extends Stat implements SlotUser {
        final int firstSlot;
        final int count;
        final Expr[] values;
        private final boolean[] boxed;
        private boolean anyBoxed;

        LocalDeclare(int line, int firstSlot, int count, Expr[] values) {
            super(line);
            this.firstSlot = firstSlot;
            this.count = count;
            this.values = values;
            this.boxed = new boolean[count];
        }

        @Override
        public void box(int slot) {
            boxed[slot - firstSlot] = true;
            anyBoxed = true;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            if (count == 1 && values.length == 1) {
                Object v = values[0].eval(L, f);
                f[firstSlot] = anyBoxed ? new UpvalueCell(v) : v;
                return NORMAL;
            }
            Object[] vs = values.length == 0 ? Lua.NONE : CallNodes.evalList(L, f, values, 0);
            for (int i = 0; i < count; i++) {
                Object v = i < vs.length ? vs[i] : null;
                f[firstSlot + i] = boxed[i] ? new UpvalueCell(v) : v;
            }
            return NORMAL;
        }
    }

    /** {@code local function name body}: the variable exists (nil) while the closure is created, so it sees itself. */
    static final class LocalFunction extends Stat implements SlotUser {
        final int slot;
        final Expr function;
        private boolean boxed;

        LocalFunction(int line, int slot, Expr function) {
            super(line);
            this.slot = slot;
            this.function = function;
        }

        @Override
        public void box(int s) {
            boxed = true;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            if (boxed) {
                UpvalueCell cell = new UpvalueCell(null);
                f[slot] = cell;
                cell.value = function.eval(L, f);
            } else {
                f[slot] = function.eval(L, f);
            }
            return NORMAL;
        }
    }

    /** {@code local = value}, the commonest assignment, without going through the target node. */
    static final class LocalAssign extends Stat implements SlotUser {
        final int slot;
        final Expr value;
        private boolean boxed;

        LocalAssign(int line, int slot, Expr value) {
            super(line);
            this.slot = slot;
            this.value = value;
        }

        @Override
        public void box(int s) {
            boxed = true;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            Object v = value.eval(L, f);
            if (boxed) {
                ((UpvalueCell) f[slot]).value = v;
            } else {
                f[slot] = v;
            }
            return NORMAL;
        }
    }

    /** {@code target = value}. */
    static final class Assign extends Stat {
        final VarExpr target;
        final Expr value;

        Assign(int line, VarExpr target, Expr value) {
            super(line);
            this.target = target;
            this.value = value;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            target.assign(L, f, value);
            return NORMAL;
        }
    }

    /** {@code a, b.c, d[e] = explist}: targets' tables and keys, then the values, then stores right to left. */
    static final class MultiAssign extends Stat {
        final VarExpr[] targets;
        final Expr[] values;

        MultiAssign(int line, VarExpr[] targets, Expr[] values) {
            super(line);
            this.targets = targets;
            this.values = values;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            int n = targets.length;
            Object[] objects = new Object[n];
            Object[] keys = new Object[n];
            for (int i = 0; i < n; i++) {
                objects[i] = targets[i].object(L, f);
                keys[i] = targets[i].key(L, f);
            }
            Object[] vs = CallNodes.evalList(L, f, values, 0);
            for (int i = n - 1; i >= 0; i--) {
                targets[i].store(L, f, objects[i], keys[i], i < vs.length ? vs[i] : null);
            }
            return NORMAL;
        }
    }

    /** A call as a statement: its results are dropped. */
    static final class CallStatement extends Stat {
        final Expr call;

        CallStatement(int line, Expr call) {
            super(line);
            this.call = call;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            call.evalMulti(L, f);
            return NORMAL;
        }
    }

    static final class Return extends Stat {
        final Expr[] values;

        Return(int line, Expr[] values) {
            super(line);
            this.values = values;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            f[FunctionProto.RESULTS] = values.length == 1 && !values[0].isMulti()
                    ? new Object[] {values[0].eval(L, f)} : CallNodes.evalList(L, f, values, 0);
            return RETURN;
        }
    }

    static final class Break extends Stat {
        Break(int line) {
            super(line);
        }

        @Override
        int exec(LuaState L, Object[] f) {
            return BREAK;
        }
    }

    static final class If extends Stat {
        final Expr[] conditions;
        final Stat[] blocks;
        final Stat otherwise;

        If(int line, Expr[] conditions, Stat[] blocks, Stat otherwise) {
            super(line);
            this.conditions = conditions;
            this.blocks = blocks;
            this.otherwise = otherwise;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            for (int i = 0; i < conditions.length; i++) {
                if (conditions[i].test(L, f)) {
                    return blocks[i].exec(L, f);
                }
            }
            return otherwise == null ? NORMAL : otherwise.exec(L, f);
        }
    }

    static final class While extends Stat {
        final Expr condition;
        final Stat body;

        While(int line, Expr condition, Stat body) {
            super(line);
            this.condition = condition;
            this.body = body;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            while (condition.test(L, f)) {
                L.tick(line);
                int r = body.exec(L, f);
                if (r != NORMAL) {
                    return r == BREAK ? NORMAL : r;
                }
            }
            return NORMAL;
        }
    }

    /** {@code repeat body until cond}: the condition is compiled inside the body's scope and sees its locals. */
    static final class Repeat extends Stat {
        final Stat body;
        final Expr condition;

        Repeat(int line, Stat body, Expr condition) {
            super(line);
            this.body = body;
            this.condition = condition;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            do {
                L.tick(line);
                int r = body.exec(L, f);
                if (r != NORMAL) {
                    return r == BREAK ? NORMAL : r;
                }
            } while (!condition.test(L, f));
            return NORMAL;
        }
    }

    /** {@code for v = start, limit, step do body end}: start, limit and step are evaluated once, as numbers. */
    static final class NumericFor extends Stat implements SlotUser {
        final int slot;
        final Expr start;
        final Expr limit;
        final Expr step;
        final Stat body;
        private boolean boxed;

        NumericFor(int line, int slot, Expr start, Expr limit, Expr step, Stat body) {
            super(line);
            this.slot = slot;
            this.start = start;
            this.limit = limit;
            this.step = step;
            this.body = body;
        }

        @Override
        public void box(int s) {
            boxed = true;
        }

        private double number(LuaState L, Object v, String what) {
            if (v instanceof Double d) {
                return d;
            }
            Double d = LuaNumbers.coerce(v);
            if (d == null) {
                L.line(line);
                throw L.runtimeError("'for' " + what + " must be a number");
            }
            return d;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            Object a = start.eval(L, f);
            Object b = limit.eval(L, f);
            Object c = step == null ? null : step.eval(L, f);
            double i = number(L, a, "initial value");
            double end = number(L, b, "limit");
            double s = step == null ? 1.0 : number(L, c, "step");
            // C Lua's FORPREP subtracts the step once and FORLOOP adds it before each test: same rounding here
            i -= s;
            while (true) {
                i += s;
                if (s > 0 ? !(i <= end) : !(end <= i)) {
                    return NORMAL;
                }
                L.tick(line);
                f[slot] = boxed ? new UpvalueCell(i) : (Object) i;
                int r = body.exec(L, f);
                if (r != NORMAL) {
                    return r == BREAK ? NORMAL : r;
                }
            }
        }
    }

    /** {@code for a, b in explist do body end}. */
    static final class GenericFor extends Stat implements SlotUser {
        final int firstSlot;
        final int count;
        final Expr[] iterator;
        final Stat body;
        private final boolean[] boxed;

        GenericFor(int line, int firstSlot, int count, Expr[] iterator, Stat body) {
            super(line);
            this.firstSlot = firstSlot;
            this.count = count;
            this.iterator = iterator;
            this.body = body;
            this.boxed = new boolean[count];
        }

        @Override
        public void box(int slot) {
            boxed[slot - firstSlot] = true;
        }

        private void set(Object[] f, int i, Object v) {
            f[firstSlot + i] = boxed[i] ? new UpvalueCell(v) : v;
        }

        @Override
        int exec(LuaState L, Object[] f) {
            Object[] init = CallNodes.evalList(L, f, iterator, 0);
            Object fn = init.length > 0 ? init[0] : null;
            Object state = init.length > 1 ? init[1] : null;
            Object control = init.length > 2 ? init[2] : null;
            if (state instanceof LuaTable t) {
                if (fn == LuaIterators.NEXT) {
                    return overTable(L, f, t, control);
                }
                if (fn == LuaIterators.INEXT && control instanceof Double d) {
                    return overArray(L, f, t, d);
                }
            }
            Object[] args = new Object[2];
            while (true) {
                L.tick(line);
                args[0] = state;
                args[1] = control;
                L.line(line);
                Object[] r = L.call(fn, args);
                control = r.length > 0 ? r[0] : null;
                if (control == null) {
                    return NORMAL;
                }
                for (int i = 0; i < count; i++) {
                    set(f, i, i < r.length ? r[i] : null);
                }
                int s = body.exec(L, f);
                if (s != NORMAL) {
                    return s == BREAK ? NORMAL : s;
                }
            }
        }

        private int overTable(LuaState L, Object[] f, LuaTable t, Object key) {
            Object[] entry = new Object[2];
            while (true) {
                L.tick(line);
                if (!t.next(key, entry)) {
                    return NORMAL;
                }
                key = entry[0];
                set(f, 0, key);
                if (count > 1) {
                    set(f, 1, entry[1]);
                    for (int i = 2; i < count; i++) {
                        set(f, i, null);
                    }
                }
                int s = body.exec(L, f);
                if (s != NORMAL) {
                    return s == BREAK ? NORMAL : s;
                }
            }
        }

        private int overArray(LuaState L, Object[] f, LuaTable t, double start) {
            for (int i = (int) start + 1; ; i++) {
                L.tick(line);
                Object v = t.rawget(i);
                if (v == null) {
                    return NORMAL;
                }
                set(f, 0, (double) i);
                if (count > 1) {
                    set(f, 1, v);
                    for (int j = 2; j < count; j++) {
                        set(f, j, null);
                    }
                }
                int s = body.exec(L, f);
                if (s != NORMAL) {
                    return s == BREAK ? NORMAL : s;
                }
            }
        }
    }
}
