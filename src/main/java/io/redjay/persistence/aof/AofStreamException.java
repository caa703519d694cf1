package io.redjay.persistence.aof;

/**
 * Why an AOF command stream stopped before its clean end. The two kinds call for different handling, as in Redis:
 * a {@link Kind#TRUNCATED truncated} file (the last command cut short, typically by a crash mid-write) may be
 * truncated at {@link #offset()} and loaded anyway when {@code aof-load-truncated} allows it; a file in
 * {@link Kind#BAD_FORMAT bad format} never loads.
 */
public final class AofStreamException extends Exception {
    /** The two ways a stream can fail. */
    public enum Kind {
        /** The file ended inside a command; {@link #offset()} is where the last complete command ended. */
        TRUNCATED,
        /** Bytes that are not a command or an annotation; {@link #offset()} is where the offending line starts. */
        BAD_FORMAT
    }

    private final Kind kind;
    private final long offset;

    AofStreamException(Kind kind, long offset, String message) {
        super(message);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** An absolute file offset, meaning as described by {@link #kind()}. */
    public long offset() {
        return offset;
    }
}
