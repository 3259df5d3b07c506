package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/** What a sink with heartbeats writes: a record, or a heartbeat for one partition ({@link Heartbeats}). A Flink POJO. */
public final class Outgoing<T> {
  /** The record; null for a heartbeat. */
  public T value;
  /** The heartbeat's partition. */
  public int partition;
  /** The heartbeat's event time. */
  public long heartbeatAt;

  public Outgoing() {}

  static <T> Outgoing<T> record(T value) {
    Outgoing<T> o = new Outgoing<>();
    o.value = value;
    return o;
  }

  static <T> Outgoing<T> heartbeat(int partition, long at) {
    Outgoing<T> o = new Outgoing<>();
    o.partition = partition;
    o.heartbeatAt = at;
    return o;
  }

  public static <T extends SpecificRecord> TypeInformation<Outgoing<T>> typeOf(AvroCodec<T> codec) {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("value", TypeExtractor.getForClass(codec.type()));
    fields.put("partition", Types.INT);
    fields.put("heartbeatAt", Types.LONG);
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<Outgoing<T>> type = (TypeInformation) Types.POJO(Outgoing.class, fields);
    return type;
  }
}
