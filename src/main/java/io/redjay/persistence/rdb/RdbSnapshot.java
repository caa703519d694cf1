package io.redjay.persistence.rdb;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.keyspace.SnapshotCursor;

import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;

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
 * <p><b>Large values.</b> A collection of more than {@value #LARGE_ELEMENTS} elements is not encoded when the cursor
 * meets it but queued, and then written a few thousand elements per call, across as many slices as it takes
 * ({@link Encoder#valueStep}), so a 100-million-member sorted set is thousands of short slices rather than one long
 * pause. While such a value is half written, keys the hook saves go to a side buffer that follows it into the file
 * once it is complete. A write to the very value being stepped, or to one still queued, finishes it there and then:
 * copy-before-write of that key costs the time to encode it, the one pause this design cannot split (about a
 * second per ten million elements; docs/design.md has the measurements).
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

        /** A whole key, in one call. */
        void key(RdbOutput out, KeyEntry e);

        /** Starts a key to be written in steps: its metadata, type and name; then {@link #valueStep} to the end. */
        void keyStart(RdbOutput out, KeyEntry e);

        /** Writes up to about {@code elements} more of the value started last; true once it is complete. */
        boolean valueStep(RdbOutput out, long elements);

        /** Drops the value being written in steps, if any (the snapshot ended early). */
        void abandon();

        void end(RdbOutput out);
    }

    static final int CHUNK_BYTES = 64 * 1024;
    /**
     * How many chunks (512 KB) a slice may encode ahead while the file's thread is behind; the executor compresses
     * those itself, within the slice's budget. When the second core is the busier one (the file's thread sharing it
     * with the clients' own processes and the collector), the executor's spare time takes part of the compression.
     */
    private static final int AHEAD_CHUNKS = 8;
    static final long LARGE_ELEMENTS = 4096;
    private static final long ELEMENTS_PER_CALL = 1024;
    private static final int BUCKETS_PER_STEP = 64;

    private record Pending(Database db, KeyEntry entry) {
    }

    private final Keyspace keyspace;
    private final Encoder encoder;
    private final RdbFileWriter file;
    private final byte epoch;
    private final SnapshotCursor[] cursors;
    private final ArrayDeque<RdbChunk> waiting = new ArrayDeque<>();
    private final RdbOutput out = new RdbOutput(RdbFileWriter.CHUNK_ARRAY);
    private final ArrayDeque<Pending> large = new ArrayDeque<>();
    private KeyEntry stepping;
    private RdbOutput side;
    private int sideLastDb = -1;
    private long cutBytes;
    private final long keyDelayMicros;
    private final long startNanos = System.nanoTime();
    private int cursorDb;
    private int lastDb = -1;
    private long keysSaved;
    private long earlyBytes;
    private long peakHeld;
    private final long keysTotal;
    private boolean endWritten;
    private boolean blocking;
    private boolean inSlice;
    private ChunkCompressor compressor;
    private boolean finished;

    /** Starts the snapshot: O(1), plus the header. {@code keyDelayMicros} is {@code rdb-key-save-delay}. */
    public RdbSnapshot(Keyspace keyspace, Encoder encoder, RdbFileWriter file, long keyDelayMicros) {
        this.keyspace = keyspace;
        this.encoder = encoder;
        this.file = file;
        this.keyDelayMicros = keyDelayMicros;
        this.epoch = keyspace.beginSnapshotEpoch();
        long keys = 0;
        for (int i = 0; i < keyspace.databases(); i++) {
            keys += keyspace.db(i).size();
        }
        this.keysTotal = keys;
        this.cursors = new SnapshotCursor[keyspace.databases()];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = new SnapshotCursor(keyspace.db(i), epoch);
        }
        encoder.header(out);
    }

    /**
     * One slice of the walk, for up to {@code budgetNanos} (at least one unit of work: a few buckets, or part of a
     * large value, unless the disk is behind); returns true once everything is encoded and handed to the
     * file writer (the file is complete when the writer reports).
     */
    public boolean step(long budgetNanos) throws InterruptedException {
        if (finished) {
            return true;
        }
        long start = System.nanoTime();
        boolean first = true;
        inSlice = true;
        try {
            while ((drain() || waiting.size() < AHEAD_CHUNKS) && !finished
                    && (first || System.nanoTime() - start < budgetNanos)) {
                first = false;
                if (!slice()) {
                    return finished;
                }
            }
        } finally {
            inSlice = false;
        }
        return false;
    }

    /** One unit of a slice; false when the slice must end (the file is finished, or the disk or a delay says wait). */
    private boolean slice() throws InterruptedException {
        if (stepping != null || !large.isEmpty()) {
            stepLarge();
            return true;
        }
        if (cursorDb == cursors.length) {
            if (!endWritten) {
                encoder.end(out);
                waiting.add(cut());
                endWritten = true;
            }
            if (!drain()) {
                return false;
            }
            file.finish();
            finished = true;
            return false;
        }
        if (keyDelayMicros > 0 && keysSaved >= (System.nanoTime() - startNanos) / 1000 / keyDelayMicros) {
            return false;
        }
        Database db = keyspace.db(cursorDb);
        SnapshotCursor c = cursors[cursorDb];
        c.step(keyDelayMicros > 0 ? 1 : BUCKETS_PER_STEP, e -> {
            if (isLarge(e)) {
                large.add(new Pending(db, e));
            } else {
                encode(db, e);
            }
        });
        if (c.done()) {
            cursorDb++;
        }
        return true;
    }

    private static boolean isLarge(KeyEntry e) {
        Object v = e.value();
        return v instanceof SetValue s ? s.size() > LARGE_ELEMENTS
                : v instanceof HashValue h ? h.size() > LARGE_ELEMENTS
                : v instanceof ZSetValue z ? z.size() > LARGE_ELEMENTS
                : v instanceof ListValue l && l.size() > LARGE_ELEMENTS;
    }

    /** Part of a queued large value: starts the next one if none is under way. */
    private void stepLarge() {
        if (stepping == null) {
            Pending p = large.poll();
            selectDb(out, p.db());
            encoder.keyStart(out, p.entry());
            stepping = p.entry();
        }
        if (encoder.valueStep(out, ELEMENTS_PER_CALL)) {
            largeDone();
        }
        cutIfFull();
    }

    private void largeDone() {
        stepping = null;
        keysSaved++;
        if (side != null) {
            out.append(side);
            lastDb = sideLastDb;
            side = null;
        }
    }

    /** The before-write hook: a key the cursor has not reached is saved with its value of the snapshot's instant. */
    public void beforeWrite(Database db, KeyEntry e) {
        if (finished) {
            return;
        }
        if (e.snapshotMark() != epoch) {
            e.snapshotMark(epoch);
            saveEarly(db, e);
        } else if (e == stepping) {
            long before = total();
            while (!encoder.valueStep(out, Long.MAX_VALUE)) {
                Thread.onSpinWait();
            }
            largeDone();
            earlyBytes += total() - before;
            cutIfFull();
        } else if (!large.isEmpty() && large.removeIf(p -> p.entry() == e)) {
            saveEarly(db, e);
        }
    }

    /** A key saved ahead of the cursor: after the value being stepped if there is one, else straight in line. */
    private void saveEarly(Database db, KeyEntry e) {
        long before = total();
        if (stepping == null) {
            encode(db, e);
        } else {
            if (side == null) {
                side = new RdbOutput(1024);
                sideLastDb = -1;
            }
            if (db.id() != sideLastDb) {
                encoder.selectDb(side, db.id(), db.size(), db.expiresSize());
                sideLastDb = db.id();
            }
            encoder.key(side, e);
            keysSaved++;
        }
        earlyBytes += total() - before;
    }

    /** A database is about to be flushed or swapped: everything of it the cursor has not reached is saved now. */
    public void beforeReplaceAll(Database db) {
        if (finished) {
            return;
        }
        SnapshotCursor c = cursors[db.id()];
        long before = total();
        while (!c.done()) {
            c.step(1024, e -> saveEarly(db, e));
        }
        for (Pending p : large.toArray(new Pending[0])) {
            if (p.db() == db) {
                large.remove(p);
                saveEarly(db, p.entry());
            }
        }
        earlyBytes += total() - before;
    }

    private void selectDb(RdbOutput target, Database db) {
        if (db.id() != lastDb) {
            encoder.selectDb(target, db.id(), db.size(), db.expiresSize());
            lastDb = db.id();
        }
    }

    private void encode(Database db, KeyEntry e) {
        selectDb(out, db);
        encoder.key(out, e);
        keysSaved++;
        cutIfFull();
    }

    private void cutIfFull() {
        if (out.size() >= CHUNK_BYTES) {
            waiting.add(cut());
        }
    }

    private RdbChunk cut() {
        RdbChunk chunk = out.swapOut(file.recycled());
        if (inSlice && !waiting.isEmpty()) {
            chunk = compressedHere(chunk);
        }
        cutBytes += chunk.length();
        peakHeld = Math.max(peakHeld, heldBytes());
        return chunk;
    }

    /**
     * Encoded bytes held in memory now: encoded but not yet taken by the file's thread. This is what copy-before-write
     * costs while it lasts (INFO's {@code current_cow_size}): under writes faster than the disk, the hook's output
     * waits here.
     */
    public long heldBytes() {
        return total() - file.taken();
    }

    /** The most {@link #heldBytes} has been, sampled whenever a chunk is cut (INFO's {@code current_cow_peak}). */
    public long peakHeldBytes() {
        return Math.max(peakHeld, heldBytes());
    }

    /** The keys at the snapshot's start (INFO's {@code current_save_keys_total}). */
    public long keysTotal() {
        return keysTotal;
    }

    /** Every byte encoded so far, handed out or not (the side buffer included). */
    private long total() {
        return cutBytes + out.size() + (side == null ? 0 : side.size());
    }
    /** Offers waiting chunks to the writer; false while it is full (a SAVE waits for room instead). */
    private boolean drain() throws InterruptedException {
        while (!waiting.isEmpty()) {
            RdbChunk chunk = waiting.peek();
            if (!file.offer(chunk)) {
                if (!blocking) {
                    return false;
                }
                if (!file.put(compressedHereCounted(chunk))) {
                    abort();
                    return false;
                }
            }
            waiting.poll();
        }
        return true;
    }

    /**
     * During a SAVE the executor has nothing else to do, so when the file's thread is behind it compresses the next
     * chunk itself rather than wait: the two threads share the compression, and a SAVE runs on both cores.
     */
    private RdbChunk compressedHere(RdbChunk chunk) {
        if (compressor == null) {
            compressor = new ChunkCompressor();
        }
        return compressor.compressInPlace(chunk);
    }

    /** {@link #compressedHere} for a chunk already counted as cut: its savings leave the count of bytes held. */
    private RdbChunk compressedHereCounted(RdbChunk chunk) {
        RdbChunk done = compressedHere(chunk);
        cutBytes -= chunk.length() - done.length();
        return done;
    }

    /**
     * The whole snapshot now (SAVE, which blocks the server as Redis's does): when the queue is full the walk does
     * not return but compresses the chunk itself and waits for room, so the two threads hand over without spinning.
     */
    public void runToEnd() throws InterruptedException {
        blocking = true;
        while (!step(Long.MAX_VALUE)) {
            Thread.onSpinWait();
        }
    }

    public long keysSaved() {
        return keysSaved;
    }

    /** Bytes encoded ahead of the cursor by the hook: what Redis reports as copy-on-write. */
    public long earlyBytes() {
        return earlyBytes;
    }

    /** Ends the snapshot early (killed, or its file failed): the temporary file goes, no value stays held. */
    public void abort() {
        finished = true;
        encoder.abandon();
        for (SnapshotCursor c : cursors) {
            c.release();
        }
        file.abort();
    }
}
