package io.redjay.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a group's commands.txt: every attribute reaches the table, handlers bind, mistakes stop start-up. */
class CommandDeclarationsTest {
    private static byte[][] argv(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    @Test
    void declarationsBecomeCommandsWithBoundHandlers() {
        CommandTable t = new CommandTable();
        CommandDeclarations.load(t, "declarationsample");
        Command probe = t.lookup("probe");
        assertNotNull(probe);
        assertEquals(-2, probe.arity());
        assertTrue(probe.is(Flags.READONLY) && probe.is(Flags.FAST));
        assertEquals("generic", probe.group());
        assertEquals("PROBE key", probe.syntax());
        assertEquals(java.util.List.of("read", "fast"), probe.aclCategories());
        assertArrayEquals(new int[] {1}, probe.keyPositions(argv("probe", "k")));
        probe.handler().execute(null);

        Command box = t.lookup("box");
        assertNull(box.handler(), "a declaration without a handler is a container");
        assertEquals("server", box.group());
        Command open = CommandTable.lookupSub(box, "OPEN".getBytes(StandardCharsets.US_ASCII));
        assertEquals("box|open", open.fullName());
        assertTrue(open.is(Flags.MOVABLE_KEYS));
        assertArrayEquals(new int[] {3}, open.keyPositions(argv("box", "open", "x", "k")));
    }

    @Test
    void aHandlerThatDoesNotExistStopsStartUpNamingTheLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CommandDeclarations.load(new CommandTable(), "declarationtypo"));
        assertTrue(e.getMessage().contains("declarationtypo/commands.txt:3"), e.getMessage());
        assertTrue(e.getMessage().contains("SampleHandlers.nosuchmethod"), e.getMessage());
    }

    @Test
    void aMissingGroupFileIsAnError() {
        assertThrows(IllegalStateException.class, () -> CommandDeclarations.load(new CommandTable(), "nosuchgroup"));
    }
}
