package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/** Builds dead letters; every job routes them to the one dead-letters topic. */
public final class DeadLetters {

  /** Side output every operator uses for records it sets aside. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  private DeadLetters() {}

  public static DeadLetter of(String job, SourceRecord<?> read, DeadLetterKind kind, String reason, byte[] valueBytes, Long eventTime) {
    return DeadLetter.newBuilder()
        .setJob(job)
        .setTopic(read.topic)
        .setPartition(read.partition)
        .setOffset(read.offset)
        .setKind(kind)
        .setReason(reason)
        .setKey(read.key == null ? null : ByteBuffer.wrap(read.key))
        .setValue(valueBytes == null ? null : ByteBuffer.wrap(valueBytes))
        .setRecordTimestamp(Instant.ofEpochMilli(read.recordTimestamp))
        .setEventTime(eventTime == null ? null : Instant.ofEpochMilli(eventTime))
        .build();
  }
}
