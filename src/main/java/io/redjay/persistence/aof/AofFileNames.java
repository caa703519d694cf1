package io.redjay.persistence.aof;

/**
 * The names Redis 7.0 gives the files of a multi-part AOF, all derived from {@code appendfilename}: the manifest
 * ({@code <appendfilename>.manifest}) and its temporary twin, the base ({@code <appendfilename>.<seq>.base.rdb} or
 * {@code .base.aof}), the incrs ({@code <appendfilename>.<seq>.incr.aof}) and the temporary incr a rewrite started
 * with AOF off accumulates into. Keeping them in one place keeps Redjay's directory interchangeable with Redis's.
 */
public final class AofFileNames {
    private static final String TEMP_PREFIX = "temp-";

    private AofFileNames() {
    }

    /** {@code <appendfilename>.manifest}. */
    public static String manifest(String appendFilename) {
        return appendFilename + ".manifest";
    }

    /** {@code temp-<appendfilename>.manifest}, the file a new manifest is written to before the rename. */
    public static String tempManifest(String manifestName) {
        return TEMP_PREFIX + manifestName;
    }

    /** {@code temp-<appendfilename>.incr}, where commands go while a rewrite started by enabling AOF runs. */
    public static String tempIncr(String appendFilename) {
        return TEMP_PREFIX + appendFilename + ".incr";
    }

    /** {@code <appendfilename>.<seq>.base.rdb}, or {@code .base.aof} without an RDB preamble. */
    public static String base(String appendFilename, long seq, boolean rdbPreamble) {
        return appendFilename + "." + seq + ".base" + (rdbPreamble ? ".rdb" : ".aof");
    }

    /** {@code <appendfilename>.<seq>.incr.aof}. */
    public static String incr(String appendFilename, long seq) {
        return appendFilename + "." + seq + ".incr.aof";
    }
}
