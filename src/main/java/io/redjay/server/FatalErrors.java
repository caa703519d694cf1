package io.redjay.server;

/**
 * The last resort for an error no code path handles. The executor answers an allocation failure inside a command
 * and carries on ({@link MemoryManager}); an {@code OutOfMemoryError} that escapes on any other thread may have left
 * an I/O loop, a timer or the logger itself half-dead, and a process in that state keeps its port open while
 * answering nothing, which is worse for a supervisor than a crash. So the process says why in the log and exits
 * with status 1, to be restarted. Other uncaught exceptions are logged with the thread's name and the process goes
 * on, as the thread's work is retried by its owner (Netty's loops catch their own).
 */
final class FatalErrors {
    private FatalErrors() {
    }

    static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                try {
                    ServerLog.LOG.warn("Out of memory in thread {} ({}): exiting so that the server can be "
                            + "restarted", thread.getName(), e.getMessage());
                } finally {
                    Runtime.getRuntime().halt(1);
                }
            }
            ServerLog.LOG.warn("Uncaught exception in thread {}: {}", thread.getName(), e.toString());
        });
    }
}
