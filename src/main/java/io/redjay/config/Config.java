package io.redjay.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The live value of every configuration parameter, as plain fields read directly by the code that uses them (the
 * executor reads {@code hz} each tick, the parser reads {@code protoMaxBulkLen} each request). Values are written only
 * through {@link ConfigTable}, which parses, validates and formats them: that table, not this class, is the single
 * description of the parameters.
 */
public final class Config {
    public int port = 6379;
    public List<String> bind = new ArrayList<>(List.of("*", "-::*"));
    public boolean protectedMode = true;
    public String requirepass = "";
    public int maxclients = 10000;
    public int timeout;
    public int tcpKeepalive = 300;
    public int tcpBacklog = 511;
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    public long clientQueryBufferLimit = 1024L * 1024 * 1024;
    public int databases = 16;
    public String dir = ".";
    public String dbfilename = "dump.rdb";
    public String save = "3600 1 300 100 60 10000";
    public boolean appendonly;
    public String appendfsync = "everysec";
    public String appendfilename = "appendonly.aof";
    public String appenddirname = "appendonlydir";
    public String loglevel = "notice";
    public String logfile = "";
    public boolean syslogEnabled;
    public String syslogIdent = "redis";
    public String syslogFacility = "local0";
    public String pidfile = "";
    public boolean daemonize;
    public boolean alwaysShowLogo;
    public String supervised = "no";
    public int hz = 10;
    public boolean dynamicHz = true;
    public long maxmemory;
    public String maxmemoryPolicy = "noeviction";
    public int maxmemorySamples = 5;
    public int ioThreads = 1;
    public boolean ioThreadsDoReads;
    public int notifyKeyspaceEvents;
    public long slowlogLogSlowerThan = 10000;
    public int slowlogMaxLen = 128;
    public long latencyMonitorThreshold;
    public String enableDebugCommand = "no";
    public String enableProtectedConfigs = "no";
    public long listMaxListpackSize = -2;
    public int listCompressDepth;
    public long setMaxIntsetEntries = 512;
    public long setMaxListpackEntries = 128;
    public long setMaxListpackValue = 64;
    public long hashMaxListpackEntries = 512;
    public long hashMaxListpackValue = 64;
    public long zsetMaxListpackEntries = 128;
    public long zsetMaxListpackValue = 64;
    public long luaTimeLimit = 5000;
    public boolean activeRehashing = true;
    public boolean lazyfreeLazyUserDel;
    public boolean lazyfreeLazyUserFlush;
    public boolean lazyfreeLazyExpire;
    public boolean lazyfreeLazyEviction;
    public boolean lazyfreeLazyServerDel;
    public boolean replicaServeStaleData = true;
    public boolean replicaReadOnly = true;
    public String replicaof = "";
    public String masterauth = "";
    public String masteruser = "";
    public long replBacklogSize = 1024 * 1024;
    public boolean rdbcompression = true;
    public boolean rdbchecksum = true;
    public boolean stopWritesOnBgsaveError = true;
    public long clientOutputBufferLimitNormalHard;
    public long clientOutputBufferLimitNormalSoft;
    public long clientOutputBufferLimitNormalSeconds;
    public long clientOutputBufferLimitReplicaHard = 256L * 1024 * 1024;
    public long clientOutputBufferLimitReplicaSoft = 64L * 1024 * 1024;
    public long clientOutputBufferLimitReplicaSeconds = 60;
    public long clientOutputBufferLimitPubsubHard = 32L * 1024 * 1024;
    public long clientOutputBufferLimitPubsubSoft = 8L * 1024 * 1024;
    public long clientOutputBufferLimitPubsubSeconds = 60;
    public String unixsocket = "";
    /** The unix socket's permission bits (0: as the umask leaves them). */
    public int unixsocketperm;
    public boolean latencyTracking = true;
    public String latencyTrackingInfoPercentiles = "50 99 99.9";
    public String aclPubsubDefault = "resetchannels";
    public String configFile = "";
    public int activeExpireEffort = 1;
    public int lfuLogFactor = 10;
    public int lfuDecayTime = 1;
    public int maxmemoryEvictionTenacity = 10;
    /** Bytes, or a percentage of maxmemory stored negated (-10 means 10%), as Redis stores it. */
    public long maxmemoryClients;
    public long streamNodeMaxEntries = 100;
    public long streamNodeMaxBytes = 4096;
    public long hllSparseMaxBytes = 3000;
    public long trackingTableMaxKeys = 1000000;
    public long acllogMaxLen = 128;
    public String aclfile = "";
    public int minReplicasToWrite;
    public int minReplicasMaxLag = 10;
    public int replTimeout = 60;
    public int replPingReplicaPeriod = 10;
    public long replBacklogTtl = 3600;
    public boolean replDisklessSync = true;
    public int replDisklessSyncDelay = 5;
    public int replDisklessSyncMaxReplicas;
    public String replDisklessLoad = "disabled";
    public boolean replDisableTcpNodelay;
    public boolean replicaLazyFlush;
    public int replicaPriority = 100;
    public boolean replicaIgnoreMaxmemory = true;
    public String replicaAnnounceIp = "";
    public int replicaAnnouncePort;
    public boolean replicaAnnounced = true;
    public boolean replicaIgnoreDiskWriteErrors;
    public int autoAofRewritePercentage = 100;
    public long autoAofRewriteMinSize = 64L * 1024 * 1024;
    public boolean aofUseRdbPreamble = true;
    public boolean aofLoadTruncated = true;
    public boolean aofTimestampEnabled;
    public boolean aofRewriteIncrementalFsync = true;
    public boolean rdbSaveIncrementalFsync = true;
    public boolean noAppendfsyncOnRewrite;
    public boolean aofDisableAutoGc;
    public boolean rdbDelSyncFiles;
    public int rdbKeySaveDelay;
    /**
     * Redjay's own: how long one slice of a background snapshot or of a start-up load may keep the executor from
     * clients, in microseconds. Hidden from CONFIG GET patterns, as Redis hides its debugging knobs, so that tools
     * comparing a whole CONFIG GET with Redis's see no difference.
     */
    public long snapshotSliceMicros = 1000;
    public int keyLoadDelay;
    public long loadingProcessEventsIntervalBytes = 2L * 1024 * 1024;
    public int shutdownTimeout = 10;
    public String shutdownOnSigint = "default";
    public String shutdownOnSigterm = "default";
    public String enableModuleCommand = "no";
    public String sanitizeDumpPayload = "no";
    public String propagationErrorBehavior = "ignore";
    /**
     * Not a directive: set by DEBUG SET-SKIP-CHECKSUM-VALIDATION, after which RESTORE accepts a payload whatever its
     * CRC-64 says (tests of corrupt payloads do not bother to fake one). Runtime state kept here because it is
     * per server, as the configuration is.
     */
    public boolean skipChecksumValidation;
    /**
     * Parameters accepted and reported for compatibility with Redis tooling but not acted upon (cluster, TLS,
     * defragmentation, CPU affinity...), keyed by name, each in a canonical text form
     * (yes/no, a decimal number, an enum name, a string).
     */
    public final java.util.Map<String, String> inert = new java.util.HashMap<>();
}
