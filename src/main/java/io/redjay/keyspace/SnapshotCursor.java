package io.redjay.keyspace;

import java.util.function.Consumer;

/**
 * Iterates one database for a snapshot that is taken a slice at a time on the executor, while clients keep writing.
 *
 * <p><b>Exactly once.</b> The cursor walks the key table bucket by bucket in table order, with the table held still
 * for the whole walk ({@link Database#holdKeyTable}: no rehash moves an entry from one bucket to another, no shrink;
 * a table that must grow opens its second table and new keys go there). So the entries present when the walk began
 * stay in the buckets they were in, and each is met once. Entries created later may land anywhere; they carry the
 * snapshot's epoch from birth and are skipped, as are entries the snapshot's before-write hook saved early (it sets
 * the same mark). Entries deleted before the cursor reaches them were saved by the hook on their way out. A flush or
 * swap of the database replaces its tables only after the snapshot has taken everything the cursor had left.
 *
 * <p><b>Why not the scan cursor.</b> SCAN's reverse-binary cursor survives resizes without holding the table, but it
 * visits buckets in bit-reversed order, a cache miss per bucket on a large table: walking a million keys that way
 * cost the executor over a second per snapshot, in table order a fraction of that. Holding the table for the
 * duration of a snapshot is what Redis does too (no resize while a child runs, so that copy-on-write stays small).
 *
 * <p><b>Cost.</b> A step does work proportional to the buckets it is allowed to visit (plus their chains), never
 * proportional to the table, so the executor can interleave snapshot slices with commands at a bounded cost each.
 * The table is released when the walk ends or the snapshot gives up ({@link #release}).
 */
public final class SnapshotCursor {
    private final Database db;
    private final byte epoch;
    private final Dict.Visitor<KeyEntry> visitor;
    private Consumer<KeyEntry> sink;
    private int handed;
    private long position;
    private boolean done;
    private boolean held;

    public SnapshotCursor(Database db, byte epoch) {
        this.db = db;
        this.epoch = epoch;
        this.visitor = e -> {
            if (e.snapshotMark != epoch) {
                e.snapshotMark = epoch;
                handed++;
                sink.accept(e);
            }
        };
        db.holdKeyTable();
        held = true;
    }

    public boolean done() {
        return done;
    }

    /**
     * Visits up to {@code buckets} buckets, handing each not yet saved entry to {@code sink} and marking it; returns
     * how many entries were handed out.
     */
    public int step(int buckets, Consumer<KeyEntry> sink) {
        if (done) {
            return 0;
        }
        this.sink = sink;
        handed = 0;
        position = db.walkKeys(position, buckets, visitor);
        if (position < 0) {
            done = true;
            release();
        }
        return handed;
    }

    /** Lets the table rehash again; idempotent. Called at the end of the walk, or when the snapshot is abandoned. */
    public void release() {
        if (held) {
            held = false;
            db.releaseKeyTable();
        }
    }
}
