package io.redjay.types;

/**
 * Receives the members of a set one at a time and says whether to go on, so that SINTERCARD's LIMIT and other
 * early exits stop a walk over a large set as soon as they have their answer.
 */
@FunctionalInterface
public interface SetVisitor {
    boolean visit(byte[] member);
}
