package io.redjay.strings;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.support.TestServer;
import io.redjay.types.TypedValue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Test helpers that reach into a running test server on its own executor thread: planting a non-string value (for
 * WRONGTYPE checks that must not depend on other command groups) and reading a key's TTL or existence directly.
 */
final class StringsSupport {
    private StringsSupport() {
    }

    /** A value of a type other than string. */
    static final TypedValue FOREIGN = new TypedValue() {
        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String encoding() {
            return "quicklist";
        }
    };

    static <T> T onServer(TestServer s, Callable<T> task) throws Exception {
        return s.server().executor().submit(task).get();
    }

    static Database db0(TestServer s) {
        return s.server().keyspace().db(0);
    }

    static void putForeign(TestServer s, String key) throws Exception {
        onServer(s, () -> db0(s).put(bytes(key), FOREIGN));
    }

    /** The key's absolute expiry in unix ms, -1 without TTL, -2 when missing (not expiring it). */
    static long expireAt(TestServer s, String key) throws Exception {
        return onServer(s, () -> {
            KeyEntry e = db0(s).peek(bytes(key));
            return e == null ? -2L : e.expireAt();
        });
    }

    static boolean exists(TestServer s, String key) throws Exception {
        return onServer(s, () -> db0(s).exists(bytes(key)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
