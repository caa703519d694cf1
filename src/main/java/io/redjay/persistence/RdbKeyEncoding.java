package io.redjay.persistence;

import io.redjay.config.Config;
import io.redjay.config.Version;
import io.redjay.keyspace.AccessClock;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.persistence.rdb.RdbEncoder;
import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.persistence.rdb.RdbSnapshot;

/**
 * What the server puts in its snapshots, as Redis 7.0's {@code rdbSaveRio} does: the header and AUX fields
 * ({@code redis-ver}, {@code redis-bits}, {@code ctime}, {@code used-mem}, {@code aof-base}), a {@code SELECTDB} with
 * the table sizes as a {@code RESIZEDB} hint the first time each database appears, and for each key its expiry and,
 * under an LRU or LFU policy, its idle time or access frequency, so that a restarted server evicts as the old one
 * would have. The base of an AOF rewrite is the same file with {@code aof-base} set. A server with a replication
 * history also records it ({@code repl-stream-db}, {@code repl-id}, {@code repl-offset}), so that after a restart it
 * can continue with a partial resync.
 */
final class RdbKeyEncoding implements RdbSnapshot.Encoder {
    private final RdbEncoder encoder;
    /** A second encoder for values written in steps, whose state must survive the whole keys encoded meanwhile. */
    private final RdbEncoder stepper;
    private final Keyspace keyspace;
    private final long usedMemory;
    private final boolean lru;
    private final boolean lfu;
    private final boolean[] sized;
    private final boolean aofBase;

    private final RdbEncoder.ReplicationInfo repl;
    /** The libraries of functions as they were when the snapshot started, written after the AUX fields. */
    private final java.util.List<byte[]> functions;

    RdbKeyEncoding(Keyspace keyspace, Config config, long usedMemory, boolean aofBase,
                   RdbEncoder.ReplicationInfo repl) {
        this.aofBase = aofBase;
        this.repl = repl;
        this.encoder = RdbEncoder.deferringCompression(config.rdbcompression);
        this.stepper = RdbEncoder.deferringCompression(config.rdbcompression);
        this.keyspace = keyspace;
        this.usedMemory = usedMemory;
        this.lru = config.maxmemoryPolicy.endsWith("-lru");
        this.lfu = config.maxmemoryPolicy.endsWith("-lfu");
        this.sized = new boolean[keyspace.databases()];
        this.functions = keyspace.functions().libraryCodes();
    }

    @Override
    public void header(RdbOutput out) {
        encoder.header(out);
        encoder.infoAuxFields(out, Version.REDIS, System.currentTimeMillis() / 1000, usedMemory, repl, aofBase);
        for (byte[] code : functions) {
            encoder.functionLibrary(out, code);
        }
    }

    @Override
    public void selectDb(RdbOutput out, int db, long size, long expires) {
        encoder.selectDb(out, db);
        if (!sized[db]) {
            sized[db] = true;
            encoder.resizeDb(out, size, expires);
        }
    }

    @Override
    public void key(RdbOutput out, KeyEntry e) {
        encoder.keyValue(out, e.key(), e.value(), e.hasExpire() ? e.expireAt() : -1, idle(e), freq(e));
    }

    @Override
    public void keyStart(RdbOutput out, KeyEntry e) {
        stepper.keyHeader(out, e.key(), e.value(), e.hasExpire() ? e.expireAt() : -1, idle(e), freq(e));
        stepper.valueEncoder().start(e.value());
    }

    @Override
    public boolean valueStep(RdbOutput out, long elements) {
        return stepper.valueEncoder().step(out, elements);
    }

    @Override
    public void abandon() {
        stepper.valueEncoder().abandon();
    }

    private long idle(KeyEntry e) {
        return lru ? AccessClock.idleMillis(e.access(), keyspace.now()) / 1000 : -1;
    }

    private int freq(KeyEntry e) {
        return lfu ? keyspace.access().decayed(e.access(), keyspace.now()) : -1;
    }

    @Override
    public void end(RdbOutput out) {
        encoder.eof(out);
    }
}
