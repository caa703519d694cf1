package io.redjay.persistence.aof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The background thread's jobs: fsyncs counted as pending until done, closes of deleted files never. */
class BackgroundFsyncTest {
    private static void awaitClosed(FileChannel ch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ch.isOpen()) {
            assertTrue(System.nanoTime() < deadline, "the channel is closed by the background thread");
            Thread.sleep(1);
        }
    }

    @Test
    void aDeletedFileIsClosedInTheBackgroundWithoutHoldingBackWrites(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.aof");
        Files.write(file, new byte[1 << 20]);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        Files.delete(file);
        BackgroundFsync fsyncer = new BackgroundFsync();
        fsyncer.closeLater(ch);
        assertEquals(0, fsyncer.pending(), "no write is postponed for a close");
        awaitClosed(ch);
        assertNull(fsyncer.failure());
        assertFalse(Files.exists(file));
    }

    @Test
    void anFsyncAndCloseIsPendingUntilDone(@TempDir Path dir) throws Exception {
        FileChannel ch = FileChannel.open(dir.resolve("incr.aof"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(new byte[] {'*', '1', '\r', '\n'}));
        BackgroundFsync fsyncer = new BackgroundFsync();
        fsyncer.fsyncAndClose(ch);
        awaitClosed(ch);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fsyncer.pending() != 0) {
            assertTrue(System.nanoTime() < deadline, "the fsync finishes");
            Thread.sleep(1);
        }
        assertNull(fsyncer.failure());
    }
}
