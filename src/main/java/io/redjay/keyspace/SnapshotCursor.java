package io.redjay.keyspace;

import java.util.function.Consumer;

/**
 * Iterates one database for a snapshot that is taken a slice at a time on the executor, while clients keep writing.
 *
 * <p><b>Exactly once.</b> Each step scans a few buckets with the key table's reverse-binary cursor, which never skips
 * an entry that is present for the whole iteration, whatever resizes happen between steps, but may return one twice
 * when the table shrinks. The entry's snapshot mark removes the duplicates: an entry is handed out only if its mark is
 * not yet the snapshot's epoch, and is marked as it is handed out. The same mark is set by the snapshot's
 * before-write hook when it saves an entry's old value ahead of a write, so an entry saved early is not saved again
 * when the cursor reaches it, and entries created after the snapshot began (which carry the epoch from birth) are not
 * part of it. Entries deleted before the cursor reaches them were saved by the hook on their way out.
 *
 * <p><b>Cost.</b> A step does work proportional to the buckets it is allowed to visit (plus their chains), never
 * proportional to the table, so the executor can interleave snapshot slices with commands at a bounded cost each.
 */
public final class SnapshotCursor {
    private final Database db;
    private final byte epoch;
    private long cursor;
    private boolean done;

    public SnapshotCursor(Database db, byte epoch) {
        this.db = db;
        this.epoch = epoch;
    }

    public boolean done() {
        return done;
    }

    /**
     * Visits up to {@code buckets} buckets, handing each not yet saved entry to {@code sink} and marking it; returns
     * how many entries were handed out.
     */
    public int step(int buckets, Consumer<KeyEntry> sink) {
        int[] handed = {0};
        Dict.Visitor<KeyEntry> visitor = e -> {
            if (e.snapshotMark != epoch) {
                e.snapshotMark = epoch;
                handed[0]++;
                sink.accept(e);
            }
        };
        for (int i = 0; i < buckets && !done; i++) {
            cursor = db.scan(cursor, visitor);
            if (cursor == 0) {
                done = true;
            }
        }
        return handed[0];
    }
}
