package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;

/**
 * A sequence of byte strings packed into one {@code byte[]}: the compact storage of a list (Redis's "listpack") and
 * the content of each node of a large one (see {@link Quicklist}).
 *
 * <p><b>Why packed.</b> A list of small strings stored as Java objects costs two objects and some 40 bytes of headers
 * per element; packed, an element costs its bytes plus two length bytes, and a whole small list is a handful of
 * objects. Walking the entries in order is a linear scan over one array, which is what LRANGE and LPOS do.
 *
 * <p><b>Entry layout.</b> Each entry is {@code [length][bytes][length]}: the length is written before the bytes so a
 * scan can step forward, and again after them so a scan can step backward from the end (RPOP, LRANGE from the tail,
 * LREM with a negative count). A length below {@value #LONG_MARK} takes one byte; a longer one takes five, the marker
 * byte plus four bytes big-endian, mirrored at the back ({@code [4 bytes][marker]}) so the last byte always tells how
 * to read the trailer.
 *
 * <p><b>Room at both ends.</b> The entries occupy {@code buf[start, end)} with free space on either side, so that
 * pushing or popping at the head is as cheap as at the tail: no shifting of the other entries, and a new array only
 * when one side runs out of room (then the side that grew gets slack in proportion to the size). Positions handed out
 * ({@code int} offsets of an entry's first byte) stay valid until the next change to this listpack.
 *
 * <p>The changes are package-private: the list that owns a node keeps a running total of its nodes' arrays
 * ({@link Quicklist#heapBytes()}), which a change made from outside would bypass.
 */
public class Listpack {
    static final int LONG_MARK = 0xFF;
    /** What Redis counts for a listpack's header and terminator, used for the size limits. */
    static final int OVERHEAD = 7;
    private static final byte[] EMPTY = new byte[0];

    byte[] buf;
    int start;
    int end;
    int count;

    Listpack() {
        buf = EMPTY;
    }

    Listpack(Listpack other) {
        buf = Arrays.copyOfRange(other.buf, other.start, other.end);
        start = 0;
        end = buf.length;
        count = other.count;
    }

    public int count() {
        return count;
    }

    /** The size this listpack is measured by against list-max-listpack-size. */
    public int bytes() {
        return end - start + OVERHEAD;
    }

    public byte[] buffer() {
        return buf;
    }

    /** The heap taken by the packed array ({@code 0} for the shared empty one a new listpack starts with). */
    long bufferHeap() {
        return buf == EMPTY ? 0 : HeapLayout.byteArray(buf.length);
    }

    /** Bytes an element of {@code len} bytes takes. */
    static int entrySize(int len) {
        return len < LONG_MARK ? len + 2 : len + 10;
    }

    // ------------------------------------------------------------------ navigation

    /** Offset of the first entry, or -1 when empty. */
    public int first() {
        return count == 0 ? -1 : start;
    }

    /** Offset of the last entry, or -1 when empty. */
    public int last() {
        if (count == 0) {
            return -1;
        }
        return end - entrySize(trailerLength(end));
    }

    /** Offset of the entry after the one at {@code pos}, or -1. */
    public int next(int pos) {
        int n = pos + entrySize(length(pos));
        return n >= end ? -1 : n;
    }

    /** Offset of the entry before the one at {@code pos}, or -1. */
    public int prev(int pos) {
        if (pos <= start) {
            return -1;
        }
        return pos - entrySize(trailerLength(pos));
    }

    /** Length of the value of the entry at {@code pos}. */
    public int length(int pos) {
        int b = buf[pos] & 0xFF;
        if (b != LONG_MARK) {
            return b;
        }
        return readInt(pos + 1);
    }

    /** Offset of the first value byte of the entry at {@code pos}. */
    public int valueOffset(int pos) {
        return (buf[pos] & 0xFF) == LONG_MARK ? pos + 5 : pos + 1;
    }

    /** A copy of the value at {@code pos}. */
    public byte[] value(int pos) {
        int off = valueOffset(pos);
        return Arrays.copyOfRange(buf, off, off + length(pos));
    }

    public boolean valueEquals(int pos, byte[] v) {
        int len = length(pos);
        if (len != v.length) {
            return false;
        }
        int off = valueOffset(pos);
        return Arrays.equals(buf, off, off + len, v, 0, len);
    }

    /** The value length of the entry that ends just before {@code limit}. */
    private int trailerLength(int limit) {
        int b = buf[limit - 1] & 0xFF;
        if (b != LONG_MARK) {
            return b;
        }
        return readInt(limit - 5);
    }

    private int readInt(int p) {
        return ((buf[p] & 0xFF) << 24) | ((buf[p + 1] & 0xFF) << 16) | ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
    }

    // ------------------------------------------------------------------ changes

    void pushHead(byte[] v) {
        int size = entrySize(v.length);
        if (start < size) {
            regrow(size, true);
        }
        start -= size;
        write(start, v);
        count++;
    }

    void pushTail(byte[] v) {
        int size = entrySize(v.length);
        if (buf.length - end < size) {
            regrow(size, false);
        }
        write(end, v);
        end += size;
        count++;
    }

    /** Removes the first entry (the caller checked it is not empty). */
    void dropHead() {
        int size = entrySize(length(start));
        start += size;
        count--;
        if (count == 0) {
            reset();
        }
    }

    /** Removes the last entry (the caller checked it is not empty). */
    void dropTail() {
        int size = entrySize(trailerLength(end));
        end -= size;
        count--;
        if (count == 0) {
            reset();
        }
    }

    /** Inserts {@code v} so that it becomes the entry at {@code pos} (pos may be {@link #endOffset()}). */
    void insertAt(int pos, byte[] v) {
        int size = entrySize(v.length);
        int rel = pos - start;
        if (buf.length - end < size) {
            regrow(size, false);
        }
        pos = start + rel;
        System.arraycopy(buf, pos, buf, pos + size, end - pos);
        write(pos, v);
        end += size;
        count++;
    }

    /** Offset just past the last entry: inserting there appends. */
    public int endOffset() {
        return end;
    }

    /** Removes the entry at {@code pos}; entries after it move down, so {@code pos} then holds the next entry. */
    void removeAt(int pos) {
        removeRange(pos, 1);
    }

    /** Removes {@code n} consecutive entries starting at {@code pos}. */
    void removeRange(int pos, int n) {
        int stop = pos;
        for (int i = 0; i < n; i++) {
            stop += entrySize(length(stop));
        }
        System.arraycopy(buf, stop, buf, pos, end - stop);
        end -= stop - pos;
        count -= n;
        if (count == 0) {
            reset();
        }
    }

    /** Replaces the value at {@code pos}. */
    void replaceAt(int pos, byte[] v) {
        int oldSize = entrySize(length(pos));
        int newSize = entrySize(v.length);
        if (newSize != oldSize) {
            int rel = pos - start;
            if (newSize > oldSize && buf.length - end < newSize - oldSize) {
                regrow(newSize - oldSize, false);
            }
            pos = start + rel;
            System.arraycopy(buf, pos + oldSize, buf, pos + newSize, end - pos - oldSize);
            end += newSize - oldSize;
        }
        write(pos, v);
    }

    /**
     * Removes the entries equal to {@code v}, at most {@code limit} of them (0 = all), scanning from the tail when
     * {@code fromTail}. Returns how many were removed.
     */
    int removeMatching(byte[] v, long limit, boolean fromTail) {
        int removed = 0;
        if (fromTail) {
            for (int p = last(); p >= 0 && (limit == 0 || removed < limit); ) {
                int before = prev(p);
                if (valueEquals(p, v)) {
                    removeAt(p);
                    removed++;
                }
                p = before;
            }
        } else {
            int p = first();
            while (p >= 0 && p < end && (limit == 0 || removed < limit)) {
                if (valueEquals(p, v)) {
                    removeAt(p);
                    removed++;
                    if (count == 0) {
                        break;
                    }
                } else {
                    p = next(p);
                }
            }
        }
        return removed;
    }

    /** Moves the entries from index {@code from} on to the head of the empty listpack {@code dst}. */
    void moveTailTo(int from, Listpack dst) {
        int p = start;
        for (int i = 0; i < from; i++) {
            p = next(p);
        }
        dst.buf = Arrays.copyOfRange(buf, p, end + 16);
        dst.start = 0;
        dst.end = end - p;
        dst.count = count - from;
        end = p;
        count = from;
    }

    /** Appends all entries of {@code other} after this one's. */
    void appendAll(Listpack other) {
        int n = other.end - other.start;
        if (buf.length - end < n) {
            regrow(n, false);
        }
        System.arraycopy(other.buf, other.start, buf, end, n);
        end += n;
        count += other.count;
    }

    private void write(int pos, byte[] v) {
        int len = v.length;
        if (len < LONG_MARK) {
            buf[pos] = (byte) len;
            System.arraycopy(v, 0, buf, pos + 1, len);
            buf[pos + 1 + len] = (byte) len;
        } else {
            buf[pos] = (byte) LONG_MARK;
            writeInt(pos + 1, len);
            System.arraycopy(v, 0, buf, pos + 5, len);
            writeInt(pos + 5 + len, len);
            buf[pos + 9 + len] = (byte) LONG_MARK;
        }
    }

    private void writeInt(int p, int v) {
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
    }

    private void reset() {
        start = buf.length / 2;
        end = start;
    }

    /** A new array with room for {@code need} more bytes on the given side, plus slack there. */
    private void regrow(int need, boolean atHead) {
        int used = end - start;
        int slack = Math.max(16, Math.min(used / 2, 1 << 16));
        int otherRoom = Math.min(slack, atHead ? buf.length - end : start);
        byte[] nb = new byte[used + need + slack + otherRoom];
        int ns = atHead ? need + slack : otherRoom;
        System.arraycopy(buf, start, nb, ns, used);
        buf = nb;
        start = ns;
        end = ns + used;
    }
}
