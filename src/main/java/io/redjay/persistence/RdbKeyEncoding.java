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
 * would have.
 */
final class RdbKeyEncoding implements RdbSnapshot.Encoder {
    private final RdbEncoder encoder;
    private final Keyspace keyspace;
    private final long usedMemory;
    private final boolean lru;
    private final boolean lfu;
    private final boolean[] sized;

    RdbKeyEncoding(Keyspace keyspace, Config config, long usedMemory) {
        this.encoder = RdbEncoder.deferringCompression(config.rdbcompression);
        this.keyspace = keyspace;
        this.usedMemory = usedMemory;
        this.lru = config.maxmemoryPolicy.endsWith("-lru");
        this.lfu = config.maxmemoryPolicy.endsWith("-lfu");
        this.sized = new boolean[keyspace.databases()];
    }

    @Override
    public void header(RdbOutput out) {
        encoder.header(out);
        encoder.infoAuxFields(out, Version.REDIS, System.currentTimeMillis() / 1000, usedMemory, null, false);
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
        long now = keyspace.now();
        long idle = lru ? AccessClock.idleMillis(e.access(), now) / 1000 : -1;
        int freq = lfu ? keyspace.access().decayed(e.access(), now) : -1;
        encoder.keyValue(out, e.key(), e.value(), e.hasExpire() ? e.expireAt() : -1, idle, freq);
    }

    @Override
    public void end(RdbOutput out) {
        encoder.eof(out);
    }
}
