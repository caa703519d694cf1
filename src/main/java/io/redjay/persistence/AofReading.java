package io.redjay.persistence;

import io.redjay.config.Config;
import io.redjay.persistence.aof.AofCommandReader;
import io.redjay.persistence.aof.AofFile;
import io.redjay.persistence.aof.AofManifest;
import io.redjay.persistence.aof.AofStreamException;
import io.redjay.persistence.rdb.EncodingLimits;
import io.redjay.persistence.rdb.RdbException;
import io.redjay.persistence.rdb.RdbReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the files of an AOF as Redis 7.0's {@code loadAppendOnlyFiles} does: the base (an RDB file, recognised by
 * its {@code REDIS} signature, or commands), then each incr file in manifest order, everything handed to a
 * {@link BackgroundLoad.Sink} that applies it in order.
 *
 * <p><b>What may be forgiven.</b> Only the last file may end early: a command cut off by a crash mid-write (or a
 * {@code MULTI} whose {@code EXEC} never made it) is the expected state of an AOF after a power loss, and with
 * {@code aof-load-truncated yes} the file is cut back to its last complete command and loaded, with Redis's
 * warning. The same damage in an earlier file means the files do not belong together, and start-up stops; so does
 * anything that is not a command, an unknown command, or a file the manifest names that is missing. Unlike Redis,
 * an earlier file is never cut before being refused: a refused directory is left exactly as it was.
 */
final class AofReading implements BackgroundLoad.Reading {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final byte[] RDB_SIGNATURE = {'R', 'E', 'D', 'I', 'S'};
    static final String FIX_HINT = "make a backup of your AOF file, then use ./redis-check-aof --fix "
            + "<filename.manifest>";

    private final Path dir;
    private final List<AofFile> files;
    private final boolean hasBase;
    private final Config config;
    private final int databases;
    private final LoadProgress progress;
    private String sizeError;

    AofReading(Path dir, AofManifest manifest, Config config, int databases, LoadProgress progress) {
        this.dir = dir;
        this.files = new ArrayList<>();
        if (manifest.base() != null) {
            files.add(manifest.base());
        }
        files.addAll(manifest.incrs());
        this.hasBase = manifest.base() != null;
        this.config = config;
        this.databases = databases;
        this.progress = progress;
    }

    /** The files' total size, or -1 when one the manifest names cannot be found ({@link #sizeError} says which). */
    long totalSize() {
        long total = 0;
        for (AofFile f : files) {
            try {
                total += Files.size(dir.resolve(f.name()));
            } catch (IOException e) {
                sizeError = "Unable to obtain the AOF file " + f.name() + " length. stat: " + strerror(e);
                return -1;
            }
        }
        return total;
    }

    /** Redis's line for the file {@link #totalSize} could not find, which stops start-up. */
    String sizeError() {
        return sizeError;
    }

    long baseSize() {
        try {
            return hasBase ? Files.size(dir.resolve(files.get(0).name())) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String read(BackgroundLoad.Sink sink) {
        for (int i = 0; i < files.size(); i++) {
            String failure = readFile(files.get(i).name(), i == 0 && hasBase, i == files.size() - 1, sink);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private String readFile(String name, boolean base, boolean last, BackgroundLoad.Sink sink) {
        Path path = dir.resolve(name);
        long start = System.nanoTime();
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return "Fatal error: can't open the append log file " + name + " for reading: " + strerror(e);
        }
        if (size == 0) {
            return null;
        }
        long tail = 0;
        try {
            if (startsWithRdb(path)) {
                boolean oldStyle = name.equals(config.appendfilename);
                LOG.info(oldStyle ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
                try (InputStream in = progress.counting(Files.newInputStream(path))) {
                    RdbReader reader = new RdbReader(in, EncodingLimits.of(config), databases);
                    reader.read(sink);
                    tail = reader.offset();
                } catch (RdbException e) {
                    return RdbFailure.describe(e, progress.loadedBytes());
                }
                if (oldStyle) {
                    LOG.info("Reading the remaining AOF tail...");
                }
            }
            String failure = readCommands(path, name, tail, size, last, sink);
            if (failure != null) {
                return failure;
            }
        } catch (IOException e) {
            return "Unrecoverable error reading the append only file " + name + ": " + strerror(e);
        } catch (RdbException e) {
            return "loading abandoned";
        }
        String kind = base ? "base" : "incr";
        try {
            sink.then(() -> LOG.info("DB loaded from {} file {}: {} seconds", kind, name,
                    String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9)));
        } catch (RdbException e) {
            return "loading abandoned";
        }
        return null;
    }

    private static boolean startsWithRdb(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(RDB_SIGNATURE.length), RDB_SIGNATURE);
        }
    }

    /** The commands from {@code offset} to the end; null when loaded (perhaps after cutting a torn tail). */
    private String readCommands(Path path, String name, long offset, long size, boolean last,
                                BackgroundLoad.Sink sink) throws IOException, RdbException {
        try (InputStream raw = Files.newInputStream(path)) {
            raw.skipNBytes(offset);
            AofCommandReader reader = new AofCommandReader(progress.counting(new BufferedInputStream(raw, 1 << 16)),
                    offset, size);
            try {
                for (byte[][] argv = reader.next(); argv != null; argv = reader.next()) {
                    sink.command(argv, name);
                }
            } catch (AofStreamException e) {
                if (e.kind() == AofStreamException.Kind.BAD_FORMAT) {
                    return "Bad file format reading the append only file " + name + ": " + FIX_HINT;
                }
                return truncated(path, name, e.offset(), last);
            }
            if (reader.inMulti()) {
                LOG.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", name);
                return truncated(path, name, reader.validBeforeMulti(), last);
            }
        }
        return null;
    }

    /** Redis's {@code uxeof}: the file ends inside a command (or a transaction). */
    private String truncated(Path path, String name, long validUpTo, boolean last) {
        if (config.aofLoadTruncated) {
            LOG.warn("!!! Warning: short read while loading the AOF file {}!!!", name);
            if (!last) {
                return "Fatal error: the truncated file is not the last file";
            }
            LOG.warn("!!! Truncating the AOF {} at offset {} !!!", name, validUpTo);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(validUpTo);
                ch.force(true);
                LOG.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
                return null;
            } catch (IOException e) {
                LOG.warn("Error truncating the AOF file {}: {}", name, strerror(e));
            }
        }
        return "Unexpected end of file reading the append only file " + name + ". You can: 1) Make a backup of "
                + "your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set "
                + "the 'aof-load-truncated' configuration option to yes and restart the server.";
    }

    static String strerror(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
