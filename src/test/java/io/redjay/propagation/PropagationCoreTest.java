package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The propagator's own rules, compared with what a real Redis 7.0.15 sends to a replica: verbatim writes, nothing
 * for no-ops and failures, SELECT on database changes, MULTI/EXEC framing of transactions.
 */
class PropagationCoreTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @Test
    void writesGoOutVerbatimAndReadsNot() throws Exception {
        diff.assertSame("SET a 1", "GET a", "APPEND a xyz", "STRLEN a", "DEL a", "DEL a", "EXISTS a");
    }

    @Test
    void failedAndNoOpWritesPropagateNothing() throws Exception {
        diff.assertSame("SADD s x", "SADD s x", "LPUSH s y", "SREM s nothere", "HDEL nohash f", "INCR s");
    }

    @Test
    void selectPrecedesCommandsOfAnotherDatabase() throws Exception {
        diff.assertSame("SET a 1", "SELECT 3", "SET b 2", "SELECT 3", "SET c 3", "SELECT 0", "DEL a");
    }

    @Test
    void transactionsAreWrappedWhenTheyPropagateMoreThanOneWrite() throws Exception {
        diff.assertSame("MULTI", "SET a 1", "GET a", "INCR a", "EXEC");
        diff.assertSame("MULTI", "SET b 1", "GET b", "EXEC");
        diff.assertSame("MULTI", "GET b", "EXEC");
        diff.assertSame("MULTI", "SET x 1", "SELECT 2", "SET y 1", "SELECT 0", "EXEC");
    }
}
