package io.redjay.command;

import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.server.Client;

/** String commands. */
public final class StringCommands {
    private StringCommands() {
    }

    static void register(CommandTable t) {
        t.command("get", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
                .doc("string", "1.0.0", "Returns the string value of a key.", "GET key", "O(1)")
                .handler(StringCommands::get);
        t.command("set", -3).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
                .doc("string", "1.0.0", "Sets the string value of a key.", "SET key value", "O(1)")
                .handler(StringCommands::set);
    }

    // GET key
    static void get(Client c, byte[][] argv) {
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().nullBulk();
        } else if (e.value() instanceof byte[] v) {
            c.reply().bulk(v);
        } else {
            c.reply().error(Errors.WRONGTYPE);
        }
    }

    // SET key value
    static void set(Client c, byte[][] argv) {
        c.db().put(argv[1], argv[2]);
        c.db().modified(argv[1], Events.STRING, "set");
        c.reply().ok();
    }
}
