package io.redjay.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the server knows of a dataset load while it runs, for INFO persistence's {@code loading} and
 * {@code loading_*} fields, and the header lines Redis logs as a file's AUX fields go by.
 *
 * <p>A start-up load reads the file on a thread of its own while the executor applies what it decoded (see
 * {@link BackgroundLoad}), so the byte count is written by the reading thread and read by INFO on the executor:
 * it is volatile, and nothing else crosses threads. {@code loading_total_bytes} is the file's size; the percentage
 * and the estimate of the time left follow Redis: bytes read against the total, and the time spent so far scaled by
 * the bytes still to read.
 */
public final class LoadProgress {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");

    private volatile boolean active;
    private long startSeconds;
    private long totalBytes;
    private volatile long loadedBytes;
    private volatile long rdbUsedMem;
    private volatile String replId;
    private volatile long replOffset = -1;
    private volatile int replStreamDb;

    void start(long total) {
        startSeconds = System.currentTimeMillis() / 1000;
        totalBytes = total;
        loadedBytes = 0;
        rdbUsedMem = 0;
        replId = null;
        replOffset = -1;
        replStreamDb = 0;
        active = true;
    }

    void finish() {
        active = false;
    }

    /** INFO's {@code loading}: 1 from the start of a load until its last key is in the keyspace. */
    public boolean active() {
        return active;
    }

    public long startSeconds() {
        return startSeconds;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long loadedBytes() {
        return loadedBytes;
    }

    /** The {@code used-mem} the file's writer recorded, once its AUX field has been read. */
    public long rdbUsedMem() {
        return rdbUsedMem;
    }

    public double percent() {
        long whole = totalBytes != 0 ? totalBytes : rdbUsedMem;
        return whole == 0 ? 0 : (double) loadedBytes / whole * 100;
    }

    /** Redis's {@code loading_eta_seconds}: 1 until a byte has been read, then elapsed × remaining / read. */
    public long etaSeconds() {
        long whole = totalBytes != 0 ? totalBytes : rdbUsedMem;
        long read = loadedBytes;
        long remaining = Math.max(0, whole - read);
        long elapsed = System.currentTimeMillis() / 1000 - startSeconds;
        return elapsed == 0 ? 1 : elapsed * remaining / (read + 1);
    }

    /** The file's stream, counted into {@code loading_loaded_bytes} as it is read. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    loadedBytes++;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    loadedBytes += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                loadedBytes += skipped;
                return skipped;
            }
        };
    }

    /** An AUX field of the file being loaded: the three Redis logs, and {@code used-mem} for the progress. */
    void aux(String name, byte[] value) {
        String v = new String(value, StandardCharsets.ISO_8859_1);
        switch (name) {
            case "redis-ver" -> LOG.info("Loading RDB produced by version {}", v);
            case "ctime" -> LOG.info("RDB age {} seconds", System.currentTimeMillis() / 1000 - parse(v));
            case "used-mem" -> {
                rdbUsedMem = parse(v);
                LOG.info("RDB memory usage when created {} Mb",
                        String.format(Locale.ROOT, "%.2f", rdbUsedMem / 1024.0 / 1024.0));
            }
            case "repl-id" -> replId = v;
            case "repl-offset" -> replOffset = parse(v);
            case "repl-stream-db" -> replStreamDb = (int) parse(v);
            default -> { }
        }
    }

    /**
     * The replication ID, offset and stream database the last loaded file recorded ({@code repl-id},
     * {@code repl-offset}, {@code repl-stream-db}): where a restarted server stands in its replication history, so
     * that it can continue partially. Null ID when the file had none.
     */
    public String replId() {
        return replId;
    }

    public long replOffset() {
        return replOffset;
    }

    public int replStreamDb() {
        return replStreamDb;
    }

    /** A key whose collection is empty in the file: skipped, with Redis's warning. */
    void emptyKeySkipped(byte[] key) {
        LOG.warn("rdbLoadObject skipping empty key: {}", new String(key, StandardCharsets.ISO_8859_1));
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
