package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes in the source thread; never throws on bad bytes, so one bad record cannot stop a job. */
final class SourceRecordDeserializer<T extends SpecificRecord> implements KafkaRecordDeserializationSchema<SourceRecord<T>> {

  private static final long serialVersionUID = 1L;

  private final AvroCodec<T> codec;

  SourceRecordDeserializer(AvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord<T>> out) throws IOException {
    SourceRecord<T> read = new SourceRecord<>();
    read.topic = record.topic();
    read.partition = record.partition();
    read.offset = record.offset();
    read.recordTimestamp = record.timestamp();
    try {
      read.value = codec.decode(record.value());
    } catch (IOException e) {
      read.error = "cannot decode " + codec.type().getSimpleName() + ": " + e.getMessage();
      read.key = record.key();
      read.bytes = record.value();
    }
    out.collect(read);
  }

  @Override
  public TypeInformation<SourceRecord<T>> getProducedType() {
    return SourceRecord.typeOf(codec);
  }
}
