package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the string and bitmap commands send to replicas, compared with a real Redis 7.0.15: the rewritten forms (SET
 * with an expire as {@code SET ... PXAT}, SET GET without GET, GETSET as SET, GETEX as PEXPIREAT / PERSIST / DEL /
 * UNLINK, GETDEL as DEL / UNLINK, INCRBYFLOAT as {@code SET ... KEEPTTL}), the verbatim writes, and nothing at all for
 * no-ops, failures and reads. Active expiry is off on both servers so that a key set to expire in the past is
 * deleted lazily, by the command that meets it, on both sides.
 */
class StringPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @BeforeAll
    static void start() throws Exception {
        both("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    }

    /** Runs one command (arguments may be empty strings) on both servers and asserts the same reply. */
    private static void both(String... args) throws Exception {
        String expected = diff.redisClient().call(args);
        String actual = diff.redjayClient().call(args);
        Assertions.assertEquals(expected, actual, "reply to " + String.join(" ", args));
    }

    private static long futureMs() {
        return System.currentTimeMillis() + 100_000_000L;
    }

    @Test
    void setWithoutExpireIsVerbatimAndSetGetLosesItsGet() throws Exception {
        diff.assertSame("SET a 1", "SET a 2 NX", "SET a 3 XX", "SET b 1 XX", "SET a 4 KEEPTTL", "SET a 5 NX GET",
                "SET c 1 GET", "SET c 2 XX GET get", "SET c 3 GET KEEPTTL", "SET d 1 nx GET", "SET a 6 XX");
    }

    @Test
    void setWithAnExpireBecomesSetPxat() throws Exception {
        long ms = futureMs();
        diff.assertSame("SET a 1 EX 100", "SET a 1 PX 100000", "SET a 1 EXAT " + ms / 1000, "SET a 1 PXAT " + ms,
                "SET a 2 NX EX 100", "SET a 3 XX GET PX 100000", "SET b 4 XX EX 100", "SET b 5 NX GET EX 100",
                "TTL a");
    }

    @Test
    void setexAndPsetexBecomeSetPxatAndSetnxIsVerbatim() throws Exception {
        diff.assertSame("SETEX b 100 v", "PSETEX b 100000 w", "SETNX c 1", "SETNX c 2", "PTTL c");
    }

    @Test
    void setWithAnExpireInThePastIsStillASetPxatAndTheKeyExpiresLazily() throws Exception {
        diff.assertSame("SET a 1 EXAT 1", "GET a", "SET b 1 PXAT 1", "SET b 2", "SET c 1 PXAT 1", "SET c 2 NX",
                "EXISTS c");
    }

    @Test
    void failedSetsPropagateNothing() throws Exception {
        diff.assertSame("SET a", "SET a 1 EX 0", "SET a 1 EX abc", "SET a 1 NX XX", "SET a 1 EX 10 PX 10",
                "SET a 1 KEEPTTL EX 10", "SET a 1 EX", "LPUSH l x", "SET l 1 GET", "SETEX a -1 v", "PSETEX a 0 v",
                "SETEX a x v", "GETSET l 1", "SET a 1 EXAT 9223372036854775807");
    }

    @Test
    void getexBecomesPexpireatPersistOrDel() throws Exception {
        long ms = futureMs();
        diff.assertSame("SET a 1", "GETEX a", "GETEX a EX 100", "GETEX a PX 100000", "GETEX a EXAT " + ms / 1000,
                "GETEX a PXAT " + ms, "GETEX a PERSIST", "GETEX a PERSIST", "GETEX missing EX 100",
                "GETEX missing PERSIST", "GETEX a PXAT 1", "EXISTS a", "SET b 1", "GETEX b EXAT 1");
    }

    @Test
    void getexWithAPastTimeUnlinksUnderLazyfreeLazyExpire() throws Exception {
        both("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        try {
            diff.assertSame("SET b 1", "GETEX b EXAT 1", "SET c 1", "GETEX c PX 100000", "GETEX c PERSIST");
        } finally {
            both("CONFIG", "SET", "lazyfree-lazy-expire", "no");
        }
    }

    @Test
    void failedGetexPropagatesNothing() throws Exception {
        diff.assertSame("SET a 1", "GETEX a EX 0", "GETEX a EX abc", "GETEX a PERSIST EX 10", "GETEX a KEEPTTL",
                "GETEX a EX", "LPUSH l x", "GETEX l EX 10", "GETEX l EX abc", "GETEX missing EX abc");
    }

    @Test
    void getdelBecomesDelOrUnlink() throws Exception {
        diff.assertSame("SET a 1", "GETDEL a", "GETDEL a", "LPUSH l x", "GETDEL l");
        both("CONFIG", "SET", "lazyfree-lazy-user-del", "yes");
        try {
            diff.assertSame("SET b 1", "GETDEL b", "GETDEL b");
        } finally {
            both("CONFIG", "SET", "lazyfree-lazy-user-del", "no");
        }
    }

    @Test
    void getsetBecomesSet() throws Exception {
        diff.assertSame("GETSET a 1", "GETSET a 2", "SET b 1 EX 100", "GETSET b 2", "TTL b");
    }

    @Test
    void incrbyfloatBecomesSetKeepttl() throws Exception {
        diff.assertSame("INCRBYFLOAT f 1.5", "SET g 10 EX 100", "INCRBYFLOAT g 0.1", "TTL g", "INCRBYFLOAT f abc",
                "SET s abc", "INCRBYFLOAT s 1", "LPUSH l x", "INCRBYFLOAT l 1", "INCRBYFLOAT f 3.0e3");
    }

    @Test
    void countersAreVerbatimAndFailuresPropagateNothing() throws Exception {
        diff.assertSame("INCR n", "INCRBY n 5", "DECR n", "DECRBY n 2", "INCRBY n 0", "SET s abc", "INCR s",
                "INCRBY n abc", "DECRBY n abc", "SET big 9223372036854775807", "INCR big",
                "DECRBY n -9223372036854775808", "LPUSH l x", "DECR l");
    }

    @Test
    void appendAndSetrangeAreVerbatimWhenTheyWrite() throws Exception {
        diff.assertSame("APPEND a x", "APPEND a yz", "SETRANGE r 5 x", "SETRANGE r 0 ab", "SETRANGE r -1 x",
                "SETRANGE r x x", "SETRANGE r 536870912 x", "LPUSH l x", "SETRANGE l 0 x", "APPEND l x");
        both("SETRANGE", "m", "0", "");
        both("SETRANGE", "r", "2", "");
        both("SETRANGE", "r", "536870912", "");
        both("SETRANGE", "l", "0", "");
        both("APPEND", "e", "");
        both("EXISTS", "m", "e");
        diff.assertSame();
    }

    @Test
    void msetAndMsetnxAreVerbatimWhenTheyWrite() throws Exception {
        diff.assertSame("MSET a 1 b 2", "MSET a 1 b", "MSETNX c 1 d 2", "MSETNX c 1 e 2", "MSETNX x 1 y",
                "MSET a 3 a 4", "LPUSH l x", "MSET l 1", "MSETNX l 2 z 3");
    }

    @Test
    void setbitPropagatesOnlyWhenABitOrTheLengthChanges() throws Exception {
        diff.assertSame("SETBIT b 7 1", "SETBIT b 7 1", "SETBIT b 7 0", "SETBIT b 100 0", "SETBIT b 3 0",
                "SETBIT c 0 0", "SETBIT b 1 2", "SETBIT b -1 1", "SETBIT b x 1", "LPUSH l x", "SETBIT l 0 1");
    }

    @Test
    void bitfieldPropagatesOnlyWhenAFieldChanges() throws Exception {
        diff.assertSame("BITFIELD f GET u8 0", "BITFIELD f", "BITFIELD f SET u8 0 255", "BITFIELD f SET u8 0 255",
                "BITFIELD f GET u8 0", "BITFIELD f INCRBY u8 0 1", "BITFIELD f OVERFLOW FAIL INCRBY u8 0 -1",
                "BITFIELD g OVERFLOW FAIL INCRBY u8 0 -1", "EXISTS g", "BITFIELD f SET u8 0 1 SET u8 8 2",
                "BITFIELD f SET u8 16 0", "BITFIELD f SET u8 16 0", "BITFIELD_RO f GET u8 0",
                "BITFIELD_RO f SET u8 0 1", "BITFIELD f SET i65 0 1", "BITFIELD f SET u8 0 x",
                "BITFIELD f OVERFLOW BAD", "LPUSH l x", "BITFIELD l GET u8 0", "BITFIELD l SET u8 0 1");
    }

    @Test
    void bitopPropagatesWhenItWritesOrDeletesTheDestination() throws Exception {
        diff.assertSame("BITOP AND d x y", "SET d abc", "BITOP OR d x y", "EXISTS d", "SET x a", "BITOP NOT d x",
                "BITOP XOR d x x", "BITOP BAD d x", "BITOP NOT d x y", "LPUSH l x", "BITOP AND d l x",
                "BITOP AND l x");
    }

    @Test
    void readsPropagateNothing() throws Exception {
        diff.assertSame("SET a abcdef", "SET b acf", "LPUSH l x", "GET a", "GET missing", "GET l", "MGET a b l missing",
                "STRLEN a", "STRLEN l", "GETRANGE a 0 -1", "SUBSTR a 1 2", "LCS a b", "LCS a b IDX WITHMATCHLEN",
                "LCS a b LEN", "LCS l a", "GETBIT a 3", "BITCOUNT a", "BITCOUNT a 0 1 BIT", "BITPOS a 1",
                "BITFIELD_RO a GET u8 0", "BITFIELD a GET u8 0");
    }

    @Test
    void rewrittenFormsInsideATransaction() throws Exception {
        diff.assertSame("MULTI", "SET a 1 EX 100", "GETDEL a", "INCRBYFLOAT f 1", "GETSET g 1", "GETEX g PX 1000000",
                "SET h 1 GET", "SETBIT b 0 0", "EXEC");
        diff.assertSame("MULTI", "GETEX missing EX 10", "SETRANGE r 0 x", "EXEC");
    }
}
