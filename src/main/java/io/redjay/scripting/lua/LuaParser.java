package io.redjay.scripting.lua;

import java.util.ArrayList;
import java.util.List;

/**
 * The Lua 5.1 grammar, parsed by recursive descent in the shape of {@code lparser.c} (same functions, same order of
 * checks) so that every syntax error is C Lua's text at C Lua's token: "'=' expected near 'x'", "unexpected symbol
 * near '1'", "'end' expected (to close 'function' at line 1) near '<eof>'".
 *
 * <p>It builds executable nodes directly, with every name resolved as it is met: a local to its frame slot, an
 * upvalue to an index in the closure's cells (threaded through each enclosing function, as {@code singlevaraux}
 * does), anything else to a global of the function's env. Slots are allocated like registers: a block's locals are
 * released when it ends and reused by the next block. A local that an inner function captures is only known to be
 * captured once its scope is complete, so the nodes using it are switched to cells then ({@link SlotUser}).
 *
 * <p>C Lua's limits are kept: 200 locals and 60 upvalues per function, 200 nested syntax levels (which also keeps
 * this parser's own recursion, and the tree it builds, shallow enough for the Java stack).
 */
final class LuaParser {
    private static final int MAX_VARS = 200;
    private static final int MAX_UPVALUES = 60;
    private static final int MAX_LEVELS = 200;
    private static final int UNARY_PRIORITY = 8;

    private static final int OP_NONE = -1;
    private static final int OP_ADD = 0;
    private static final int OP_SUB = 1;
    private static final int OP_MUL = 2;
    private static final int OP_DIV = 3;
    private static final int OP_MOD = 4;
    private static final int OP_POW = 5;
    private static final int OP_CONCAT = 6;
    private static final int OP_NE = 7;
    private static final int OP_EQ = 8;
    private static final int OP_LT = 9;
    private static final int OP_LE = 10;
    private static final int OP_GT = 11;
    private static final int OP_GE = 12;
    private static final int OP_AND = 13;
    private static final int OP_OR = 14;
    private static final int[] LEFT_PRIORITY = {6, 6, 7, 7, 7, 10, 5, 3, 3, 3, 3, 3, 3, 2, 1};
    private static final int[] RIGHT_PRIORITY = {6, 6, 7, 7, 7, 9, 4, 3, 3, 3, 3, 3, 3, 2, 1};

    /** A local variable during parsing: its slot, whether an inner function captured it, the nodes using it. */
    private static final class LocalVar {
        final LuaString name;
        final int slot;
        boolean captured;
        final List<SlotUser> users = new ArrayList<>();

        LocalVar(LuaString name, int slot) {
            this.name = name;
            this.slot = slot;
        }
    }

    /** The function being parsed: {@code lparser.c}'s FuncState. */
    private static final class FuncState {
        final FuncState parent;
        final FunctionProto proto;
        final List<LocalVar> active = new ArrayList<>();
        final List<LocalVar> pending = new ArrayList<>();
        int freeSlot = FunctionProto.FIRST_LOCAL;
        int loops;
        final List<LuaString> upvalueNames = new ArrayList<>();
        final List<Boolean> upvalueFromLocal = new ArrayList<>();
        final List<Integer> upvalueIndex = new ArrayList<>();

        FuncState(FuncState parent, FunctionProto proto) {
            this.parent = parent;
            this.proto = proto;
        }
    }

    private final LuaLexer lex;
    /** The chunk name runtime errors carry (the lexer has the one syntax errors carry: they may differ). */
    private final String runtimeName;
    private final String sourceName;
    private FuncState fs;
    private int levels;
    /** Set by a parenthesized prefix expression until a suffix follows: {@code (a) = 1} is not an assignment. */
    private boolean parenthesized;

    LuaParser(byte[] source, String syntaxName, String runtimeName, String sourceName) {
        lex = new LuaLexer(source, syntaxName);
        this.runtimeName = runtimeName;
        this.sourceName = sourceName;
    }

    /** Parses a whole chunk into the main function (vararg, no parameters). */
    FunctionProto parseChunk() {
        FunctionProto main = new FunctionProto(runtimeName, 0);
        main.source = sourceName;
        main.isVararg = true;
        fs = new FuncState(null, main);
        lex.next();
        Stat[] body = chunk();
        if (lex.token != LuaLexer.EOS) {
            throw errorExpected(LuaLexer.EOS);
        }
        closeFunction(body, 0);
        return main;
    }

    // ---------------------------------------------------------------- helpers

    private LuaError errorExpected(int token) {
        return lex.syntaxError("'" + LuaLexer.tokenName(token) + "' expected");
    }

    private boolean testNext(int token) {
        if (lex.token == token) {
            lex.next();
            return true;
        }
        return false;
    }

    private void check(int token) {
        if (lex.token != token) {
            throw errorExpected(token);
        }
    }

    private void checkNext(int token) {
        check(token);
        lex.next();
    }

    private void checkMatch(int what, int who, int where) {
        if (!testNext(what)) {
            if (where == lex.line) {
                throw errorExpected(what);
            }
            throw lex.syntaxError("'" + LuaLexer.tokenName(what) + "' expected (to close '"
                    + LuaLexer.tokenName(who) + "' at line " + where + ")");
        }
    }

    private LuaString checkName() {
        check(LuaLexer.NAME);
        LuaString name = (LuaString) lex.value;
        lex.next();
        return name;
    }

    private void enterLevel() {
        if (++levels > MAX_LEVELS) {
            throw lex.plainError("chunk has too many syntax levels");
        }
    }

    private static boolean blockFollow(int token) {
        return token == LuaLexer.ELSE || token == LuaLexer.ELSEIF || token == LuaLexer.END
                || token == LuaLexer.UNTIL || token == LuaLexer.EOS;
    }

    private LuaError limitError(int limit, String what) {
        int line = fs.proto.lineDefined;
        String msg = line == 0 ? "main function has more than " + limit + " " + what
                : "function at line " + line + " has more than " + limit + " " + what;
        return lex.plainError(msg);
    }

    // ---------------------------------------------------------------- scopes and variables

    /** {@code new_localvar}: a local that becomes visible at {@link #activate}. */
    private LocalVar newLocal(LuaString name) {
        if (fs.active.size() + fs.pending.size() + 1 > MAX_VARS) {
            throw limitError(MAX_VARS, "local variables");
        }
        LocalVar v = new LocalVar(name, fs.freeSlot++);
        if (fs.freeSlot > fs.proto.frameSize) {
            fs.proto.frameSize = fs.freeSlot;
        }
        fs.pending.add(v);
        return v;
    }

    private void activate() {
        fs.active.addAll(fs.pending);
        fs.pending.clear();
    }

    private int scopeMark() {
        return fs.active.size();
    }

    /** Ends the scope opened at {@code mark}: captured locals' users switch to cells, their slots are freed. */
    private void closeScope(int mark) {
        List<LocalVar> active = fs.active;
        while (active.size() > mark) {
            LocalVar v = active.remove(active.size() - 1);
            if (v.captured) {
                for (SlotUser u : v.users) {
                    u.box(v.slot);
                }
            }
            fs.freeSlot = v.slot;
        }
    }

    private static LocalVar findLocal(FuncState f, LuaString name) {
        for (int i = f.active.size() - 1; i >= 0; i--) {
            LocalVar v = f.active.get(i);
            if (v.name.equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** The index of {@code name} among {@code f}'s upvalues, adding it (and its outer links), or -1 for a global. */
    private int findUpvalue(FuncState f, LuaString name) {
        if (f.parent == null) {
            return -1;
        }
        int existing = f.upvalueNames.indexOf(name);
        if (existing >= 0) {
            return existing;
        }
        LocalVar v = findLocal(f.parent, name);
        if (v != null) {
            v.captured = true;
            return addUpvalue(f, name, true, v.slot);
        }
        int outer = findUpvalue(f.parent, name);
        return outer < 0 ? -1 : addUpvalue(f, name, false, outer);
    }

    private int addUpvalue(FuncState f, LuaString name, boolean fromLocal, int index) {
        if (f.upvalueNames.size() + 1 > MAX_UPVALUES) {
            FuncState saved = fs;
            fs = f;
            LuaError e = limitError(MAX_UPVALUES, "upvalues");
            fs = saved;
            throw e;
        }
        f.upvalueNames.add(name);
        f.upvalueFromLocal.add(fromLocal);
        f.upvalueIndex.add(index);
        return f.upvalueNames.size() - 1;
    }

    private Expr singleVar(LuaString name, int line) {
        LocalVar v = findLocal(fs, name);
        if (v != null) {
            VariableNodes.Local node = new VariableNodes.Local(line, v.slot, name);
            v.users.add(node);
            return node;
        }
        int up = findUpvalue(fs, name);
        if (up >= 0) {
            return new VariableNodes.Upvalue(line, up, name);
        }
        return new VariableNodes.Global(line, name);
    }

    private void closeFunction(Stat[] body, int paramCount) {
        FunctionProto p = fs.proto;
        if (paramCount > 0) {
            p.boxedParams = new boolean[paramCount];
            boolean any = false;
            for (int i = 0; i < paramCount; i++) {
                p.boxedParams[i] = fs.active.get(i).captured;
                any |= p.boxedParams[i];
            }
            if (!any) {
                p.boxedParams = null;
            }
        }
        closeScope(0);
        p.body = new StatementNodes.Block(p.lineDefined, body);
        int n = fs.upvalueNames.size();
        p.upvalueFromLocal = new boolean[n];
        p.upvalueIndex = new int[n];
        for (int i = 0; i < n; i++) {
            p.upvalueFromLocal[i] = fs.upvalueFromLocal.get(i);
            p.upvalueIndex[i] = fs.upvalueIndex.get(i);
        }
        fs = fs.parent;
    }

    // ---------------------------------------------------------------- statements

    private Stat[] chunk() {
        List<Stat> stats = new ArrayList<>();
        boolean last = false;
        enterLevel();
        while (!last && !blockFollow(lex.token)) {
            last = statement(stats);
            testNext(';');
        }
        levels--;
        return stats.toArray(new Stat[0]);
    }

    private Stat block() {
        int mark = scopeMark();
        int line = lex.line;
        Stat[] stats = chunk();
        closeScope(mark);
        return stats.length == 1 ? stats[0] : new StatementNodes.Block(line, stats);
    }

    /** One statement; true when it must be the last of its block ({@code return}, {@code break}). */
    private boolean statement(List<Stat> out) {
        int line = lex.line;
        switch (lex.token) {
            case LuaLexer.IF -> out.add(ifStat(line));
            case LuaLexer.WHILE -> out.add(whileStat(line));
            case LuaLexer.DO -> {
                lex.next();
                Stat b = block();
                checkMatch(LuaLexer.END, LuaLexer.DO, line);
                out.add(b);
            }
            case LuaLexer.FOR -> out.add(forStat(line));
            case LuaLexer.REPEAT -> out.add(repeatStat(line));
            case LuaLexer.FUNCTION -> out.add(functionStat(line));
            case LuaLexer.LOCAL -> {
                lex.next();
                out.add(testNext(LuaLexer.FUNCTION) ? localFunction(line) : localStat(line));
            }
            case LuaLexer.RETURN -> {
                lex.next();
                Expr[] values = blockFollow(lex.token) || lex.token == ';' ? new Expr[0] : exprList();
                out.add(new StatementNodes.Return(line, values));
                return true;
            }
            case LuaLexer.BREAK -> {
                lex.next();
                if (fs.loops == 0) {
                    throw lex.syntaxError("no loop to break");
                }
                out.add(new StatementNodes.Break(line));
                return true;
            }
            default -> out.add(exprStat(line));
        }
        return false;
    }

    private Stat ifStat(int line) {
        List<Expr> conditions = new ArrayList<>();
        List<Stat> blocks = new ArrayList<>();
        do {
            lex.next();
            conditions.add(expr());
            checkNext(LuaLexer.THEN);
            blocks.add(block());
        } while (lex.token == LuaLexer.ELSEIF);
        Stat otherwise = null;
        if (testNext(LuaLexer.ELSE)) {
            otherwise = block();
        }
        checkMatch(LuaLexer.END, LuaLexer.IF, line);
        return new StatementNodes.If(line, conditions.toArray(new Expr[0]), blocks.toArray(new Stat[0]), otherwise);
    }

    private Stat whileStat(int line) {
        lex.next();
        Expr condition = expr();
        checkNext(LuaLexer.DO);
        fs.loops++;
        Stat body = block();
        fs.loops--;
        checkMatch(LuaLexer.END, LuaLexer.WHILE, line);
        return new StatementNodes.While(line, condition, body);
    }

    private Stat repeatStat(int line) {
        lex.next();
        int mark = scopeMark();
        fs.loops++;
        Stat[] stats = chunk();
        fs.loops--;
        checkMatch(LuaLexer.UNTIL, LuaLexer.REPEAT, line);
        Expr condition = expr();
        closeScope(mark);
        return new StatementNodes.Repeat(line, new StatementNodes.Block(line, stats), condition);
    }

    private Stat forStat(int line) {
        lex.next();
        LuaString name = checkName();
        Stat s = switch (lex.token) {
            case '=' -> numericFor(name, line);
            case ',', LuaLexer.IN -> genericFor(name, line);
            default -> throw lex.syntaxError("'=' or 'in' expected");
        };
        checkMatch(LuaLexer.END, LuaLexer.FOR, line);
        return s;
    }

    /** The three hidden control variables C Lua keeps for a loop count against the locals limit. */
    private void hiddenLocals(String a, String b, String c) {
        newLocal(LuaString.of(a));
        newLocal(LuaString.of(b));
        newLocal(LuaString.of(c));
        activate();
    }

    private Stat numericFor(LuaString name, int line) {
        int mark = scopeMark();
        lex.next();
        Expr start = expr();
        checkNext(',');
        Expr limit = expr();
        Expr step = testNext(',') ? expr() : null;
        hiddenLocals("(for index)", "(for limit)", "(for step)");
        checkNext(LuaLexer.DO);
        LocalVar v = newLocal(name);
        activate();
        fs.loops++;
        Stat body = block();
        fs.loops--;
        StatementNodes.NumericFor node = new StatementNodes.NumericFor(line, v.slot, start, limit, step, body);
        v.users.add(node);
        closeScope(mark);
        return node;
    }

    private Stat genericFor(LuaString first, int line) {
        int mark = scopeMark();
        List<LuaString> names = new ArrayList<>();
        names.add(first);
        while (testNext(',')) {
            names.add(checkName());
        }
        checkNext(LuaLexer.IN);
        int exprLine = lex.line;
        Expr[] iterator = exprList();
        hiddenLocals("(for generator)", "(for state)", "(for control)");
        checkNext(LuaLexer.DO);
        List<LocalVar> vars = new ArrayList<>();
        for (LuaString n : names) {
            vars.add(newLocal(n));
        }
        activate();
        fs.loops++;
        Stat body = block();
        fs.loops--;
        StatementNodes.GenericFor node = new StatementNodes.GenericFor(exprLine, vars.get(0).slot, vars.size(),
                iterator, body);
        for (LocalVar v : vars) {
            v.users.add(node);
        }
        closeScope(mark);
        return node;
    }

    private Stat functionStat(int line) {
        lex.next();
        int nameLine = lex.line;
        Expr target = singleVar(checkName(), nameLine);
        boolean method = false;
        while (lex.token == '.') {
            lex.next();
            target = new VariableNodes.Field(lex.line, target, checkName());
        }
        if (lex.token == ':') {
            lex.next();
            target = new VariableNodes.Field(lex.line, target, checkName());
            method = true;
        }
        Expr fn = body(method, line);
        return new StatementNodes.Assign(line, (VarExpr) target, fn);
    }

    private Stat localFunction(int line) {
        LocalVar v = newLocal(checkName());
        activate();
        Expr fn = body(false, line);
        StatementNodes.LocalFunction node = new StatementNodes.LocalFunction(line, v.slot, fn);
        v.users.add(node);
        return node;
    }

    private Stat localStat(int line) {
        List<LocalVar> vars = new ArrayList<>();
        do {
            vars.add(newLocal(checkName()));
        } while (testNext(','));
        Expr[] values = testNext('=') ? exprList() : new Expr[0];
        activate();
        StatementNodes.LocalDeclare node = new StatementNodes.LocalDeclare(line, vars.get(0).slot, vars.size(),
                values);
        for (LocalVar v : vars) {
            v.users.add(node);
        }
        return node;
    }

    private Stat exprStat(int line) {
        Expr e = primaryExpr();
        if (e instanceof CallNodes.Call || e instanceof CallNodes.MethodCall) {
            return new StatementNodes.CallStatement(line, e);
        }
        List<VarExpr> targets = new ArrayList<>();
        while (true) {
            if (!(e instanceof VarExpr v) || parenthesized) {
                throw lex.syntaxError("syntax error");
            }
            targets.add(v);
            if (!testNext(',')) {
                break;
            }
            e = primaryExpr();
        }
        checkNext('=');
        Expr[] values = exprList();
        if (targets.size() == 1 && values.length == 1) {
            if (targets.get(0) instanceof VariableNodes.Local local) {
                StatementNodes.LocalAssign node = new StatementNodes.LocalAssign(line, local.slot, values[0]);
                findLocal(fs, local.name).users.add(node);
                return node;
            }
            return new StatementNodes.Assign(line, targets.get(0), values[0]);
        }
        return new StatementNodes.MultiAssign(line, targets.toArray(new VarExpr[0]), values);
    }

    // ---------------------------------------------------------------- functions

    private Expr body(boolean method, int line) {
        FunctionProto p = new FunctionProto(runtimeName, line);
        p.source = sourceName;
        fs = new FuncState(fs, p);
        if (method) {
            newLocal(LuaString.of("self"));
            activate();
        }
        checkNext('(');
        int params = method ? 1 : 0;
        if (lex.token != ')') {
            do {
                if (lex.token == LuaLexer.NAME) {
                    newLocal(checkName());
                    params++;
                } else if (lex.token == LuaLexer.DOTS) {
                    lex.next();
                    newLocal(LuaString.of("arg"));
                    p.isVararg = true;
                    p.needsArgTable = true;
                } else {
                    throw lex.syntaxError("<name> or '...' expected");
                }
            } while (!p.isVararg && testNext(','));
        }
        activate();
        p.numParams = params;
        checkNext(')');
        Stat[] stats = chunk();
        checkMatch(LuaLexer.END, LuaLexer.FUNCTION, line);
        closeFunction(stats, params + (p.isVararg ? 1 : 0));
        return new CallNodes.Function(line, p);
    }

    private Expr[] exprList() {
        List<Expr> list = new ArrayList<>();
        list.add(expr());
        while (testNext(',')) {
            list.add(expr());
        }
        return list.toArray(new Expr[0]);
    }

    private Expr[] callArgs() {
        int line = lex.line;
        switch (lex.token) {
            case '(' -> {
                if (line != lex.lastLine) {
                    throw lex.syntaxError("ambiguous syntax (function call x new statement)");
                }
                lex.next();
                Expr[] args = lex.token == ')' ? new Expr[0] : exprList();
                checkMatch(')', '(', line);
                return args;
            }
            case '{' -> {
                return new Expr[] {constructor()};
            }
            case LuaLexer.STRING -> {
                Expr s = new VariableNodes.Constant(line, lex.value);
                lex.next();
                return new Expr[] {s};
            }
            default -> throw lex.syntaxError("function arguments expected");
        }
    }

    // ---------------------------------------------------------------- expressions

    private Expr prefixExpr() {
        parenthesized = false;
        switch (lex.token) {
            case LuaLexer.NAME -> {
                int line = lex.line;
                return singleVar(checkName(), line);
            }
            case '(' -> {
                int line = lex.line;
                lex.next();
                Expr e = expr();
                checkMatch(')', '(', line);
                parenthesized = true;
                return e.isMulti() ? new CallNodes.FirstValue(line, e) : e;
            }
            default -> throw lex.syntaxError("unexpected symbol");
        }
    }

    private Expr primaryExpr() {
        Expr e = prefixExpr();
        while (true) {
            switch (lex.token) {
                case '.' -> {
                    lex.next();
                    e = new VariableNodes.Field(lex.line, e, checkName());
                }
                case '[' -> {
                    lex.next();
                    Expr key = expr();
                    checkNext(']');
                    e = key instanceof VariableNodes.Constant c && c.value instanceof LuaString s
                            ? new VariableNodes.Field(lex.lastLine, e, s)
                            : new VariableNodes.Index(lex.lastLine, e, key);
                }
                case ':' -> {
                    lex.next();
                    LuaString name = checkName();
                    int line = lex.line;
                    e = new CallNodes.MethodCall(line, e, name, callArgs());
                }
                case '(', LuaLexer.STRING, '{' -> {
                    int line = lex.line;
                    e = new CallNodes.Call(line, e, callArgs());
                }
                default -> {
                    return e;
                }
            }
            parenthesized = false;
        }
    }

    private Expr simpleExpr() {
        int line = lex.line;
        Expr e;
        switch (lex.token) {
            case LuaLexer.NUMBER, LuaLexer.STRING -> e = new VariableNodes.Constant(line, lex.value);
            case LuaLexer.NIL -> e = new VariableNodes.Constant(line, null);
            case LuaLexer.TRUE -> e = new VariableNodes.Constant(line, Boolean.TRUE);
            case LuaLexer.FALSE -> e = new VariableNodes.Constant(line, Boolean.FALSE);
            case LuaLexer.DOTS -> {
                if (!fs.proto.isVararg) {
                    throw lex.syntaxError("cannot use '...' outside a vararg function");
                }
                fs.proto.needsArgTable = false;
                e = new CallNodes.Vararg(line);
            }
            case '{' -> {
                return constructor();
            }
            case LuaLexer.FUNCTION -> {
                lex.next();
                return body(false, line);
            }
            default -> {
                return primaryExpr();
            }
        }
        lex.next();
        return e;
    }

    private Expr constructor() {
        int line = lex.line;
        checkNext('{');
        List<Expr> positional = new ArrayList<>();
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        do {
            if (lex.token == '}') {
                break;
            }
            boolean keyed = lex.token == '[' || lex.token == LuaLexer.NAME && lex.lookahead() == '=';
            if (!keyed) {
                positional.add(expr());
            } else {
                Expr key;
                if (lex.token == LuaLexer.NAME) {
                    key = new VariableNodes.Constant(lex.line, checkName());
                } else {
                    lex.next();
                    key = expr();
                    checkNext(']');
                }
                checkNext('=');
                keys.add(key);
                values.add(expr());
                after.add(positional.size());
            }
        } while (testNext(',') || testNext(';'));
        checkMatch('}', '{', line);
        int[] keyedAfter = new int[after.size()];
        for (int i = 0; i < keyedAfter.length; i++) {
            keyedAfter[i] = after.get(i);
        }
        return new CallNodes.Table(line, positional.toArray(new Expr[0]), keys.toArray(new Expr[0]),
                values.toArray(new Expr[0]), keyedAfter);
    }

    Expr expr() {
        return subExpr(0);
    }

    private static int binaryOp(int token) {
        return switch (token) {
            case '+' -> OP_ADD;
            case '-' -> OP_SUB;
            case '*' -> OP_MUL;
            case '/' -> OP_DIV;
            case '%' -> OP_MOD;
            case '^' -> OP_POW;
            case LuaLexer.CONCAT -> OP_CONCAT;
            case LuaLexer.NE -> OP_NE;
            case LuaLexer.EQ -> OP_EQ;
            case '<' -> OP_LT;
            case LuaLexer.LE -> OP_LE;
            case '>' -> OP_GT;
            case LuaLexer.GE -> OP_GE;
            case LuaLexer.AND -> OP_AND;
            case LuaLexer.OR -> OP_OR;
            default -> OP_NONE;
        };
    }

    private Expr subExpr(int limit) {
        enterLevel();
        Expr e;
        int t = lex.token;
        if (t == LuaLexer.NOT || t == '-' || t == '#') {
            int line = lex.line;
            lex.next();
            Expr operand = subExpr(UNARY_PRIORITY);
            e = unary(t, operand, line);
        } else {
            e = simpleExpr();
        }
        int op = binaryOp(lex.token);
        while (op != OP_NONE && LEFT_PRIORITY[op] > limit) {
            lex.next();
            Expr right = subExpr(RIGHT_PRIORITY[op]);
            e = binary(op, e, right, lex.lastLine);
            op = binaryOp(lex.token);
        }
        levels--;
        return e;
    }

    private static Expr unary(int token, Expr operand, int line) {
        if (token == LuaLexer.NOT) {
            return new OperatorNodes.Not(line, operand);
        }
        if (token == '#') {
            return new OperatorNodes.Length(line, operand);
        }
        if (operand instanceof VariableNodes.Constant c && c.value instanceof Double d) {
            return new VariableNodes.Constant(line, -d);
        }
        return new OperatorNodes.Negate(line, operand);
    }

    private static Expr binary(int op, Expr a, Expr b, int line) {
        if (op <= OP_POW && a instanceof VariableNodes.Constant x && x.value instanceof Double p
                && b instanceof VariableNodes.Constant y && y.value instanceof Double q) {
            return new VariableNodes.Constant(line, arithOf(op).apply(p, q));
        }
        if (b instanceof VariableNodes.Constant k && k.value instanceof Double d) {
            switch (op) {
                case OP_ADD -> {
                    return new OperatorNodes.AddConstant(line, LuaOps.Arith.ADD, a, b, d);
                }
                case OP_SUB -> {
                    return new OperatorNodes.AddConstant(line, LuaOps.Arith.SUB, a, b, -d);
                }
                case OP_LT -> {
                    return new OperatorNodes.LessThanConstant(line, a, b, d);
                }
                default -> {
                }
            }
        }
        return switch (op) {
            case OP_ADD -> new OperatorNodes.Add(line, a, b);
            case OP_SUB -> new OperatorNodes.Sub(line, a, b);
            case OP_MUL -> new OperatorNodes.Mul(line, a, b);
            case OP_DIV -> new OperatorNodes.Div(line, a, b);
            case OP_MOD, OP_POW -> new OperatorNodes.Arith(line, arithOf(op), a, b);
            case OP_CONCAT -> concat(a, b, line);
            case OP_EQ -> new OperatorNodes.Equal(line, a, b, false);
            case OP_NE -> new OperatorNodes.Equal(line, a, b, true);
            case OP_LT -> new OperatorNodes.Less(line, a, b, false);
            case OP_GT -> new OperatorNodes.Less(line, a, b, true);
            case OP_LE -> new OperatorNodes.LessEqual(line, a, b, false);
            case OP_GE -> new OperatorNodes.LessEqual(line, a, b, true);
            case OP_AND -> new OperatorNodes.And(line, a, b);
            default -> new OperatorNodes.Or(line, a, b);
        };
    }

    private static LuaOps.Arith arithOf(int op) {
        return switch (op) {
            case OP_ADD -> LuaOps.Arith.ADD;
            case OP_SUB -> LuaOps.Arith.SUB;
            case OP_MUL -> LuaOps.Arith.MUL;
            case OP_DIV -> LuaOps.Arith.DIV;
            case OP_MOD -> LuaOps.Arith.MOD;
            default -> LuaOps.Arith.POW;
        };
    }

    /** {@code a .. b} where {@code b} may already be a chain (concatenation is right associative). */
    private static Expr concat(Expr a, Expr b, int line) {
        if (b instanceof OperatorNodes.Concat c) {
            Expr[] parts = new Expr[c.parts.length + 1];
            parts[0] = a;
            System.arraycopy(c.parts, 0, parts, 1, c.parts.length);
            return new OperatorNodes.Concat(line, parts);
        }
        return new OperatorNodes.Concat(line, new Expr[] {a, b});
    }
}
