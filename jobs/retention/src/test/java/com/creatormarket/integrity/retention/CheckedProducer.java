package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes test input and fails loudly if any record is not acknowledged. Not idempotent, one request
 * in flight: on a loaded machine the idempotent producer of test-support was seen to lose its
 * sequence (OutOfOrderSequenceException), retry for two minutes and drop a partition's records
 * without telling the test. A retried batch here may at worst be duplicated, which the job absorbs.
 */
final class CheckedProducer {

  private CheckedProducer() {}

  static <T extends SpecificRecord> void produce(String bootstrap, String topic, AvroCodec<T> codec, List<T> records,
      Function<T, String> key) {
    List<ProducerRecord<byte[], byte[]>> raw = new ArrayList<>();
    for (T record : records) {
      raw.add(new ProducerRecord<>(topic, key.apply(record).getBytes(StandardCharsets.UTF_8), codec.encode(record)));
    }
    produceRaw(bootstrap, raw);
  }

  static void produceRaw(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "false");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("linger.ms", "5");
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("test input not written to Kafka", e);
    }
  }
}
