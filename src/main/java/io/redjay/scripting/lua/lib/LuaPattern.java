package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import java.nio.charset.StandardCharsets;

/**
 * Lua 5.1's pattern matcher ({@code lstrlib.c}'s {@code MatchState}), rebuilt item for item on the bytes of the
 * subject and the pattern. It is a backtracking matcher, not a regular-expression engine: single-item repetitions
 * ({@code * + - ?}) try their alternatives in order by recursion, captures are undone when the rest fails, and there
 * is no alternation. Keeping the C structure (the same recursion, the same order of tests) is what makes every
 * corner come out as in C Lua: which of several matches wins, when an error is raised and which one, what an
 * unclosed capture or a malformed set does.
 *
 * <p>Two C habits are kept on purpose. The pattern is a C string: it ends at its first NUL byte, and reading past its
 * end gives 0, which is how C's {@code *p == '\0'} tests see it. The subject is read through its length, but the byte
 * just past the end reads 0 too (C Lua strings carry a terminating NUL, which {@code %f} and {@code %b} look at).
 * Character classes are the C locale's: ASCII only, bytes of 128 and above are in no class.
 *
 * <p>One state serves a whole {@code gsub} or {@code gmatch} step: {@link #reset} clears the captures between
 * attempts. Positions are 0-based byte offsets; "no match" is -1. Errors are raised with {@link LuaState#error}, at
 * the position of the Lua code that called the library function.
 */
final class LuaPattern {
    static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final byte[] SPECIALS = "^$*+?.([%-".getBytes(StandardCharsets.ISO_8859_1);

    private static final int ALPHA = 1;
    private static final int CNTRL = 2;
    private static final int DIGIT = 4;
    private static final int LOWER = 8;
    private static final int PUNCT = 16;
    private static final int SPACE = 32;
    private static final int UPPER = 64;
    private static final int XDIGIT = 128;
    private static final int[] CTYPE = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            int bits = 0;
            if (c >= 'a' && c <= 'z') {
                bits |= ALPHA | LOWER;
            }
            if (c >= 'A' && c <= 'Z') {
                bits |= ALPHA | UPPER;
            }
            if (c >= '0' && c <= '9') {
                bits |= DIGIT | XDIGIT;
            }
            if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                bits |= XDIGIT;
            }
            if (c < 32 || c == 127) {
                bits |= CNTRL;
            }
            if (c == ' ' || (c >= 9 && c <= 13)) {
                bits |= SPACE;
            }
            if (c > 32 && c < 127 && (bits & (ALPHA | DIGIT)) == 0) {
                bits |= PUNCT;
            }
            CTYPE[c] = bits;
        }
    }

    private final LuaState L;
    private final LuaString subject;
    private final byte[] src;
    private final int srcEnd;
    private final byte[] pat;
    private final int patEnd;
    private int level;
    private final int[] captureInit = new int[MAX_CAPTURES];
    private final int[] captureLen = new int[MAX_CAPTURES];

    LuaPattern(LuaState L, LuaString subject, LuaString pattern) {
        this.L = L;
        this.subject = subject;
        this.src = subject.bytes();
        this.srcEnd = src.length;
        this.pat = pattern.bytes();
        this.patEnd = cStringLength(pat);
    }

    /** Where a C string over these bytes ends: at the first NUL, or at the end. */
    static int cStringLength(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    /** {@code strpbrk(p, SPECIALS) == NULL}: no magic character before the pattern's first NUL. */
    static boolean isPlain(LuaString pattern) {
        byte[] b = pattern.bytes();
        int end = cStringLength(b);
        for (int i = 0; i < end; i++) {
            for (byte special : SPECIALS) {
                if (b[i] == special) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pattern byte at {@code i}, 0 past the C string's end. */
    int patAt(int i) {
        return i < patEnd ? pat[i] & 0xff : 0;
    }

    private int srcAt(int i) {
        return i < srcEnd ? src[i] & 0xff : 0;
    }

    /** Forgets the captures before a new attempt. */
    void reset() {
        level = 0;
    }

    int level() {
        return level;
    }

    /**
     * Matches the pattern from {@code p} against the subject from {@code s}; the end of the match, or -1. A pattern
     * so deeply nested that Java's stack runs out is refused as too complex (C Lua would crash).
     */
    int matchFrom(int s, int p) {
        try {
            return match(s, p);
        } catch (StackOverflowError e) {
            throw L.error("pattern too complex");
        }
    }

    private int match(int s, int p) {
        while (true) {
            int c = patAt(p);
            if (c == '(') {
                if (patAt(p + 1) == ')') {
                    return startCapture(s, p + 2, CAP_POSITION);
                }
                return startCapture(s, p + 1, CAP_UNFINISHED);
            }
            if (c == ')') {
                return endCapture(s, p + 1);
            }
            if (c == 0) {
                return s;
            }
            if (c == '$' && patAt(p + 1) == 0) {
                return s == srcEnd ? s : -1;
            }
            if (c == '%') {
                int next = patAt(p + 1);
                if (next == 'b') {
                    s = matchBalance(s, p + 2);
                    if (s < 0) {
                        return -1;
                    }
                    p += 4;
                    continue;
                }
                if (next == 'f') {
                    p += 2;
                    if (patAt(p) != '[') {
                        throw L.error("missing '[' after '%f' in pattern");
                    }
                    int ep = classEnd(p);
                    int previous = s == 0 ? 0 : src[s - 1] & 0xff;
                    if (matchBracketClass(previous, p, ep - 1) || !matchBracketClass(srcAt(s), p, ep - 1)) {
                        return -1;
                    }
                    p = ep;
                    continue;
                }
                if (isDigit(next)) {
                    s = matchCapture(s, next);
                    if (s < 0) {
                        return -1;
                    }
                    p += 2;
                    continue;
                }
            }
            int ep = classEnd(p);
            boolean m = s < srcEnd && singleMatch(src[s] & 0xff, p, ep);
            switch (patAt(ep)) {
                case '?' -> {
                    if (m) {
                        int res = match(s + 1, ep + 1);
                        if (res >= 0) {
                            return res;
                        }
                    }
                    p = ep + 1;
                }
                case '*' -> {
                    return maxExpand(s, p, ep);
                }
                case '+' -> {
                    return m ? maxExpand(s + 1, p, ep) : -1;
                }
                case '-' -> {
                    return minExpand(s, p, ep);
                }
                default -> {
                    if (!m) {
                        return -1;
                    }
                    s++;
                    p = ep;
                }
            }
        }
    }

    /** Where the single-character class at {@code p} ends ({@code %x}, a set {@code [...]}, or one byte). */
    private int classEnd(int p) {
        int c = patAt(p++);
        if (c == '%') {
            if (patAt(p) == 0) {
                throw L.error("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (patAt(p) == '^') {
                p++;
            }
            do {
                if (patAt(p) == 0) {
                    throw L.error("malformed pattern (missing ']')");
                }
                if (patAt(p++) == '%' && patAt(p) != 0) {
                    p++;
                }
            } while (patAt(p) != ']');
            return p + 1;
        }
        return p;
    }

    private boolean singleMatch(int c, int p, int ep) {
        return switch (patAt(p)) {
            case '.' -> true;
            case '%' -> matchClass(c, patAt(p + 1));
            case '[' -> matchBracketClass(c, p, ep - 1);
            default -> patAt(p) == c;
        };
    }

    /** Whether {@code c} is in the set from {@code p} (its '[') to {@code ec} (its ']'). */
    private boolean matchBracketClass(int c, int p, int ec) {
        boolean sig = true;
        if (patAt(p + 1) == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            if (patAt(p) == '%') {
                p++;
                if (matchClass(c, patAt(p))) {
                    return sig;
                }
            } else if (patAt(p + 1) == '-' && p + 2 < ec) {
                p += 2;
                if (patAt(p - 2) <= c && c <= patAt(p)) {
                    return sig;
                }
            } else if (patAt(p) == c) {
                return sig;
            }
        }
        return !sig;
    }

    /** {@code %cl}: a class letter (upper case for the complement), or any other byte standing for itself. */
    static boolean matchClass(int c, int cl) {
        int folded = cl >= 'A' && cl <= 'Z' ? cl + ('a' - 'A') : cl;
        int bits = switch (folded) {
            case 'a' -> ALPHA;
            case 'c' -> CNTRL;
            case 'd' -> DIGIT;
            case 'l' -> LOWER;
            case 'p' -> PUNCT;
            case 's' -> SPACE;
            case 'u' -> UPPER;
            case 'w' -> ALPHA | DIGIT;
            case 'x' -> XDIGIT;
            case 'z' -> 0;
            default -> -1;
        };
        if (bits < 0) {
            return cl == c;
        }
        boolean res = bits == 0 ? c == 0 : (CTYPE[c] & bits) != 0;
        return (CTYPE[cl] & LOWER) != 0 ? res : !res;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private int matchBalance(int s, int p) {
        if (patAt(p) == 0 || patAt(p + 1) == 0) {
            throw L.error("unbalanced pattern");
        }
        if (srcAt(s) != patAt(p)) {
            return -1;
        }
        int open = patAt(p);
        int close = patAt(p + 1);
        int depth = 1;
        while (++s < srcEnd) {
            int c = src[s] & 0xff;
            if (c == close) {
                if (--depth == 0) {
                    return s + 1;
                }
            } else if (c == open) {
                depth++;
            }
        }
        return -1;
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (s + i < srcEnd && singleMatch(src[s + i] & 0xff, p, ep)) {
            i++;
        }
        while (i >= 0) {
            int res = match(s + i, ep + 1);
            if (res >= 0) {
                return res;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int res = match(s, ep + 1);
            if (res >= 0) {
                return res;
            }
            if (s < srcEnd && singleMatch(src[s] & 0xff, p, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAX_CAPTURES) {
            throw L.error("too many captures");
        }
        captureInit[level] = s;
        captureLen[level] = what;
        level++;
        int res = match(s, p);
        if (res < 0) {
            level--;
        }
        return res;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLen[l] = s - captureInit[l];
        int res = match(s, p);
        if (res < 0) {
            captureLen[l] = CAP_UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (captureLen[l] == CAP_UNFINISHED) {
                return l;
            }
        }
        throw L.error("invalid pattern capture");
    }

    private int matchCapture(int s, int digit) {
        int l = checkCapture(digit);
        int len = captureLen[l];
        if (len < 0 || srcEnd - s < len) {
            return -1; // a position capture has no text (C compares its length as a huge size_t)
        }
        int init = captureInit[l];
        for (int i = 0; i < len; i++) {
            if (src[init + i] != src[s + i]) {
                return -1;
            }
        }
        return s + len;
    }

    private int checkCapture(int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) {
            throw L.error("invalid capture index");
        }
        return l;
    }

    /** {@code push_onecapture}: capture {@code i} (a string, or a number for a position capture). */
    Object capture(int i, int s, int e) {
        if (i >= level) {
            if (i == 0) {
                return subject.substring(s, e);
            }
            throw L.error("invalid capture index");
        }
        int len = captureLen[i];
        if (len == CAP_UNFINISHED) {
            throw L.error("unfinished capture");
        }
        int init = captureInit[i];
        if (len == CAP_POSITION) {
            return (double) (init + 1);
        }
        return subject.substring(init, init + len);
    }

    /** {@code push_captures}: all captures, or the whole match {@code s..e} when there are none. */
    Object[] captures(int s, int e, boolean wholeIfNone) {
        int n = level == 0 && wholeIfNone ? 1 : level;
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = capture(i, s, e);
        }
        return out;
    }
}
