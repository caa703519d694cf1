package io.redjay.server;

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
    public String pidfile = "";
    public boolean daemonize;
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
    public long hashMaxListpackEntries = 128;
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
    public boolean latencyTracking = true;
    public String latencyTrackingInfoPercentiles = "50 99 99.9";
    public String aclPubsubDefault = "resetchannels";
    public String configFile = "";
}
