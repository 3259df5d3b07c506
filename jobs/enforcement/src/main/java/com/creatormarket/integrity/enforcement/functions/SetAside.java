package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Dead letters for records a stage cannot act on after the input triage: a decision whose case
 * never came, a second decision for a closed case, a cause about a party the ledger never saw, a
 * refund that cannot be decided. Partition and offset are -1 (the record was read long before); the
 * reason is {@code code: detail}, as at the door, and names the record's id. Built by
 * {@link DeadLetters#withReasonAndPayload}, so one always fits in a Kafka record.
 */
final class SetAside {

  private SetAside() {}

  static DeadLetter invalid(String job, String topic, String key, byte[] value, Rejection why, long eventTime) {
    DeadLetter.Builder builder = DeadLetter.newBuilder()
        .setJob(job)
        .setTopic(topic)
        .setPartition(-1)
        .setOffset(-1)
        .setKind(DeadLetterKind.INVALID)
        .setRecordTimestamp(Instant.ofEpochMilli(eventTime))
        .setEventTime(Instant.ofEpochMilli(eventTime));
    return DeadLetters.withReasonAndPayload(builder, why.reason(),
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value).build();
  }
}
