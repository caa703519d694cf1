package io.redjay.types;

/**
 * A score interval as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE take it: each end inclusive, or exclusive when
 * written with a leading {@code (}. Either end may be infinite.
 */
public record ZSetScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean aboveMin(double v) {
        return minExclusive ? v > min : v >= min;
    }

    public boolean belowMax(double v) {
        return maxExclusive ? v < max : v <= max;
    }

    /** True when no score can fall inside (min above max, or equal ends with one of them exclusive). */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    public boolean contains(double v) {
        return aboveMin(v) && belowMax(v);
    }
}
