package io.redjay.persistence.aof;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the commands of an AOF file (a whole incr or base file, or the tail after an RDB preamble) the way Redis's
 * {@code loadSingleAppendOnlyFile} does, and tells a clean end from a cut-off command from garbage.
 *
 * <p><b>The format as Redis reads it.</b> Input is taken in {@code fgets} pieces of at most 1023 bytes ending at
 * a newline. A piece starting with {@code #} is an annotation and skipped; one starting with {@code *<argc>} starts
 * a command of {@code argc} arguments, each a {@code $<len>} piece, {@code len} bytes and two more bytes that are
 * discarded unread. Numbers are read as {@code atoi}/{@code strtol} read them (leading blanks, stop at the first
 * non-digit). Anything else, or {@code argc < 1}, is bad format; reaching the end of the input anywhere inside a
 * command is truncation. Being as lenient as Redis (no CRLF checks) matters: a file Redis loads must load here.
 * One deliberate difference: a negative {@code $} length, on which Redis aborts, is bad format.
 *
 * <p><b>Why declared lengths are not trusted.</b> A corrupt {@code *2000000000} or {@code $2000000000} must not
 * make the loader allocate gigabytes. Arguments are collected in a list that grows as they are actually read; an
 * argument longer than what is left of the file (when its size is known) is truncation at once, as Redis's read
 * would find; otherwise a long argument is read in pieces into a buffer that grows only with the bytes that
 * arrived. Memory stays proportional to the file, whatever it claims.
 *
 * <p><b>Offsets.</b> All offsets are absolute in the file: the stream starts at {@code startOffset}, which is past
 * the RDB preamble when there is one. {@link #validUpTo()} is where the last complete command ended (Redis's
 * {@code valid_up_to}), the offset to truncate at; it starts at {@code startOffset}, where Redis starts it at 0 and
 * would cut a preamble away with a truncated first command. The reader also notes, as information only, whether a
 * {@code MULTI} is open and where the stream was valid before it ({@code valid_before_multi}): at a clean end inside
 * a transaction Redis treats the file as truncated there, which is for the caller to do.
 */
public final class AofCommandReader {
    /** Receives the annotations skipped, for tools that act on them (timestamps). */
    @FunctionalInterface
    public interface AnnotationSink {
        /** {@code line} is the annotation piece without its line terminator; {@code offset} is where it starts. */
        void annotation(long offset, byte[] line);
    }

    /** {@code fgets(buf, 1024, fp)} reads at most this many bytes. */
    static final int LINE_MAX = 1023;
    private static final int BUFFER = 64 * 1024;
    /** Long arguments of a file of unknown size start in a buffer this big and grow with the bytes read. */
    static final int FIRST_PIECE = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final long fileSize;
    private final AnnotationSink annotations;
    private final byte[] buf = new byte[BUFFER];
    private int bufPos;
    private int bufLen;
    private boolean eof;
    private long position;
    private long validUpTo;
    private long validBeforeMulti;
    private boolean inMulti;

    /**
     * @param in          the file's bytes from {@code startOffset} on; read through an internal buffer
     * @param startOffset the absolute offset of the first byte of {@code in}
     * @param fileSize    the file's size if known, else -1: with it, oversized lengths are judged without reading
     */
    public AofCommandReader(InputStream in, long startOffset, long fileSize) {
        this(in, startOffset, fileSize, null);
    }

    /** As {@link #AofCommandReader(InputStream, long, long)}, reporting annotations to {@code annotations}. */
    public AofCommandReader(InputStream in, long startOffset, long fileSize, AnnotationSink annotations) {
        this.in = in;
        this.fileSize = fileSize;
        this.annotations = annotations;
        this.position = startOffset;
        this.validUpTo = startOffset;
        this.validBeforeMulti = startOffset;
    }

    /**
     * The next command's arguments, or null at the clean end of the stream.
     *
     * @throws AofStreamException the stream ends inside a command, or holds something that is not one
     * @throws IOException        reading failed (Redis's "Unrecoverable error reading the append only file")
     */
    public byte[][] next() throws IOException, AofStreamException {
        while (true) {
            long lineStart = position;
            byte[] line = readLine();
            if (line == null) {
                return null;
            }
            if (line[0] == '#') {
                if (annotations != null) {
                    annotations.annotation(lineStart, withoutTerminator(line));
                }
                continue;
            }
            if (line[0] != '*') {
                throw badFormat(lineStart, "expected '*' or '#'");
            }
            if (line.length == 1 || line[1] == 0) {
                if (eof && bufPos == bufLen) {
                    throw truncated();
                }
                throw badFormat(lineStart, "no argument count after '*'");
            }
            int argc = (int) strtol(line);
            if (argc < 1) {
                throw badFormat(lineStart, "argument count " + argc);
            }
            byte[][] argv = readArguments(argc);
            noteTransaction(argv[0], validUpTo);
            validUpTo = position;
            return argv;
        }
    }

    private byte[][] readArguments(int argc) throws IOException, AofStreamException {
        List<byte[]> args = new ArrayList<>(Math.min(argc, 16));
        for (int j = 0; j < argc; j++) {
            long lineStart = position;
            byte[] line = readLine();
            if (line == null) {
                throw truncated();
            }
            if (line[0] != '$') {
                throw badFormat(lineStart, "expected '$'");
            }
            long len = strtol(line);
            if (len < 0) {
                throw badFormat(lineStart, "negative argument length " + len);
            }
            args.add(readBulk(len, lineStart));
            if (skip(2) < 2) {
                throw truncated();
            }
        }
        return args.toArray(new byte[0][]);
    }

    /** Redis's loader: every MULTI moves {@code valid_before_multi}; only EXEC ends the transaction. */
    private void noteTransaction(byte[] name, long validBefore) {
        if (isCommand(name, "multi")) {
            validBeforeMulti = validBefore;
            inMulti = true;
        } else if (isCommand(name, "exec")) {
            inMulti = false;
        }
    }

    /** Command lookup's comparison: the whole name, ASCII letters in any case. */
    private static boolean isCommand(byte[] name, String lower) {
        if (name.length != lower.length()) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xff;
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** End of the last complete command: the offset to truncate a truncated file at. */
    public long validUpTo() {
        return validUpTo;
    }

    /** The absolute offset of the next byte to read. */
    public long position() {
        return position;
    }

    /** Whether a {@code MULTI} has been read and no {@code EXEC} after it. */
    public boolean inMulti() {
        return inMulti;
    }

    /** Where the last complete command before the most recent {@code MULTI} ended. */
    public long validBeforeMulti() {
        return validBeforeMulti;
    }

    private AofStreamException truncated() {
        return new AofStreamException(AofStreamException.Kind.TRUNCATED, validUpTo,
                "unexpected end of file at offset " + position + ", last complete command ends at " + validUpTo);
    }

    private static AofStreamException badFormat(long offset, String what) {
        return new AofStreamException(AofStreamException.Kind.BAD_FORMAT, offset,
                "bad format at offset " + offset + ": " + what);
    }

    /** One {@code fgets} piece: up to {@value #LINE_MAX} bytes, through a newline; null at the end of input. */
    private byte[] readLine() throws IOException {
        byte[] line = new byte[64];
        int n = 0;
        while (n < LINE_MAX) {
            if (bufPos == bufLen && !fill()) {
                break;
            }
            byte b = buf[bufPos++];
            position++;
            if (n == line.length) {
                line = Arrays.copyOf(line, Math.min(LINE_MAX, n * 2));
            }
            line[n++] = b;
            if (b == '\n') {
                break;
            }
        }
        return n == 0 ? null : Arrays.copyOf(line, n);
    }

    /**
     * An argument of {@code len} bytes, in an array that grows no faster than its bytes arrive. One longer than a
     * Java array can hold is only read through, to tell truncation from presence, and refused if it is all there.
     */
    private byte[] readBulk(long len, long lineStart) throws IOException, AofStreamException {
        if (fileSize >= 0 && len > fileSize - position) {
            throw truncated();
        }
        long capacity = len > MAX_ARRAY ? 0 : len;
        byte[] out = new byte[(int) (fileSize >= 0 ? capacity : Math.min(capacity, FIRST_PIECE))];
        long n = 0;
        while (n < len) {
            if (bufPos == bufLen && !fill()) {
                throw truncated();
            }
            int k;
            if (n < capacity) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(capacity, 2L * out.length));
                }
                k = Math.min(bufLen - bufPos, out.length - (int) n);
                System.arraycopy(buf, bufPos, out, (int) n, k);
            } else {
                k = (int) Math.min(bufLen - bufPos, len - n);
            }
            bufPos += k;
            n += k;
            position += k;
        }
        if (len > MAX_ARRAY) {
            throw badFormat(lineStart, "argument of " + len + " bytes is too large to load");
        }
        return out;
    }

    private int skip(int count) throws IOException {
        int n = 0;
        while (n < count && (bufPos < bufLen || fill())) {
            bufPos++;
            position++;
            n++;
        }
        return n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) {
            eof = true;
            bufPos = 0;
            bufLen = 0;
            return false;
        }
        bufPos = 0;
        bufLen = r;
        return true;
    }

    private static byte[] withoutTerminator(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return Arrays.copyOf(line, end);
    }

    /** glibc {@code strtol(line + 1, NULL, 10)}: blanks, a sign, digits; saturates on overflow. */
    private static long strtol(byte[] line) {
        return ManifestSyntax.atoll(line, 1);
    }
}
