package io.redjay;

import io.redjay.config.Config;
import io.redjay.config.ConfigException;
import io.redjay.config.ConfigTable;
import io.redjay.config.ServerArgs;
import io.redjay.config.UnsupportedSettings;
import io.redjay.config.Version;
import io.redjay.keyspace.Clock;
import io.redjay.net.NetServer;
import io.redjay.net.SyslogAppender;
import io.redjay.server.MemoryTest;
import io.redjay.server.SystemCheck;
import io.redjay.server.Daemonizer;
import io.redjay.server.PidFile;
import io.redjay.server.Server;
import io.redjay.server.ServerLog;
import io.redjay.server.ShutdownSignals;
import io.redjay.server.StartupBanner;
import org.slf4j.Logger;

import java.util.List;

/**
 * Entry point: {@code redjay-server [configfile] [--name value ...]}, the same command line as {@code redis-server}.
 *
 * <p>It sits in the root package, above everything, because it is the one place that wires the server's state and
 * lifecycle ({@code server}) to the transport that carries clients to it ({@code net}), which depends on the server.
 */
public final class RedjayServer {
    private RedjayServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Redjay server v=" + Version.REDJAY + " redis_version=" + Version.REDIS
                    + " java=" + System.getProperty("java.version"));
            return;
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(usage());
            return;
        }
        if (args.length > 0 && args[0].equals("--test-memory")) {
            System.exit(MemoryTest.run(args));
            return;
        }
        if (args.length > 0 && args[0].equals("--check-system")) {
            System.exit(SystemCheck.run(System.out) ? 0 : 1);
            return;
        }
        ConfigTable table = ConfigTable.standard();
        Config config = new Config();
        try {
            ServerArgs.apply(table, config, ServerArgs.fromCommandLine(args));
        } catch (ConfigException e) {
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
            return;
        }
        List<String> refused = UnsupportedSettings.refused(table, config);
        if (!refused.isEmpty()) {
            System.err.println("\n*** FATAL CONFIG ERROR (Redjay " + Version.REDJAY + ", Redis " + Version.REDIS
                    + ") ***");
            for (String r : refused) {
                System.err.println(">>> " + r);
            }
            System.err.flush();
            System.exit(1);
            return;
        }
        if (config.daemonize && !Daemonizer.isDaemon()) {
            System.exit(Daemonizer.launch(RedjayServer.class.getName(), args));
            return;
        }
        if (config.daemonize && config.pidfile.isEmpty()) {
            config.pidfile = DEFAULT_DAEMON_PIDFILE;
        }
        ServerLog.configure(config);
        if (config.syslogEnabled) {
            SyslogAppender.attach(config);
        }
        Logger log = ServerLog.LOG;
        log.warn("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        log.warn("Redis version={}, bits=64, commit=00000000, modified=0, pid={}, just started", Version.REDIS,
                ProcessHandle.current().pid());
        if (config.configFile == null || config.configFile.isEmpty()) {
            log.warn("Warning: no config file specified, using the default config. In order to specify a config "
                    + "file use redjay-server /path/to/redis.conf");
        } else {
            log.warn("Configuration loaded");
        }
        Server server = new Server(config, table, Clock.SYSTEM);
        PidFile pidFile = PidFile.create(config.pidfile);
        NetServer net = new NetServer(server);
        ShutdownSignals.install(server);
        try {
            net.start();
        } catch (IllegalStateException e) {
            log.warn(e.getMessage());
            if (pidFile != null) {
                pidFile.remove();
            }
            System.exit(1);
            return;
        }
        StartupBanner.show(config, server.port());
        log.warn("Server initialized");
        String manifest = server.aof().readManifest();
        if (manifest != null) {
            for (String line : manifest.split("\n")) {
                log.warn(line);
            }
            System.exit(1);
            return;
        }
        boolean loading = config.appendonly
                ? server.aof().loadInBackground(server.rdb().loading(), failure -> loaded(failure, server, net))
                : server.loadRdbAtStartup(failure -> loaded(failure, server, net));
        if (!loading) {
            server.executor().execute(() -> loaded(null, server, net));
        }
        if (Daemonizer.isDaemon()) {
            Daemonizer.ready();
        }
        net.awaitTermination();
        if (pidFile != null) {
            pidFile.remove();
        }
        log.warn("Redis is now ready to exit, bye bye...");
    }

    /**
     * The start-up load ended (on the executor): the AOF opened for appending when it is on, then ready; or Redis's
     * closing lines for a file that cannot be loaded (or an AOF that cannot be opened) and exit 1, leaving the files
     * as they are.
     */
    private static void loaded(String failure, Server server, NetServer net) {
        if (failure == null) {
            failure = server.aof().openAtStart();
        }
        if (failure == null) {
            net.ready();
            server.restoreReplication(server.config().replicaof);
            return;
        }
        for (String line : failure.split("\n")) {
            ServerLog.LOG.warn(line);
        }
        System.exit(1);
    }

    /** Where a daemon without a {@code pidfile} writes its pid, as Redis. */
    private static final String DEFAULT_DAEMON_PIDFILE = "/var/run/redis.pid";

    static String usage() {
        return String.join("\n",
                "Usage: redjay-server [/path/to/redis.conf] [options] [-]",
                "       redjay-server - (read config from stdin)",
                "       redjay-server -v or --version",
                "       redjay-server -h or --help",
                "       redjay-server --test-memory <megabytes>",
                "       redjay-server --check-system",
                "",
                "Examples:",
                "       redjay-server (run the server with default conf)",
                "       redjay-server conf/redjay.conf",
                "       redjay-server --port 7777",
                "       redjay-server --port 7777 --replicaof 127.0.0.1 8888",
                "       redjay-server /etc/redjay/6379.conf --loglevel verbose -",
                "       redjay-server --save \"\" --appendonly no");
    }
}
