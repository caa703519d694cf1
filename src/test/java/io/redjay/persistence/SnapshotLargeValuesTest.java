package io.redjay.persistence;

import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.persistence.rdb.EncodingLimits;
import io.redjay.persistence.rdb.KeyspaceLoader;
import io.redjay.persistence.rdb.RdbFileWriter;
import io.redjay.persistence.rdb.RdbReader;
import io.redjay.persistence.rdb.RdbSnapshot;
import io.redjay.types.Digest;
import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large collections are written in steps across many snapshot slices, and the snapshot stays point-in-time whatever
 * is written between those steps: the value being stepped, one still queued, a small key saved by the hook while a
 * large value is half written (it goes to the side buffer), deletes of large and small keys, new keys, a FLUSHDB.
 * Each run drives the snapshot one smallest slice at a time with a random write after some, and checks the file
 * against the digest of the dataset at the snapshot's start.
 */
class SnapshotLargeValuesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void populate(Database db, Random rnd, String prefix) {
        ListValue list = new ListValue();
        SetValue set = SetValue.create(b("m0"), 0, SetLimits.DEFAULTS);
        HashValue hash = new HashValue();
        ZSetValue zset = new ZSetValue(false);
        int n = 5000 + rnd.nextInt(10_000);
        for (int i = 0; i < n; i++) {
            list.pushTail(b("element-" + i), -2);
            set.add(b("m" + i), SetLimits.DEFAULTS);
            hash.set(b("f" + i), b("v" + i), 128, 64);
            zset.insert(b("z" + i), i * 0.5, 128, 64);
        }
        db.add(b(prefix + "list"), list);
        db.add(b(prefix + "set"), set);
        db.add(b(prefix + "hash"), hash);
        db.add(b(prefix + "zset"), zset);
        for (int i = 0; i < 300; i++) {
            db.add(b(prefix + "small:" + i), b("value-" + i));
        }
    }

    /** One write through the keyspace's write path, so the hook sees it as a command's would be seen. */
    private static void write(Keyspace ks, Random rnd, int round) {
        Database db = ks.db(rnd.nextInt(2));
        String prefix = db.id() == 0 ? "" : "db1:";
        switch (rnd.nextInt(7)) {
            case 0 -> {
                KeyEntry e = db.lookupWrite(b(prefix + "zset"));
                if (e != null) {
                    ((ZSetValue) e.value()).insert(b("new" + round), -1, 128, 64);
                }
            }
            case 1 -> {
                KeyEntry e = db.lookupWrite(b(prefix + "hash"));
                if (e != null) {
                    ((HashValue) e.value()).set(b("f1"), b("changed" + round), 128, 64);
                }
            }
            case 2 -> {
                KeyEntry e = db.lookupWrite(b(prefix + "list"));
                if (e != null) {
                    ((ListValue) e.value()).pushTail(b("pushed" + round), -2);
                }
            }
            case 3 -> db.remove(b(prefix + (rnd.nextBoolean() ? "set" : "small:" + rnd.nextInt(300))));
            case 4 -> db.put(b(prefix + "small:" + rnd.nextInt(300)), b("overwritten" + round));
            case 5 -> db.add(b(prefix + "added:" + round), b("new"));
            default -> {
                KeyEntry e = db.lookupWrite(b(prefix + "set"));
                if (e != null) {
                    ((SetValue) e.value()).add(b("added" + round), SetLimits.DEFAULTS);
                }
            }
        }
    }

    @Test
    void largeValuesSteppedAcrossSlicesStayPointInTimeUnderWrites(@TempDir Path dir) throws Exception {
        for (long seed = 1; seed <= 8; seed++) {
            Random rnd = new Random(seed);
            Keyspace ks = new Keyspace(2, () -> 1_000L);
            RdbSnapshot[] snapshot = new RdbSnapshot[1];
            ks.listener(new KeyspaceListener() {
                @Override
                public void beforeWrite(Database db, KeyEntry entry) {
                    snapshot[0].beforeWrite(db, entry);
                }

                @Override
                public void beforeReplaceAll(Database db) {
                    snapshot[0].beforeReplaceAll(db);
                }

                @Override
                public void keyModified(Database db, byte[] key) {
                }

                @Override
                public void keyEvent(Database db, int type, String event, byte[] key) {
                }

                @Override
                public void keyExpired(Database db, byte[] key) {
                }

                @Override
                public void databaseChanged(Database db) {
                }
            });
            populate(ks.db(0), rnd, "");
            populate(ks.db(1), rnd, "db1:");
            String before = Digest.ofDataset(ks);
            Path file = dir.resolve("dump-" + seed + ".rdb");
            CompletableFuture<String> written = new CompletableFuture<>();
            RdbFileWriter writer = new RdbFileWriter(file, dir.resolve("temp.rdb"), true, written::complete);
            snapshot[0] = new RdbSnapshot(ks, RdbSaver.encoding(ks, new Config(), 0, null), writer, 0);
            int round = 0;
            boolean flushed = false;
            while (!snapshot[0].step(1)) {
                assertTrue(++round < 1_000_000, "the snapshot ends");
                if (rnd.nextInt(4) == 0) {
                    write(ks, rnd, round);
                }
                if (!flushed && seed % 3 == 0 && round == 20) {
                    ks.flushDb(1);
                    flushed = true;
                }
            }
            assertNull(written.get(30, TimeUnit.SECONDS));
            Keyspace loaded = new Keyspace(2, () -> 1_000L);
            KeyspaceLoader loader = new KeyspaceLoader(loaded, false);
            try (InputStream in = Files.newInputStream(file)) {
                new RdbReader(in, EncodingLimits.of(new Config()), 2).read(loader);
            }
            assertEquals(before, Digest.ofDataset(loaded), "seed " + seed + ": the dataset of the snapshot's start");
            assertTrue(round > 20, "seed " + seed + ": the snapshot took many slices (" + round + ")");
        }
    }
}
