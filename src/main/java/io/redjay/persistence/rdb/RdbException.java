package io.redjay.persistence.rdb;

/**
 * A snapshot or DUMP payload that cannot be loaded: truncated, corrupt, of an unknown version, or holding something
 * Redjay does not store yet (streams, module values, function libraries). Checked, so that every caller decides what
 * a bad file means for it (refuse to start, fail a replica sync, reply "Bad data format"); the reader throws nothing
 * else for bad input. Messages follow Redis's log lines where Redis has one, and otherwise say what and where.
 *
 * <p>Redis tells two failures apart at start-up, and so does the exception: a file it will not read at all (wrong
 * signature, unknown version), refused with "Fatal error loading the DB", and corruption found while reading,
 * reported as an "Internal error in RDB reading" with a short reason (for a bad checksum, "RDB CRC error", after
 * the line that gives both sums).
 */
public final class RdbException extends Exception {
    private final String corruption;
    private final boolean refused;

    public RdbException(String message) {
        this(message, message, false);
    }

    /** Corruption Redis logs as {@code message}, then reports with the short {@code corruption} reason. */
    public RdbException(String message, String corruption) {
        this(message, corruption, false);
    }

    private RdbException(String message, String corruption, boolean refused) {
        super(message);
        this.corruption = corruption;
        this.refused = refused;
    }

    /** A file not read at all: not an RDB file, or of a version this reader does not know. */
    static RdbException refused(String message) {
        return new RdbException(message, null, true);
    }

    /** The reason reported as corruption: the message itself unless Redis has a shorter one. */
    public String corruption() {
        return corruption;
    }

    public boolean refused() {
        return refused;
    }
}
