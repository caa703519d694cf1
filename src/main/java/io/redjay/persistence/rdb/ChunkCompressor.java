package io.redjay.persistence.rdb;

/**
 * Gives a chunk's marked strings their final form, on the file's thread: each one LZF-compressed when that pays,
 * exactly as {@link RdbEncoder} would have written it inline, the bytes around them copied through.
 *
 * <p>This is the expensive half of encoding values (LZF reads every byte of every long string), and the reason it
 * is separate: the executor, which has to walk the keyspace between client commands, writes plain strings, and the
 * second core compresses them while the executor serves clients. A chunk without marks passes through untouched.
 * Not thread-safe: one per file writer, whose scratch buffers it reuses.
 */
final class ChunkCompressor {
    /**
     * The chunk with its strings compressed, in its own array (the result is never longer than the original: a
     * string is compressed only when that shrinks it).
     */
    RdbChunk compressInPlace(RdbChunk chunk) {
        if (chunk.spans().length == 0) {
            return chunk;
        }
        RdbOutput.View v = compress(chunk);
        System.arraycopy(v.array(), 0, chunk.bytes(), 0, v.length());
        return new RdbChunk(chunk.bytes(), v.length(), NO_SPANS);
    }

    private static final int[] NO_SPANS = new int[0];

    private final RdbOutput out = new RdbOutput(RdbSnapshot.CHUNK_BYTES * 2);
    private byte[] scratch = new byte[64];

    /** The chunk's final bytes: its own array when nothing is marked, else a buffer valid until the next call. */
    RdbOutput.View compress(RdbChunk chunk) {
        byte[] b = chunk.bytes();
        int[] spans = chunk.spans();
        if (spans.length == 0) {
            return new RdbOutput.View(b, chunk.length());
        }
        out.reset();
        int from = 0;
        for (int i = 0; i < spans.length; i += 3) {
            int header = spans[i];
            int data = spans[i + 1];
            int len = spans[i + 2];
            out.write(b, from, header - from);
            if (scratch.length < len) {
                scratch = new byte[Math.max(len, scratch.length * 2)];
            }
            if (!RdbEncoder.compressed(out, b, data, len, scratch)) {
                out.write(b, header, data + len - header);
            }
            from = data + len;
        }
        out.write(b, from, chunk.length() - from);
        return new RdbOutput.View(out.array(), out.size());
    }
}
