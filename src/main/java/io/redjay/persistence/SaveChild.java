package io.redjay.persistence;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * A process that stands for a background save, where Redis would have its forked child. Redjay saves on its own
 * executor and needs no child, but operators and tools know a BGSAVE or an AOF rewrite by its child process: they
 * find it with {@code pgrep -P <server pid>} and abort a save that is hurting the disk with {@code kill}. Redis's own
 * test suite does exactly that. So each background save starts a small process of its own (a {@code cat} reading a
 * pipe from the server, which ends by itself when the server goes, even after a {@code kill -9}), and when that
 * process dies of a signal while the save runs, the save is aborted as Redis handles a child killed by that signal.
 * When the save ends first, the process is simply stopped.
 */
final class SaveChild {
    private final Process process;
    private volatile boolean released;

    private SaveChild(Process process) {
        this.process = process;
    }

    /**
     * Starts the stand-in; {@code killed} receives the signal on the executor if it dies while not released. Null,
     * with saving unaffected, when no process can be started.
     */
    static SaveChild start(Executor executor, IntConsumer killed) {
        Process p;
        try {
            p = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        SaveChild child = new SaveChild(p);
        p.onExit().thenRun(() -> {
            if (!child.released) {
                int status = p.exitValue();
                executor.execute(() -> {
                    if (!child.released) {
                        child.released = true;
                        killed.accept(status > 128 ? status - 128 : status);
                    }
                });
            }
        });
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** The save is over (or aborted by the server itself): the stand-in goes without being reported. */
    void release() {
        released = true;
        process.destroy();
    }
}
