package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.Dict;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis hash: a map from field to value, both binary strings, in one of two encodings.
 *
 * <p><b>listpack</b> (compact): all pairs packed into one {@code byte[]} in insertion order (see
 * {@link HashPacked}), so a small hash costs two objects. <b>hashtable</b>: a {@link Dict} of {@link HashEntry}
 * nodes, with incremental rehashing and the resize-proof scan cursor HSCAN needs. A hash starts compact and moves to
 * the table, for good, as soon as it holds more than {@code hash-max-listpack-entries} pairs or a field or value
 * longer than {@code hash-max-listpack-value} bytes, the same rule and the same points as Redis. The thresholds are
 * passed in by the caller so this class stays a plain data structure.
 *
 * <p><b>One field.</b> The representation is a single reference, {@link #data}: the packed array or the table. With
 * millions of small hashes every field of this object is paid millions of times, so the compact form does not even
 * cache its pair count: counting walks at most {@code hash-max-listpack-entries} length prefixes. For the same
 * reason the heap it retains ({@link #heapBytes()}) is derived from the packed array's length, and in the table form
 * kept by the {@link HashTable}. COPY copies the arrays of a table, so that the copy retains all it counts.
 */
public final class HashValue implements Aggregate {
    private static final int FAIR_SAMPLE = 15;
    /** This object: the one reference to its data. */
    private static final long SHALLOW = HeapLayout.object(0, 1);

    /** The packed {@code byte[]} (listpack) or the {@link HashTable} (hashtable). */
    private Object data;

    /** Receives one field and its value as slices of arrays that must not be kept or changed. */
    public interface PairVisitor {
        void visit(byte[] field, int fieldOffset, int fieldLength, byte[] value, int valueOffset, int valueLength);
    }

    /** An empty hash in the compact form; it must receive a pair before it is stored. */
    public HashValue() {
        data = HashPacked.EMPTY;
    }

    /** The packed array, or null in the table form. */
    private byte[] packed() {
        return data instanceof byte[] a ? a : null;
    }

    private HashTable table() {
        return (HashTable) data;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return data instanceof byte[] ? "listpack" : "hashtable";
    }

    public boolean isPacked() {
        return data instanceof byte[];
    }

    @Override
    public long size() {
        byte[] packed = packed();
        return packed != null ? HashPacked.count(packed) / 2 : table().size();
    }

    public boolean isEmpty() {
        byte[] packed = packed();
        return packed != null ? packed.length == 0 : table().size() == 0;
    }

    /** The value of {@code field}, or null. The array must not be changed (SORT BY key->field reads through this). */
    public byte[] get(byte[] field) {
        byte[] packed = packed();
        if (packed != null) {
            int pos = HashPacked.find(packed, field);
            return pos < 0 ? null : HashPacked.copy(packed, HashPacked.next(packed, pos));
        }
        HashEntry e = table().get(field);
        return e == null ? null : e.value;
    }

    public boolean exists(byte[] field) {
        byte[] packed = packed();
        return packed != null ? HashPacked.find(packed, field) >= 0 : table().get(field) != null;
    }

    /** Length of the value of {@code field}, 0 when absent (HSTRLEN). */
    public int valueLength(byte[] field) {
        byte[] packed = packed();
        if (packed != null) {
            int pos = HashPacked.find(packed, field);
            return pos < 0 ? 0 : HashPacked.length(packed, HashPacked.next(packed, pos));
        }
        HashEntry e = table().get(field);
        return e == null ? 0 : e.value.length;
    }

    /**
     * Converts to the table form if any of {@code args[from..to]} is longer than {@code maxValue}, before a
     * multi-pair write, as Redis checks all arguments of HSET up front.
     */
    public void convertIfAnyLonger(byte[][] args, int from, int to, long maxValue) {
        if (!isPacked()) {
            return;
        }
        for (int i = from; i <= to; i++) {
            if (args[i].length > maxValue) {
                convert();
                return;
            }
        }
    }

    /**
     * Sets {@code field} to {@code value}; returns true if the field is new. The arrays are kept by reference in the
     * table form, so callers pass arrays nobody will change.
     */
    public boolean set(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (isPacked() && (field.length > maxValue || value.length > maxValue)) {
            convert();
        }
        byte[] packed = packed();
        if (packed != null) {
            int pos = HashPacked.find(packed, field);
            if (pos >= 0) {
                data = HashPacked.replace(packed, HashPacked.next(packed, pos), value);
                return false;
            }
            packed = HashPacked.append(packed, field, value);
            data = packed;
            if (HashPacked.count(packed) / 2 > maxEntries) {
                convert();
            }
            return true;
        }
        HashTable table = table();
        HashEntry e = table.get(field);
        if (e != null) {
            table.replace(e, value);
            return false;
        }
        table.add(field, value);
        return true;
    }

    /** Removes {@code field}; returns true if it was present. */
    public boolean delete(byte[] field) {
        byte[] packed = packed();
        if (packed != null) {
            int pos = HashPacked.find(packed, field);
            if (pos < 0) {
                return false;
            }
            data = HashPacked.removePair(packed, pos);
            return true;
        }
        return table().remove(field);
    }

    private void convert() {
        HashTable d = new HashTable();
        byte[] a = packed();
        int pos = 0;
        while (pos < a.length) {
            int valuePos = HashPacked.next(a, pos);
            d.add(HashPacked.copy(a, pos), HashPacked.copy(a, valuePos));
            pos = HashPacked.next(a, valuePos);
        }
        data = d;
    }

    /** Visits every pair: in insertion order in the compact form, in table order otherwise. */
    public void forEach(PairVisitor visitor) {
        byte[] a = packed();
        if (a != null) {
            int pos = 0;
            while (pos < a.length) {
                int flen = HashPacked.length(a, pos);
                int fdata = HashPacked.dataStart(a, pos);
                int vpos = fdata + flen;
                int vlen = HashPacked.length(a, vpos);
                int vdata = HashPacked.dataStart(a, vpos);
                visitor.visit(a, fdata, flen, a, vdata, vlen);
                pos = vdata + vlen;
            }
            return;
        }
        Dict<HashEntry> table = table().dict();
        long cursor = 0;
        do {
            cursor = table.scan(cursor, e -> visitor.visit(e.key(), 0, e.key().length, e.value, 0, e.value.length));
        } while (cursor != 0);
    }

    /**
     * One HSCAN step: visits the pairs at {@code cursor} and returns the next cursor. The compact form is visited
     * whole and returns 0, as Redis does for listpacks; the table uses the resize-proof reverse-binary cursor.
     */
    public long scan(long cursor, PairVisitor visitor) {
        if (isPacked()) {
            forEach(visitor);
            return 0;
        }
        return table().dict().scan(cursor, e -> visitor.visit(e.key(), 0, e.key().length, e.value, 0, e.value.length));
    }

    /** Keeps a hashtable hash's layout still for a {@link #walk} (see {@link SetValue#holdTable}). */
    public void holdTable() {
        if (!isPacked()) {
            table().dict().pauseRehashing();
        }
    }

    public void releaseTable() {
        if (!isPacked()) {
            table().dict().resumeRehashing();
        }
    }

    /** Up to {@code buckets} buckets of a held hashtable hash in table order, -1 at the end ({@link SetValue#walk}). */
    public long walk(long position, int buckets, PairVisitor visitor) {
        return table().dict().walk(position, buckets,
                e -> visitor.visit(e.key(), 0, e.key().length, e.value, 0, e.value.length));
    }

    /** All pairs as fresh arrays, flat: field, value, field, value..., in {@link #forEach} order. */
    public byte[][] pairs() {
        byte[][] out = new byte[(int) size() * 2][];
        int[] n = {0};
        if (isPacked()) {
            forEach((f, fo, fl, v, vo, vl) -> {
                out[n[0]++] = Arrays.copyOfRange(f, fo, fo + fl);
                out[n[0]++] = Arrays.copyOfRange(v, vo, vo + vl);
            });
        } else {
            forEach((f, fo, fl, v, vo, vl) -> {
                out[n[0]++] = f;
                out[n[0]++] = v;
            });
        }
        return out;
    }

    /**
     * A random pair {field, value}. In the table form the arrays are the stored ones (the same field array each time
     * a field is drawn, which callers may use to recognise repeats).
     */
    public byte[][] randomPair() {
        byte[] packed = packed();
        if (packed == null) {
            HashEntry e = fairRandomEntry();
            return new byte[][] {e.key(), e.value};
        }
        int skip = ThreadLocalRandom.current().nextInt(HashPacked.count(packed) / 2) * 2;
        int pos = 0;
        while (skip-- > 0) {
            pos = HashPacked.next(packed, pos);
        }
        return new byte[][] {HashPacked.copy(packed, pos), HashPacked.copy(packed, HashPacked.next(packed, pos))};
    }

    /**
     * A random entry drawn uniformly, as Redis's {@code dictGetFairRandomKey}: a single random bucket favours entries
     * alone in their chain, so take a run of up to {@value #FAIR_SAMPLE} entries from consecutive buckets and pick
     * one of them.
     */
    private HashEntry fairRandomEntry() {
        Dict<HashEntry> table = table().dict();
        HashEntry[] sample = new HashEntry[FAIR_SAMPLE];
        int n = table.sample(sample, FAIR_SAMPLE);
        return n == 0 ? table.random() : sample[ThreadLocalRandom.current().nextInt(n)];
    }

    @Override
    public long heapBytes() {
        byte[] packed = packed();
        if (packed == null) {
            return SHALLOW + table().heapBytes();
        }
        return SHALLOW + (packed == HashPacked.EMPTY ? 0 : HeapLayout.byteArray(packed.length));
    }

    @Override
    public Object copy() {
        HashValue c = new HashValue();
        byte[] packed = packed();
        if (packed != null) {
            c.data = packed.clone();
        } else {
            HashTable d = new HashTable();
            forEach((f, fo, fl, v, vo, vl) -> d.add(f.clone(), v.clone()));
            c.data = d;
        }
        return c;
    }

    /** Per pair, a fresh digest of field then value, folded in unordered (Redis's DEBUG DIGEST recipe for hashes). */
    @Override
    public void digestInto(Digest digest) {
        forEach((f, fo, fl, v, vo, vl) -> {
            Digest pair = new Digest();
            pair.mix(f, fo, fl);
            pair.mix(v, vo, vl);
            digest.xor(pair);
        });
    }
}
