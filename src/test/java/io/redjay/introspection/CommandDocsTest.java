package io.redjay.introspection;

import io.redjay.command.CommandTable;
import io.redjay.command.introspection.CommandDocsGenerator;
import io.redjay.server.CommandGroups;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/commands.md must be exactly what the command table renders. When it is stale the test leaves the fresh
 * rendering next to the test classes and names the command that refreshes the committed file; running the test with
 * {@code -Dredjay.updateDocs=true} rewrites it directly.
 */
class CommandDocsTest {
    private static final Path DOCS = Path.of("docs", "commands.md");

    @Test
    void docsAreUpToDate() throws Exception {
        CommandTable table = new CommandTable();
        CommandGroups.registerAll(table);
        String expected = CommandDocsGenerator.render(table);
        if (Boolean.getBoolean("redjay.updateDocs")) {
            Files.createDirectories(DOCS.getParent());
            Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            Path fresh = buildDir().resolve("commands.md");
            Files.writeString(fresh, expected, StandardCharsets.UTF_8);
            assertEquals(expected, actual, "docs/commands.md is stale: run `cp " + fresh + " docs/commands.md` or "
                    + "this test with -Dredjay.updateDocs=true");
        }
    }

    @Test
    void docsListEveryCommandOfTheTable() {
        CommandTable table = new CommandTable();
        CommandGroups.registerAll(table);
        String md = CommandDocsGenerator.render(table);
        assertTrue(md.contains("| GET | `GET key` |"), "GET row");
        assertTrue(md.contains("| CLIENT KILL |"), "subcommands are listed");
        assertTrue(md.contains("## server"), "grouped by Redis group");
    }

    private static Path buildDir() throws IOException {
        try {
            Path classes = Path.of(CommandDocsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
