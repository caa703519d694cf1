package io.redjay.persistence.rdb;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.keyspace.SnapshotCursor;

import java.util.ArrayDeque;

/**
 * A point-in-time RDB snapshot taken without fork, by the executor itself, a bounded slice at a time.
 *
 * <p><b>Point in time.</b> Starting is O(1): a new snapshot epoch ({@link Keyspace#beginSnapshotEpoch}). A cursor per
 * database then walks the key tables between command batches ({@link #step}), encoding each entry not yet marked
 * with the epoch and marking it. Keys created after the start carry the epoch from birth and are skipped. A key the
 * cursor has not reached yet, about to be changed, expired, renamed or deleted, is encoded first, with its old value,
 * by the keyspace's before-write hook ({@link #beforeWrite}): copy-before-write, at the granularity of one key. A
 * database about to be flushed or swapped has its remaining keys encoded at once ({@link #beforeReplaceAll}). So the
 * file holds exactly the dataset of the instant the snapshot started, while clients keep writing.
 *
 * <p><b>Layout.</b> Keys leave in the order they are encoded, so those saved early by the hook may belong to another
 * database than the cursor's: a {@code SELECTDB} is written whenever the database changes, which RDB readers (Redis's
 * included) accept anywhere.
 *
 * <p><b>Bounds.</b> A step stops after its time budget, and also when the disk is behind: encoded chunks wait in a
 * bounded queue ({@link RdbFileWriter}), and while it is full the step does nothing, so the snapshot slows down and the
 * clients do not. The extra memory is what the hook encoded ahead of the cursor (reported as the copy-on-write size)
 * plus the chunks in flight.
 */
public final class RdbSnapshot {
    /** How one key (and the file's framing) is encoded; implemented over the RDB encoder. */
    public interface Encoder {
        void header(RdbOutput out);

        void selectDb(RdbOutput out, int db, long size, long expires);

        void key(RdbOutput out, KeyEntry e);

        void end(RdbOutput out);
    }

    static final int CHUNK_BYTES = 64 * 1024;
    private static final int BUCKETS_PER_STEP = 64;

    private final Keyspace keyspace;
    private final Encoder encoder;
    private final RdbFileWriter file;
    private final byte epoch;
    private final SnapshotCursor[] cursors;
    private final ArrayDeque<RdbChunk> waiting = new ArrayDeque<>();
    private final RdbOutput out = new RdbOutput(CHUNK_BYTES * 2);
    private long cutBytes;
    private final long keyDelayMicros;
    private final long startNanos = System.nanoTime();
    private int cursorDb;
    private int lastDb = -1;
    private long keysSaved;
    private long earlyBytes;
    private boolean finished;

    /** Starts the snapshot: O(1), plus the header. {@code keyDelayMicros} is {@code rdb-key-save-delay}. */
    public RdbSnapshot(Keyspace keyspace, Encoder encoder, RdbFileWriter file, long keyDelayMicros) {
        this.keyspace = keyspace;
        this.encoder = encoder;
        this.file = file;
        this.keyDelayMicros = keyDelayMicros;
        this.epoch = keyspace.beginSnapshotEpoch();
        this.cursors = new SnapshotCursor[keyspace.databases()];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = new SnapshotCursor(keyspace.db(i), epoch);
        }
        encoder.header(out);
    }

    /**
     * One slice of the walk, for up to {@code budgetNanos}; returns true once everything is encoded and handed to the
     * file writer (the file is complete when the writer reports).
     */
    public boolean step(long budgetNanos) throws InterruptedException {
        if (finished) {
            return true;
        }
        long start = System.nanoTime();
        while (drain() && System.nanoTime() - start < budgetNanos) {
            if (cursorDb == cursors.length) {
                encoder.end(out);
                waiting.add(cut());
                while (!waiting.isEmpty()) {
                    if (!file.offer(waiting.peek())) {
                        return false;
                    }
                    waiting.poll();
                }
                file.finish();
                finished = true;
                return true;
            }
            if (keyDelayMicros > 0 && keysSaved >= (System.nanoTime() - startNanos) / 1000 / keyDelayMicros) {
                return false;
            }
            Database db = keyspace.db(cursorDb);
            SnapshotCursor c = cursors[cursorDb];
            c.step(keyDelayMicros > 0 ? 1 : BUCKETS_PER_STEP, e -> encode(db, e));
            if (c.done()) {
                cursorDb++;
            }
        }
        return false;
    }

    /** The before-write hook: a key the cursor has not reached is saved with its value of the snapshot's instant. */
    public void beforeWrite(Database db, KeyEntry e) {
        if (!finished && e.snapshotMark() != epoch) {
            e.snapshotMark(epoch);
            long before = total();
            encode(db, e);
            earlyBytes += total() - before;
        }
    }

    /** A database is about to be flushed or swapped: everything of it the cursor has not reached is saved now. */
    public void beforeReplaceAll(Database db) {
        if (finished) {
            return;
        }
        SnapshotCursor c = cursors[db.id()];
        long before = total();
        while (!c.done()) {
            c.step(1024, e -> encode(db, e));
        }
        earlyBytes += total() - before;
    }

    private void encode(Database db, KeyEntry e) {
        if (db.id() != lastDb) {
            encoder.selectDb(out, db.id(), db.size(), db.expiresSize());
            lastDb = db.id();
        }
        encoder.key(out, e);
        keysSaved++;
        if (out.size() >= CHUNK_BYTES) {
            waiting.add(cut());
        }
    }

    private RdbChunk cut() {
        RdbChunk chunk = out.toChunk();
        cutBytes += chunk.bytes().length;
        out.reset();
        return chunk;
    }

    /** Every byte encoded so far, handed out or not. */
    private long total() {
        return cutBytes + out.size();
    }

    /** Offers waiting chunks to the writer; false while it is full. */
    private boolean drain() {
        while (!waiting.isEmpty()) {
            if (!file.offer(waiting.peek())) {
                return false;
            }
            waiting.poll();
        }
        return true;
    }

    public long keysSaved() {
        return keysSaved;
    }

    /** Bytes encoded ahead of the cursor by the hook: what Redis reports as copy-on-write. */
    public long earlyBytes() {
        return earlyBytes;
    }

    public void abort() {
        finished = true;
        file.abort();
    }
}
