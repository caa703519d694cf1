package io.redjay.persistence.rdb;

/**
 * Encoded snapshot bytes on their way from the executor to the file: {@code bytes[0, length)}, and in {@code spans}
 * a triple per string left for the file's thread to compress (header offset, data offset, length; see
 * {@link RdbOutput}). The array is usually a recycled one ({@link RdbFileWriter#recycled}), longer than the data.
 */
public record RdbChunk(byte[] bytes, int length, int[] spans) {
}
