package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * A record as read from Kafka and checked at the door: the decoded value, or the raw bytes and
 * why it could not be decoded; and, for a decoded record that breaks a rule, the rejection. A Flink
 * POJO with an explicit type so nothing falls back to Kryo.
 */
public final class SourceRecord<T> {
  /** Decoded value; null when the bytes could not be decoded. */
  public T value;
  /** Why the record is set aside, as its dead letter says it ({@code code: detail}); null when usable. */
  public String error;
  /** Reason code of {@link #error}; a decoded record with a code broke a rule (INVALID), one without a value is UNREADABLE. */
  public String errorCode;
  public String topic;
  public int partition;
  public long offset;
  public long recordTimestamp;
  /** Event time of a usable record (a decoded one's, or a heartbeat's); Long.MIN_VALUE otherwise. */
  public long eventTime = Long.MIN_VALUE;
  /** A producer's heartbeat ({@link Heartbeats}): moves the watermark, carries no value. */
  public boolean heartbeat;
  /**
   * Not read from Kafka: the source says that {@link #topic} / {@link #partition} has just been
   * assigned to it (at start and after every restore), so the triage knows which partitions its
   * watermark speaks for ({@link TriageOperator}). Never usable, never passed on.
   */
  public boolean assigned;
  /** Raw key and value bytes, kept only for unreadable records. */
  public byte[] key;
  public byte[] bytes;

  public SourceRecord() {}

  /** The assignment notice for one partition ({@link #assigned}). */
  static <T> SourceRecord<T> assignment(String topic, int partition) {
    SourceRecord<T> notice = new SourceRecord<>();
    notice.assigned = true;
    notice.topic = topic;
    notice.partition = partition;
    notice.error = "assigned"; // not usable: it must not move the source's watermark
    return notice;
  }

  /** Decoded and within every rule, or a credible heartbeat: it may carry a timestamp and move the watermark. */
  public boolean usable() {
    return error == null;
  }

  /** Decoded (usable or not). */
  public boolean decoded() {
    return value != null;
  }

  /** The POJO type with the value field typed as the Avro class (AvroTypeInfo, not Kryo). */
  public static <T extends SpecificRecord> TypeInformation<SourceRecord<T>> typeOf(AvroCodec<T> codec) {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("value", TypeExtractor.getForClass(codec.type()));
    fields.put("error", Types.STRING);
    fields.put("errorCode", Types.STRING);
    fields.put("topic", Types.STRING);
    fields.put("partition", Types.INT);
    fields.put("offset", Types.LONG);
    fields.put("recordTimestamp", Types.LONG);
    fields.put("eventTime", Types.LONG);
    fields.put("heartbeat", Types.BOOLEAN);
    fields.put("assigned", Types.BOOLEAN);
    fields.put("key", Types.PRIMITIVE_ARRAY(Types.BYTE));
    fields.put("bytes", Types.PRIMITIVE_ARRAY(Types.BYTE));
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<SourceRecord<T>> type = (TypeInformation) Types.POJO(SourceRecord.class, fields);
    return type;
  }
}
