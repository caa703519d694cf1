package io.redjay.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same commands on a real {@code redis-server} and on Redjay and compares what each propagates to a
 * replica, line by line (absolute times normalized, see {@link StreamTap#normalizeTimes}). The replies are compared
 * too, so a scenario that fails on one side only shows up as such. Skips (assumption) without a local Redis.
 *
 * <p>Commands are written as one string with single spaces between arguments; an argument with spaces is not
 * expressible, which no propagation scenario needs.
 *
 * <p>A test class shares one pair of servers through {@link #perClass}, registered as a JUnit extension: the
 * servers start before the class's tests, both are emptied before each test, and they stop after the last one.
 */
public final class PropagationDiff implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final String[] args;
    private RealRedis redis;
    private RedisReplicaTap redisTap;
    private TestServer redjay;
    private RedjayTap redjayTap;
    private RawClient redisClient;
    private RawClient redjayClient;

    private PropagationDiff(String[] args) {
        this.args = args;
    }

    /** Starts both servers with the same extra redis-server style arguments. */
    public static PropagationDiff start(String... args) throws Exception {
        PropagationDiff d = new PropagationDiff(args);
        d.open();
        return d;
    }

    /**
     * A pair of servers for a whole test class: {@code @RegisterExtension static final PropagationDiff diff =
     * PropagationDiff.perClass();}.
     */
    public static PropagationDiff perClass(String... args) {
        return new PropagationDiff(args);
    }

    private void open() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        List<String> redisArgs = new ArrayList<>(List.of("--repl-diskless-sync", "no"));
        redisArgs.addAll(List.of(args));
        redis = RealRedis.start(redisArgs.toArray(new String[0]));
        redjay = TestServer.start(args);
        redisTap = RedisReplicaTap.attach(redis);
        redjayTap = RedjayTap.attach(redjay);
        redisClient = new RawClient(redis.port());
        redjayClient = new RawClient(redjay.port());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Runs {@code commands} on both, asserts equal replies and equal propagated streams; returns Redjay's stream. */
    public List<String> assertSame(String... commands) throws Exception {
        String[][] calls = new String[commands.length][];
        for (int i = 0; i < commands.length; i++) {
            calls[i] = commands[i].split(" ");
        }
        return assertSameCalls(calls);
    }

    /** As {@link #assertSame}, each command given as its arguments (which may contain spaces: Lua scripts). */
    public List<String> assertSameCalls(String[]... calls) throws Exception {
        List<String> redisReplies = new ArrayList<>();
        List<String> redjayReplies = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (String[] args : calls) {
            String cmd = String.join(" ", args);
            commands.add(cmd);
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
        if (redis == null) {
            return;
        }
        redisClient.close();
        redjayClient.close();
        redisTap.close();
        redjayTap.close();
        redjay.close();
        redis.close();
        redis = null;
    }
}
