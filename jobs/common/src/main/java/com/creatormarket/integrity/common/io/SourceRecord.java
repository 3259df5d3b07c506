package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * A record as read from Kafka: the decoded value, or the raw bytes and the reason it could not be
 * decoded. A Flink POJO with an explicit type so nothing falls back to Kryo.
 */
public final class SourceRecord<T> {
  /** Decoded value; null when {@link #error} is set. */
  public T value;
  public String error;
  public String topic;
  public int partition;
  public long offset;
  public long recordTimestamp;
  /** Raw key and value bytes, kept only for unreadable records. */
  public byte[] key;
  public byte[] bytes;

  public SourceRecord() {}

  public boolean readable() {
    return error == null;
  }

  /** The POJO type with the value field typed as the Avro class (AvroTypeInfo, not Kryo). */
  public static <T extends SpecificRecord> TypeInformation<SourceRecord<T>> typeOf(AvroCodec<T> codec) {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("value", TypeExtractor.getForClass(codec.type()));
    fields.put("error", Types.STRING);
    fields.put("topic", Types.STRING);
    fields.put("partition", Types.INT);
    fields.put("offset", Types.LONG);
    fields.put("recordTimestamp", Types.LONG);
    fields.put("key", Types.PRIMITIVE_ARRAY(Types.BYTE));
    fields.put("bytes", Types.PRIMITIVE_ARRAY(Types.BYTE));
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<SourceRecord<T>> type = (TypeInformation) Types.POJO(SourceRecord.class, fields);
    return type;
  }
}
