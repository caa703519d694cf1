package io.redjay.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings whose names and values Redjay accepts, as Redis does, but whose feature it does not have yet: start-up
 * refuses them with a message naming the setting rather than run without what an operator asked for. Each entry goes
 * away when its feature lands.
 */
public final class UnsupportedSettings {
    private UnsupportedSettings() {
    }

    /** The settings of {@code c} that must stop start-up, each with the reason; empty when the server can run. */
    public static List<String> refused(ConfigTable table, Config c) {
        List<String> out = new ArrayList<>();
        if (c.supervised.equals("upstart")) {
            out.add("'supervised upstart': upstart supervision is not implemented; use 'supervised systemd' or 'no'");
        }
        if (table.find("cluster-enabled").get(c).equals("yes")) {
            out.add("'cluster-enabled yes': cluster mode is not implemented");
        }
        return out;
    }
}
