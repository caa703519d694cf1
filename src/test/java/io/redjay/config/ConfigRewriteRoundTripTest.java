package io.redjay.config;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONFIG REWRITE followed by a restart from the rewritten file gives the same configuration (Sentinel rewrites
 * configs on every failover, so a server must always start from what it wrote).
 */
class ConfigRewriteRoundTripTest {
    @Test
    void aRewrittenFileLoadsBackToTheSameConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("redjay.conf");
        Files.writeString(file, "# operator's comment\nport 6390\nmaxmemory-policy noeviction\n");
        ConfigTable table = ConfigTable.standard();
        try (TestServer t = TestServer.start("--requirepass", "secret"); RawClient c = new RawClient(t.port())) {
            assertEquals("+OK\r\n", c.call("AUTH", "secret"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxclients", "321", "hz", "25", "notify-keyspace-events",
                    "KEA", "hash-max-listpack-entries", "77", "save", "900 1 60 5000"));
            Config live = t.server().config();
            live.configFile = file.toString();
            ConfigRewrite.rewrite(t.server().configTable(), live, file);
            String text = Files.readString(file);
            assertTrue(text.contains("# operator's comment"), text);
            assertTrue(text.contains("user default on #"), text);
            Config after = new Config();
            ServerArgs.apply(table, after, List.of(file.toString()));
            for (ConfigParam p : table.params()) {
                if (!p.name().equals("port") && !p.name().equals("bind") && !p.name().equals("enable-debug-command")) {
                    assertEquals(p.get(live), p.get(after), p.name());
                }
            }
            assertEquals("secret", after.requirepass);
        }
    }

    @Test
    void otherUsersAreRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("redjay.conf");
        Files.writeString(file, "user alice on >pw ~app:* +get\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ServerArgs.apply(ConfigTable.standard(), new Config(), List.of(file.toString())));
        assertTrue(e.getMessage().contains("ACL users other than 'default' are not supported yet"), e.getMessage());
        assertTrue(e.getMessage().contains(">>> 'user alice on >pw ~app:* +get'"), e.getMessage());
    }
}
