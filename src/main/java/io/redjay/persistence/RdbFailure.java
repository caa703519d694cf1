package io.redjay.persistence;

import io.redjay.persistence.rdb.RdbException;

/**
 * The log lines of a start-up load that failed, as Redis words them: a file refused outright ends with "Fatal
 * error loading the DB: Invalid argument. Exiting.", corruption found on the way with "Internal error in RDB
 * reading offset N ... -> reason" and "Terminating server after rdb file reading failure." Redis names the line
 * of rdb.c that found it; Redjay has no such line, and says 0. The problem itself comes first, as the line Redis
 * logs where it finds it (Redis then repeats it in the report of its built-in checker). Operators and Redis's own
 * tests search the tail of the log for the reason ("CRC error" for a bad checksum).
 */
final class RdbFailure {
    private RdbFailure() {
    }

    static String describe(RdbException e, long offset) {
        if (e.refused()) {
            return e.getMessage() + "\nFatal error loading the DB: Invalid argument. Exiting.";
        }
        return e.getMessage() + "\nInternal error in RDB reading offset " + offset + ", function at rdb.c:0 -> "
                + e.corruption() + "\nTerminating server after rdb file reading failure.";
    }
}
