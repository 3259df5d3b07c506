package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.flink.util.OutputTag;

/**
 * Builds dead letters; every job routes them to the one dead-letters topic. A dead letter always
 * fits in a Kafka record, whatever it carries: a payload over {@link #MAX_VALUE_BYTES} is kept as a
 * prefix with its full length and SHA-256 (the topic, partition and offset find the original), so
 * writing a dead letter can never fail a job.
 */
public final class DeadLetters {

  /** Side output every operator uses for records it sets aside. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  /** Most value bytes a dead letter keeps; enough for any well-formed record of ours (a few KB). */
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** Most key bytes a dead letter keeps; our keys are ids of a few dozen bytes. */
  public static final int MAX_KEY_BYTES = 1024;
  /** Most characters of a reason; a reason quotes ids and values, never whole records. */
  public static final int MAX_REASON_CHARS = 2000;

  private DeadLetters() {}

  public static DeadLetter of(String job, SourceRecord<?> read, DeadLetterKind kind, String reason, byte[] valueBytes, Long eventTime) {
    DeadLetter.Builder builder = DeadLetter.newBuilder()
        .setJob(job)
        .setTopic(read.topic)
        .setPartition(read.partition)
        .setOffset(read.offset)
        .setKind(kind)
        .setRecordTimestamp(Instant.ofEpochMilli(read.recordTimestamp))
        .setEventTime(eventTime == null ? null : Instant.ofEpochMilli(eventTime));
    return withReasonAndPayload(builder, reason, read.key, valueBytes).build();
  }

  /** Sets reason, key and value on a dead letter, each cut to fit, with the value's length and hash when cut. */
  public static DeadLetter.Builder withReasonAndPayload(DeadLetter.Builder builder, String reason, byte[] key, byte[] value) {
    String fitted = reason == null ? "(no reason given)" : reason;
    if (fitted.length() > MAX_REASON_CHARS) {
      fitted = fitted.substring(0, MAX_REASON_CHARS) + "... (" + fitted.length() + " characters)";
    }
    builder.setReason(fitted);
    boolean truncated = false;
    if (key != null) {
      builder.setKeyLength((long) key.length);
      truncated |= key.length > MAX_KEY_BYTES;
      builder.setKey(ByteBuffer.wrap(key.length > MAX_KEY_BYTES ? Arrays.copyOf(key, MAX_KEY_BYTES) : key));
    }
    if (value != null) {
      builder.setValueLength((long) value.length);
      if (value.length > MAX_VALUE_BYTES) {
        truncated = true;
        builder.setValueSha256(sha256(value));
        builder.setValue(ByteBuffer.wrap(Arrays.copyOf(value, MAX_VALUE_BYTES)));
      } else {
        builder.setValue(ByteBuffer.wrap(value));
      }
    }
    return builder.setTruncated(truncated);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
