package com.creatormarket.integrity.common.codec;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka value format of every topic: Avro single-object encoding (marker, 8-byte schema
 * fingerprint, body). Decoding resolves the writer's schema through {@link SchemaHistory}.
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {

  private static final long serialVersionUID = 1L;

  static {
    AvroLimits.install();
  }

  private final Class<T> type;
  private final SchemaStore writerSchemas;
  private transient BinaryMessageEncoder<T> encoder;
  private transient BinaryMessageDecoder<T> decoder;

  private AvroCodec(Class<T> type, SchemaStore writerSchemas) {
    this.type = type;
    this.writerSchemas = writerSchemas;
  }

  /** A codec that resolves writers from the shipped schema history. */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type, null);
  }

  /** A codec that resolves writers from the given store (tests, tools that learn schemas elsewhere); must be serializable to ship in a job. */
  public static <T extends SpecificRecord> AvroCodec<T> withWriterSchemas(Class<T> type, SchemaStore writerSchemas) {
    return new AvroCodec<>(type, writerSchemas);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return SpecificData.getForClass(type).getSchema(type);
  }

  public byte[] encode(T record) {
    if (encoder == null) {
      encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
    }
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one value; any failure (bad header, unknown schema, truncated body, a length over
   * {@link AvroLimits}) is an IOException, never an Error.
   */
  public T decode(byte[] bytes) throws IOException {
    if (bytes == null) {
      throw new IOException("null value (tombstone) where a " + type.getSimpleName() + " was expected");
    }
    if (decoder == null) {
      decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(type), schema(),
          writerSchemas != null ? writerSchemas : SchemaHistory.get());
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      // Avro reports bad headers, unknown fingerprints and broken bodies as runtime exceptions.
      throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
