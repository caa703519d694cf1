package io.redjay.scripting;

import io.netty.buffer.ByteBuf;
import io.redjay.protocol.ReplyWriter;
import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.types.CFormat;

/**
 * The two conversions between Redis replies and Lua values, with Redis 7.0's rules ({@code script_lua.c}).
 *
 * <p><b>Reply to Lua</b> ({@link #toLua}): a command called from a script writes its reply, in the RESP version the
 * script chose with {@code redis.setresp}, into the script client's buffer like any reply; that text is parsed here.
 * Integers become numbers, bulk strings strings, null bulk and null array {@code false}, a status {@code {ok=...}},
 * an error {@code {err="CODE msg"}}, arrays tables; RESP3 adds maps ({@code {map={...}}}), sets
 * ({@code {set={m=true}}}), null (nil), booleans, doubles ({@code {double=d}}), big numbers and verbatim strings, and
 * attributes are skipped. Parsing the text, as Redis does, means every command's reply reaches Lua exactly as a
 * client would see it, with no second reply path to keep in step.
 *
 * <p><b>Lua to reply</b> ({@link #write}): what a script returns, written for the caller in the caller's protocol.
 * Strings are bulk, numbers integers (truncated), true {@code :1} and false a null in RESP2 unless the script asked
 * for RESP3 (then booleans); a table with a string {@code err} is an error, {@code ok} a status, {@code double},
 * {@code big_number}, {@code verbatim_string}, {@code map} and {@code set} their RESP3 types; any other table is an
 * array of t[1], t[2]... up to the first nil. Nesting is bounded as the C stack bounds it in Redis ("reached lua
 * stack limit").
 */
public final class LuaReplies {
    static final LuaString OK = LuaString.of("ok");
    static final LuaString ERR = LuaString.of("err");
    static final LuaString DOUBLE = LuaString.of("double");
    static final LuaString BIG_NUMBER = LuaString.of("big_number");
    static final LuaString VERBATIM = LuaString.of("verbatim_string");
    static final LuaString FORMAT = LuaString.of("format");
    static final LuaString STRING = LuaString.of("string");
    static final LuaString MAP = LuaString.of("map");
    static final LuaString SET = LuaString.of("set");
    static final LuaString IGNORE_STATS = LuaString.of("ignore_error_stats_update");

    /** How deep a returned table may nest before the reply says "reached lua stack limit". */
    static final int MAX_NESTING = 3990;

    private LuaReplies() {
    }

    // ---------------------------------------------------------------- reply -> Lua

    /** Parses the one reply in {@code buf} from {@code from} to its writer index into a Lua value. */
    public static Object toLua(ByteBuf buf, int from) {
        if (buf.getByte(from) == ':' && buf.writerIndex() - from <= 22) {
            return (double) integerReply(buf, from + 1); // the common reply, read without a parser
        }
        Parser p = new Parser(buf, from);
        return p.value(true);
    }

    /** The value of an integer reply whose digits start at {@code pos}. */
    private static long integerReply(ByteBuf buf, int pos) {
        boolean negative = buf.getByte(pos) == '-';
        if (negative) {
            pos++;
        }
        long v = 0;
        for (byte b = buf.getByte(pos); b != '\r'; b = buf.getByte(++pos)) {
            v = v * 10 + (b - '0');
        }
        return negative ? -v : v;
    }

    /** An error table as Redis builds it from {@code -CODE msg} or a bare message ({@code luaPushErrorBuff}). */
    public static LuaTable errorTable(String error) {
        String code;
        String msg;
        if (error.startsWith("-")) {
            int space = error.indexOf(' ');
            if (space < 0) {
                code = "ERR";
                msg = error.substring(1);
            } else {
                code = error.substring(1, space);
                msg = error.substring(space + 1);
            }
        } else {
            code = "ERR";
            msg = error;
        }
        msg = trimNewlines(msg);
        LuaTable t = new LuaTable(0, 2);
        t.rawset(ERR, LuaString.of(code + " " + msg));
        return t;
    }

    private static String trimNewlines(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == '\r' || s.charAt(from) == '\n')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == '\r' || s.charAt(to - 1) == '\n')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** A recursive-descent reader of one RESP2/RESP3 reply. */
    private static final class Parser {
        private final ByteBuf buf;
        private int pos;

        Parser(ByteBuf buf, int from) {
            this.buf = buf;
            this.pos = from;
        }

        /** The next value; {@code keep} false parses and drops it (attributes). */
        Object value(boolean keep) {
            byte type = buf.getByte(pos++);
            switch (type) {
                case ':':
                    return (double) number();
                case '$': {
                    long n = number();
                    if (n < 0) {
                        return Boolean.FALSE;
                    }
                    return bytes((int) n);
                }
                case '+': {
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(OK, LuaString.wrap(lineRaw()));
                    return t;
                }
                case '-': {
                    String msg = new String(lineRaw(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    LuaTable t = errorTable("-" + msg);
                    t.rawset(IGNORE_STATS, Boolean.TRUE);
                    return t;
                }
                case '*': {
                    long n = number();
                    if (n < 0) {
                        return Boolean.FALSE;
                    }
                    LuaTable t = new LuaTable((int) Math.min(n, 1 << 16), 0);
                    for (int i = 1; i <= n; i++) {
                        t.rawset(i, value(true));
                    }
                    return t;
                }
                case '%': {
                    long n = Long.parseLong(line());
                    LuaTable inner = new LuaTable(0, (int) Math.min(n, 1 << 16));
                    for (long i = 0; i < n; i++) {
                        Object k = value(true);
                        Object v = value(true);
                        setIfKey(inner, k, v);
                    }
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(MAP, inner);
                    return t;
                }
                case '~': {
                    long n = Long.parseLong(line());
                    LuaTable inner = new LuaTable(0, (int) Math.min(n, 1 << 16));
                    for (long i = 0; i < n; i++) {
                        setIfKey(inner, value(true), Boolean.TRUE);
                    }
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(SET, inner);
                    return t;
                }
                case '_':
                    line();
                    return null;
                case '#':
                    return Lua.bool(line().equals("t"));
                case ',': {
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(DOUBLE, parseDouble(line()));
                    return t;
                }
                case '(': {
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(BIG_NUMBER, LuaString.of(line()));
                    return t;
                }
                case '=': {
                    long n = Long.parseLong(line());
                    LuaString whole = bytes((int) n);
                    LuaTable inner = new LuaTable(0, 2);
                    inner.rawset(STRING, whole.substring(4, whole.length()));
                    inner.rawset(FORMAT, whole.substring(0, 3));
                    LuaTable t = new LuaTable(0, 1);
                    t.rawset(VERBATIM, inner);
                    return t;
                }
                case '|': {
                    long n = Long.parseLong(line());
                    for (long i = 0; i < n; i++) {
                        value(false);
                        value(false);
                    }
                    return value(keep);
                }
                case '>': {
                    long n = Long.parseLong(line());
                    LuaTable t = new LuaTable((int) Math.min(n, 1 << 16), 0);
                    for (int i = 1; i <= n; i++) {
                        t.rawset(i, value(true));
                    }
                    return t;
                }
                default:
                    throw new IllegalStateException("unexpected reply type '" + (char) type + "' from a command");
            }
        }

        private static void setIfKey(LuaTable t, Object k, Object v) {
            if (k != null && !(k instanceof Double d && Double.isNaN(d))) {
                t.rawset(k, v);
            }
        }

        private static Double parseDouble(String s) {
            return switch (s) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan", "-nan" -> Double.NaN;
                default -> Double.parseDouble(s);
            };
        }

        /** The rest of the current line as a decimal integer, the CRLF consumed (lengths, integer replies). */
        private long number() {
            long v = integerReply(buf, pos);
            pos = buf.indexOf(pos, buf.writerIndex(), (byte) '\r') + 2;
            return v;
        }

        /** The rest of the current line as Latin-1 text, the CRLF consumed. */
        private String line() {
            return new String(lineRaw(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        private byte[] lineRaw() {
            int end = buf.indexOf(pos, buf.writerIndex(), (byte) '\r');
            byte[] b = new byte[end - pos];
            buf.getBytes(pos, b);
            pos = end + 2;
            return b;
        }

        private LuaString bytes(int n) {
            byte[] b = new byte[n];
            buf.getBytes(pos, b);
            pos += n + 2;
            return LuaString.wrap(b);
        }
    }

    // ---------------------------------------------------------------- Lua -> reply

    /**
     * Writes what a script returned as the caller's reply. {@code scriptResp} is the protocol the script chose (it
     * decides how booleans are sent to a RESP2 caller). Returns true when the reply was an error that came from a
     * command's own error reply (already counted in the error statistics).
     */
    public static boolean write(ReplyWriter w, Object v, int scriptResp) {
        return write(w, v, scriptResp, 0);
    }

    private static boolean write(ReplyWriter w, Object v, int scriptResp, int depth) {
        if (depth >= MAX_NESTING) {
            w.error("ERR reached lua stack limit");
            return false;
        }
        if (v instanceof LuaString s) {
            w.bulk(s.bytes());
        } else if (v instanceof Boolean b) {
            if (scriptResp == 2) {
                if (b) {
                    w.integer(1);
                } else {
                    writeNull(w);
                }
            } else {
                w.bool(b);
            }
        } else if (v instanceof Double d) {
            w.integer(toLongLikeC(d));
        } else if (v instanceof LuaTable t) {
            return writeTable(w, t, scriptResp, depth);
        } else {
            writeNull(w);
        }
        return false;
    }

    /** Redis's {@code addReplyNull}: {@code $-1} in RESP2, {@code _} in RESP3. */
    private static void writeNull(ReplyWriter w) {
        if (w.resp3()) {
            w.raw(NULL3);
        } else {
            w.nullBulk();
        }
    }

    private static final byte[] NULL3 = "_\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** C's {@code (long long)} of a double: truncation, with what x86 gives for values out of range. */
    static long toLongLikeC(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    private static boolean writeTable(ReplyWriter w, LuaTable t, int scriptResp, int depth) {
        Object err = t.rawget(ERR);
        if (err instanceof LuaString e) {
            boolean counted = Lua.truthy(t.rawget(IGNORE_STATS));
            if (counted) {
                w.errorUncounted(e.toString());
            } else {
                w.error(e.toString());
            }
            return counted;
        }
        Object ok = t.rawget(OK);
        if (ok instanceof LuaString s) {
            w.simple(s.toString());
            return false;
        }
        Object dbl = t.rawget(DOUBLE);
        if (dbl instanceof Double d) {
            if (Double.isNaN(d)) { // glibc prints the sign of a NaN, and x86's 0/0 is negative
                w.doubleText((Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } else {
                w.doubleValue(d);
            }
            return false;
        }
        Object big = t.rawget(BIG_NUMBER);
        if (big instanceof LuaString s) {
            w.bigNumber(s.toString().replace('\r', ' ').replace('\n', ' '));
            return false;
        }
        Object verbatim = t.rawget(VERBATIM);
        if (verbatim instanceof LuaTable vt && vt.rawget(FORMAT) instanceof LuaString format
                && vt.rawget(STRING) instanceof LuaString text) {
            w.verbatim(format.toString(), text.bytes());
            return false;
        }
        Object map = t.rawget(MAP);
        if (map instanceof LuaTable m) {
            int n = 0;
            Object[] kv = new Object[2];
            for (Object k = null; m.next(k, kv); k = kv[0]) {
                n++;
            }
            w.map(n);
            for (Object k = null; m.next(k, kv); k = kv[0]) {
                Object key = kv[0];
                Object value = kv[1];
                write(w, key, scriptResp, depth + 1);
                write(w, value, scriptResp, depth + 1);
            }
            return false;
        }
        Object set = t.rawget(SET);
        if (set instanceof LuaTable s) {
            int n = 0;
            Object[] kv = new Object[2];
            for (Object k = null; s.next(k, kv); k = kv[0]) {
                n++;
            }
            w.set(n);
            for (Object k = null; s.next(k, kv); k = kv[0]) {
                write(w, kv[0], scriptResp, depth + 1);
            }
            return false;
        }
        int n = 0;
        while (t.rawget(n + 1) != null) {
            n++;
        }
        w.array(n);
        for (int i = 1; i <= n; i++) {
            write(w, t.rawget(i), scriptResp, depth + 1);
        }
        return false;
    }

    /** A Lua argument of redis.call as Redis passes it on: strings as they are, numbers by {@code %.17g}. */
    public static byte[] argument(Object v) {
        if (v instanceof LuaString s) {
            return s.bytes();
        }
        double d = (Double) v;
        long l = (long) d;
        if (l == d && Math.abs(d) < 1e17) {
            if (l == 0 && 1 / d < 0) {
                return "-0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            return Long.toString(l).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return CFormat.formatG(d, 17, false, false).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
