package io.redjay.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same commands on a real {@code redis-server} and on Redjay and compares what each propagates to a
 * replica, line by line (absolute times normalized, see {@link StreamTap#normalizeTimes}). The replies are compared
 * too, so a scenario that fails on one side only shows up as such. Skips (assumption) without a local Redis.
 *
 * <p>Commands are written as one string with single spaces between arguments; an argument with spaces is not
 * expressible, which no propagation scenario needs.
 */
public final class PropagationDiff implements AutoCloseable {
    private final RealRedis redis;
    private final RedisReplicaTap redisTap;
    private final TestServer redjay;
    private final RedjayTap redjayTap;
    private final RawClient redisClient;
    private final RawClient redjayClient;

    private PropagationDiff(RealRedis redis, TestServer redjay) throws Exception {
        this.redis = redis;
        this.redjay = redjay;
        this.redisTap = RedisReplicaTap.attach(redis);
        this.redjayTap = RedjayTap.attach(redjay);
        this.redisClient = new RawClient(redis.port());
        this.redjayClient = new RawClient(redjay.port());
    }

    /** Starts both servers with the same extra redis-server style arguments. */
    public static PropagationDiff start(String... args) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        List<String> redisArgs = new ArrayList<>(List.of("--repl-diskless-sync", "no"));
        redisArgs.addAll(List.of(args));
        return new PropagationDiff(RealRedis.start(redisArgs.toArray(new String[0])), TestServer.start(args));
    }

    /** Runs {@code commands} on both, asserts equal replies and equal propagated streams; returns Redjay's stream. */
    public List<String> assertSame(String... commands) throws Exception {
        List<String> redisReplies = new ArrayList<>();
        List<String> redjayReplies = new ArrayList<>();
        for (String cmd : commands) {
            String[] args = cmd.split(" ");
            redisReplies.add(cmd + " -> " + redisClient.call(args));
            redjayReplies.add(cmd + " -> " + redjayClient.call(args));
        }
        List<String> expected = StreamTap.normalizeTimes(redisTap.take());
        List<String> actual = StreamTap.normalizeTimes(redjayTap.take());
        Assertions.assertEquals(String.join("\n", redisReplies), String.join("\n", redjayReplies), "replies");
        Assertions.assertEquals(String.join("\n", expected), String.join("\n", actual),
                "propagated stream for " + String.join("; ", commands));
        return actual;
    }

    /** What {@link #run} saw on each server: the raw replies and the propagated streams (times normalized). */
    public record Run(List<String> redisReplies, List<String> redjayReplies, List<String> redisStream,
                      List<String> redjayStream) {
    }

    /**
     * Runs {@code commands} on both without comparing anything, for commands whose results are random (SPOP), which
     * a test compares in its own terms.
     */
    public Run run(String... commands) throws Exception {
        List<String> redisReplies = new ArrayList<>();
        List<String> redjayReplies = new ArrayList<>();
        for (String cmd : commands) {
            String[] args = cmd.split(" ");
            redisReplies.add(redisClient.call(args));
            redjayReplies.add(redjayClient.call(args));
        }
        return new Run(redisReplies, redjayReplies, StreamTap.normalizeTimes(redisTap.take()),
                StreamTap.normalizeTimes(redjayTap.take()));
    }

    /** Empties both servers (FLUSHALL, back to database 0) and discards what that propagated. */
    public void reset() throws Exception {
        for (RawClient c : List.of(redisClient, redjayClient)) {
            c.call("FLUSHALL");
            c.call("SELECT", "0");
        }
        redisTap.take();
        redjayTap.take();
    }

    public RawClient redisClient() {
        return redisClient;
    }

    public RawClient redjayClient() {
        return redjayClient;
    }

    public RealRedis redis() {
        return redis;
    }

    public TestServer redjay() {
        return redjay;
    }

    /** The real Redis's port, for extra connections (a client that blocks while the main one writes). */
    public int redisPort() {
        return redis.port();
    }

    /** Redjay's port, for extra connections. */
    public int redjayPort() {
        return redjay.port();
    }

    @Override
    public void close() throws Exception {
        redisClient.close();
        redjayClient.close();
        redisTap.close();
        redjayTap.close();
        redjay.close();
        redis.close();
    }
}
