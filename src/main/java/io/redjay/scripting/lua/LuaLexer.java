package io.redjay.scripting.lua;

import java.util.Arrays;

/**
 * The scanner of Lua 5.1 source, byte by byte as {@code llex.c} reads it, so that its errors are the same texts at
 * the same lines: "unfinished string near '"abc'", "malformed number near '3x'". As in the Lua Redis ships, a
 * {@code [[} inside a long string is plain text (no 5.0 nesting compatibility).
 *
 * <p>Single-character tokens are their byte value; reserved words and multi-character symbols are the constants
 * from {@link #AND} on, in {@code llex.c}'s order. Like C Lua, the scanner keeps the text of the token it is reading
 * in a buffer: an error about a name, string or number quotes that text ({@link #tokenText}), which for a string is
 * its delimiters around the already-unescaped content.
 *
 * <p>{@link #line} is the line the scanner has reached (the line of the current token), {@link #lastLine} the line of
 * the token consumed before it: the parser places errors with the first and stamps nodes with the second, as
 * {@code lparser.c} does.
 */
final class LuaLexer {
    static final int AND = 257;
    static final int BREAK = 258;
    static final int DO = 259;
    static final int ELSE = 260;
    static final int ELSEIF = 261;
    static final int END = 262;
    static final int FALSE = 263;
    static final int FOR = 264;
    static final int FUNCTION = 265;
    static final int IF = 266;
    static final int IN = 267;
    static final int LOCAL = 268;
    static final int NIL = 269;
    static final int NOT = 270;
    static final int OR = 271;
    static final int REPEAT = 272;
    static final int RETURN = 273;
    static final int THEN = 274;
    static final int TRUE = 275;
    static final int UNTIL = 276;
    static final int WHILE = 277;
    static final int CONCAT = 278;
    static final int DOTS = 279;
    static final int EQ = 280;
    static final int GE = 281;
    static final int LE = 282;
    static final int NE = 283;
    static final int NUMBER = 284;
    static final int NAME = 285;
    static final int STRING = 286;
    static final int EOS = 287;

    private static final String[] TOKEN_NAMES = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local", "nil", "not",
        "or", "repeat", "return", "then", "true", "until", "while", "..", "...", "==", ">=", "<=", "~=", "<number>",
        "<name>", "<string>", "<eof>"
    };
    private static final int RESERVED_COUNT = WHILE - AND + 1;
    private static final int EOZ = -1;

    private final byte[] src;
    private final String chunkName;
    private int pos;
    private int current;
    private byte[] buffer = new byte[64];
    private int bufLen;
    /** The value of the token just scanned. */
    private Object scanned;

    int line = 1;
    int lastLine = 1;
    /** The current token and its value (a {@link LuaString} for names and strings, a Double for numbers). */
    int token;
    Object value;
    private byte[] text = new byte[0];
    private int lookToken = EOS;
    private Object lookValue;
    private byte[] lookText;
    private boolean hasLookahead;

    LuaLexer(byte[] src, String chunkName) {
        this.src = src;
        this.chunkName = chunkName;
        current = src.length > 0 ? src[0] & 0xff : EOZ;
        pos = 0;
    }

    String chunkName() {
        return chunkName;
    }

    /** Moves to the next token. */
    void next() {
        lastLine = line;
        if (hasLookahead) {
            hasLookahead = false;
            token = lookToken;
            value = lookValue;
            text = lookText;
        } else {
            token = scan();
            value = scanned;
            text = Arrays.copyOf(buffer, bufLen);
        }
    }

    /** Peeks at the token after the current one (the table constructor's {@code name =} test). */
    int lookahead() {
        lookToken = scan();
        lookValue = scanned;
        lookText = Arrays.copyOf(buffer, bufLen);
        hasLookahead = true;
        return lookToken;
    }

    // ---------------------------------------------------------------- errors

    /** {@code luaX_token2str}. */
    static String tokenName(int t) {
        if (t < AND) {
            return t < 32 || t == 127 ? "char(" + t + ")" : String.valueOf((char) t);
        }
        return TOKEN_NAMES[t - AND];
    }

    /** The text an error quotes for token {@code t}: the buffer for names, strings and numbers, else its name. */
    private String tokenText(int t, byte[] raw) {
        if (t == NAME || t == STRING || t == NUMBER) {
            return new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return tokenName(t);
    }

    /** {@code luaX_syntaxerror}: an error near the current token. */
    LuaError syntaxError(String message) {
        return error(message, token, text);
    }

    /** {@code luaX_lexerror} without a token: no "near" part. */
    LuaError plainError(String message) {
        return new LuaError(LuaString.of(chunkName + ":" + line + ": " + message));
    }

    private LuaError lexError(String message, int t) {
        return error(message, t, Arrays.copyOf(buffer, bufLen));
    }

    private LuaError error(String message, int t, byte[] raw) {
        byte[] head = (chunkName + ":" + line + ": " + message + " near '").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] near = t == NAME || t == STRING || t == NUMBER ? raw
                : tokenText(t, raw).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + near.length + 1);
        System.arraycopy(near, 0, all, head.length, near.length);
        all[all.length - 1] = '\'';
        return new LuaError(LuaString.wrap(all));
    }

    // ---------------------------------------------------------------- scanning

    private void advance() {
        pos++;
        current = pos < src.length ? src[pos] & 0xff : EOZ;
    }

    private void save(int c) {
        if (bufLen == buffer.length) {
            buffer = Arrays.copyOf(buffer, bufLen * 2);
        }
        buffer[bufLen++] = (byte) c;
    }

    private void saveAndAdvance() {
        save(current);
        advance();
    }

    private boolean isNewline() {
        return current == '\n' || current == '\r';
    }

    private void newline() {
        int old = current;
        advance();
        if (isNewline() && current != old) {
            advance();
        }
        line++;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(int c) {
        return isAlpha(c) || isDigit(c);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == 0x0b || c == '\f' || c == '\n' || c == '\r';
    }

    private int scan() {
        bufLen = 0;
        scanned = null;
        while (true) {
            switch (current) {
                case '\n', '\r' -> newline();
                case '-' -> {
                    advance();
                    if (current != '-') {
                        return '-';
                    }
                    advance();
                    if (current == '[') {
                        int sep = skipSeparator();
                        bufLen = 0;
                        if (sep >= 0) {
                            readLongString(false, sep);
                            bufLen = 0;
                            continue;
                        }
                    }
                    while (!isNewline() && current != EOZ) {
                        advance();
                    }
                }
                case '[' -> {
                    int sep = skipSeparator();
                    if (sep >= 0) {
                        readLongString(true, sep);
                        return STRING;
                    }
                    if (sep == -1) {
                        return '[';
                    }
                    throw lexError("invalid long string delimiter", STRING);
                }
                case '=' -> {
                    return twoChar('=', EQ);
                }
                case '<' -> {
                    return twoChar('<', LE);
                }
                case '>' -> {
                    return twoChar('>', GE);
                }
                case '~' -> {
                    return twoChar('~', NE);
                }
                case '"', '\'' -> {
                    readString(current);
                    return STRING;
                }
                case '.' -> {
                    saveAndAdvance();
                    if (current == '.') {
                        saveAndAdvance();
                        if (current == '.') {
                            saveAndAdvance();
                            return DOTS;
                        }
                        return CONCAT;
                    }
                    if (!isDigit(current)) {
                        return '.';
                    }
                    readNumeral();
                    return NUMBER;
                }
                case EOZ -> {
                    return EOS;
                }
                default -> {
                    if (isSpace(current)) {
                        advance();
                        continue;
                    }
                    if (isDigit(current)) {
                        readNumeral();
                        return NUMBER;
                    }
                    if (isAlpha(current) || current == '_') {
                        do {
                            saveAndAdvance();
                        } while (isAlnum(current) || current == '_');
                        int reserved = reservedWord();
                        if (reserved > 0) {
                            return reserved;
                        }
                        scanned = LuaString.of(buffer, 0, bufLen);
                        return NAME;
                    }
                    int c = current;
                    advance();
                    return c;
                }
            }
        }
    }

    private int twoChar(int single, int pair) {
        advance();
        if (current != '=') {
            return single;
        }
        advance();
        return pair;
    }

    private int reservedWord() {
        if (bufLen < 2 || bufLen > 8) {
            return 0;
        }
        for (int i = 0; i < RESERVED_COUNT; i++) {
            String w = TOKEN_NAMES[i];
            if (w.length() == bufLen && matches(w)) {
                return AND + i;
            }
        }
        return 0;
    }

    private boolean matches(String w) {
        for (int i = 0; i < bufLen; i++) {
            if (buffer[i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void readNumeral() {
        do {
            saveAndAdvance();
        } while (isDigit(current) || current == '.');
        if (current == 'e' || current == 'E') {
            saveAndAdvance();
            if (current == '+' || current == '-') {
                saveAndAdvance();
            }
        }
        while (isAlnum(current) || current == '_') {
            saveAndAdvance();
        }
        Double d = LuaNumbers.parse(LuaString.of(buffer, 0, bufLen));
        if (d == null) {
            throw lexError("malformed number", NUMBER);
        }
        scanned = d;
    }

    /** Reads {@code [=*} or {@code ]=*}: the level when the bracket repeats, else {@code -count-1}. */
    private int skipSeparator() {
        int count = 0;
        int s = current;
        saveAndAdvance();
        while (current == '=') {
            saveAndAdvance();
            count++;
        }
        return current == s ? count : -count - 1;
    }

    private void readLongString(boolean isString, int sep) {
        saveAndAdvance();
        if (isNewline()) {
            newline();
        }
        while (true) {
            switch (current) {
                case EOZ -> throw lexError(isString ? "unfinished long string" : "unfinished long comment", EOS);
                case ']' -> {
                    if (skipSeparator() == sep) {
                        saveAndAdvance();
                        if (isString) {
                            scanned = LuaString.of(buffer, 2 + sep, bufLen - 2 - sep);
                        }
                        return;
                    }
                }
                case '\n', '\r' -> {
                    save('\n');
                    newline();
                    if (!isString) {
                        bufLen = 0;
                    }
                }
                default -> {
                    if (isString) {
                        saveAndAdvance();
                    } else {
                        advance();
                    }
                }
            }
        }
    }

    private void readString(int delimiter) {
        saveAndAdvance();
        while (current != delimiter) {
            switch (current) {
                case EOZ -> throw lexError("unfinished string", EOS);
                case '\n', '\r' -> throw lexError("unfinished string", STRING);
                case '\\' -> {
                    advance();
                    int c;
                    switch (current) {
                        case 'a' -> c = 7;
                        case 'b' -> c = '\b';
                        case 'f' -> c = '\f';
                        case 'n' -> c = '\n';
                        case 'r' -> c = '\r';
                        case 't' -> c = '\t';
                        case 'v' -> c = 0x0b;
                        case '\n', '\r' -> {
                            save('\n');
                            newline();
                            continue;
                        }
                        case EOZ -> {
                            continue;
                        }
                        default -> {
                            if (!isDigit(current)) {
                                saveAndAdvance();
                            } else {
                                int i = 0;
                                c = 0;
                                do {
                                    c = 10 * c + (current - '0');
                                    advance();
                                } while (++i < 3 && isDigit(current));
                                if (c > 255) {
                                    throw lexError("escape sequence too large", STRING);
                                }
                                save(c);
                            }
                            continue;
                        }
                    }
                    save(c);
                    advance();
                }
                default -> saveAndAdvance();
            }
        }
        saveAndAdvance();
        scanned = LuaString.of(buffer, 1, bufLen - 1);
    }
}
