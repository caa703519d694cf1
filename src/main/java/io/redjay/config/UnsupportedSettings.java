package io.redjay.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings whose names and values Redjay accepts, as Redis does, but whose feature it does not have yet. A server that
 * stayed a writable master under {@code replicaof} would lose data an operator believes is safe; so start-up refuses
 * these with a message naming the setting. Each entry goes away when its feature lands.
 */
public final class UnsupportedSettings {
    private UnsupportedSettings() {
    }

    /** The settings of {@code c} that must stop start-up, each with the reason; empty when the server can run. */
    public static List<String> refused(ConfigTable table, Config c) {
        List<String> out = new ArrayList<>();
        if (!c.replicaof.isEmpty()) {
            out.add("'replicaof " + c.replicaof + "': replication is not implemented yet");
        }
        if (c.supervised.equals("upstart")) {
            out.add("'supervised upstart': upstart supervision is not implemented; use 'supervised systemd' or 'no'");
        }
        if (table.find("cluster-enabled").get(c).equals("yes")) {
            out.add("'cluster-enabled yes': cluster mode is not implemented");
        }
        return out;
    }
}
