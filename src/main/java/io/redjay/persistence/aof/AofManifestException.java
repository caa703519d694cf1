package io.redjay.persistence.aof;

import java.util.ArrayList;
import java.util.List;

/**
 * A manifest Redis would refuse to start with. The message is Redis's reason, word for word; when the reason is
 * about a particular line, the line number (counted as Redis counts them, comments included) and the trimmed line
 * come with it, so the server can log the same block Redis logs before exiting.
 */
public final class AofManifestException extends Exception {
    private final int lineNumber;
    private final String line;

    AofManifestException(String reason, int lineNumber, String line) {
        super(reason);
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** The 1-based line the reason is about, or 0 when it is about the whole file or a line was not read. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line after trimming, or null with {@link #lineNumber()} 0. */
    public String line() {
        return line;
    }

    /**
     * The messages Redis passes to its logger, one per log line, in order: the banner, the line number and the line
     * when there is one, and the reason.
     */
    public List<String> logMessages() {
        List<String> out = new ArrayList<>(4);
        out.add("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
        if (line != null) {
            out.add("Reading the manifest file, at line " + lineNumber + "\n");
            out.add(">>> '" + line + "'\n");
        }
        out.add(getMessage() + "\n");
        return out;
    }
}
