package io.redjay.command.scripting;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Help;
import io.redjay.command.ServerView;
import io.redjay.command.Text;
import io.redjay.keyspace.Glob;
import io.redjay.persistence.rdb.DumpPayload;
import io.redjay.protocol.ReplyWriter;
import io.redjay.scripting.FunctionLibraries;
import io.redjay.scripting.FunctionLibrary;
import io.redjay.scripting.ScriptException;
import io.redjay.scripting.ScriptFlags;
import io.redjay.scripting.ScriptRun;
import io.redjay.scripting.Scripting;
import io.redjay.types.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FCALL, FCALL_RO and FUNCTION: Redis 7.0's functions ({@code functions.c}).
 *
 * <p>Unlike EVAL, the commands that change the libraries (LOAD, DELETE, FLUSH, RESTORE) are propagated verbatim:
 * they count as a change of the dataset, so replicas and the AOF load the same libraries, and a function that later
 * runs there finds its code. FCALL itself is never propagated: like EVAL's, its function's commands are, one by
 * one, wrapped in MULTI/EXEC by the dispatcher when there is more than one.
 *
 * <p>A function runs in the interpreter of the functions, with its KEYS and ARGV as the callback's two arguments,
 * under the same checks as an EVAL script with declared flags ({@link ScriptingCommands#prepare}); the dispatcher
 * has already judged the command by the function's flags.
 */
public final class FunctionCommands {
    private FunctionCommands() {
    }

    // FCALL function numkeys [key [key ...]] [arg [arg ...]]
    static void fcall(CommandContext ctx) {
        fcallGeneric(ctx, false);
    }

    // FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]
    static void fcallRo(CommandContext ctx) {
        fcallGeneric(ctx, true);
    }

    private static void fcallGeneric(CommandContext ctx, boolean ro) {
        ServerView server = ctx.server();
        server.dispatcher().monitorNow(ctx.client(), ctx.argv());
        ctx.preventPropagation();
        Scripting scripting = server.scripting();
        FunctionLibraries functions = scripting.functions();
        FunctionLibrary.Function f = functions.function(new String(ctx.arg(1), StandardCharsets.ISO_8859_1));
        if (f == null) {
            throw CommandError.of("ERR Function not found");
        }
        long numkeys = Numbers.parseLong(ctx.arg(2));
        if (numkeys == Numbers.NOT_A_NUMBER && !Numbers.isValidLong(ctx.arg(2))) {
            throw CommandError.of("ERR Bad number of keys provided");
        }
        if (numkeys > ctx.argc() - 3) {
            throw CommandError.of("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw CommandError.of("ERR Number of keys can't be negative");
        }
        ScriptRun run = ScriptingCommands.prepare(ctx, f.name(), false, f.flags(), ro);
        functions.call(scripting, run, f, ctx.argv(), (int) numkeys);
    }

    // FUNCTION LOAD [REPLACE] function-code
    static void load(CommandContext ctx) {
        boolean replace = false;
        int pos = 2;
        while (pos < ctx.argc() - 1) {
            byte[] option = ctx.arg(pos++);
            if (!Text.is(option, "replace")) {
                throw CommandError.of("ERR Unknown option given: " + Text.latin1(option));
            }
            replace = true;
        }
        if (pos >= ctx.argc()) {
            throw CommandError.of("ERR Function code is missing");
        }
        long timeout = ctx.client().connection().network() ? FunctionLibraries.LOAD_TIMEOUT_MS : 0;
        String name;
        try {
            name = ctx.server().scripting().functions().create(ctx.arg(pos), replace, timeout);
        } catch (ScriptException e) {
            throw CommandError.of("ERR " + e.getMessage());
        }
        ctx.server().keyspace().addDirty(1);
        ctx.reply().bulk(name);
    }

    // FUNCTION DELETE library-name
    static void delete(CommandContext ctx) {
        if (!ctx.server().scripting().functions().delete(new String(ctx.arg(2), StandardCharsets.ISO_8859_1))) {
            throw CommandError.of("ERR Library not found");
        }
        ctx.server().keyspace().addDirty(1);
        ctx.reply().ok();
    }

    // FUNCTION FLUSH [ASYNC | SYNC]
    static void flush(CommandContext ctx) {
        if (ctx.argc() > 3) {
            Help.subcommandError(ctx.client(), ctx.argv());
            return;
        }
        if (ctx.argc() == 3 && !Text.is(ctx.arg(2), "sync") && !Text.is(ctx.arg(2), "async")) {
            throw CommandError.of("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        ctx.server().scripting().functions().clear();
        ctx.server().keyspace().addDirty(1);
        ctx.reply().ok();
    }

    // FUNCTION DUMP
    static void dump(CommandContext ctx) {
        ctx.reply().bulk(ctx.server().scripting().functions().dump(ctx.server().config().rdbcompression));
    }

    // FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]
    static void restore(CommandContext ctx) {
        if (ctx.argc() > 4) {
            Help.subcommandError(ctx.client(), ctx.argv());
            return;
        }
        FunctionLibraries.RestorePolicy policy = FunctionLibraries.RestorePolicy.APPEND;
        if (ctx.argc() == 4) {
            byte[] p = ctx.arg(3);
            if (Text.is(p, "append")) {
                policy = FunctionLibraries.RestorePolicy.APPEND;
            } else if (Text.is(p, "replace")) {
                policy = FunctionLibraries.RestorePolicy.REPLACE;
            } else if (Text.is(p, "flush")) {
                policy = FunctionLibraries.RestorePolicy.FLUSH;
            } else {
                throw CommandError.of("ERR Wrong restore policy given, value should be either FLUSH, APPEND or "
                        + "REPLACE.");
            }
        }
        byte[] payload = ctx.arg(2);
        if (!DumpPayload.verify(payload, ctx.config().skipChecksumValidation)) {
            throw CommandError.of("ERR DUMP payload version or checksum are wrong");
        }
        try {
            ctx.server().scripting().functions().restore(payload, policy);
        } catch (ScriptException e) {
            throw CommandError.of("ERR " + e.getMessage());
        }
        ctx.server().keyspace().addDirty(1);
        ctx.reply().ok();
    }

    // FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
    static void list(CommandContext ctx) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (!withCode && Text.is(a, "withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && Text.is(a, "libraryname")) {
                if (i >= ctx.argc() - 1) {
                    throw CommandError.of("ERR library name argument was not given");
                }
                pattern = ctx.arg(++i);
                continue;
            }
            throw CommandError.of("ERR Unknown argument " + Text.latin1(a));
        }
        List<FunctionLibrary> shown = new ArrayList<>();
        for (FunctionLibrary lib : ctx.server().scripting().functions().libraries()) {
            if (pattern == null || Glob.match(pattern, lib.name().getBytes(StandardCharsets.ISO_8859_1), true)) {
                shown.add(lib);
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(shown.size());
        for (FunctionLibrary lib : shown) {
            w.map(withCode ? 4 : 3);
            w.bulk("library_name");
            w.bulk(lib.name());
            w.bulk("engine");
            w.bulk(lib.engine());
            w.bulk("functions");
            w.array(lib.functions().size());
            for (FunctionLibrary.Function f : lib.functions()) {
                w.map(3);
                w.bulk("name");
                w.bulk(f.name());
                w.bulk("description");
                w.bulkOrNull(f.description());
                w.bulk("flags");
                List<String> flags = ScriptFlags.names(f.flags());
                w.set(flags.size());
                for (String flag : flags) {
                    w.simple(flag);
                }
            }
            if (withCode) {
                w.bulk("library_code");
                w.bulk(lib.code());
            }
        }
    }

    // FUNCTION STATS
    static void stats(CommandContext ctx) {
        Scripting scripting = ctx.server().scripting();
        ScriptRun run = scripting.current();
        if (run != null && run.eval()) {
            throw CommandError.of(scripting.busyError());
        }
        FunctionLibraries functions = scripting.functions();
        ReplyWriter w = ctx.reply();
        w.map(2);
        w.bulk("running_script");
        byte[][] command = functions.runningCommand();
        if (run == null || command == null) {
            w.nullBulk();
        } else {
            w.map(3);
            w.bulk("name");
            w.bulk(run.name());
            w.bulk("command");
            w.array(command.length);
            for (byte[] a : command) {
                w.bulk(a);
            }
            w.bulk("duration_ms");
            w.integer(run.elapsedMillis());
        }
        w.bulk("engines");
        w.map(1);
        w.bulk("LUA");
        w.map(2);
        w.bulk("libraries_count");
        w.integer(functions.libraryCount());
        w.bulk("functions_count");
        w.integer(functions.functionCount());
    }

    // FUNCTION KILL
    static void kill(CommandContext ctx) {
        String error = ctx.server().scripting().kill(false);
        if (error != null) {
            throw CommandError.of(error);
        }
        ctx.reply().ok();
    }

    // FUNCTION HELP
    static void help(CommandContext ctx) {
        Help.reply(ctx.client(), "FUNCTION",
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
                        + "RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy "
                        + "to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the "
                        + "old",
                "      libraries with the new libraries (notice that even on this option there is a chance of "
                        + "failure",
                "      in case of functions name collision with another library).");
    }
}
