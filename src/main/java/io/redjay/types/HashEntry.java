package io.redjay.types;

import io.redjay.keyspace.Dict;
import io.redjay.keyspace.DictEntry;

/**
 * One field of a hash in its table ("hashtable") form: the {@link Dict} node carries the field as its key and adds
 * the value, so a field costs one node plus its two byte arrays. The value is replaced, never mutated, so the arrays
 * may be shared with argument vectors and with copies made by COPY.
 */
final class HashEntry extends DictEntry {
    byte[] value;

    HashEntry(byte[] field, byte[] value) {
        super(field, Dict.hash(field));
        this.value = value;
    }
}
