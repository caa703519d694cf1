package io.redjay.types;

/**
 * What kind of value a key holds, as TYPE, SCAN TYPE and OBJECT ENCODING name it. Strings are plain {@code byte[]};
 * their encoding is derived from the bytes as Redis would have chosen it on creation: {@code int} for a canonical
 * 64-bit integer, {@code embstr} up to 44 bytes, {@code raw} beyond.
 */
public final class ValueTypes {
    private ValueTypes() {
    }

    public static String typeName(Object value) {
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof TypedValue t) {
            return t.typeName();
        }
        return "none";
    }

    /** The encoding of a key's value, honouring the in-place-change rule for strings (see KeyEntry#rawString). */
    public static String encoding(io.redjay.keyspace.KeyEntry e) {
        if (e.rawString() && e.value() instanceof byte[]) {
            return "raw";
        }
        return encoding(e.value());
    }

    public static String encoding(Object value) {
        if (value instanceof byte[] b) {
            if (b.length <= 20 && Numbers.isValidLong(b)) {
                return "int";
            }
            return b.length <= 44 ? "embstr" : "raw";
        }
        if (value instanceof TypedValue t) {
            return t.encoding();
        }
        return "unknown";
    }
}
