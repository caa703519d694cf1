package io.redjay.propagation;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.server.Server;
import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import io.redjay.types.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyspace funnel, both ends: for a random workload over every mutating command, every key whose value or TTL a
 * command changed (or removed) must have been reported to the before-write hook first, with its old value and TTL
 * (what copy-before-write snapshots rely on), and signalled as modified afterwards (what WATCH, blocked clients and
 * keyspace notifications rely on). A command that changed a key in place without the hook, reported it only after
 * changing it, or forgot to signal it fails this test.
 */
class BeforeWriteHookTest {
    private static final int COMMANDS = 3000;

    /** Records, per (db, key), the state the entry had when the hook first saw it during the current command. */
    private static final class Recorder implements KeyspaceListener {
        private final KeyspaceListener next;
        final Map<String, String> seen = new HashMap<>();
        final java.util.Set<String> signalled = new java.util.HashSet<>();
        boolean replacedAll;

        Recorder(KeyspaceListener next) {
            this.next = next;
        }

        @Override
        public void beforeWrite(Database db, KeyEntry entry) {
            seen.putIfAbsent(db.id() + ":" + new String(entry.key(), StandardCharsets.ISO_8859_1), state(entry));
            next.beforeWrite(db, entry);
        }

        @Override
        public void beforeReplaceAll(Database db) {
            replacedAll = true;
            next.beforeReplaceAll(db);
        }

        @Override
        public void keyModified(Database db, byte[] key) {
            signalled.add(db.id() + ":" + new String(key, StandardCharsets.ISO_8859_1));
            next.keyModified(db, key);
        }

        @Override
        public void keyEvent(Database db, int type, String event, byte[] key) {
            next.keyEvent(db, type, event, key);
        }

        @Override
        public boolean wants(int type) {
            return next.wants(type);
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
            next.keyExpired(db, key);
        }

        @Override
        public void databaseChanged(Database db) {
            next.databaseChanged(db);
        }
    }

    private static String state(KeyEntry e) {
        return e == null ? "none" : Digest.ofEntry(e) + "@" + e.expireAt();
    }

    @Test
    void everyChangedKeyWasReportedWithItsOldValue() throws Exception {
        ManualClock clock = new ManualClock();
        clock.set(System.currentTimeMillis());
        try (TestServer t = TestServer.start(clock); RawClient a = new RawClient(t.port())) {
            a.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            Server s = t.server();
            Keyspace ks = s.keyspace();
            Recorder rec = s.executor().submit(() -> {
                Recorder r = new Recorder(ks.listener());
                ks.listener(r);
                return r;
            }).get();
            RandomWorkload w = new RandomWorkload(42, clock.millis());
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (int i = 0; i < COMMANDS && failures.size() < 10; i++) {
                if (w.nextInt(50) == 0) {
                    clock.advance(TimeUnit.MINUTES.toMillis(30));
                }
                String[] cmd = w.command(clock.millis());
                Map<String, String> before = s.executor().submit(() -> {
                    rec.seen.clear();
                    rec.signalled.clear();
                    rec.replacedAll = false;
                    return states(ks);
                }).get();
                a.call(cmd);
                Map<String, String> after = s.executor().submit(() -> states(ks)).get();
                if (rec.replacedAll) {
                    continue;
                }
                for (Map.Entry<String, String> e : before.entrySet()) {
                    String now = after.get(e.getKey());
                    if (e.getValue().equals(now)) {
                        continue;
                    }
                    checked++;
                    String hooked = rec.seen.get(e.getKey());
                    if (!e.getValue().equals(hooked)) {
                        failures.add(String.join(" ", cmd) + ": " + e.getKey() + " changed from " + e.getValue()
                                + " to " + now + " but the hook saw " + hooked);
                    }
                    if (!rec.signalled.contains(e.getKey())) {
                        failures.add(String.join(" ", cmd) + ": " + e.getKey() + " changed but was not signalled"
                                + " (WATCH, blocked clients and notifications would miss it)");
                    }
                }
            }
            assertEquals(List.of(), failures);
            assertTrue(checked > COMMANDS / 4, "only " + checked + " changes checked");
        }
    }

    /** The state of every existing key of the workload's pools, read without expiring or touching anything. */
    private static Map<String, String> states(Keyspace ks) {
        Map<String, String> out = new HashMap<>();
        for (int db = 0; db < 3; db++) {
            for (char type : "sltzh".toCharArray()) {
                for (int i = 0; i < 5; i++) {
                    String key = type + Integer.toString(i);
                    KeyEntry e = ks.db(db).peek(key.getBytes(StandardCharsets.ISO_8859_1));
                    if (e != null) {
                        out.put(db + ":" + key, state(e));
                    }
                }
            }
        }
        return out;
    }
}
