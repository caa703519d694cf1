package io.redjay.support;

import io.redjay.config.Config;
import io.redjay.config.ConfigException;
import io.redjay.config.ConfigTable;
import io.redjay.config.ServerArgs;
import io.redjay.keyspace.Clock;
import io.redjay.net.NetServer;
import io.redjay.server.Server;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redjay server started inside the test JVM on a free loopback port. Arguments are {@code redis-server} style
 * overrides ({@code "--requirepass", "secret"}); {@code --replicaof} starts following at once, as at start-up.
 * Close it to stop the server.
 */
public final class TestServer implements AutoCloseable {
    private final Server server;
    private final NetServer net;

    private TestServer(Server server, NetServer net) {
        this.server = server;
        this.net = net;
    }

    public static TestServer start(String... overrides) {
        return start(Clock.SYSTEM, overrides);
    }

    public static TestServer start(Clock clock, String... overrides) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--save", "",
                "--enable-debug-command", "yes"));
        args.addAll(List.of(overrides));
        Config config = new Config();
        ConfigTable table = ConfigTable.standard();
        try {
            ServerArgs.apply(table, config, args);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Server server = new Server(config, table, clock);
        NetServer net = new NetServer(server);
        try {
            net.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!config.replicaof.isEmpty()) {
            java.util.concurrent.CompletableFuture<Void> following = new java.util.concurrent.CompletableFuture<>();
            server.executor().execute(() -> {
                server.restoreReplication(config.replicaof);
                following.complete(null);
            });
            following.join();
        }
        return new TestServer(server, net);
    }

    public int port() {
        return server.port();
    }

    public Server server() {
        return server;
    }

    @Override
    public void close() {
        net.stop();
        try {
            net.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
