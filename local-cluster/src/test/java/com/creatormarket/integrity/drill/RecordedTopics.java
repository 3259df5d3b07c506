package com.creatormarket.integrity.drill;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka records as a job read them, kept in a file so that another broker, another day, can be
 * given the very same partitions: topic (without prefix), partition, key, value, headers (the
 * producers' heartbeats are records with a header) and timestamp, in the order they were written.
 * Written back with one idempotent producer and one request in flight, each partition gets its
 * records at the same offsets as the first time; {@link #writeTo} checks that it did, since a
 * savepoint's Kafka sources resume at offsets.
 */
record RecordedTopics(List<Entry> records) {

  record Entry(String topic, int partition, byte[] key, byte[] value, Map<String, byte[]> headers, long timestamp) {

    /** A record read from Kafka, stamped with {@code timestamp} instead of its own. */
    static Entry of(String topic, ConsumerRecord<byte[], byte[]> r, long timestamp) {
      Map<String, byte[]> headers = new LinkedHashMap<>();
      for (Header h : r.headers()) {
        headers.put(h.key(), h.value());
      }
      return new Entry(topic, r.partition(), r.key(), r.value(), headers, timestamp);
    }

    static Entry of(String topic, ProducerRecord<byte[], byte[]> r) {
      Map<String, byte[]> headers = new LinkedHashMap<>();
      for (Header h : r.headers()) {
        headers.put(h.key(), h.value());
      }
      return new Entry(topic, r.partition(), r.key(), r.value(), headers, r.timestamp() == null ? -1 : r.timestamp());
    }
  }

  private static final int FORMAT = 1;

  /** Records per topic-partition, in order. */
  Map<TopicPartition, List<Entry>> byPartition() {
    Map<TopicPartition, List<Entry>> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
    for (Entry e : records) {
      out.computeIfAbsent(new TopicPartition(e.topic(), e.partition()), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * Every partition cut in two before its first record stamped at or after {@code at} (the
   * timestamps are event times here): what came before, and the rest.
   */
  List<RecordedTopics> splitAt(long at) {
    List<Entry> first = new ArrayList<>();
    List<Entry> rest = new ArrayList<>();
    byPartition().values().forEach(list -> {
      int cut = 0;
      while (cut < list.size() && list.get(cut).timestamp() < at) {
        cut++;
      }
      first.addAll(list.subList(0, cut));
      rest.addAll(list.subList(cut, list.size()));
    });
    return List.of(new RecordedTopics(first), new RecordedTopics(rest));
  }

  RecordedTopics plus(RecordedTopics other) {
    List<Entry> all = new ArrayList<>(records);
    all.addAll(other.records);
    return new RecordedTopics(all);
  }

  /**
   * Appends the records to their partitions under the prefix and returns each partition's end
   * offset (topic without the prefix); fails when a partition does not end where {@code expectedEnds}
   * (records already there, from an earlier part) plus these records put it.
   */
  Map<TopicPartition, Long> writeTo(String bootstrap, String prefix, Map<TopicPartition, Long> expectedEnds) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("linger.ms", "5");
    Map<TopicPartition, Long> ends = new HashMap<>();
    expectedEnds.forEach((tp, end) -> ends.put(new TopicPartition(prefix + tp.topic(), tp.partition()), end));
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Entry e : records) {
        List<Header> headers = new ArrayList<>();
        e.headers().forEach((k, v) -> headers.add(new RecordHeader(k, v)));
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(prefix + e.topic(), e.partition(), e.timestamp() < 0 ? null : e.timestamp(),
            e.key(), e.value(), headers);
        acks.add(producer.send(r));
        ends.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("recorded records not written to Kafka", e);
    }
    Properties admin = new Properties();
    admin.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(admin)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      ends.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var actual = a.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      ends.forEach((tp, end) -> {
        long got = actual.get(tp).offset();
        if (got != end) {
          throw new IllegalStateException(tp + " ends at offset " + got + ", not " + end + ": the records are not where they were recorded");
        }
        out.put(new TopicPartition(tp.topic().substring(prefix.length()), tp.partition()), end);
      });
      return out;
    } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not read the end offsets", e);
    }
  }

  void save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(FORMAT);
      out.writeInt(records.size());
      for (Entry e : records) {
        out.writeUTF(e.topic());
        out.writeInt(e.partition());
        writeBytes(out, e.key());
        writeBytes(out, e.value());
        out.writeInt(e.headers().size());
        for (Map.Entry<String, byte[]> h : e.headers().entrySet()) {
          out.writeUTF(h.getKey());
          writeBytes(out, h.getValue());
        }
        out.writeLong(e.timestamp());
      }
    }
  }

  static RecordedTopics load(InputStream raw) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException("recorded records in format " + format + ", this reader knows " + FORMAT);
      }
      int n = in.readInt();
      List<Entry> records = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String topic = in.readUTF();
        int partition = in.readInt();
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        int headers = in.readInt();
        Map<String, byte[]> h = new LinkedHashMap<>();
        for (int j = 0; j < headers; j++) {
          h.put(in.readUTF(), readBytes(in));
        }
        records.add(new Entry(topic, partition, key, value, h, in.readLong()));
      }
      return new RecordedTopics(records);
    } catch (EOFException e) {
      throw new IOException("recorded records cut short", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
