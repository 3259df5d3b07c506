package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Dead letters for records a stage cannot act on after the input triage: a decision whose case
 * never came, a second decision for a closed case, a refund that cannot be decided. Partition and
 * offset are -1 (the record was read long before); the reason names the record's id.
 */
final class SetAside {

  private SetAside() {}

  static DeadLetter invalid(String job, String topic, String key, byte[] value, String reason, long eventTime) {
    return DeadLetter.newBuilder()
        .setJob(job)
        .setTopic(topic)
        .setPartition(-1)
        .setOffset(-1)
        .setKind(DeadLetterKind.INVALID)
        .setReason(reason)
        .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setRecordTimestamp(Instant.ofEpochMilli(eventTime))
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .build();
  }
}
