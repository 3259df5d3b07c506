package com.creatormarket.integrity.common;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;

/** A Kafka topic of the pipeline: name, value contract, key, partitions and clean-up policy. */
public record Topic<T extends SpecificRecord>(
    String name, Class<T> valueType, String keyField, int partitions, boolean compacted)
    implements Serializable {

  public AvroCodec<T> codec() {
    return AvroCodec.of(valueType);
  }
}
