package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The compact form of a set whose members are all canonical 64-bit integers: a sorted array of longs searched by
 * bisection, as Redis's {@code intset}. A set of a few hundred small numbers is then one array instead of hundreds of
 * entries and strings, and SMEMBERS replies in ascending order as Redis's does.
 *
 * <p>Redis packs an intset with the narrowest width (2, 4 or 8 bytes) that fits; Java keeps plain longs for speed.
 * Inserts and removals shift the tail, which is cheap at the sizes this form is limited to
 * ({@code set-max-intset-entries}).
 */
final class IntSet extends SetForm {
    /** This object: the array reference and the size. */
    private static final long SHALLOW = HeapLayout.object(Integer.BYTES, 1);

    private long[] values;
    private int size;

    IntSet() {
        values = new long[4];
    }

    private IntSet(long[] values, int size) {
        this.values = values;
        this.size = size;
    }

    @Override
    long size() {
        return size;
    }

    @Override
    String encoding() {
        return "intset";
    }

    long min() {
        return values[0];
    }

    long max() {
        return values[size - 1];
    }

    long get(int index) {
        return values[index];
    }

    boolean containsLong(long v) {
        return Arrays.binarySearch(values, 0, size, v) >= 0;
    }

    /** Inserts {@code v} in order; false if it was already present. */
    boolean addLong(long v) {
        int pos = Arrays.binarySearch(values, 0, size, v);
        if (pos >= 0) {
            return false;
        }
        int at = -pos - 1;
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(4, size * 2));
        }
        System.arraycopy(values, at, values, at + 1, size - at);
        values[at] = v;
        size++;
        return true;
    }

    boolean removeLong(long v) {
        int pos = Arrays.binarySearch(values, 0, size, v);
        if (pos < 0) {
            return false;
        }
        removeAt(pos);
        return true;
    }

    private void removeAt(int pos) {
        System.arraycopy(values, pos + 1, values, pos, size - pos - 1);
        size--;
        if (size > 0 && size * 4 < values.length && values.length > 16) {
            values = Arrays.copyOf(values, size * 2);
        }
    }

    @Override
    boolean contains(byte[] member) {
        return SetForm.isInteger(member) && containsLong(Numbers.parseLong(member));
    }

    @Override
    boolean remove(byte[] member) {
        return SetForm.isInteger(member) && removeLong(Numbers.parseLong(member));
    }

    @Override
    byte[] random() {
        return Numbers.longToBytes(values[ThreadLocalRandom.current().nextInt(size)]);
    }

    @Override
    byte[] popRandom() {
        int pos = ThreadLocalRandom.current().nextInt(size);
        long v = values[pos];
        removeAt(pos);
        return Numbers.longToBytes(v);
    }

    @Override
    boolean forEach(SetVisitor visitor) {
        for (int i = 0; i < size; i++) {
            if (!visitor.visit(Numbers.longToBytes(values[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    SetForm copy() {
        return new IntSet(Arrays.copyOf(values, Math.max(size, 4)), size);
    }

    @Override
    long heapBytes() {
        return SHALLOW + HeapLayout.longArray(values.length);
    }

    /** Digits of the longest member's decimal form, sign included: what a listpack copy would need at most. */
    int maxDigits() {
        if (size == 0) {
            return 0;
        }
        return Math.max(Numbers.longToBytes(min()).length, Numbers.longToBytes(max()).length);
    }
}
