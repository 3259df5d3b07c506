package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.codec.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Values no reader can decode, each broken a different way: bytes that are not Avro at all, a
 * record cut short, a header naming a schema nobody knows, a first string that claims more bytes
 * than any heap holds. Avro single-object encoding: marker C3 01, 8-byte little-endian schema
 * fingerprint, body.
 */
final class UndecodableValues {

  private static final int MARKER_0 = 0xC3;
  private static final int MARKER_1 = 0x01;
  private static final int HEADER_BYTES = 10;

  private UndecodableValues() {}

  /** 1 to {@code maxLength} random bytes that do not start like a single-object record. */
  static byte[] randomBytes(Random rng, int maxLength) {
    byte[] bytes = new byte[1 + rng.nextInt(maxLength)];
    rng.nextBytes(bytes);
    if ((bytes[0] & 0xFF) == MARKER_0) {
      bytes[0] = 0x42;
    }
    return bytes;
  }

  /** A well-formed record cut somewhere before its end: in the header or in the body. */
  static byte[] truncated(byte[] wellFormed, Random rng) {
    return Arrays.copyOf(wellFormed, 1 + rng.nextInt(wellFormed.length - 1));
  }

  /** A well-formed record whose header names a fingerprint no released or current schema has. */
  static byte[] unknownFingerprint(byte[] wellFormed, Random rng) {
    long fingerprint;
    do {
      fingerprint = rng.nextLong();
    } while (SchemaHistory.get().findByFingerprint(fingerprint) != null);
    byte[] bytes = wellFormed.clone();
    ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
    return bytes;
  }

  /**
   * A valid header for {@code schema}, then a first string field that claims {@code claimedLength}
   * bytes, then three bytes ({@code claimedLength} 1.9 GB: 18 bytes in all). The record that once
   * made the enforcement job die of OutOfMemoryError and restart forever; every input schema
   * starts with a string id.
   */
  static byte[] claimsHugeString(Schema schema, long claimedLength) {
    if (schema.getFields().get(0).schema().getType() != Schema.Type.STRING) {
      throw new IllegalArgumentException(schema.getName() + " does not start with a string");
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(header(schema));
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      encoder.writeLong(claimedLength);
      encoder.flush();
      out.write(new byte[] {'i', 'd', '-'});
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Marker and fingerprint of {@code schema}: how every value of that schema starts. */
  static byte[] header(Schema schema) {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) MARKER_0).put((byte) MARKER_1).putLong(SchemaNormalization.parsingFingerprint64(schema));
    return header.array();
  }
}
