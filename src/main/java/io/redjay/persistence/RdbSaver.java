package io.redjay.persistence;

import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.persistence.rdb.RdbEncoder;
import io.redjay.persistence.rdb.KeyspaceLoader;
import io.redjay.persistence.rdb.EncodingLimits;
import io.redjay.persistence.rdb.RdbFileWriter;
import io.redjay.persistence.rdb.RdbReader;
import io.redjay.persistence.rdb.RdbSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * RDB persistence as the server runs it: SAVE, BGSAVE, the save points, and the state INFO persistence reports. There
 * is one snapshot engine ({@link RdbSnapshot}); SAVE runs it to completion on the executor (blocking, as Redis's SAVE
 * blocks), BGSAVE runs it in slices between command batches, so a background save never stalls clients and needs no
 * fork. One save at a time, as in Redis.
 *
 * <p>Bookkeeping follows Redis: the changes counted since the last successful save drop by those made before the
 * save started (changes made while it ran still count), {@code lastsave} is set when a save succeeds, a failed
 * background save makes {@code rdb_last_bgsave_status} {@code err} (and, with {@code stop-writes-on-bgsave-error},
 * writes get the MISCONF error) until a save succeeds.
 */
public final class RdbSaver {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    /** The signal Redis kills its own children with: a save ended this way is not a failure. */
    static final int SIGUSR1 = 10;
    /** BGSAVE while an AOF rewrite holds the snapshot engine (Redis: another child process). */
    public static final String ANOTHER_CHILD = "ERR Another child process is active (AOF?): can't BGSAVE right now. "
            + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";

    private final Keyspace keyspace;
    private final Config config;
    private final Executor executor;
    private final Executor nextTurn;
    private final Supplier<RdbSnapshot.Encoder> encoders;
    private RdbSnapshot running;
    /** The running save streams to replicas (diskless sync) rather than to {@code dbfilename}. */
    private boolean runningToSockets;
    private SaveChild child;
    private long runningStartNanos;
    private long dirtyAtStart;
    private boolean scheduled;
    private long lastSave = System.currentTimeMillis() / 1000;
    private long dirtyAtLastSave;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTry;
    private long lastBgsaveSeconds = -1;
    private long saves;
    private long backgroundStarted;
    private long lastCowBytes;
    private long lastLoadLoaded;
    private long lastLoadExpired;
    private final LoadProgress progress = new LoadProgress();
    private final LoadProgress asyncLoad = new LoadProgress();
    private java.util.function.BooleanSupplier rewriteRunning = () -> false;
    private java.util.function.BiConsumer<Boolean, Path> backgroundDoneListener = (ok, file) -> { };
    private Runnable finishRewrite = () -> { };

    /**
     * @param executor runs a task on the executor as soon as possible (a finished save's bookkeeping)
     * @param nextTurn runs a task on the executor's next turn, after the I/O it has pending: each snapshot slice is
     *                 scheduled this way, so clients are served between any two slices
     */
    public RdbSaver(Keyspace keyspace, Config config, Executor executor, Executor nextTurn,
                    Supplier<RdbSnapshot.Encoder> encoders) {
        this.keyspace = keyspace;
        this.config = config;
        this.executor = executor;
        this.nextTurn = nextTurn;
        this.encoders = encoders;
    }

    /**
     * The AOF rewrite, the other user of the snapshot engine, which serves one snapshot at a time: while it runs a
     * BGSAVE is refused or scheduled and save points wait, and SAVE finishes it first.
     */
    public void rewrite(java.util.function.BooleanSupplier running, Runnable finishNow) {
        this.rewriteRunning = running;
        this.finishRewrite = finishNow;
    }

    /**
     * Told when a background save ends, with its outcome and file (replicas waiting for it); the file is null for
     * a save streamed to replicas.
     */
    public void onBackgroundDone(java.util.function.BiConsumer<Boolean, Path> listener) {
        this.backgroundDoneListener = listener;
    }

    /** Whether the AOF rewrite holds the snapshot engine. */
    public boolean rewriteRunning() {
        return rewriteRunning.getAsBoolean();
    }

    /** The encoding of the server's snapshots (see {@link RdbKeyEncoding}). */
    public static RdbSnapshot.Encoder encoding(Keyspace keyspace, Config config, long usedMemory,
                                               RdbEncoder.ReplicationInfo repl) {
        return new RdbKeyEncoding(keyspace, config, usedMemory, false, repl);
    }

    /** The same, for the RDB preamble of an AOF base ({@code aof-base} set) when {@code aofBase}. */
    public static RdbSnapshot.Encoder encoding(Keyspace keyspace, Config config, long usedMemory, boolean aofBase) {
        return new RdbKeyEncoding(keyspace, config, usedMemory, aofBase, null);
    }

    private Path target() {
        return Path.of(config.dir).resolve(config.dbfilename);
    }

    private Path temp() {
        return Path.of(config.dir).resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
    }

    private RdbFileWriter.Trailer trailer() {
        return config.rdbchecksum ? RdbFileWriter.Trailer.CRC64 : RdbFileWriter.Trailer.ZERO;
    }

    /** {@code rdb-save-incremental-fsync}: an fsync every 4 MB, so the final one never has a huge backlog. */
    private long fsyncEvery() {
        return config.rdbSaveIncrementalFsync ? RdbFileWriter.INCREMENTAL_FSYNC_BYTES : 0;
    }

    // ---------------------------------------------------------------- SAVE

    /** SAVE: the whole snapshot now, on the executor; null on success, else why it failed. */
    public String saveNow() {
        if (running != null) {
            return "ERR Background save already in progress";
        }
        finishRewrite.run();
        AtomicReference<String> outcome = new AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        long dirtyBefore = keyspace.dirty();
        try {
            RdbFileWriter file = new RdbFileWriter(target(), temp(), trailer(), fsyncEvery(), error -> {
                outcome.set(error);
                done.countDown();
            });
            new RdbSnapshot(keyspace, encoders.get(), file, 0).runToEnd();
            done.await();
        } catch (IOException e) {
            outcome.set(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.set("interrupted");
        }
        if (outcome.get() != null) {
            LOG.warn("Write error saving DB on disk: {}", outcome.get());
            return outcome.get();
        }
        LOG.info("DB saved on disk");
        succeeded(dirtyBefore);
        return null;
    }

    // ---------------------------------------------------------------- BGSAVE

    /** BGSAVE: starts a background save; null when started, else Redis's refusal. */
    public String startBackground() {
        return start(null);
    }

    /**
     * A background save whose bytes go to {@code sink} instead of {@code dbfilename}: a diskless replication sync.
     * It is a save like any other for the one-at-a-time rule and INFO's {@code rdb_bgsave_in_progress}, but leaves
     * the save bookkeeping (last save, changes since, last status) alone, as Redis's socket target does.
     */
    public String startForReplicas(RdbFileWriter.Sink sink) {
        return start(sink);
    }

    private String start(RdbFileWriter.Sink sockets) {
        if (running != null) {
            return "ERR Background save already in progress";
        }
        if (rewriteRunning.getAsBoolean()) {
            return ANOTHER_CHILD;
        }
        lastBgsaveTry = System.currentTimeMillis() / 1000;
        RdbSnapshot[] self = new RdbSnapshot[1];
        try {
            java.util.function.Consumer<String> done = error -> executor.execute(() -> backgroundDone(self[0], error));
            RdbFileWriter file = sockets == null
                    ? new RdbFileWriter(target(), temp(), trailer(), fsyncEvery(), done)
                    : new RdbFileWriter(sockets, trailer(), done);
            dirtyAtStart = keyspace.dirty();
            runningStartNanos = System.nanoTime();
            running = new RdbSnapshot(keyspace, encoders.get(), file, config.rdbKeySaveDelay);
            runningToSockets = sockets != null;
            self[0] = running;
        } catch (IOException e) {
            lastBgsaveOk = false;
            LOG.warn("Can't save in background: {}", e.getMessage());
            return "ERR " + e.getMessage();
        }
        RdbSnapshot started = running;
        backgroundStarted++;
        child = SaveChild.start(executor, signal -> killedBySignal(started, signal));
        LOG.info("Background {} started by pid {}", sockets == null ? "saving" : "RDB transfer",
                child != null ? child.pid() : ProcessHandle.current().pid());
        nextTurn.execute(this::step);
        return null;
    }

    /** BGSAVE SCHEDULE while another save runs: start one when it ends. */
    public void schedule() {
        scheduled = true;
    }

    public boolean inProgress() {
        return running != null;
    }

    private void step() {
        RdbSnapshot s = running;
        if (s == null) {
            return;
        }
        try {
            if (!s.step(config.snapshotSliceMicros * 1000)) {
                nextTurn.execute(this::step);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Background saving error: {}", e.toString());
            s.abort();
        }
    }

    /** The stand-in child was killed: the save is abandoned as Redis abandons one whose child died of a signal. */
    private void killedBySignal(RdbSnapshot s, int signal) {
        if (running != s) {
            return;
        }
        running = null;
        child = null;
        s.abort();
        lastBgsaveSeconds = (System.nanoTime() - runningStartNanos) / 1_000_000_000;
        if (runningToSockets) {
            LOG.warn("Background transfer terminated by signal {}", signal);
            backgroundDoneListener.accept(false, null);
            return;
        }
        if (signal != SIGUSR1) {
            lastBgsaveOk = false;
        }
        LOG.warn("Background saving terminated by signal {}", signal);
        backgroundDoneListener.accept(false, target());
    }

    private void releaseChild() {
        if (child != null) {
            child.release();
            child = null;
        }
    }

    /** The file of save {@code s} is complete or failed; nothing to do when that save was already given up. */
    private void backgroundDone(RdbSnapshot s, String error) {
        if (s == null || s != running) {
            return;
        }
        running = null;
        releaseChild();
        lastBgsaveSeconds = (System.nanoTime() - runningStartNanos) / 1_000_000_000;
        lastCowBytes = s.earlyBytes();
        if (runningToSockets) {
            if (error == null) {
                LOG.info("Background RDB transfer terminated with success");
            } else {
                s.abort();
                LOG.warn("Background transfer error");
            }
            backgroundDoneListener.accept(error == null, null);
            startScheduled();
            return;
        }
        if (error == null) {
            LOG.info("DB saved on disk");
            LOG.info("Background saving terminated with success");
            succeeded(dirtyAtStart);
        } else {
            s.abort();
            lastBgsaveOk = false;
            LOG.warn("Background saving error: {}", error);
        }
        backgroundDoneListener.accept(error == null, target());
        startScheduled();
    }

    private void startScheduled() {
        if (scheduled) {
            scheduled = false;
            startBackground();
        }
    }

    private void succeeded(long dirtyBefore) {
        dirtyAtLastSave = dirtyBefore;
        lastSave = System.currentTimeMillis() / 1000;
        lastBgsaveOk = true;
        saves++;
    }

    /** The cron: a scheduled BGSAVE, or the save points. */
    public void cron() {
        if (running != null || rewriteRunning.getAsBoolean()) {
            return;
        }
        if (scheduled) {
            scheduled = false;
            startBackground();
            return;
        }
        SavePoints points = SavePoints.parse(config.save);
        long now = System.currentTimeMillis() / 1000;
        int due = points.due(changesSinceSave(), now - lastSave, lastBgsaveOk, now - lastBgsaveTry);
        if (due >= 0) {
            LOG.info("{} changes in {} seconds. Saving...", points.changes(due), points.seconds(due));
            startBackground();
        }
    }

    /** A killed background save (FLUSHALL, SHUTDOWN): the temporary file is removed. */
    public void kill() {
        if (running != null) {
            running.abort();
            running = null;
            releaseChild();
            if (runningToSockets) {
                LOG.warn("Background transfer terminated by signal " + SIGUSR1);
                backgroundDoneListener.accept(false, null);
                return;
            }
            LOG.warn("Background saving terminated by signal " + SIGUSR1); // Redis's own stop: not a failure
            backgroundDoneListener.accept(false, target());
        }
    }

    // ---------------------------------------------------------------- the hook

    public void beforeWrite(Database db, KeyEntry e) {
        if (running != null) {
            running.beforeWrite(db, e);
        }
    }

    public void beforeReplaceAll(Database db) {
        if (running != null) {
            running.beforeReplaceAll(db);
        }
    }

    /**
     * Redis's {@code writeCommandsDeniedByDiskError} for RDB: with {@code stop-writes-on-bgsave-error} and save points,
     * a failed background save stops writes (the MISCONF error) until a save succeeds.
     */
    public boolean refusesWrites() {
        return !lastBgsaveOk && config.stopWritesOnBgsaveError && SavePoints.parse(config.save).any();
    }

    // ---------------------------------------------------------------- INFO persistence

    /** DEBUG LOADAOF: what was just loaded counts as saved (Redis sets {@code dirty} to 0). */
    public void changesSaved() {
        dirtyAtLastSave = keyspace.dirty();
    }

    public long changesSinceSave() {
        return keyspace.dirty() - dirtyAtLastSave;
    }

    public long lastSave() {
        return lastSave;
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    public long lastBgsaveSeconds() {
        return lastBgsaveSeconds;
    }

    public long currentBgsaveSeconds() {
        return running == null ? -1 : (System.nanoTime() - runningStartNanos) / 1_000_000_000;
    }

    public long saves() {
        return saves;
    }

    /**
     * Background saves started: with the AOF rewrites, INFO's {@code total_forks}, since each is what Redis forks a
     * child for (and each has its stand-in child here).
     */
    public long backgroundSavesStarted() {
        return backgroundStarted;
    }

    public long lastCowBytes() {
        return lastCowBytes;
    }

    /** INFO's {@code rdb_last_load_keys_loaded}. */
    public long lastLoadLoaded() {
        return lastLoadLoaded;
    }

    /** INFO's {@code rdb_last_load_keys_expired}. */
    public long lastLoadExpired() {
        return lastLoadExpired;
    }

    public long keysProcessed() {
        return running == null ? 0 : running.keysSaved();
    }

    /** INFO's {@code current_save_keys_total}: the keys of the running save's instant. */
    public long keysTotal() {
        return running == null ? 0 : running.keysTotal();
    }

    /**
     * INFO's {@code current_cow_size}: what the running save has copied before writes so far, the figure
     * {@code rdb_last_cow_size} reports once it ends.
     */
    public long currentCowBytes() {
        return running == null ? 0 : running.earlyBytes();
    }

    /**
     * INFO's {@code current_cow_peak}: the most memory the running save's encoded bytes have held at once (copies
     * made before writes included), which is what copy-on-write costs Redis in memory.
     */
    public long currentCowPeak() {
        return running == null ? 0 : running.peakHeldBytes();
    }

    /** INFO's {@code current_fork_perc}: the share of the save's keys written so far. */
    public double progressPercent() {
        return running == null || running.keysTotal() == 0 ? 0 : 100.0 * running.keysSaved() / running.keysTotal();
    }

    /** The load in progress, for INFO's {@code loading} fields and the dispatcher's LOADING refusal. */
    public LoadProgress loading() {
        return progress;
    }

    /**
     * Starts loading {@code dir/dbfilename} at start-up, while the server serves (see {@link BackgroundLoad});
     * {@code outcome} runs on the executor when it ends, with null or the lines to log before exiting. Returns
     * false, running nothing, when there is no file: the dataset starts empty.
     */
    public boolean loadInBackground(Consumer<String> outcome) {
        return loadInBackground(outcome, (db, key) -> { });
    }

    /** The same, {@code expiredDropped} told of each key the load drops as already expired. */
    public boolean loadInBackground(Consumer<String> outcome,
                                    java.util.function.BiConsumer<Integer, byte[]> expiredDropped) {
        Path file = target();
        if (!Files.exists(file)) {
            return false;
        }
        long start = System.nanoTime();
        BackgroundLoad[] load = new BackgroundLoad[1];
        try {
            load[0] = new BackgroundLoad(file, keyspace, config, progress, executor, nextTurn, failure -> {
                if (failure == null) {
                    loaded(load[0].loader(), load[0].emptySkipped(), start);
                }
                outcome.accept(failure);
            });
        } catch (IOException e) {
            outcome.accept("Fatal error loading the DB: " + e.getMessage() + ". Exiting.");
            return true;
        }
        load[0].loader().onExpiredDropped(expiredDropped);
        load[0].start();
        return true;
    }

    /**
     * A replica's diskless load ({@code repl-diskless-load}): the RDB read from {@code in} (the master's socket) on
     * the loader thread, its keys inserted into {@code into} between the executor's other work. Into the live
     * keyspace the server is loading (clients get {@code -LOADING}, as Redis); into a staged one that is swapped in
     * at the end ({@code swapdb}), with {@code async} the old data keeps being served meanwhile (INFO's
     * {@code async_loading}). Keys already expired are kept: a replica waits for its master's DEL. {@code outcome}
     * gets null or the failure, on the executor.
     */
    public void loadStream(Keyspace into, java.io.InputStream in, long size, boolean async,
                           Consumer<String> outcome) {
        LoadProgress p = async ? asyncLoad : progress;
        BackgroundLoad.Reading reading = sink -> {
            try {
                new RdbReader(p.counting(in), EncodingLimits.of(config), into.databases()).read(sink);
                return null;
            } catch (io.redjay.persistence.rdb.RdbException e) {
                return RdbFailure.describe(e, p.loadedBytes());
            }
        };
        BackgroundLoad[] load = new BackgroundLoad[1];
        load[0] = new BackgroundLoad(size, reading, null, false, into, config, p, executor, nextTurn, failure -> {
            if (failure == null) {
                into.settleCharges();
                LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", load[0].loader().loaded(),
                        load[0].loader().expired());
            }
            outcome.accept(failure);
        });
        load[0].start();
    }

    /** INFO's {@code async_loading}: a replica's swapdb load runs while the old data is served. */
    public boolean asyncLoading() {
        return asyncLoad.active();
    }

    /**
     * Loads {@code dir/dbfilename} into the keyspace now, on the executor (DEBUG RELOAD, which flushes first unless
     * NOFLUSH); with {@code merge} a key already present is replaced by the file's, otherwise a duplicate is an
     * error. Returns null, or why the file could not be loaded.
     */
    public String load(boolean merge) {
        Path file = target();
        if (!Files.exists(file)) {
            return null;
        }
        long start = System.nanoTime();
        KeyspaceLoader loader = new KeyspaceLoader(keyspace, true);
        String failure = BackgroundLoad.loadNow(BackgroundLoad.rdbFile(file, keyspace, config, progress), null,
                loader, merge, keyspace, progress);
        if (failure != null) {
            for (String line : failure.split("\n")) {
                LOG.warn("{}", line);
            }
            return failure;
        }
        loaded(loader, loader.emptySkipped(), start);
        return null;
    }

    /** A load's end: charges settled, Redis's closing lines, INFO's load counters, the change counter reset. */
    private void loaded(KeyspaceLoader loader, long emptySkipped, long startNanos) {
        keyspace.settleCharges();
        lastLoadLoaded = loader.loaded();
        lastLoadExpired = loader.expired();
        if (emptySkipped > 0) {
            LOG.warn("Done loading RDB, keys loaded: {}, keys expired: {}, empty keys skipped: {}.",
                    loader.loaded(), loader.expired(), emptySkipped);
        } else {
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", loader.loaded(), loader.expired());
        }
        LOG.info("DB loaded from disk: {} seconds",
                String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9));
        dirtyAtLastSave = keyspace.dirty();
    }

    /** Whether the data directory is usable (start-up check). */
    public boolean directoryWritable() {
        return Files.isDirectory(Path.of(config.dir)) && Files.isWritable(Path.of(config.dir));
    }
}
