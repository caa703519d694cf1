package io.redjay.persistence;

import io.redjay.config.Config;
import io.redjay.keyspace.Keyspace;
import io.redjay.persistence.rdb.EncodingLimits;
import io.redjay.persistence.rdb.KeyspaceLoader;
import io.redjay.persistence.rdb.ParallelChecksum;
import io.redjay.persistence.rdb.RdbException;
import io.redjay.persistence.rdb.RdbReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The start-up load of {@code dump.rdb} or of the append-only files, done while the server already accepts connections, as Redis does: clients
 * that connect during a long load are answered {@code -LOADING} (only the commands flagged {@code loading} run), the
 * cron keeps running, and INFO reports the progress.
 *
 * <p>Redis gets there by pausing its load every couple of megabytes to serve events. Redjay splits the work by
 * thread instead, which also uses the second core: a loader thread reads and decodes the file (parsing, LZF,
 * listpack decoding, building each value), and the executor, which owns the keyspace, inserts the decoded keys in
 * slices of {@code snapshot-slice-us} (a millisecond) between its other work. A bounded queue of batches sits
 * between the two, so a reader faster than the executor waits instead of decoding the whole file into memory ahead
 * of it. The executor is woken only when a batch arrives while it is not already draining, so an empty queue costs
 * it nothing.
 *
 * <p>Failures end the load the same way wherever they arise: a corrupt file found by the reader, or a duplicate key
 * found when inserting. The outcome goes to the caller once, on the executor: null for success, or the lines to
 * log before exiting. {@code key-load-delay} slows the reader per key (Redis's test hook), never the executor.
 *
 * <p>What is read is the caller's {@link Reading}: an RDB file, or an AOF's base and incr files, whose commands come
 * through the same queue and are replayed on the executor in file order ({@link Replayer}), with steps the reading
 * asks to run there once everything before them is applied (a file's "loaded" line).
 */
public final class BackgroundLoad {
    private static final int BATCH_KEYS = 256;
    private static final int QUEUED_BATCHES = 32;

    /** What the reader hands over: a decoded key, a database's size hint, a command, or a step. */
    private sealed interface Item {
    }

    private record Replay(byte[][] argv, String file) implements Item {
    }

    private record Step(Runnable task) implements Item {
    }

    /** Where a {@link Reading} puts what it read: keys as an RDB reader delivers them, commands, steps. */
    interface Sink extends RdbReader.Sink {
        /** A command of {@code file}, to replay in order. */
        void command(byte[][] argv, String file) throws RdbException;

        /** {@code task} runs on the executor once everything handed over before it is applied. */
        void then(Runnable task) throws RdbException;
    }

    /** Reads the source into the sink, on the loader thread; returns null, or the lines to log before exiting. */
    interface Reading {
        String read(Sink sink);
    }

    /** Replays one command on the executor; returns null, or the lines to log before exiting. */
    public interface Replayer {
        String replay(byte[][] argv, String file);
    }

    private record Loaded(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int freq)
            implements Item {
    }

    private record Resize(int db, long size, long expiresSize) implements Item {
    }

    /** A library of functions, registered on the executor in file order. */
    private record Library(byte[] code) implements Item {
    }

    /** A run of decoded keys; the last batch carries the outcome (a failure message, or null). */
    private record Batch(List<Item> keys, boolean last, String failure) {
    }

    private final long totalBytes;
    private final Reading reading;
    private final Replayer replayer;
    private final Config config;
    private final LoadProgress progress;
    private final Executor executor;
    private final Executor nextTurn;
    private final KeyspaceLoader loader;
    private final Keyspace keyspace;
    private final Consumer<String> outcome;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong emptySkipped = new AtomicLong();
    private volatile boolean abandoned;
    private boolean ended;

    /**
     * @param executor runs a task on the executor (woken from the loader thread)
     * @param nextTurn runs a task on the executor's next turn, after its pending I/O
     * @param outcome  called once on the executor: null when every key is in, else the failure to report
     */
    BackgroundLoad(Path file, Keyspace keyspace, Config config, LoadProgress progress, Executor executor,
                   Executor nextTurn, Consumer<String> outcome) throws IOException {
        this(Files.size(file), rdbFile(file, keyspace, config, progress), null, true, keyspace, config, progress,
                executor, nextTurn, outcome);
    }

    /**
     * A load of {@code totalBytes} read by {@code reading}, its commands replayed by {@code replayer}; keys already
     * expired are dropped when {@code dropExpired} (an RDB file on a master, not an AOF's preamble).
     */
    BackgroundLoad(long totalBytes, Reading reading, Replayer replayer, boolean dropExpired, Keyspace keyspace,
                   Config config, LoadProgress progress, Executor executor, Executor nextTurn,
                   Consumer<String> outcome) {
        this.totalBytes = totalBytes;
        this.reading = reading;
        this.replayer = replayer;
        this.keyspace = keyspace;
        this.config = config;
        this.progress = progress;
        this.executor = executor;
        this.nextTurn = nextTurn;
        this.outcome = outcome;
        this.loader = new KeyspaceLoader(keyspace, dropExpired);
    }

    KeyspaceLoader loader() {
        return loader;
    }

    void start() {
        progress.start(totalBytes);
        Thread reader = new Thread(this::read, "redjay-loader");
        reader.setDaemon(true);
        reader.start();
    }

    // ---------------------------------------------------------------- the loader thread

    private void read() {
        QueueingSink sink = new QueueingSink();
        sink.end(reading.read(sink));
    }

    /** The reading of one RDB file: its keys, or Redis's failure lines. */
    static Reading rdbFile(Path file, Keyspace keyspace, Config config, LoadProgress progress) {
        return sink -> {
            ParallelChecksum checksum = null;
            try (InputStream in = progress.counting(Files.newInputStream(file))) {
                checksum = ParallelChecksum.start(file, Files.size(file));
                new RdbReader(in, EncodingLimits.of(config), keyspace.databases(), checksum).read(sink);
                return null;
            } catch (RdbException e) {
                return RdbFailure.describe(e, progress.loadedBytes());
            } catch (IOException e) {
                return "Fatal error loading the DB: " + e.getMessage() + ". Exiting.";
            } finally {
                if (checksum != null) {
                    checksum.cancel();
                }
            }
        };
    }

    /** Collects decoded keys into batches and hands each full one to the executor. */
    private final class QueueingSink implements Sink {
        private List<Item> pending = new ArrayList<>(BATCH_KEYS);

        @Override
        public void aux(String name, byte[] value) {
            progress.aux(name, value);
        }

        @Override
        public void resizeDb(int db, long size, long expiresSize) {
            pending.add(new Resize(db, size, expiresSize));
        }

        @Override
        public void key(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int freq)
                throws RdbException {
            delay(config.keyLoadDelay);
            add(new Loaded(db, key, value, expireAtMs, idleSeconds, freq));
        }

        @Override
        public void functionLibrary(byte[] code) throws RdbException {
            add(new Library(code));
        }

        @Override
        public void command(byte[][] argv, String file) throws RdbException {
            delay(config.keyLoadDelay);
            add(new Replay(argv, file));
        }

        @Override
        public void then(Runnable task) throws RdbException {
            add(new Step(task));
        }

        private void add(Item item) throws RdbException {
            pending.add(item);
            if (pending.size() == BATCH_KEYS) {
                if (!hand(new Batch(pending, false, null))) {
                    throw new RdbException("loading abandoned");
                }
                pending = new ArrayList<>(BATCH_KEYS);
            }
        }

        @Override
        public void emptyKeySkipped(int db, byte[] key) {
            progress.emptyKeySkipped(key);
            emptySkipped.incrementAndGet();
        }

        void end(String failure) {
            hand(new Batch(failure == null ? pending : List.of(), true, failure));
        }
    }

    /** Queues a batch, waiting while the queue is full; false once the executor has given the load up. */
    private boolean hand(Batch b) {
        try {
            while (!abandoned) {
                if (queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                    if (draining.compareAndSet(false, true)) {
                        executor.execute(this::drain);
                    }
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Redis's {@code debugDelay}: microseconds per key, or with a negative value a 1-in-N chance of one. */
    private static void delay(int micros) {
        if (micros > 0) {
            LockSupport.parkNanos(micros * 1000L);
        } else if (micros < 0 && ThreadLocalRandom.current().nextInt(-micros) == 0) {
            LockSupport.parkNanos(1000L);
        }
    }

    // ---------------------------------------------------------------- the executor

    /** Inserts queued keys for up to a slice, then yields to the executor's other work. */
    private void drain() {
        long deadline = System.nanoTime() + config.snapshotSliceMicros * 1000;
        while (!ended) {
            Batch b = queue.poll();
            if (b == null) {
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (!apply(b)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                nextTurn.execute(this::drain);
                return;
            }
        }
    }

    private boolean apply(Batch b) {
        try {
            for (Item item : b.keys()) {
                if (item instanceof Loaded k) {
                    loader.key(k.db(), k.key(), k.value(), k.expireAtMs(), k.idleSeconds(), k.freq());
                } else if (item instanceof Resize r) {
                    loader.resizeDb(r.db(), r.size(), r.expiresSize());
                } else if (item instanceof Library lib) {
                    loader.functionLibrary(lib.code());
                } else if (item instanceof Replay c) {
                    String failure = replayer.replay(c.argv(), c.file());
                    if (failure != null) {
                        fail(failure);
                        return false;
                    }
                } else if (item instanceof Step st) {
                    st.task().run();
                }
            }
        } catch (RdbException e) {
            fail(RdbFailure.describe(e, progress.loadedBytes()));
            return false;
        }
        if (b.last()) {
            end(b.failure());
            return false;
        }
        return true;
    }

    private void fail(String failure) {
        abandoned = true;
        queue.clear();
        end(failure);
    }

    private void end(String failure) {
        ended = true;
        progress.finish();
        outcome.accept(failure);
    }

    /**
     * The same reading done now, on the calling thread (the executor: DEBUG LOADAOF, DEBUG RELOAD, a replica's
     * synced file), everything applied as it is read into {@code loader}; with {@code merge} a key already present
     * is replaced by the file's. Returns null, or the failure lines.
     */
    static String loadNow(Reading reading, Replayer replayer, KeyspaceLoader loader, boolean merge, Keyspace keyspace,
                          LoadProgress progress) {
        String[] failure = new String[1];
        Sink direct = new Sink() {
            @Override
            public void aux(String name, byte[] value) {
                progress.aux(name, value);
            }

            @Override
            public void resizeDb(int db, long size, long expiresSize) {
                loader.resizeDb(db, size, expiresSize);
            }

            @Override
            public void functionLibrary(byte[] code) throws RdbException {
                loader.functionLibrary(code, merge);
            }

            @Override
            public void key(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int freq)
                    throws RdbException {
                if (merge) {
                    keyspace.db(db).remove(key);
                }
                loader.key(db, key, value, expireAtMs, idleSeconds, freq);
            }

            @Override
            public void emptyKeySkipped(int db, byte[] key) {
                progress.emptyKeySkipped(key);
                loader.emptyKeySkipped(db, key);
            }

            @Override
            public void command(byte[][] argv, String file) throws RdbException {
                failure[0] = replayer.replay(argv, file);
                if (failure[0] != null) {
                    throw new RdbException("loading abandoned");
                }
            }

            @Override
            public void then(Runnable task) {
                task.run();
            }
        };
        String read = reading.read(direct);
        return failure[0] != null ? failure[0] : read;
    }

    /** Keys whose collection was empty in the file, skipped as Redis skips them. */
    long emptySkipped() {
        return emptySkipped.get();
    }
}
