package io.redjay.config;

import java.util.function.Consumer;

/**
 * How a changed parameter takes effect in the running server, beyond storing its value: listening on a new port
 * today; starting the AOF, rescheduling save points, changing the data directory, connecting to a master or
 * enforcing a new memory limit as those capabilities land.
 *
 * <p>The config package only declares the step; the module that owns the effect registers it on the parameter at
 * start-up ({@link ConfigParam#onApply}), so configuration never depends on what it configures. An apply may finish
 * later (a socket bind completes on the I/O loop): it reports through {@code done}, with null for success or the
 * reason it failed, after which CONFIG SET puts every value of the command back and applies them again, as Redis
 * rolls back a CONFIG SET whose apply function failed.
 */
@FunctionalInterface
public interface ConfigApplier {
    void apply(Config config, Consumer<String> done);
}
