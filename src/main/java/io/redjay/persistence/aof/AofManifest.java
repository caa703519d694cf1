package io.redjay.persistence.aof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The list of files a multi-part AOF consists of, as Redis 7.0 keeps it in {@code <appendfilename>.manifest}: at
 * most one base (the last rewrite's snapshot), the history files a rewrite replaced and that wait for deletion, and
 * the incr files of commands written since, loaded in order after the base.
 *
 * <p><b>Why mirror Redis's bookkeeping exactly.</b> The directory must stay interchangeable with Redis's in both
 * directions, and Redis decides file names from two counters, not from the files present: the base counter is the
 * base's sequence when the manifest was read, the incr counter the last incr's. A rewrite bumps the first for the
 * new base and the second for the incr it opens; the history keeps Redis's order (most recently replaced first),
 * which is also what {@link #format()} writes after the base and before the incrs. A Redjay that numbered files any
 * other way would, after a restart under Redis, collide with or skip names Redis expects.
 *
 * <p><b>Why parse like C.</b> {@link #parse} reads lines as {@code fgets} into a 1025-byte buffer does, tokenises
 * with {@code sdssplitargs} and fails with Redis's messages, so a manifest Redis rejects is rejected here with the
 * same words and line number, and one Redis accepts (unknown keys, comments, keywords in any case) is accepted.
 *
 * <p>Changes go to a {@link #copy()} first, as in Redis, which persists the copy and only then adopts it: a failed
 * manifest write leaves the live manifest as it was. File names are bytes in Redis; here they are UTF-8 strings,
 * the encoding Java uses for file names on Linux.
 */
public final class AofManifest {
    private static final int MAX_LINE = 1024;

    private final String appendFilename;
    private AofFile base;
    private final List<AofFile> history;
    private final List<AofFile> incrs;
    private long baseSeq;
    private long incrSeq;
    private boolean dirty;

    private AofManifest(String appendFilename, AofFile base, List<AofFile> history, List<AofFile> incrs,
            long baseSeq, long incrSeq, boolean dirty) {
        this.appendFilename = Objects.requireNonNull(appendFilename, "appendFilename");
        this.base = base;
        this.history = history;
        this.incrs = incrs;
        this.baseSeq = baseSeq;
        this.incrSeq = incrSeq;
        this.dirty = dirty;
    }

    /** The manifest of a directory that has none yet: no files, both counters at 0. */
    public static AofManifest empty(String appendFilename) {
        return new AofManifest(appendFilename, null, new ArrayList<>(), new ArrayList<>(), 0, 0, false);
    }

    /**
     * Reads a manifest's bytes as {@code aofLoadManifestFromFile} does. New names will be derived from
     * {@code appendFilename}, as Redis derives them from its configuration, not from the names read.
     */
    public static AofManifest parse(String appendFilename, byte[] content) throws AofManifestException {
        AofManifest m = empty(appendFilename);
        long maxIncrSeq = 0;
        int lineNumber = 0;
        int pos = 0;
        while (pos < content.length) {
            int end = chunkEnd(content, pos);
            byte[] chunk = Arrays.copyOfRange(content, pos, end);
            pos = end;
            lineNumber++;
            if (chunk[0] == '#') {
                continue;
            }
            byte[] visible = ManifestSyntax.cString(chunk);
            if (indexOf(visible, (byte) '\n') < 0) {
                throw new AofManifestException("The AOF manifest file contains too long line", 0, null);
            }
            byte[] line = ManifestSyntax.trim(visible);
            AofFile file = parseLine(line, lineNumber);
            switch (file.type()) {
                case BASE -> {
                    if (m.base != null) {
                        throw lineError("Found duplicate base file information", lineNumber, line);
                    }
                    m.base = file;
                    m.baseSeq = file.seq();
                }
                case HISTORY -> m.history.add(file);
                case INCR -> {
                    if (file.seq() <= maxIncrSeq) {
                        throw lineError("Found a non-monotonic sequence number", lineNumber, line);
                    }
                    m.incrs.add(file);
                    m.incrSeq = file.seq();
                    maxIncrSeq = file.seq();
                }
            }
        }
        if (lineNumber == 0) {
            throw new AofManifestException("Found an empty AOF manifest", 0, null);
        }
        return m;
    }

    /** Where {@code fgets(buf, MAX_LINE + 1, fp)} starting at {@code pos} stops: after a newline or MAX_LINE bytes. */
    private static int chunkEnd(byte[] content, int pos) {
        int limit = Math.min(content.length, pos + MAX_LINE);
        for (int i = pos; i < limit; i++) {
            if (content[i] == '\n') {
                return i + 1;
            }
        }
        return limit;
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static AofFile parseLine(byte[] line, int lineNumber) throws AofManifestException {
        String invalid = "Invalid AOF manifest file format";
        if (line.length == 0) {
            throw lineError(invalid, lineNumber, line);
        }
        List<byte[]> args = io.redjay.protocol.InlineSplitter.split(line);
        if (args == null || args.size() < 6 || args.size() % 2 != 0) {
            throw lineError(invalid, lineNumber, line);
        }
        byte[] name = null;
        long seq = 0;
        int type = 0;
        for (int i = 0; i < args.size(); i += 2) {
            byte[] key = args.get(i);
            byte[] value = args.get(i + 1);
            if (ManifestSyntax.equalsIgnoreCase(key, "file")) {
                name = ManifestSyntax.cString(value);
                if (indexOf(name, (byte) '/') >= 0 || indexOf(name, (byte) '\\') >= 0) {
                    throw lineError("File can't be a path, just a filename", lineNumber, line);
                }
            } else if (ManifestSyntax.equalsIgnoreCase(key, "seq")) {
                seq = ManifestSyntax.atoll(value);
            } else if (ManifestSyntax.equalsIgnoreCase(key, "type")) {
                type = value.length == 0 ? 0 : value[0] & 0xff;
            }
        }
        if (name == null || seq == 0 || type == 0) {
            throw lineError(invalid, lineNumber, line);
        }
        AofFile.Type t = AofFile.Type.of(type);
        if (t == null) {
            throw lineError("Unknown AOF file type", lineNumber, line);
        }
        return new AofFile(new String(name, StandardCharsets.UTF_8), seq, t);
    }

    private static AofManifestException lineError(String reason, int lineNumber, byte[] line) {
        return new AofManifestException(reason, lineNumber, new String(line, StandardCharsets.UTF_8));
    }

    /**
     * The bytes Redis's {@code getAofManifestAsString} produces: one {@code file <name> seq <n> type <c>} line per
     * file, base first, then history, then incrs, names quoted when they hold blanks, quotes or unprintable bytes.
     */
    public byte[] format() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (base != null) {
            formatLine(out, base);
        }
        for (AofFile f : history) {
            formatLine(out, f);
        }
        for (AofFile f : incrs) {
            formatLine(out, f);
        }
        return out.toByteArray();
    }

    private static void formatLine(ByteArrayOutputStream out, AofFile f) {
        byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
        out.writeBytes("file ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ManifestSyntax.needsRepr(name) ? ManifestSyntax.repr(name) : name);
        out.writeBytes((" seq " + f.seq() + " type " + f.type().code() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A rewrite's new base ({@code getNewBaseFileNameAndMarkPreAsHistory}): the current base, if any, moves to the
     * front of the history, and the new one takes the next base sequence number. Returns its name.
     */
    public String newBaseName(boolean rdbPreamble) {
        if (base != null) {
            history.add(0, base.as(AofFile.Type.HISTORY));
        }
        baseSeq++;
        base = new AofFile(AofFileNames.base(appendFilename, baseSeq, rdbPreamble), baseSeq, AofFile.Type.BASE);
        dirty = true;
        return base.name();
    }

    /** A new incr at the end of the list with the next incr sequence number ({@code getNewIncrAofName}). */
    public String newIncrName() {
        incrSeq++;
        AofFile f = new AofFile(AofFileNames.incr(appendFilename, incrSeq), incrSeq, AofFile.Type.INCR);
        incrs.add(f);
        dirty = true;
        return f.name();
    }

    /** The incr commands are appended to: the last one, or a new one when there is none ({@code getLastIncrAofName}). */
    public String lastIncrName() {
        return incrs.isEmpty() ? newIncrName() : incrs.get(incrs.size() - 1).name();
    }

    /**
     * After a successful rewrite ({@code markRewrittenIncrAofAsHistory}): the incrs the new base contains become
     * history, each moved to the front so the history stays newest first. With AOF on, the last incr is the one
     * being written and stays; with AOF off, all of them go.
     */
    public void markRewrittenIncrsAsHistory(boolean aofOpen) {
        if (incrs.isEmpty()) {
            return;
        }
        int keep = aofOpen ? 1 : 0;
        while (incrs.size() > keep) {
            int last = incrs.size() - 1 - keep;
            history.add(0, incrs.remove(last).as(AofFile.Type.HISTORY));
        }
        dirty = true;
    }

    /**
     * An old single-file AOF adopted as the base ({@code aofUpgradePrepare}): the file keeps its name
     * ({@code appendfilename}) and becomes base 1.
     */
    public void adoptOldStyleFileAsBase() {
        base = new AofFile(appendFilename, 1, AofFile.Type.BASE);
        baseSeq = 1;
        dirty = true;
    }

    /** The history has been deleted from disk: forget it ({@code aofDelHistoryFiles}). */
    public void clearHistory() {
        history.clear();
        dirty = true;
    }

    /** A deep copy, counters and dirty flag included, to change and persist before adopting it. */
    public AofManifest copy() {
        return new AofManifest(appendFilename, base, new ArrayList<>(history), new ArrayList<>(incrs), baseSeq,
                incrSeq, dirty);
    }

    public String appendFilename() {
        return appendFilename;
    }

    /** The base file, or null. */
    public AofFile base() {
        return base;
    }

    /** History files, most recently replaced first (the manifest's order); read-only view. */
    public List<AofFile> history() {
        return Collections.unmodifiableList(history);
    }

    /** Incr files in load order; read-only view. */
    public List<AofFile> incrs() {
        return Collections.unmodifiableList(incrs);
    }

    /** Redis's {@code curr_base_file_seq}: the last base sequence number handed out or read. */
    public long currentBaseSeq() {
        return baseSeq;
    }

    /** Redis's {@code curr_incr_file_seq}: the last incr sequence number handed out or read. */
    public long currentIncrSeq() {
        return incrSeq;
    }

    /** Changed since read or last {@link #markPersisted()}: Redis skips writing a manifest that is not dirty. */
    public boolean dirty() {
        return dirty;
    }

    /** The manifest has been written out. */
    public void markPersisted() {
        dirty = false;
    }
}
