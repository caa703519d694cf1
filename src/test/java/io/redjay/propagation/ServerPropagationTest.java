package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the server, connection, pub/sub and transaction commands send to a replica, compared with a real Redis
 * 7.0.15: flushes are forced out verbatim (argument included, even on an empty dataset), SWAPDB goes out verbatim,
 * SELECT never goes out itself, and EXEC's block is wrapped only when it propagates more than one write.
 */
class ServerPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @Test
    void flushesPropagateVerbatimEvenWhenEmpty() throws Exception {
        diff.assertSame("FLUSHDB", "FLUSHALL", "FLUSHDB ASYNC", "FLUSHALL SYNC", "flushall async");
        diff.assertSame("SET a 1", "SELECT 2", "SET b 2", "FLUSHDB SYNC", "SELECT 0", "FLUSHALL", "DBSIZE");
    }

    @Test
    void flushWithBadArgumentsPropagatesNothing() throws Exception {
        diff.assertSame("SET a 1", "FLUSHDB NOW", "FLUSHALL ASYNC SYNC", "FLUSHALL LAZY", "GET a");
    }

    @Test
    void swapdbPropagatesVerbatim() throws Exception {
        diff.assertSame("SET a 1", "SWAPDB 0 1", "SWAPDB 1 1", "SWAPDB 2 3", "SELECT 1", "GET a");
    }

    @Test
    void swapdbErrorsPropagateNothing() throws Exception {
        diff.assertSame("SWAPDB 0 99", "SWAPDB x 1", "SWAPDB 0 y", "SWAPDB -1 0", "SWAPDB 4294967296 0");
    }

    @Test
    void selectIsNeverPropagatedItself() throws Exception {
        diff.assertSame("SELECT 1", "SELECT 2", "SELECT 2", "GET a", "SELECT 4294967296", "SELECT 16", "SELECT -1",
                "SELECT x", "SET a 1", "SELECT 0");
    }

    @Test
    void execWithSeveralWritesIsWrapped() throws Exception {
        diff.assertSame("MULTI", "SET a 1", "RPUSH l x y", "INCR a", "DEL l", "EXEC");
    }

    @Test
    void execWithASingleWriteIsNotWrapped() throws Exception {
        diff.assertSame("MULTI", "GET a", "SET a 1", "GET a", "EXEC");
    }

    @Test
    void execWithAFailingQueuedCommandPropagatesTheRest() throws Exception {
        diff.assertSame("SET s notanumber", "MULTI", "INCR s", "SET b 1", "EXEC");
        diff.assertSame("MULTI", "INCR s", "SET c 1", "LPUSH c x", "SET d 2", "EXEC");
        diff.assertSame("MULTI", "INCR s", "EXEC");
    }

    @Test
    void watchAbortPropagatesNothing() throws Exception {
        diff.assertSame("SET w 1", "WATCH w", "SET w 2", "MULTI", "SET x 1", "INCR w", "EXEC", "UNWATCH");
    }

    @Test
    void discardAndAbortedTransactionsPropagateNothing() throws Exception {
        diff.assertSame("MULTI", "SET a 1", "INCR a", "DISCARD");
        diff.assertSame("MULTI", "SET a 1", "NOSUCHCOMMAND", "EXEC");
        diff.assertSame("MULTI", "SET a 1", "GET", "EXEC");
    }

    @Test
    void flushesAndSwapdbInsideATransaction() throws Exception {
        diff.assertSame("SET a 1", "MULTI", "FLUSHDB", "SWAPDB 0 1", "EXEC");
        diff.assertSame("MULTI", "FLUSHALL", "EXEC");
        diff.assertSame("MULTI", "SELECT 1", "SET a 1", "FLUSHALL ASYNC", "EXEC");
    }

    @Test
    void publishReachesTheReplicaEvenWithoutSubscribers() throws Exception {
        diff.assertSame("PUBLISH ch hello", "MULTI", "PUBLISH ch x", "SET a 1", "EXEC");
    }

    @Test
    void connectionCommandsPropagateNothing() throws Exception {
        diff.assertSame("PING", "ECHO x", "SELECT 3", "PING hi", "SELECT 0", "DBSIZE");
    }
}
