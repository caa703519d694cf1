package io.redjay.scripting.lua;

/**
 * The operators. Each answers the common case inline (two numbers, two strings) and hands the rest to
 * {@link LuaOps} after checking whether a metamethod can take it; when none can, it raises the named error itself
 * ("attempt to perform arithmetic on local 'x' (a nil value)"), picking the operand C Lua's {@code ldebug.c} picks.
 * {@code >} and {@code >=} evaluate their operands left to right and then compare them swapped, as C Lua does
 * (so {@code 1 > nil} says "attempt to compare nil with number").
 */
final class OperatorNodes {
    private OperatorNodes() {
    }

    /** The arithmetic slow path: string coercion, metamethods, or the named error. */
    static Object arith(LuaState L, int line, LuaOps.Arith op, Object a, Object b, Expr left, Expr right) {
        L.line(line);
        Double x = LuaNumbers.coerce(a);
        Double y = LuaNumbers.coerce(b);
        if (x != null && y != null) {
            return op.apply(x, y);
        }
        if (L.metamethod(a, op.event) == null && L.metamethod(b, op.event) == null) {
            throw L.runtimeError(x == null ? Expr.typeError("perform arithmetic on", left, a)
                    : Expr.typeError("perform arithmetic on", right, b));
        }
        return LuaOps.arith(L, op, a, b);
    }

    abstract static class Binary extends Expr {
        final Expr left;
        final Expr right;

        Binary(int line, Expr left, Expr right) {
            super(line);
            this.left = left;
            this.right = right;
        }
    }

    static final class Add extends Binary {
        Add(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (a instanceof Double x && b instanceof Double y) {
                return x + y;
            }
            return arith(L, line, LuaOps.Arith.ADD, a, b, left, right);
        }
    }

    /** {@code x + k} and {@code x - k} for a number constant {@code k} (kept as the {@code delta} to add). */
    static final class AddConstant extends Binary {
        final LuaOps.Arith op;
        final double delta;

        AddConstant(int line, LuaOps.Arith op, Expr left, Expr right, double delta) {
            super(line, left, right);
            this.op = op;
            this.delta = delta;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            if (a instanceof Double x) {
                return x + delta;
            }
            return arith(L, line, op, a, right.eval(L, f), left, right);
        }
    }

    /** {@code x < k} for a number constant {@code k}. */
    static final class LessThanConstant extends Comparison {
        final double k;

        LessThanConstant(int line, Expr left, Expr right, double k) {
            super(line, left, right);
            this.k = k;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            if (a instanceof Double x) {
                return x < k;
            }
            L.line(line);
            return LuaOps.lt(L, a, right.eval(L, f));
        }
    }

    static final class Sub extends Binary {
        Sub(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (a instanceof Double x && b instanceof Double y) {
                return x - y;
            }
            return arith(L, line, LuaOps.Arith.SUB, a, b, left, right);
        }
    }

    static final class Mul extends Binary {
        Mul(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (a instanceof Double x && b instanceof Double y) {
                return x * y;
            }
            return arith(L, line, LuaOps.Arith.MUL, a, b, left, right);
        }
    }

    static final class Div extends Binary {
        Div(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (a instanceof Double x && b instanceof Double y) {
                return x / y;
            }
            return arith(L, line, LuaOps.Arith.DIV, a, b, left, right);
        }
    }

    /** {@code %} and {@code ^}. */
    static final class Arith extends Binary {
        final LuaOps.Arith op;

        Arith(int line, LuaOps.Arith op, Expr left, Expr right) {
            super(line, left, right);
            this.op = op;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (a instanceof Double x && b instanceof Double y) {
                return op.apply(x, y);
            }
            return arith(L, line, op, a, b, left, right);
        }
    }

    static final class Negate extends Expr {
        final Expr operand;

        Negate(int line, Expr operand) {
            super(line);
            this.operand = operand;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = operand.eval(L, f);
            if (a instanceof Double x) {
                return -x;
            }
            return arith(L, line, LuaOps.Arith.UNM, a, a, operand, operand);
        }
    }

    static final class Length extends Expr {
        final Expr operand;

        Length(int line, Expr operand) {
            super(line);
            this.operand = operand;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = operand.eval(L, f);
            if (a instanceof LuaTable t) {
                return (double) t.length();
            }
            if (a instanceof LuaString s) {
                return (double) s.length();
            }
            L.line(line);
            if (L.metamethod(a, LuaOps.LEN) == null) {
                throw L.runtimeError(Expr.typeError("get length of", operand, a));
            }
            return LuaOps.len(L, a);
        }
    }

    static final class Not extends Expr {
        final Expr operand;

        Not(int line, Expr operand) {
            super(line);
            this.operand = operand;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            return operand.test(L, f) ? Boolean.FALSE : Boolean.TRUE;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            return !operand.test(L, f);
        }
    }

    static final class And extends Binary {
        And(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            return Lua.truthy(a) ? right.eval(L, f) : a;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            return left.test(L, f) && right.test(L, f);
        }
    }

    static final class Or extends Binary {
        Or(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            return Lua.truthy(a) ? a : right.eval(L, f);
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            return left.test(L, f) || right.test(L, f);
        }
    }

    /** A comparison; evaluates to a boolean, and answers conditions without boxing one. */
    abstract static class Comparison extends Binary {
        Comparison(int line, Expr left, Expr right) {
            super(line, left, right);
        }

        @Override
        final Object eval(LuaState L, Object[] f) {
            return test(L, f) ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    static final class Equal extends Comparison {
        final boolean negated;

        Equal(int line, Expr left, Expr right, boolean negated) {
            super(line, left, right);
            this.negated = negated;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            boolean eq;
            if (a instanceof Double x && b instanceof Double y) {
                eq = x.doubleValue() == y.doubleValue();
            } else if (a == b) {
                eq = true;
            } else if (a instanceof LuaTable || a instanceof LuaUserdata) {
                L.line(line);
                eq = LuaOps.eq(L, a, b);
            } else {
                eq = LuaOps.rawEquals(a, b);
            }
            return eq != negated;
        }
    }

    /** {@code a < b}, or {@code a > b} as {@code b < a} when {@code swapped}. */
    static final class Less extends Comparison {
        final boolean swapped;

        Less(int line, Expr left, Expr right, boolean swapped) {
            super(line, left, right);
            this.swapped = swapped;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (swapped) {
                Object t = a;
                a = b;
                b = t;
            }
            if (a instanceof Double x && b instanceof Double y) {
                return x < y;
            }
            L.line(line);
            return LuaOps.lt(L, a, b);
        }
    }

    /** {@code a <= b}, or {@code a >= b} as {@code b <= a} when {@code swapped}. */
    static final class LessEqual extends Comparison {
        final boolean swapped;

        LessEqual(int line, Expr left, Expr right, boolean swapped) {
            super(line, left, right);
            this.swapped = swapped;
        }

        @Override
        boolean test(LuaState L, Object[] f) {
            Object a = left.eval(L, f);
            Object b = right.eval(L, f);
            if (swapped) {
                Object t = a;
                a = b;
                b = t;
            }
            if (a instanceof Double x && b instanceof Double y) {
                return x <= y;
            }
            L.line(line);
            return LuaOps.le(L, a, b);
        }
    }

    /**
     * {@code a .. b .. c}: all operands evaluated, then joined right to left like {@code luaV_concat}; a run of
     * strings and numbers is joined in one copy, anything else pair by pair through {@code __concat}.
     */
    static final class Concat extends Expr {
        final Expr[] parts;

        Concat(int line, Expr[] parts) {
            super(line);
            this.parts = parts;
        }

        @Override
        Object eval(LuaState L, Object[] f) {
            int n = parts.length;
            Object[] v = new Object[n];
            boolean plain = true;
            for (int i = 0; i < n; i++) {
                Object x = parts[i].eval(L, f);
                v[i] = x;
                plain &= x instanceof LuaString || x instanceof Double;
            }
            if (plain) {
                return join(v, 0, n);
            }
            L.line(line);
            Object acc = v[n - 1];
            for (int i = n - 2; i >= 0; i--) {
                Object a = v[i];
                if ((a instanceof LuaString || a instanceof Double) && (acc instanceof LuaString || acc instanceof Double)) {
                    acc = LuaOps.toLuaString(a).concat(LuaOps.toLuaString(acc));
                    continue;
                }
                if (L.metamethod(a, LuaOps.CONCAT) == null && L.metamethod(acc, LuaOps.CONCAT) == null) {
                    boolean aPlain = a instanceof LuaString || a instanceof Double;
                    throw L.runtimeError(aPlain ? Expr.typeError("concatenate", i + 1 == n - 1 ? parts[i + 1] : null, acc)
                            : Expr.typeError("concatenate", parts[i], a));
                }
                acc = LuaOps.concat(L, a, acc);
            }
            return acc;
        }

        private static LuaString join(Object[] v, int from, int to) {
            int len = 0;
            for (int i = from; i < to; i++) {
                LuaString s = LuaOps.toLuaString(v[i]);
                v[i] = s;
                len += s.length();
            }
            byte[] out = new byte[len];
            int p = 0;
            for (int i = from; i < to; i++) {
                byte[] b = ((LuaString) v[i]).bytes();
                System.arraycopy(b, 0, out, p, b.length);
                p += b.length;
            }
            return LuaString.wrap(out);
        }
    }
}
