package io.redjay.config;

import io.redjay.config.Config;
import io.redjay.config.ConfigException;
import io.redjay.config.ConfigTable;
import io.redjay.config.ServerArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config file reader and the redis-server command line, checked against what redis-server 7.0.15 does. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private final ConfigTable table = ConfigTable.standard();

    private Config load(String fileText, String... overrides) throws Exception {
        Path f = dir.resolve("test.conf");
        Files.writeString(f, fileText);
        List<String> args = new ArrayList<>(List.of(f.toString()));
        args.addAll(List.of(overrides));
        Config c = new Config();
        ServerArgs.apply(table, c, args);
        return c;
    }

    private String get(Config c, String name) {
        return table.find(name).get(c);
    }

    private String fatal(String fileText, String... overrides) {
        return assertThrows(ConfigException.class, () -> load(fileText, overrides)).getMessage();
    }

    @Test
    void commentsBlankLinesAndCaseInsensitiveNames() throws Exception {
        Config c = load("# a comment\n\n   \t\nPORT 7000\n  maxclients   50  \r\n#port 1\n");
        assertEquals(7000, c.port);
        assertEquals(50, c.maxclients);
    }

    @Test
    void quotedArguments() throws Exception {
        Config c = load("requirepass \"a b\\\"c\\x41\"\nmasterauth 'it\\'s'\n");
        assertEquals("a b\"cA", c.requirepass);
        assertEquals("it's", c.masterauth);
    }

    @Test
    void memoryUnits() throws Exception {
        assertEquals(1000, load("maxmemory 1k\n").maxmemory);
        assertEquals(1024, load("maxmemory 1kb\n").maxmemory);
        assertEquals(2L * 1024 * 1024, load("maxmemory 2MB\n").maxmemory);
        assertEquals(3_000_000_000L, load("maxmemory 3g\n").maxmemory);
        assertEquals(1L << 30, load("maxmemory 1Gb\n").maxmemory);
        assertEquals(7, load("maxmemory 7b\n").maxmemory);
        assertEquals("1073741824", get(load("maxmemory 1gb\n"), "maxmemory"));
    }

    @Test
    void saveLinesAccumulateAndEmptyClears() throws Exception {
        assertEquals("3600 1 300 100 60 10000", load("port 1\n").save);
        assertEquals("900 1 300 10", load("save 900 1\nsave 300 10\n").save);
        assertEquals("300 10", load("save 900 1\nsave \"\"\nsave 300 10\n").save);
        assertEquals("", load("save 900 1\n", "--save", "").save);
        assertEquals("", load("", "--save").save);
        assertEquals("", load("", "--save", "--port", "5").save);
        assertEquals("10 1 20 2", load("", "--save", "10 1 20 2").save);
    }

    @Test
    void overridesComeAfterTheFile() throws Exception {
        Config c = load("port 1000\nloglevel debug\n", "--port", "2000", "--bind", "127.0.0.1", "::1");
        assertEquals(2000, c.port);
        assertEquals("debug", c.loglevel);
        assertEquals(List.of("127.0.0.1", "::1"), c.bind);
        assertEquals(dir.resolve("test.conf").toAbsolutePath().toString(), c.configFile);
    }

    @Test
    void aliasesAndDeprecatedDirectives() throws Exception {
        Config c = load("slave-read-only no\nhash-max-ziplist-entries 33\nlist-max-ziplist-entries 5\n"
                + "slaveof 10.0.0.1 6380\n");
        assertEquals(false, c.replicaReadOnly);
        assertEquals(33, c.hashMaxListpackEntries);
        assertEquals("10.0.0.1 6380", c.replicaof);
    }

    @Test
    void includeReadsOtherFilesAndGlobs() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "maxclients 77\n");
        Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "timeout 5\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), "timeout 6\n");
        Config c = load("include " + dir.resolve("inc.conf") + "\ninclude " + dir.resolve("conf.d/*.conf")
                + "\ninclude " + dir.resolve("none/*.conf") + "\n");
        assertEquals(77, c.maxclients);
        assertEquals(6, c.timeout);
    }

    @Test
    void fatalErrorsNameTheLine() {
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 3\n>>> 'foo bar'\n"
                + "Bad directive or wrong number of arguments\n", fatal("port 1\n# x\n  foo bar\n"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 1\n>>> 'port 1 2'\nwrong number of arguments\n",
                fatal("port 1 2\n"));
        assertTrue(fatal("requirepass \"abc\n").endsWith(">>> 'requirepass \"abc'\n"
                + "Unbalanced quotes in configuration line\n"));
        assertTrue(fatal("maxmemory 10x\n").endsWith("argument must be a memory value\n"));
        assertTrue(fatal("port 70000\n").endsWith("argument must be between 0 and 65535 inclusive\n"));
        assertTrue(fatal("appendonly maybe\n").endsWith("argument must be 'yes' or 'no'\n"));
        assertTrue(fatal("save 1 2 3\n").endsWith("Invalid save parameters\n"));
        assertTrue(fatal("loglevel loud\n").endsWith(
                "argument(s) must be one of the following: debug, verbose, notice, warning\n"));
    }

    @Test
    void overrideErrorsCountLinesAfterTheFile() {
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 3\n>>> 'foo \"bar\"'\n"
                + "Bad directive or wrong number of arguments\n", fatal("port 1\n", "--foo", "bar"));
    }

    @Test
    void missingFileAndBadLogFile() throws IOException {
        Config c = new Config();
        String missing = dir.resolve("nope.conf").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> ServerArgs.apply(table, c, List.of(missing)));
        assertEquals("Fatal error, can't open config file '" + missing + "': No such file or directory\n",
                e.getMessage());
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Can't open the log file: No such file or directory\n", fatal("logfile /no/such/dir/x.log\n"));
    }

    @Test
    void shippedConfigFileHoldsTheDefaults() throws Exception {
        Config shipped = new Config();
        ServerArgs.apply(table, shipped, List.of(Path.of("conf/redjay.conf").toString()));
        Config defaults = new Config();
        ServerArgs.apply(table, defaults, List.of());
        for (io.redjay.config.ConfigParam p : table.params()) {
            assertEquals(p.get(defaults), p.get(shipped), p.name());
        }
    }

    @Test
    void hzIsKeptWithinBounds() throws Exception {
        assertEquals(500, load("hz 100000\n").hz);
        assertEquals(1, load("hz 0\n").hz);
    }
}
