package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.RdbEncoder;

/**
 * DUMP and RESTORE: one value in Redis's serialized form (the value as an RDB file holds it, the RDB version and a
 * CRC-64), so values move between Redjay and Redis in both directions.
 */
final class DumpCommands {
    private DumpCommands() {
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
