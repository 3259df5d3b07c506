package com.creatormarket.integrity.common.io;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads and checks in the source thread; never throws on a bad record, so one cannot stop a job. */
final class SourceRecordDeserializer<T extends SpecificRecord> implements KafkaRecordDeserializationSchema<SourceRecord<T>> {

  private static final long serialVersionUID = 1L;

  private final DoorChecks<T> door;
  private final TypeInformation<SourceRecord<T>> type;

  SourceRecordDeserializer(DoorChecks<T> door, TypeInformation<SourceRecord<T>> type) {
    this.door = door;
    this.type = type;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord<T>> out) {
    out.collect(door.read(record));
  }

  @Override
  public TypeInformation<SourceRecord<T>> getProducedType() {
    return type;
  }
}
