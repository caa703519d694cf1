package io.redjay.persistence.rdb;

/**
 * LZF, the compression RDB uses for strings (and DUMP payloads) when {@code rdbcompression yes}: byte-compatible with
 * what Redis's bundled liblzf reads and writes.
 *
 * <p>The format is a sequence of runs, each introduced by a control byte. Below 32 it announces a literal run of
 * control + 1 bytes. Otherwise its top three bits are a match length minus 2 (7 meaning "add the next byte"), and its
 * low five bits with the following byte an offset minus 1 back into the output: at most 8 KB back and 264 bytes long.
 * The compressor finds matches through a table indexed by a hash of the next three bytes, remembering the last
 * position of each; like liblzf it never refers back to the input's first byte. Its output decodes with any LZF
 * decoder (Redis's included) but is not always byte for byte liblzf's, whose hash function differs and which probes
 * every position even through incompressible data.
 */
public final class Lzf {
    private static final int HASH_BITS = 16;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);
    /**
     * After 32 positions in a row without a match, positions are probed ever more sparsely (every 2nd, 3rd, ... up to
     * every 32nd, the bytes between copied as literals), as LZ4 accelerates through incompressible data: random or
     * already-compressed values cost a fraction of a full probe per byte, and compressible data, which matches well
     * within 32 bytes, compresses as before (on C source and JSON, 1 KB values, the output grew by 0.3%). A match
     * resets the pace.
     */
    private static final int SKIP_AFTER_BITS = 5;
    private static final int MAX_STEP = 32;
    /**
     * The match table, one per thread, holding positions on a number line that runs on from one input to the next:
     * each call starts where the last ended, so entries left by earlier inputs lie below the current start and are
     * rejected by one comparison, without clearing 256 KB per string. That keeps the output a function of the input
     * alone (liblzf's depends on whatever its table held before) and keeps the cost of a miss low: a stale entry that
     * fell inside the current input would cost a comparison of unrelated bytes, an unpredictable branch per byte.
     * When the line nears the end of the int range the table is cleared and it starts over.
     */
    private static final class Table {
        final int[] slots = new int[1 << HASH_BITS];
        int next = 1;
    }

    private static final ThreadLocal<Table> TABLE = ThreadLocal.withInitial(Table::new);

    private Lzf() {
    }

    /**
     * Compresses {@code in[0, len)} into {@code out}; returns the compressed length, or 0 when it would not fit in
     * {@code out} (the caller then stores the string uncompressed, as Redis does when compression does not pay).
     */
    public static int compress(byte[] in, int len, byte[] out) {
        return compress(in, 0, len, out, out.length);
    }

    /**
     * Compresses {@code in[from, from + len)} into {@code out[0, limit)}; returns the compressed length, or 0 when
     * it would not fit in {@code limit} bytes.
     */
    public static int compress(byte[] in, int from, int len, byte[] out, int limit) {
        if (len < 3) {
            return literalsOnly(in, from, len, out, limit);
        }
        Table t = TABLE.get();
        if (t.next > Integer.MAX_VALUE - len - 1) {
            java.util.Arrays.fill(t.slots, 0);
            t.next = 1;
        }
        int[] table = t.slots;
        int floor = t.next;
        int base = floor - from;
        t.next += len + 1;
        int end = from + len;
        int ip = from;
        int op = 0;
        int pendingFrom = from;
        int misses = 0;
        while (ip < end - 2) {
            int h = hash(in, ip);
            int seen = table[h];
            table[h] = ip + base;
            int ref = seen - base;
            int off = ip - ref - 1;
            if (seen > floor && off < MAX_OFFSET && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]
                    && in[ref + 2] == in[ip + 2]) {
                int maxLen = Math.min(MAX_REF, end - ip);
                int l = 3;
                while (l < maxLen && in[ref + l] == in[ip + l]) {
                    l++;
                }
                op = literals(in, pendingFrom, ip - pendingFrom, out, op, limit);
                if (op < 0 || op + 3 > limit) {
                    return 0;
                }
                int code = l - 2;
                if (code < 7) {
                    out[op++] = (byte) ((code << 5) + (off >>> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) + (off >>> 8));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) off;
                misses = 0;
                int matchEnd = ip + l;
                ip++;
                while (ip < matchEnd) {
                    if (ip < end - 2) {
                        table[hash(in, ip)] = ip + base;
                    }
                    ip++;
                }
                pendingFrom = ip;
                continue;
            }
            misses++;
            ip += Math.min(MAX_STEP, 1 + (misses >>> SKIP_AFTER_BITS));
            int pending = ip - pendingFrom;
            if (op + pending + (pending + MAX_LITERAL - 1) / MAX_LITERAL > limit) {
                return 0;
            }
        }
        op = literals(in, pendingFrom, end - pendingFrom, out, op, limit);
        return Math.max(op, 0);
    }

    /** Writes {@code n} literal bytes as runs of at most 32, each after its control byte; -1 if over the limit. */
    private static int literals(byte[] in, int from, int n, byte[] out, int op, int limit) {
        while (n > 0) {
            int run = Math.min(MAX_LITERAL, n);
            if (op + 1 + run > limit) {
                return -1;
            }
            out[op++] = (byte) (run - 1);
            System.arraycopy(in, from, out, op, run);
            op += run;
            from += run;
            n -= run;
        }
        return op;
    }

    private static int literalsOnly(byte[] in, int from, int len, byte[] out, int limit) {
        if (len == 0 || limit < len + 1) {
            return 0;
        }
        out[0] = (byte) (len - 1);
        System.arraycopy(in, from, out, 1, len);
        return len + 1;
    }

    private static int hash(byte[] b, int i) {
        int v = ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /**
     * Decompresses {@code in[0, inLen)} into {@code out}, which must be exactly the original length (RDB stores it);
     * returns false for data that is not valid LZF of that length (a corrupt file or payload), never throwing.
     */
    public static boolean decompress(byte[] in, int inLen, byte[] out) {
        int ip = 0;
        int op = 0;
        while (ip < inLen) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int n = ctrl + 1;
                if (op + n > out.length || ip + n > inLen) {
                    return false;
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
                continue;
            }
            int l = ctrl >>> 5;
            if (l == 7) {
                if (ip >= inLen) {
                    return false;
                }
                l += in[ip++] & 0xff;
            }
            if (ip >= inLen) {
                return false;
            }
            int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
            l += 2;
            if (ref < 0 || op + l > out.length) {
                return false;
            }
            for (int k = 0; k < l; k++) {
                out[op++] = out[ref++];
            }
        }
        return op == out.length;
    }
}
