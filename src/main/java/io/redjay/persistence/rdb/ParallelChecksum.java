package io.redjay.persistence.rdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * The CRC-64 of an RDB file computed on a thread of its own while the file is being loaded. At start-up the
 * loader thread is the bottleneck (parsing, decoding, building every value), and the checksum is about a third of
 * its work; the second core has room for it. So this thread reads the same file from the page cache and checksums
 * everything but its last eight bytes, where a snapshot keeps its stored checksum, and the reader compares at the
 * end marker. Should the snapshot end elsewhere (bytes after the checksum), the range the reader actually consumed
 * is checksummed again before comparing: the answer is the same as computing it inline, only later.
 */
public final class ParallelChecksum {
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final long size;
    private final CompletableFuture<Long> whole = new CompletableFuture<>();
    private volatile boolean cancelled;

    private ParallelChecksum(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    /** Starts checksumming {@code file} ({@code size} bytes) in the background. */
    public static ParallelChecksum start(Path file, long size) {
        ParallelChecksum c = new ParallelChecksum(file, size);
        Thread t = new Thread(() -> {
            try {
                c.whole.complete(c.crcOf(Math.max(0, size - 8)));
            } catch (IOException | RuntimeException e) {
                c.whole.completeExceptionally(e);
            }
        }, "redjay-rdb-checksum");
        t.setDaemon(true);
        t.start();
        return c;
    }

    /** The load ended early: the thread stops at its next chunk. */
    public void cancel() {
        cancelled = true;
    }

    /** The CRC-64 of the file's first {@code length} bytes, waiting for the background thread when it has them. */
    long checksumOf(long length) throws RdbException {
        try {
            if (length == size - 8) {
                return whole.join();
            }
            return crcOf(length);
        } catch (IOException | RuntimeException e) {
            throw new RdbException("Error reading RDB file: " + e.getMessage());
        }
    }

    private long crcOf(long length) throws IOException {
        long crc = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long done = 0;
            while (done < length && !cancelled) {
                buf.clear().limit((int) Math.min(CHUNK, length - done));
                int n = ch.read(buf, done);
                if (n < 0) {
                    throw new IOException("file shorter than expected");
                }
                crc = Crc64.update(crc, buf.array(), 0, n);
                done += n;
            }
        }
        return crc;
    }
}
