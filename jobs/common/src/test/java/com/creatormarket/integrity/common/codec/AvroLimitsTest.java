package com.creatormarket.integrity.common.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.avro.ReviewDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroLimitsTest {

  /**
   * The record that stopped the enforcement job for good: a valid single-object header, then a
   * first string that claims 1.9 GB. 18 bytes in all. Before the limits, decoding it threw
   * OutOfMemoryError, which no triage catches, and the job restarted forever.
   */
  static byte[] stringClaimingGigabytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC3);
    out.write(0x01);
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(SchemaNormalization.parsingFingerprint64(ReviewDecision.getClassSchema())).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    encoder.writeLong(1_900_000_000L); // string length of decisionId
    encoder.flush();
    out.write(new byte[] {'d', '-', '1'});
    return out.toByteArray();
  }

  @Test
  void aRecordClaimingAHugeStringIsAnIoErrorNotAnOutOfMemoryError() throws IOException {
    byte[] bytes = stringClaimingGigabytes();

    assertThatThrownBy(() -> AvroCodec.of(ReviewDecision.class).decode(bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("String length 1900000000 exceeds maximum allowed");
    org.assertj.core.api.Assertions.assertThat(bytes).hasSize(18);
  }
}
