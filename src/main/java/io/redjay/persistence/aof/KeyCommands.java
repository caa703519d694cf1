package io.redjay.persistence.aof;

import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.Quicklist;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import io.redjay.types.ZSetVisitor;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes one key as the commands that rebuild it, as Redis 7.0's {@code rewriteAppendOnlyFileRio} does: {@code SET}
 * for a string, {@code RPUSH}, {@code SADD}, {@code ZADD} (score before member) and {@code HMSET} for the collections
 * in commands of up to 64 items ({@link ItemCommands}), then {@code PEXPIREAT} with the absolute expiry in
 * milliseconds if the key has one. {@link #start}, then {@link #step} with a budget of elements until it returns true.
 *
 * <p><b>Same bytes, same order.</b> Redjay keeps strings as their bytes, and a string Redis holds as an integer is one
 * whose bytes are its canonical decimal, so writing the bytes gives what Redis's integer path prints. Elements leave
 * in the order Redis visits them wherever that order is a property of the data: a list head to tail, an intset
 * ascending, a listpack hash in insertion order, a listpack sorted set by score. For hashtables Redis visits its
 * dict, whose order depends on its hash seed; here a held table is walked bucket by bucket (the walk
 * {@code ValueEncoder} uses for RDB, rehashing paused until the end) and a skiplist sorted set goes up by rank.
 *
 * <p><b>Steps.</b> Compact encodings are bounded by their {@code *-max-*-entries} limits and go out in the first step
 * whole; lists, hashtable sets and hashes and skiplist sorted sets resume where the last step stopped. The value must
 * not change between steps (the snapshot engine finishes a stepped value before any write to it); the item count
 * announced by the first command header is checked against what was written.
 */
final class KeyCommands {
    private static final byte[] SET = ascii("SET");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] HMSET = ascii("HMSET");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");

    private static final int WHOLE = 0;
    private static final int LIST = 1;
    private static final int SET_TABLE = 2;
    private static final int HASH_TABLE = 3;
    private static final int ZSET_SKIPLIST = 4;

    private final RespWriter resp;
    private final ItemCommands items;
    private final Consumer<byte[]> member;
    private final HashValue.PairVisitor pair;
    private final ZSetVisitor element;

    private byte[] key;
    private long expireAt;
    private Object value;
    private int kind;
    private boolean done = true;
    private boolean holding;
    private long cursor;
    private Quicklist.Cursor listCursor;
    private RdbOutput out;

    KeyCommands(RespWriter resp) {
        this.resp = resp;
        this.items = new ItemCommands(resp);
        member = m -> {
            items.item(out);
            resp.bulk(out, m);
        };
        pair = (f, fo, fl, v, vo, vl) -> {
            items.item(out);
            resp.bulk(out, f, fo, fl);
            resp.bulk(out, v, vo, vl);
        };
        element = (m, score) -> {
            items.item(out);
            resp.bulkScore(out, score);
            resp.bulk(out, m);
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Begins the key; nothing is written before the first step. The previous key, if unfinished, is dropped. */
    void start(KeyEntry e) {
        abandon();
        key = e.key();
        expireAt = e.hasExpire() ? e.expireAt() : -1;
        value = e.value();
        cursor = 0;
        if (value instanceof ListValue l) {
            kind = LIST;
            items.begin(RPUSH, key, 1, l.size());
        } else if (value instanceof SetValue s) {
            items.begin(SADD, key, 1, s.size());
            kind = s.encoding().equals("hashtable") ? SET_TABLE : WHOLE;
        } else if (value instanceof HashValue h) {
            items.begin(HMSET, key, 2, h.size());
            kind = h.isPacked() ? WHOLE : HASH_TABLE;
        } else if (value instanceof ZSetValue z) {
            items.begin(ZADD, key, 2, z.size());
            kind = z.isCompact() ? WHOLE : ZSET_SKIPLIST;
        } else if (value instanceof byte[]) {
            kind = WHOLE;
        } else {
            throw new IllegalArgumentException("no AOF rewrite for " + value.getClass().getName());
        }
        done = false;
        if (kind == SET_TABLE) {
            ((SetValue) value).holdTable();
            holding = true;
        } else if (kind == HASH_TABLE) {
            ((HashValue) value).holdTable();
            holding = true;
        }
    }

    /** Gives up the key being written, if any: a held table is released (a snapshot that ends early calls this). */
    void abandon() {
        if (holding) {
            holding = false;
            if (value instanceof SetValue s) {
                s.releaseTable();
            } else if (value instanceof HashValue h) {
                h.releaseTable();
            }
        }
        value = null;
        key = null;
        listCursor = null;
        done = true;
    }

    /** Writes up to about {@code budget} more elements; true when the key, its expiry included, is complete. */
    boolean step(RdbOutput out, long budget) {
        if (done) {
            return true;
        }
        this.out = out;
        try {
            boolean complete = switch (kind) {
                case LIST -> listStep(budget);
                case SET_TABLE -> setStep(budget);
                case HASH_TABLE -> hashStep(budget);
                case ZSET_SKIPLIST -> zsetStep(budget);
                default -> whole();
            };
            if (complete) {
                finish();
            }
            return complete;
        } finally {
            this.out = null;
        }
    }

    private boolean whole() {
        if (value instanceof byte[] b) {
            resp.arrayHeader(out, 3);
            resp.bulk(out, SET);
            resp.bulk(out, key);
            resp.bulk(out, b);
        } else if (value instanceof SetValue s) {
            s.forEachMember(member);
        } else if (value instanceof HashValue h) {
            h.forEach(pair);
        } else {
            ((ZSetValue) value).forEach(element);
        }
        return true;
    }

    private boolean listStep(long budget) {
        if (listCursor == null) {
            listCursor = ((ListValue) value).at(0);
            if (listCursor == null) {
                return true;
            }
        }
        for (long n = 0; n < budget; n++) {
            items.item(out);
            resp.bulk(out, listCursor.buffer(), listCursor.offset(), listCursor.length());
            if (!listCursor.next()) {
                return true;
            }
        }
        return false;
    }

    private boolean setStep(long budget) {
        cursor = ((SetValue) value).walk(cursor, buckets(budget), member);
        return cursor < 0;
    }

    private boolean hashStep(long budget) {
        cursor = ((HashValue) value).walk(cursor, buckets(budget), pair);
        return cursor < 0;
    }

    /** A table walk's share of an element budget: a bucket holds about one element at Redis's load factor. */
    private static int buckets(long budget) {
        return (int) Math.max(1, Math.min(budget, Integer.MAX_VALUE));
    }

    /** Ranks from the lowest up, a budget's worth per step: O(log n) to find the step's first element, then a walk. */
    private boolean zsetStep(long budget) {
        ZSetValue zset = (ZSetValue) value;
        long first = zset.size() - items.remaining();
        long last = Math.min(zset.size() - 1, first + Math.min(budget, zset.size()) - 1);
        if (first <= last) {
            zset.rangeByRank(first, last, false, element);
        }
        return last >= zset.size() - 1;
    }

    private void finish() {
        if (!(value instanceof byte[])) {
            items.finish();
        }
        if (expireAt >= 0) {
            resp.arrayHeader(out, 3);
            resp.bulk(out, PEXPIREAT);
            resp.bulk(out, key);
            resp.bulk(out, expireAt);
        }
        abandon();
    }
}
