package io.redjay.config;

import io.redjay.config.ConfigValues.BoolSetter;
import io.redjay.config.ConfigValues.Check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import static io.redjay.config.ConfigParam.DENY_LOADING;
import static io.redjay.config.ConfigParam.HIDDEN;
import static io.redjay.config.ConfigParam.IMMUTABLE;
import static io.redjay.config.ConfigParam.MULTI_ARG;
import static io.redjay.config.ConfigParam.PROTECTED;
import static io.redjay.config.ConfigParam.SENSITIVE;
import static io.redjay.config.ConfigValues.MEMORY;
import static io.redjay.config.ConfigValues.OCTAL;
import static io.redjay.config.ConfigValues.PERCENT;

/**
 * The table of configuration parameters: the one description that the config file reader, command-line overrides,
 * CONFIG GET/SET and CONFIG REWRITE all use. It lists Redis 7.0.15's parameters with their aliases, bounds, defaults
 * and flags, in the order of config.c.
 *
 * <p>Parameters Redjay acts on are bound to fields of {@link Config}. The others (cluster, TLS,
 * defragmentation, CPU affinity...) are still accepted, validated and reported exactly as Redis does, so that
 * configuration files and test suites written for Redis work unchanged; their values live in {@link Config#inert}.
 * Two parameters that only appeared in Redis 7.2 ({@code set-max-listpack-*}) are present but hidden, so that
 * {@code CONFIG GET *} still lists what 7.0.15 lists.
 */
public final class ConfigTable {
    private static final int MOD = 0;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long UINT_MAX = 0xFFFFFFFFL;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long ULLONG_MAX = -1L;
    private static final long MB = 1024L * 1024;
    /** Redis accepts any hz but runs (and reports) it within these bounds. */
    private static final long MIN_HZ = 1;
    private static final long MAX_HZ = 500;
    private static final String[] PROTECTED_ACTION = {"no", "yes", "local"};
    private static final int[] PROTECTED_ACTION_VALUES = {0, 1, 2};

    private final Map<String, ConfigParam> byName = new LinkedHashMap<>();
    private final List<ConfigParam> params = new ArrayList<>();

    private ConfigTable() {
    }

    public static ConfigTable standard() {
        ConfigTable t = new ConfigTable();
        t.bools();
        t.strings();
        t.enums();
        t.numbers();
        t.tls();
        t.specials();
        return t;
    }

    private void bools() {
        bool("rdbchecksum", null, IMMUTABLE, c -> c.rdbchecksum, (c, v) -> c.rdbchecksum = v, true);
        bool("daemonize", null, IMMUTABLE, c -> c.daemonize, (c, v) -> c.daemonize = v, false);
        bool("io-threads-do-reads", null, IMMUTABLE, c -> c.ioThreadsDoReads, (c, v) -> c.ioThreadsDoReads = v, false);
        bool("always-show-logo", null, IMMUTABLE, c -> c.alwaysShowLogo, (c, v) -> c.alwaysShowLogo = v, false);
        bool("protected-mode", null, MOD, c -> c.protectedMode, (c, v) -> c.protectedMode = v, true);
        bool("rdbcompression", null, MOD, c -> c.rdbcompression, (c, v) -> c.rdbcompression = v, true);
        bool("rdb-del-sync-files", null, MOD, c -> c.rdbDelSyncFiles, (c, v) -> c.rdbDelSyncFiles = v, false);
        bool("activerehashing", null, MOD, c -> c.activeRehashing, (c, v) -> c.activeRehashing = v, true);
        bool("stop-writes-on-bgsave-error", null, MOD, c -> c.stopWritesOnBgsaveError,
                (c, v) -> c.stopWritesOnBgsaveError = v, true);
        inertBool("set-proc-title", null, IMMUTABLE, true, null);
        bool("dynamic-hz", null, MOD, c -> c.dynamicHz, (c, v) -> c.dynamicHz = v, true);
        bool("lazyfree-lazy-eviction", null, MOD, c -> c.lazyfreeLazyEviction, (c, v) -> c.lazyfreeLazyEviction = v,
                false);
        bool("lazyfree-lazy-expire", null, MOD, c -> c.lazyfreeLazyExpire, (c, v) -> c.lazyfreeLazyExpire = v, false);
        bool("lazyfree-lazy-server-del", null, MOD, c -> c.lazyfreeLazyServerDel,
                (c, v) -> c.lazyfreeLazyServerDel = v, false);
        bool("lazyfree-lazy-user-del", null, MOD, c -> c.lazyfreeLazyUserDel, (c, v) -> c.lazyfreeLazyUserDel = v,
                false);
        bool("lazyfree-lazy-user-flush", null, MOD, c -> c.lazyfreeLazyUserFlush,
                (c, v) -> c.lazyfreeLazyUserFlush = v, false);
        bool("repl-disable-tcp-nodelay", null, MOD, c -> c.replDisableTcpNodelay,
                (c, v) -> c.replDisableTcpNodelay = v, false);
        bool("repl-diskless-sync", null, MOD, c -> c.replDisklessSync, (c, v) -> c.replDisklessSync = v, true);
        bool("aof-rewrite-incremental-fsync", null, MOD, c -> c.aofRewriteIncrementalFsync,
                (c, v) -> c.aofRewriteIncrementalFsync = v, true);
        bool("no-appendfsync-on-rewrite", null, MOD, c -> c.noAppendfsyncOnRewrite,
                (c, v) -> c.noAppendfsyncOnRewrite = v, false);
        inertBool("cluster-require-full-coverage", null, MOD, true, null);
        bool("rdb-save-incremental-fsync", null, MOD, c -> c.rdbSaveIncrementalFsync,
                (c, v) -> c.rdbSaveIncrementalFsync = v, true);
        bool("aof-load-truncated", null, MOD, c -> c.aofLoadTruncated, (c, v) -> c.aofLoadTruncated = v, true);
        bool("aof-use-rdb-preamble", null, MOD, c -> c.aofUseRdbPreamble, (c, v) -> c.aofUseRdbPreamble = v, true);
        bool("aof-timestamp-enabled", null, MOD, c -> c.aofTimestampEnabled, (c, v) -> c.aofTimestampEnabled = v,
                false);
        inertBool("cluster-replica-no-failover", "cluster-slave-no-failover", MOD, false, null);
        bool("replica-lazy-flush", "slave-lazy-flush", MOD, c -> c.replicaLazyFlush,
                (c, v) -> c.replicaLazyFlush = v, false);
        bool("replica-serve-stale-data", "slave-serve-stale-data", MOD, c -> c.replicaServeStaleData,
                (c, v) -> c.replicaServeStaleData = v, true);
        bool("replica-read-only", "slave-read-only", MOD, c -> c.replicaReadOnly, (c, v) -> c.replicaReadOnly = v,
                true);
        bool("replica-ignore-maxmemory", "slave-ignore-maxmemory", MOD, c -> c.replicaIgnoreMaxmemory,
                (c, v) -> c.replicaIgnoreMaxmemory = v, true);
        inertBool("jemalloc-bg-thread", null, MOD, true, null);
        inertBool("activedefrag", null, MOD, false, v -> {
            if (v) {
                throw new ConfigException("Active defragmentation cannot be enabled: it requires a Redis server "
                        + "compiled with a modified Jemalloc like the one shipped by default with the Redis source "
                        + "distribution");
            }
        });
        bool("syslog-enabled", null, IMMUTABLE, c -> c.syslogEnabled, (c, v) -> c.syslogEnabled = v, false);
        inertBool("cluster-enabled", null, IMMUTABLE, false, null);
        bool("appendonly", null, DENY_LOADING, c -> c.appendonly, (c, v) -> c.appendonly = v, false);
        inertBool("cluster-allow-reads-when-down", null, MOD, false, null);
        inertBool("cluster-allow-pubsubshard-when-down", null, MOD, true, null);
        inertBool("crash-log-enabled", null, MOD, true, null);
        inertBool("crash-memcheck-enabled", null, MOD, true, null);
        inertBool("use-exit-on-panic", null, HIDDEN, false, null);
        inertBool("disable-thp", null, IMMUTABLE, true, null);
        inertBool("cluster-allow-replica-migration", null, MOD, true, null);
        bool("replica-announced", null, MOD, c -> c.replicaAnnounced, (c, v) -> c.replicaAnnounced = v, true);
        bool("latency-tracking", null, MOD, c -> c.latencyTracking, (c, v) -> c.latencyTracking = v, true);
        bool("aof-disable-auto-gc", null, MOD, c -> c.aofDisableAutoGc, (c, v) -> c.aofDisableAutoGc = v, false);
        bool("replica-ignore-disk-write-errors", null, MOD, c -> c.replicaIgnoreDiskWriteErrors,
                (c, v) -> c.replicaIgnoreDiskWriteErrors = v, false);
    }

    private void strings() {
        string("aclfile", null, IMMUTABLE, c -> c.aclfile, (c, v) -> c.aclfile = v, "", null);
        string("unixsocket", null, IMMUTABLE, c -> c.unixsocket, (c, v) -> c.unixsocket = v, null, null);
        string("pidfile", null, IMMUTABLE, c -> c.pidfile, (c, v) -> c.pidfile = v, null, null);
        string("replica-announce-ip", "slave-announce-ip", MOD, c -> c.replicaAnnounceIp,
                (c, v) -> c.replicaAnnounceIp = v, null, null);
        string("masteruser", null, SENSITIVE, c -> c.masteruser, (c, v) -> c.masteruser = v, null, null);
        inertString("cluster-announce-ip", null, MOD, null, null);
        inertString("cluster-config-file", null, IMMUTABLE, "nodes.conf", null);
        inertString("cluster-announce-hostname", null, MOD, null, ConfigTable::checkHostname);
        string("syslog-ident", null, IMMUTABLE, c -> c.syslogIdent, (c, v) -> c.syslogIdent = v, "redis", null);
        string("dbfilename", null, PROTECTED, c -> c.dbfilename, (c, v) -> c.dbfilename = v, "dump.rdb", v -> {
            if (!isBaseName(v)) {
                throw new ConfigException("dbfilename can't be a path, just a filename");
            }
        });
        string("appendfilename", null, IMMUTABLE, c -> c.appendfilename, (c, v) -> c.appendfilename = v,
                "appendonly.aof", v -> {
                    if (v.isEmpty()) {
                        throw new ConfigException("appendfilename can't be empty");
                    }
                    if (!isBaseName(v)) {
                        throw new ConfigException("appendfilename can't be a path, just a filename");
                    }
                });
        string("appenddirname", null, IMMUTABLE, c -> c.appenddirname, (c, v) -> c.appenddirname = v,
                "appendonlydir", v -> {
                    if (v.isEmpty()) {
                        throw new ConfigException("appenddirname can't be empty");
                    }
                    if (!isBaseName(v)) {
                        throw new ConfigException("appenddirname can't be a path, just a dirname");
                    }
                });
        inertString("server_cpulist", null, IMMUTABLE, null, null);
        inertString("bio_cpulist", null, IMMUTABLE, null, null);
        inertString("aof_rewrite_cpulist", null, IMMUTABLE, null, null);
        inertString("bgsave_cpulist", null, IMMUTABLE, null, null);
        inertString("ignore-warnings", null, MOD, "", null);
        inertString("proc-title-template", null, MOD, "{title} {listen-addr} {server-mode}", null);
        inertString("bind-source-addr", null, MOD, null, null);
        string("logfile", null, IMMUTABLE, c -> c.logfile, (c, v) -> c.logfile = v, "", null);
        string("masterauth", null, SENSITIVE, c -> c.masterauth, (c, v) -> c.masterauth = v, null, null);
        string("requirepass", null, SENSITIVE, c -> c.requirepass, (c, v) -> c.requirepass = v, null, null);
    }

    private void enums() {
        enumeration("supervised", IMMUTABLE, c -> c.supervised, (c, v) -> c.supervised = v,
                new String[] {"upstart", "systemd", "auto", "no"}, new int[] {3, 2, 1, 0}, "no");
        enumeration("syslog-facility", IMMUTABLE, c -> c.syslogFacility, (c, v) -> c.syslogFacility = v,
                new String[] {"user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"},
                new int[] {8, 128, 136, 144, 152, 160, 168, 176, 184}, "local0");
        enumeration("repl-diskless-load", DENY_LOADING, c -> c.replDisklessLoad, (c, v) -> c.replDisklessLoad = v,
                new String[] {"disabled", "on-empty-db", "swapdb"}, new int[] {0, 1, 2}, "disabled");
        enumeration("loglevel", MOD, c -> c.loglevel, (c, v) -> c.loglevel = v,
                new String[] {"debug", "verbose", "notice", "warning"}, new int[] {0, 1, 2, 3}, "notice");
        enumeration("maxmemory-policy", MOD, c -> c.maxmemoryPolicy, (c, v) -> c.maxmemoryPolicy = v,
                new String[] {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
                        "allkeys-lfu", "allkeys-random", "noeviction"},
                new int[] {1, 2, 3, 4, 5, 6, 7, 8}, "noeviction");
        enumeration("appendfsync", MOD, c -> c.appendfsync, (c, v) -> c.appendfsync = v,
                new String[] {"everysec", "always", "no"}, new int[] {1, 2, 0}, "everysec");
        inertEnum("oom-score-adj", MOD, new String[] {"no", "yes", "relative", "absolute"},
                new int[] {0, 1, 1, 2}, "no");
        enumeration("acl-pubsub-default", MOD, c -> c.aclPubsubDefault, (c, v) -> c.aclPubsubDefault = v,
                new String[] {"allchannels", "resetchannels"}, new int[] {1, 0}, "resetchannels");
        enumeration("sanitize-dump-payload", MOD, c -> c.sanitizeDumpPayload, (c, v) -> c.sanitizeDumpPayload = v,
                new String[] {"no", "yes", "clients"}, new int[] {0, 1, 2}, "no");
        enumeration("enable-protected-configs", IMMUTABLE, c -> c.enableProtectedConfigs,
                (c, v) -> c.enableProtectedConfigs = v, PROTECTED_ACTION, PROTECTED_ACTION_VALUES, "no");
        enumeration("enable-debug-command", IMMUTABLE, c -> c.enableDebugCommand, (c, v) -> c.enableDebugCommand = v,
                PROTECTED_ACTION, PROTECTED_ACTION_VALUES, "no");
        enumeration("enable-module-command", IMMUTABLE, c -> c.enableModuleCommand,
                (c, v) -> c.enableModuleCommand = v, PROTECTED_ACTION, PROTECTED_ACTION_VALUES, "no");
        inertEnum("cluster-preferred-endpoint-type", MOD, new String[] {"ip", "hostname", "unknown-endpoint"},
                new int[] {0, 1, 2}, "ip");
        enumeration("propagation-error-behavior", MOD, c -> c.propagationErrorBehavior,
                (c, v) -> c.propagationErrorBehavior = v, new String[] {"ignore", "panic", "panic-on-replicas"},
                new int[] {0, 1, 2}, "ignore");
        shutdownOnSignal("shutdown-on-sigint", c -> c.shutdownOnSigint, (c, v) -> c.shutdownOnSigint = v);
        shutdownOnSignal("shutdown-on-sigterm", c -> c.shutdownOnSigterm, (c, v) -> c.shutdownOnSigterm = v);
    }

    private void numbers() {
        number("databases", null, IMMUTABLE, 1, INT_MAX, c -> c.databases, (c, v) -> c.databases = (int) v, 16, 0);
        number("port", null, MOD, 0, 65535, c -> c.port, (c, v) -> c.port = (int) v, 6379, 0);
        number("io-threads", null, IMMUTABLE, 1, 128, c -> c.ioThreads, (c, v) -> c.ioThreads = (int) v, 1, 0);
        number("auto-aof-rewrite-percentage", null, MOD, 0, INT_MAX, c -> c.autoAofRewritePercentage,
                (c, v) -> c.autoAofRewritePercentage = (int) v, 100, 0);
        inertNumber("cluster-replica-validity-factor", "cluster-slave-validity-factor", MOD, 0, INT_MAX, 10, 0);
        number("list-max-listpack-size", "list-max-ziplist-size", MOD, INT_MIN, INT_MAX, c -> c.listMaxListpackSize,
                (c, v) -> c.listMaxListpackSize = v, -2, 0);
        number("tcp-keepalive", null, MOD, 0, INT_MAX, c -> c.tcpKeepalive, (c, v) -> c.tcpKeepalive = (int) v, 300,
                0);
        inertNumber("cluster-migration-barrier", null, MOD, 0, INT_MAX, 1, 0);
        inertNumber("active-defrag-cycle-min", null, MOD, 1, 99, 1, 0);
        inertNumber("active-defrag-cycle-max", null, MOD, 1, 99, 25, 0);
        inertNumber("active-defrag-threshold-lower", null, MOD, 0, 1000, 10, 0);
        inertNumber("active-defrag-threshold-upper", null, MOD, 0, 1000, 100, 0);
        number("lfu-log-factor", null, MOD, 0, INT_MAX, c -> c.lfuLogFactor, (c, v) -> c.lfuLogFactor = (int) v, 10,
                0);
        number("lfu-decay-time", null, MOD, 0, INT_MAX, c -> c.lfuDecayTime, (c, v) -> c.lfuDecayTime = (int) v, 1,
                0);
        number("replica-priority", "slave-priority", MOD, 0, INT_MAX, c -> c.replicaPriority,
                (c, v) -> c.replicaPriority = (int) v, 100, 0);
        number("repl-diskless-sync-delay", null, MOD, 0, INT_MAX, c -> c.replDisklessSyncDelay,
                (c, v) -> c.replDisklessSyncDelay = (int) v, 5, 0);
        number("maxmemory-samples", null, MOD, 1, INT_MAX, c -> c.maxmemorySamples,
                (c, v) -> c.maxmemorySamples = (int) v, 5, 0);
        number("maxmemory-eviction-tenacity", null, MOD, 0, 100, c -> c.maxmemoryEvictionTenacity,
                (c, v) -> c.maxmemoryEvictionTenacity = (int) v, 10, 0);
        number("timeout", null, MOD, 0, INT_MAX, c -> c.timeout, (c, v) -> c.timeout = (int) v, 0, 0);
        number("replica-announce-port", "slave-announce-port", MOD, 0, 65535, c -> c.replicaAnnouncePort,
                (c, v) -> c.replicaAnnouncePort = (int) v, 0, 0);
        number("tcp-backlog", null, IMMUTABLE, 0, INT_MAX, c -> c.tcpBacklog, (c, v) -> c.tcpBacklog = (int) v, 511,
                0);
        inertNumber("cluster-port", null, IMMUTABLE, 0, 65535, 0, 0);
        inertNumber("cluster-announce-bus-port", null, MOD, 0, 65535, 0, 0);
        inertNumber("cluster-announce-port", null, MOD, 0, 65535, 0, 0);
        inertNumber("cluster-announce-tls-port", null, MOD, 0, 65535, 0, 0);
        number("repl-timeout", null, MOD, 1, INT_MAX, c -> c.replTimeout, (c, v) -> c.replTimeout = (int) v, 60, 0);
        number("repl-ping-replica-period", "repl-ping-slave-period", MOD, 1, INT_MAX, c -> c.replPingReplicaPeriod,
                (c, v) -> c.replPingReplicaPeriod = (int) v, 10, 0);
        number("list-compress-depth", null, MOD, 0, INT_MAX, c -> c.listCompressDepth,
                (c, v) -> c.listCompressDepth = (int) v, 0, 0);
        number("rdb-key-save-delay", null, HIDDEN, INT_MIN, INT_MAX, c -> c.rdbKeySaveDelay,
                (c, v) -> c.rdbKeySaveDelay = (int) v, 0, 0);
        number("snapshot-slice-us", null, HIDDEN, 10, 1_000_000, c -> c.snapshotSliceMicros,
                (c, v) -> c.snapshotSliceMicros = v, 1000, 0);
        number("key-load-delay", null, HIDDEN, INT_MIN, INT_MAX, c -> c.keyLoadDelay,
                (c, v) -> c.keyLoadDelay = (int) v, 0, 0);
        number("active-expire-effort", null, MOD, 1, 10, c -> c.activeExpireEffort,
                (c, v) -> c.activeExpireEffort = (int) v, 1, 0);
        number("hz", null, MOD, 0, INT_MAX, c -> c.hz, (c, v) -> c.hz = (int) Math.max(MIN_HZ, Math.min(MAX_HZ, v)),
                10, 0);
        number("min-replicas-to-write", "min-slaves-to-write", MOD, 0, INT_MAX, c -> c.minReplicasToWrite,
                (c, v) -> c.minReplicasToWrite = (int) v, 0, 0);
        number("min-replicas-max-lag", "min-slaves-max-lag", MOD, 0, INT_MAX, c -> c.minReplicasMaxLag,
                (c, v) -> c.minReplicasMaxLag = (int) v, 10, 0);
        inertNumber("watchdog-period", null, HIDDEN, 0, INT_MAX, 0, 0);
        number("shutdown-timeout", null, MOD, 0, INT_MAX, c -> c.shutdownTimeout,
                (c, v) -> c.shutdownTimeout = (int) v, 10, 0);
        number("repl-diskless-sync-max-replicas", null, MOD, 0, INT_MAX, c -> c.replDisklessSyncMaxReplicas,
                (c, v) -> c.replDisklessSyncMaxReplicas = (int) v, 0, 0);
        unsigned("maxclients", null, MOD, 1, UINT_MAX, c -> c.maxclients,
                (c, v) -> c.maxclients = (int) Math.min(v, INT_MAX), 10000, 0);
        number("unixsocketperm", null, IMMUTABLE, 0, 0777, c -> c.unixsocketperm, (c, v) -> c.unixsocketperm = (int) v,
                0, OCTAL);
        inertUnsigned("socket-mark-id", IMMUTABLE, 0, UINT_MAX, 0, 0);
        inertNumber("active-defrag-max-scan-fields", null, MOD, 1, LONG_MAX, 1000, 0);
        number("slowlog-max-len", null, MOD, 0, LONG_MAX, c -> c.slowlogMaxLen,
                (c, v) -> c.slowlogMaxLen = (int) Math.min(v, INT_MAX), 128, 0);
        number("acllog-max-len", null, MOD, 0, LONG_MAX, c -> c.acllogMaxLen, (c, v) -> c.acllogMaxLen = v, 128, 0);
        number("busy-reply-threshold", "lua-time-limit", MOD, 0, LONG_MAX, c -> c.luaTimeLimit,
                (c, v) -> c.luaTimeLimit = v, 5000, 0);
        inertNumber("cluster-node-timeout", null, MOD, 0, LONG_MAX, 15000, 0);
        number("slowlog-log-slower-than", null, MOD, -1, LONG_MAX, c -> c.slowlogLogSlowerThan,
                (c, v) -> c.slowlogLogSlowerThan = v, 10000, 0);
        number("latency-monitor-threshold", null, MOD, 0, LONG_MAX, c -> c.latencyMonitorThreshold,
                (c, v) -> c.latencyMonitorThreshold = v, 0, 0);
        number("proto-max-bulk-len", null, MOD, MB, LONG_MAX, c -> c.protoMaxBulkLen, (c, v) -> c.protoMaxBulkLen = v,
                512 * MB, MEMORY);
        number("stream-node-max-entries", null, MOD, 0, LONG_MAX, c -> c.streamNodeMaxEntries,
                (c, v) -> c.streamNodeMaxEntries = v, 100, 0);
        number("repl-backlog-size", null, MOD, 1, LONG_MAX, c -> c.replBacklogSize, (c, v) -> c.replBacklogSize = v,
                MB, MEMORY);
        unsigned("maxmemory", null, MOD, 0, ULLONG_MAX, c -> c.maxmemory, (c, v) -> c.maxmemory = v, 0, MEMORY);
        inertUnsigned("cluster-link-sendbuf-limit", MOD, 0, ULLONG_MAX, 0, MEMORY);
        unsigned("hash-max-listpack-entries", "hash-max-ziplist-entries", MOD, 0, LONG_MAX,
                c -> c.hashMaxListpackEntries, (c, v) -> c.hashMaxListpackEntries = v, 512, 0);
        unsigned("set-max-intset-entries", null, MOD, 0, LONG_MAX, c -> c.setMaxIntsetEntries,
                (c, v) -> c.setMaxIntsetEntries = v, 512, 0);
        unsigned("zset-max-listpack-entries", "zset-max-ziplist-entries", MOD, 0, LONG_MAX,
                c -> c.zsetMaxListpackEntries, (c, v) -> c.zsetMaxListpackEntries = v, 128, 0);
        inertUnsigned("active-defrag-ignore-bytes", MOD, 1, LONG_MAX, 100 * MB, MEMORY);
        unsigned("hash-max-listpack-value", "hash-max-ziplist-value", MOD, 0, LONG_MAX, c -> c.hashMaxListpackValue,
                (c, v) -> c.hashMaxListpackValue = v, 64, MEMORY);
        unsigned("stream-node-max-bytes", null, MOD, 0, LONG_MAX, c -> c.streamNodeMaxBytes,
                (c, v) -> c.streamNodeMaxBytes = v, 4096, MEMORY);
        unsigned("zset-max-listpack-value", "zset-max-ziplist-value", MOD, 0, LONG_MAX, c -> c.zsetMaxListpackValue,
                (c, v) -> c.zsetMaxListpackValue = v, 64, MEMORY);
        unsigned("hll-sparse-max-bytes", null, MOD, 0, LONG_MAX, c -> c.hllSparseMaxBytes,
                (c, v) -> c.hllSparseMaxBytes = v, 3000, MEMORY);
        unsigned("tracking-table-max-keys", null, MOD, 0, LONG_MAX, c -> c.trackingTableMaxKeys,
                (c, v) -> c.trackingTableMaxKeys = v, 1000000, 0);
        unsigned("client-query-buffer-limit", null, MOD, MB, LONG_MAX, c -> c.clientQueryBufferLimit,
                (c, v) -> c.clientQueryBufferLimit = v, 1024 * MB, MEMORY);
        number("maxmemory-clients", null, MOD, -100, LONG_MAX, c -> c.maxmemoryClients,
                (c, v) -> c.maxmemoryClients = v, 0, MEMORY | PERCENT);
        number("repl-backlog-ttl", null, MOD, 0, LONG_MAX, c -> c.replBacklogTtl, (c, v) -> c.replBacklogTtl = v,
                3600, 0);
        number("auto-aof-rewrite-min-size", null, MOD, 0, LONG_MAX, c -> c.autoAofRewriteMinSize,
                (c, v) -> c.autoAofRewriteMinSize = v, 64 * MB, MEMORY);
        number("loading-process-events-interval-bytes", null, HIDDEN, 1024, INT_MAX,
                c -> c.loadingProcessEventsIntervalBytes, (c, v) -> c.loadingProcessEventsIntervalBytes = v,
                2 * MB, 0);
        unsigned("set-max-listpack-entries", null, HIDDEN, 0, LONG_MAX, c -> c.setMaxListpackEntries,
                (c, v) -> c.setMaxListpackEntries = v, 128, 0);
        unsigned("set-max-listpack-value", null, HIDDEN, 0, LONG_MAX, c -> c.setMaxListpackValue,
                (c, v) -> c.setMaxListpackValue = v, 64, MEMORY);
    }

    /** TLS is not supported yet; its parameters exist so that CONFIG GET and config files behave as in Redis. */
    private void tls() {
        inertNumber("tls-port", null, MOD, 0, 65535, 0, 0);
        inertNumber("tls-session-cache-size", null, MOD, 0, INT_MAX, 20 * 1024, 0);
        inertNumber("tls-session-cache-timeout", null, MOD, 0, INT_MAX, 300, 0);
        inertBool("tls-cluster", null, MOD, false, null);
        inertBool("tls-replication", null, MOD, false, null);
        inertEnum("tls-auth-clients", MOD, new String[] {"no", "yes", "optional"}, new int[] {0, 1, 2}, "yes");
        inertBool("tls-prefer-server-ciphers", null, MOD, false, null);
        inertBool("tls-session-caching", null, MOD, true, null);
        for (String name : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites")) {
            inertString(name, null, MOD, null, null);
        }
    }

    private void specials() {
        add("dir", null, PROTECTED | DENY_LOADING, ConfigSpecials.dir(), List.of(System.getProperty("user.dir")));
        add("save", null, MULTI_ARG | ConfigParam.ACCUMULATES, ConfigSpecials.save(),
                List.of("3600", "1", "300", "100", "60", "10000"));
        add("client-output-buffer-limit", null, MULTI_ARG, ConfigSpecials.clientOutputBufferLimit(),
                List.of("normal", "0", "0", "0", "slave", "268435456", "67108864", "60",
                        "pubsub", "33554432", "8388608", "60"));
        add("oom-score-adj-values", null, MULTI_ARG, ConfigSpecials.oomScoreAdjValues(), List.of("0", "200", "800"));
        add("notify-keyspace-events", null, MOD, ConfigSpecials.notifyKeyspaceEvents(), List.of(""));
        add("bind", null, MULTI_ARG, ConfigSpecials.bind(), List.of("*", "-::*"));
        add("replicaof", "slaveof", IMMUTABLE | MULTI_ARG, ConfigSpecials.replicaof(), List.of("no", "one"));
        add("latency-tracking-info-percentiles", null, MULTI_ARG, ConfigSpecials.latencyTrackingInfoPercentiles(),
                List.of("50", "99", "99.9"));
    }

    // ---------------------------------------------------------------- lookups

    /** The parameter called {@code name} (or one of its aliases), case-insensitively; null when unknown. */
    public ConfigParam find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every parameter once, by its primary name, in table order. */
    public List<ConfigParam> params() {
        return Collections.unmodifiableList(params);
    }

    /** Every name CONFIG GET patterns can match (primary names and aliases) with its parameter, in table order. */
    public Map<String, ConfigParam> names() {
        return Collections.unmodifiableMap(byName);
    }

    /** Sets every parameter to its default, as Redis does before reading the config file. */
    public void applyDefaults(Config c) {
        for (ConfigParam p : params) {
            p.reset(c);
        }
    }

    // ---------------------------------------------------------------- declaration helpers

    private void add(String name, String alias, int flags, ConfigParam.Value value, List<String> defaults) {
        ConfigParam p = new ConfigParam(name, alias == null ? List.of() : List.of(alias), flags, value, defaults);
        params.add(p);
        byName.put(name, p);
        if (alias != null) {
            byName.put(alias, p);
        }
    }

    private void bool(String name, String alias, int flags, Predicate<Config> get, BoolSetter set, boolean def) {
        add(name, alias, flags, ConfigValues.bool(get, set, def, null), List.of(def ? "yes" : "no"));
    }

    private void inertBool(String name, String alias, int flags, boolean def, Check<Boolean> check) {
        String d = def ? "yes" : "no";
        add(name, alias, flags, ConfigValues.bool(c -> c.inert.getOrDefault(name, d).equals("yes"),
                (c, v) -> c.inert.put(name, v ? "yes" : "no"), def, check), List.of(d));
    }

    private void number(String name, String alias, int flags, long min, long max, ToLongFunction<Config> get,
                        ObjLongConsumer<Config> set, long def, int numberFlags) {
        add(name, alias, flags, ConfigValues.number(get, set, min, max, def, numberFlags, false),
                List.of(Long.toString(def)));
    }

    private void unsigned(String name, String alias, int flags, long min, long max, ToLongFunction<Config> get,
                          ObjLongConsumer<Config> set, long def, int numberFlags) {
        add(name, alias, flags, ConfigValues.number(get, set, min, max, def, numberFlags, true),
                List.of(Long.toString(def)));
    }

    private void inertNumber(String name, String alias, int flags, long min, long max, long def, int numberFlags) {
        number(name, alias, flags, min, max, c -> inertLong(c, name, def), (c, v) -> c.inert.put(name,
                Long.toString(v)), def, numberFlags);
    }

    private void inertUnsigned(String name, int flags, long min, long max, long def, int numberFlags) {
        String d = (numberFlags & OCTAL) != 0 ? Long.toOctalString(def) : Long.toString(def);
        add(name, null, flags, ConfigValues.number(c -> inertLong(c, name, def),
                (c, v) -> c.inert.put(name, Long.toString(v)), min, max, def, numberFlags, true), List.of(d));
    }

    private static long inertLong(Config c, String name, long def) {
        String v = c.inert.get(name);
        return v == null ? def : Long.parseLong(v);
    }

    private void string(String name, String alias, int flags, Function<Config, String> get,
                        BiConsumer<Config, String> set, String def, Check<String> check) {
        add(name, alias, flags, ConfigValues.string(get, set, def, check), List.of(def == null ? "" : def));
    }

    private void inertString(String name, String alias, int flags, String def, Check<String> check) {
        String d = def == null ? "" : def;
        string(name, alias, flags, c -> c.inert.getOrDefault(name, d), (c, v) -> c.inert.put(name, v), def, check);
    }

    private void enumeration(String name, int flags, Function<Config, String> get, BiConsumer<Config, String> set,
                             String[] names, int[] values, String def) {
        add(name, null, flags, ConfigValues.enumeration(get, set, names, values, def, false, null), List.of(def));
    }

    private void inertEnum(String name, int flags, String[] names, int[] values, String def) {
        enumeration(name, flags, c -> c.inert.getOrDefault(name, def), (c, v) -> c.inert.put(name, v), names, values,
                def);
    }

    /** shutdown-on-sigint/sigterm: a set of flags; SAVE and NOSAVE exclude each other. */
    private void shutdownOnSignal(String name, Function<Config, String> get, BiConsumer<Config, String> set) {
        add(name, null, MULTI_ARG, ConfigValues.enumeration(get, set,
                new String[] {"default", "save", "nosave", "now", "force"}, new int[] {0, 1, 2, 4, 8}, "default", true,
                v -> {
                    if ((v & 1) != 0 && (v & 2) != 0) {
                        throw new ConfigException("shutdown options SAVE and NOSAVE can't be used simultaneously");
                    }
                }), List.of("default"));
    }

    private static boolean isBaseName(String path) {
        return path.indexOf('/') < 0 && path.indexOf('\\') < 0;
    }

    private static void checkHostname(String v) throws ConfigException {
        if (v.length() >= 256) {
            throw new ConfigException("Hostnames must be less than 256 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!(Character.isLetterOrDigit(ch) && ch < 128) && ch != '-' && ch != '.') {
                throw new ConfigException("Hostnames may only contain alphanumeric characters, hyphens or dots");
            }
        }
    }
}
