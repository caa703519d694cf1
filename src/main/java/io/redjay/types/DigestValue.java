package io.redjay.types;

/**
 * An aggregate value that can describe its content to DEBUG DIGEST. Implementations follow Redis's per-type recipe
 * so digests match a real server: a list mixes each element in order; a set xors each member; a hash xors, per
 * field, a fresh {@link Digest} into which the field and then the value were mixed; a sorted set does the same with
 * the member and its score formatted as {@code %.17g}; a stream mixes each entry id ({@code ms.seq}) followed by its
 * fields and values. The type code and the TTL marker are added by {@link Digest#addValue}, not here.
 */
public interface DigestValue {
    void digestInto(Digest digest);
}
