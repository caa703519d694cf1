package io.redjay.persistence.rdb;

/**
 * Receives the elements of one of Redis's packed blobs, each as a fresh array (an integer entry as its decimal
 * digits), in order. May throw to stop with an error (a duplicate, a bad score).
 */
interface PackedEntries {
    void entry(byte[] element) throws RdbException;
}
