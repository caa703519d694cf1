package io.redjay.replication;

import io.redjay.client.Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One replica as its master sees it: the client it connected as, what it announced with REPLCONF, where it stands in
 * a sync, and the offset it last acknowledged. Everything it receives goes through the client's own output, in
 * order: the {@code +FULLRESYNC} line, the RDB, the stream buffered while the RDB was made, then the live stream.
 */
public final class ReplicaLink {
    /** Redis's replica states, as INFO shows them. */
    public enum State { WAIT_START, WAIT_END, ONLINE }

    private final Client client;
    private State state = State.WAIT_START;
    private int listeningPort;
    private String announcedIp;
    private boolean psync;
    private long ackOffset;
    private long ackSeconds = System.currentTimeMillis() / 1000;
    private HeldStream pending;
    private byte[] fullResyncLine;
    /** Announced {@code REPLCONF capa eof}: it can read a diskless payload. */
    private boolean capaEof;
    /** When it began waiting for a save to start (Redis's idle time of a replica in {@code wait_bgsave}). */
    private long waitingSinceSeconds;
    /** During a diskless payload: the output still unsent at the last check, and since when it has not shrunk. */
    private long lastUnsent;
    private long stalledSinceSeconds;

    /**
     * Whether a diskless payload has made no progress to this replica's socket for more than {@code timeout}
     * seconds (Redis's {@code repl_last_partial_write} check): a stopped replica must not hold the transfer forever.
     */
    boolean payloadStalled(long now, long timeout) {
        long unsent = client.connection().pendingOutputBytes();
        if (unsent == 0 || unsent < lastUnsent) {
            stalledSinceSeconds = 0;
        } else if (stalledSinceSeconds == 0) {
            stalledSinceSeconds = now;
        }
        lastUnsent = unsent;
        return stalledSinceSeconds != 0 && now - stalledSinceSeconds > timeout;
    }

    /** A diskless payload was sent: the stream starts at its first acknowledgement (Redis waits likewise). */
    private boolean streamOnAck;

    ReplicaLink(Client client) {
        this.client = client;
    }

    public Client client() {
        return client;
    }

    public State state() {
        return state;
    }

    void listeningPort(int port) {
        this.listeningPort = port;
    }

    void announcedIp(String ip) {
        this.announcedIp = ip;
    }

    void capa(String capability) {
        if (capability.equalsIgnoreCase("eof")) {
            capaEof = true;
        }
    }

    boolean capaEof() {
        return capaEof;
    }

    long waitingSinceSeconds() {
        return waitingSinceSeconds;
    }

    /** The replica's address as INFO and the log name it: its IP (or announced IP) and its listening port. */
    public String ip() {
        if (announcedIp != null) {
            return announcedIp;
        }
        String remote = client.connection().remoteAddress();
        int colon = remote.lastIndexOf(':');
        return colon < 0 ? remote : remote.substring(0, colon);
    }

    public int port() {
        return listeningPort;
    }

    /** As Redis's {@code replicationGetSlaveName}: {@code ip:port}, the port unknown until REPLCONF gives it. */
    String name() {
        return ip() + ":" + (listeningPort == 0 ? "<unknown-replica-port>" : Integer.toString(listeningPort));
    }

    public long ackOffset() {
        return ackOffset;
    }

    public long lagSeconds() {
        return System.currentTimeMillis() / 1000 - ackSeconds;
    }

    long ackSeconds() {
        return ackSeconds;
    }

    /** A PSYNC replica acknowledges every second; one that used SYNC (redis-cli --replica) never does. */
    boolean sendsAcks() {
        return psync;
    }

    /**
     * Joins the save {@code other} waits for: the same snapshot and offset, and a copy of what it buffered since,
     * as Redis copies the output buffer of a replica already registering differences.
     */
    void attachTo(ReplicaLink other) {
        if (psync) {
            client.reply().raw(other.fullResyncLine);
        }
        fullResyncLine = other.fullResyncLine;
        pending = other.pending.copy();
        client.heldOutput(pending.size());
        state = State.WAIT_END;
    }

    void acked(long offset, long seconds) {
        ackOffset = Math.max(ackOffset, offset);
        ackSeconds = seconds;
        if (streamOnAck) {
            streamOnAck = false;
            startStream();
        }
    }

    /** A full sync begins: the replica waits for a save to start. */
    void fullSync(boolean psync) {
        this.psync = psync;
        state = State.WAIT_START;
        pending = null;
        waitingSinceSeconds = System.currentTimeMillis() / 1000;
    }

    /** The save for this replica started at {@code offset}: the reply, then the stream is buffered until the RDB. */
    void saveStarted(String replid, long offset) {
        fullResyncLine = ("+FULLRESYNC " + replid + " " + offset + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (psync) {
            client.reply().raw(fullResyncLine);
        }
        pending = new HeldStream();
        state = State.WAIT_END;
    }

    /** A partial resync: the reply and the missing bytes, then the live stream. */
    void continueFrom(String replid, byte[] missing) {
        client.reply().raw(("+CONTINUE " + replid + "\r\n").getBytes(StandardCharsets.US_ASCII));
        client.reply().raw(missing);
        state = State.ONLINE;
    }

    /**
     * Stream bytes: buffered while the RDB is being made (and until a diskless one is acknowledged), then sent after
     * what was buffered.
     */
    void send(byte[] bytes) {
        if (state == State.WAIT_END || streamOnAck || pending != null) {
            pending.append(bytes);
            client.heldOutput(pending.size());
            drain();
        } else {
            client.reply().raw(bytes);
        }
    }

    /** The RDB is on disk: {@code $<length>}, the file, the buffered stream; the replica is online. */
    void sendSnapshot(Path file, long length) throws IOException {
        client.reply().raw(("$" + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        client.flush();
        client.connection().sendFile(file, length);
        startStream();
    }

    /** A diskless sync: the payload follows on the writer's thread, after this announcement. */
    void sendPreamble(byte[] preamble) {
        client.reply().raw(preamble);
        client.flush();
    }

    /**
     * The diskless payload has been written: the replica is online, and its stream starts with its first
     * acknowledgement, so that nothing follows the payload's closing mark until the replica has found it.
     */
    void payloadSent(long seconds) {
        state = State.ONLINE;
        ackSeconds = seconds;
        streamOnAck = true;
    }

    private void startStream() {
        state = State.ONLINE;
        drain();
    }

    /**
     * Once online, the buffered stream goes out a block at a time while the connection has less than
     * {@value #DRAIN_AHEAD} bytes unsent; called as the stream grows and from the cron, until it is all sent and
     * the replica gets the stream directly.
     */
    /** Sends what it can of the buffered stream; true while some is still buffered. */
    boolean drain() {
        if (pending == null || state != State.ONLINE || streamOnAck) {
            return pending != null;
        }
        boolean sent = false;
        long ahead = client.connection().pendingOutputBytes();
        while (!pending.isEmpty() && ahead < DRAIN_AHEAD) {
            byte[] block = pending.take();
            client.sendUncopied(block);
            ahead += block.length;
            sent = true;
        }
        client.heldOutput(pending.size());
        if (pending.isEmpty()) {
            pending = null;
        }
        if (sent) {
            client.flush();
        }
        return pending != null;
    }

    private static final long DRAIN_AHEAD = 8L << 20;
}
