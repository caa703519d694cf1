package io.redjay.persistence.rdb;

import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.Numbers;
import io.redjay.types.Quicklist;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import io.redjay.types.ZSetVisitor;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Encodes one value in bounded steps, so that a snapshot of a 100-million-member collection is many short calls on
 * the executor thread rather than one long one: {@link #start}, then {@link #step} with a budget of elements until it
 * returns true.
 *
 * <p><b>What a step costs.</b> Compact encodings (strings, intsets, listpack hashes, sets and sorted sets) are bounded
 * by their {@code *-max-*-entries} limits and are written in the first step whole. The rest write their element count
 * first and then resume where the last step stopped: a list one quicklist node at a time (a node is bounded by
 * {@code list-max-listpack-size}), a hashtable set or hash by a walk over its buckets in table order (with rehashing
 * paused from the first step to the last, so positions stay valid; far faster than a scan cursor's bit-reversed
 * order on a large table), a skiplist sorted set by reverse rank (each step is O(log n) to find its start plus the
 * budget).
 *
 * <p><b>The contract.</b> The value must not change between the steps of one encoding: the count written first must
 * match what follows. The engine keeps that (it copies a key before changing it mid-snapshot); the encoder checks it
 * and fails the snapshot rather than write a file Redis would misread.
 *
 * <p><b>Orders</b> are Redis's: a list head to tail, an intset ascending, a sorted set from its highest element down
 * (Redis 7.0 walks its skiplist from the tail so that loading inserts at the head cheaply); set and hash tables in
 * table order, which Redis does not depend on.
 */
public final class ValueEncoder {
    private static final int DIRECT = 0;
    private static final int LIST = 1;
    private static final int SET_TABLE = 2;
    private static final int HASH_TABLE = 3;
    private static final int ZSET_SKIPLIST = 4;

    private final RdbEncoder encoder;
    private final RedisListpackWriter listpack;
    private Object value;
    private int kind;
    private boolean done;
    private long expected;
    private long written;
    private long cursor;
    private boolean holding;
    private Quicklist.Cursor listCursor;
    private RdbOutput out;

    private final RdbOutput intsetBlob = new RdbOutput(64);
    private final Consumer<byte[]> setMember;
    private final HashValue.PairVisitor hashPair;
    private final HashValue.PairVisitor packedPair;
    private final ZSetVisitor skiplistElement;
    private final ZSetVisitor packedElement;

    ValueEncoder(RdbEncoder encoder) {
        this.encoder = encoder;
        this.listpack = encoder.listpack();
        setMember = m -> {
            encoder.string(out, m);
            written++;
        };
        hashPair = (f, fo, fl, v, vo, vl) -> {
            encoder.string(out, f, fo, fl);
            encoder.string(out, v, vo, vl);
            written++;
        };
        packedPair = (f, fo, fl, v, vo, vl) -> {
            listpack.append(f, fo, fl);
            listpack.append(v, vo, vl);
        };
        skiplistElement = (m, score) -> {
            encoder.string(out, m);
            out.writeLittleEndian(Double.doubleToRawLongBits(score), 8);
            written++;
        };
        packedElement = (m, score) -> {
            listpack.append(m, 0, m.length);
            byte[] text = scoreText(score);
            listpack.append(text, 0, text.length);
        };
    }

    /** Begins encoding {@code value} (the bytes after its type byte and key); the previous value is forgotten. */
    public void start(Object value) {
        abandon();
        this.value = value;
        this.done = false;
        this.written = 0;
        this.cursor = 0;
        this.listCursor = null;
        this.expected = -1;
        if (value instanceof ListValue) {
            kind = LIST;
        } else if (value instanceof SetValue s && !s.encoding().equals("intset") && !s.encoding().equals("listpack")) {
            kind = SET_TABLE;
            s.holdTable();
            holding = true;
        } else if (value instanceof HashValue h && !h.isPacked()) {
            kind = HASH_TABLE;
            h.holdTable();
            holding = true;
        } else if (value instanceof ZSetValue z && !z.isCompact()) {
            kind = ZSET_SKIPLIST;
        } else {
            kind = DIRECT;
        }
    }

    /**
     * Gives up the value being encoded, if any: a hashtable's layout, held still for the walk, is released. A
     * snapshot that ends early (killed, or its file failed) calls this so that no table stays held.
     */
    public void abandon() {
        if (holding) {
            holding = false;
            if (value instanceof SetValue s) {
                s.releaseTable();
            } else if (value instanceof HashValue h) {
                h.releaseTable();
            }
        }
        value = null;
        listCursor = null;
        done = true;
    }

    /** Writes up to about {@code budget} more elements; true when the value is complete. */
    public boolean step(RdbOutput out, long budget) {
        if (done) {
            return true;
        }
        this.out = out;
        try {
            done = switch (kind) {
                case LIST -> listStep(budget);
                case SET_TABLE -> setStep(budget);
                case HASH_TABLE -> hashStep(budget);
                case ZSET_SKIPLIST -> zsetStep(budget);
                default -> direct();
            };
        } finally {
            this.out = null;
        }
        if (done) {
            abandon();
        }
        return done;
    }

    private boolean direct() {
        if (value instanceof byte[] b) {
            encoder.string(out, b);
        } else if (value instanceof SetValue s && s.encoding().equals("intset")) {
            intset(s);
        } else if (value instanceof SetValue s) {
            RdbEncoder.length(out, s.size());
            s.forEachMember(setMember);
        } else if (value instanceof HashValue h) {
            listpack.begin();
            h.forEach(packedPair);
            listpack.finish();
            encoder.string(out, listpack.array(), 0, listpack.size());
        } else if (value instanceof ZSetValue z) {
            listpack.begin();
            z.forEach(packedElement);
            listpack.finish();
            encoder.string(out, listpack.array(), 0, listpack.size());
        } else {
            throw new IllegalArgumentException("no RDB encoding for " + value.getClass().getName());
        }
        return true;
    }

    /** Redis's intset bytes: the width (2, 4 or 8), the count, then the values ascending, all little-endian. */
    private void intset(SetValue s) {
        long[] values = new long[(int) s.size()];
        int[] n = {0};
        s.forEach(m -> {
            values[n[0]++] = Numbers.parseLong(m);
            return true;
        });
        long min = n[0] == 0 ? 0 : values[0];
        long max = n[0] == 0 ? 0 : values[n[0] - 1];
        int width = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? 2
                : min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? 4 : 8;
        RdbOutput blob = intsetBlob;
        blob.reset();
        blob.writeLittleEndian(width, 4);
        blob.writeLittleEndian(n[0], 4);
        for (int i = 0; i < n[0]; i++) {
            blob.writeLittleEndian(values[i], width);
        }
        encoder.string(out, blob.array(), 0, blob.size());
    }

    /**
     * One quicklist node after another, each converted to a listpack. Nodes are told apart by their arrays: the
     * cursor crosses into the next node exactly when the array it reads changes.
     */
    private boolean listStep(long budget) {
        ListValue list = (ListValue) value;
        if (listCursor == null) {
            expected = list.nodeCount();
            RdbEncoder.length(out, expected);
            listCursor = list.at(0);
            if (listCursor == null) {
                return finish();
            }
        }
        long elements = 0;
        while (elements < budget) {
            byte[] node = listCursor.buffer();
            listpack.begin();
            boolean more;
            do {
                listpack.append(node, listCursor.offset(), listCursor.length());
                elements++;
                more = listCursor.next();
            } while (more && listCursor.buffer() == node);
            listpack.finish();
            RdbEncoder.length(out, RdbFormat.QUICKLIST_NODE_PACKED);
            encoder.string(out, listpack.array(), 0, listpack.size());
            written++;
            if (!more) {
                return finish();
            }
        }
        return false;
    }

    private boolean setStep(long budget) {
        SetValue set = (SetValue) value;
        if (expected < 0) {
            expected = set.size();
            RdbEncoder.length(out, expected);
        }
        cursor = set.walk(cursor, buckets(budget), setMember);
        return cursor < 0 && finish();
    }

    private boolean hashStep(long budget) {
        HashValue hash = (HashValue) value;
        if (expected < 0) {
            expected = hash.size();
            RdbEncoder.length(out, expected);
        }
        cursor = hash.walk(cursor, buckets(budget), hashPair);
        return cursor < 0 && finish();
    }

    /** A table walk's share of an element budget: a bucket holds about one element at Redis's load factor. */
    private static int buckets(long budget) {
        return (int) Math.max(1, Math.min(budget, Integer.MAX_VALUE));
    }

    private boolean zsetStep(long budget) {
        ZSetValue zset = (ZSetValue) value;
        if (expected < 0) {
            expected = zset.size();
            RdbEncoder.length(out, expected);
        }
        long end = Math.min(expected - 1, limit(budget) - 1);
        if (written <= end) {
            zset.rangeByRank(written, end, true, skiplistElement);
        }
        boolean shortRange = written <= end || zset.size() != expected;
        return (written >= expected || shortRange) && finish();
    }

    /** How many elements will have been written after {@code budget} more, saturating (a budget may be "all"). */
    private long limit(long budget) {
        return budget > Long.MAX_VALUE - written ? Long.MAX_VALUE : written + budget;
    }

    private boolean finish() {
        if (written != expected) {
            throw new IllegalStateException("value changed while being encoded: " + expected + " announced, "
                    + written + " written");
        }
        return true;
    }

    /** Redis's d2string, the text a sorted set listpack keeps for a score. */
    static byte[] scoreText(double d) {
        String s;
        if (Double.isInfinite(d)) {
            s = d > 0 ? "inf" : "-inf";
        } else if (d == 0) {
            s = 1.0 / d < 0 ? "-0" : "0";
        } else if (d >= -(double) (Long.MAX_VALUE / 2) && d <= (double) (Long.MAX_VALUE / 2) && (long) d == d) {
            s = Long.toString((long) d);
        } else {
            s = Numbers.formatG(d, 17);
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
