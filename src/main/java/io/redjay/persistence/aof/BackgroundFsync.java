package io.redjay.persistence.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread that makes appended bytes durable for {@code appendfsync everysec}, Redis's {@code BIO_AOF_FSYNC}
 * worker. An fsync can take hundreds of milliseconds on a busy disk; done on the executor it would stall every
 * client, so the executor only queues it here and goes on. The executor asks {@link #pending} before it writes: on
 * Linux a write(2) to a file being fsynced waits for the fsync, so while one is running the executor postpones its
 * write (for up to two seconds, as Redis does) rather than block behind it.
 *
 * <p>A failed fsync is remembered ({@link #failure}) until the executor clears it: Redis then refuses writes with
 * {@code MISCONF} and reports {@code aof_last_write_status:err}, because the bytes it acknowledged may not be on disk.
 * Closing an old incr file after a rewrite goes through the same queue, after its last fsync, so the switch to a new
 * file never waits for the old one's data to reach the disk. So does the close that frees a deleted history file
 * ({@link #closeLater}): unlinking a file that is still open is instant, and the filesystem only releases its blocks
 * (hundreds of milliseconds for a large base on ext4) when the last descriptor goes, here instead of on the executor.
 */
public final class BackgroundFsync {
    private record Job(FileChannel channel, boolean fsync, boolean close) {
    }

    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile String failure;

    public BackgroundFsync() {
        Thread t = new Thread(this::run, "redjay-aof-fsync");
        t.setDaemon(true);
        t.start();
    }

    /** Queues an fsync of {@code channel}. */
    public void fsync(FileChannel channel) {
        pending.incrementAndGet();
        jobs.add(new Job(channel, true, false));
    }

    /** Queues an fsync of {@code channel}, then its close. */
    public void fsyncAndClose(FileChannel channel) {
        pending.incrementAndGet();
        jobs.add(new Job(channel, true, true));
    }

    /**
     * Queues the close, without an fsync, of a file already deleted. It is not counted in {@link #pending}: no write
     * waits for it.
     */
    public void closeLater(FileChannel channel) {
        jobs.add(new Job(channel, false, true));
    }

    /** Fsyncs queued and not finished (INFO's {@code aof_pending_bio_fsync}). */
    public int pending() {
        return pending.get();
    }

    /** The error of the last failed fsync since {@link #clearFailure}, or null. */
    public String failure() {
        return failure;
    }

    public void clearFailure() {
        failure = null;
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job.fsync()) {
                try {
                    job.channel().force(false);
                    failure = null;
                } catch (IOException e) {
                    failure = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            if (job.close()) {
                try {
                    job.channel().close();
                } catch (IOException ignored) {
                    // the bytes were fsynced or the failure recorded; a close error adds nothing
                }
            }
            if (job.fsync()) {
                pending.decrementAndGet();
            }
        }
    }
}
