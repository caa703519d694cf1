package io.redjay.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * The replication stream a replica accumulates while its full sync is prepared and sent, to go out after the
 * payload. Under write load during a long sync this reaches hundreds of megabytes, so it is kept in blocks of
 * {@value #BLOCK} bytes that are appended to without ever moving what is already held, and that leave as they are,
 * queued on the connection uncopied ({@link io.redjay.client.Client#sendUncopied}). A single growing array would copy
 * the whole stream each time it doubled, and once more to send it, all on the executor.
 */
final class HeldStream {
    static final int BLOCK = 64 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
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
            System.arraycopy(bytes, off, blocks.get(blocks.size() - 1), lastUsed, n);
            lastUsed += n;
            off += n;
        }
        size += bytes.length;
    }

    /** A copy of everything held: what a replica joining the same save starts from. */
    HeldStream copy() {
        HeldStream c = new HeldStream();
        for (int i = 0; i < blocks.size(); i++) {
            byte[] b = blocks.get(i);
            c.append(i == blocks.size() - 1 ? java.util.Arrays.copyOf(b, lastUsed) : b);
        }
        return c;
    }

    long size() {
        return size;
    }

    /** The held bytes, block by block (the last one trimmed to what it holds). */
    List<byte[]> blocks() {
        List<byte[]> out = new ArrayList<>(blocks);
        if (!out.isEmpty() && lastUsed < BLOCK) {
            out.set(out.size() - 1, java.util.Arrays.copyOf(out.get(out.size() - 1), lastUsed));
        }
        return out;
    }
}
