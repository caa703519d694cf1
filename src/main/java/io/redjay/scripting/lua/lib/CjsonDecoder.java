package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.util.Arrays;

/**
 * {@code cjson.decode}: JSON text read into Lua values, token by token as lua-cjson 2.1.0 reads it, so that the
 * errors name the same token at the same character ("Expected comma or object end but found T_STRING at character
 * 8", "Expected value but found invalid token at character 1").
 *
 * <p><b>The end of the text.</b> lua-cjson reads a NUL-terminated C string: a NUL byte ends the text wherever it
 * is (a string cut by one is "unexpected end of string"), and reading past the end sees a NUL. {@link #at} gives 0
 * past the end, and a 0 byte is treated exactly like the end.
 *
 * <p><b>Numbers.</b> lua-cjson hands numbers to {@code strtod}, which takes more than JSON allows: a leading
 * {@code +}, leading zeros, {@code inf}/{@code infinity}/{@code nan} in any case, hexadecimal integers and floats.
 * With {@code decode_invalid_numbers} on (Redis's default) all of those are accepted; off, they are "invalid number"
 * or "invalid token" as in lua-cjson. {@link #strtod} is glibc's grammar; the conversion itself is Java's, which
 * rounds correctly as glibc does.
 *
 * <p><b>Strings.</b> A string without escapes becomes a copy of its bytes; escapes are decoded into a scratch buffer
 * (backslash-u escapes, surrogate pairs included, become UTF-8; a lone or misordered surrogate is an "invalid unicode
 * escape code"). JSON {@code null} becomes the state's {@code cjson.null}.
 *
 * <p><b>Limits.</b> Nesting deeper than {@code decode_max_depth} is an error, and so is nesting that would overflow
 * the 8000 stack slots lua-cjson uses (one per array level, two per object level).
 */
final class CjsonDecoder {
    private static final int OBJ_BEGIN = 0;
    private static final int OBJ_END = 1;
    private static final int ARR_BEGIN = 2;
    private static final int ARR_END = 3;
    private static final int STRING = 4;
    private static final int NUMBER = 5;
    private static final int BOOLEAN = 6;
    private static final int NULL = 7;
    private static final int COLON = 8;
    private static final int COMMA = 9;
    private static final int END = 10;
    private static final int ERROR = 12;
    private static final String[] TOKEN_NAMES = {
        "T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING", "T_NUMBER", "T_BOOLEAN", "T_NULL",
        "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR", "T_UNKNOWN",
    };

    /** glibc's {@code strtod("-nan")}: a NaN with the sign bit set, which {@code tostring} shows as "-nan". */
    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);

    private final LuaState L;
    private final CjsonConfig cfg;
    private final Object nullValue;
    private final byte[] in;
    private int pos;
    private int depth;
    // The open arrays and objects, innermost last: the table, the key of the member being read (null for an
    // array), the number of elements read so far (arrays).
    private LuaTable[] tables = new LuaTable[8];
    private Object[] keys = new Object[8];
    private int[] counts = new int[8];
    private int open;
    /** Decoded bytes of a string with escapes; allocated on the first one, as long as the text (never exceeded). */
    private byte[] scratch;

    // The current token.
    private int type;
    private int index;
    private Object value;
    private String error;

    private CjsonDecoder(LuaState L, CjsonConfig cfg, Object nullValue, byte[] in) {
        this.L = L;
        this.cfg = cfg;
        this.nullValue = nullValue;
        this.in = in;
    }

    /** The value {@code json} spells; {@code nullValue} is the state's {@code cjson.null}. */
    static Object decode(LuaState L, CjsonConfig cfg, Object nullValue, LuaString json) {
        byte[] in = json.bytes();
        if (in.length >= 2 && (in[0] == 0 || in[1] == 0)) {
            throw L.error("JSON parser does not support UTF-16 or UTF-32");
        }
        CjsonDecoder d = new CjsonDecoder(L, cfg, nullValue, in);
        d.next();
        Object v = d.value();
        d.next();
        if (d.type != END) {
            throw d.expected("the end");
        }
        return v;
    }

    private int at(int i) {
        return i < in.length ? in[i] & 0xff : 0;
    }

    /**
     * The value that starts at the current token. Nested arrays and objects are kept on an explicit stack rather
     * than the Java one, so a raised {@code decode_max_depth} cannot overflow the thread's stack; the order in which
     * tokens are checked is lua-cjson's recursive one.
     */
    private Object value() {
        int slots = 1; // the argument string
        Object v;
        while (true) {
            // the current token starts a value
            switch (type) {
                case STRING, NUMBER, BOOLEAN -> v = value;
                case NULL -> v = nullValue;
                case OBJ_BEGIN -> {
                    descend(slots + 3);
                    LuaTable t = new LuaTable();
                    next();
                    if (type == OBJ_END) {
                        depth--;
                        v = t;
                    } else {
                        push(t, true);
                        slots += 2;
                        memberKey();
                        continue;
                    }
                }
                case ARR_BEGIN -> {
                    descend(slots + 2);
                    LuaTable t = new LuaTable();
                    next();
                    if (type == ARR_END) {
                        depth--;
                        v = t;
                    } else {
                        push(t, false);
                        slots += 1;
                        continue;
                    }
                }
                default -> throw expected("value");
            }
            // v is complete: store it in the innermost open table, closing the tables it completes
            while (true) {
                if (open == 0) {
                    return v;
                }
                int f = open - 1;
                LuaTable t = tables[f];
                if (keys[f] != null) {
                    t.rawset(keys[f], v);
                    next();
                    if (type == OBJ_END) {
                        open--;
                        depth--;
                        slots -= 2;
                        v = t;
                        continue;
                    }
                    if (type != COMMA) {
                        throw expected("comma or object end");
                    }
                    next();
                    memberKey();
                } else {
                    t.rawset(++counts[f], v);
                    next();
                    if (type == ARR_END) {
                        open--;
                        depth--;
                        slots -= 1;
                        v = t;
                        continue;
                    }
                    if (type != COMMA) {
                        throw expected("comma or array end");
                    }
                    next();
                }
                break;
            }
        }
    }

    /** Reads {@code "key":} into the innermost open object, leaving the member's value as the current token. */
    private void memberKey() {
        if (type != STRING) {
            throw expected("object key string");
        }
        keys[open - 1] = value;
        next();
        if (type != COLON) {
            throw expected("colon");
        }
        next();
    }

    private void push(LuaTable t, boolean object) {
        if (open == tables.length) {
            tables = Arrays.copyOf(tables, open * 2);
            keys = Arrays.copyOf(keys, open * 2);
            counts = Arrays.copyOf(counts, open * 2);
        }
        tables[open] = t;
        keys[open] = object ? LuaString.EMPTY : null;
        counts[open] = 0;
        open++;
    }

    private void descend(int slots) {
        depth++;
        if (depth > cfg.decodeMaxDepth || slots > CjsonConfig.MAX_STACK_SLOTS) {
            throw L.error("Found too many nested data structures (" + depth + ") at character " + pos);
        }
    }

    private RuntimeException expected(String what) {
        String found = type == ERROR ? error : TOKEN_NAMES[type];
        return L.error("Expected " + what + " but found " + found + " at character " + (index + 1));
    }

    // ---------------------------------------------------------------- tokens

    private void next() {
        int c;
        while ((c = at(pos)) == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pos++;
        }
        index = pos;
        switch (c) {
            case '{' -> single(OBJ_BEGIN);
            case '}' -> single(OBJ_END);
            case '[' -> single(ARR_BEGIN);
            case ']' -> single(ARR_END);
            case ',' -> single(COMMA);
            case ':' -> single(COLON);
            case 0 -> type = END;
            case '"' -> string();
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    if (!cfg.decodeInvalidNumbers && isInvalidNumber()) {
                        fail("invalid number");
                    } else {
                        number();
                    }
                } else if (c == 't' && matches("true")) {
                    literal(BOOLEAN, Boolean.TRUE, 4);
                } else if (c == 'f' && matches("false")) {
                    literal(BOOLEAN, Boolean.FALSE, 5);
                } else if (c == 'n' && matches("null")) {
                    literal(NULL, null, 4);
                } else if ((c == 'i' || c == 'I' || c == 'n' || c == 'N' || c == '+') && cfg.decodeInvalidNumbers
                        && isInvalidNumber()) {
                    number();
                } else {
                    fail("invalid token");
                }
            }
        }
    }

    private void single(int t) {
        type = t;
        pos++;
    }

    private void literal(int t, Object v, int length) {
        type = t;
        value = v;
        pos += length;
    }

    private boolean matches(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at(pos + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A token error: the position is where reading stopped, which the message reports. */
    private void fail(String message) {
        type = ERROR;
        index = pos;
        error = message;
    }

    private void string() {
        int start = pos + 1;
        int i = start;
        int c;
        while ((c = at(i)) != '"' && c != '\\' && c != 0) {
            i++;
        }
        if (c == '"') {
            type = STRING;
            value = LuaString.of(in, start, i);
            pos = i + 1;
            return;
        }
        if (scratch == null) {
            scratch = new byte[in.length];
        }
        int n = i - start;
        System.arraycopy(in, start, scratch, 0, n);
        pos = i;
        while ((c = at(pos)) != '"') {
            if (c == 0) {
                fail("unexpected end of string");
                return;
            }
            if (c == '\\') {
                int e = at(pos + 1);
                int decoded = switch (e) {
                    case '"', '\\', '/' -> e;
                    case 'b' -> '\b';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    case 'u' -> -2;
                    default -> -1;
                };
                if (decoded == -2) {
                    int written = unicodeEscape(n);
                    if (written < 0) {
                        fail("invalid unicode escape code");
                        return;
                    }
                    n += written;
                    continue;
                }
                if (decoded < 0) {
                    fail("invalid escape code");
                    return;
                }
                pos++;
                c = decoded;
            }
            scratch[n++] = (byte) c;
            pos++;
        }
        pos++;
        type = STRING;
        value = LuaString.of(scratch, 0, n);
    }

    /** A backslash-u escape (or a surrogate pair of them) at {@link #pos} as UTF-8 at {@code scratch[n]}. */
    private int unicodeEscape(int n) {
        int cp = hex4(pos + 2);
        if (cp < 0) {
            return -1;
        }
        int escapeLength = 6;
        if ((cp & 0xF800) == 0xD800) {
            if ((cp & 0x400) != 0 || at(pos + 6) != '\\' || at(pos + 7) != 'u') {
                return -1;
            }
            int low = hex4(pos + 8);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return -1;
            }
            cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            escapeLength = 12;
        }
        byte[] b = scratch;
        int written;
        if (cp <= 0x7F) {
            b[n] = (byte) cp;
            written = 1;
        } else if (cp <= 0x7FF) {
            b[n] = (byte) ((cp >> 6) | 0xC0);
            b[n + 1] = (byte) ((cp & 0x3F) | 0x80);
            written = 2;
        } else if (cp <= 0xFFFF) {
            b[n] = (byte) ((cp >> 12) | 0xE0);
            b[n + 1] = (byte) (((cp >> 6) & 0x3F) | 0x80);
            b[n + 2] = (byte) ((cp & 0x3F) | 0x80);
            written = 3;
        } else {
            b[n] = (byte) ((cp >> 18) | 0xF0);
            b[n + 1] = (byte) (((cp >> 12) & 0x3F) | 0x80);
            b[n + 2] = (byte) (((cp >> 6) & 0x3F) | 0x80);
            b[n + 3] = (byte) ((cp & 0x3F) | 0x80);
            written = 4;
        }
        pos += escapeLength;
        return written;
    }

    private int hex4(int from) {
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(at(i), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * lua-cjson's {@code json_is_invalid_number}: a leading {@code +}, a hexadecimal prefix, a leading zero, or
     * {@code inf}/{@code nan}, which strict JSON refuses.
     */
    private boolean isInvalidNumber() {
        int p = pos;
        if (at(p) == '+') {
            return true;
        }
        if (at(p) == '-') {
            p++;
        }
        int c = at(p);
        if (c == '0') {
            int c2 = at(p + 1);
            return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
        }
        if (c <= '9') {
            return false;
        }
        return startsWithIgnoreCase(p, "inf") || startsWithIgnoreCase(p, "nan");
    }

    private boolean startsWithIgnoreCase(int p, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((at(p + i) | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void number() {
        type = NUMBER;
        int end = strtod(pos);
        if (end == pos) {
            fail("invalid number");
        } else {
            pos = end;
        }
    }

    /**
     * glibc's {@code strtod} from {@code from}: sets {@link #value} and returns where the number ends, or
     * {@code from} when there is none. The text here never starts with white space, which strtod would skip.
     */
    private int strtod(int from) {
        int p = from;
        boolean negative = false;
        if (at(p) == '+' || at(p) == '-') {
            negative = at(p) == '-';
            p++;
        }
        double v;
        int end;
        if (startsWithIgnoreCase(p, "inf")) {
            end = startsWithIgnoreCase(p + 3, "inity") ? p + 8 : p + 3;
            v = Double.POSITIVE_INFINITY;
        } else if (startsWithIgnoreCase(p, "nan")) {
            end = p + 3;
            if (at(end) == '(') {
                int q = end + 1;
                while (isDigit(at(q)) || ((at(q) | 0x20) >= 'a' && (at(q) | 0x20) <= 'z') || at(q) == '_') {
                    q++;
                }
                if (at(q) == ')') {
                    end = q + 1;
                }
            }
            v = negative ? NEGATIVE_NAN : Double.NaN;
            negative = false;
        } else if (at(p) == '0' && (at(p + 1) | 0x20) == 'x'
                && (isHex(at(p + 2)) || (at(p + 2) == '.' && isHex(at(p + 3))))) {
            end = hexNumber(p + 2);
            v = (Double) value;
        } else {
            end = decimalEnd(p);
            if (end < 0) {
                return from;
            }
            v = Double.parseDouble(new String(in, p, end - p, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        value = negative ? -v : v;
        return end;
    }

    private static boolean isHex(int c) {
        return Character.digit(c, 16) >= 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The end of {@code digits[.digits][e[sign]digits]} (at least one mantissa digit), or -1. */
    private int decimalEnd(int p) {
        int digits = 0;
        while (isDigit(at(p))) {
            p++;
            digits++;
        }
        if (at(p) == '.') {
            p++;
            while (isDigit(at(p))) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return -1;
        }
        return exponentEnd(p, 'e');
    }

    /** Past an exponent ({@code e} or {@code p}, a sign, digits) at {@code p}, or {@code p} when there is none. */
    private int exponentEnd(int p, char letter) {
        if ((at(p) | 0x20) != letter) {
            return p;
        }
        int q = p + 1;
        if (at(q) == '+' || at(q) == '-') {
            q++;
        }
        if (!isDigit(at(q))) {
            return p;
        }
        while (isDigit(at(q))) {
            q++;
        }
        return q;
    }

    /** A hexadecimal number after {@code 0x}, as Java's hexadecimal floating literal; sets {@link #value}. */
    private int hexNumber(int p) {
        int start = p;
        while (isHex(at(p))) {
            p++;
        }
        if (at(p) == '.') {
            p++;
            while (isHex(at(p))) {
                p++;
            }
        }
        int mantissaEnd = p;
        int end = exponentEnd(p, 'p');
        StringBuilder literal = new StringBuilder(end - start + 6).append("0x");
        for (int i = start; i < mantissaEnd; i++) {
            literal.append((char) in[i]);
        }
        if (end == mantissaEnd) {
            literal.append("p0");
        } else {
            for (int i = mantissaEnd; i < end; i++) {
                literal.append((char) in[i]);
            }
        }
        value = Double.parseDouble(literal.toString());
        return end;
    }
}
