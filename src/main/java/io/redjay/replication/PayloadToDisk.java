package io.redjay.replication;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The payload written to a temporary file in the data directory, fsynced and renamed over {@code dbfilename} once
 * whole, as Redis's disk-based load does; with the {@code $EOF:} framing the file's tail is compared with the mark
 * after each read and the mark cut off once found.
 */
final class PayloadToDisk implements PayloadReceiver {
    private final Path temp;
    private final Path target;
    private final FileChannel file;
    private final long length;
    private final byte[] mark;
    private long received;

    /** {@code length} for the {@code $<length>} framing, or -1 with the {@code mark} of the {@code $EOF:} one. */
    PayloadToDisk(Path dir, String dbfilename, long length, byte[] mark) throws IOException {
        this.temp = dir.resolve("temp-" + System.currentTimeMillis() / 1000 + "." + ProcessHandle.current().pid()
                + ".rdb");
        this.target = dir.resolve(dbfilename);
        this.length = length;
        this.mark = mark;
        this.file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public boolean take(ByteBuf in) throws IOException {
        int n = in.readableBytes();
        if (length >= 0) {
            n = (int) Math.min(n, length - received);
        }
        ByteBuffer chunk = in.nioBuffer(in.readerIndex(), n);
        while (chunk.hasRemaining()) {
            file.write(chunk);
        }
        in.skipBytes(n);
        received += n;
        if (length >= 0 ? received < length : !endsWithMark()) {
            return false;
        }
        file.force(true);
        file.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private boolean endsWithMark() throws IOException {
        if (received < MARK_LENGTH) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate(MARK_LENGTH);
        file.read(tail, received - MARK_LENGTH);
        if (!Arrays.equals(tail.array(), mark)) {
            return false;
        }
        file.truncate(received - MARK_LENGTH);
        return true;
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public void abandon() {
        try {
            file.close();
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover temp file is harmless: the next sync truncates or replaces it
        }
    }
}
