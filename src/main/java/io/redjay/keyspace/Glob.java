package io.redjay.keyspace;

/**
 * Redis-style glob matching on raw bytes, as used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and friends.
 *
 * <p>The pattern language is the one of Redis's {@code stringmatchlen}: {@code *} (any run, possibly empty),
 * {@code ?} (one byte), {@code [...]} classes with {@code ^} negation, {@code a-z} ranges (reversed ranges are
 * swapped) and {@code \} escapes, and {@code \} outside a class quoting the next byte. The quirks are kept because
 * clients observe them: an unterminated class takes the rest of the pattern as its members, a trailing lone
 * {@code \} is a literal backslash, case folding ({@code nocase}) only folds ASCII letters, and an empty subject
 * only matches an empty pattern (so {@code "*"} does not match the empty key; callers that treat a lone
 * {@code "*"} as "everything" short-circuit before calling us, as Redis does).
 *
 * <p>Every pattern element other than {@code *} consumes exactly one byte, so the matcher can run iteratively,
 * backtracking only to the most recent star. That gives the same answers as the recursive formulation while
 * bounding the work to O(pattern * subject) and using no stack, which is what protects the server against
 * pathological patterns such as {@code "*a*a*a*a*a*a*b"} (Redis reaches the same bound by abandoning longer
 * matches for earlier stars once a later star has failed everywhere).
 */
public final class Glob {
    private Glob() {
    }

    /** Whether {@code string} matches {@code pattern}, both taken whole. */
    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /** Case-sensitive convenience overload. */
    public static boolean match(byte[] pattern, byte[] string) {
        return match(pattern, string, false);
    }

    /** Whether {@code string[sFrom, sTo)} matches {@code pattern[pFrom, pTo)}. */
    public static boolean match(byte[] pattern, int pFrom, int pTo, byte[] string, int sFrom, int sTo,
                                boolean nocase) {
        if (sFrom >= sTo) {
            return pFrom >= pTo;
        }
        int p = pFrom;
        int s = sFrom;
        int starP = -1;
        int starS = -1;
        while (s < sTo) {
            if (p < pTo && pattern[p] == '*') {
                while (p < pTo && pattern[p] == '*') {
                    p++;
                }
                if (p == pTo) {
                    return true;
                }
                starP = p;
                starS = s;
                continue;
            }
            if (p < pTo) {
                int next = matchOne(pattern, p, pTo, string[s], nocase);
                if (next >= 0) {
                    p = next;
                    s++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP;
            starS++;
            s = starS;
        }
        while (p < pTo && pattern[p] == '*') {
            p++;
        }
        return p == pTo;
    }

    /**
     * Matches the single-byte element starting at {@code p} against {@code c}: returns the index just past the
     * element when it matches, or -1 when it does not.
     */
    private static int matchOne(byte[] pattern, int p, int end, byte c, boolean nocase) {
        byte b = pattern[p];
        if (b == '?') {
            return p + 1;
        }
        if (b == '[') {
            return matchClass(pattern, p + 1, end, c, nocase);
        }
        if (b == '\\' && end - p >= 2) {
            p++;
            b = pattern[p];
        }
        return same(b, c, nocase) ? p + 1 : -1;
    }

    /** Matches a class whose body starts at {@code p} (just after the '['). */
    private static int matchClass(byte[] pattern, int p, int end, byte c, boolean nocase) {
        boolean not = p < end && pattern[p] == '^';
        if (not) {
            p++;
        }
        boolean match = false;
        while (true) {
            if (p >= end) {
                break;
            }
            byte b = pattern[p];
            if (b == '\\' && end - p >= 2) {
                p++;
                if (pattern[p] == c) {
                    match = true;
                }
            } else if (b == ']') {
                p++;
                break;
            } else if (end - p >= 3 && pattern[p + 1] == '-') {
                int start = b;
                int stop = pattern[p + 2];
                int ch = c;
                if (start > stop) {
                    int t = start;
                    start = stop;
                    stop = t;
                }
                if (nocase) {
                    start = lower(start);
                    stop = lower(stop);
                    ch = lower(ch);
                }
                p += 2;
                if (ch >= start && ch <= stop) {
                    match = true;
                }
            } else if (same(b, c, nocase)) {
                match = true;
            }
            p++;
        }
        return match != not ? p : -1;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
