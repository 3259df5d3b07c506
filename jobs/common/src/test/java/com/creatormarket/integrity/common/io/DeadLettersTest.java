package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static SourceRecord<Object> read(byte[] key) {
    SourceRecord<Object> read = new SourceRecord<>();
    read.topic = "video-lifecycle";
    read.partition = 1;
    read.offset = 7;
    read.recordTimestamp = 1_000L;
    read.key = key;
    return read;
  }

  @Test
  void aMegabyteRecordsDeadLetterKeepsAPrefixItsLengthAndHashAndFitsAKafkaRecord() throws Exception {
    // The record that made the retention job fail for good: its dead letter was over the producer's 1 MB limit.
    byte[] value = new byte[1_048_400];
    Arrays.fill(value, (byte) 'x');
    byte[] key = new byte[5000];

    DeadLetter letter = DeadLetters.of("retention", read(key), DeadLetterKind.UNREADABLE, "too-large: " + "y".repeat(10_000), value, null);
    byte[] encoded = AvroCodec.of(DeadLetter.class).encode(letter);

    assertThat(encoded.length).isLessThan(DeadLetters.MAX_VALUE_BYTES + DeadLetters.MAX_KEY_BYTES + 4 * DeadLetters.MAX_REASON_CHARS);
    assertThat(encoded.length).isLessThan(1_000_000);
    assertThat(letter.getTruncated()).isTrue();
    assertThat(letter.getValue().remaining()).isEqualTo(DeadLetters.MAX_VALUE_BYTES);
    assertThat(letter.getValueLength()).isEqualTo(1_048_400L);
    assertThat(letter.getValueSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
    assertThat(letter.getKey().remaining()).isEqualTo(DeadLetters.MAX_KEY_BYTES);
    assertThat(letter.getKeyLength()).isEqualTo(5000L);
    assertThat(letter.getReason()).startsWith("too-large: ").hasSizeLessThan(DeadLetters.MAX_REASON_CHARS + 40);
    assertThat(letter.getTopic()).isEqualTo("video-lifecycle");
    assertThat(letter.getPartition()).isEqualTo(1);
    assertThat(letter.getOffset()).isEqualTo(7L);
  }

  @Test
  void aSmallRecordIsKeptWhole() {
    byte[] value = "small".getBytes();

    DeadLetter letter = DeadLetters.of("retention", read("k".getBytes()), DeadLetterKind.UNREADABLE, "undecodable: x", value, null);

    assertThat(letter.getTruncated()).isFalse();
    assertThat(letter.getValueSha256()).isNull();
    assertThat(letter.getValueLength()).isEqualTo(5L);
    assertThat(letter.getValue()).isEqualTo(java.nio.ByteBuffer.wrap(value));
  }
}
