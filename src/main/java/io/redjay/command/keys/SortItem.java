package io.redjay.command.keys;

import java.util.Comparator;

/**
 * One element being sorted with what it sorts by: a numeric score, or for ALPHA with BY the looked-up string
 * ({@code cmp}, null when the pattern names nothing). The orderings are Redis's {@code sortCompare}: numbers compare
 * by value and equal scores fall back to the elements' bytes so the result is deterministic; ALPHA compares bytes,
 * like strcoll in the C locale the reference server runs with, which stops at a NUL byte — except when storing,
 * where Redis compares whole binary strings so the stored list does not depend on the locale. Missing BY values sort
 * first. Java's sort is stable, so ALPHA ties keep the key's order as glibc's merge sort does.
 */
final class SortItem {
    final byte[] element;
    double score;
    byte[] cmp;

    SortItem(byte[] element) {
        this.element = element;
    }

    static Comparator<SortItem> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<SortItem> c;
        if (!alpha) {
            c = SortItem::byScore;
        } else if (byPattern) {
            c = store ? (a, b) -> byCmp(a, b, true) : (a, b) -> byCmp(a, b, false);
        } else {
            c = store ? (a, b) -> binary(a.element, b.element) : (a, b) -> collate(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    private static int byScore(SortItem a, SortItem b) {
        if (a.score > b.score) {
            return 1;
        }
        if (a.score < b.score) {
            return -1;
        }
        return binary(a.element, b.element);
    }

    private static int byCmp(SortItem a, SortItem b, boolean binary) {
        if (a.cmp == null || b.cmp == null) {
            return a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
        }
        return binary ? binary(a.cmp, b.cmp) : collate(a.cmp, b.cmp);
    }

    private static int binary(byte[] a, byte[] b) {
        return Integer.signum(java.util.Arrays.compareUnsigned(a, b));
    }

    /** strcoll in the C locale: unsigned bytes up to the first NUL. */
    private static int collate(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a[i] & 0xff;
            int y = b[i] & 0xff;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
        }
        int x = a.length > n ? a[n] & 0xff : 0;
        int y = b.length > n ? b[n] & 0xff : 0;
        return x - y;
    }
}
