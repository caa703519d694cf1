package io.redjay.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pidfile}: written at start-up with the server's pid and a newline, removed at shutdown, as Redis does, so
 * init scripts and supervisors that read it find the running server. A file that cannot be written is a warning, not
 * a reason to stop (Redis's behaviour too).
 */
public final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes {@code file} (nothing when it is null or empty); returns the handle that removes it, or null. */
    public static PidFile create(String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        try {
            Files.writeString(p, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            ServerLog.LOG.warn("Failed to write PID file: {}", e.getMessage());
        }
        return new PidFile(p);
    }

    /** Removes the file at shutdown. */
    public void remove() {
        ServerLog.LOG.info("Removing the pid file.");
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            ServerLog.LOG.warn("Failed to remove PID file: {}", e.getMessage());
        }
    }
}
