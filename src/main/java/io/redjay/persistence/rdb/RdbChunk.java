package io.redjay.persistence.rdb;

/**
 * Encoded snapshot bytes on their way from the executor to the file: {@code bytes}, and in {@code spans} a triple
 * per string left for the file's thread to compress (header offset, data offset, length; see {@link RdbOutput}).
 */
public record RdbChunk(byte[] bytes, int[] spans) {
}
