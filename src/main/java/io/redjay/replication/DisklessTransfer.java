package io.redjay.replication;

import io.netty.buffer.Unpooled;
import io.redjay.client.Connection;
import io.redjay.persistence.rdb.RdbFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A diskless full sync ({@code repl-diskless-sync yes}): the snapshot's bytes go straight to the sockets of the
 * replicas that wait for it, never to {@code dbfilename}. Redis's fork child writes them into a pipe that the parent
 * copies to every replica; here the snapshot's writer thread is that child, and this sink its pipe.
 *
 * <p><b>Framing.</b> The length is not known in advance, so the payload is announced as {@code $EOF:<mark>}, a 40
 * character random mark, and ends with the same 40 bytes (the replica watches the tail of what it reads for them).
 * The announcement is written by the executor, in the turn the snapshot starts, right after {@code +FULLRESYNC};
 * the bytes and the closing mark are written by the writer thread, in order after it.
 *
 * <p><b>Pace.</b> A replica that reads slowly must slow the snapshot, not fill the master's memory: after each
 * chunk the writer waits while any live replica has more than {@value #MAX_IN_FLIGHT} bytes not yet taken by its
 * socket, which stops the writer, fills its bounded queue and so pauses the snapshot's slices, as a full pipe stops
 * Redis's child. A replica whose connection closes is left behind; when none is left the save fails, as Redis
 * kills its child when the last replica drops.
 */
final class DisklessTransfer implements RdbFileWriter.Sink {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final int MARK_LENGTH = 40;
    private static final long MAX_IN_FLIGHT = 4L << 20;
    private static final long WAIT_NANOS = 1_000_000;

    private final List<Connection> targets;
    private final byte[] mark;

    DisklessTransfer(List<Connection> targets) {
        this.targets = new ArrayList<>(targets);
        this.mark = newMark();
    }

    private static byte[] newMark() {
        byte[] random = new byte[MARK_LENGTH];
        new SecureRandom().nextBytes(random);
        byte[] hex = new byte[MARK_LENGTH];
        for (int i = 0; i < MARK_LENGTH; i++) {
            hex[i] = (byte) "0123456789abcdef".charAt(random[i] & 15);
        }
        return hex;
    }

    /** The line that announces the payload, {@code $EOF:<mark>\r\n}. */
    byte[] preamble() {
        return ("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        send(copy);
        for (Connection c : live()) {
            while (c.open() && c.pendingOutputBytes() > MAX_IN_FLIGHT) {
                LockSupport.parkNanos(WAIT_NANOS);
            }
        }
    }

    @Override
    public void complete() throws IOException {
        send(mark);
        LOG.warn("Diskless rdb transfer, done reading from pipe, {} replicas still up.", live().size());
    }

    @Override
    public void discard() {
        // the replicas are disconnected by the master when it learns the transfer failed
    }

    private void send(byte[] bytes) throws IOException {
        List<Connection> up = live();
        if (up.isEmpty()) {
            LOG.warn("Diskless rdb transfer, last replica dropped, killing fork child.");
            throw new IOException("all the replicas dropped");
        }
        for (Connection c : up) {
            c.write(Unpooled.wrappedBuffer(bytes));
        }
    }

    private List<Connection> live() {
        targets.removeIf(c -> !c.open());
        return targets;
    }
}
