package io.redjay.persistence.rdb;

/**
 * A snapshot or DUMP payload that cannot be loaded: truncated, corrupt, of an unknown version, or holding something
 * Redjay does not store yet (streams, module values, function libraries). Checked, so that every caller decides what
 * a bad file means for it (refuse to start, fail a replica sync, reply "Bad data format"); the reader throws nothing
 * else for bad input. Messages follow Redis's log lines where Redis has one, and otherwise say what and where.
 */
public final class RdbException extends Exception {
    public RdbException(String message) {
        super(message);
    }
}
