package io.redjay.types;

/** Receives sorted set elements, one (member, score) pair at a time, in the order an operation produces them. */
@FunctionalInterface
public interface ZSetVisitor {
    void visit(byte[] member, double score);
}
