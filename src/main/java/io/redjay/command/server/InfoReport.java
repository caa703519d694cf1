package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Command;
import io.redjay.command.InfoLatencyHistogram;
import io.redjay.command.MemoryView;
import io.redjay.command.ServerView;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.config.Version;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Keyspace;
import io.redjay.stats.Stats;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of INFO: Redis 7.0's sections, in Redis's order, with Redis's field names, one {@code name:value\r\n} line
 * each, a {@code # Title} line opening every section and an empty line between sections.
 *
 * <p>Section selection follows Redis: no argument means the default set; {@code default}, {@code all} and
 * {@code everything} may be mixed with section names; names are case-insensitive, unknown names select nothing. A
 * section is printed once however often it is asked for, always in the fixed order.
 *
 * <p>Fields Redis derives from machinery Redjay does not have (forks, allocator internals, replication links,
 * defragmentation) keep their names and report the value of an idle Redis, so tools that parse INFO find every field
 * they expect.
 */
final class InfoReport {
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private final ServerView server;
    private final Set<String> sections = new HashSet<>();
    private boolean all;
    private final StringBuilder out = new StringBuilder(4096);
    private int printed;

    private InfoReport(ServerView server) {
        this.server = server;
    }

    /** The INFO text for the arguments {@code argv[from..]}. */
    static String render(ServerView server, byte[][] argv, int from) {
        InfoReport r = new InfoReport(server);
        if (argv.length <= from) {
            r.sections.addAll(DEFAULT_SECTIONS);
        }
        for (int i = from; i < argv.length; i++) {
            String s = Text.latin1(argv[i]).toLowerCase(Locale.ROOT);
            switch (s) {
                case "default" -> r.sections.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> r.all = true;
                default -> r.sections.add(s);
            }
        }
        r.build();
        return r.out.toString();
    }

    private boolean wants(String... names) {
        if (all) {
            return true;
        }
        for (String n : names) {
            if (sections.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private void section(String title) {
        if (printed++ > 0) {
            out.append("\r\n");
        }
        out.append("# ").append(title).append("\r\n");
    }

    private void field(String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private void build() {
        if (wants("server")) {
            server();
        }
        if (wants("clients")) {
            clients();
        }
        if (wants("memory")) {
            memory();
        }
        if (wants("persistence")) {
            persistence();
        }
        if (wants("stats")) {
            stats();
        }
        if (wants("replication")) {
            replication();
        }
        if (wants("cpu")) {
            cpu();
        }
        if (wants("module_list", "modules")) {
            section("Modules");
        }
        if (wants("commandstats")) {
            commandStats();
        }
        if (wants("errorstats")) {
            errorStats();
        }
        if (wants("latencystats")) {
            latencyStats();
        }
        if (wants("cluster")) {
            section("Cluster");
            field("cluster_enabled", 0);
        }
        if (wants("keyspace")) {
            keyspace();
        }
    }

    private void server() {
        Config cfg = server.config();
        long nowMicros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        long uptime = server.uptimeMillis() / 1000;
        section("Server");
        field("redis_version", Version.REDIS);
        field("redis_git_sha1", "00000000");
        field("redis_git_dirty", 0);
        field("redis_build_id", buildId());
        field("redis_mode", "standalone");
        field("os", InfoSystem.os());
        field("arch_bits", InfoSystem.archBits());
        field("monotonic_clock", "POSIX clock_gettime");
        field("multiplexing_api", "epoll");
        field("atomicvar_api", "c11-builtin");
        field("gcc_version", "0.0.0");
        field("process_id", ProcessHandle.current().pid());
        field("process_supervised", "no");
        field("run_id", server.runId());
        field("tcp_port", server.port() != 0 ? server.port() : cfg.port);
        field("server_time_usec", nowMicros);
        field("uptime_in_seconds", uptime);
        field("uptime_in_days", uptime / 86400);
        field("hz", cfg.hz);
        field("configured_hz", cfg.hz);
        field("lru_clock", (System.currentTimeMillis() / 1000) & ((1 << 24) - 1));
        field("executable", InfoSystem.executable());
        field("config_file", cfg.configFile);
        field("io_threads_active", 0);
        field("redjay_version", Version.REDJAY);
    }

    private static String buildId() {
        return Long.toHexString(Version.REDJAY.hashCode() & 0xffffffffL | 0x100000000L).substring(1)
                + "00000000";
    }

    private void clients() {
        long maxIn = 0;
        long maxOut = 0;
        int paused = 0;
        for (Client c : server.clients()) {
            maxIn = Math.max(maxIn, c.querybufPeak());
            maxOut = Math.max(maxOut, c.outputBytes());
            if (c.suspended() && !server.blocking().isBlocked(c)) {
                paused++;
            }
        }
        section("Clients");
        field("connected_clients", server.clients().size() - server.replication().replicas().size());
        field("cluster_connections", 0);
        field("maxclients", server.config().maxclients);
        field("client_recent_max_input_buffer", maxIn);
        field("client_recent_max_output_buffer", maxOut);
        // Redis 7.0 counts a client held by CLIENT PAUSE as blocked (BLOCKED_PAUSE) like one waiting on keys.
        field("blocked_clients", server.blocking().blockedClients() + server.replication().waitingClients() + paused);
        field("tracking_clients", 0);
        field("clients_in_timeout_table", 0);
    }

    private void memory() {
        Config cfg = server.config();
        MemoryView memory = server.memory();
        long used = memory.usedMemory();
        long peak = memory.peak();
        long rss = InfoSystem.rss();
        long startup = memory.startupBytes();
        long system = InfoSystem.totalSystemMemory();
        long clientsMem = memory.clientBytes();
        long overhead = memory.overheadBytes();
        long dataset = used - overhead;
        double frag = used == 0 ? 0 : (double) rss / used;
        section("Memory");
        field("used_memory", used);
        field("used_memory_human", InfoSystem.human(used));
        field("used_memory_rss", rss);
        field("used_memory_rss_human", InfoSystem.human(rss));
        field("used_memory_peak", peak);
        field("used_memory_peak_human", InfoSystem.human(peak));
        field("used_memory_peak_perc", fixed(peak == 0 ? 0 : used * 100.0 / peak, 2) + "%");
        field("used_memory_overhead", overhead);
        field("used_memory_startup", startup);
        field("used_memory_dataset", dataset);
        field("used_memory_dataset_perc", fixed(used - startup <= 0 ? 0
                : Math.min(100.0, dataset * 100.0 / (used - startup)), 2) + "%");
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long committed = rt.totalMemory();
        field("allocator_allocated", heapUsed);
        field("allocator_active", committed);
        field("allocator_resident", committed);
        field("total_system_memory", system);
        field("total_system_memory_human", InfoSystem.human(system));
        field("used_memory_lua", 31744);
        field("used_memory_vm_eval", 31744);
        field("used_memory_lua_human", InfoSystem.human(31744));
        field("used_memory_scripts_eval", server.scripting().cacheBytes());
        field("number_of_cached_scripts", server.scripting().cachedScripts());
        io.redjay.scripting.FunctionLibraries functions = server.scripting().functions();
        field("number_of_functions", functions.functionCount());
        field("number_of_libraries", functions.libraryCount());
        field("used_memory_vm_functions", functions.vmBytes());
        field("used_memory_vm_total", 31744 + functions.vmBytes());
        field("used_memory_vm_total_human", InfoSystem.human(31744 + functions.vmBytes()));
        field("used_memory_functions", functions.overheadBytes());
        long scripts = server.scripting().cacheBytes() + functions.overheadBytes();
        field("used_memory_scripts", scripts);
        field("used_memory_scripts_human", InfoSystem.human(scripts));
        field("maxmemory", cfg.maxmemory);
        field("maxmemory_human", InfoSystem.human(cfg.maxmemory));
        field("maxmemory_policy", cfg.maxmemoryPolicy);
        field("allocator_frag_ratio", fixed(heapUsed == 0 ? 1 : (double) committed / heapUsed, 2));
        field("allocator_frag_bytes", committed - heapUsed);
        field("allocator_rss_ratio", fixed(committed == 0 ? 1 : (double) rss / committed, 2));
        field("allocator_rss_bytes", rss - committed);
        field("rss_overhead_ratio", fixed(1.0, 2));
        field("rss_overhead_bytes", 0);
        field("mem_fragmentation_ratio", fixed(frag, 2));
        field("mem_fragmentation_bytes", rss - used);
        field("mem_not_counted_for_evict", memory.replicaClientBytes());
        field("mem_replication_backlog", 0);
        field("mem_total_replication_buffers", 0);
        field("mem_clients_slaves", memory.replicaClientBytes());
        field("mem_clients_normal", clientsMem);
        field("mem_cluster_links", 0);
        field("mem_aof_buffer", server.aof().bufferLength());
        field("mem_allocator", "jvm");
        field("active_defrag_running", 0);
        field("lazyfree_pending_objects", 0);
        field("lazyfreed_objects", 0);
    }

    private void persistence() {
        Config cfg = server.config();
        section("Persistence");
        io.redjay.persistence.LoadProgress load = server.rdb().loading();
        field("loading", load.active() ? 1 : 0);
        field("async_loading", server.rdb().asyncLoading() ? 1 : 0);
        io.redjay.persistence.RdbSaver rdb = server.rdb();
        io.redjay.persistence.AppendOnlyFile aof = server.aof();
        boolean rewriting = aof.rewriting();
        field("current_cow_peak", rewriting ? aof.currentCowPeak() : rdb.currentCowPeak());
        field("current_cow_size", rewriting ? aof.currentCowBytes() : rdb.currentCowBytes());
        field("current_cow_size_age", 0);
        field("current_fork_perc", fixed(rewriting ? aof.progressPercent() : rdb.progressPercent(), 2));
        field("current_save_keys_processed", rewriting ? aof.keysProcessed() : rdb.keysProcessed());
        field("current_save_keys_total", rewriting ? aof.keysTotal() : rdb.keysTotal());
        field("rdb_changes_since_last_save", rdb.changesSinceSave());
        field("rdb_bgsave_in_progress", rdb.inProgress() ? 1 : 0);
        field("rdb_last_save_time", rdb.lastSave());
        field("rdb_last_bgsave_status", rdb.lastBgsaveOk() ? "ok" : "err");
        field("rdb_last_bgsave_time_sec", rdb.lastBgsaveSeconds());
        field("rdb_current_bgsave_time_sec", rdb.currentBgsaveSeconds());
        field("rdb_saves", rdb.saves());
        field("rdb_last_cow_size", rdb.lastCowBytes());
        field("rdb_last_load_keys_expired", rdb.lastLoadExpired());
        field("rdb_last_load_keys_loaded", rdb.lastLoadLoaded());
        field("aof_enabled", aof.enabled() ? 1 : 0);
        field("aof_rewrite_in_progress", rewriting ? 1 : 0);
        field("aof_rewrite_scheduled", aof.rewriteScheduled() ? 1 : 0);
        field("aof_last_rewrite_time_sec", aof.lastRewriteSeconds());
        field("aof_current_rewrite_time_sec", aof.currentRewriteSeconds());
        field("aof_last_bgrewrite_status", aof.lastRewriteOk() ? "ok" : "err");
        field("aof_rewrites", aof.rewrites());
        field("aof_rewrites_consecutive_failures", aof.consecutiveFailures());
        field("aof_last_write_status", aof.lastWriteOk() ? "ok" : "err");
        field("aof_last_cow_size", aof.lastCowBytes());
        field("module_fork_in_progress", 0);
        field("module_fork_last_cow_size", 0);
        if (cfg.appendonly) {
            field("aof_current_size", aof.currentSize());
            field("aof_base_size", aof.baseSize());
            field("aof_pending_rewrite", aof.rewriteScheduled() ? 1 : 0);
            field("aof_buffer_length", aof.bufferLength());
            field("aof_pending_bio_fsync", aof.pendingFsyncs());
            field("aof_delayed_fsync", aof.delayedFsyncs());
        }
        if (load.active()) {
            field("loading_start_time", load.startSeconds());
            field("loading_total_bytes", load.totalBytes());
            field("loading_rdb_used_mem", load.rdbUsedMem());
            field("loading_loaded_bytes", load.loadedBytes());
            field("loading_loaded_perc", fixed(load.percent(), 2));
            field("loading_eta_seconds", load.etaSeconds());
        }
    }

    private void stats() {
        Stats s = server.stats();
        Keyspace ks = server.keyspace();
        section("Stats");
        field("total_connections_received", s.totalConnectionsReceived);
        field("total_commands_processed", s.totalCommandsProcessed);
        field("instantaneous_ops_per_sec", s.instantaneousOps());
        field("total_net_input_bytes", s.netInputBytes);
        field("total_net_output_bytes", s.netOutputBytes);
        field("total_net_repl_input_bytes", 0);
        field("total_net_repl_output_bytes", 0);
        field("instantaneous_input_kbps", fixed(0, 2));
        field("instantaneous_output_kbps", fixed(0, 2));
        field("instantaneous_input_repl_kbps", fixed(0, 2));
        field("instantaneous_output_repl_kbps", fixed(0, 2));
        field("rejected_connections", s.rejectedConnections);
        field("sync_full", server.replication().fullSyncs());
        field("sync_partial_ok", server.replication().partialOk());
        field("sync_partial_err", server.replication().partialErr());
        field("expired_keys", ks.expiredKeys());
        field("expired_stale_perc", fixed(server.activeExpire().stalePercent(), 2));
        field("expired_time_cap_reached_count", s.expiredTimeCapReachedCount);
        field("expire_cycle_cpu_milliseconds", 0);
        field("evicted_keys", server.keyspace().evictedKeys());
        field("evicted_clients", server.memory().evictedClients());
        field("total_eviction_exceeded_time", 0);
        field("current_eviction_exceeded_time", 0);
        field("keyspace_hits", ks.hits());
        field("keyspace_misses", ks.misses());
        field("pubsub_channels", server.pubsub().channelCount());
        field("pubsub_patterns", server.pubsub().patternCount());
        field("pubsubshard_channels", server.pubsub().shardChannelCount());
        field("latest_fork_usec", 0);
        field("total_forks", server.rdb().backgroundSavesStarted() + server.aof().rewrites());
        field("migrate_cached_sockets", io.redjay.command.keys.MigrateCommand.cachedSockets());
        field("slave_expires_tracked_keys", 0);
        field("active_defrag_hits", 0);
        field("active_defrag_misses", 0);
        field("active_defrag_key_hits", 0);
        field("active_defrag_key_misses", 0);
        field("total_active_defrag_time", 0);
        field("current_active_defrag_time", 0);
        field("tracking_total_keys", 0);
        field("tracking_total_items", 0);
        field("tracking_total_prefixes", 0);
        field("unexpected_error_replies", s.unexpectedErrorReplies);
        field("total_error_replies", s.totalErrorReplies);
        field("dump_payload_sanitizations", 0);
        field("total_reads_processed", s.totalReadsProcessed);
        field("total_writes_processed", s.totalWritesProcessed);
        field("io_threaded_reads_processed", 0);
        field("io_threaded_writes_processed", 0);
        field("reply_buffer_shrinks", 0);
        field("reply_buffer_expands", 0);
    }

    /** {@code connected_slaves}, {@code min_slaves_good_slaves} and one {@code slaveN} line per replica. */
    private void replicaLines(io.redjay.replication.ReplicationMaster repl) {
        field("connected_slaves", repl.replicas().size());
        if (server.config().minReplicasToWrite > 0 && server.config().minReplicasMaxLag > 0) {
            field("min_slaves_good_slaves", repl.goodReplicas());
        }
        int n = 0;
        for (io.redjay.replication.ReplicaLink r : repl.replicas()) {
            String state = switch (r.state()) {
                case WAIT_START, WAIT_END -> "wait_bgsave";
                case ONLINE -> "online";
            };
            field("slave" + n++, "ip=" + r.ip() + ",port=" + r.port() + ",state=" + state + ",offset="
                    + r.ackOffset() + ",lag=" + r.lagSeconds());
        }
    }

    private void replication() {
        section("Replication");
        io.redjay.replication.ReplicationMaster repl = server.replication();
        io.redjay.replication.ReplicaOfMaster replica = server.replicaOf();
        if (replica.active()) {
            field("role", "slave");
            field("master_host", replica.masterHost());
            field("master_port", replica.masterPort());
            field("master_link_status", replica.linkUp() ? "up" : "down");
            field("master_last_io_seconds_ago", replica.linkUp() ? replica.lastIoSecondsAgo() : -1);
            field("master_sync_in_progress", replica.syncing() ? 1 : 0);
            long processed = replica.hasHistory() ? repl.offset() : 1;
            field("slave_read_repl_offset", processed);
            field("slave_repl_offset", processed);
            if (replica.syncing()) {
                long size = replica.transferSize();
                long read = replica.transferRead();
                field("master_sync_total_bytes", size);
                field("master_sync_read_bytes", read);
                field("master_sync_left_bytes", size - read);
                field("master_sync_perc", fixed(size == 0 ? 0 : (float) (100.0 * read / size), 2));
                field("master_sync_last_io_seconds_ago", replica.lastIoSecondsAgo());
            }
            if (!replica.linkUp()) {
                field("master_link_down_since_seconds", replica.downSinceSeconds());
            }
            field("slave_priority", server.config().replicaPriority);
            field("slave_read_only", server.config().replicaReadOnly ? 1 : 0);
            field("replica_announced", server.config().replicaAnnounced ? 1 : 0);
        } else {
            field("role", "master");
        }
        replicaLines(repl);
        field("master_failover_state", server.failover().stateName());
        field("master_replid", repl.replid());
        field("master_replid2", repl.replid2());
        field("master_repl_offset", repl.offset());
        field("second_repl_offset", repl.secondOffset());
        field("repl_backlog_active", repl.backlogActive() ? 1 : 0);
        field("repl_backlog_size", server.config().replBacklogSize);
        field("repl_backlog_first_byte_offset", repl.backlogFirstByte());
        field("repl_backlog_histlen", repl.backlogHistlen());
    }

    private void cpu() {
        long[] process = InfoSystem.processCpuMicros();
        long[] main = InfoSystem.threadCpuMicros();
        section("CPU");
        field("used_cpu_sys", InfoSystem.seconds(process[1]));
        field("used_cpu_user", InfoSystem.seconds(process[0]));
        field("used_cpu_sys_children", InfoSystem.seconds(0));
        field("used_cpu_user_children", InfoSystem.seconds(0));
        field("used_cpu_sys_main_thread", InfoSystem.seconds(main[1]));
        field("used_cpu_user_main_thread", InfoSystem.seconds(main[0]));
    }

    private void commandStats() {
        section("Commandstats");
        for (Command c : server.commands().allWithSubcommands()) {
            if (c.calls() == 0 && c.failedCalls() == 0 && c.rejectedCalls() == 0) {
                continue;
            }
            out.append("cmdstat_").append(safe(c.fullName())).append(":calls=").append(c.calls())
                    .append(",usec=").append(c.microseconds())
                    .append(",usec_per_call=").append(fixed(c.calls() == 0 ? 0 : (float) c.microseconds() / c.calls(), 2))
                    .append(",rejected_calls=").append(c.rejectedCalls())
                    .append(",failed_calls=").append(c.failedCalls()).append("\r\n");
        }
    }

    private void errorStats() {
        section("Errorstats");
        for (Map.Entry<String, Long> e : server.stats().errors.entrySet()) {
            out.append("errorstat_").append(safe(e.getKey())).append(":count=").append(e.getValue()).append("\r\n");
        }
    }

    private void latencyStats() {
        section("Latencystats");
        if (!server.config().latencyTracking) {
            return;
        }
        double[] percentiles = percentiles(server.config().latencyTrackingInfoPercentiles);
        for (Command c : server.commands().allWithSubcommands()) {
            InfoLatencyHistogram h = c.latencyHistogram();
            if (h == null) {
                continue;
            }
            out.append("latency_percentiles_usec_").append(safe(c.fullName())).append(':');
            for (int i = 0; i < percentiles.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append('p').append(trimDouble(percentiles[i])).append('=')
                        .append(fixed(h.valueAtPercentile(percentiles[i]), 3));
            }
            out.append("\r\n");
        }
    }

    static double[] percentiles(String spec) {
        String t = spec.trim();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] parts = t.split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    /** {@code %f} without trailing zeros (and without a trailing dot): 50, 99.9, 99.99. */
    static String trimDouble(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s;
    }

    private void keyspace() {
        section("Keyspace");
        Keyspace ks = server.keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            int keys = db.size();
            int expires = db.expiresSize();
            if (keys != 0 || expires != 0) {
                out.append("db").append(i).append(":keys=").append(keys).append(",expires=").append(expires)
                        .append(",avg_ttl=0\r\n");
            }
        }
    }

    /** Names that would break the {@code name:value} format get {@code #:\r\n} replaced by underscores. */
    static String safe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '#' || ch == ':' || ch == '\r' || ch == '\n') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '_');
            }
        }
        return b == null ? s : b.toString();
    }
}
