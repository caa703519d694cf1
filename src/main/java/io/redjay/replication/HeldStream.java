package io.redjay.replication;

/**
 * The replication stream a replica accumulates while its full sync is prepared and sent, to go out after the
 * payload. Under write load during a long sync this reaches hundreds of megabytes, so it is kept in blocks of
 * {@value #BLOCK} bytes that are appended to without ever moving what is already held, and that leave as they are,
 * queued on the connection uncopied ({@link io.redjay.client.Client#sendUncopied}), a few at a time as the socket
 * takes them ({@link ReplicaLink}). A single growing array would copy the whole stream each time it doubled, and
 * handing it all to the transport at once would have it copied into direct memory in one go, on the executor: a
 * stall of seconds for a few hundred megabytes.
 */
final class HeldStream {
    static final int BLOCK = 64 * 1024;

    private final java.util.ArrayDeque<byte[]> blocks = new java.util.ArrayDeque<>();
    private int lastUsed = BLOCK;
    private long size;

    void append(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            if (lastUsed == BLOCK) {
                blocks.add(new byte[BLOCK]);
                lastUsed = 0;
            }
            int n = Math.min(bytes.length - off, BLOCK - lastUsed);
            System.arraycopy(bytes, off, blocks.getLast(), lastUsed, n);
            lastUsed += n;
            off += n;
        }
        size += bytes.length;
    }

    /** A copy of everything held: what a replica joining the same save starts from. */
    HeldStream copy() {
        HeldStream c = new HeldStream();
        for (byte[] b : blocks) {
            c.append(b == blocks.getLast() ? java.util.Arrays.copyOf(b, lastUsed) : b);
        }
        return c;
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Takes the oldest held bytes, a block at most (the newest block is trimmed and closed when it is taken). */
    byte[] take() {
        byte[] b = blocks.poll();
        if (blocks.isEmpty()) {
            b = java.util.Arrays.copyOf(b, lastUsed);
            lastUsed = BLOCK;
        }
        size -= b.length;
        return b;
    }

    long size() {
        return size;
    }

}
