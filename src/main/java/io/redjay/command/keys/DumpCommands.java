package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.DumpPayload;
import io.redjay.persistence.rdb.EncodingLimits;
import io.redjay.persistence.rdb.RdbEncoder;
import io.redjay.persistence.rdb.RdbException;
import io.redjay.types.Numbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP and RESTORE: one value in Redis's serialized form (the value as an RDB file holds it, the RDB version and a
 * CRC-64), so values move between Redjay and Redis in both directions.
 *
 * <p>A payload that fails to decode is answered "Bad data format" and its reason logged at verbose level, as Redis
 * logs it in a RESTORE (the reason names the check that failed, such as "Ziplist integrity check failed.").
 */
final class DumpCommands {
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private DumpCommands() {
    }

    // RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
    static void restore(CommandContext ctx) {
        boolean replace = false;
        boolean absttl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < ctx.argc(); j++) {
            boolean more = ctx.argc() - j - 1 >= 1;
            if (is(ctx.arg(j), "replace")) {
                replace = true;
            } else if (is(ctx.arg(j), "absttl")) {
                absttl = true;
            } else if (is(ctx.arg(j), "idletime") && more && freq == -1) {
                idle = ctx.longArg(++j);
                if (idle < 0) {
                    throw CommandError.of("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (is(ctx.arg(j), "freq") && more && idle == -1) {
                freq = ctx.longArg(++j);
                if (freq < 0 || freq > 255) {
                    throw CommandError.of("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        if (!replace && db.lookupWrite(key) != null) {
            throw CommandError.of("BUSYKEY Target key name already exists.");
        }
        long ttl = ctx.longArg(2);
        if (ttl < 0) {
            throw CommandError.of("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = ctx.arg(3);
        if (!DumpPayload.verify(payload, ctx.config().skipChecksumValidation)) {
            throw CommandError.of("ERR DUMP payload version or checksum are wrong");
        }
        Object value;
        try {
            value = DumpPayload.decode(payload, EncodingLimits.of(ctx.config()));
        } catch (RdbException e) {
            LOG.debug("Internal error in RDB reading offset 0, RESTORE payload -> {}", e.getMessage());
            throw CommandError.of("ERR Bad data format");
        }
        boolean deleted = replace && db.remove(key) != null;
        if (ttl != 0 && !absttl) {
            ttl += ctx.now();
        }
        if (ttl != 0 && ttl < ctx.now()) {
            if (deleted) {
                ctx.propagateAs(DEL, key);
                db.modified(key, Events.GENERIC, "del");
            }
            ctx.reply().ok();
            return;
        }
        KeyEntry e = db.add(key, value);
        if (ttl != 0) {
            db.setExpire(e, ttl);
            if (!absttl) {
                byte[][] argv = Arrays.copyOf(ctx.argv(), ctx.argc() + 1);
                argv[2] = Numbers.longToBytes(ttl);
                argv[argv.length - 1] = ABSTTL;
                ctx.propagateAs(argv);
            }
        }
        db.restoreAccess(e, idle, (int) freq);
        db.modified(key, Events.GENERIC, "restore");
        ctx.reply().ok();
    }

    private static boolean is(byte[] arg, String word) {
        return io.redjay.command.Text.is(arg, word);
    }

    // DUMP key
    static void dump(CommandContext ctx) {
        KeyEntry e = ctx.db().lookup(ctx.arg(1));
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().bulk(RdbEncoder.dumpPayload(e.value(), ctx.config().rdbcompression));
    }
}
