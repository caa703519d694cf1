package io.redjay.persistence.rdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The disk side of a snapshot, on a thread of its own: the executor encodes keys into chunks and offers them here;
 * this thread compresses the strings the encoder left marked ({@link ChunkCompressor}), computes the CRC-64, writes
 * the bytes to a temporary file, and at the end appends the checksum,
 * fsyncs, renames the file over the target and fsyncs the directory, the sequence Redis follows so that a crash at
 * any point leaves either the old file or the new one, never a torn one.
 *
 * <p>The bytes usually go to a file ({@link #RdbFileWriter(Path, Path, Trailer, long, Consumer)}); a diskless
 * replication sync gives a {@link Sink} of its own that streams them to replicas' sockets instead.
 *
 * <p>The queue between the two is bounded: when the disk is slower than the encoder, {@link #offer} refuses and the
 * snapshot takes its next slice later, so a slow disk slows the snapshot, never the clients, and the memory in flight
 * stays at {@value #QUEUE_CHUNKS} chunks.
 */
public final class RdbFileWriter {
    static final int QUEUE_CHUNKS = 16;
    private static final RdbChunk END = new RdbChunk(new byte[0], 0, new int[0]);
    /** The size of the arrays chunks are built in and recycled as (larger ones, for huge values, are not kept). */
    static final int CHUNK_ARRAY = RdbSnapshot.CHUNK_BYTES * 2;

    /** What follows the last chunk: RDB's eight-byte checksum (zero when not computed), or nothing (an AOF base). */
    public enum Trailer { CRC64, ZERO, NONE }

    /** {@code rdb-save-incremental-fsync} and {@code aof-rewrite-incremental-fsync}: an fsync per 4 MB, as Redis. */
    public static final long INCREMENTAL_FSYNC_BYTES = 4L << 20;

    /** Where the snapshot's bytes go; every call is made on the writer's thread, which may block in them. */
    public interface Sink {
        void write(ByteBuffer bytes) throws IOException;

        /** Every byte, trailer included, has been written: make the result whole (durable, in place, ended). */
        void complete() throws IOException;

        /** The snapshot failed or was abandoned: undo what can be undone. */
        void discard();
    }

    private final Sink sink;
    private final boolean checksum;
    private final Trailer trailer;
    private final BlockingQueue<RdbChunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final ChunkCompressor compressor = new ChunkCompressor();
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE_CHUNKS + 4);
    private final Thread thread;
    private volatile boolean aborted;
    /** The disk thread has ended (done, failed or aborted): nothing will take from the queue any more. */
    private volatile boolean stopped;
    private volatile long written;
    private volatile long taken;

    /**
     * Starts writing to {@code temp}; {@code done} receives null on success or the failure's message, on the writer
     * thread (the caller hands it back to the executor).
     */
    public RdbFileWriter(Path target, Path temp, boolean checksum, Consumer<String> done) throws IOException {
        this(target, temp, checksum ? Trailer.CRC64 : Trailer.ZERO, 0, done);
    }

    /**
     * As above, with the file's trailer chosen and, when {@code fsyncEvery} is positive, an fsync each time that many
     * more bytes are written (so the kernel never holds a large dirty backlog that one final fsync must flush at once).
     * A {@code target} equal to {@code temp} leaves the file where it is, for the caller to move.
     */
    public RdbFileWriter(Path target, Path temp, Trailer trailer, long fsyncEvery, Consumer<String> done)
            throws IOException {
        this(new FileSink(target, temp, fsyncEvery), trailer, done);
    }

    /** Writes to {@code sink}; {@code done} as above. */
    public RdbFileWriter(Sink sink, Trailer trailer, Consumer<String> done) {
        this.sink = sink;
        this.trailer = trailer;
        this.checksum = trailer == Trailer.CRC64;
        this.thread = new Thread(() -> {
            String outcome = run();
            stopped = true;
            done.accept(outcome);
        }, "redjay-rdb-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a chunk to the disk thread; false when the queue is full (try again later). */
    public boolean offer(RdbChunk chunk) {
        return queue.offer(chunk);
    }

    /** An array a written chunk no longer needs, to build the next one in; a new one when none is free. */
    public byte[] recycled() {
        byte[] b = free.poll();
        return b != null ? b : new byte[CHUNK_ARRAY];
    }

    /**
     * Hands a chunk to the disk thread, waiting for room; false, dropping it, once the disk thread has ended (a
     * write failed: it has reported why, and waiting would hang the caller).
     */
    public boolean put(RdbChunk chunk) throws InterruptedException {
        while (!queue.offer(chunk, 10, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                return false;
            }
        }
        return true;
    }

    /** Ends the file: everything offered so far, then the checksum, fsync and rename. Waits for queue room. */
    public void finish() throws InterruptedException {
        put(END);
    }

    /** Stops and deletes the temporary file (a killed or failed snapshot). */
    public void abort() {
        aborted = true;
        queue.offer(END);
    }

    /** Encoded bytes this thread has taken from the queue (before compression): what no longer waits in memory. */
    public long taken() {
        return taken;
    }

    /** Bytes written so far (INFO, logs). */
    public long written() {
        return written;
    }

    private String run() {
        long crc = 0;
        try {
            while (true) {
                RdbChunk chunk = queue.take();
                if (aborted) {
                    sink.discard();
                    return "aborted";
                }
                if (chunk == END) {
                    break;
                }
                RdbOutput.View bytes = compressor.compress(chunk);
                taken += chunk.length();
                if (checksum) {
                    crc = Crc64.update(crc, bytes.array(), 0, bytes.length());
                }
                sink.write(ByteBuffer.wrap(bytes.array(), 0, bytes.length()));
                written += bytes.length();
                if (chunk.bytes().length == CHUNK_ARRAY) {
                    free.offer(chunk.bytes());
                }
            }
            if (trailer != Trailer.NONE) {
                ByteBuffer end = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                end.putLong(checksum ? crc : 0).flip();
                sink.write(end);
            }
            sink.complete();
        } catch (IOException e) {
            sink.discard();
            return e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            sink.discard();
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    /** Makes a rename durable: fsync of the directory that holds the file, as Redis does after rename(2). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * The file sink: a temporary file, fsynced every {@code fsyncEvery} bytes when positive and at the end, then
     * renamed over the target and the directory fsynced, the sequence Redis follows. A target equal to the
     * temporary file leaves it in place.
     */
    private static final class FileSink implements Sink {
        private final Path target;
        private final Path temp;
        private final long fsyncEvery;
        private final FileChannel ch;
        private long written;
        private long fsyncedAt;

        FileSink(Path target, Path temp, long fsyncEvery) throws IOException {
            this.target = target;
            this.temp = temp;
            this.fsyncEvery = fsyncEvery;
            this.ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            written += b.remaining();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (fsyncEvery > 0 && written - fsyncedAt >= fsyncEvery) {
                ch.force(false);
                fsyncedAt = written;
            }
        }

        @Override
        public void complete() throws IOException {
            ch.force(true);
            ch.close();
            if (target.equals(temp)) {
                return;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(target.toAbsolutePath().getParent());
        }

        @Override
        public void discard() {
            try {
                ch.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the failure being reported matters more than a leftover temp file
            }
        }
    }
}
