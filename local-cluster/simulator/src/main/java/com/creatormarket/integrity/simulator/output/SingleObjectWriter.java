package com.creatormarket.integrity.simulator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes Avro single-object encoding (the same bytes as the pipeline's {@code AvroCodec.encode})
 * into one reused buffer, so encoding a record allocates nothing of its own.
 */
public final class SingleObjectWriter<T extends SpecificRecord> {

  private final SpecificDatumWriter<T> writer;
  private final Buffer out = new Buffer();
  private final byte[] header;
  private BinaryEncoder encoder;

  public SingleObjectWriter(Class<T> type) {
    Schema schema = SpecificData.getForClass(type).getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    header = new byte[10];
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i)); // little-endian, as the spec says
    }
  }

  /** Encodes the record; the bytes are {@code buffer()[0 .. length)} until the next call. */
  public int encode(T record) {
    out.count = 0;
    out.write(header, 0, header.length);
    encoder = EncoderFactory.get().binaryEncoder(out, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record.getClass().getSimpleName(), e);
    }
    return out.count;
  }

  public byte[] buffer() {
    return out.bytes;
  }

  /** An unsynchronised, growable byte sink. */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[4096];
    int count;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }
  }
}
