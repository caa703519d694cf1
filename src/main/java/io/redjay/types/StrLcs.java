package io.redjay.types;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest common subsequence of two strings, as the LCS command computes it: the classic dynamic-programming
 * table, then one walk back from its far corner that yields both the subsequence and the matching ranges.
 *
 * <p>The walk is the part that clients observe beyond the length: which of several equally long subsequences is
 * returned, and how matches are split into ranges, depend on the tie-breaking rule (on a mismatch, step back in
 * {@code b} unless stepping back in {@code a} keeps a strictly longer LCS). The ranges come out from the end of the
 * strings towards the start, as Redis emits them.
 */
public final class StrLcs {
    private final byte[] a;
    private final byte[] b;
    private final int[] table;

    /** One matching range: positions {@code aStart..aEnd} of the first string equal {@code bStart..bEnd}. */
    public record Match(int aStart, int aEnd, int bStart, int bEnd) {
        public int length() {
            return aEnd - aStart + 1;
        }
    }

    /** Bytes of transient memory the table needs for these lengths (checked against proto-max-bulk-len first). */
    public static long tableBytes(int alen, int blen) {
        return ((long) alen + 1) * ((long) blen + 1) * Integer.BYTES;
    }

    /** Builds the table; may throw OutOfMemoryError for very large inputs. */
    public StrLcs(byte[] a, byte[] b) {
        this.a = a;
        this.b = b;
        int width = b.length + 1;
        table = new int[(a.length + 1) * width];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                if (a[i - 1] == b[j - 1]) {
                    table[i * width + j] = table[(i - 1) * width + j - 1] + 1;
                } else {
                    table[i * width + j] = Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
                }
            }
        }
    }

    private int at(int i, int j) {
        return table[i * (b.length + 1) + j];
    }

    /** Length of the longest common subsequence. */
    public int length() {
        return at(a.length, b.length);
    }

    /** The subsequence itself. */
    public byte[] subsequence() {
        byte[] result = new byte[length()];
        walk(result, null, 0);
        return result;
    }

    /** The matching ranges of at least {@code minLength} bytes (0 = all), from the end of the strings backwards. */
    public List<Match> matches(long minLength) {
        List<Match> out = new ArrayList<>();
        walk(new byte[length()], out, minLength);
        return out;
    }

    private void walk(byte[] result, List<Match> out, long minLength) {
        int idx = result.length;
        int i = a.length;
        int j = b.length;
        int none = a.length;
        int aStart = none;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == none) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (at(i - 1, j) > at(i, j - 1)) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != none) {
                    emit = true;
                }
            }
            if (emit) {
                Match m = new Match(aStart, aEnd, bStart, bEnd);
                if (out != null && (minLength == 0 || m.length() >= minLength)) {
                    out.add(m);
                }
                aStart = none;
            }
        }
    }
}
