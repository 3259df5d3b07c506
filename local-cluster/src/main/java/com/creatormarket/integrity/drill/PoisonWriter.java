package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.io.KafkaConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes bad records to the input topics and reports where each one landed. Every send is
 * acknowledged by all in-sync replicas and checked: a record the broker did not take fails the
 * write, naming it, so a drill never counts on a dead letter for a record that was never there.
 * Idempotent with one request in flight: a retried batch is neither duplicated nor reordered,
 * so the acknowledged offset is the record's only copy.
 */
public final class PoisonWriter implements AutoCloseable {

  /** Above the broker's default record limit (1 MiB + 12 bytes), so the broker, not the client, decides. */
  private static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topicPrefix;

  /** {@code topicPrefix} goes before every topic name; empty for none. */
  public PoisonWriter(KafkaConnection kafka, String topicPrefix) {
    Properties props = new Properties();
    props.putAll(kafka.properties());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("max.request.size", Integer.toString(MAX_REQUEST_BYTES));
    props.put("linger.ms", "5");
    props.put("client.id", "poison-records");
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topicPrefix = topicPrefix;
  }

  /** Writes the records in order and returns them with their partitions and offsets, in the same order. */
  public List<WrittenPoison> write(List<PoisonRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (PoisonRecord r : records) {
      acks.add(producer.send(new ProducerRecord<>(topicPrefix + r.topic().name(), r.key(), r.value())));
    }
    producer.flush();
    List<WrittenPoison> written = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      PoisonRecord r = records.get(i);
      try {
        RecordMetadata meta = acks.get(i).get(2, TimeUnit.MINUTES);
        written.add(new WrittenPoison(r, meta.topic(), meta.partition(), meta.offset()));
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the broker did not take " + r + ": " + (e.getCause() != null ? e.getCause() : e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing " + r, e);
      }
    }
    return written;
  }

  @Override
  public void close() {
    producer.close();
  }
}
