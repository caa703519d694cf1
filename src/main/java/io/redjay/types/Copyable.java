package io.redjay.types;

/**
 * An aggregate value that COPY can duplicate. Strings are immutable {@code byte[]} handled by COPY itself; each
 * aggregate type implements this so that the copy is deep (later writes to either key must not show through the
 * other) and keeps the source's encoding, as Redis's per-type {@code *Dup} functions do.
 */
public interface Copyable {
    /** A deep, independent copy of this value. */
    Object copy();
}
