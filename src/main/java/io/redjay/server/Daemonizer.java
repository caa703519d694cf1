package io.redjay.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code daemonize yes} for a JVM, which cannot fork: the process the operator started launches the same server again
 * as a detached child (in a new session through {@code setsid} where available, standard input from
 * {@code /dev/null}), waits until the child accepts connections and exits 0, or, if the child fails first, relays its
 * error output and exits 1. The child knows it is the daemon from {@link #CHILD}; once ready it reports on its
 * standard output, which the parent reads, and then writes nothing there any more (a daemon logs to its
 * {@code logfile}, or nowhere, as Redis's does).
 */
public final class Daemonizer {
    /** Set in the daemon's environment by the launching process. */
    public static final String CHILD = "REDJAY_DAEMON_CHILD";
    private static final String READY = "REDJAY-DAEMON-READY";
    private static final PrintStream LAUNCHER_OUT = System.out;

    private Daemonizer() {
    }

    /** True in the process that the launcher started as the daemon. */
    public static boolean isDaemon() {
        return System.getenv(CHILD) != null;
    }

    /**
     * Starts the daemon with the same JVM options, class path and arguments, and waits for it; returns the exit
     * status for the launching process.
     */
    public static int launch(String mainClass, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectErrorStream(true);
        pb.environment().put(CHILD, "1");
        Process child = pb.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(READY)) {
                    return 0;
                }
                output.append(line).append('\n');
            }
        }
        System.err.print(output);
        System.err.flush();
        child.waitFor();
        return 1;
    }

    /**
     * In the daemon, once it accepts connections: tells the launcher, then detaches from the pipe it reads (further
     * output goes nowhere).
     */
    public static void ready() {
        LAUNCHER_OUT.println(READY);
        LAUNCHER_OUT.flush();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(none);
        System.setErr(none);
    }
}
