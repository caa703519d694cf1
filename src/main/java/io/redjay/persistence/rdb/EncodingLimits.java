package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.types.SetLimits;

/**
 * The size thresholds a loaded value is built under, so that it ends up in the encoding Redjay would give a value of
 * its size, whatever encoding the file used: a hash saved as a listpack by a server with a larger
 * {@code hash-max-listpack-entries} becomes a table here, and a big set saved by a server with a smaller limit
 * becomes compact.
 */
public record EncodingLimits(long listFill, SetLimits sets, long hashMaxEntries, long hashMaxValue,
                             long zsetMaxEntries, long zsetMaxValue) {

    public static EncodingLimits of(Config c) {
        return new EncodingLimits(c.listMaxListpackSize,
                new SetLimits(c.setMaxIntsetEntries, c.setMaxListpackEntries, c.setMaxListpackValue),
                c.hashMaxListpackEntries, c.hashMaxListpackValue, c.zsetMaxListpackEntries, c.zsetMaxListpackValue);
    }
}
