package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import io.redjay.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the set and hash writes send to a replica, compared with a real Redis 7.0.15: verbatim when they changed
 * something, nothing for no-ops and errors, SPOP as SREM or DEL, HINCRBYFLOAT as HSET; and how much each moves the
 * dirty counter (INFO's {@code rdb_changes_since_last_save}).
 */
class SetHashPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    // ---------------------------------------------------------------- sets

    @Test
    void saddAndSremPropagateOnlyWhatChanged() throws Exception {
        diff.assertSame("SADD s a b", "SADD s a b", "SADD s b c", "SADD n 1 2 3", "SADD n 2");
        diff.assertSame("SREM s a zz", "SREM s zz", "SREM missing a", "SREM s b c", "EXISTS s", "SREM n 1 2 3 4");
    }

    @Test
    void saddAndSremOnAnotherTypeFailAndPropagateNothing() throws Exception {
        diff.assertSame("SET str x", "SADD str a", "SREM str a", "LPUSH l a", "SADD l a", "SREM l a");
    }

    @Test
    void smoveMovesOrDoesNothing() throws Exception {
        diff.assertSame("SADD src a b", "SADD dst b", "SMOVE src dst a", "SMOVE src dst b", "EXISTS src",
                "SMOVE src dst a", "SMOVE missing dst a", "SMOVE dst dst a", "SMOVE dst dst zz", "SMOVE dst new a");
    }

    @Test
    void smoveWithAnotherTypeFails() throws Exception {
        diff.assertSame("SET str x", "SADD s a", "SMOVE str s a", "SMOVE s str a", "SMOVE missing str a",
                "SMEMBERS s");
    }

    @Test
    void spopWithoutCountIsReplayedAsSrem() throws Exception {
        diff.assertSame("SADD s only", "SPOP s", "EXISTS s", "SPOP s", "SPOP missing", "SADD n 7", "SPOP n");
        diff.assertSame("SET str x", "SPOP str", "SADD s a", "SPOP s 1 2", "SPOP s a", "SPOP s -1");
    }

    // Whole-set pops reply the members in the set's order: integer sets (sorted in both) keep the replies comparable.
    @Test
    void spopTakingTheWholeSetIsReplayedAsDel() throws Exception {
        diff.assertSame("SADD s 3 1 2", "SPOP s 3", "EXISTS s", "SADD n 1 2", "SPOP n 10", "SPOP missing 2",
                "SADD z a", "SPOP z 0", "SCARD z");
    }

    @Test
    void spopInsideTransactionsAndOtherDatabases() throws Exception {
        diff.assertSame("MULTI", "SADD s 1 2 3", "SPOP s 3", "SADD t one", "SPOP t", "EXEC");
        diff.assertSame("SELECT 4", "SADD s x", "SPOP s", "SADD s 9 8", "SPOP s 2");
    }

    @Test
    void spopOfSomeMembersIsReplayedAsOneSremPerMember() throws Exception {
        // Few popped (one at a time), one popped (a single SREM, no MULTI), most popped (the set is rebuilt).
        checkRandomPop(new String[] {"SADD s a b c d e f g h i j"}, "SPOP s 3", "s");
        checkRandomPop(new String[] {"SADD s a b c d e"}, "SPOP s 1", "s");
        checkRandomPop(new String[] {"SADD s 1 2 3 4 5 6"}, "SPOP s 5", "s");
        checkRandomPop(new String[] {"SELECT 3", "SADD k a b c d"}, "SPOP k 2", "k");
    }

    /**
     * Runs a random SPOP on both servers: the streams must have the same shape (members hidden), and on each server
     * the SREMs must name the very members that SPOP returned, in order.
     */
    private static void checkRandomPop(String[] setup, String spop, String key) throws Exception {
        diff.reset();
        String[] all = new String[setup.length + 1];
        System.arraycopy(setup, 0, all, 0, setup.length);
        all[setup.length] = spop;
        PropagationDiff.Run run = diff.run(all);
        assertEquals(shape(run.redisStream(), key), shape(run.redjayStream(), key), "stream shape of " + spop);
        assertEquals(popped(run.redisReplies().get(setup.length)), sremMembers(run.redisStream(), key), "redis");
        assertEquals(popped(run.redjayReplies().get(setup.length)), sremMembers(run.redjayStream(), key), "redjay");
    }

    private static List<String> shape(List<String> stream, String key) {
        List<String> out = new ArrayList<>();
        for (String l : stream) {
            out.add(l.startsWith("SREM " + key + " ") ? "SREM " + key + " <member>" : l);
        }
        return out;
    }

    private static List<String> sremMembers(List<String> stream, String key) {
        List<String> out = new ArrayList<>();
        for (String l : stream) {
            if (l.startsWith("SREM " + key + " ")) {
                out.add(l.substring(("SREM " + key + " ").length()));
            }
        }
        return out;
    }

    /** The members of a raw RESP2 array-of-bulks reply, in order. */
    private static List<String> popped(String reply) {
        String[] lines = reply.split("\r\n");
        assertTrue(lines[0].startsWith("*"), reply);
        List<String> out = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            out.add(lines[i]);
        }
        return out;
    }

    @Test
    void storeCommandsPropagateWhenTheyWroteOrDeleted() throws Exception {
        diff.assertSame("SADD a 1 2 3", "SADD b 2 3 4", "SINTERSTORE d a b", "SUNIONSTORE u a b", "SDIFFSTORE f a b",
                "SINTERSTORE d a b", "SMEMBERS d");
    }

    @Test
    void emptyStoreResultDeletesAnExistingDestinationOnly() throws Exception {
        diff.assertSame("SADD a 1 2", "SADD b 3 4", "SINTERSTORE none a b", "SDIFFSTORE none a a",
                "SUNIONSTORE none nokey1 nokey2", "SINTERSTORE none a missing", "EXISTS none");
        diff.assertSame("SET d1 x", "SINTERSTORE d1 a b", "SET d2 x", "SINTERSTORE d2 a missing", "SET d3 x",
                "SDIFFSTORE d3 a a", "SET d4 x", "SUNIONSTORE d4 m1 m2", "EXISTS d1 d2 d3 d4");
    }

    @Test
    void storeWithASourceOfAnotherTypeFails() throws Exception {
        diff.assertSame("SET str x", "SADD a 1", "SINTERSTORE d a str", "SUNIONSTORE d str a", "SDIFFSTORE d a str",
                "SET d keep", "SINTERSTORE d missing str", "GET d");
    }

    // ---------------------------------------------------------------- hashes

    @Test
    void hsetAndHmsetAlwaysPropagate() throws Exception {
        diff.assertSame("HSET h f v", "HSET h f v", "HSET h f w g x", "HMSET h f v", "HMSET m a 1 b 2", "HSET h f");
        diff.assertSame("SET str x", "HSET str f v", "HMSET str f v", "HMSET h a");
    }

    @Test
    void hsetnxPropagatesOnlyWhenItSets() throws Exception {
        diff.assertSame("HSETNX h f v", "HSETNX h f w", "HSETNX h g w", "HGETALL h", "SET str x", "HSETNX str f v");
    }

    @Test
    void hdelPropagatesOnlyWhatItRemoved() throws Exception {
        diff.assertSame("HSET h a 1 b 2 c 3", "HDEL h zz", "HDEL missing a", "HDEL h a zz", "HDEL h b c d",
                "EXISTS h", "SET str x", "HDEL str a");
    }

    @Test
    void hincrbyPropagatesVerbatimUnlessItFails() throws Exception {
        diff.assertSame("HINCRBY h n 5", "HINCRBY h n -7", "HSET h s abc", "HINCRBY h s 1", "HINCRBY h n x",
                "HSET h big 9223372036854775807", "HINCRBY h big 1", "SET str x", "HINCRBY str n 1");
    }

    @Test
    void hincrbyfloatIsReplayedAsHsetOfTheResult() throws Exception {
        diff.assertSame("HINCRBYFLOAT h f 1.5", "HINCRBYFLOAT h f 0.1", "HINCRBYFLOAT h f 3.0e3",
                "HSET h i 10", "HINCRBYFLOAT h i -10", "HINCRBYFLOAT new f 5.0", "HGETALL h");
        diff.assertSame("HSET h s abc", "HINCRBYFLOAT h s 1", "HINCRBYFLOAT h f abc", "HINCRBYFLOAT h f inf",
                "SET str x", "HINCRBYFLOAT str f 1");
        diff.assertSame("MULTI", "HINCRBYFLOAT t f 2.5", "HINCRBY t g 1", "EXEC");
    }

    // ---------------------------------------------------------------- dirty counter

    @Test
    void dirtyCounterMovesAsRedisDoes() throws Exception {
        assertDirtySame("SADD s a b c", "SADD s a d", "SADD s a", "SREM s a b zz", "SREM s zz", "SREM s c d",
                "SADD s 1 2 3 4 5", "SPOP s", "SPOP s 2", "SPOP s 0", "SPOP s 10", "SPOP s", "SPOP s 3",
                "SADD x a b", "SADD y b", "SMOVE x y a", "SMOVE x y b", "SMOVE x y zz", "SMOVE y y a",
                "SINTERSTORE d x y", "SUNIONSTORE d x y", "SDIFFSTORE d y y", "SDIFFSTORE d y y",
                "SET str v", "SADD str a",
                "HSET h a 1 b 2 c 3", "HSET h a 1", "HMSET h a 1 b 2", "HSETNX h a 1", "HSETNX h z 1",
                "HDEL h a b zz", "HDEL h zz", "HINCRBY h n 1", "HINCRBYFLOAT h n 1.5", "HINCRBY h n x",
                "HDEL h c z n", "HDEL h c");
    }

    /** Runs each command on both servers and compares by how much each moved the dirty counter. */
    private static void assertDirtySame(String... commands) throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String cmd : commands) {
            String[] args = cmd.split(" ");
            expected.add(cmd + " -> " + dirtyDelta(diff.redisClient(), args));
            actual.add(cmd + " -> " + dirtyDelta(diff.redjayClient(), args));
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static long dirtyDelta(RawClient c, String[] args) throws Exception {
        long before = dirty(c);
        c.call(args);
        return dirty(c) - before;
    }

    private static long dirty(RawClient c) throws Exception {
        String info = c.call("INFO", "persistence");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("rdb_changes_since_last_save:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new AssertionError("no rdb_changes_since_last_save in " + info);
    }
}
