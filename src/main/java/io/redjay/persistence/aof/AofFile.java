package io.redjay.persistence.aof;

import java.util.Objects;

/**
 * One line of the AOF manifest: a file of the append-only directory, its sequence number and its role. Redis keeps
 * the sequence apart from the name (it does not parse names back), so the manifest, not the directory listing, is
 * the truth about which files make up the data set and in which order they load.
 *
 * @param name the file name inside the append-only directory (never a path)
 * @param seq  the sequence number written after {@code seq}; never 0 in a valid manifest
 * @param type the role written after {@code type}
 */
public record AofFile(String name, long seq, Type type) {
    /** The roles a manifest line can give a file, with the letter Redis writes for each. */
    public enum Type {
        /** The snapshot of the last rewrite; at most one, loaded first. */
        BASE('b'),
        /** A base or incr file a rewrite has replaced, kept until it is deleted. */
        HISTORY('h'),
        /** Commands written after the base, loaded in sequence order. */
        INCR('i');

        private final char code;

        Type(char code) {
            this.code = code;
        }

        /** The letter in the manifest. */
        public char code() {
            return code;
        }

        /** The type of a manifest letter, or null for any other byte. */
        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public AofFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The same file in another role (a replaced base or incr becomes history). */
    public AofFile as(Type newType) {
        return new AofFile(name, seq, newType);
    }
}
