package io.redjay.command;

/**
 * A range of positions given as Redis's {@code start stop} arguments (LRANGE, LTRIM, ZRANGE, ZREMRANGEBYRANK): both
 * inclusive, negative ones counted from the end, then clipped to the sequence. One place for rules that four
 * commands must apply identically, because an off-by-one here is a different reply.
 */
public record IndexRange(long start, long end) {
    /** The clipped range over a sequence of {@code length} elements, or null when it selects nothing. */
    public static IndexRange of(long start, long end, long length) {
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = length + end;
        }
        if (start > end || start >= length) {
            return null;
        }
        return new IndexRange(start, Math.min(end, length - 1));
    }

    public int count() {
        return (int) (end - start + 1);
    }
}
