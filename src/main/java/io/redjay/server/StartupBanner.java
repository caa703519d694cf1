package io.redjay.server;

import io.redjay.config.Config;
import io.redjay.config.Version;

/**
 * The start-up banner, shown where Redis shows its ASCII logo: when the log goes to a terminal (no log file, no
 * syslog) or {@code always-show-logo yes}; otherwise the one line Redis logs instead, {@code Running
 * mode=standalone, port=N.}. It is written once the port is bound and before the dataset is loaded, as Redis
 * does, and it carries {@code PID: <pid>}: tools that start the server (Redis's test suite among them) wait for
 * that line before they connect, even while a long load is still answering {@code -LOADING}.
 *
 * <p>The art is Redjay's own; the facts on it are the ones Redis's logo gives.
 */
public final class StartupBanner {
    private StartupBanner() {
    }

    public static void show(Config config, int port) {
        boolean terminal = !config.syslogEnabled && config.logfile.isEmpty() && System.console() != null;
        if (!terminal && !config.alwaysShowLogo) {
            ServerLog.LOG.info("Running mode=standalone, port={}.", port);
            return;
        }
        String banner = String.join("\n",
                "",
                "      .--.        Redjay " + Version.REDJAY + " (Redis " + Version.REDIS + " compatible) 64 bit",
                "     ( o> )",
                "     /)  )\\       Running in standalone mode",
                "    //  ///       Port: " + port,
                "   '---'''        PID: " + ProcessHandle.current().pid(),
                "",
                "");
        ServerLog.LOG.info(CrashReport.RAW, banner);
    }
}
