package io.redjay.types;

/** An aggregate value (list, set, hash, sorted set): knows its TYPE name and its current OBJECT ENCODING. */
public interface TypedValue {
    String typeName();

    String encoding();
}
