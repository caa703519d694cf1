package io.redjay.persistence;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.persistence.aof.AofFile;
import io.redjay.persistence.aof.AofManifest;
import io.redjay.persistence.aof.AofFileNames;
import io.redjay.persistence.aof.AofManifestException;
import io.redjay.persistence.aof.AofManifestFile;
import io.redjay.persistence.aof.AofRewriteEncoding;
import io.redjay.persistence.aof.BackgroundFsync;
import io.redjay.persistence.rdb.KeyspaceLoader;
import io.redjay.persistence.rdb.RdbFileWriter;
import io.redjay.persistence.rdb.RdbSnapshot;
import io.redjay.protocol.CommandStreamEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The append-only file as the server runs it: Redis 7.0's multi-part AOF (a base file, incr files and the manifest
 * that names them, in {@code dir/appenddirname}), the three fsync policies, and rewrites taken without fork.
 *
 * <p><b>Appending.</b> Every write the propagator emits arrives at {@link #feed} and is encoded into an in-memory
 * buffer (with a {@code SELECT} when the database changes, a {@code #TS:} annotation each new second under
 * {@code aof-timestamp-enabled}). The buffer reaches the file in {@link #beforeReplies}, which the server calls at
 * the end of each event-loop turn, before it flushes any client's replies: so under every policy the bytes are in
 * the kernel before the client hears its write succeeded, and under {@code always} they are also fsynced, on the
 * executor, once per turn for all clients together, exactly Redis's beforeSleep order. Under {@code everysec} the
 * fsync goes to a background thread at most once a second ({@link BackgroundFsync}); while one is still running
 * the write is postponed, up to two seconds, after which it goes ahead and {@code aof_delayed_fsync} counts it.
 *
 * <p><b>Rewriting.</b> BGREWRITEAOF first opens a new incr file and records it in the manifest, so from that instant
 * on every write lands in the new file; then the fork-less snapshot engine ({@link RdbSnapshot}, in slices between
 * command batches, with copy-before-write) writes a base of that same instant, as an RDB preamble or as commands.
 * When the base is on disk it becomes the manifest's base, the older base and incr files become history, the
 * manifest is replaced atomically, and history files are deleted. There is nothing to merge at the end, which is why
 * Redis 7.0 could drop the rewrite buffer, and why a fork-less rewrite costs the clients no more than a BGSAVE.
 *
 * <p><b>Turning it on at run time</b> ({@code CONFIG SET appendonly yes}) writes to a temporary incr file while the
 * first base is taken, and only when the rewrite succeeds does the directory become a valid AOF; until then the
 * state is {@code WAIT_REWRITE}, as Redis's.
 */
public final class AppendOnlyFile {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int REWRITE_LIMIT_THRESHOLD = 3;
    private static final int REWRITE_LIMIT_MAX_MINUTES = 60;

    /** Redis's {@code aof_state}. */
    public enum State { OFF, ON, WAIT_REWRITE }

    private final Keyspace keyspace;
    private final Config config;
    private final Executor executor;
    private final Executor nextTurn;
    private final BooleanSupplier otherSaveRunning;
    private final LongSupplier usedMemory;
    private final Consumer<Boolean> feeding;
    private final java.util.function.Supplier<BackgroundLoad.Replayer> replayers;
    private final CommandStreamEncoder encoder = new CommandStreamEncoder();
    private ByteBuf buffer = Unpooled.buffer(4096);
    private BackgroundFsync fsyncer;

    private State state = State.OFF;
    private AofManifest manifest;
    private FileChannel incr;
    private long incrSize;
    private long incrFsyncedSize;
    private long currentSize;
    private long rewriteBaseSize;
    private long lastFsyncSecond;
    private long flushPostponedSince;
    private long delayedFsyncs;
    private long timestampSecond;
    private String writeError;
    private long lastWriteErrorLog;
    private long flushSleepMicros;

    private Rewrite rewrite;
    private SaveChild child;
    private boolean rewriteScheduled;
    private long lastRewriteSeconds = -1;
    private boolean lastRewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private long lastCowBytes;
    private int limitDelayMinutes;
    private long limitUntil;

    /** One background rewrite: the snapshot writing the new base, and the names it will take. */
    private record Rewrite(RdbSnapshot snapshot, Path temp, String baseName, long startNanos) {
    }

    /**
     * @param executor         runs a task on the executor (a finished rewrite's bookkeeping)
     * @param nextTurn         runs a task on the executor's next turn (each rewrite slice)
     * @param otherSaveRunning whether a BGSAVE holds the snapshot engine (one background save at a time)
     * @param feeding          attaches ({@code true}) or detaches the server's propagated stream to {@link #feed}
     * @param replayers        a new replayer of loaded commands (through a client of its own) for each load
     */
    public AppendOnlyFile(Keyspace keyspace, Config config, Executor executor, Executor nextTurn,
                          BooleanSupplier otherSaveRunning, LongSupplier usedMemory, Consumer<Boolean> feeding,
                          java.util.function.Supplier<BackgroundLoad.Replayer> replayers) {
        this.replayers = replayers;
        this.keyspace = keyspace;
        this.config = config;
        this.executor = executor;
        this.nextTurn = nextTurn;
        this.otherSaveRunning = otherSaveRunning;
        this.usedMemory = usedMemory;
        this.feeding = feeding;
    }

    private Path directory() {
        return Path.of(config.dir).resolve(config.appenddirname);
    }

    private static long unixtime() {
        return System.currentTimeMillis() / 1000;
    }

    public State state() {
        return state;
    }

    // ---------------------------------------------------------------- start-up

    /**
     * Redis's {@code aofLoadManifestFromDisk}, at start-up whatever {@code appendonly} says (so that turning the AOF
     * on later continues the directory's numbering) and before DEBUG LOADAOF. Returns null, or the lines to log
     * before exiting: a manifest that cannot be read stops the server, as in Redis.
     */
    public String readManifest() {
        try {
            AofManifest m = AofManifestFile.load(directory(), config.appendfilename);
            manifest = m != null ? m : AofManifest.empty(config.appendfilename);
            return null;
        } catch (AofManifestException e) {
            return String.join("\n", e.logMessages());
        } catch (IOException e) {
            return "Fatal error: can't open the AOF manifest " + AofFileNames.manifest(config.appendfilename)
                    + " for reading: " + AofReading.strerror(e);
        }
    }

    /**
     * Redis's {@code aofOpenIfNeededOnServerStart}, after the load: with an empty directory a base is written first
     * (of the dataset as loaded), then the last incr file is opened for appending (a new one if there is none), the
     * manifest is persisted and history files are deleted. Returns null, or why the server must exit.
     */
    public String openAtStart() {
        if (!config.appendonly) {
            return null;
        }
        if (manifest == null) {
            manifest = AofManifest.empty(config.appendfilename);
        }
        try {
            Files.createDirectories(directory());
        } catch (IOException e) {
            return "Can't open or create append-only dir " + config.appenddirname + ": " + e.getMessage();
        }
        if (manifest.base() == null && manifest.incrs().isEmpty()) {
            String base = manifest.newBaseName(config.aofUseRdbPreamble);
            String error = writeBaseNow(directory().resolve(base));
            if (error != null) {
                return error;
            }
            LOG.info("Creating AOF base file {} on server start", base);
        }
        boolean existed = !manifest.incrs().isEmpty();
        String name = manifest.lastIncrName();
        try {
            incr = FileChannel.open(directory().resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            return "Can't open the append-only file " + name + ": " + e.getMessage();
        }
        try {
            persist(manifest);
        } catch (IOException e) {
            return e.getMessage();
        }
        incrSize = sizeOf(name);
        incrFsyncedSize = incrSize;
        currentSize = filesSize(manifest);
        if (rewriteBaseSize == 0 && manifest.base() != null) {
            rewriteBaseSize = sizeOf(manifest.base().name());
        }
        LOG.info("{} AOF incr file {} on server start", existed ? "Opening" : "Creating", name);
        state = State.ON;
        lastFsyncSecond = unixtime();
        feeding.accept(true);
        deleteHistory();
        return null;
    }

    /**
     * The start-up load with {@code appendonly yes}, Redis's {@code loadAppendOnlyFiles}, while clients get
     * {@code -LOADING} (see {@link BackgroundLoad}): an old single-file AOF is first moved into the directory, then
     * the base and incr files are read in order and their commands replayed by {@code replayer}. {@code outcome}
     * runs on the executor with null or the lines to log before exiting. Returns false, running nothing, when there
     * is nothing to load; {@link #openAtStart} follows either way.
     */
    public boolean loadInBackground(LoadProgress progress, Consumer<String> outcome) {
        AofReading reading = prepareLoad(outcome, progress);
        if (reading == null) {
            return false;
        }
        long total = reading.totalSize();
        if (total < 0) {
            outcome.accept(reading.sizeError());
            return true;
        }
        long base = reading.baseSize();
        long start = System.nanoTime();
        keyspace.expiryPaused(true);
        new BackgroundLoad(total, reading, replayers.get(), false, keyspace, config, progress, executor, nextTurn,
                failure -> {
                    keyspace.expiryPaused(false);
                    if (failure == null) {
                        loaded(total, base, start);
                    }
                    outcome.accept(failure);
                }).start();
        return true;
    }

    /** DEBUG LOADAOF: the same load, now, into the (emptied) keyspace; null or the failure lines. */
    public String loadNow(LoadProgress progress) {
        if (state != State.OFF) {
            flush(true);
        }
        String[] early = {readManifest()};
        AofReading reading = early[0] != null ? null : prepareLoad(f -> early[0] = f, progress);
        if (early[0] != null) {
            return early[0];
        }
        if (reading == null) {
            return null;
        }
        deleteHistory();
        long total = reading.totalSize();
        if (total < 0) {
            return reading.sizeError();
        }
        long start = System.nanoTime();
        keyspace.expiryPaused(true);
        if (state != State.OFF) {
            feeding.accept(false);
        }
        String failure;
        try {
            failure = BackgroundLoad.loadNow(reading, replayers.get(), new KeyspaceLoader(keyspace, false), false,
                    keyspace, progress);
        } finally {
            keyspace.expiryPaused(false);
            if (state != State.OFF) {
                feeding.accept(true);
            }
        }
        if (failure == null) {
            loaded(total, reading.baseSize(), start);
        }
        return failure;
    }

    /** The manifest read and an old-style file upgraded; null when there is nothing to load (or after a failure). */
    private AofReading prepareLoad(Consumer<String> failed, LoadProgress progress) {
        if (manifest == null) {
            String error = readManifest();
            if (error != null) {
                failed.accept(error);
                return null;
            }
        }
        Path oldStyle = Path.of(config.dir).resolve(config.appendfilename);
        if (Files.exists(oldStyle) && (!Files.isDirectory(directory())
                || (manifest.base() == null && manifest.incrs().isEmpty())
                || (manifest.base() != null && manifest.incrs().isEmpty()
                    && manifest.base().name().equals(config.appendfilename)
                    && !Files.exists(directory().resolve(config.appendfilename))))) {
            String error = upgrade(oldStyle);
            if (error != null) {
                failed.accept(error);
                return null;
            }
        }
        if (manifest.base() == null && manifest.incrs().isEmpty()) {
            return null;
        }
        return new AofReading(directory(), manifest, config, keyspace.databases(), progress);
    }

    /** Redis's {@code aofUpgradePrepare}: a Redis 6 {@code appendonly.aof} becomes the base of a new directory. */
    private String upgrade(Path oldStyle) {
        try {
            Files.createDirectories(directory());
        } catch (IOException e) {
            return "Can't open or create append-only dir " + config.appenddirname + ": " + AofReading.strerror(e);
        }
        manifest.adoptOldStyleFileAsBase();
        try {
            persist(manifest);
        } catch (IOException e) {
            return e.getMessage();
        }
        try {
            move(oldStyle, directory().resolve(config.appendfilename));
        } catch (IOException e) {
            return "Error trying to move the old AOF file " + config.appendfilename + " into dir "
                    + config.appenddirname + ": " + AofReading.strerror(e);
        }
        LOG.info("Successfully migrated an old-style AOF file ({}) into the AOF directory ({}).",
                config.appendfilename, config.appenddirname);
        return null;
    }

    private void loaded(long total, long base, long startNanos) {
        keyspace.settleCharges();
        currentSize = total;
        rewriteBaseSize = base;
        LOG.info("DB loaded from append only file: {} seconds",
                String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9));
    }

    /** Redis's {@code rewriteAppendOnlyFile}: a base written in the foreground (an empty dataset at start-up). */
    private String writeBaseNow(Path target) {
        Path temp = Path.of(config.dir).resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        String[] outcome = new String[1];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            RdbFileWriter file = new RdbFileWriter(target, temp, trailer(), fsyncEvery(), e -> {
                outcome[0] = e;
                done.countDown();
            });
            new RdbSnapshot(keyspace, baseEncoder(), file, 0).runToEnd();
            done.await();
        } catch (IOException e) {
            outcome[0] = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome[0] = "interrupted";
        }
        if (outcome[0] != null) {
            return "Write error writing append only file on disk: " + outcome[0];
        }
        return null;
    }

    private RdbSnapshot.Encoder baseEncoder() {
        if (config.aofUseRdbPreamble) {
            return RdbSaver.encoding(keyspace, config, usedMemory.getAsLong(), true);
        }
        return new AofRewriteEncoding(keyspace.clock(), config.aofTimestampEnabled,
                keyspace.functions().libraryCodes());
    }

    private RdbFileWriter.Trailer trailer() {
        if (!config.aofUseRdbPreamble) {
            return RdbFileWriter.Trailer.NONE;
        }
        return config.rdbchecksum ? RdbFileWriter.Trailer.CRC64 : RdbFileWriter.Trailer.ZERO;
    }

    private long fsyncEvery() {
        return config.aofRewriteIncrementalFsync ? RdbFileWriter.INCREMENTAL_FSYNC_BYTES : 0;
    }

    // ---------------------------------------------------------------- appending

    /** A propagated command for database {@code db}: into the buffer, written at the end of the turn. */
    public void feed(int db, byte[][] argv) {
        if (config.aofTimestampEnabled) {
            long now = unixtime();
            if (timestampSecond < now) {
                timestampSecond = now;
                buffer.writeCharSequence("#TS:" + now, StandardCharsets.US_ASCII);
                buffer.writeBytes(CRLF);
            }
        }
        int before = buffer.writerIndex();
        encoder.encode(db, argv, buffer);
        if (state == State.WAIT_REWRITE && rewrite == null) {
            buffer.writerIndex(before);
        }
    }

    /** DEBUG AOF-FLUSH-SLEEP: a pause before each write of the buffer (Redis's test hook for slow disks). */
    public void flushSleep(long micros) {
        flushSleepMicros = micros;
    }

    /** Whether bytes wait to be written: replies are then held until {@link #beforeReplies}. */
    public boolean holdsReplies() {
        return buffer.isReadable();
    }

    /** The end of an event-loop turn, before replies are flushed: Redis's {@code flushAppendOnlyFile(0)}. */
    public void beforeReplies() {
        if (state != State.OFF) {
            flush(false);
        }
    }

    private boolean fsyncRunning() {
        return fsyncer != null && fsyncer.pending() > 0;
    }

    private void flush(boolean force) {
        if (incr == null) {
            return;
        }
        long now = unixtime();
        boolean syncInProgress = false;
        if (!buffer.isReadable()) {
            if (config.appendfsync.equals("everysec") && incrFsyncedSize != incrSize && now > lastFsyncSecond
                    && !fsyncRunning()) {
                fsync(now, false);
            } else if (config.appendfsync.equals("always") && incrFsyncedSize != incrSize) {
                fsync(now, false);
            }
            return;
        }
        if (config.appendfsync.equals("everysec")) {
            syncInProgress = fsyncRunning();
            if (syncInProgress && !force) {
                if (flushPostponedSince == 0) {
                    flushPostponedSince = now;
                    return;
                } else if (now - flushPostponedSince < 2) {
                    return;
                }
                delayedFsyncs++;
                LOG.info("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without "
                        + "waiting for fsync to complete, this may slow down Redis.");
            }
        }
        flushPostponedSince = 0;
        if (flushSleepMicros > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(flushSleepMicros * 1000);
        }
        if (!write(now)) {
            return;
        }
        fsync(now, syncInProgress);
    }

    /** Writes the whole buffer; false (the bytes kept for the next try, writes refused meanwhile) on failure. */
    private boolean write(long now) {
        int length = buffer.readableBytes();
        int written = 0;
        String error = null;
        try {
            java.nio.ByteBuffer b = buffer.nioBuffer();
            while (b.hasRemaining()) {
                written += incr.write(b);
            }
        } catch (IOException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (error == null) {
            if (writeError != null) {
                LOG.warn("AOF write error looks solved, Redis can write again.");
                writeError = null;
            }
            currentSize += written;
            incrSize += written;
            buffer.clear();
            if (buffer.capacity() > 4 << 20) {
                buffer = Unpooled.buffer(4096);
            }
            return true;
        }
        boolean log = now - lastWriteErrorLog > 30;
        if (log) {
            lastWriteErrorLog = now;
        }
        if (written > 0) {
            if (log) {
                LOG.warn("Short write while writing to the AOF file: (nwritten={}, expected={})", written, length);
            }
            try {
                incr.truncate(incrSize);
                written = 0;
            } catch (IOException e) {
                if (log) {
                    LOG.warn("Could not remove short write from the append-only file.  Redis may refuse to load the "
                            + "AOF the next time it starts.  ftruncate: {}", e.getMessage());
                }
            }
        } else if (log) {
            LOG.warn("Error writing to the AOF file: {}", error);
        }
        if (config.appendfsync.equals("always")) {
            LOG.warn("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
            Runtime.getRuntime().halt(1);
        }
        writeError = error;
        if (written > 0) {
            currentSize += written;
            incrSize += written;
            buffer.skipBytes(written);
        }
        return false;
    }

    private void fsync(long now, boolean syncInProgress) {
        if (config.noAppendfsyncOnRewrite && (rewrite != null || otherSaveRunning.getAsBoolean())) {
            return;
        }
        if (config.appendfsync.equals("always")) {
            try {
                incr.force(false);
            } catch (IOException e) {
                LOG.warn("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}. Exiting...",
                        e.getMessage());
                Runtime.getRuntime().halt(1);
            }
            incrFsyncedSize = incrSize;
            lastFsyncSecond = now;
        } else if (config.appendfsync.equals("everysec") && now > lastFsyncSecond) {
            if (!syncInProgress) {
                fsyncer().fsync(incr);
                incrFsyncedSize = incrSize;
            }
            lastFsyncSecond = now;
        }
    }

    private BackgroundFsync fsyncer() {
        if (fsyncer == null) {
            fsyncer = new BackgroundFsync();
        }
        return fsyncer;
    }

    /**
     * Redis's {@code writeCommandsDeniedByDiskError} for the AOF: the MISCONF error while a write or a background
     * fsync failed, else null.
     */
    public String writeRefusal() {
        if (state == State.OFF) {
            return null;
        }
        String error = writeError != null ? writeError : fsyncer != null ? fsyncer.failure() : null;
        return error == null ? null : "MISCONF Errors writing to the AOF file: " + error;
    }

    // ---------------------------------------------------------------- the cron

    /** Each cron: a scheduled or automatic rewrite, a postponed write, a write error retried each second. */
    public void cron() {
        if (rewrite == null && rewriteScheduled && !otherSaveRunning.getAsBoolean() && !rewriteLimited()) {
            startRewrite();
        }
        if (state == State.OFF) {
            return;
        }
        if (state == State.ON && rewrite == null && !otherSaveRunning.getAsBoolean()
                && config.autoAofRewritePercentage > 0 && currentSize > config.autoAofRewriteMinSize) {
            long base = rewriteBaseSize == 0 ? 1 : rewriteBaseSize;
            long growth = currentSize * 100 / base - 100;
            if (growth >= config.autoAofRewritePercentage && !rewriteLimited()) {
                LOG.info("Starting automatic rewriting of AOF on {}% growth", growth);
                startRewrite();
            }
        }
        if (flushPostponedSince != 0 || writeError != null || buffer.isReadable()
                || incrFsyncedSize != incrSize) {
            flush(false);
        }
    }

    /**
     * Redis's {@code aofRewriteLimited}: after three failed rewrites in a row, automatic ones wait 1, 2, 4 ... up to
     * 60 minutes between tries (BGREWRITEAOF still runs at once).
     */
    private boolean rewriteLimited() {
        if (consecutiveFailures < REWRITE_LIMIT_THRESHOLD) {
            limitDelayMinutes = 0;
            limitUntil = 0;
            return false;
        }
        long now = unixtime();
        if (limitUntil != 0) {
            if (now < limitUntil) {
                return true;
            }
            limitUntil = 0;
            return false;
        }
        limitDelayMinutes = Math.min(limitDelayMinutes == 0 ? 1 : limitDelayMinutes * 2, REWRITE_LIMIT_MAX_MINUTES);
        limitUntil = now + limitDelayMinutes * 60L;
        LOG.warn("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {} minutes",
                limitDelayMinutes);
        return true;
    }

    // ---------------------------------------------------------------- rewriting

    public boolean rewriting() {
        return rewrite != null;
    }

    /** BGREWRITEAOF: the status reply, or an error reply starting with "ERR". */
    public String bgrewriteaof(boolean inTransaction) {
        if (rewrite != null) {
            return "ERR Background append only file rewriting already in progress";
        }
        if (otherSaveRunning.getAsBoolean() || inTransaction) {
            rewriteScheduled = true;
            consecutiveFailures = 0;
            return "Background append only file rewriting scheduled";
        }
        if (startRewrite()) {
            return "Background append only file rewriting started";
        }
        return "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
    }

    /** Redis's {@code rewriteAppendOnlyFileBackground}: a new incr file now, then the base in slices. */
    private boolean startRewrite() {
        if (rewrite != null || otherSaveRunning.getAsBoolean()) {
            return false;
        }
        if (manifest == null) {
            manifest = AofManifest.empty(config.appendfilename);
        }
        try {
            Files.createDirectories(directory());
        } catch (IOException e) {
            LOG.warn("Can't open or create append-only dir {}: {}", config.appenddirname, e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        encoder.forgetDatabase();
        flush(true);
        if (!openNewIncr()) {
            lastRewriteOk = false;
            return false;
        }
        rewrites++;
        Path temp = Path.of(config.dir).resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        String baseName = manifest.copy().newBaseName(config.aofUseRdbPreamble);
        Rewrite[] self = new Rewrite[1];
        try {
            RdbFileWriter file = new RdbFileWriter(temp, temp, trailer(), fsyncEvery(),
                    error -> executor.execute(() -> rewriteDone(self[0], error)));
            rewrite = new Rewrite(new RdbSnapshot(keyspace, baseEncoder(), file, config.rdbKeySaveDelay), temp,
                    baseName, System.nanoTime());
            self[0] = rewrite;
        } catch (IOException e) {
            lastRewriteOk = false;
            LOG.warn("Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): {}", e.getMessage());
            return false;
        }
        rewriteScheduled = false;
        Rewrite started = rewrite;
        child = SaveChild.start(executor, signal -> killedBySignal(started, signal));
        LOG.info("Background append only file rewriting started by pid {}",
                child != null ? child.pid() : ProcessHandle.current().pid());
        nextTurn.execute(this::step);
        return true;
    }

    /**
     * Redis's {@code openNewIncrAofForAppend}: the file later writes go to. With the AOF on, a new incr file named in
     * a manifest persisted before it is used; while the first base is being made, a temporary incr file.
     */
    private boolean openNewIncr() {
        if (state == State.OFF) {
            return true;
        }
        AofManifest next = null;
        String name;
        if (state == State.WAIT_REWRITE) {
            name = AofFileNames.tempIncr(config.appendfilename);
        } else {
            next = manifest.copy();
            name = next.newIncrName();
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(directory().resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Can't open the append-only file {}: {}", name, e.getMessage());
            return false;
        }
        if (next != null) {
            try {
                persist(next);
            } catch (IOException e) {
                closeQuietly(ch);
                return false;
            }
        }
        LOG.info("Creating AOF incr file {} on background rewrite", name);
        if (incr != null) {
            fsyncer().fsyncAndClose(incr);
            lastFsyncSecond = unixtime();
        }
        incr = ch;
        incrSize = 0;
        incrFsyncedSize = 0;
        if (next != null) {
            manifest = next;
        }
        return true;
    }

    private void step() {
        Rewrite r = rewrite;
        if (r == null) {
            return;
        }
        try {
            if (!r.snapshot().step(config.snapshotSliceMicros * 1000)) {
                nextTurn.execute(this::step);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Background AOF rewrite error: {}", e.toString());
            r.snapshot().abort();
        }
    }

    /** The stand-in child was killed: the rewrite is abandoned as Redis abandons one whose child died. */
    private void killedBySignal(Rewrite r, int signal) {
        if (r != rewrite) {
            return;
        }
        rewrite = null;
        child = null;
        r.snapshot().abort();
        lastRewriteSeconds = (System.nanoTime() - r.startNanos()) / 1_000_000_000;
        if (signal != RdbSaver.SIGUSR1) {
            lastRewriteOk = false;
            consecutiveFailures++;
        }
        LOG.warn("Background AOF rewrite terminated by signal {}", signal);
        afterRewrite(r);
    }

    private void releaseChild() {
        if (child != null) {
            child.release();
            child = null;
        }
    }

    /** SAVE while a rewrite runs: the rewrite's base is finished first, in the foreground. */
    public void finishRewriteNow() {
        Rewrite r = rewrite;
        if (r == null) {
            return;
        }
        try {
            r.snapshot().runToEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Redis's {@code backgroundRewriteDoneHandler}: the new base and incr files take their place, or the try failed. */
    private void rewriteDone(Rewrite r, String error) {
        if (r == null || r != rewrite) {
            return;
        }
        rewrite = null;
        releaseChild();
        lastCowBytes = r.snapshot().earlyBytes();
        lastRewriteSeconds = (System.nanoTime() - r.startNanos()) / 1_000_000_000;
        if (error != null) {
            LOG.warn("Background AOF rewrite terminated with error");
            lastRewriteOk = false;
            consecutiveFailures++;
            afterRewrite(r);
            return;
        }
        LOG.info("Successfully created the temporary AOF base file {}", r.temp().getFileName());
        LOG.info("Background AOF rewrite terminated with success");
        if (!install(r)) {
            lastRewriteOk = false;
            consecutiveFailures++;
            afterRewrite(r);
            return;
        }
        deleteHistory();
        lastRewriteOk = true;
        consecutiveFailures = 0;
        LOG.info("Background AOF rewrite finished successfully");
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
        }
        afterRewrite(r);
    }

    /** Moves the new base (and the temporary incr file) into the manifest; false, nothing changed, on failure. */
    private boolean install(Rewrite r) {
        AofManifest next = manifest.copy();
        String baseName = next.newBaseName(config.aofUseRdbPreamble);
        Path base = directory().resolve(baseName);
        try {
            move(r.temp(), base);
        } catch (IOException e) {
            LOG.warn("Error trying to rename the temporary AOF base file {} into {}: {}", r.temp().getFileName(),
                    base, e.getMessage());
            return false;
        }
        LOG.info("Successfully renamed the temporary AOF base file {} into {}", r.temp().getFileName(), baseName);
        Path newIncr = null;
        if (state == State.WAIT_REWRITE) {
            String tempName = AofFileNames.tempIncr(config.appendfilename);
            String incrName = next.newIncrName();
            newIncr = directory().resolve(incrName);
            try {
                move(directory().resolve(tempName), newIncr);
            } catch (IOException e) {
                LOG.warn("Error trying to rename the temporary AOF incr file {} into {}: {}",
                        directory().resolve(tempName), newIncr, e.getMessage());
                deleteQuietly(base);
                return false;
            }
            LOG.info("Successfully renamed the temporary AOF incr file {} into {}", tempName, incrName);
        }
        next.markRewrittenIncrsAsHistory(incr != null);
        try {
            persist(next);
        } catch (IOException e) {
            deleteQuietly(base);
            if (newIncr != null) {
                deleteQuietly(newIncr);
            }
            return false;
        }
        manifest = next;
        if (state != State.OFF) {
            currentSize = sizeOf(baseName) + incrSize;
            rewriteBaseSize = currentSize;
        }
        return true;
    }

    private void afterRewrite(Rewrite r) {
        deleteQuietly(r.temp());
        if (state == State.WAIT_REWRITE) {
            buffer.clear();
            String temp = AofFileNames.tempIncr(config.appendfilename);
            LOG.info("Removing the temp incr aof file {} in the background", temp);
            if (incr != null) {
                closeQuietly(incr);
                incr = null;
            }
            incrSize = 0;
            incrFsyncedSize = 0;
            deleteQuietly(directory().resolve(temp));
            rewriteScheduled = true;
        }
    }

    /** Redis's {@code aofDelHistoryFiles}, unless {@code aof-disable-auto-gc} (also run when that is turned off). */
    public void deleteHistory() {
        if (config.aofDisableAutoGc || manifest == null || manifest.history().isEmpty()) {
            return;
        }
        for (AofFile f : manifest.history()) {
            LOG.info("Removing the history file {} in the background", f.name());
            unlinkInBackground(directory().resolve(f.name()));
        }
        manifest.clearHistory();
        try {
            persist(manifest);
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the hook

    public void beforeWrite(Database db, KeyEntry e) {
        if (rewrite != null) {
            rewrite.snapshot().beforeWrite(db, e);
        }
    }

    public void beforeReplaceAll(Database db) {
        if (rewrite != null) {
            rewrite.snapshot().beforeReplaceAll(db);
        }
    }

    // ---------------------------------------------------------------- on and off

    /** {@code CONFIG SET appendonly yes}: null, or the CONFIG SET error. */
    public String enable(boolean inTransaction) {
        if (state != State.OFF) {
            return null;
        }
        state = State.WAIT_REWRITE;
        feeding.accept(true);
        if (otherSaveRunning.getAsBoolean()) {
            rewriteScheduled = true;
            LOG.warn("AOF was enabled but there is already another background operation. An AOF background was "
                    + "scheduled to start when possible.");
        } else if (inTransaction) {
            rewriteScheduled = true;
            LOG.warn("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
        } else if (!startRewrite()) {
            state = State.OFF;
            feeding.accept(false);
            LOG.warn("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the "
                    + "above logs for more info about the error.");
            return "Unable to turn on AOF. Check server logs.";
        }
        lastFsyncSecond = unixtime();
        if (fsyncer != null && fsyncer.failure() != null) {
            LOG.warn("AOF reopen, just ignore the AOF fsync error in bio job");
            fsyncer.clearFailure();
        }
        if (writeError != null) {
            LOG.warn("AOF reopen, just ignore the last error.");
            writeError = null;
        }
        return null;
    }

    /** {@code CONFIG SET appendonly no}: the buffer written and fsynced, the file closed, any rewrite killed. */
    public void disable() {
        if (state == State.OFF) {
            return;
        }
        flush(true);
        if (incr != null) {
            try {
                incr.force(false);
                lastFsyncSecond = unixtime();
            } catch (IOException e) {
                LOG.warn("Fail to fsync the AOF file: {}", e.getMessage());
            }
            closeQuietly(incr);
            incr = null;
        }
        encoder.forgetDatabase();
        state = State.OFF;
        feeding.accept(false);
        rewriteScheduled = false;
        incrSize = 0;
        incrFsyncedSize = 0;
        killRewrite();
        buffer.clear();
    }

    private void killRewrite() {
        Rewrite r = rewrite;
        if (r == null) {
            return;
        }
        LOG.info("Killing running AOF rewrite child: {}", child != null ? child.pid() : ProcessHandle.current().pid());
        rewrite = null;
        releaseChild();
        r.snapshot().abort();
        deleteQuietly(r.temp());
        if (state == State.WAIT_REWRITE) {
            deleteQuietly(directory().resolve(AofFileNames.tempIncr(config.appendfilename)));
        }
    }

    /**
     * Shutdown: a rewrite is abandoned (the files already hold everything), the buffer written and fsynced. False
     * while the very first base is still being written and {@code force} was not given: exiting then would lose the
     * dataset.
     */
    public boolean shutdown(boolean force) {
        if (state == State.OFF) {
            return true;
        }
        if (rewrite != null) {
            if (state == State.WAIT_REWRITE) {
                if (!force) {
                    LOG.warn("Writing initial AOF, can't exit.");
                    return false;
                }
                LOG.warn("Writing initial AOF. Exit anyway.");
            }
            LOG.warn("There is a child rewriting the AOF. Killing it!");
            killRewrite();
        }
        LOG.info("Calling fsync() on the AOF file.");
        flush(true);
        if (incr != null) {
            try {
                incr.force(false);
            } catch (IOException e) {
                LOG.warn("Fail to fsync the AOF file: {}.", e.getMessage());
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- files

    /** Redis's {@code persistAofManifest}: written only when it changed since it was last written. */
    private void persist(AofManifest m) throws IOException {
        if (!m.dirty()) {
            return;
        }
        try {
            AofManifestFile.writeAtomically(directory(), AofFileNames.manifest(config.appendfilename), m.format());
            m.markPersisted();
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
            throw e;
        }
    }

    private long sizeOf(String name) {
        try {
            return Files.size(directory().resolve(name));
        } catch (IOException e) {
            LOG.warn("Unable to obtain the AOF file {} length. stat: {}", name, e.getMessage());
            return 0;
        }
    }

    private long filesSize(AofManifest m) {
        long total = m.base() == null ? 0 : sizeOf(m.base().name());
        for (AofFile f : m.incrs()) {
            total += sizeOf(f.name());
        }
        return total;
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        RdbFileWriter.fsyncDirectory(to.toAbsolutePath().getParent());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover file is found and removed by the next rewrite or start
        }
    }

    /**
     * Redis's {@code bg_unlink}: the file is opened, deleted, and its last descriptor closed by the background thread,
     * which is where the filesystem frees its blocks.
     */
    private void unlinkInBackground(Path p) {
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ);
        } catch (IOException e) {
            deleteQuietly(p);
            return;
        }
        deleteQuietly(p);
        fsyncer().closeLater(ch);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more can be done for a file that is being dropped
        }
    }

    // ---------------------------------------------------------------- INFO persistence

    public boolean enabled() {
        return state != State.OFF;
    }

    public boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    public long lastRewriteSeconds() {
        return lastRewriteSeconds;
    }

    public long currentRewriteSeconds() {
        return rewrite == null ? -1 : (System.nanoTime() - rewrite.startNanos()) / 1_000_000_000;
    }

    public boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public long rewrites() {
        return rewrites;
    }

    public long consecutiveFailures() {
        return consecutiveFailures;
    }

    /** INFO's {@code aof_last_write_status}: the last write and background fsync both succeeded. */
    public boolean lastWriteOk() {
        return writeError == null && (fsyncer == null || fsyncer.failure() == null);
    }

    public long lastCowBytes() {
        return lastCowBytes;
    }

    public long currentSize() {
        return currentSize;
    }

    public long baseSize() {
        return rewriteBaseSize;
    }

    public int bufferLength() {
        return buffer.readableBytes();
    }

    public int pendingFsyncs() {
        return fsyncer == null ? 0 : fsyncer.pending();
    }

    public long delayedFsyncs() {
        return delayedFsyncs;
    }

    /** The running rewrite's progress, for INFO's {@code current_*} fields (as RdbSaver's for a BGSAVE). */
    public long currentCowBytes() {
        return rewrite == null ? 0 : rewrite.snapshot().earlyBytes();
    }

    public long currentCowPeak() {
        return rewrite == null ? 0 : rewrite.snapshot().peakHeldBytes();
    }

    public long keysProcessed() {
        return rewrite == null ? 0 : rewrite.snapshot().keysSaved();
    }

    public long keysTotal() {
        return rewrite == null ? 0 : rewrite.snapshot().keysTotal();
    }

    public double progressPercent() {
        long total = keysTotal();
        return total == 0 ? 0 : 100.0 * keysProcessed() / total;
    }
}
